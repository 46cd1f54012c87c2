/**
 * The agency voice documents in the store: knows the store and the document shape, nothing of
 * the rules. Every read is a point read by id (a round's documents are those of its answering
 * agencies, a handful), so no query and no index is needed, and a round's cost does not grow
 * with the number of voices ever cast.
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError, StoreNotFoundError } from '../store/errors';
import { withConcurrencyRetry, type ConcurrencyRetryOptions } from '../store/retry';
import {
  AGENCY_VOICE_DOCUMENT_TYPE,
  AGENCY_VOICE_PAGE_DOCUMENT_TYPE,
  agencyVoiceDocumentId,
  agencyVoicePageDocumentId,
  type AgencyVoiceDocument,
  type AgencyVoicePageDocument,
  type VoiceRound,
} from './model';
import { holdsEvery, voicesToArchive, withoutArchived, type Voice, type VoiceRecord } from './voice-rules';

// Representatives of one agency (three at most, in practice) clicking at once.
const AGENCY_DOCUMENT_RETRY: ConcurrencyRetryOptions = { attempts: 30, baseDelayMs: 2, maxDelayMs: 50 };

// Records kept after a write (one per agency answering on a subject lately); past it, the one kept longest is forgotten.
const RECORDS_KEPT = 256;

export class AgencyVoicesRepository {
  /** The version of each record this process wrote last (see `change`); never handed out, so never changed by a reader. */
  private readonly recent = new Map<string, Versioned<AgencyVoiceDocument>>();

  constructor(private readonly store: DocumentStore) {}

  get<P extends string>(round: VoiceRound, agencyCode: string): Promise<Versioned<AgencyVoiceDocument<P>> | undefined> {
    return this.store.get<AgencyVoiceDocument<P>>(round.networkId, agencyVoiceDocumentId(round, agencyCode));
  }

  /**
   * The records of the round, one per agency that has one (point reads in parallel): each
   * agency's latest voices, the one that counts always among them — what tallies and summaries
   * need. `histories` adds the voices archived.
   */
  async records<P extends string>(round: VoiceRound, agencies: readonly string[]): Promise<Map<string, VoiceRecord<P>>> {
    const found = await Promise.all(agencies.map((agency) => this.get<P>(round, agency)));
    const records = new Map<string, VoiceRecord<P>>();
    for (const [index, entry] of found.entries()) if (entry) records.set(agencies[index]!, entry.document.record);
    return records;
  }

  /**
   * Every voice of the round, by agency, in the order received: each agency's document and the
   * archive pages it counts (point reads; a reader asking for the history, never a voice).
   */
  async histories<P extends string>(round: VoiceRound, agencies: readonly string[]): Promise<Map<string, VoiceRecord<P>>> {
    const found = await Promise.all(
      agencies.map(async (agency) => {
        const head = await this.get<P>(round, agency);
        if (!head) return undefined;
        const pages = await Promise.all(
          Array.from({ length: head.document.archivedPages ?? 0 }, (_, page) => this.store.get<AgencyVoicePageDocument<P>>(round.networkId, agencyVoicePageDocumentId(round, agency, page))),
        );
        const archived = pages.flatMap((page) => page?.document.voices ?? []);
        return { history: [...archived, ...head.document.record.history] };
      }),
    );
    const histories = new Map<string, VoiceRecord<P>>();
    for (const [index, history] of found.entries()) if (history) histories.set(agencies[index]!, history);
    return histories;
  }

  /**
   * Moves the older voices of each agency's document grown past RECORD_VOICES_LIMIT to a new
   * archive page (voice-rules.ts, voicesToArchive): run by the background card refresh, so no
   * voice's turn pays for it, and a voice's write stays the size of a few voices. Returns how
   * many voices moved.
   *
   * A page is created once and never changed; the agency's document counts it only in the write
   * that takes its voices out, conditional on the version they were taken from. A page left by a
   * run that stopped before that write (a crash, a conflict) is found by the next run: it counts
   * it if the document still holds every voice of it, else leaves it to the run that wrote it. A
   * conflict leaves the rest to the next refresh.
   */
  async archive(round: VoiceRound, agencies: readonly string[]): Promise<number> {
    const moved = await Promise.all(
      agencies.map(async (agencyCode) => {
        const head = await this.get(round, agencyCode);
        const toMove = head && voicesToArchive(head.document.record);
        if (!head || !toMove) return 0;
        const page = head.document.archivedPages ?? 0;
        const archived = await this.createPage(round, agencyCode, page, toMove);
        if (!archived || !holdsEvery(head.document.record, archived)) return 0;
        const document: AgencyVoiceDocument = { ...head.document, record: withoutArchived(head.document.record, archived), archivedPages: page + 1 };
        try {
          const saved = await this.store.replace(document, head.etag);
          const key = `${round.networkId}\u0000${agencyVoiceDocumentId(round, agencyCode)}`;
          if (this.recent.has(key)) this.keep(key, { document, etag: saved.etag });
          return archived.length;
        } catch (error) {
          if (error instanceof StoreConflictError || error instanceof StoreNotFoundError) return 0;
          throw error;
        }
      }),
    );
    return moved.reduce((total, count) => total + count, 0);
  }

  /** Page `page` with `voices`, or the voices of the page already there (a run that stopped early); undefined when it is gone. */
  private async createPage<P extends string>(round: VoiceRound, agencyCode: string, page: number, voices: readonly Voice<P>[]): Promise<readonly Voice<P>[] | undefined> {
    const document: AgencyVoicePageDocument<P> = {
      id: agencyVoicePageDocumentId(round, agencyCode, page),
      networkId: round.networkId,
      type: AGENCY_VOICE_PAGE_DOCUMENT_TYPE,
      kind: round.kind,
      subjectId: round.subjectId,
      round: round.round,
      agencyCode,
      page,
      voices,
    };
    try {
      await this.store.create(document);
      return voices;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      return (await this.store.get<AgencyVoicePageDocument<P>>(round.networkId, document.id))?.document.voices;
    }
  }

  /**
   * Applies `change` to the agency's record and saves it: created on the first voice, replaced
   * on its ETag afterwards (re-read and re-applied on a conflict). `change` returning undefined
   * writes nothing (a request recorded already).
   *
   * The first try starts from the version this process wrote or read last, when it keeps one,
   * instead of reading the record again: the write is conditional on that version's ETag, so a
   * version another instance has replaced since costs one refused write and a retry that reads
   * the store. That read was the position's largest when a record held the agency's whole
   * history of the round (issue 13; older voices are archived now, see `archive`). "Nothing to write" is only taken from the store: a kept copy
   * may still hold a voice another instance has taken back since.
   */
  async change<P extends string, R>(round: VoiceRound, agencyCode: string, change: (record: VoiceRecord<P>) => { readonly record?: VoiceRecord<P>; readonly result: R }): Promise<R> {
    const key = `${round.networkId}\u0000${agencyVoiceDocumentId(round, agencyCode)}`;
    return withConcurrencyRetry(async (attempt) => {
      const kept = attempt === 1 ? (this.recent.get(key) as Versioned<AgencyVoiceDocument<P>> | undefined) : undefined;
      let existing = kept ?? (await this.get<P>(round, agencyCode));
      let changed = change(existing?.document.record ?? { history: [] });
      if (!changed.record && kept) {
        existing = await this.get<P>(round, agencyCode);
        changed = change(existing?.document.record ?? { history: [] });
      }
      if (!changed.record) return changed.result;
      const document = this.document(round, agencyCode, changed.record, existing?.document.archivedPages);
      try {
        const saved = await (existing ? this.store.replace(document, existing.etag) : this.store.create(document));
        this.keep(key, { document, etag: saved.etag });
      } catch (error) {
        this.recent.delete(key);
        // Gone since it was kept (a purge): read again, as a conflict is.
        if (kept && error instanceof StoreNotFoundError) throw new StoreConflictError('etag_mismatch', error.message, { cause: error });
        throw error;
      }
      return changed.result;
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

  private keep(key: string, version: Versioned<AgencyVoiceDocument>): void {
    this.recent.delete(key);
    this.recent.set(key, version);
    // Maps iterate in insertion order: the first key is the one kept longest.
    if (this.recent.size > RECORDS_KEPT) this.recent.delete(this.recent.keys().next().value as string);
  }

  private document<P extends string>(round: VoiceRound, agencyCode: string, record: VoiceRecord<P>, archivedPages?: number): AgencyVoiceDocument<P> {
    return {
      id: agencyVoiceDocumentId(round, agencyCode),
      networkId: round.networkId,
      type: AGENCY_VOICE_DOCUMENT_TYPE,
      kind: round.kind,
      subjectId: round.subjectId,
      round: round.round,
      agencyCode,
      record,
      ...(archivedPages ? { archivedPages } : {}),
    };
  }
}
