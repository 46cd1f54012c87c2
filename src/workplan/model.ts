/**
 * Documents and plain types of the work-plan slice (no SDK, no store): the annual plan, its
 * activities (one document each), the frozen versions ExCom adopted, consultation comments,
 * quarterly reports (one document per activity and quarter) and action items. Every document
 * lives in the network's partition; ids and types are named once here.
 *
 * Sizes: the plan document holds its lifecycle and the list of adopted versions (one entry per
 * ExCom decision, a handful a year); an activity, a report, a comment and an action item are
 * each their own document, so drafting, commenting and reporting never rewrite a growing one.
 * A version snapshot holds every activity of the plan as adopted (read for the diff and the
 * export, never in a card action).
 */
import type { StoredDocument } from '../store/document-store';

export const WORKPLAN_DOCUMENT_TYPES = {
  plan: 'workplan',
  activity: 'workplanActivity',
  version: 'workplanVersion',
  comment: 'workplanComment',
  report: 'workplanReport',
  actionItem: 'workplanActionItem',
} as const;

/** What the decisions slice records as the subject of an adoption decision (decision.subject.kind). */
export const WORKPLAN_DECISION_SUBJECT = 'workplan';

export const planDocumentId = (year: number) => `workplan:${year}`;
export const activityDocumentId = (year: number, activityId: string) => `workplan-activity:${year}:${activityId}`;
export const versionDocumentId = (year: number, version: number) => `workplan-version:${year}:${version}`;
export const commentDocumentId = (year: number, commentId: string) => `workplan-comment:${year}:${commentId}`;
/** One report per (activity, quarter): reporting again replaces it, never adds a second. */
export const reportDocumentId = (year: number, activityId: string, quarter: Quarter) => `workplan-report:${year}:${activityId}:q${quarter}`;
export const actionItemDocumentId = (itemId: string) => `workplan-action:${itemId}`;
/** The decision subject id of version `version` of the plan of `year`. */
export const planSubjectId = (year: number, version: number) => `${year}:${version}`;

export type Quarter = 1 | 2 | 3 | 4;
export const QUARTERS: readonly Quarter[] = [1, 2, 3, 4];

