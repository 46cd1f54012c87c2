/**
 * The rules of the annual work plan, as pure functions over plain data (no store, no SDK):
 * validating an activity and a quarterly report, the plan's lifecycle (draft → consultation →
 * submitted → adopted → amendment → adopted N+1 → closed), the diff between two versions, who
 * is expected to report in a quarter, progress per activity and per GCM objective, and action
 * items (overdue, due soon). Rights are decided by the permissions table and passed in.
 */
import { parseDay } from '../scheduling/instants';
import { parseObjectives, safeLink } from '../updates/update-rules';
import {
  ACTIVITY_STATUSES,
  CURRENCIES,
  INDICATOR_UNITS,
  type ActionItemDocument,
  type ActivityContent,
  type ActivityPeriod,
  type ActivityStatus,
  type Budget,
  type Evidence,
  type Indicator,
  type IndicatorValue,
  type PlanStatus,
  type Quarter,
  type ReportContent,
  type Texts,
  type VersionActivity,
} from './model';

export const DESCRIPTION_MAX = 2000;
export const PARTNER_NAME_MAX = 200;
export const MAX_PARTNERS = 30;
export const MAX_INDICATORS = 10;
export const INDICATOR_LABEL_MAX = 300;
/** A short narrative: what a focal point types in a card, read by the regional network. */
export const NARRATIVE_MAX = 1000;
export const FUNDING_SOURCE_MAX = 200;
export const TITLE_MAX = 200;
export const COMMENT_MAX = 2000;
export const ACTION_ITEM_TEXT_MAX = 1000;
/** Reports on the last quarter are still taken this long after the year (then the plan closes). */
export const REPORTING_GRACE_DAYS = 31;
const DAY_MS = 86_400_000;
// Far more than a network's budget line; refuses typing slips like an extra six zeros.
const BUDGET_MAX = 1e12;
const INDICATOR_VALUE_MAX = 1e12;

// ---- activities ---------------------------------------------------------------------------

/** What a drafter or a member sends for an activity, before validation. */
export interface RawActivity {
  readonly description?: Texts;
  readonly objectives?: unknown;
  readonly leadAgency?: string;
  readonly contributingAgencies?: readonly string[];
  readonly externalPartners?: readonly string[];
  readonly workingGroupId?: string;
  readonly period?: unknown;
  readonly indicators?: readonly unknown[];
  readonly budget?: unknown;
  readonly status?: string;
}

export type ActivityProblem =
  | 'description'
  | 'objectives'
  | 'leadAgency'
  | 'contributingAgencies'
  | 'externalPartners'
  | 'workingGroup'
  | 'period'
  | 'indicators'
  | 'budget'
  | 'status';

export interface ActivityContext {
  readonly year: number;
  /** Network agency codes (the directory). */
  readonly agencies: ReadonlySet<string>;
  /** Working group ids of the network. */
  readonly workingGroups: ReadonlySet<string>;
}

export type ActivityValidation = { readonly ok: true; readonly content: ActivityContent } | { readonly ok: false; readonly problems: readonly ActivityProblem[] };

export function validateActivity(raw: RawActivity, context: ActivityContext): ActivityValidation {
  const problems: ActivityProblem[] = [];
  const description = texts(raw.description, DESCRIPTION_MAX);
  if (!description) problems.push('description');
  const objectives = parseObjectives(raw.objectives);
  if (!objectives || objectives.length === 0) problems.push('objectives');
  const leadAgency = raw.leadAgency?.trim().toUpperCase() ?? '';
  if (!context.agencies.has(leadAgency)) problems.push('leadAgency');
  const contributing = [...new Set((raw.contributingAgencies ?? []).map((code) => code.trim().toUpperCase()))].filter((code) => code !== leadAgency).sort();
  if (contributing.some((code) => !context.agencies.has(code))) problems.push('contributingAgencies');
  const partners = [...new Set((raw.externalPartners ?? []).map((name) => name.trim()))];
  if (partners.length > MAX_PARTNERS || partners.some((name) => name === '' || name.length > PARTNER_NAME_MAX)) problems.push('externalPartners');
  const workingGroupId = raw.workingGroupId?.trim() || undefined;
  if (workingGroupId !== undefined && !context.workingGroups.has(workingGroupId)) problems.push('workingGroup');
  const period = validatePeriod(raw.period, context.year);
  if (!period) problems.push('period');
  const indicators = validateIndicators(raw.indicators ?? []);
  if (!indicators) problems.push('indicators');
  const budget = raw.budget === undefined || raw.budget === null ? null : validateBudget(raw.budget);
  if (budget === undefined) problems.push('budget');
  const status = raw.status === undefined ? 'planned' : (ACTIVITY_STATUSES as readonly string[]).includes(raw.status) ? (raw.status as ActivityStatus) : undefined;
  if (!status) problems.push('status');
  if (problems.length > 0 || !description || !objectives || !period || !indicators || budget === undefined || !status) return { ok: false, problems };
  return {
    ok: true,
    content: {
      description,
      objectives,
      leadAgency,
      contributingAgencies: contributing,
      externalPartners: partners,
      ...(workingGroupId ? { workingGroupId } : {}),
      period,
      indicators,
      ...(budget ? { budget } : {}),
      status,
    },
  };
}

