/**
 * The plan as each reader sees it (never the stored documents): the version in force with each
 * activity's progress from its reports, the drafts in progress for confirmed members, budgets
 * and who proposed what for confirmed members only (pending people read the adopted plan), and
 * what the reader may do — the tab offers it, the service checks it again on every change.
 */
import { may } from '../network/permissions';
import type { Person } from '../network/roles';
import type { ActivityContent, ActivityDocument, ActivityStatus, PlanDocument, PlanStatus, Quarter, ReportDocument, Texts, VersionActivity } from './model';
import { activityProgress, allows, progressByObjective, versionDiff, type ActivityChange, type ObjectiveProgress } from './workplan-rules';

/**
 * Drafts, withdrawn activities and amendments in progress are for confirmed members; pending
 * people read the plan in force only (and no budgets). One rule for the plan view and the changes.
 */
export function readsDrafts(reader: Person): boolean {
  return reader.roles.size > 0 && !reader.roles.has('pending');
}

export interface ActivityView {
  readonly activityId: string;
  /** In the version in force (false: a draft not adopted yet). */
  readonly inForce: boolean;
  /** The version in force's content; the working copy for a draft. */
  readonly content: ActivityContent;
  /** The working copy when it differs from the version in force (an amendment in progress). */
  readonly draft?: ActivityContent;
  readonly withdrawn?: boolean;
  readonly revision: number;
  /** The latest reported status, else the planned one. */
  readonly status: ActivityStatus;
  /** 0–1; absent for a cancelled activity. */
  readonly progress?: number;
  readonly latestValues: Readonly<Record<string, number>>;
  readonly reports: Partial<Readonly<Record<Quarter, { readonly status: ActivityStatus; readonly reportedAt: string; readonly narrative: string }>>>;
  readonly lastNarrative?: string;
  readonly proposedBy?: string;
  /** Edit or withdraw it: the rule the service applies to both (the plan's stage and the working copy's lead agency). */
  readonly mayEdit: boolean;
  readonly mayReport: boolean;
}

export interface PlanView {
  readonly year: number;
  readonly title: { readonly fr: string; readonly en: string };
  readonly status: PlanStatus;
  /** The version in force (0 before the first adoption). */
  readonly version: number;
  readonly versions: readonly { readonly version: number; readonly registerNumber: string; readonly decisionId: string; readonly adoptedAt: string }[];
  readonly submission?: { readonly version: number; readonly decisionId?: string };
  readonly lastRefusal?: { readonly version: number; readonly registerNumber?: string };
  readonly comments: number;
  readonly activities: readonly ActivityView[];
  readonly byObjective: readonly ObjectiveProgress[];
  readonly may: {
    readonly draft: boolean;
    readonly propose: boolean;
    readonly comment: boolean;
    readonly submit: boolean;
    readonly viewReporting: boolean;
    /** What an amendment changes against the version in force (GET …/changes): confirmed members, once a version is in force. */
    readonly readChanges: boolean;
  };
}