export const ACTIVITY_STATUSES = ['planned', 'ongoing', 'done', 'delayed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/**
 * The plan's life: drafted, put to all members' consultation, submitted to ExCom (a decision),
 * adopted (version N frozen), amended through a new draft and decision (version N+1), closed
 * after the year (and its last quarter's reports).
 */
export const PLAN_STATUSES = ['draft', 'consultation', 'submitted', 'adopted', 'amendmentDraft', 'amendmentSubmitted', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Units an indicator is counted in: a value reported in another unit is refused. */
export const INDICATOR_UNITS = ['count', 'people', 'percent', 'days', 'usd', 'gnf'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

export const CURRENCIES = ['USD', 'EUR', 'GNF'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Texts {
  readonly fr?: string;
  readonly en?: string;
}

export type ActivityPeriod =
  | { readonly kind: 'quarters'; readonly from: Quarter; readonly to: Quarter }
  /** Calendar days (YYYY-MM-DD) within the plan's year, start ≤ end. */
  | { readonly kind: 'dates'; readonly start: string; readonly end: string };

export interface Indicator {
  /** Stable within the activity (i1, i2…): reports name it. */
  readonly id: string;
  readonly label: Texts;
  readonly unit: IndicatorUnit;
  readonly baseline: number;
  readonly target: number;
}

export interface Budget {
  readonly amount: number;
  readonly currency: Currency;
  readonly fundingSource?: string;
}

/** What a version freezes of an activity: everything the plan says about it. */
export interface ActivityContent {
  readonly description: Texts;
  /** GCM objectives 1–23, sorted, without duplicates, at least one. */
  readonly objectives: readonly number[];
  readonly leadAgency: string;
  /** Network agency codes (directory), sorted, without the lead. */
  readonly contributingAgencies: readonly string[];
  /** Partners outside the network, by name. */
  readonly externalPartners: readonly string[];
  readonly workingGroupId?: string;
  readonly period: ActivityPeriod;
  readonly indicators: readonly Indicator[];
  readonly budget?: Budget;
  readonly status: ActivityStatus;
}

export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
}

/** One adoption: version N of the plan, frozen, and the ExCom decision that adopted it. */
export interface AdoptedVersion {
  readonly version: number;
  readonly decisionId: string;
  /** `DEC-YYYY-NNN`. */
  readonly registerNumber: string;
  readonly adoptedAt: string;
}

/** The version before ExCom now: its snapshot and the decision it is put to. */
export interface Submission {
  readonly version: number;
  /** Absent between the plan's freeze and the decision's creation (a crash there: submit again). */
  readonly decisionId?: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
}

export interface PlanDocument extends StoredDocument {
  readonly type: typeof WORKPLAN_DOCUMENT_TYPES.plan;
  readonly planYear: number;
  readonly title: { readonly fr: string; readonly en: string };
  readonly status: PlanStatus;
  /** Adopted versions, oldest first; the last is the one in force. */
  readonly versions: readonly AdoptedVersion[];
  readonly submission?: Submission;
  /** The last submission ExCom did not adopt (no consensus): shown so drafters know why they are back. */
  readonly lastRefusal?: { readonly version: number; readonly decisionId: string; readonly registerNumber?: string; readonly at: string };
  readonly consultationOpenedAt?: string;
  /** The version every activity document holds as `adopted` (behind the version in force after a crash). */
  readonly frozenVersion?: number;
  /** Quarters whose report cards went to the lead agencies, and whose reminders did. */
  readonly reportRequests?: readonly Quarter[];
  readonly reportReminders?: readonly Quarter[];
  readonly createdBy: Actor;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
}

export interface ActivityDocument extends StoredDocument {
  readonly type: typeof WORKPLAN_DOCUMENT_TYPES.activity;
  readonly planYear: number;
  readonly activityId: string;
  /** The working copy: what drafters edit and the next submission freezes. */
  readonly content: ActivityContent;
  /** Taken out of the working copy (the next version leaves it out). */
  readonly withdrawn?: boolean;
  /**
   * The activity as the version in force says it: reports are checked against this, never the
   * working copy. Absent content = not part of that version (added after it, or withdrawn).
   */
  readonly adopted?: { readonly version: number; readonly content?: ActivityContent };
  readonly proposedBy: Actor & { readonly agencyCode?: string };
  readonly proposedAt: string;
  /** Moves with every change of the working copy: an edit made on an older one is refused. */
  readonly revision: number;
  readonly updatedAt: string;
}

export interface VersionActivity {
  readonly activityId: string;
  readonly content: ActivityContent;
}

export interface VersionDocument extends StoredDocument {
  readonly type: typeof WORKPLAN_DOCUMENT_TYPES.version;
  readonly planYear: number;
  readonly version: number;
  readonly state: 'submitted' | 'adopted' | 'notAdopted';
  readonly title: { readonly fr: string; readonly en: string };
  readonly activities: readonly VersionActivity[];
  readonly decisionId?: string;
  readonly registerNumber?: string;
  readonly submittedAt: string;
  readonly adoptedAt?: string;
}

export interface CommentDocument extends StoredDocument {
  readonly type: typeof WORKPLAN_DOCUMENT_TYPES.comment;
  readonly planYear: number;
  readonly commentId: string;
  readonly activityId: string;
  readonly agencyCode: string;
  readonly author: Actor;
  readonly text: string;
  readonly at: string;
}

export interface IndicatorValue {
  readonly indicatorId: string;
  readonly value: number;
  readonly unit: IndicatorUnit;
}

/** Evidence of progress: an https link or a migration update shared in Réseau. */
export type Evidence = { readonly kind: 'link'; readonly url: string } | { readonly kind: 'update'; readonly updateId: string };

export interface ReportContent {
  readonly status: ActivityStatus;
  readonly values: readonly IndicatorValue[];
  readonly narrative: string;
  readonly evidence?: Evidence;
}

export interface ReportDocument extends StoredDocument, ReportContent {
  readonly type: typeof WORKPLAN_DOCUMENT_TYPES.report;
  readonly planYear: number;
  readonly quarter: Quarter;
  readonly activityId: string;
  readonly agencyCode: string;
  /** The plan version the report was made against. */
  readonly planVersion: number;
  readonly reportedBy: Actor;
  readonly reportedAt: string;
  /** How many times it was reported (the first counts 1). */
  readonly revision: number;
}

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface ActionItemDocument extends StoredDocument {
  readonly type: typeof WORKPLAN_DOCUMENT_TYPES.actionItem;
  readonly itemId: string;
  /** The year of its due date: open items are listed a year at a time (indexed). */
  readonly planYear: number;
  readonly text: string;
  readonly ownerAgency: string;
  /** YYYY-MM-DD. */
  readonly due: string;
  readonly status: ActionItemStatus;
  /** The meeting whose minutes it comes from, when it does. */
  readonly meetingId?: string;
  readonly createdBy: Actor;
  readonly createdAt: string;
  readonly closedBy?: Actor;
  readonly closedAt?: string;
  /** The owner agency was sent its reminder card (before the due date). */
  readonly reminded?: boolean;
  /**
   * Bumped when the minutes change the item's owner agency or due day: the new terms are reminded
   * again under a new outbox key (the outbox sends a key once).
   */
  readonly reminderRound?: number;
}
