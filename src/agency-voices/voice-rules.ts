/**
 * One voice per agency (DESIGN.md §2): any eligible representative of an agency casts the
 * agency's position, a later position from the same agency replaces the earlier one, and the
 * full history is kept. Generic over the kind of position, so decisions (agree / object …) and
 * statement clearances (approve / request changes) share the same machinery.
 *
 * The history of one round lives in one record per agency (agency-voices-repository.ts), its
 * older voices moved to archive pages (voicesToArchive) so the record stays a few voices long; the
 * subject (a decision, a statement) keeps a bounded summary: each agency's current voice.
 *
 * Pure: plain data in, plain data out; who is eligible is decided by the permissions module
 * and passed in, never looked up here.
 */

/** The capacity in which a representative speaks for their agency. */
export type RepresentativeRole = 'focalPoint' | 'alternate';

/** Who cast a voice, as they were when they cast it. */
export interface VoiceAuthor {
  readonly aadObjectId: string;
  readonly name: string;
  /** Focal point or alternate at the time (absent on voices recorded before it was kept). */
  readonly agencyRole?: RepresentativeRole;
}

export interface Voice<P extends string> {
  readonly agencyCode: string;
  readonly position: P;
  /** Reservation, reason for an objection, or requested change — shown as typed. */
  readonly comment?: string;
  readonly castBy: VoiceAuthor;
  /** ISO 8601 instant the position was received. */
  readonly castAt: string;
  /** Monotonic per record: breaks ties between voices received in the same millisecond. */
  readonly sequence: number;
  /** The request that carried it (Teams' activity id): the same request delivered twice counts once. */
  readonly requestId?: string;
}

export interface VoiceRecord<P extends string> {
  /**
   * The voices cast, in the order received: every one of them, or, in an agency's document, the
   * latest ones (see voicesToArchive; the agency's archive pages hold the others).
   */
  readonly history: readonly Voice<P>[];
}

export type CastRefusal =
  | { readonly code: 'notEligible' }
  | { readonly code: 'notAnAnsweringAgency'; readonly agencyCode: string }
  | { readonly code: 'commentRequired'; readonly position: string }
  | { readonly code: 'commentTooLong'; readonly maxLength: number };

export type CastResult<P extends string> =
  /** `duplicate`: this request was recorded already; `record` is unchanged and `voice` is the one recorded. */
  | { readonly accepted: true; readonly record: VoiceRecord<P>; readonly voice: Voice<P>; readonly duplicate?: true }
  | { readonly accepted: false; readonly refusal: CastRefusal };

// Long enough for a reasoned objection, short enough to keep every card under Teams' 28 KB.
export const MAX_COMMENT_LENGTH = 2000;

export interface CastRules<P extends string> {
  /** The agencies whose voice counts (ExCom for decisions and clearances). */
  readonly answeringAgencies: ReadonlySet<string>;
  /** Positions that need a comment (an objection needs a reason, a reservation its text). */
  readonly commentRequiredFor: ReadonlySet<P>;
}

export interface CastInput<P extends string> {
  readonly agencyCode: string;
  readonly position: P;
  readonly comment?: string;
  readonly castBy: VoiceAuthor;
  readonly castAt: string;
  /** From the permissions module: may this person speak for this agency here? */
  readonly eligible: boolean;
  /** Id of the request (Teams' activity id), when known: a redelivery is recognised by it. */
  readonly requestId?: string;
}

export function castVoice<P extends string>(record: VoiceRecord<P>, input: CastInput<P>, rules: CastRules<P>): CastResult<P> {
  if (!input.eligible) return { accepted: false, refusal: { code: 'notEligible' } };
  if (!rules.answeringAgencies.has(input.agencyCode)) {
    return { accepted: false, refusal: { code: 'notAnAnsweringAgency', agencyCode: input.agencyCode } };
  }
  const comment = input.comment?.trim() ?? '';
  if (rules.commentRequiredFor.has(input.position) && comment === '') {
    return { accepted: false, refusal: { code: 'commentRequired', position: input.position } };
  }
  if (comment.length > MAX_COMMENT_LENGTH) return { accepted: false, refusal: { code: 'commentTooLong', maxLength: MAX_COMMENT_LENGTH } };
  // The same request delivered twice (Teams retries an invoke) is recorded once. Keyed on the
  // person too, so nobody can cancel someone else's voice by replaying their request id.
  const recorded = recordedVoice(record, input.requestId, input.castBy.aadObjectId);
  if (recorded) return { accepted: true, record, voice: recorded, duplicate: true };
  const last = record.history.at(-1);
  const voice: Voice<P> = {
    agencyCode: input.agencyCode,
    position: input.position,
    ...(comment !== '' ? { comment } : {}),
    castBy: input.castBy,
    castAt: input.castAt,
    sequence: (last?.sequence ?? 0) + 1,
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
  };
  return { accepted: true, record: { history: [...record.history, voice] }, voice };
}

