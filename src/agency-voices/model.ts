/**
 * Documents of the agency-voices slice (plain types, no SDK): one document per (subject kind,
 * subject id, round, agency) holding that agency's latest voices on the round, and its archive
 * pages holding the older ones. Six agencies
 * answering at the same instant never write the same document; two representatives of one
 * agency are serialised by its ETag; a voice on another round can never count for this one.
 */
import type { StoredDocument } from '../store/document-store';
import type { Voice, VoiceRecord } from './voice-rules';

export const AGENCY_VOICE_DOCUMENT_TYPE = 'agencyVoice';
export const AGENCY_VOICE_PAGE_DOCUMENT_TYPE = 'agencyVoicePage';

/** What agencies speak on: an ExCom decision (one round), a joint statement (one round per version submitted). */
export type VoiceSubjectKind = 'decision' | 'statement';

/** One round of voices on one subject. */
export interface VoiceRound {
  readonly networkId: string;
  readonly kind: VoiceSubjectKind;
  readonly subjectId: string;
  /** A statement's version in clearance; 1 for a decision. */
  readonly round: number;
}

// Statement clearances had their own documents before this slice: the same ids keep a round in
// clearance at the upgrade with the clearances it had.
const ID_PREFIX: Readonly<Record<VoiceSubjectKind, string>> = { decision: 'decision-position', statement: 'statement-clearance' };

export const agencyVoiceDocumentId = (round: Omit<VoiceRound, 'networkId'>, agencyCode: string) => `${ID_PREFIX[round.kind]}:${round.subjectId}:${round.round}:${agencyCode}`;

export interface AgencyVoiceDocument<P extends string = string> extends StoredDocument {
  readonly type: typeof AGENCY_VOICE_DOCUMENT_TYPE;
  readonly kind: VoiceSubjectKind;
  readonly subjectId: string;
  readonly round: number;
  readonly agencyCode: string;
  /**
   * The voices this agency's representatives cast on the round, in the order received: the
   * latest ones once older ones were moved to archive pages (voice-rules.ts, voicesToArchive).
   */
  readonly record: VoiceRecord<P>;
  /** How many archive pages hold its older voices: pages 0 … archivedPages − 1 (none when absent). */
  readonly archivedPages?: number;
}

export const agencyVoicePageDocumentId = (round: Omit<VoiceRound, 'networkId'>, agencyCode: string, page: number) => `${agencyVoiceDocumentId(round, agencyCode)}:page:${page}`;

/**
 * Older voices of one agency's record, moved out of it once (never changed after): the agency's
 * document counts its pages, and only the pages it counts are read.
 */
export interface AgencyVoicePageDocument<P extends string = string> extends StoredDocument {
  readonly type: typeof AGENCY_VOICE_PAGE_DOCUMENT_TYPE;
  readonly kind: VoiceSubjectKind;
  readonly subjectId: string;
  readonly round: number;
  readonly agencyCode: string;
  readonly page: number;
  /** In the order received. */
  readonly voices: readonly Voice<P>[];
}
