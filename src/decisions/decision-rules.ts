/**
 * The life of a decision as pure functions: phases (consultation → ExCom → closed), what the
 * scheduler must do at a given instant, closing with the outcome of consensus-rules, and the
 * register number. No store, no SDK: the service applies these and performs the effects.
 */
import { summaryOfRecords, summaryVoices, tallyOf, type RepresentativeRole, type Tally, type Voice, type VoiceRecord, type VoiceSummary } from '../agency-voices/voice-rules';
import type { Person } from '../network/roles';
import type { VoiceRound } from '../agency-voices/model';
import { POSITIONS, outcome, type Outcome, type Position } from './consensus-rules';
import type { DecisionDocument } from './model';
import { dueReminder, nextDue, supersededReminders } from '../scheduling/reminders';
import { dueInstant } from '../scheduling/instants';

export type DecisionEffect =
  | { readonly kind: 'openExcomPhase' }
  | { readonly kind: 'remind'; readonly offsetMinutes: number }
  | { readonly kind: 'close'; readonly reason: 'deadline' | 'consensus' };

export const SYSTEM_ACTOR = 'system';

export function excomSet(decision: Pick<DecisionDocument, 'excomAgencies'>): ReadonlySet<string> {
  return new Set(decision.excomAgencies);
}

type WithVoices = Pick<DecisionDocument, 'excomAgencies' | 'agencyVoices' | 'record'>;

/** A decision has one round of positions. */
export const DECISION_ROUND = 1;

/** Where the positions of a decision are kept, one document per agency (src/agency-voices/). */
export function positionRound(networkId: string, decisionId: string): VoiceRound {
  return { networkId, kind: 'decision', subjectId: decisionId, round: DECISION_ROUND };
}

/**
 * The decision's summary of positions: the one it keeps, or, for a decision from before the
 * summary (its history embedded in `record`), the one that history gives.
 */
export function positionSummary(decision: WithVoices): VoiceSummary<Position> | undefined {
  if (decision.agencyVoices) return decision.agencyVoices;
  return decision.record ? summaryOfRecords(DECISION_ROUND, [decision.record], decision.excomAgencies, 0) : undefined;
}

/** The decision with `summary`, its embedded history (from before the summary) dropped: it is in the agencies' records now. */
export function withPositionSummary(decision: DecisionDocument, summary: VoiceSummary<Position>): DecisionDocument {
  const { record: _moved, ...rest } = decision;
  return { ...rest, agencyVoices: summary };
}

/** A decision from before the summary: its embedded history, by agency, to make the agencies' records from. */
export function embeddedRecords(decision: Pick<DecisionDocument, 'record'>): Map<string, VoiceRecord<Position>> | undefined {
  if (!decision.record) return undefined;
  const byAgency = new Map<string, VoiceRecord<Position>>();
  for (const voice of decision.record.history) byAgency.set(voice.agencyCode, { history: [...(byAgency.get(voice.agencyCode)?.history ?? []), voice] });
  return byAgency;
}

/** Each ExCom agency's positions on a decision, history kept (its record), by agency code. */
export type PositionRecords = ReadonlyMap<string, VoiceRecord<Position>>;

/** The capacity a person speaks for their agency in (kept with their voice), if they represent it. */
export function representativeRole(person: Pick<Person, 'roles'>): RepresentativeRole | undefined {
  if (person.roles.has('focalPoint')) return 'focalPoint';
  return person.roles.has('alternate') ? 'alternate' : undefined;
}

export function decisionTally(decision: WithVoices): Tally<Position> {
  return decisionSummary(decision).tally;
}

/**
 * What every card and rule of one turn reads of the positions, computed once from the summary
 * (at most one voice per agency): the voice that counts for each ExCom agency and the tally.
 */
export interface DecisionSummary {
  readonly current: ReadonlyMap<string, Voice<Position>>;
  readonly tally: Tally<Position>;
}

export function decisionSummary(decision: WithVoices): DecisionSummary {
  const agencies = excomSet(decision);
  const current = summaryVoices(positionSummary(decision), DECISION_ROUND, agencies);
  return { current, tally: tallyOf(current, agencies, POSITIONS) };
}

/** The outcome as the rules see it now (open while neither the deadline nor consensus is reached). */
export function currentOutcome(decision: Pick<DecisionDocument, 'mode' | 'deadline'> & WithVoices, now: Date, summary: DecisionSummary = decisionSummary(decision)): Outcome {
  return outcome({ mode: decision.mode, excomAgencies: excomSet(decision), current: summary.current, deadline: decision.deadline }, now);
}

/**
 * The outcome when the decision closes now. Closed at or after the deadline, or early by a
 * co-chair, it is read as at the deadline: a standing objection is "no consensus", silence
 * is "no consensus" in consensus mode and consent in a silence procedure.
 */
export function closingOutcome(decision: Pick<DecisionDocument, 'mode' | 'deadline'> & WithVoices, now: Date): Exclude<Outcome, { state: 'open' }> {
  const at = new Date(Math.max(now.getTime(), Date.parse(decision.deadline)));
  const result = currentOutcome(decision, at);
  if (result.state === 'open') throw new Error('unreachable: an outcome at the deadline is never open');
  return result;
}

