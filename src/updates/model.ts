/**
 * Documents and plain types of the updates slice (no SDK, no store): a migration update, the
 * record of a digest period, the GCM objectives and the kinds. Ids and types are named once here.
 */
import type { StoredDocument } from '../store/document-store';

export const UPDATE_DOCUMENT_TYPES = {
  update: 'migrationUpdate',
  digest: 'updateDigest',
} as const;

export const updateDocumentId = (updateId: string) => `update:${updateId}`;
/** One digest record per period start: two instances ticking at once post it once. */
export const digestDocumentId = (periodStart: string) => `update-digest:${periodStart}`;

export const UPDATE_KINDS = ['news', 'data', 'study', 'document', 'event', 'alert'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** The Global Compact for Safe, Orderly and Regular Migration has 23 objectives, numbered 1–23. */
export const GCM_OBJECTIVE_COUNT = 23;
export const GCM_OBJECTIVES: readonly number[] = Array.from({ length: GCM_OBJECTIVE_COUNT }, (_, index) => index + 1);

export type UpdateOrigin = 'chat' | 'messageAction' | 'tab';

/** What a member writes when sharing (after validation). */
export interface UpdateInput {
  readonly title: string;
  readonly summary: string;
  /** Absolute http(s) URL, or absent. */
  readonly link?: string;
  readonly kind: UpdateKind;
  /** The agency the update comes from (directory code). */
  readonly agencyCode: string;
  /** GCM objectives, 1–23, sorted, without duplicates; may be empty. */
  readonly objectives: readonly number[];
}

export interface UpdateDocument extends StoredDocument, UpdateInput {
  readonly type: typeof UPDATE_DOCUMENT_TYPES.update;
  readonly updateId: string;
  readonly sharedBy: { readonly aadObjectId: string; readonly name: string };
  /** ISO instant; updates are listed and reported by it. */
  readonly sharedAt: string;
  readonly origin: UpdateOrigin;
  /** Normalised words of title, summary, agency and kind (see search-rules.ts), for search. */
  readonly terms: readonly string[];
}

/** A digest period handled: posted, or skipped because nothing happened. */
export interface DigestDocument extends StoredDocument {
  readonly type: typeof UPDATE_DOCUMENT_TYPES.digest;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly status: 'posted' | 'empty';
  readonly channels: number;
  readonly updates: number;
  readonly at: string;
}

/** A half-open period [from, to) of ISO instants. */
export interface Period {
  readonly from: string;
  readonly to: string;
}
