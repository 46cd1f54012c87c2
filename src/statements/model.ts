/**
 * Documents of the statements slice (plain types, no SDK). A statement is one document; each
 * agency's clearance of one version is its own agency voice document (src/agency-voices/,
 * `statement-clearance:<statementId>:<version>:<agency>`): six ExCom agencies clearing at the
 * same instant never touch the same document, and a clearance of an older version can never be
 * counted for a newer one.
 */
import type { StoredDocument } from '../store/document-store';
import type { Voice, VoiceSummary } from '../agency-voices/voice-rules';
import type { ClearancePosition, DiffSummary, StatementLanguage, VoicedVersions } from './statement-rules';

export const STATEMENT_DOCUMENT_TYPES = { statement: 'statement' } as const;

export const statementDocumentId = (statementId: string) => `statement:${statementId}`;

export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface StatementText {
  readonly fr?: string;
  readonly en?: string;
}

export interface StatementVersion {
  /** 1, 2, 3… in the order drafted. */
  readonly number: number;
  readonly text: StatementText;
  readonly createdBy: Actor;
  readonly createdAt: string;
  /** What changed from the previous version (absent for version 1). */
  readonly changes?: DiffSummary;
}

export type StatementStatus = 'requested' | 'drafting' | 'clearance' | 'delivered';

export interface Clearance {
  /** The version submitted; clearances of any other version do not count. */
  readonly version: number;
  readonly submittedAt: string;
  readonly submittedBy: Actor;
  /** ISO instant by which ExCom agencies are asked to clear. */
  readonly deadline: string;
  readonly reminderOffsetsMinutes: readonly number[];
  readonly remindersSent: readonly number[];
  /** ExCom agencies when the version was submitted: the rules of one round do not move. */
  readonly excomAgencies: readonly string[];
  /** The version the round before this one cleared (what the channel last showed), if any. */
  readonly previousVersion?: number;
}

export interface Delivery {
  readonly at: string;
  readonly by: Actor;
  readonly version: number;
  /** Every ExCom agency's approval of the version delivered, as recorded. */
  readonly approvals: readonly { readonly agencyCode: string; readonly by: Actor; readonly at: string }[];
}

export interface StatementDocument extends StoredDocument {
  readonly type: typeof STATEMENT_DOCUMENT_TYPES.statement;
  readonly statementId: string;
  readonly title: string;
  /** Why the statement is requested (user text). */
  readonly purpose: string;
  readonly gcmObjectives: readonly number[];
  readonly requestedBy: Actor & { readonly agencyCode?: string };
  readonly requestedAt: string;
  /**
   * The network's IANA zone when the statement was requested: every copy of its cards (the
   * clearer's own after a click included) shows its instants in it without reading the settings.
   * Absent on statements from before it: the network's zone as the settings say (cached read).
   */
  readonly timeZone?: string;
  /**
   * The languages the request named: a version goes to clearance only with a text in each.
   * Absent (a request that named none, statements from before): the network's language only
   * (statement-rules `requiredLanguages`).
   */
  readonly languages?: readonly StatementLanguage[];
  /** The agency the co-chairs named to draft, if any. */
  readonly draftingAgency?: string;
  /**
   * Lower-cased object ids of the people who hold a 1:1 copy of this statement's card (the
   * co-chairs its request went to, the drafting agency's focal point and alternates): every
   * refresh brings their copies to the statement's state, each in its reader's own view (the
   * count, Deliver for a co-chair), reading only these few people — never every member.
   * Absent on statements from before it: their 1:1 copies follow submit and delivery only.
   */
  readonly personalCopies?: readonly string[];
  readonly status: StatementStatus;
  readonly versions: readonly StatementVersion[];
  readonly clearance?: Clearance;
  /**
   * Each agency's current voice on the version in clearance (`round`), and a revision every
   * clearance moves, written in the clearance's turn after its agency's document: what a
   * clearance turn answers its card from without reading every agency's document, and what makes
   * the statement's ETag change with every clearance — a delivery checked against clearances that
   * changed meanwhile fails its conditional write and re-checks. The agencies' documents stay the
   * record (delivery checks them); the background card refresh writes this back from them, so it
   * heals after a crash. A summary of another version than the one in clearance counts for nothing.
   */
  readonly agencyVoices?: VoiceSummary<ClearancePosition>;
  /** Statements from before the agency-voices slice: the same summary under its former names (read, never written). */
  readonly clearanceRevision?: number;
  readonly clearanceVoices?: { readonly version: number; readonly voices: readonly Voice<ClearancePosition>[] };
  /**
   * Set (first instant kept) in the clearance's own write: copies of the cards are behind the
   * document until the background refresh writes them and clears this with a write conditional
   * on the version it rendered. Makes the statement due for the scheduler after a grace, so a
   * crash before the refresh is caught up.
   */
  readonly cardsStaleSince?: string;
  /**
   * The versions each ExCom agency gave a voice on (the latest and the one before), written in
   * the clearance's own write: what a representative is shown the changes from — the version
   * their agency last cleared — without reading any other round's documents.
   */
  readonly voicedVersions?: Readonly<Record<string, VoicedVersions>>;
  readonly delivered?: Delivery;
  /** Next instant the scheduler must look at this statement (a reminder, stale cards); absent when none. */
  readonly dueAt?: string;
}