/** French and/or English, trimmed, each within `max`; undefined when neither is given or one is too long. */
export function texts(value: Texts | undefined, max: number): Texts | undefined {
  const fr = value?.fr?.trim() ?? '';
  const en = value?.en?.trim() ?? '';
  if ((fr === '' && en === '') || fr.length > max || en.length > max) return undefined;
  return { ...(fr ? { fr } : {}), ...(en ? { en } : {}) };
}

const QUARTER_START_MONTH: Readonly<Record<Quarter, number>> = { 1: 1, 2: 4, 3: 7, 4: 10 };

export function isQuarter(value: unknown): value is Quarter {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** Quarters `from`–`to` of the plan's year, or two calendar days within it (start ≤ end). */
export function validatePeriod(value: unknown, year: number): ActivityPeriod | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const period = value as Record<string, unknown>;
  if (period.kind === 'quarters') {
    if (!isQuarter(period.from) || !isQuarter(period.to) || period.from > period.to) return undefined;
    return { kind: 'quarters', from: period.from, to: period.to };
  }
  if (period.kind === 'dates' && typeof period.start === 'string' && typeof period.end === 'string') {
    const start = parseDay(period.start);
    const end = parseDay(period.end);
    if (start === undefined || end === undefined || start > end) return undefined;
    if (new Date(start).getUTCFullYear() !== year || new Date(end).getUTCFullYear() !== year) return undefined;
    return { kind: 'dates', start: period.start.trim(), end: period.end.trim() };
  }
  return undefined;
}

/** The quarters of the plan's year an activity runs in. */
export function periodQuarters(period: ActivityPeriod): Quarter[] {
  if (period.kind === 'quarters') return ([1, 2, 3, 4] as const).filter((quarter) => quarter >= period.from && quarter <= period.to);
  const quarterOf = (day: string) => (Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as Quarter;
  const [from, to] = [quarterOf(period.start), quarterOf(period.end)];
  return ([1, 2, 3, 4] as const).filter((quarter) => quarter >= from && quarter <= to);
}

function validateIndicators(values: readonly unknown[]): Indicator[] | undefined {
  if (values.length > MAX_INDICATORS) return undefined;
  const indicators: Indicator[] = [];
  for (const [index, value] of values.entries()) {
    if (!value || typeof value !== 'object') return undefined;
    const raw = value as Record<string, unknown>;
    const label = texts(raw.label as Texts | undefined, INDICATOR_LABEL_MAX);
    const unit = (INDICATOR_UNITS as readonly unknown[]).includes(raw.unit) ? (raw.unit as Indicator['unit']) : undefined;
    const { baseline, target } = raw;
    if (!label || !unit || !isAmount(baseline, unit) || !isAmount(target, unit)) return undefined;
    const id = typeof raw.id === 'string' && /^[a-z0-9-]{1,20}$/.test(raw.id) ? raw.id : `i${index + 1}`;
    indicators.push({ id, label, unit, baseline, target });
  }
  return new Set(indicators.map((indicator) => indicator.id)).size === indicators.length ? indicators : undefined;
}

/** A finite number a person can mean in that unit: never negative; a percentage within 0–100. */
function isAmount(value: unknown, unit: Indicator['unit']): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > INDICATOR_VALUE_MAX) return false;
  return unit !== 'percent' || value <= 100;
}

function validateBudget(value: unknown): Budget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.amount !== 'number' || !Number.isFinite(raw.amount) || raw.amount < 0 || raw.amount > BUDGET_MAX) return undefined;
  if (!(CURRENCIES as readonly unknown[]).includes(raw.currency)) return undefined;
  const source = typeof raw.fundingSource === 'string' ? raw.fundingSource.trim() : '';
  if (raw.fundingSource !== undefined && typeof raw.fundingSource !== 'string') return undefined;
  if (source.length > FUNDING_SOURCE_MAX) return undefined;
  return { amount: raw.amount, currency: raw.currency as Budget['currency'], ...(source ? { fundingSource: source } : {}) };
}

