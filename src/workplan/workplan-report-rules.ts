/**
 * What the regional report and the annual review's progress pack say about the work plan, as
 * pure functions over the plan's documents: the version in force, its activities that run in
 * the report's period grouped by GCM objective, each with its indicators' latest values as known
 * at the period's end (a report made on a later quarter never changes an earlier report), and
 * the progress per objective and per lead agency. The wording and layout are the updates slice's
 * (report-view.ts) and the pack's (workplan-pack.ts); here only the figures.
 */
import type { Period } from '../updates/model';
import { QUARTERS, type ActionItemDocument, type AdoptedVersion, type VersionDocument, type ActivityContent, type ActivityDocument, type ActivityStatus, type Indicator, type PlanDocument, type PlanStatus, type Quarter, type ReportDocument, type Texts } from './model';
import { activityProgress, expectedReports, indicatorProgress, isOverdue, progressByObjective, quarterEnd, quarterStart } from './workplan-rules';

const DAY_MS = 86_400_000;

/** The plan of one year as the store holds it: what the report's figures are made from. */
export interface WorkplanFacts {
  readonly plan: PlanDocument;
  readonly activities: readonly ActivityDocument[];
  readonly reports: readonly ReportDocument[];
  /**
   * Snapshots of adopted versions (`workplan-version:<year>:<N>`): a period that ended before an
   * amendment was adopted is reported on the version then in force, which the activities no longer
   * hold (they hold the version in force now).
   */
  readonly snapshots?: readonly VersionDocument[];
}

/** The version adopted before the period's end, if any (what a report on that period shows). */
export function versionInForceAt(plan: PlanDocument, periodEnd: string): AdoptedVersion | undefined {
  return plan.versions.filter((version) => version.adoptedAt < periodEnd).at(-1);
}

export interface IndicatorProgressRow {
  readonly label: Texts;
  readonly unit: Indicator['unit'];
  readonly baseline: number;
  readonly target: number;
  /** The latest value reported by the period's end; absent when none was. */
  readonly value?: number;
  /** 0–1, from baseline to target. */
  readonly progress: number;
}

export interface ActivityProgressRow {
  readonly activityId: string;
  readonly description: Texts;
  readonly objectives: readonly number[];
  readonly leadAgency: string;
  /** The latest reported status by the period's end, else the planned one. */
  readonly status: ActivityStatus;
  /** 0–1; absent for a cancelled activity. */
  readonly progress?: number;
  readonly indicators: readonly IndicatorProgressRow[];
}

export interface ObjectiveSection {
  readonly objective: number;
  /** Mean progress of its activities that count (cancelled ones do not), 0–1. */
  readonly progress: number;
  readonly activities: readonly ActivityProgressRow[];
}

export interface WorkplanReportData {
  readonly year: number;
  readonly title: { readonly fr: string; readonly en: string };
  readonly status: PlanStatus;
  /** The version in force at the period's end (0: none adopted by then). */
  readonly version: number;
  readonly registerNumber?: string;
  /** By GCM objective, in order; an activity appears under each objective it serves. */
  readonly objectives: readonly ObjectiveSection[];
}

/** The instants [from, to) an activity runs in, within its plan's year. */
export function activitySpan(year: number, content: ActivityContent): { readonly from: number; readonly to: number } {
  if (content.period.kind === 'dates') return { from: Date.parse(`${content.period.start}T00:00:00Z`), to: Date.parse(`${content.period.end}T00:00:00Z`) + DAY_MS };
  return { from: quarterStart(year, content.period.from), to: quarterEnd(year, content.period.to) };
}

/** The calendar years a period touches (its end is exclusive). */
export function periodYears(period: Period): number[] {
  const first = new Date(period.from).getUTCFullYear();
  const last = new Date(Date.parse(period.to) - 1).getUTCFullYear();
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, index) => first + index);
}

/**
 * The work plan of one year as of a period's end: the version adopted by then (the report of a
 * past quarter shows what was in force, not a later amendment when the activity still carries it),
 * its activities running in the period, and what their lead agencies reported on quarters that
 * had started before the period ended.
 */
export function workplanReportData(facts: WorkplanFacts, period: Period): WorkplanReportData {
  const { plan } = facts;
  const end = Date.parse(period.to);
  const from = Date.parse(period.from);
  const inForce = versionInForceAt(plan, period.to);
  const base = { year: plan.planYear, title: plan.title, status: plan.status };
  if (!inForce) return { ...base, version: 0, objectives: [] };
  const reportsByActivity = new Map<string, ReportDocument[]>();
  for (const report of [...facts.reports].sort((a, b) => a.quarter - b.quarter)) {
    // A report on a quarter counts when that quarter started within the report's reach, whenever it was sent.
    if (quarterStart(plan.planYear, report.quarter) >= end) continue;
    reportsByActivity.set(report.activityId, [...(reportsByActivity.get(report.activityId) ?? []), report]);
  }
  const snapshot = facts.snapshots?.find((entry) => entry.version === inForce.version);
  const rows: ActivityProgressRow[] = [];
  for (const activity of [...facts.activities].sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.activityId.localeCompare(b.activityId))) {
    // The content of the version in force at the period's end (an amendment in progress is not
    // reported before adoption): the activity's own copy when it is that version, else the snapshot's.
    const content = activity.adopted?.version === inForce.version ? activity.adopted.content : snapshot?.activities.find((entry) => entry.activityId === activity.activityId)?.content;
    if (!content) continue;
    const span = activitySpan(plan.planYear, content);
    if (span.to <= from || span.from >= end) continue;
    rows.push(activityRow(activity.activityId, content, reportsByActivity.get(activity.activityId) ?? []));
  }
  const byObjective = progressByObjective(rows.map((row) => ({ objectives: row.objectives, progress: row.progress })));
  return {
    ...base,
    version: inForce.version,
    registerNumber: inForce.registerNumber,
    objectives: byObjective.map((entry) => ({ objective: entry.objective, progress: entry.progress, activities: rows.filter((row) => row.objectives.includes(entry.objective)) })),
  };
}

