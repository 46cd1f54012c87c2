/**
 * The agency voice documents in the store: knows the store and the document shape, nothing of
 * the rules. Every read is a point read by id (a round's documents are those of its answering
 * agencies, a handful), so no query and no index is needed, and a round's cost does not grow
 * with the number of voices ever cast.
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { withConcurrencyRetry, type ConcurrencyRetryOptions } from '../store/retry';
import { AGENCY_VOICE_DOCUMENT_TYPE, agencyVoiceDocumentId, type AgencyVoiceDocument, type VoiceRound } from './model';
import type { VoiceRecord } from './voice-rules';

// Representatives of one agency (three at most, in practice) clicking at once.
const AGENCY_DOCUMENT_RETRY: ConcurrencyRetryOptions = { attempts: 30, baseDelayMs: 2, maxDelayMs: 50 };

export class AgencyVoicesRepository {
  constructor(private readonly store: DocumentStore) {}

  get<P extends string>(round: VoiceRound, agencyCode: string): Promise<Versioned<AgencyVoiceDocument<P>> | undefined> {
    return this.store.get<AgencyVoiceDocument<P>>(round.networkId, agencyVoiceDocumentId(round, agencyCode));
  }

  /** The records of the round, one per agency that has one (point reads in parallel). */
  async records<P extends string>(round: VoiceRound, agencies: readonly string[]): Promise<Map<string, VoiceRecord<P>>> {
    const found = await Promise.all(agencies.map((agency) => this.get<P>(round, agency)));
    const records = new Map<string, VoiceRecord<P>>();
    for (const [index, entry] of found.entries()) if (entry) records.set(agencies[index]!, entry.document.record);
    return records;
  }

  /**
   * Applies `change` to the agency's record and saves it: created on the first voice, replaced
   * on its ETag afterwards (re-read and re-applied on a conflict). `change` returning undefined
   * writes nothing (a request recorded already).
   */
  async change<P extends string, R>(round: VoiceRound, agencyCode: string, change: (record: VoiceRecord<P>) => { readonly record?: VoiceRecord<P>; readonly result: R }): Promise<R> {
    return withConcurrencyRetry(async () => {
      const existing = await this.get<P>(round, agencyCode);
      const { record, result } = change(existing?.document.record ?? { history: [] });
      if (record) {
        const document = this.document(round, agencyCode, record);
        await (existing ? this.store.replace(document, existing.etag) : this.store.create(document));
      }
      return result;
    }, AGENCY_DOCUMENT_RETRY);
  }

  /**
   * Creates the record of each agency from history kept elsewhere before (a decision document's
   * embedded history), unless it exists: the turns that race here create the same records from
   * the same history, and the first one's are kept.
   */
  async seed<P extends string>(round: VoiceRound, records: ReadonlyMap<string, VoiceRecord<P>>): Promise<void> {
    await Promise.all(
      [...records].map(async ([agencyCode, record]) => {
        try {
          await this.store.create(this.document(round, agencyCode, record));
        } catch (error) {
          if (!(error instanceof StoreConflictError)) throw error;
        }
      }),
    );
  }

  private document<P extends string>(round: VoiceRound, agencyCode: string, record: VoiceRecord<P>): AgencyVoiceDocument<P> {
    return {
      id: agencyVoiceDocumentId(round, agencyCode),
      networkId: round.networkId,
      type: AGENCY_VOICE_DOCUMENT_TYPE,
      kind: round.kind,
      subjectId: round.subjectId,
      round: round.round,
      agencyCode,
      record,
    };
  }
}