// ---- the plan's lifecycle -----------------------------------------------------------------

export type PlanStep = 'openConsultation' | 'editActivities' | 'comment' | 'submit' | 'openAmendment' | 'report' | 'close';

/** Which steps a plan in `status` allows (the rights to take them come from the permissions table). */
export const PLAN_STEPS: Readonly<Record<PlanStatus, readonly PlanStep[]>> = {
  draft: ['openConsultation', 'editActivities', 'submit'],
  consultation: ['editActivities', 'comment', 'submit'],
  submitted: [],
  adopted: ['openAmendment', 'report', 'close'],
  // The version in force stays in force while its amendment is drafted and decided.
  amendmentDraft: ['editActivities', 'submit', 'report', 'close'],
  amendmentSubmitted: ['report'],
  closed: [],
};

export function allows(status: PlanStatus, step: PlanStep): boolean {
  return PLAN_STEPS[status].includes(step);
}

/** The status a submission moves the plan to. */
export function submittedStatus(status: PlanStatus): PlanStatus {
  return status === 'amendmentDraft' ? 'amendmentSubmitted' : 'submitted';
}

/** The status once ExCom's decision on the submission is known. */
export function statusAfterDecision(status: PlanStatus, adopted: boolean): PlanStatus {
  if (adopted) return 'adopted';
  return status === 'amendmentSubmitted' ? 'amendmentDraft' : 'draft';
}

/** Reports for a quarter are taken from its first day until the plan closes. */
export function quarterStart(year: number, quarter: Quarter): number {
  return Date.UTC(year, QUARTER_START_MONTH[quarter] - 1, 1);
}

export function quarterEnd(year: number, quarter: Quarter): number {
  return quarter === 4 ? Date.UTC(year + 1, 0, 1) : quarterStart(year, (quarter + 1) as Quarter);
}

/** The quarter of `year` that `at` falls in; undefined outside the year. */
export function quarterAt(year: number, at: Date): Quarter | undefined {
  if (at.getUTCFullYear() !== year) return undefined;
  return (Math.floor(at.getUTCMonth() / 3) + 1) as Quarter;
}

/** When an adopted plan closes by itself: the year, and the grace for its last quarter's reports, over. */
export function planClosesAt(year: number): number {
  return Date.UTC(year + 1, 0, 1) + REPORTING_GRACE_DAYS * DAY_MS;
}

export type ReportRefusal = 'quarterNotStarted' | 'planClosed' | 'notAdopted';

/** May a report on `quarter` be taken now (the plan's status aside from its reporting window)? */
export function reportWindow(status: PlanStatus, year: number, quarter: Quarter, now: Date): ReportRefusal | undefined {
  if (status === 'closed' || now.getTime() >= planClosesAt(year)) return 'planClosed';
  if (!allows(status, 'report')) return 'notAdopted';
  if (now.getTime() < quarterStart(year, quarter)) return 'quarterNotStarted';
  return undefined;
}

// ---- reports ------------------------------------------------------------------------------

export interface RawReport {
  readonly status?: string;
  readonly values?: readonly { readonly indicatorId: string; readonly value: unknown; readonly unit: string }[];
  readonly narrative?: string;
  readonly evidenceUrl?: string;
  readonly updateId?: string;
}

export type ReportProblem =
  | { readonly code: 'status' }
  | { readonly code: 'narrative' }
  | { readonly code: 'evidence' }
  | { readonly code: 'unknownIndicator'; readonly indicatorId: string }
  | { readonly code: 'wrongUnit'; readonly indicatorId: string; readonly expected: string; readonly got: string }
  | { readonly code: 'value'; readonly indicatorId: string };