function activityRow(activityId: string, content: ActivityContent, reports: readonly ReportDocument[]): ActivityProgressRow {
  const latest = new Map<string, number>();
  for (const report of reports) for (const value of report.values) latest.set(value.indicatorId, value.value);
  const status = reports.at(-1)?.status ?? content.status;
  const progress = activityProgress(content, latest, status);
  return {
    activityId,
    description: content.description,
    objectives: content.objectives,
    leadAgency: content.leadAgency,
    status,
    ...(progress !== undefined ? { progress } : {}),
    indicators: content.indicators.map((indicator) => {
      const value = latest.get(indicator.id);
      return { label: indicator.label, unit: indicator.unit, baseline: indicator.baseline, target: indicator.target, ...(value !== undefined ? { value } : {}), progress: indicatorProgress(indicator, value) };
    }),
  };
}

/** Every activity once (an activity serving several objectives is listed under each). */
export function distinctActivities(data: WorkplanReportData): ActivityProgressRow[] {
  const seen = new Map<string, ActivityProgressRow>();
  for (const section of data.objectives) for (const row of section.activities) seen.set(row.activityId, row);
  return [...seen.values()];
}

// ---- the annual review's progress pack ------------------------------------------------------

export interface AgencyProgress {
  readonly agencyCode: string;
  readonly activities: number;
  /** Mean progress of its activities that count, 0–1 (0 when all are cancelled). */
  readonly progress: number;
  readonly byStatus: Readonly<Partial<Record<ActivityStatus, number>>>;
}

export interface QuarterReporting {
  readonly quarter: Quarter;
  /** Activities expected to report on it (running, not cancelled) and those that did. */
  readonly expected: number;
  readonly reported: number;
  /** Lead agencies still owing a report on it. */
  readonly missingAgencies: readonly string[];
}

export interface ProgressPackData {
  readonly plan: WorkplanReportData;
  readonly byAgency: readonly AgencyProgress[];
  /** Quarters that have started by `now`. */
  readonly quarters: readonly QuarterReporting[];
  /** Open action items due before today, oldest first. */
  readonly overdue: readonly ActionItemDocument[];
}

/** The plan's progress for the annual review: the whole year's plan as known at `now`, reports per quarter started by then. */
export function progressPackData(facts: WorkplanFacts, actionItems: readonly ActionItemDocument[], now: Date): ProgressPackData {
  const year = facts.plan.planYear;
  // The whole year's plan (activities not started yet count, at 0), the values reported so far.
  const period: Period = { from: new Date(Date.UTC(year, 0, 1)).toISOString(), to: new Date(Date.UTC(year + 1, 0, 1)).toISOString() };
  const scoped = workplanReportData(facts, period);
  const rows = distinctActivities(scoped);
  const agencies = new Map<string, ActivityProgressRow[]>();
  for (const row of rows) agencies.set(row.leadAgency, [...(agencies.get(row.leadAgency) ?? []), row]);
  const byAgency = [...agencies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agencyCode, own]) => {
      const counted = own.filter((row) => row.progress !== undefined);
      const byStatus: Partial<Record<ActivityStatus, number>> = {};
      for (const row of own) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
      return { agencyCode, activities: own.length, progress: counted.length === 0 ? 0 : counted.reduce((sum, row) => sum + (row.progress ?? 0), 0) / counted.length, byStatus };
    });
  const inForce = facts.activities.flatMap((activity) => (activity.adopted?.version === scoped.version && activity.adopted.content ? [{ activityId: activity.activityId, content: activity.adopted.content }] : []));
  const quarters = QUARTERS.filter((quarter) => scoped.version > 0 && quarterStart(year, quarter) <= now.getTime()).map((quarter) => {
    const expected = expectedReports(inForce, quarter);
    const reported = new Set(facts.reports.filter((report) => report.quarter === quarter).map((report) => report.activityId));
    const missing = new Set(expected.filter((activity) => !reported.has(activity.activityId)).map((activity) => activity.content.leadAgency));
    return { quarter, expected: expected.length, reported: expected.filter((activity) => reported.has(activity.activityId)).length, missingAgencies: [...missing].sort() };
  });
  const today = now.toISOString().slice(0, 10);
  return {
    plan: scoped,
    byAgency,
    quarters,
    overdue: actionItems.filter((item) => isOverdue(item, today)).sort((a, b) => a.due.localeCompare(b.due) || a.itemId.localeCompare(b.itemId)),
  };
}
