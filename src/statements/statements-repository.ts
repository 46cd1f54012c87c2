/**
 * The statement documents in the store: knows the store and the document shape, nothing of the
 * rules. The statement is changed with ETags and retried; each agency's clearance of a version
 * is its own document, kept by the agency-voices slice (src/agency-voices/).
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreNotFoundError } from '../store/errors';
import { updateDocument, withConcurrencyRetry } from '../store/retry';
import { STATEMENT_DOCUMENT_TYPES, statementDocumentId, type StatementDocument } from './model';
import { textByLanguage } from './statement-rules';

/**
 * A statement as the rest of the slice reads it: every version's text per language. A version
 * stored as one string (before texts were kept per language) reads as the network's language;
 * the next write stores it in that shape.
 */
export function readable(statement: StatementDocument): StatementDocument {
  if (statement.versions.every((version) => typeof version.text === 'object' && version.text !== null)) return statement;
  return { ...statement, versions: statement.versions.map((version) => ({ ...version, text: textByLanguage(version.text) })) };
}

const readableEntry = <T extends { document: StatementDocument }>(entry: T): T => ({ ...entry, document: readable(entry.document) });

// Every ExCom representative may clear at once; each backs off with jitter.
const HOT_DOCUMENT_RETRY = { attempts: 30, baseDelayMs: 2, maxDelayMs: 100 } as const;

export class StatementsRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(networkId: string, statementId: string): Promise<Versioned<StatementDocument> | undefined> {
    const found = await this.store.get<StatementDocument>(networkId, statementDocumentId(statementId));
    return found && readableEntry(found);
  }

  create(statement: StatementDocument): Promise<Versioned<StatementDocument>> {
    return this.store.create(statement);
  }

  update(networkId: string, statementId: string, mutate: (statement: StatementDocument) => StatementDocument): Promise<Versioned<StatementDocument>> {
    return updateDocument<StatementDocument>(this.store, networkId, statementDocumentId(statementId), (current) => mutate(readable(current)), HOT_DOCUMENT_RETRY);
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
    return found.map((entry) => readable(entry.document));
  }

  async due(networkId: string, now: Date): Promise<StatementDocument[]> {
    const found = await this.store.query<StatementDocument>(networkId, { type: STATEMENT_DOCUMENT_TYPES.statement, where: [{ path: 'dueAt', op: '<=', value: now.toISOString() }] });
    return found.map((entry) => readable(entry.document));
  }
}
