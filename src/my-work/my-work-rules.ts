/**
 * What awaits one person, as pure functions over documents the repository already read: polls
 * they have not answered, ExCom positions and statement clearances their agency has not given,
 * convocations they have not answered, pending members they may confirm. Each rule asks the
 * permissions table (`may`) with the agency concerned, so a right the table does not give never
 * yields an item: a pending member, who may do none of these, gets an empty list.
 */
import { decisionTally } from '../decisions/decision-rules';
import type { DecisionDocument, PollDocument } from '../decisions/model';
import type { StoredMeeting } from '../meetings/meeting-model';
import type { MemberDocument } from '../network/model';
import { may } from '../network/permissions';
import type { Person } from '../network/roles';
import { summarisedClearanceState } from '../statements/statement-rules';
import type { StatementDocument } from '../statements/model';

export const MY_WORK_KINDS = ['poll', 'position', 'clearance', 'rsvp', 'confirmMember'] as const;
export type MyWorkKind = (typeof MY_WORK_KINDS)[number];

/** One thing to do: what, by when, and the tab page (hash route) where it is done, if any. */
export interface MyWorkItem {
  readonly kind: MyWorkKind;
  /** The poll, decision, statement or meeting id; for a member, their member document id. */
  readonly id: string;
  /** The question, title or person's name, shown literally. */
  readonly title: string;
  /** ISO instant; absent for a pending member (no deadline, the oldest request first). */
  readonly deadline?: string;
  /** The agency concerned (a pending member's agency). */
  readonly agencyCode?: string;
  /** The statement version to clear. */
  readonly version?: number;
}

export interface MyWorkView {
  readonly items: readonly MyWorkItem[];
  readonly counts: Readonly<Record<MyWorkKind, number>>;
}

/** Open, not past its deadline, sent to this person, not answered by them. */
export function pollItems(person: Person, polls: readonly { readonly poll: PollDocument; readonly answered: boolean; readonly inAudience: boolean }[], now: Date): MyWorkItem[] {
  if (!may(person, 'answerPoll')) return [];
  return polls
    .filter(({ poll, answered, inAudience }) => poll.status === 'open' && Date.parse(poll.deadline) > now.getTime() && inAudience && !answered)
    .map(({ poll }) => ({ kind: 'poll', id: poll.pollId, title: poll.question, deadline: poll.deadline }));
}

/** Decisions in their ExCom phase where the reader casts their agency's voice and it has not answered. */
export function positionItems(person: Person, decisions: readonly DecisionDocument[]): MyWorkItem[] {
  const agency = person.agencyCode;
  if (!agency || !may(person, 'castAgencyPosition', { agencyCode: agency })) return [];
  return decisions
    .filter((decision) => decision.phase === 'excom' && decision.excomAgencies.includes(agency) && !decisionTally(decision).answered.includes(agency))
    .map((decision) => ({ kind: 'position', id: decision.decisionId, title: decision.title, deadline: decision.deadline, agencyCode: agency }));
}

/** Statements in clearance whose version the reader's agency has neither approved nor asked to change. */
export function clearanceItems(person: Person, statements: readonly StatementDocument[]): MyWorkItem[] {
  const agency = person.agencyCode;
  if (!agency || !may(person, 'clearStatement', { agencyCode: agency })) return [];
  return statements.flatMap((statement): MyWorkItem[] => {
    const clearance = statement.clearance;
    if (statement.status !== 'clearance' || !clearance) return [];
    const state = summarisedClearanceState(statement);
    if (!state?.pending.includes(agency)) return [];
    return [{ kind: 'clearance', id: statement.statementId, title: statement.title, deadline: clearance.deadline, agencyCode: agency, version: clearance.version }];
  });
}

/** Scheduled meetings still to come to which the reader is invited and has not answered. */
export function rsvpItems(person: Person, meetings: readonly { readonly meeting: StoredMeeting; readonly invited: boolean; readonly answered: boolean }[], now: Date): MyWorkItem[] {
  if (!may(person, 'rsvp')) return [];
  return meetings
    .filter(({ meeting, invited, answered }) => meeting.status === 'scheduled' && Date.parse(meeting.start) > now.getTime() && invited && !answered)
    .map(({ meeting }) => ({ kind: 'rsvp', id: meeting.meetingId, title: meeting.title, deadline: meeting.start }));
}

/**
 * Which pending members the reader may confirm: every one (co-chairs, the secretariat), those of
 * their own agency (a focal point), or none. The repository reads only that set.
 */
export function confirmScope(person: Person): 'all' | { readonly agencyCode: string } | 'none' {
  if (may(person, 'confirmMember')) return 'all';
  const agency = person.agencyCode;
  return agency && may(person, 'confirmMember', { agencyCode: agency }) ? { agencyCode: agency } : 'none';
}

export function confirmItems(person: Person, pending: readonly MemberDocument[]): MyWorkItem[] {
  return pending
    .filter((member) => member.status === 'pending' && member.aadObjectId !== person.aadObjectId && may(person, 'confirmMember', { agencyCode: member.agencyCode }))
    .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt))
    .map((member) => ({ kind: 'confirmMember', id: member.id, title: member.name, agencyCode: member.agencyCode }));
}

/** The list, soonest deadline first (pending members, who have none, last), with counts per kind. */
export function myWorkView(items: readonly MyWorkItem[]): MyWorkView {
  const sorted = [...items].sort((a, b) => (a.deadline ?? '\uffff').localeCompare(b.deadline ?? '\uffff'));
  const counts = Object.fromEntries(MY_WORK_KINDS.map((kind) => [kind, items.filter((item) => item.kind === kind).length])) as Record<MyWorkKind, number>;
  return { items: sorted, counts };
}
