/**
 * Casting an agency's voice on a subject (an ExCom decision, a statement's clearance round) at
 * a cost that does not grow with the subject's history, and reading a round back. Used by the
 * decisions and statements services, which say what the subject is, who may speak, and what
 * else changes on the subject with a voice (an early close, the stale-cards mark).
 *
 * A voice is two conditional writes in one turn:
 * 1. the agency's record (`AgencyVoicesRepository.change`): read and written on its ETag; a
 *    request recorded already (same request id and person: Teams redelivers an invoke it saw no
 *    answer to) writes nothing;
 * 2. the subject, on the ETag the caller read (re-read only on a conflict): its summary gets the
 *    agency's current voice and a new revision, and the caller's `apply` its own changes — the
 *    voices of turns reaching the same subject at once in one write (store/coalescing-writer.ts). When
 *    `apply` refuses (the subject closed or was delivered since it was read), the voice is taken
 *    back from the record: a voice never counts on a subject that refused it.
 * The records stay the truth: `heal` rebuilds the summary from them (the background card refresh
 * does, so a crash between the two writes is caught up).
 */
import type { Logger } from '../logger';
import type { DocumentStore, StoredDocument, Versioned } from '../store/document-store';
import { StoreNotFoundError } from '../store/errors';
import { CoalescingWriter } from '../store/coalescing-writer';
import { AgencyVoicesRepository } from './agency-voices-repository';
import type { VoiceRound } from './model';
import {
  castVoice,
  recordedVoice,
  summaryOfRecords,
  summaryWithVoice,
  withoutVoice,
  type CastRefusal,
  type Voice,
  type VoiceAuthor,
  type VoiceRecord,
  type VoiceSummary,
} from './voice-rules';

/** How a subject keeps its summary and is read and written: given by the subject's service. */
export interface VoiceSubject<S extends StoredDocument, P extends string> {
  /** The subject's summary (one made from history kept before the slice, for older documents). */
  summaryOf(subject: S): VoiceSummary<P> | undefined;
  /** The subject with `summary` (and without any history it embedded before). */
  withSummary(subject: S, summary: VoiceSummary<P>): S;
  /** Re-reads the subject after a conflict. */
  read(): Promise<Versioned<S> | undefined>;
  replace(subject: S, etag: string): Promise<Versioned<S>>;
}

export interface VoiceCast<S extends StoredDocument, P extends string> {
  readonly round: VoiceRound;
  /** The subject as the turn read it (rights and phase were checked on it). */
  readonly read: Versioned<S>;
  readonly subject: VoiceSubject<S, P>;
  readonly answeringAgencies: readonly string[];
  readonly commentRequiredFor: ReadonlySet<P>;
  readonly agencyCode: string;
  readonly position: P;
  readonly comment?: string;
  readonly castBy: VoiceAuthor;
  readonly castAt: string;
  readonly requestId?: string;
  /**
   * History the subject kept before the slice, by agency: the agencies' records are made from it
   * before the first voice is added, so it keeps counting (decisions from before issue 13).
   */
  readonly legacy?: ReadonlyMap<string, VoiceRecord<P>>;
  /**
   * Checks on the version read, for a request not recorded yet; throws to refuse it before
   * anything is written (a redelivered request is answered as it stands, even on a closed subject).
   */
  before?(subject: S): void;
  /** What else the voice changes on the subject, on every try; throws to refuse it (the voice is taken back). */
  apply(subject: S, summary: VoiceSummary<P>): S;
  /** The error a refusal of the rules is reported with (the subject's own error type). */
  refused(refusal: CastRefusal): Error;
}

export type VoiceCastResult<S, P extends string> =
  | { readonly duplicate: false; readonly subject: S; readonly summary: VoiceSummary<P>; readonly voice: Voice<P> }
  /** The request was recorded already: nothing written; `subject` is the version the turn read. */
  | { readonly duplicate: true; readonly subject: S; readonly summary: VoiceSummary<P> | undefined; readonly voice: Voice<P> };

export class AgencyVoices {
  private readonly repository: AgencyVoicesRepository;
  // Every representative of every answering agency may write the subject's summary at the same
  // instant (18 at a meeting): this process writes a subject one batch at a time.
  private readonly subjectWrites = new CoalescingWriter();

  constructor(
    store: DocumentStore,
    private readonly logger: Logger,
  ) {
    this.repository = new AgencyVoicesRepository(store);
  }

