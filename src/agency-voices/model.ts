/**
 * Documents of the agency-voices slice (plain types, no SDK): one document per (subject kind,
 * subject id, round, agency) holding that agency's voice history for the round. Six agencies
 * answering at the same instant never write the same document; two representatives of one
 * agency are serialised by its ETag; a voice on another round can never count for this one.
 */
import type { StoredDocument } from '../store/document-store';
import type { VoiceRecord } from './voice-rules';

export const AGENCY_VOICE_DOCUMENT_TYPE = 'agencyVoice';

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
  /** Every voice this agency's representatives cast on the round, in the order received. */
  readonly record: VoiceRecord<P>;
}