/** The voice this person's request `requestId` already recorded, if any (a redelivered request). */
export function recordedVoice<P extends string>(record: VoiceRecord<P>, requestId: string | undefined, aadObjectId: string): Voice<P> | undefined {
  if (requestId === undefined || requestId === '') return undefined;
  return record.history.find((voice) => voice.requestId === requestId && voice.castBy.aadObjectId === aadObjectId);
}

/** The position that counts for each agency: its latest voice (by time, then by sequence). */
export function currentVoices<P extends string>(record: VoiceRecord<P>, answeringAgencies: ReadonlySet<string>): Map<string, Voice<P>> {
  const current = new Map<string, Voice<P>>();
  for (const voice of record.history) {
    if (!answeringAgencies.has(voice.agencyCode)) continue;
    const previous = current.get(voice.agencyCode);
    if (!previous || isLater(voice, previous)) current.set(voice.agencyCode, voice);
  }
  return current;
}

/** An agency's voices newest first, by the rule that picks its current one: the first is the voice that counts. */
export function newestFirst<P extends string>(record: VoiceRecord<P>): Voice<P>[] {
  return [...record.history].sort((a, b) => (isLater(a, b) ? -1 : isLater(b, a) ? 1 : 0));
}

function isLater<P extends string>(a: Voice<P>, b: Voice<P>): boolean {
  const byTime = Date.parse(a.castAt) - Date.parse(b.castAt);
  return byTime !== 0 ? byTime > 0 : a.sequence > b.sequence;
}

export interface Tally<P extends string> {
  readonly answered: readonly string[];
  readonly pending: readonly string[];
  readonly byPosition: Readonly<Record<P, readonly string[]>>;
}

/** Which agencies answered, which have not (for reminders), and who holds each position. */
export function tally<P extends string>(
  record: VoiceRecord<P>,
  answeringAgencies: ReadonlySet<string>,
  positions: readonly P[],
): Tally<P> {
  return tallyOf(currentVoices(record, answeringAgencies), answeringAgencies, positions);
}

/** The tally from the voices that count (currentVoices), without walking the history again. */
export function tallyOf<P extends string>(
  current: ReadonlyMap<string, Voice<P>>,
  answeringAgencies: ReadonlySet<string>,
  positions: readonly P[],
): Tally<P> {
  const byPosition = Object.fromEntries(positions.map((position) => [position, [] as string[]])) as Record<P, string[]>;
  for (const [agency, voice] of current) byPosition[voice.position].push(agency);
  for (const agencies of Object.values<string[]>(byPosition)) agencies.sort();
  const answered = [...current.keys()].sort();
  const pending = [...answeringAgencies].filter((agency) => !current.has(agency)).sort();
  return { answered, pending, byPosition };
}

/** The history of a voice record without the voice numbered `sequence` (a voice taken back). */
export function withoutVoice<P extends string>(record: VoiceRecord<P>, sequence: number): VoiceRecord<P> {
  return { history: record.history.filter((voice) => voice.sequence !== sequence) };
}

// ---- keeping an agency's document small -------------------------------------------------

// An agency's document holds its latest voices; the background card refresh moves older ones to
// archive pages once it holds more than RECORD_VOICES_LIMIT, so what a voice writes does not grow
// with the round's history (issue 13). RECORD_VOICES_KEPT stay: a redelivered request (Teams
// retries within seconds) is recognised among them, and a voice taken back in its own turn is one
// of them.
export const RECORD_VOICES_LIMIT = 8;
export const RECORD_VOICES_KEPT = 3;

