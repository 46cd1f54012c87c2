/**
 * The membership documents in the store: knows the store and the document shapes, nothing of
 * the rules. Writes that two people can race on use ETags (replace-if-match); the audit trail
 * is append-only (one document per change).
 */
import { randomUUID } from 'node:crypto';
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import {
  DIRECTORY_ID,
  DOCUMENT_TYPES,
  ROTATION_ID,
  importedMemberDocumentId,
  memberDocumentId,
  workingGroupDocumentId,
  type AuditEntry,
  type DirectoryDocument,
  type MemberDocument,
  type RotationDocument,
  type WorkingGroupDocument,
} from './model';

export interface AuditInput {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Fields of a stored document that say nothing about the change (kept out of before/after). */
function auditView(document: unknown): unknown {
  if (!document || typeof document !== 'object') return document ?? null;
  // noticeDue is the notice's bookkeeping (model.ts), not part of the membership.
  const { networkId: _networkId, type: _type, id: _id, noticeDue: _noticeDue, ...rest } = document as Record<string, unknown>;
  return rest;
}

export class MembershipRepository {
  constructor(private readonly store: DocumentStore) {}

  getDirectory(networkId: string): Promise<Versioned<DirectoryDocument> | undefined> {
    return this.store.get<DirectoryDocument>(networkId, DIRECTORY_ID);
  }

  getRotation(networkId: string): Promise<Versioned<RotationDocument> | undefined> {
    return this.store.get<RotationDocument>(networkId, ROTATION_ID);
  }

  getMember(networkId: string, aadObjectId: string): Promise<Versioned<MemberDocument> | undefined> {
    return this.store.get<MemberDocument>(networkId, memberDocumentId(aadObjectId));
  }

  getImportedMember(networkId: string, email: string): Promise<Versioned<MemberDocument> | undefined> {
    return this.store.get<MemberDocument>(networkId, importedMemberDocumentId(email));
  }

  /**
   * Whether any row imported by email only still waits to be claimed: one indexed query that
   * reads at most one document, so strangers cost a roster lookup only while such rows exist.
   */
  async hasUnclaimedImports(networkId: string): Promise<boolean> {
    const found = await this.store.query<MemberDocument>(networkId, {
      type: DOCUMENT_TYPES.member,
      where: [{ path: 'awaitingClaim', op: '=', value: true }],
      limit: 1,
    });
    return found.length > 0;
  }

  /**
   * Confirmed focal points and alternates of the given agencies (the co-chairs are those of the
   * co-chairing agencies; an ExCom agency's voice is one of its own): one query on the declared
   * index (agencyCode, agencyRole, status), at most `limit` rows whatever the network's size.
   */
  async confirmedRepresentatives(networkId: string, agencyCodes: readonly string[], limit: number): Promise<Versioned<MemberDocument>[]> {
    if (agencyCodes.length === 0) return [];
    return this.store.query<MemberDocument>(networkId, {
      type: DOCUMENT_TYPES.member,
      where: [
        { path: 'agencyCode', op: 'in', values: [...agencyCodes] },
        { path: 'agencyRole', op: 'in', values: ['focalPoint', 'alternate'] },
        { path: 'status', op: '=', value: 'confirmed' },
      ],
      limit,
    });
  }

  /**
   * The confirmed focal points of one agency (one, two during a hand-over): an indexed lookup
   * (STORE_INDEXES: agencyCode, agencyRole, status), so a confirmation or a change never reads
   * every member to find the seat's previous holder. At most `limit` rows whatever the data.
   */
  async confirmedFocalPoints(networkId: string, agencyCode: string, limit = 2): Promise<Versioned<MemberDocument>[]> {
    return this.store.query<MemberDocument>(networkId, {
      type: DOCUMENT_TYPES.member,
      where: [
        { path: 'agencyCode', op: '=', value: agencyCode },
        { path: 'agencyRole', op: '=', value: 'focalPoint' },
        { path: 'status', op: '=', value: 'confirmed' },
      ],
      limit,
    });
  }

  /**
   * Decisions whose member notice a crash left unqueued (`noticeDue`): the membership tick's
   * catch-up, never a turn. At most `limit` rows; the next tick takes the rest.
   */
  async noticesDue(networkId: string, limit = 50): Promise<Versioned<MemberDocument>[]> {
    return this.store.query<MemberDocument>(networkId, {
      type: DOCUMENT_TYPES.member,
      where: [{ path: 'noticeDue', op: '=', value: true }],
      limit,
    });
  }

  async members(networkId: string): Promise<Versioned<MemberDocument>[]> {
    return this.store.query<MemberDocument>(networkId, { type: DOCUMENT_TYPES.member });
  }

  async workingGroups(networkId: string): Promise<Versioned<WorkingGroupDocument>[]> {
    return this.store.query<WorkingGroupDocument>(networkId, { type: DOCUMENT_TYPES.workingGroup });
  }

  getWorkingGroup(networkId: string, groupId: string): Promise<Versioned<WorkingGroupDocument> | undefined> {
    return this.store.get<WorkingGroupDocument>(networkId, workingGroupDocumentId(groupId));
  }

  /** Creates, or replaces only if nobody wrote since `etag` was read; StoreConflictError otherwise. */
  save<T extends DirectoryDocument | RotationDocument | MemberDocument | WorkingGroupDocument>(document: T, etag: string | undefined): Promise<Versioned<T>> {
    return etag === undefined ? this.store.create(document) : this.store.replace(document, etag);
  }

  /** Creates the document unless one exists; resolves the stored one either way. */
  async createIfAbsent<T extends DirectoryDocument | RotationDocument>(document: T): Promise<Versioned<T>> {
    try {
      return await this.store.create(document);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const existing = await this.store.get<T>(document.networkId, document.id);
      if (!existing) throw error;
      return existing;
    }
  }

  async delete(networkId: string, id: string, etag: string): Promise<void> {
    await this.store.delete(networkId, id, etag);
  }

  async audit(networkId: string, entry: AuditInput, at: Date): Promise<AuditEntry> {
    const document: AuditEntry = {
      // Time first so ids sort like the trail; the suffix keeps simultaneous changes apart.
      id: `audit:${at.toISOString()}:${randomUUID().slice(0, 8)}`,
      networkId,
      type: DOCUMENT_TYPES.audit,
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      before: auditView(entry.before),
      after: auditView(entry.after),
    };
    await this.store.create(document);
    return document;
  }

  async auditTrail(networkId: string, filter: { readonly subject?: string; readonly actor?: string; readonly limit?: number }): Promise<AuditEntry[]> {
    const where = [
      ...(filter.subject ? [{ path: 'subject', op: '=' as const, value: filter.subject }] : []),
      ...(filter.actor ? [{ path: 'actor', op: '=' as const, value: filter.actor }] : []),
    ];
    const found = await this.store.query<AuditEntry>(networkId, {
      type: DOCUMENT_TYPES.audit,
      ...(where.length > 0 ? { where } : {}),
      orderBy: { path: 'at', direction: 'desc' },
      limit: filter.limit ?? 100,
    });
    return found.map((entry) => entry.document);
  }
}