export function planView(plan: PlanDocument, activities: readonly ActivityDocument[], reports: readonly ReportDocument[], comments: number, reader: Person): PlanView {
  const confirmed = readsDrafts(reader);
  const version = plan.versions.at(-1)?.version ?? 0;
  const editable = allows(plan.status, 'editActivities');
  const reportsByActivity = new Map<string, ReportDocument[]>();
  for (const report of [...reports].sort((a, b) => a.quarter - b.quarter)) reportsByActivity.set(report.activityId, [...(reportsByActivity.get(report.activityId) ?? []), report]);
  const views: ActivityView[] = [];
  for (const activity of [...activities].sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.activityId.localeCompare(b.activityId))) {
    const adopted = activity.adopted?.version === version ? activity.adopted.content : undefined;
    const inForce = version > 0 && adopted !== undefined;
    // Pending people read the plan in force only; drafts and withdrawn ones are for confirmed members.
    if (!inForce && (!confirmed || activity.withdrawn)) continue;
    const content = adopted ?? activity.content;
    const own = reportsByActivity.get(activity.activityId) ?? [];
    const latestValues: Record<string, number> = {};
    for (const report of own) for (const value of report.values) latestValues[value.indicatorId] = value.value;
    const last = own.at(-1);
    const status = inForce && last ? last.status : content.status;
    const progress = activityProgress(content, new Map(Object.entries(latestValues)), status);
    const draftDiffers = inForce && confirmed && (activity.withdrawn || JSON.stringify(activity.content) !== JSON.stringify(adopted));
    views.push({
      activityId: activity.activityId,
      inForce,
      content: confirmed ? content : withoutBudget(content),
      ...(draftDiffers ? { draft: activity.content } : {}),
      ...(activity.withdrawn && confirmed ? { withdrawn: true } : {}),
      revision: activity.revision,
      status,
      ...(progress !== undefined ? { progress } : {}),
      latestValues,
      reports: Object.fromEntries(own.map((report) => [report.quarter, { status: report.status, reportedAt: report.reportedAt, narrative: report.narrative }])),
      ...(last?.narrative ? { lastNarrative: last.narrative } : {}),
      ...(confirmed ? { proposedBy: activity.proposedBy.name } : {}),
      // The working copy's lead agency, as the service checks an edit or a withdrawal (an amendment may hand an activity over).
      mayEdit: editable && (may(reader, 'draftWorkplan') || may(reader, 'proposeWorkplanActivity', { agencyCode: activity.content.leadAgency })),
      mayReport: inForce && allows(plan.status, 'report') && may(reader, 'reportOnWorkplan', { agencyCode: content.leadAgency }),
    });
  }
  return {
    year: plan.planYear,
    title: plan.title,
    status: plan.status,
    version,
    versions: plan.versions.map((entry) => ({ version: entry.version, registerNumber: entry.registerNumber, decisionId: entry.decisionId, adoptedAt: entry.adoptedAt })),
    ...(plan.submission ? { submission: { version: plan.submission.version, ...(plan.submission.decisionId ? { decisionId: plan.submission.decisionId } : {}) } } : {}),
    ...(plan.lastRefusal ? { lastRefusal: { version: plan.lastRefusal.version, ...(plan.lastRefusal.registerNumber ? { registerNumber: plan.lastRefusal.registerNumber } : {}) } } : {}),
    comments: confirmed ? comments : 0,
    activities: views,
    byObjective: progressByObjective(views.filter((view) => view.inForce || version === 0).map((view) => ({ objectives: view.content.objectives, progress: view.progress }))),
    may: {
      draft: editable && may(reader, 'draftWorkplan'),
      propose: editable && (may(reader, 'draftWorkplan') || may(reader, 'proposeWorkplanActivity', reader.agencyCode ? { agencyCode: reader.agencyCode } : {})),
      comment: allows(plan.status, 'comment') && may(reader, 'commentOnWorkplan'),
      submit: allows(plan.status, 'submit') && may(reader, 'submitWorkplan'),
      viewReporting: may(reader, 'viewWorkplanReporting'),
      readChanges: confirmed && version > 0,
    },
  };
}

/** One activity's change, named by its description (the new one when it changed) so a reader knows which it is. */
export type ChangeView = ActivityChange & { readonly description: Texts };

/**
 * What an amendment changes: from the version in force (`from`) to the version put to ExCom
 * (`to`, once submitted) or the working copy (`to` absent, while it is drafted).
 */
export interface PlanChangesView {
  readonly year: number;
  readonly from: number;
  readonly to?: number;
  readonly changes: readonly ChangeView[];
}

export function planChangesView(year: number, from: { readonly version: number; readonly activities: readonly VersionActivity[] }, to: { readonly version?: number; readonly activities: readonly VersionActivity[] }): PlanChangesView {
  const descriptions = new Map([...from.activities, ...to.activities].map((activity) => [activity.activityId, activity.content.description]));
  return {
    year,
    from: from.version,
    ...(to.version !== undefined ? { to: to.version } : {}),
    changes: versionDiff(from.activities, to.activities).map((change) => ({ ...change, description: descriptions.get(change.activityId) ?? {} })),
  };
}

function withoutBudget(content: ActivityContent): ActivityContent {
  const { budget: _budget, ...rest } = content;
  return rest;
}
