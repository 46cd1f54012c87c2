/**
 * Pure figures of the report to the Regional UN Network on Migration for a period: meetings
 * held and attendance by agency, decisions and outcomes, joint statements delivered, updates
 * per GCM objective, working groups. The inputs are plain facts read through ReportSources, so
 * the figures do not depend on how other slices store their documents.
 */
import { GCM_OBJECTIVES, UPDATE_KINDS, type Period, type UpdateDocument, type UpdateKind } from './model';
import { inPeriod } from './digest-rules';
import { parseDay } from '../scheduling/instants';
import { workplanReportData, type WorkplanFacts, type WorkplanReportData } from '../workplan/workplan-report-rules';

export interface MeetingFact {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  /** ISO instants. */
  readonly start: string;
  readonly status: 'scheduled' | 'cancelled';
  /** Agencies with at least one person invited. */
  readonly invitedAgencies: readonly string[];
  /** Agencies present: from the minutes when recorded, else from the RSVPs. */
  readonly attendedAgencies: readonly string[];
  readonly attendanceFrom: 'minutes' | 'rsvp';
}

export interface DecisionFact {
  readonly id: string;
  readonly registerNumber?: string;
  readonly title: string;
  /** ISO instant; undefined while the decision is open. */
  readonly closedAt?: string;
  readonly outcome: 'adopted' | 'noConsensus' | 'open';
}

export interface StatementFact {
  readonly id: string;
  readonly title: string;
  readonly deliveredAt: string;
}

export interface WorkingGroupFact {
  readonly name: string;
  readonly objective: string;
  readonly members: number;
  readonly externalPartners: number;
  readonly reviewDate: string;
  /** Closed by an ExCom review decision (group-reviews slice). */
  readonly closed?: boolean;
}

/** A list from another slice, or `undefined` when that slice records nothing yet. */
export type Recorded<T> = readonly T[] | undefined;

export interface ReportInputs {
  readonly period: Period;
  readonly now: Date;
  readonly agencyCodes: readonly string[];
  readonly updates: readonly UpdateDocument[];
  readonly meetings: Recorded<MeetingFact>;
  readonly decisions: Recorded<DecisionFact>;
  readonly statements: Recorded<StatementFact>;
  readonly workingGroups: Recorded<WorkingGroupFact>;
  /** The work plans of the years the period touches (the workplan slice's documents). */
  readonly workplans: Recorded<WorkplanFacts>;
}

export interface AttendanceRow {
  readonly agencyCode: string;
  readonly invited: number;
  readonly attended: number;
}

export interface ReportFigures {
  readonly period: Period;
  readonly generatedAt: string;
  readonly updates: {
    readonly total: number;
    /** All 23 objectives, in order, zero included: the chart shows gaps too. */
    readonly byObjective: readonly { readonly objective: number; readonly count: number }[];
    readonly withoutObjective: number;
    readonly byKind: readonly { readonly kind: UpdateKind; readonly count: number }[];
    readonly byAgency: readonly { readonly agencyCode: string; readonly count: number }[];
    /** Newest first, for the annex. */
    readonly list: readonly UpdateDocument[];
  };
  readonly meetings: { readonly recorded: boolean; readonly held: readonly MeetingFact[]; readonly attendance: readonly AttendanceRow[] };
  readonly decisions: { readonly recorded: boolean; readonly list: readonly DecisionFact[]; readonly adopted: number; readonly noConsensus: number };
  readonly statements: { readonly recorded: boolean; readonly list: readonly StatementFact[] };
  readonly workingGroups: { readonly recorded: boolean; readonly list: readonly WorkingGroupFact[] };
  /** One entry per plan year the period touches that has a plan, oldest first. */
  readonly workplan: { readonly recorded: boolean; readonly plans: readonly WorkplanReportData[] };
}

