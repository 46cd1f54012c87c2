/**
 * The statements documents in the store: knows the store and the document shapes, nothing of
 * the rules. The statement document is changed with ETags and retried; each agency's clearance
 * of a version is its own document, so simultaneous clearances by different agencies never
 * conflict, and two representatives of one agency clicking at once are serialised by its ETag.
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreNotFoundError } from '../store/errors';
import { updateDocument, withConcurrencyRetry } from '../store/retry';
import type { VoiceRecord } from '../decisions/agency-voices';
import { STATEMENT_DOCUMENT_TYPES, clearanceDocumentId, statementDocumentId, type ClearanceDocument, type StatementDocument } from './model';
import type { ClearancePosition } from './statement-rules';

// Several representatives of one agency may click at once; each backs off with jitter.
const HOT_DOCUMENT_RETRY = { attempts: 30, baseDelayMs: 2, maxDelayMs: 100 } as const;

export class StatementsRepository {
  constructor(private readonly store: DocumentStore) {}

  get(networkId: string, statementId: string): Promise<Versioned<StatementDocument> | undefined> {
    return this.store.get<StatementDocument>(networkId, statementDocumentId(statementId));
  }

  create(statement: StatementDocument): Promise<Versioned<StatementDocument>> {
    return this.store.create(statement);
  }

  update(networkId: string, statementId: string, mutate: (statement: StatementDocument) => StatementDocument): Promise<Versioned<StatementDocument>> {
    return updateDocument<StatementDocument>(this.store, networkId, statementDocumentId(statementId), mutate, HOT_DOCUMENT_RETRY);
  }

  /**
   * Like `update`, starting from a version the caller already read: the first try writes on
   * that version's ETag without reading the statement again; a conflict re-reads and re-applies.
   */
  updateFrom(read: Versioned<StatementDocument>, mutate: (statement: StatementDocument) => StatementDocument): Promise<Versioned<StatementDocument>> {
    const { networkId, statementId } = read.document;
    return withConcurrencyRetry(async (attempt) => {
      const current = attempt === 1 ? read : await this.get(networkId, statementId);
      if (!current) throw new StoreNotFoundError(`No statement "${statementId}" in network "${networkId}".`);
      return this.store.replace(mutate(current.document), current.etag);
    }, HOT_DOCUMENT_RETRY);
  }

  /** Writes `statement` only if it is still the version `etag` names (StoreConflictError otherwise). */
  replace(statement: StatementDocument, etag: string): Promise<Versioned<StatementDocument>> {
    return this.store.replace(statement, etag);
  }

  /**
   * Like `update`, for a change whose checks read other documents too (the clearances): `decide`
   * runs again on every try, re-reading what it needs, and the write lands only if the statement
   * was not written since it was read.
   */
  guardedUpdate(networkId: string, statementId: string, decide: (statement: StatementDocument) => Promise<StatementDocument>): Promise<Versioned<StatementDocument>> {
    return withConcurrencyRetry(async () => {
      const current = await this.get(networkId, statementId);
      if (!current) throw new StoreNotFoundError(`No statement "${statementId}" in network "${networkId}".`);
      return this.store.replace(await decide(current.document), current.etag);
    }, HOT_DOCUMENT_RETRY);
  }

  async list(networkId: string): Promise<StatementDocument[]> {
    const found = await this.store.query<StatementDocument>(networkId, { type: STATEMENT_DOCUMENT_TYPES.statement, orderBy: { path: 'requestedAt', direction: 'desc' } });
    return found.map((entry) => entry.document);
  }

  async due(networkId: string, now: Date): Promise<StatementDocument[]> {
    const found = await this.store.query<StatementDocument>(networkId, { type: STATEMENT_DOCUMENT_TYPES.statement, where: [{ path: 'dueAt', op: '<=', value: now.toISOString() }] });
    return found.map((entry) => entry.document);
  }

  /** The clearance records of one version, one per agency that spoke. */
  async clearances(networkId: string, statementId: string, version: number): Promise<ClearanceDocument[]> {
    const found = await this.store.query<ClearanceDocument>(networkId, {
      type: STATEMENT_DOCUMENT_TYPES.clearance,
      where: [
        { path: 'statementId', op: '=', value: statementId },
        { path: 'version', op: '=', value: version },
      ],
    });
    return found.map((entry) => entry.document);
  }

  /**
   * Applies `cast` to the agency's record for this version and saves it: created on the first
   * voice, replaced with its ETag afterwards (re-read and re-applied on a conflict).
   */
  async saveClearance(
    networkId: string,
    key: { statementId: string; version: number; agencyCode: string },
    cast: (record: VoiceRecord<ClearancePosition>) => VoiceRecord<ClearancePosition>,
  ): Promise<ClearanceDocument> {
    const id = clearanceDocumentId(key.statementId, key.version, key.agencyCode);
    return withConcurrencyRetry(async () => {
      const existing = await this.store.get<ClearanceDocument>(networkId, id);
      const record = cast(existing?.document.record ?? { history: [] });
      const document: ClearanceDocument = { id, networkId, type: STATEMENT_DOCUMENT_TYPES.clearance, ...key, record };
      return (existing ? await this.store.replace(document, existing.etag) : await this.store.create(document)).document;
    }, HOT_DOCUMENT_RETRY);
  }
}
