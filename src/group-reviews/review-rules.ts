/**
 * The rules of a working group's periodic review, pure (no store, no SDK). ToR: working groups
 * are "revus périodiquement par le Comité exécutif, en consultation avec les membres". A group
 * waits for its review date; the review opens a members' consultation (each confirmed member
 * says renew / change / close, with a comment); a co-chair then puts one proposal to ExCom as a
 * decision; adopted, the outcome is applied — renewed (next review one interval later),
 * changed (name, objective or interval, then the same), or closed —; not adopted, the review
 * goes back to consultation for another proposal. Rights come from the permissions table.
 */
import { REVIEW_OUTCOMES, type ReviewOutcome, type ReviewProposal, type WorkingGroupChanges, type WorkingGroupDocument, type WorkingGroupReviewRecord } from '../network/model';
import { DEFAULT_REVIEW_EVERY_MONTHS, validReviewInterval } from '../network/working-group-rules';

export const COMMENT_MAX = 2000;
const NAME_MAX = 120;
const OBJECTIVE_MAX = 2000;

export const reviewStateOf = (group: WorkingGroupDocument) => group.reviewState ?? 'waiting';
export const intervalOf = (group: WorkingGroupDocument) => group.reviewEveryMonths ?? DEFAULT_REVIEW_EVERY_MONTHS;
const active = (group: WorkingGroupDocument) => (group.status ?? 'active') === 'active';

/** `YYYY-MM-DD` plus whole months, the day clamped to the month's last (31 January + 1 → 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date, last))).toISOString().slice(0, 10);
}

/** Its review date has come (Conakry is on UTC) and no review is under way. */
export function isDue(group: WorkingGroupDocument, today: string): boolean {
  return active(group) && reviewStateOf(group) === 'waiting' && today >= group.reviewDate;
}

export type OpenRefusal = 'groupClosed' | 'reviewOpen';

/** Opens the members' consultation (due or, asked by ExCom or a co-chair, earlier). */
export function openReview(group: WorkingGroupDocument, at: string, openedBy: string): { readonly ok: true; readonly group: WorkingGroupDocument } | { readonly ok: false; readonly refusal: OpenRefusal } {
  if (!active(group)) return { ok: false, refusal: 'groupClosed' };
  if (reviewStateOf(group) !== 'waiting') return { ok: false, refusal: 'reviewOpen' };
  return { ok: true, group: { ...group, reviewState: 'consultation', review: { reviewDate: group.reviewDate, openedAt: at, openedBy }, updatedAt: at } };
}

export interface RawProposal {
  readonly outcome?: unknown;
  readonly changes?: { readonly name?: unknown; readonly objective?: unknown; readonly reviewEveryMonths?: unknown };
}

export type ProposalProblem = 'outcome' | 'changes' | 'name' | 'objective' | 'reviewEveryMonths';

/**
 * A proposal ExCom can decide: renew and close carry no changes; change carries at least one
 * real change (a name of 1–120 characters, an objective of 1–2,000, an interval of 1–36 months)
 * that differs from the group as it is.
 */
export function validateProposal(raw: RawProposal, group: WorkingGroupDocument): { readonly ok: true; readonly outcome: ReviewOutcome; readonly changes?: WorkingGroupChanges } | { readonly ok: false; readonly problems: readonly ProposalProblem[] } {
  if (!REVIEW_OUTCOMES.includes(raw.outcome as ReviewOutcome)) return { ok: false, problems: ['outcome'] };
  const outcome = raw.outcome as ReviewOutcome;
  const given = raw.changes ?? {};
  const hasChanges = Object.values(given).some((value) => value !== undefined);
  if (outcome !== 'change') return hasChanges ? { ok: false, problems: ['changes'] } : { ok: true, outcome };
  const problems: ProposalProblem[] = [];
  const changes: { name?: string; objective?: string; reviewEveryMonths?: number } = {};
  if (given.name !== undefined) {
    const name = typeof given.name === 'string' ? given.name.trim() : '';
    if (name === '' || name.length > NAME_MAX) problems.push('name');
    else if (name !== group.name) changes.name = name;
  }
  if (given.objective !== undefined) {
    const objective = typeof given.objective === 'string' ? given.objective.trim() : '';
    if (objective === '' || objective.length > OBJECTIVE_MAX) problems.push('objective');
    else if (objective !== group.objective) changes.objective = objective;
  }
  if (given.reviewEveryMonths !== undefined) {
    if (!validReviewInterval(given.reviewEveryMonths)) problems.push('reviewEveryMonths');
    else if (given.reviewEveryMonths !== intervalOf(group)) changes.reviewEveryMonths = given.reviewEveryMonths;
  }
  if (problems.length > 0) return { ok: false, problems };
  if (Object.keys(changes).length === 0) return { ok: false, problems: ['changes'] };
  return { ok: true, outcome, changes };
}