/**
 * The voices to move out of an agency's record grown past RECORD_VOICES_LIMIT: all but the
 * RECORD_VOICES_KEPT received last and the one that counts (latest by time, then sequence — not
 * always the last received when instances' clocks differ); undefined when nothing is to move.
 */
export function voicesToArchive<P extends string>(record: VoiceRecord<P>): Voice<P>[] | undefined {
  if (record.history.length <= RECORD_VOICES_LIMIT) return undefined;
  const counting = record.history.reduce((latest, voice) => (isLater(voice, latest) ? voice : latest));
  const keptFrom = record.history.length - RECORD_VOICES_KEPT;
  return record.history.filter((voice, index) => index < keptFrom && voice !== counting);
}

/** The record without `archived` (voices told apart by sequence, time and author). */
export function withoutArchived<P extends string>(record: VoiceRecord<P>, archived: readonly Voice<P>[]): VoiceRecord<P> {
  const moved = new Set(archived.map(voiceKey));
  return { history: record.history.filter((voice) => !moved.has(voiceKey(voice))) };
}

/** Whether every voice of `archived` is still in `record` (an archive page made from this record). */
export function holdsEvery<P extends string>(record: VoiceRecord<P>, archived: readonly Voice<P>[]): boolean {
  const held = new Set(record.history.map(voiceKey));
  return archived.every((voice) => held.has(voiceKey(voice)));
}

// A sequence alone may come back: a voice taken back frees its number for the next one.
const voiceKey = (voice: Voice<string>) => `${voice.sequence}\u0000${voice.castAt}\u0000${voice.castBy.aadObjectId}`;

// ---- the summary on the subject ----------------------------------------------------------

/**
 * What the subject document keeps of a round's voices: each answering agency's current voice
 * (at most one per agency, so its size does not grow with the history) and a revision that
 * every voice recorded moves, so the subject's ETag changes with every voice and a write that
 * checked the voices before (a statement's delivery) fails and checks again.
 */
export interface VoiceSummary<P extends string> {
  /** The round the voices are about (a statement's version in clearance; 1 for a decision). */
  readonly round: number;
  readonly revision: number;
  readonly voices: readonly Voice<P>[];
}

/**
 * The summary once `voice` (just saved in its agency's record) is known to it: each agency's
 * current voice by the same rule as the records (latest by time, then sequence), so two
 * representatives of one agency whose writes land in either order leave the latest one. A
 * summary of another round counts for nothing.
 */
export function summaryWithVoice<P extends string>(summary: VoiceSummary<P> | undefined, round: number, voice: Voice<P>, answeringAgencies: readonly string[]): VoiceSummary<P> {
  const known = summary?.round === round ? summary.voices : [];
  const current = currentVoices({ history: [...known, voice] }, new Set(answeringAgencies));
  return { round, revision: (summary?.revision ?? 0) + 1, voices: answeringAgencies.flatMap((agency) => current.get(agency) ?? []) };
}

/** The summary the records of a round give (the heal after a crash between a voice's two writes). */
export function summaryOfRecords<P extends string>(round: number, records: readonly VoiceRecord<P>[], answeringAgencies: readonly string[], revision: number): VoiceSummary<P> {
  const current = currentVoices({ history: records.flatMap((record) => record.history) }, new Set(answeringAgencies));
  return { round, revision, voices: answeringAgencies.flatMap((agency) => current.get(agency) ?? []) };
}

/** Each answering agency's current voice on `round` from a summary (one of another round: none). */
export function summaryVoices<P extends string>(summary: VoiceSummary<P> | undefined, round: number, answeringAgencies: ReadonlySet<string>): Map<string, Voice<P>> {
  return currentVoices({ history: summary?.round === round ? summary.voices : [] }, answeringAgencies);
}

/** Two summaries with the same voices (the revision aside): a heal that changes nothing writes nothing new. */
export function sameVoices<P extends string>(a: VoiceSummary<P> | undefined, b: VoiceSummary<P> | undefined): boolean {
  const key = (summary: VoiceSummary<P> | undefined) => JSON.stringify(summary ? [summary.round, summary.voices] : null);
  return key(a) === key(b);
}