  async cast<S extends StoredDocument, P extends string>(cast: VoiceCast<S, P>): Promise<VoiceCastResult<S, P>> {
    if (cast.legacy && cast.legacy.size > 0) {
      const already = recordedVoice(cast.legacy.get(cast.agencyCode) ?? { history: [] }, cast.requestId, cast.castBy.aadObjectId);
      if (already) return { duplicate: true, subject: cast.read.document, summary: cast.subject.summaryOf(cast.read.document), voice: already };
      cast.before?.(cast.read.document);
      await this.repository.seed(cast.round, cast.legacy);
    }
    const recorded = await this.repository.change<P, { voice: Voice<P>; duplicate: boolean }>(cast.round, cast.agencyCode, (record) => {
      const already = recordedVoice(record, cast.requestId, cast.castBy.aadObjectId);
      if (already) return { result: { voice: already, duplicate: true } };
      cast.before?.(cast.read.document);
      const result = castVoice(
        record,
        {
          agencyCode: cast.agencyCode,
          position: cast.position,
          ...(cast.comment !== undefined ? { comment: cast.comment } : {}),
          castBy: cast.castBy,
          castAt: cast.castAt,
          eligible: true,
          ...(cast.requestId ? { requestId: cast.requestId } : {}),
        },
        { answeringAgencies: new Set(cast.answeringAgencies), commentRequiredFor: cast.commentRequiredFor },
      );
      if (!result.accepted) throw cast.refused(result.refusal);
      return { record: result.record, result: { voice: result.voice, duplicate: false } };
    });
    const { voice } = recorded;
    if (recorded.duplicate) return { duplicate: true, subject: cast.read.document, summary: cast.subject.summaryOf(cast.read.document), voice };
    try {
      const { saved, result: summary } = await this.subjectWrites.write<S, VoiceSummary<P>>({
        key: `${cast.round.networkId}\u0000${cast.read.document.id}`,
        read: cast.read,
        reread: async () => {
          const current = await cast.subject.read();
          if (!current) throw new StoreNotFoundError(`No ${cast.round.kind} "${cast.round.subjectId}" in network "${cast.round.networkId}".`);
          return current;
        },
        replace: (subject, etag) => cast.subject.replace(subject, etag),
        change: (current) => {
          const summary = summaryWithVoice(cast.subject.summaryOf(current), cast.round.round, voice, cast.answeringAgencies);
          return { document: cast.apply(cast.subject.withSummary(current, summary), summary), result: summary };
        },
      });
      // The subject as written: with the voices of the other turns written in the same batch.
      return { duplicate: false, subject: saved.document, summary: cast.subject.summaryOf(saved.document) ?? summary, voice };
    } catch (error) {
      // Refused (or failed) after the record was written: the voice does not stay on record. The
      // refusal is what the caller hears, even if taking the voice back fails too.
      await this.repository
        .change<P, void>(cast.round, cast.agencyCode, (record) => ({ record: withoutVoice(record, voice.sequence), result: undefined }))
        .catch(() => undefined);
      throw error;
    }
  }

  /** The records of a round, by agency (point reads, one per answering agency): each agency's latest voices, the one that counts among them. */
  records<P extends string>(round: VoiceRound, answeringAgencies: readonly string[]): Promise<Map<string, VoiceRecord<P>>> {
    return this.repository.records<P>(round, answeringAgencies);
  }

  /** Every voice of a round, by agency, archived ones included: what a reader of the history reads. */
  histories<P extends string>(round: VoiceRound, answeringAgencies: readonly string[]): Promise<Map<string, VoiceRecord<P>>> {
    return this.repository.histories<P>(round, answeringAgencies);
  }

  /**
   * Moves the older voices of the round's long records to archive pages (the background card
   * refresh runs it once the cards are synced, voice-card-sync.ts), so a voice writes a record of
   * a few voices whatever the round's history. A failure is logged, not raised: the records stay
   * right, only larger until the next refresh archives them.
   */
  async archive(round: VoiceRound, answeringAgencies: readonly string[]): Promise<void> {
    try {
      await this.repository.archive(round, answeringAgencies);
    } catch (error) {
      this.logger.warn({ err: error, kind: round.kind, subjectId: round.subjectId }, 'older voices could not be archived');
    }
  }

  /**
   * The summary the records give (the truth), keeping the subject's revision: what the
   * background refresh writes back, so a voice whose subject write was lost (a crash between the
   * two writes) is counted on the subject again.
   */
  async heal<P extends string>(round: VoiceRound, answeringAgencies: readonly string[], current: VoiceSummary<P> | undefined): Promise<VoiceSummary<P>> {
    const records = await this.records<P>(round, answeringAgencies);
    return summaryOfRecords(round.round, [...records.values()], answeringAgencies, current?.revision ?? 0);
  }
}