/** When the scheduler must look at the decision next; undefined once nothing is left to do. */
export function decisionDueAt(decision: DecisionDocument): string | undefined {
  const due = phaseDueAt(decision);
  if (!decision.cardsStaleSince) return due;
  // Copies of the cards behind the record: the background refresh brings them up to date at
  // once; the scheduler does it after a crash or a shutdown, once the grace has passed.
  const stale = dueInstant(Date.parse(decision.cardsStaleSince) + CARDS_STALE_GRACE_MS);
  return due === undefined || Date.parse(stale) < Date.parse(due) ? stale : due;
}

function phaseDueAt(decision: DecisionDocument): string | undefined {
  if (decision.phase === 'closed') return decision.finalized || !decision.closedAt ? undefined : dueInstant(Date.parse(decision.closedAt));
  if (decision.phase === 'consultation' && decision.consultationDeadline) return dueInstant(Date.parse(decision.consultationDeadline));
  return nextDue(decision.deadline, decision.reminderOffsetsMinutes, decision.remindersSent);
}

/**
 * How long the scheduler leaves stale cards to the background refresh (which runs within a
 * second of the position) before doing it itself: only a crash or a shutdown leaves them that long.
 */
export const CARDS_STALE_GRACE_MS = 5_000;

/** The decision once a position changed what its cards show: marked in the same write as the position. */
export function markCardsStale(decision: DecisionDocument, now: Date): DecisionDocument {
  return withDue({ ...decision, cardsStaleSince: decision.cardsStaleSince ?? now.toISOString() });
}

/** The decision once every copy of its cards shows this version. */
export function markCardsFresh(decision: DecisionDocument): DecisionDocument {
  const { cardsStaleSince: _stale, ...rest } = decision;
  return withDue(rest as DecisionDocument);
}

/**
 * What is due at `now`, in order: the ExCom phase opens when the consultation ends; at the
 * deadline the decision closes; before it, at most one reminder (the latest due).
 */
export function dueEffects(decision: DecisionDocument, now: Date): DecisionEffect[] {
  if (decision.phase === 'closed') return [];
  const effects: DecisionEffect[] = [];
  if (decision.phase === 'consultation') {
    if (!decision.consultationDeadline || now.getTime() < Date.parse(decision.consultationDeadline)) return [];
    effects.push({ kind: 'openExcomPhase' });
  }
  if (now.getTime() >= Date.parse(decision.deadline)) return [...effects, { kind: 'close', reason: 'deadline' }];
  if (currentOutcome(decision, now).state === 'adopted') return [...effects, { kind: 'close', reason: 'consensus' }];
  const reminder = dueReminder(decision.deadline, decision.reminderOffsetsMinutes, decision.remindersSent, now);
  if (reminder !== undefined) effects.push({ kind: 'remind', offsetMinutes: reminder });
  return effects;
}

/** The decision once the ExCom phase opened. */
export function openExcomPhase(decision: DecisionDocument): DecisionDocument {
  if (decision.phase !== 'consultation') return decision;
  return withDue({ ...decision, phase: 'excom' });
}

/** The decision once the reminder at `offsetMinutes` (and any older one now moot) went out. */
export function markReminded(decision: DecisionDocument, offsetMinutes: number, now: Date): DecisionDocument {
  const sent = new Set([...decision.remindersSent, offsetMinutes, ...supersededReminders(decision.deadline, decision.reminderOffsetsMinutes, now)]);
  return withDue({ ...decision, remindersSent: [...sent].sort((a, b) => b - a) });
}

export function close(decision: DecisionDocument, now: Date, by: string, reason: 'deadline' | 'consensus' | 'coChair'): DecisionDocument {
  if (decision.phase === 'closed') return decision;
  return withDue({
    ...decision,
    phase: 'closed',
    outcome: reason === 'consensus' ? (currentOutcome(decision, now) as Exclude<Outcome, { state: 'open' }>) : closingOutcome(decision, now),
    closedAt: now.toISOString(),
    closedBy: by,
    closeReason: reason,
  });
}

export function extend(decision: DecisionDocument, by: string, now: Date, to: string): DecisionDocument {
  return withDue({
    ...decision,
    deadline: to,
    // Reminders are relative to the deadline: a later deadline earns them again.
    remindersSent: [],
    extensions: [...decision.extensions, { by, at: now.toISOString(), from: decision.deadline, to }],
  });
}

export function withDue(decision: DecisionDocument): DecisionDocument {
  const { dueAt: _previous, ...rest } = decision;
  const dueAt = decisionDueAt(decision);
  return dueAt ? { ...rest, dueAt } : (rest as DecisionDocument);
}

/** `DEC-2026-007`: the year of closing and the rank of the decision in that year's register. */
export function registerNumber(year: number, rank: number): string {
  return `DEC-${year}-${String(rank).padStart(3, '0')}`;
}