export function reportFigures(inputs: ReportInputs): ReportFigures {
  const { period } = inputs;
  const now = inputs.now.toISOString();
  const updates = inputs.updates.filter((update) => inPeriod(update.sharedAt, period)).sort((a, b) => (a.sharedAt < b.sharedAt ? 1 : -1));
  const byAgency = new Map<string, number>();
  for (const update of updates) byAgency.set(update.agencyCode, (byAgency.get(update.agencyCode) ?? 0) + 1);

  // Held = not cancelled, started within the period and already started when the report is made.
  const held = (inputs.meetings ?? [])
    .filter((meeting) => meeting.status !== 'cancelled' && inPeriod(meeting.start, period) && meeting.start <= now)
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  const attendance = new Map<string, { invited: number; attended: number }>();
  for (const meeting of held) {
    for (const code of new Set(meeting.invitedAgencies)) {
      const row = attendance.get(code) ?? { invited: 0, attended: 0 };
      row.invited += 1;
      attendance.set(code, row);
    }
    for (const code of new Set(meeting.attendedAgencies)) {
      const row = attendance.get(code) ?? { invited: 0, attended: 0 };
      row.attended += 1;
      attendance.set(code, row);
    }
  }
  const order = (code: string) => {
    const index = inputs.agencyCodes.indexOf(code);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const decisions = (inputs.decisions ?? [])
    .filter((decision) => decision.closedAt !== undefined && inPeriod(decision.closedAt, period))
    .sort((a, b) => ((a.closedAt ?? '') < (b.closedAt ?? '') ? -1 : 1));

  return {
    period,
    generatedAt: now,
    updates: {
      total: updates.length,
      byObjective: GCM_OBJECTIVES.map((objective) => ({ objective, count: updates.filter((update) => update.objectives.includes(objective)).length })),
      withoutObjective: updates.filter((update) => update.objectives.length === 0).length,
      byKind: UPDATE_KINDS.map((kind) => ({ kind, count: updates.filter((update) => update.kind === kind).length })),
      byAgency: [...byAgency.entries()]
        .map(([agencyCode, count]) => ({ agencyCode, count }))
        .sort((a, b) => b.count - a.count || order(a.agencyCode) - order(b.agencyCode)),
      list: updates,
    },
    meetings: {
      recorded: inputs.meetings !== undefined,
      held,
      attendance: [...attendance.entries()]
        .map(([agencyCode, row]) => ({ agencyCode, ...row }))
        .sort((a, b) => order(a.agencyCode) - order(b.agencyCode) || (a.agencyCode < b.agencyCode ? -1 : 1)),
    },
    decisions: {
      recorded: inputs.decisions !== undefined,
      list: decisions,
      adopted: decisions.filter((decision) => decision.outcome === 'adopted').length,
      noConsensus: decisions.filter((decision) => decision.outcome === 'noConsensus').length,
    },
    statements: {
      recorded: inputs.statements !== undefined,
      list: (inputs.statements ?? []).filter((statement) => inPeriod(statement.deliveredAt, period)).sort((a, b) => (a.deliveredAt < b.deliveredAt ? -1 : 1)),
    },
    workingGroups: { recorded: inputs.workingGroups !== undefined, list: inputs.workingGroups ?? [] },
    workplan: {
      recorded: inputs.workplans !== undefined,
      plans: [...(inputs.workplans ?? [])].sort((a, b) => a.plan.planYear - b.plan.planYear).map((facts) => workplanReportData(facts, period)),
    },
  };
}

/** `2026-01-01` / `2026-03-31` (inclusive days, UTC) → [2026-01-01T00:00Z, 2026-04-01T00:00Z). */
export function periodFromDays(fromDay: string, toDay: string): Period | undefined {
  // Days that exist (Date.parse reads 2026-02-30 as 2 March), from 2000 (before the network,
  // nothing to report) to 9998, so the exclusive end keeps a four-digit year and its ISO string
  // compares with the stored instants (`+010000-…` would sort before them all).
  const from = parseDay(fromDay);
  const to = parseDay(toDay);
  if (from === undefined || to === undefined || to < from) return undefined;
  if (from < Date.UTC(2000, 0, 1) || to >= Date.UTC(9999, 0, 1)) return undefined;
  // Ten years is more than any report covers; it bounds the work of one request.
  if (to - from > 3660 * 24 * 60 * 60 * 1000) return undefined;
  return { from: new Date(from).toISOString(), to: new Date(to + 24 * 60 * 60 * 1000).toISOString() };
}

/**
 * The periods a report card offers: the current quarter or year to date (today included, so what
 * was shared today counts), the previous full quarter or year, or dates the reader chooses.
 */
export const REPORT_PERIODS = ['quarter', 'previousQuarter', 'year', 'previousYear', 'custom'] as const;
export type ReportPeriodChoice = (typeof REPORT_PERIODS)[number];
/** What `rapport` alone covers: the current quarter, to date. */
export const DEFAULT_REPORT_PERIOD: ReportPeriodChoice = 'quarter';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The period a choice names at `now`, in whole UTC days (Conakry's time all year), or undefined
 * when custom dates are missing, do not exist, end before they start, start after today or span
 * more than periodFromDays allows. "To date" periods end with today included.
 */
export function reportPeriod(choice: ReportPeriodChoice, now: Date, custom: { readonly from?: string; readonly to?: string } = {}): Period | undefined {
  const year = now.getUTCFullYear();
  const quarterStart = Math.floor(now.getUTCMonth() / 3) * 3;
  const tomorrow = Date.UTC(year, now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const period = (from: number, to: number): Period => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  switch (choice) {
    case 'quarter':
      return period(Date.UTC(year, quarterStart, 1), tomorrow);
    case 'previousQuarter':
      return period(Date.UTC(year, quarterStart - 3, 1), Date.UTC(year, quarterStart, 1));
    case 'year':
      return period(Date.UTC(year, 0, 1), tomorrow);
    case 'previousYear':
      return period(Date.UTC(year - 1, 0, 1), Date.UTC(year, 0, 1));
    case 'custom': {
      if (!custom.from || !custom.to) return undefined;
      const chosen = periodFromDays(custom.from, custom.to);
      // Nothing can have happened yet in a period that starts after today.
      return chosen && Date.parse(chosen.from) < tomorrow ? chosen : undefined;
    }
  }
}