export type ReportValidation = { readonly ok: true; readonly content: ReportContent } | { readonly ok: false; readonly problems: readonly ReportProblem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A report checked against the activity as the version in force says it. */
export function validateReport(raw: RawReport, activity: ActivityContent): ReportValidation {
  const problems: ReportProblem[] = [];
  const status = (ACTIVITY_STATUSES as readonly (string | undefined)[]).includes(raw.status) ? (raw.status as ActivityStatus) : undefined;
  if (!status) problems.push({ code: 'status' });
  const narrative = raw.narrative?.trim() ?? '';
  if (narrative.length > NARRATIVE_MAX) problems.push({ code: 'narrative' });
  const values: IndicatorValue[] = [];
  const seen = new Set<string>();
  for (const reported of raw.values ?? []) {
    const indicator = activity.indicators.find((candidate) => candidate.id === reported.indicatorId);
    if (!indicator || seen.has(reported.indicatorId)) {
      problems.push({ code: 'unknownIndicator', indicatorId: reported.indicatorId });
      continue;
    }
    seen.add(indicator.id);
    if (reported.unit !== indicator.unit) {
      problems.push({ code: 'wrongUnit', indicatorId: indicator.id, expected: indicator.unit, got: reported.unit });
      continue;
    }
    if (!isAmount(reported.value, indicator.unit)) {
      problems.push({ code: 'value', indicatorId: indicator.id });
      continue;
    }
    values.push({ indicatorId: indicator.id, value: reported.value, unit: indicator.unit });
  }
  let evidence: Evidence | undefined;
  const url = raw.evidenceUrl?.trim();
  const updateId = raw.updateId?.trim();
  if (url && updateId) problems.push({ code: 'evidence' });
  else if (url) {
    const link = /^https:\/\//i.test(url) ? safeLink(url) : undefined;
    if (link) evidence = { kind: 'link', url: link };
    else problems.push({ code: 'evidence' });
  } else if (updateId) {
    if (UUID.test(updateId)) evidence = { kind: 'update', updateId: updateId.toLowerCase() };
    else problems.push({ code: 'evidence' });
  }
  if (problems.length > 0 || !status) return { ok: false, problems };
  return { ok: true, content: { status, values, narrative, ...(evidence ? { evidence } : {}) } };
}

// ---- who reports ---------------------------------------------------------------------------

/** The activities of a version expected to report on `quarter`: running in it and not cancelled. */
export function expectedReports(activities: readonly VersionActivity[], quarter: Quarter): VersionActivity[] {
  return activities.filter((activity) => activity.content.status !== 'cancelled' && periodQuarters(activity.content.period).includes(quarter));
}

export interface ReportingState {
  readonly quarter: Quarter;
  /** Lead agencies with every expected activity reported, and those still owing a report. */
  readonly reported: readonly string[];
  readonly missing: readonly { readonly agencyCode: string; readonly activityIds: readonly string[] }[];
}

/** Who has and has not reported on `quarter` (co-chairs' view, and who the reminders go to). */
export function reportingState(activities: readonly VersionActivity[], quarter: Quarter, reportedActivityIds: ReadonlySet<string>): ReportingState {
  const byAgency = new Map<string, string[]>();
  const agencies = new Set<string>();
  for (const activity of expectedReports(activities, quarter)) {
    agencies.add(activity.content.leadAgency);
    if (!reportedActivityIds.has(activity.activityId)) byAgency.set(activity.content.leadAgency, [...(byAgency.get(activity.content.leadAgency) ?? []), activity.activityId]);
  }
  const missing = [...byAgency.entries()].map(([agencyCode, activityIds]) => ({ agencyCode, activityIds: activityIds.sort() })).sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
  const reported = [...agencies].filter((agency) => !byAgency.has(agency)).sort();
  return { quarter, reported, missing };
}

// ---- progress -------------------------------------------------------------------------------

/** How far an indicator went from its baseline to its target, 0–1 (a target below the baseline counts down). */
export function indicatorProgress(indicator: Indicator, value: number | undefined): number {
  if (value === undefined) return 0;
  if (indicator.target === indicator.baseline) return value === indicator.target ? 1 : 0;
  return clamp01((value - indicator.baseline) / (indicator.target - indicator.baseline));
}

/**
 * An activity's progress, 0–1: the mean of its indicators' progress with the latest values
 * reported; without indicators, done = 1 and anything else 0. A cancelled activity has none.
 */
export function activityProgress(activity: ActivityContent, latest: ReadonlyMap<string, number>, status: ActivityStatus): number | undefined {
  if (status === 'cancelled') return undefined;
  if (activity.indicators.length === 0) return status === 'done' ? 1 : 0;
  const sum = activity.indicators.reduce((total, indicator) => total + indicatorProgress(indicator, latest.get(indicator.id)), 0);
  return sum / activity.indicators.length;
}

export interface ObjectiveProgress {
  readonly objective: number;
  readonly activities: number;
  /** Mean progress of its activities that count (cancelled ones do not), 0–1. */
  readonly progress: number;
}

/** Progress per GCM objective: an activity counts for each objective it serves. */
export function progressByObjective(activities: readonly { readonly objectives: readonly number[]; readonly progress: number | undefined }[]): ObjectiveProgress[] {
  const totals = new Map<number, { activities: number; counted: number; sum: number }>();
  for (const activity of activities) {
    for (const objective of activity.objectives) {
      const total = totals.get(objective) ?? { activities: 0, counted: 0, sum: 0 };
      total.activities += 1;
      if (activity.progress !== undefined) {
        total.counted += 1;
        total.sum += activity.progress;
      }
      totals.set(objective, total);
    }
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([objective, total]) => ({ objective, activities: total.activities, progress: total.counted === 0 ? 0 : total.sum / total.counted }));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

// ---- versions -----------------------------------------------------------------------------

export const ACTIVITY_FIELDS = [
  'description',
  'objectives',
  'leadAgency',
  'contributingAgencies',
  'externalPartners',
  'workingGroupId',
  'period',
  'indicators',
  'budget',
  'status',
] as const satisfies readonly (keyof ActivityContent)[];
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export interface FieldChange {
  readonly field: ActivityField;
  readonly before: unknown;
  readonly after: unknown;
}

export type ActivityChange =
  | { readonly activityId: string; readonly change: 'added'; readonly after: ActivityContent }
  | { readonly activityId: string; readonly change: 'removed'; readonly before: ActivityContent }
  | { readonly activityId: string; readonly change: 'changed'; readonly fields: readonly FieldChange[] };

/** What changed from one version to the next, per activity and per field (activities in id order). */
export function versionDiff(before: readonly VersionActivity[], after: readonly VersionActivity[]): ActivityChange[] {
  const old = new Map(before.map((activity) => [activity.activityId, activity.content]));
  const next = new Map(after.map((activity) => [activity.activityId, activity.content]));
  const ids = [...new Set([...old.keys(), ...next.keys()])].sort();
  const changes: ActivityChange[] = [];
  for (const activityId of ids) {
    const a = old.get(activityId);
    const b = next.get(activityId);
    if (!a && b) changes.push({ activityId, change: 'added', after: b });
    else if (a && !b) changes.push({ activityId, change: 'removed', before: a });
    else if (a && b) {
      const fields = ACTIVITY_FIELDS.filter((field) => canonical(a[field]) !== canonical(b[field])).map((field) => ({ field, before: a[field], after: b[field] }));
      if (fields.length > 0) changes.push({ activityId, change: 'changed', fields });
    }
  }
  return changes;
}

/** The version `before` with `changes` applied: what `versionDiff` must give back (property-tested). */
export function applyDiff(before: readonly VersionActivity[], changes: readonly ActivityChange[]): VersionActivity[] {
  const activities = new Map(before.map((activity) => [activity.activityId, activity.content]));
  for (const change of changes) {
    if (change.change === 'added') activities.set(change.activityId, change.after);
    else if (change.change === 'removed') activities.delete(change.activityId);
    else {
      const current = activities.get(change.activityId);
      if (!current) continue;
      const updated: Record<string, unknown> = { ...current };
      for (const field of change.fields) {
        if (field.after === undefined) delete updated[field.field];
        else updated[field.field] = field.after;
      }
      activities.set(change.activityId, updated as unknown as ActivityContent);
    }
  }
  return [...activities.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([activityId, content]) => ({ activityId, content }));
}

/** JSON with object keys sorted: two equal values written in another key order compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : inner,
  ) ?? 'undefined';
}

// ---- action items ---------------------------------------------------------------------------

/** Days before its due date an open action item's owner is reminded. */
export const ACTION_ITEM_REMINDER_DAYS = 3;

/** `today` is a YYYY-MM-DD day (Conakry is on UTC): open and due before today. */
export function isOverdue(item: Pick<ActionItemDocument, 'status' | 'due'>, today: string): boolean {
  return item.status === 'open' && item.due < today;
}

/** Open, not overdue, and due within ACTION_ITEM_REMINDER_DAYS of today. */
export function isDueSoon(item: Pick<ActionItemDocument, 'status' | 'due'>, today: string): boolean {
  const due = parseDay(item.due);
  const now = parseDay(today);
  if (item.status !== 'open' || due === undefined || now === undefined) return false;
  return due >= now && due - now <= ACTION_ITEM_REMINDER_DAYS * DAY_MS;
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