/** The group once its proposal is put to ExCom (frozen until the decision: no second proposal). */
export function proposed(group: WorkingGroupDocument, proposal: ReviewProposal): WorkingGroupDocument | undefined {
  if (reviewStateOf(group) !== 'consultation' || !group.review) return undefined;
  const { decisionId: _decision, ...review } = group.review;
  return { ...group, reviewState: 'decision', review: { ...review, proposal }, updatedAt: proposal.proposedAt };
}

export interface DecidedOutcome {
  readonly decisionId: string;
  /** The review date the decision's subject names (`<groupId>:<reviewDate>`). */
  readonly reviewDate: string;
  readonly adopted: boolean;
  readonly registerNumber: string;
  readonly at: string;
}

export type PositionCounts = Readonly<Record<ReviewOutcome, number>>;

export function countPositions(positions: readonly ReviewOutcome[]): PositionCounts {
  const counts: Record<ReviewOutcome, number> = { renew: 0, change: 0, close: 0 };
  for (const position of positions) counts[position] += 1;
  return counts;
}

/**
 * The group after ExCom's decision on its review's proposal, or undefined when the decision is
 * not the one this review waits for (already taken in, another review): taking an outcome twice
 * changes nothing.
 */
export function decided(group: WorkingGroupDocument, outcome: DecidedOutcome, comments: PositionCounts): WorkingGroupDocument | undefined {
  const review = group.review;
  const proposal = review?.proposal;
  // The decision this review waits for; or, when a crash came between opening it and recording its
  // id on the group, the one whose subject names this review.
  const awaited = review?.decisionId === undefined ? review?.reviewDate === outcome.reviewDate : review.decisionId === outcome.decisionId;
  if (reviewStateOf(group) !== 'decision' || !review || !proposal || !awaited) return undefined;
  if (!outcome.adopted) {
    const { proposal: _proposal, decisionId: _decision, ...rest } = review;
    return { ...group, reviewState: 'consultation', review: { ...rest, lastRefusal: { decisionId: outcome.decisionId, registerNumber: outcome.registerNumber, outcome: proposal.outcome } }, updatedAt: outcome.at };
  }
  const record: WorkingGroupReviewRecord = {
    reviewDate: review.reviewDate,
    outcome: proposal.outcome,
    ...(proposal.changes ? { changes: proposal.changes } : {}),
    decisionId: outcome.decisionId,
    registerNumber: outcome.registerNumber,
    decidedAt: outcome.at,
    comments,
  };
  const { review: _review, ...rest } = group;
  const history = [...(group.reviewHistory ?? []), record];
  if (proposal.outcome === 'close') return { ...rest, status: 'closed', reviewState: 'closed', reviewHistory: history, updatedAt: outcome.at };
  const changed = proposal.outcome === 'change' ? { ...rest, ...proposal.changes } : rest;
  // The next review: one interval after the date this one was due (a late review does not push the cycle).
  let next = addMonths(review.reviewDate, intervalOf(changed));
  const today = outcome.at.slice(0, 10);
  while (next <= today) next = addMonths(next, intervalOf(changed));
  return { ...changed, reviewState: 'waiting', reviewDate: next, reviewHistory: history, updatedAt: outcome.at };
}
