/**
 * The work-plan service: drafting the annual plan with all members, its adoption as an ExCom
 * decision (through the decisions slice), quarterly reports agency by agency, and action items.
 * Loads documents, applies the pure rules (workplan-rules.ts), saves with ETags and writes every
 * change to the audit trail. Rights come from the permissions table only; refusals are
 * WorkplanErrors with a code, and a refused request changes nothing.
 *
 * Adoption, crash-safe: submitting (1) moves the plan to `submitted` on its ETag (frozen from
 * here: no edit lands after), (2) writes the version's snapshot, (3) opens the ExCom decision
 * with the subject `workplan`/`<year>:<version>`, (4) records the decision id on the plan. The
 * decisions slice tells `takeOutcome` once the decision is closed and numbered, and every read
 * of the plan and every tick asks the decision again while a submission is pending — so a crash
 * between any two steps, or before the notice, loses nothing: a submission whose decision was
 * opened but not recorded is recognised by its subject; one interrupted before the decision
 * opened is submitted again by a co-chair.
 */
import { randomUUID } from 'node:crypto';
import { toCsv } from '../api/csv-export';
import { fieldProblem, problemList, unknownAgency, type InReaderLanguage } from '../api/input-problems';
import { cardMessage, type AdaptiveCardJson, type CardRenderer } from '../cards/card-renderer';
import { TAB_ROUTES, tabLink, type TabLink } from '../cards/tab-links';
import { cardTemplates } from '../cards/templates';
import type { OutboxService } from '../delivery/outbox-service';
import type { OutboxActivity, Recipient } from '../delivery/outbox-rules';
import type { DecisionsService, NewDecision, SubjectOutcome } from '../decisions/decisions-service';
import type { DecisionMode } from '../decisions/consensus-rules';
import type { DecisionDocument } from '../decisions/model';
import { translate, type Language } from '../i18n';
import type { Logger } from '../logger';
import type { ActionItem as MinutesActionItem } from '../meetings/meeting-model';
import { MeetingRepository } from '../meetings/meeting-repository';
import { MembershipRepository } from '../network/membership-repository';
import type { MembershipService, MemberWithRoles } from '../network/membership-service';
import { may, type Action } from '../network/permissions';
import type { Person } from '../network/roles';
import { parseDay } from '../scheduling/instants';
import type { Versioned } from '../store/document-store';
import type { DocumentStore } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { WorkplanError } from './errors';
import { reportDocx } from '../updates/report-docx';
import { progressPackView } from './workplan-pack';
import { progressPackData } from './workplan-report-rules';
import {
  INDICATOR_UNITS,
  WORKPLAN_DECISION_SUBJECT,
  WORKPLAN_DOCUMENT_TYPES,
  actionItemDocumentId,
  activityDocumentId,
  commentDocumentId,
  planDocumentId,
  planSubjectId,
  reportDocumentId,
  versionDocumentId,
  type ActionItemDocument,
  type ActivityContent,
  type ActivityDocument,
  type Actor,
  type CommentDocument,
  type IndicatorUnit,
  type PlanDocument,
  type Quarter,
  type ReportDocument,
  type VersionActivity,
  type VersionDocument,
} from './model';
import {
  ACTION_ITEM_REMINDER_DAYS,
  ACTION_ITEM_TEXT_MAX,
  COMMENT_MAX,
  TITLE_MAX,
  allows,
  dayOf,
  expectedReports,
  isDueSoon,
  isOverdue,
  periodQuarters,
  planClosesAt,
  quarterEnd,
  reportWindow,
  reportingState,
  statusAfterDecision,
  submittedStatus,
  validateActivity,
  validateReport,
  versionDiff,
  type ActivityChange,
  type ActivityProblem,
  type RawActivity,
  type RawReport,
  type ReportingState,
} from './workplan-rules';
import { planChangesView, planView, readsDrafts, type PlanChangesView, type PlanView } from './workplan-views';
import { actionItemCardData, planSummaryCardData, reportCardData, type ReportCardSource } from './workplan-cards';
import { WorkplanRepository } from './workplan-repository';

export interface WorkplanServiceOptions {
  readonly store: DocumentStore;
  readonly membership: MembershipService;
  readonly decisions: DecisionsService;
  readonly outbox: OutboxService;
  readonly cards: CardRenderer;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** The app's public address: the summary card links the tab there. */
  readonly publicUrl?: () => string;
  /** Links to the tab's pages (a Teams deep link when the Teams app id is known): the summary card opens the work-plan page. */
  readonly tabLink?: TabLink;
}

/** Outbox message keys, named once: idempotent per (key, recipient). */
export const messageKeys = {
  reportRequest: (year: number, quarter: Quarter, activityId: string) => `workplan:${year}:q${quarter}:${activityId}`,
  reportReminder: (year: number, quarter: Quarter, activityId: string) => `workplan:${year}:q${quarter}:${activityId}:reminder`,
  /** Round 0 is the item as first tracked; an edit of its owner or due day starts the next round (reminded again). */
  actionItemReminder: (itemId: string, round = 0) => `workplan-action:${itemId}:reminder${round > 0 ? `:${round}` : ''}`,
} as const;

/** Days after a quarter's end the lead agencies that have not reported are reminded. */
export const REPORT_REMINDER_DAYS = 14;

export interface NewPlan {
  readonly year: number;
  readonly title: { readonly fr: string; readonly en: string };
}

export interface Submission {
  readonly mode: DecisionMode;
  /** ISO instant of the ExCom decision's deadline. */
  readonly deadline: string;
  readonly reminderOffsetsMinutes?: readonly number[];
}

export interface ReportInput extends RawReport {
  readonly quarter: Quarter;
  /** The plan version the card or page showed: a report made on an older one is refused. */
  readonly planVersion: number;
  /**
   * Values typed in the report card, whose inputs are each labelled with their indicator's unit:
   * they are in that unit (the API, which may send any unit, leaves this unset and is checked).
   */
  readonly inIndicatorUnits?: boolean;
}

export interface NewActionItem {
  readonly text: string;
  readonly ownerAgency: string;
  readonly due: string;
  readonly meetingId?: string;
}

export interface CommentsByActivity {
  readonly activityId: string;
  readonly byAgency: readonly { readonly agencyCode: string; readonly comments: readonly { readonly author: string; readonly text: string; readonly at: string }[] }[];
}

export interface ActionItemView extends Omit<ActionItemDocument, 'networkId' | 'type' | 'id'> {
  readonly overdue: boolean;
  /** The reader may mark it done (the permissions table: the owner agency's representatives, secretariat, co-chairs). */
  readonly mayClose: boolean;
}

// The years a tick looks at: last year's plan closes in January, next year's is drafted in December.
const TICK_YEARS = [-1, 0, 1];
const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

export class WorkplanService {
  private readonly repository: WorkplanRepository;
  private readonly members: MembershipRepository;
  /** Read only: the minutes whose action items are tracked here. */
  private readonly meetings: MeetingRepository;
  private readonly now: () => Date;

  constructor(private readonly options: WorkplanServiceOptions) {
    this.repository = new WorkplanRepository(options.store);
    this.members = new MembershipRepository(options.store);
    this.meetings = new MeetingRepository(options.store);
    this.now = options.now ?? (() => new Date());
    options.decisions.observeSubjectOutcomes(WORKPLAN_DECISION_SUBJECT, (outcome) => this.takeOutcome(outcome));
  }

  /** The service's clock, for edges that name the current year. */
  clock(): Date {
    return this.now();
  }

  // ---- the plan ------------------------------------------------------------------------------

  async createPlan(networkId: string, actor: Actor, input: NewPlan): Promise<PlanDocument> {
    await this.require(networkId, actor.aadObjectId, 'draftWorkplan');
    const year = checkYear(input.year);
    const title = { fr: input.title.fr.trim(), en: input.title.en.trim() };
    if (!title.fr || !title.en || title.fr.length > TITLE_MAX || title.en.length > TITLE_MAX) {
      throw new WorkplanError('invalidInput', 'A plan needs its title in French and in English.', (language) => translate(language, 'workplan.invalid.title', { max: TITLE_MAX }));
    }
    const at = this.now().toISOString();
    const plan: PlanDocument = {
      id: planDocumentId(year),
      networkId,
      type: WORKPLAN_DOCUMENT_TYPES.plan,
      planYear: year,
      title,
      status: 'draft',
      versions: [],
      createdBy: actor,
      createdAt: at,
      updatedAt: at,
    };
    if (!(await this.repository.createPlan(plan))) throw new WorkplanError('planExists', `The plan of ${year} exists already.`, String(year));
    await this.audit(networkId, actor.aadObjectId, 'workplan.create', plan.id, null, { year, title });
    return plan;
  }

  /** The plan of a year as the reader may see it (workplan-views.ts); a decided submission is taken in first. */
  /** The years with a plan, for whoever may read one (the tab asks before opening a year). */
  async planYears(networkId: string, actorId: string): Promise<number[]> {
    await this.person(networkId, actorId);
    return this.repository.planYears(networkId);
  }

  async plan(networkId: string, actorId: string, year: number): Promise<PlanView> {
    const person = await this.person(networkId, actorId);
    const plan = await this.reconciled(networkId, checkYear(year));
    const [activities, reports, comments] = await Promise.all([
      this.repository.activities(networkId, plan.planYear),
      this.repository.reports(networkId, plan.planYear),
      allows(plan.status, 'comment') || plan.status === 'submitted' ? this.repository.comments(networkId, plan.planYear) : Promise.resolve([]),
    ]);
    return planView(plan, activities.map((entry) => entry.document), reports, comments.length, person);
  }

  async openConsultation(networkId: string, actorId: string, year: number): Promise<PlanDocument> {
    await this.require(networkId, actorId, 'draftWorkplan');
    return this.moveStatus(networkId, actorId, year, 'openConsultation', (plan, at) => ({ ...plan, status: 'consultation', consultationOpenedAt: at }), 'workplan.consultation');
  }

  async openAmendment(networkId: string, actorId: string, year: number): Promise<PlanDocument> {
    await this.require(networkId, actorId, 'draftWorkplan');
    return this.moveStatus(networkId, actorId, year, 'openAmendment', (plan) => ({ ...plan, status: 'amendmentDraft' }), 'workplan.amendment');
  }

  /** Closing the year: by a co-chair once the year is over, by the tick after the last quarter's grace. */
  async closePlan(networkId: string, actorId: string, year: number): Promise<PlanDocument> {
    await this.require(networkId, actorId, 'submitWorkplan');
    if (this.now().getTime() < Date.UTC(year + 1, 0, 1)) throw new WorkplanError('wrongStatus', `The plan of ${year} closes after the year.`, String(year));
    return this.moveStatus(networkId, actorId, year, 'close', (plan, at) => ({ ...plan, status: 'closed', closedAt: at }), 'workplan.close');
  }

  private async moveStatus(
    networkId: string,
    actorId: string,
    year: number,
    step: 'openConsultation' | 'openAmendment' | 'close',
    change: (plan: PlanDocument, at: string) => PlanDocument,
    auditAction: string,
  ): Promise<PlanDocument> {
    await this.reconciled(networkId, checkYear(year));
    let before: PlanDocument | undefined;
    const saved = await this.updatePlan(networkId, year, (plan) => {
      if (!allows(plan.status, step)) throw new WorkplanError(plan.status === 'closed' ? 'planClosed' : 'wrongStatus', `A plan in ${plan.status} cannot ${step}.`, planStatusName(plan.status));
      before = plan;
      const at = this.now().toISOString();
      return { ...change(plan, at), updatedAt: at };
    });
    await this.audit(networkId, actorId, auditAction, saved.id, { status: before?.status }, { status: saved.status });
    return saved;
  }

  // ---- activities ----------------------------------------------------------------------------

  /** Drafters add any activity; any confirmed member one led by their own agency. */
  async proposeActivity(networkId: string, actor: Actor, year: number, raw: RawActivity): Promise<ActivityDocument> {
    const person = await this.person(networkId, actor.aadObjectId);
    const plan = await this.editablePlan(networkId, year);
    const content = await this.validActivity(networkId, plan.planYear, raw);
    this.assertMayEdit(person, content.leadAgency);
    const at = this.now().toISOString();
    const activityId = randomUUID();
    const activity: ActivityDocument = {
      id: activityDocumentId(plan.planYear, activityId),
      networkId,
      type: WORKPLAN_DOCUMENT_TYPES.activity,
      planYear: plan.planYear,
      activityId,
      content,
      proposedBy: { ...actor, ...(person.agencyCode ? { agencyCode: person.agencyCode } : {}) },
      proposedAt: at,
      revision: 1,
      updatedAt: at,
    };
    await this.repository.createActivity(activity);
    await this.audit(networkId, actor.aadObjectId, 'workplan.activity.propose', activity.id, null, content);
    return activity;
  }

  /** A change of the working copy, made on revision `revision` (a page showing an older one is refused). */
  async updateActivity(networkId: string, actor: Actor, year: number, activityId: string, revision: number, raw: RawActivity): Promise<ActivityDocument> {
    const person = await this.person(networkId, actor.aadObjectId);
    const plan = await this.editablePlan(networkId, year);
    const read = await this.loadActivity(networkId, plan.planYear, activityId);
    const content = await this.validActivity(networkId, plan.planYear, raw);
    // Both the agency that leads it now and the one it is handed to must be the editor's.
    this.assertMayEdit(person, read.document.content.leadAgency);
    this.assertMayEdit(person, content.leadAgency);
    return this.saveActivity(networkId, actor.aadObjectId, read, revision, { content, withdrawn: false }, 'workplan.activity.update');
  }

  /** Takes an activity out of the working copy: the next version leaves it out. */
  async withdrawActivity(networkId: string, actor: Actor, year: number, activityId: string, revision: number): Promise<ActivityDocument> {
    const person = await this.person(networkId, actor.aadObjectId);
    const plan = await this.editablePlan(networkId, year);
    const read = await this.loadActivity(networkId, plan.planYear, activityId);
    this.assertMayEdit(person, read.document.content.leadAgency);
    return this.saveActivity(networkId, actor.aadObjectId, read, revision, { content: read.document.content, withdrawn: true }, 'workplan.activity.withdraw');
  }

  private async saveActivity(
    networkId: string,
    actorId: string,
    read: Versioned<ActivityDocument>,
    revision: number,
    change: { readonly content: ActivityContent; readonly withdrawn: boolean },
    auditAction: string,
  ): Promise<ActivityDocument> {
    const current = read.document;
    if (current.revision !== revision) throw new WorkplanError('staleActivity', `Activity ${current.activityId} is at revision ${current.revision}, not ${revision}.`);
    const { withdrawn: _withdrawn, ...rest } = current;
    const next: ActivityDocument = { ...rest, content: change.content, ...(change.withdrawn ? { withdrawn: true } : {}), revision: current.revision + 1, updatedAt: this.now().toISOString() };
    try {
      await this.repository.replaceActivity(next, read.etag);
    } catch (error) {
      if (error instanceof StoreConflictError) throw new WorkplanError('staleActivity', `Activity ${current.activityId} changed meanwhile.`);
      throw error;
    }
    // The plan may have been submitted between the check and this write: then the edit must not stand.
    const plan = await this.loadPlan(networkId, current.planYear);
    if (!allows(plan.status, 'editActivities')) {
      await this.restoreActivity(current, next);
      throw new WorkplanError('frozen', `The plan of ${current.planYear} was submitted meanwhile.`);
    }
    await this.audit(networkId, actorId, auditAction, next.id, current.content, change.withdrawn ? { withdrawn: true } : change.content);
    return next;
  }

  private async restoreActivity(previous: ActivityDocument, written: ActivityDocument): Promise<void> {
    const read = await this.repository.getActivity(previous.networkId, previous.planYear, previous.activityId);
    if (read && read.document.revision === written.revision) await this.repository.replaceActivity({ ...previous, revision: written.revision + 1 }, read.etag).catch(() => undefined);
  }

  // ---- consultation ----------------------------------------------------------------------------

  async comment(networkId: string, actor: Actor, year: number, activityId: string, text: string): Promise<CommentDocument> {
    const person = await this.require(networkId, actor.aadObjectId, 'commentOnWorkplan');
    const plan = await this.loadPlan(networkId, checkYear(year));
    if (!allows(plan.status, 'comment')) throw new WorkplanError(plan.status === 'closed' ? 'planClosed' : 'wrongStatus', `No consultation on the plan of ${year} now.`, planStatusName(plan.status));
    await this.loadActivity(networkId, plan.planYear, activityId);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > COMMENT_MAX) throw new WorkplanError('invalidInput', 'A comment has 1–2000 characters.', fieldProblem('comment', trimmed === '' ? 'missing' : 'tooBig', { maximum: COMMENT_MAX }));
    const commentId = randomUUID();
    const comment: CommentDocument = {
      id: commentDocumentId(plan.planYear, commentId),
      networkId,
      type: WORKPLAN_DOCUMENT_TYPES.comment,
      planYear: plan.planYear,
      commentId,
      activityId,
      agencyCode: person.agencyCode ?? '',
      author: await this.named(networkId, actor),
      text: trimmed,
      at: this.now().toISOString(),
    };
    await this.repository.createComment(comment);
    await this.audit(networkId, actor.aadObjectId, 'workplan.comment', comment.id, null, { activityId, text: trimmed });
    return comment;
  }

  /** The consultation's comments per activity, grouped by agency (pending people read none). */
  async comments(networkId: string, actorId: string, year: number): Promise<CommentsByActivity[]> {
    await this.require(networkId, actorId, 'commentOnWorkplan');
    const comments = await this.repository.comments(networkId, checkYear(year));
    const byActivity = new Map<string, Map<string, CommentDocument[]>>();
    for (const comment of comments) {
      const agencies = byActivity.get(comment.activityId) ?? new Map<string, CommentDocument[]>();
      agencies.set(comment.agencyCode, [...(agencies.get(comment.agencyCode) ?? []), comment]);
      byActivity.set(comment.activityId, agencies);
    }
    return [...byActivity.entries()].map(([activityId, agencies]) => ({
      activityId,
      byAgency: [...agencies.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([agencyCode, list]) => ({ agencyCode, comments: list.map((comment) => ({ author: comment.author.name, text: comment.text, at: comment.at })) })),
    }));
  }

  // ---- adoption by ExCom -----------------------------------------------------------------------

  /** Puts the working copy to ExCom as version N+1 (see the file comment for the crash-safe steps). */
  async submit(networkId: string, actor: Actor, year: number, input: Submission): Promise<PlanDocument> {
    await this.require(networkId, actor.aadObjectId, 'submitWorkplan');
    // The decision's own checks first (rights, deadline, reminders): a refusal there leaves the plan as it was.
    await this.options.decisions.checkNewDecision(networkId, actor.aadObjectId, { title: 'check', text: { fr: 'check' }, ...decisionTerms(input) });
    const current = await this.reconciled(networkId, checkYear(year));
    const resuming = current.submission !== undefined && current.submission.decisionId === undefined;
    let plan = current;
    if (!resuming) {
      if (!allows(current.status, 'submit')) throw new WorkplanError(current.status === 'closed' ? 'planClosed' : 'frozen', `A plan in ${current.status} cannot be submitted.`, planStatusName(current.status));
      const activities = (await this.repository.activities(networkId, current.planYear)).filter((entry) => !entry.document.withdrawn);
      if (activities.length === 0) throw new WorkplanError('noActivities', `The plan of ${year} has no activity.`);
      const version = currentVersion(current) + 1;
      const at = this.now().toISOString();
      // Step 1: frozen from this write on; an edit racing it is refused (saveActivity re-checks).
      plan = await this.updatePlan(networkId, year, (latest) => {
        if (!allows(latest.status, 'submit')) throw new WorkplanError('frozen', `The plan of ${year} was submitted meanwhile.`, planStatusName(latest.status));
        return { ...latest, status: submittedStatus(latest.status), submission: { version, submittedAt: at, submittedBy: actor.aadObjectId }, updatedAt: at };
      });
    }
    const submission = plan.submission!;
    // Step 2: the snapshot, from the activities as they stand now the plan is frozen.
    const frozen = (await this.repository.activities(networkId, plan.planYear)).map((entry) => entry.document).filter((activity) => !activity.withdrawn);
    const snapshot: VersionDocument = {
      id: versionDocumentId(plan.planYear, submission.version),
      networkId,
      type: WORKPLAN_DOCUMENT_TYPES.version,
      planYear: plan.planYear,
      version: submission.version,
      state: 'submitted',
      title: plan.title,
      activities: frozen.map((activity) => ({ activityId: activity.activityId, content: activity.content })).sort((a, b) => a.activityId.localeCompare(b.activityId)),
      submittedAt: submission.submittedAt,
    };
    await this.repository.putVersion(snapshot);
    // Step 3: the ExCom decision, linked to this version.
    const previous = submission.version > 1 ? await this.repository.getVersion(networkId, plan.planYear, submission.version - 1) : undefined;
    const changes = previous ? versionDiff(previous.activities, snapshot.activities) : undefined;
    let decision: DecisionDocument;
    try {
      decision = await this.options.decisions.createDecision(networkId, actor, {
        title: `${plan.title.fr} — version ${submission.version}`.slice(0, TITLE_MAX),
        text: { fr: decisionText('fr', plan, snapshot, changes), en: decisionText('en', plan, snapshot, changes) },
        ...decisionTerms(input),
        subject: { kind: WORKPLAN_DECISION_SUBJECT, id: planSubjectId(plan.planYear, submission.version) },
      });
    } catch (error) {
      // Refused by the decisions slice (its own checks): the plan goes back to what it was.
      if (!resuming) await this.updatePlan(networkId, year, (latest) => (latest.submission?.version === submission.version && !latest.submission.decisionId ? unsubmitted(latest, current.status) : latest));
      throw error;
    }
    // Step 4: the plan names its decision (a crash before this is recognised by the subject).
    const saved = await this.updatePlan(networkId, year, (latest) =>
      latest.submission?.version === submission.version && latest.submission.decisionId === undefined ? { ...latest, submission: { ...latest.submission, decisionId: decision.decisionId } } : latest,
    );
    await this.repository.updateVersion(networkId, plan.planYear, submission.version, (version) => ({ ...version, decisionId: decision.decisionId }));
    await this.audit(networkId, actor.aadObjectId, 'workplan.submit', saved.id, { status: current.status }, { status: saved.status, version: submission.version, decisionId: decision.decisionId });
    return saved;
  }

  /**
   * What the decisions slice tells once a linked decision is closed and numbered (and what a
   * read or a tick finds by asking): adopted → version N in force, frozen in every activity;
   * not adopted → back to the draft it came from. A notice for another submission changes nothing.
   */
  async takeOutcome(outcome: SubjectOutcome): Promise<void> {
    if (outcome.subject?.kind !== WORKPLAN_DECISION_SUBJECT || outcome.outcome === undefined || outcome.registerNumber === undefined) return;
    const [yearText, versionText] = outcome.subject.id.split(':');
    const year = Number(yearText);
    const version = Number(versionText);
    if (!Number.isInteger(year) || !Number.isInteger(version)) return;
    const registerNumber = outcome.registerNumber;
    const adopted = outcome.outcome === 'adopted';
    const at = outcome.closedAt ?? this.now().toISOString();
    let before: PlanDocument | undefined;
    const saved = await this.updatePlan(outcome.networkId, year, (plan) => {
      const submission = plan.submission;
      const names = submission?.version === version && (submission.decisionId === outcome.decisionId || submission.decisionId === undefined);
      if (!submission || !names) return plan;
      before = plan;
      const { submission: _done, ...rest } = plan;
      return {
        ...rest,
        status: statusAfterDecision(plan.status, adopted),
        ...(adopted
          ? { versions: [...plan.versions, { version, decisionId: outcome.decisionId, registerNumber, adoptedAt: at }] }
          : { lastRefusal: { version, decisionId: outcome.decisionId, registerNumber, at } }),
        updatedAt: this.now().toISOString(),
      };
    });
    if (!before) return;
    await this.repository.updateVersion(outcome.networkId, year, version, (snapshot) => ({
      ...snapshot,
      decisionId: outcome.decisionId,
      state: adopted ? 'adopted' : 'notAdopted',
      registerNumber,
      ...(adopted ? { adoptedAt: at } : {}),
    }));
    await this.audit(outcome.networkId, 'system', adopted ? 'workplan.adopt' : 'workplan.notAdopted', saved.id, { status: before.status }, { status: saved.status, version, registerNumber });
    if (adopted) await this.freezeActivities(outcome.networkId, year);
  }

  /**
   * Writes the version in force into every activity (what reports are checked against). Once per
   * adoption; a crash half-way is finished by the next tick, and a report meeting an activity
   * not yet frozen freezes that one first.
   */
  private async freezeActivities(networkId: string, year: number): Promise<void> {
    const plan = await this.loadPlan(networkId, year);
    const version = currentVersion(plan);
    if (version === 0 || plan.frozenVersion === version) return;
    const snapshot = await this.repository.getVersion(networkId, year, version);
    if (!snapshot) return;
    for (const entry of await this.repository.activities(networkId, year)) await this.freezeActivity(entry, snapshot);
    await this.updatePlan(networkId, year, (latest) => (currentVersion(latest) === version ? { ...latest, frozenVersion: version } : latest));
  }

  private async freezeActivity(read: Versioned<ActivityDocument>, snapshot: VersionDocument): Promise<ActivityDocument> {
    if (read.document.adopted?.version === snapshot.version) return read.document;
    const content = snapshot.activities.find((activity) => activity.activityId === read.document.activityId)?.content;
    const next: ActivityDocument = { ...read.document, adopted: { version: snapshot.version, ...(content ? { content } : {}) } };
    try {
      await this.repository.replaceActivity(next, read.etag);
      return next;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const again = await this.repository.getActivity(read.document.networkId, read.document.planYear, read.document.activityId);
      return again ? this.freezeActivity(again, snapshot) : next;
    }
  }

  /** The plan, with a submission ExCom has decided taken in (one point read of the decision while one is pending). */
  private async reconciled(networkId: string, year: number): Promise<PlanDocument> {
    return this.reconcile(networkId, await this.loadPlan(networkId, year));
  }

  /** `plan` itself when no submission is pending or its decision is still open; else the plan once the outcome is taken in. */
  private async reconcile(networkId: string, plan: PlanDocument): Promise<PlanDocument> {
    const decisionId = plan.submission?.decisionId;
    if (!decisionId) return plan;
    const outcome = await this.options.decisions.subjectOutcome(networkId, decisionId);
    if (!outcome?.registerNumber) return plan;
    await this.takeOutcome(outcome);
    return this.loadPlan(networkId, plan.planYear);
  }

  /** Changes from version `from` to version `to` of a plan, per activity and field. */
  async diff(networkId: string, actorId: string, year: number, from: number, to: number): Promise<ActivityChange[]> {
    await this.person(networkId, actorId);
    const [before, after] = await Promise.all([this.repository.getVersion(networkId, checkYear(year), from), this.repository.getVersion(networkId, year, to)]);
    if (!before || !after) throw new WorkplanError('unknownPlan', `No version ${!before ? from : to} of the plan of ${year}.`);
    return versionDiff(before.activities, after.activities);
  }

  /**
   * What the amendment in progress changes, per activity and field: from the version in force to
   * the version put to ExCom (its snapshot, once submitted) or to the working copy (withdrawn
   * activities left out, as the submission will). For those who read drafts (workplan-views.ts).
   * Reads the member, the plan (+ its decision while pending), one snapshot, and the year's
   * activities or the submitted snapshot.
   */
  async changes(networkId: string, actorId: string, year: number): Promise<PlanChangesView> {
    const person = await this.person(networkId, actorId);
    if (!readsDrafts(person)) throw new WorkplanError('forbidden', `${actorId} may not read the plan's drafts.`);
    const plan = await this.reconciled(networkId, checkYear(year));
    const from = currentVersion(plan);
    if (from === 0) throw new WorkplanError('notAdopted', `The plan of ${year} has no version in force.`);
    const [inForce, submitted] = await Promise.all([
      this.repository.getVersion(networkId, plan.planYear, from),
      plan.submission ? this.repository.getVersion(networkId, plan.planYear, plan.submission.version) : Promise.resolve(undefined),
    ]);
    if (!inForce) throw new WorkplanError('unknownPlan', `No version ${from} of the plan of ${year}.`);
    if (submitted) return planChangesView(plan.planYear, inForce, submitted);
    const draft = (await this.repository.activities(networkId, plan.planYear)).map((entry) => entry.document).filter((activity) => !activity.withdrawn);
    return planChangesView(plan.planYear, inForce, { activities: draft.map((activity) => ({ activityId: activity.activityId, content: activity.content })) });
  }

  // ---- quarterly reports -----------------------------------------------------------------------

  /**
   * A lead agency's report on one activity for one quarter. Store operations, whatever the plan's
   * size and history: the person (cached), the plan, the activity and the quarter's report read
   * by id; one write of the report (create, or replace on its ETag) and one audit entry.
   */
  async report(networkId: string, actor: Actor, year: number, activityId: string, input: ReportInput): Promise<ReportDocument> {
    return (await this.recordReport(networkId, actor, year, activityId, input)).report;
  }

  /** The report answered in its card: the reporter's own card, from what the turn read and wrote (no further read). */
  async reportFromCard(networkId: string, actor: Actor, year: number, activityId: string, input: ReportInput, language: Language): Promise<AdaptiveCardJson> {
    const { report, content } = await this.recordReport(networkId, actor, year, activityId, input);
    return this.renderReportCard(
      { networkId, year, quarter: input.quarter, planVersion: report.planVersion, activityId, content, report, mayReport: true, notice: translate(language, 'workplan.card.reported', { quarter: input.quarter }) },
      language,
    );
  }

  /** The report card as the reader sees it now (Teams' refresh, or a card opened again). */
  async reportCard(networkId: string, viewerId: string, year: number, activityId: string, quarter: Quarter, language: Language): Promise<AdaptiveCardJson> {
    const person = await this.person(networkId, viewerId);
    const plan = await this.loadPlan(networkId, checkYear(year));
    const inForce = currentVersion(plan);
    let activity = (await this.loadActivity(networkId, plan.planYear, activityId)).document;
    if (inForce > 0 && activity.adopted?.version !== inForce) activity = await this.frozenNow(networkId, plan.planYear, activityId, inForce);
    const content = activity.adopted?.content;
    if (!content) throw new WorkplanError('notInPlan', `Activity ${activityId} is not in version ${inForce}.`);
    const report = (await this.repository.getReport(networkId, plan.planYear, activityId, quarter))?.document;
    const mayReport = reportWindow(plan.status, plan.planYear, quarter, this.now()) === undefined && may(person, 'reportOnWorkplan', { agencyCode: content.leadAgency });
    return this.renderReportCard({ networkId, year: plan.planYear, quarter, planVersion: inForce, activityId, content, ...(report ? { report } : {}), mayReport }, language);
  }

  private renderReportCard(source: ReportCardSource, language: Language): AdaptiveCardJson {
    return this.options.cards.render(cardTemplates.workplanReport, reportCardData(source, language));
  }

  /** `plan` / `plan de travail` in chat: the year's plan in short, with a link to the tab's work-plan page. */
  async summaryCard(networkId: string, viewerId: string, language: Language): Promise<AdaptiveCardJson | undefined> {
    const year = this.now().getUTCFullYear();
    if (!(await this.repository.getPlan(networkId, year))) {
      await this.person(networkId, viewerId);
      return undefined;
    }
    const view = await this.plan(networkId, viewerId, year);
    const link = (this.options.tabLink ?? tabLink({ ...(this.options.publicUrl ? { publicUrl: this.options.publicUrl } : {}) }))(TAB_ROUTES.workplan());
    return this.options.cards.render(cardTemplates.workplanSummary, planSummaryCardData(view, language, link));
  }

  private async recordReport(networkId: string, actor: Actor, year: number, activityId: string, input: ReportInput): Promise<{ readonly report: ReportDocument; readonly content: ActivityContent }> {
    const person = await this.person(networkId, actor.aadObjectId);
    if (!may(person, 'reportOnWorkplan', person.agencyCode ? { agencyCode: person.agencyCode } : {})) throw new WorkplanError('forbidden', `${actor.aadObjectId} may not report.`);
    const plan = await this.loadPlan(networkId, checkYear(year));
    const refusal = reportWindow(plan.status, plan.planYear, input.quarter, this.now());
    if (refusal) throw new WorkplanError(refusal, `No report on Q${input.quarter} ${year}: ${refusal}.`, quarterName(input.quarter));
    const inForce = currentVersion(plan);
    if (input.planVersion !== inForce) throw new WorkplanError('staleVersion', `Version ${input.planVersion} is no longer in force (${inForce} is).`, String(inForce));
    let activity = (await this.loadActivity(networkId, plan.planYear, activityId)).document;
    if (activity.adopted?.version !== inForce) activity = await this.frozenNow(networkId, plan.planYear, activityId, inForce);
    const content = activity.adopted?.content;
    if (!content) throw new WorkplanError('notInPlan', `Activity ${activityId} is not in version ${inForce}.`);
    if (!may(person, 'reportOnWorkplan', { agencyCode: content.leadAgency })) throw new WorkplanError('notLeadAgency', `${person.agencyCode} does not lead ${activityId}.`, content.leadAgency);
    if (!periodQuarters(content.period).includes(input.quarter)) throw new WorkplanError('outsidePeriod', `Activity ${activityId} does not run in Q${input.quarter}.`, quarterName(input.quarter));
    const values = input.inIndicatorUnits
      ? (input.values ?? []).map((value) => ({ ...value, unit: content.indicators.find((indicator) => indicator.id === value.indicatorId)?.unit ?? value.unit }))
      : input.values;
    const checked = validateReport({ ...input, ...(values ? { values } : {}) }, content);
    if (!checked.ok) {
      const wrongUnit = checked.problems.find((problem) => problem.code === 'wrongUnit');
      if (wrongUnit && wrongUnit.code === 'wrongUnit') throw new WorkplanError('wrongUnit', 'A value is not in its indicator’s unit.', (language) =>
          translate(language, 'workplan.invalid.wrongUnit', { indicator: wrongUnit.indicatorId, expected: unitName(language, wrongUnit.expected), got: unitName(language, wrongUnit.got) }),
        );
      const problems = checked.problems.map((problem): InReaderLanguage => (language) => translate(language, `workplan.problem.${problem.code}`, { indicator: 'indicatorId' in problem ? problem.indicatorId : '' }));
      throw new WorkplanError('invalidReport', `The report is not valid: ${checked.problems.map((problem) => problem.code).join(', ')}.`, problemList(problems));
    }
    const existing = await this.repository.getReport(networkId, plan.planYear, activityId, input.quarter);
    const report: ReportDocument = {
      id: reportDocumentId(plan.planYear, activityId, input.quarter),
      networkId,
      type: WORKPLAN_DOCUMENT_TYPES.report,
      planYear: plan.planYear,
      quarter: input.quarter,
      activityId,
      agencyCode: content.leadAgency,
      planVersion: inForce,
      ...checked.content,
      reportedBy: actor,
      reportedAt: this.now().toISOString(),
      revision: (existing?.document.revision ?? 0) + 1,
    };
    try {
      await this.repository.saveReport(report, existing?.etag);
    } catch (error) {
      if (error instanceof StoreConflictError) throw new WorkplanError('staleActivity', `Someone reported on ${activityId} for Q${input.quarter} meanwhile.`);
      throw error;
    }
    await this.audit(networkId, actor.aadObjectId, 'workplan.report', report.id, existing ? reportAudit(existing.document) : null, reportAudit(report));
    return { report, content };
  }

  // ---- quarterly requests and reminders --------------------------------------------------------

  /**
   * At a quarter's end, each activity of the version in force running in it goes 1:1 to its lead
   * agency's focal point and alternates as a report card; REPORT_REMINDER_DAYS later, again only
   * for the activities still not reported. Sent first (idempotent per key and recipient), then
   * marked on the plan: a crash in between sends nothing twice.
   */
  private async requestReports(networkId: string, plan: PlanDocument, now: Date): Promise<number> {
    if (!allows(plan.status, 'report')) return 0;
    let sent = 0;
    for (const quarter of [1, 2, 3, 4] as const) {
      const ended = quarterEnd(plan.planYear, quarter);
      const request = now.getTime() >= ended && !(plan.reportRequests ?? []).includes(quarter);
      const remind = now.getTime() >= ended + REPORT_REMINDER_DAYS * 86_400_000 && !(plan.reportReminders ?? []).includes(quarter);
      if (!request && !remind) continue;
      const version = currentVersion(plan);
      const snapshot = await this.repository.getVersion(networkId, plan.planYear, version);
      if (!snapshot) continue;
      const expected = expectedReports(snapshot.activities, quarter);
      const reportedIds = remind ? new Set((await this.repository.reports(networkId, plan.planYear, quarter)).map((report) => report.activityId)) : new Set<string>();
      const members = await this.options.membership.activeMembers(networkId);
      for (const activity of expected) {
        const { recipients, languages } = representativesOf(members, activity.content.leadAgency);
        const source = inTheirLanguage(languages, (language) =>
          this.renderReportCard({ networkId, year: plan.planYear, quarter, planVersion: version, activityId: activity.activityId, content: activity.content, mayReport: true }, language),
        );
        if (request) await this.options.outbox.enqueue(networkId, messageKeys.reportRequest(plan.planYear, quarter, activity.activityId), recipients, source);
        if (remind && !request && !reportedIds.has(activity.activityId)) await this.options.outbox.enqueue(networkId, messageKeys.reportReminder(plan.planYear, quarter, activity.activityId), recipients, source);
        sent += recipients.length;
      }
      await this.updatePlan(networkId, plan.planYear, (latest) => ({
        ...latest,
        reportRequests: [...new Set([...(latest.reportRequests ?? []), quarter])].sort(),
        ...(remind ? { reportReminders: [...new Set([...(latest.reportReminders ?? []), quarter])].sort() } : {}),
      }));
    }
    return sent;
  }

  /** An activity frozen in the version in force now (a crash left it behind the plan). */
  private async frozenNow(networkId: string, year: number, activityId: string, version: number): Promise<ActivityDocument> {
    const snapshot = await this.repository.getVersion(networkId, year, version);
    const read = await this.loadActivity(networkId, year, activityId);
    return snapshot ? this.freezeActivity(read, snapshot) : read.document;
  }

  /** Who has and has not reported on a quarter (co-chairs and secretariat). */
  async reportingStatus(networkId: string, actorId: string, year: number, quarter: Quarter): Promise<ReportingState & { readonly version: number }> {
    await this.require(networkId, actorId, 'viewWorkplanReporting');
    const plan = await this.reconciled(networkId, checkYear(year));
    const version = currentVersion(plan);
    const snapshot = version > 0 ? await this.repository.getVersion(networkId, year, version) : undefined;
    if (!snapshot) throw new WorkplanError('notAdopted', `The plan of ${year} is not adopted.`);
    const reports = await this.repository.reports(networkId, year, quarter);
    return { version, ...reportingState(snapshot.activities, quarter, new Set(reports.map((report) => report.activityId))) };
  }

  /** The plan and its progress as CSV: one row per activity of the version in force (else the draft), formula-safe. */
  async exportCsv(networkId: string, actorId: string, year: number): Promise<string> {
    const view = await this.plan(networkId, actorId, year);
    const rows = view.activities.map((activity) => {
      const content = activity.content;
      return [
        view.year,
        view.version,
        activity.activityId,
        content.leadAgency,
        content.contributingAgencies.join(' '),
        content.externalPartners.join('; '),
        content.objectives.join(' '),
        content.description.fr ?? '',
        content.description.en ?? '',
        content.period.kind === 'quarters' ? `Q${content.period.from}-Q${content.period.to}` : `${content.period.start}/${content.period.end}`,
        activity.status,
        content.indicators.map((indicator) => `${indicator.label.fr ?? indicator.label.en}: ${indicator.baseline}→${indicator.target} ${indicator.unit}; ${activity.latestValues[indicator.id] ?? ''}`).join(' | '),
        activity.progress === undefined ? '' : Math.round(activity.progress * 100),
        content.budget ? `${content.budget.amount} ${content.budget.currency}` : '',
        content.budget?.fundingSource ?? '',
        ([1, 2, 3, 4] as const).map((quarter) => `Q${quarter}: ${activity.reports[quarter]?.status ?? '—'}`).join(' '),
        activity.lastNarrative ?? '',
      ];
    });
    return toCsv(
      ['year', 'version', 'activity', 'lead', 'contributing', 'partners', 'gcmObjectives', 'descriptionFr', 'descriptionEn', 'period', 'status', 'indicators', 'progressPercent', 'budget', 'fundingSource', 'reports', 'lastNarrative'],
      rows,
    );
  }

  /**
   * The annual review's progress pack (co-chairs, secretariat, ExCom): the plan's progress by
   * objective and agency, reports per quarter, overdue action items — a Word document in the
   * reader's language. Reads the plan (+ its decision while one is pending), its activities and
   * reports and the year's open action items (indexed on `planYear`), the directory; writes nothing.
   */
  async progressPack(networkId: string, actorId: string, year: number, language: Language): Promise<Buffer> {
    await this.require(networkId, actorId, 'downloadProgressPack');
    const plan = await this.reconciled(networkId, checkYear(year));
    const [activities, reports, actionItems, agencies] = await Promise.all([
      this.repository.activities(networkId, year),
      this.repository.reports(networkId, year),
      this.repository.actionItems(networkId, year, true),
      this.options.membership.agencies(networkId),
    ]);
    const data = progressPackData({ plan, activities: activities.map((entry) => entry.document), reports }, actionItems, this.now());
    return reportDocx(progressPackView(language, data, agencies, this.now()));
  }

  /**
   * The progress pack as a link for the annual review's convocation (both languages in its
   * title: one convocation is read in both). Refuses a year without a plan; reads the plan only.
   */
  async progressPackLink(networkId: string, year: number, publicUrl: string): Promise<{ readonly title: string; readonly url: string }> {
    await this.loadPlan(networkId, checkYear(year));
    return {
      title: `${translate('fr', 'workplan.pack.linkTitle', { year })} / ${translate('en', 'workplan.pack.linkTitle', { year })}`,
      url: `${publicUrl.replace(/\/+$/, '')}/api/v1/workplan/${year}/progress-pack.docx`,
    };
  }

  // ---- action items ----------------------------------------------------------------------------

  /** Action items from a meeting's minutes (or on their own), one document each. */
  async trackActionItems(networkId: string, actor: Actor, items: readonly NewActionItem[]): Promise<ActionItemDocument[]> {
    await this.require(networkId, actor.aadObjectId, 'trackActionItems');
    return this.createActionItems(networkId, actor, items.map((item) => ({ item, itemId: randomUUID() })));
  }

  /** Every item checked first, then each created (an invalid one leaves nothing stored). */
  private async createActionItems(networkId: string, actor: Actor, entries: readonly { readonly item: NewActionItem; readonly itemId: string }[]): Promise<ActionItemDocument[]> {
    const agencies = new Set((await this.options.membership.agencies(networkId)).map((agency) => agency.code));
    const at = this.now().toISOString();
    const documents = entries.map(({ item, itemId }) => actionItemDocument(networkId, actor, item, itemId, agencies, at));
    for (const document of documents) {
      await this.repository.createActionItem(document);
      await this.auditActionItemCreated(networkId, actor, document);
    }
    return documents;
  }

  private auditActionItemCreated(networkId: string, actor: Actor, document: ActionItemDocument): Promise<void> {
    return this.audit(networkId, actor.aadObjectId, 'workplan.actionItem.create', document.id, null, { text: document.text, ownerAgency: document.ownerAgency, due: document.due });
  }

  /**
   * The action items of a meeting's minutes, tracked on request (`from-minutes`): the same as
   * recording the minutes does by itself (`syncMinutes`), for minutes recorded before that.
   */
  async trackMinutes(networkId: string, actor: Actor, meetingId: string): Promise<ActionItemDocument[]> {
    await this.require(networkId, actor.aadObjectId, 'trackActionItems');
    const meeting = /^[0-9a-f-]{36}$/i.test(meetingId) ? await this.meetings.get(networkId, meetingId) : undefined;
    if (!meeting) throw new WorkplanError('invalidInput', `No meeting ${meetingId}.`, (language) => translate(language, 'workplan.invalid.meeting'));
    return this.syncMinutes(networkId, actor, meetingId, meeting.document.minutes?.actionItems ?? []);
  }

  /** The meetings slice's notice that minutes were recorded by `recordedBy`: their action items tracked in their name. */
  async minutesRecorded(networkId: string, recordedBy: string, meetingId: string, lines: readonly MinutesActionItem[]): Promise<void> {
    await this.syncMinutes(networkId, await this.named(networkId, { aadObjectId: recordedBy, name: recordedBy }), meetingId, lines);
  }

  /**
   * Keeps a meeting's minutes and their tracked action items in step. One item per line of the
   * minutes, its id made from the meeting and the line (`<meetingId>-<n>`), so saving the minutes
   * again (or asking `from-minutes` again) creates nothing twice. A line whose text, owner agency
   * or due day changed updates its item (its status kept; a new owner or day is reminded again,
   * in a new reminder round); a line taken out of the minutes removes its item while it is still
   * open (a done one stays, as history). Every line is checked before anything is written. Called
   * by the meetings slice once minutes are recorded (its `onMinutesRecorded`, wired in main.ts):
   * the person who recorded them acts, whatever their rights here, as the minutes are theirs to record.
   * Cost: one point read per line (+1 past the last), a write only for what changed.
   */
  async syncMinutes(networkId: string, recorder: Actor, meetingId: string, lines: readonly MinutesActionItem[]): Promise<ActionItemDocument[]> {
    const agencies = new Set((await this.options.membership.agencies(networkId)).map((agency) => agency.code));
    const at = this.now().toISOString();
    const wanted = lines.map((line, index) => actionItemDocument(networkId, recorder, { text: line.text, ownerAgency: line.agencyCode, due: line.due, meetingId }, minutesItemId(meetingId, index + 1), agencies, at));
    const tracked: ActionItemDocument[] = [];
    for (const document of wanted) tracked.push(await this.keepInStep(networkId, recorder, document));
    for (let line = wanted.length + 1; ; line += 1) {
      const read = await this.repository.getActionItem(networkId, minutesItemId(meetingId, line));
      if (!read) break;
      if (read.document.status !== 'open') continue;
      try {
        await this.repository.deleteActionItem(networkId, read.document.itemId, read.etag);
      } catch (error) {
        // Someone closed it meanwhile: it stays, done, as history.
        if (error instanceof StoreConflictError) continue;
        throw error;
      }
      await this.audit(networkId, recorder.aadObjectId, 'workplan.actionItem.remove', read.document.id, { text: read.document.text, ownerAgency: read.document.ownerAgency, due: read.document.due }, null);
    }
    return tracked;
  }

  /** One line of the minutes: created, left as is, or updated (on its ETag; a lost race is read again). */
  private async keepInStep(networkId: string, recorder: Actor, wanted: ActionItemDocument): Promise<ActionItemDocument> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const read = await this.repository.getActionItem(networkId, wanted.itemId);
      if (!read) {
        try {
          await this.repository.createActionItem(wanted);
        } catch (error) {
          if (error instanceof StoreConflictError) continue;
          throw error;
        }
        await this.auditActionItemCreated(networkId, recorder, wanted);
        return wanted;
      }
      const current = read.document;
      if (current.text === wanted.text && current.ownerAgency === wanted.ownerAgency && current.due === wanted.due) return current;
      const newTerms = current.ownerAgency !== wanted.ownerAgency || current.due !== wanted.due;
      const { reminded: _reminded, ...rest } = current;
      const next: ActionItemDocument = {
        ...(newTerms ? { ...rest, reminderRound: (current.reminderRound ?? 0) + 1 } : current),
        text: wanted.text,
        ownerAgency: wanted.ownerAgency,
        due: wanted.due,
        planYear: wanted.planYear,
      };
      try {
        await this.repository.replaceActionItem(next, read.etag);
      } catch (error) {
        if (error instanceof StoreConflictError) continue;
        throw error;
      }
      await this.audit(networkId, recorder.aadObjectId, 'workplan.actionItem.update', next.id, { text: current.text, ownerAgency: current.ownerAgency, due: current.due }, { text: next.text, ownerAgency: next.ownerAgency, due: next.due });
      return next;
    }
    throw new StoreConflictError('etag_mismatch', `Action item ${wanted.itemId} kept changing while the minutes were saved.`);
  }

  /** The action item's card as the reader sees it now (Teams' refresh). */
  async actionItemCard(networkId: string, viewerId: string, itemId: string, language: Language): Promise<AdaptiveCardJson> {
    const person = await this.person(networkId, viewerId);
    const read = await this.repository.getActionItem(networkId, itemId);
    if (!read) throw new WorkplanError('unknownActionItem', `No action item ${itemId}.`);
    return this.renderActionItem(read.document, may(person, 'closeActionItem', { agencyCode: read.document.ownerAgency }), language);
  }

  /** Closed from its card: the closer's card comes back from what the turn wrote. */
  async closeActionItemFromCard(networkId: string, actor: Actor, itemId: string, language: Language): Promise<AdaptiveCardJson> {
    const closed = await this.closeActionItem(networkId, actor, itemId);
    return this.renderActionItem(closed, true, language, translate(language, 'workplan.actionItem.closed'));
  }

  private renderActionItem(item: ActionItemDocument, mayClose: boolean, language: Language, notice?: string): AdaptiveCardJson {
    return this.options.cards.render(cardTemplates.actionItem, actionItemCardData(item, { networkId: item.networkId, today: dayOf(this.now()), mayClose, ...(notice ? { notice } : {}) }, language));
  }

  /**
   * Open action items due within ACTION_ITEM_REMINDER_DAYS (next year's too at the turn of the year): a card 1:1 to the owner
   * agency's focal point and alternates (sent first, idempotent per key, then marked `reminded`).
   */
  private async remindActionItems(networkId: string, now: Date): Promise<number> {
    const today = dayOf(now);
    // Items are listed a year at a time: in the last days of December, January's first days are due soon too.
    const years = [...new Set([now.getUTCFullYear(), new Date(now.getTime() + ACTION_ITEM_REMINDER_DAYS * 86_400_000).getUTCFullYear()])];
    const open = (await Promise.all(years.map((year) => this.repository.actionItems(networkId, year, true)))).flat();
    const due = open.filter((item) => !item.reminded && isDueSoon(item, today));
    if (due.length === 0) return 0;
    const members = await this.options.membership.activeMembers(networkId);
    for (const item of due) {
      const { recipients, languages } = representativesOf(members, item.ownerAgency);
      const source = inTheirLanguage(languages, (language) => this.renderActionItem(item, true, language, translate(language, 'workplan.actionItem.reminder')));
      await this.options.outbox.enqueue(networkId, messageKeys.actionItemReminder(item.itemId, item.reminderRound), recipients, source);
      const read = await this.repository.getActionItem(networkId, item.itemId);
      if (read && !read.document.reminded) await this.repository.replaceActionItem({ ...read.document, reminded: true }, read.etag).catch(() => undefined);
    }
    return due.length;
  }

  async closeActionItem(networkId: string, actor: Actor, itemId: string): Promise<ActionItemDocument> {
    const person = await this.person(networkId, actor.aadObjectId);
    const read = await this.repository.getActionItem(networkId, itemId);
    if (!read) throw new WorkplanError('unknownActionItem', `No action item ${itemId}.`);
    if (!may(person, 'closeActionItem', { agencyCode: read.document.ownerAgency })) throw new WorkplanError('forbidden', `${actor.aadObjectId} may not close ${itemId}.`);
    if (read.document.status === 'done') return read.document;
    const next: ActionItemDocument = { ...read.document, status: 'done', closedBy: await this.named(networkId, actor), closedAt: this.now().toISOString() };
    try {
      await this.repository.replaceActionItem(next, read.etag);
    } catch (error) {
      if (error instanceof StoreConflictError) return (await this.repository.getActionItem(networkId, itemId))?.document ?? next;
      throw error;
    }
    await this.audit(networkId, actor.aadObjectId, 'workplan.actionItem.close', next.id, { status: 'open' }, { status: 'done' });
    return next;
  }

  /** A year's action items (by due date), each marked overdue when open past its due date. */
  async actionItems(networkId: string, actorId: string, year: number, openOnly = false): Promise<ActionItemView[]> {
    const person = await this.person(networkId, actorId);
    const today = dayOf(this.now());
    return (await this.repository.actionItems(networkId, checkYear(year), openOnly)).map(({ id: _id, networkId: _network, type: _type, ...item }) => ({
      ...item,
      overdue: isOverdue(item, today),
      mayClose: item.status === 'open' && may(person, 'closeActionItem', { agencyCode: item.ownerAgency }),
    }));
  }

  // ---- scheduler -------------------------------------------------------------------------------

  /**
   * Catches up what a crash or a missed notice left: submissions ExCom decided, adoptions not
   * yet frozen in every activity, plans whose year and reporting grace are over (closed). Point
   * reads of last year's, this year's and next year's plans only.
   */
  async tick(networkId: string): Promise<{ readonly reconciled: number; readonly closed: number; readonly reminded: number }> {
    const now = this.now();
    let reconciled = 0;
    let closed = 0;
    for (const offset of TICK_YEARS) {
      const year = now.getUTCFullYear() + offset;
      const read = await this.repository.getPlan(networkId, year);
      if (!read) continue;
      try {
        let plan = await this.reconcile(networkId, read.document);
        if (plan.status !== read.document.status) reconciled += 1;
        if (currentVersion(plan) > 0 && plan.frozenVersion !== currentVersion(plan)) {
          await this.freezeActivities(networkId, year);
          plan = await this.loadPlan(networkId, year);
        }
        await this.requestReports(networkId, plan, now);
        if (allows(plan.status, 'close') && !plan.submission && now.getTime() >= planClosesAt(year)) {
          let closedNow = false;
          const saved = await this.updatePlan(networkId, year, (latest) => {
            closedNow = allows(latest.status, 'close') && !latest.submission;
            return closedNow ? { ...latest, status: 'closed', closedAt: now.toISOString(), updatedAt: now.toISOString() } : latest;
          });
          if (closedNow) {
            closed += 1;
            await this.audit(networkId, 'system', 'workplan.close', saved.id, { status: plan.status }, { status: 'closed' });
          }
        }
      } catch (error) {
        this.options.logger.error({ err: error, year }, 'work-plan tick failed');
      }
    }
    let reminded = 0;
    try {
      reminded = await this.remindActionItems(networkId, now);
    } catch (error) {
      this.options.logger.error({ err: error }, 'action item reminders failed');
    }
    return { reconciled, closed, reminded };
  }

  // ---- internals -------------------------------------------------------------------------------

  private async validActivity(networkId: string, year: number, raw: RawActivity): Promise<ActivityContent> {
    const [agencies, groups] = await Promise.all([this.options.membership.agencies(networkId), this.members.workingGroups(networkId)]);
    const checked = validateActivity(raw, { year, agencies: new Set(agencies.map((agency) => agency.code)), workingGroups: new Set(groups.map((group) => group.document.groupId)) });
    if (checked.ok) return checked.content;
    if (checked.problems.includes('objectives')) throw new WorkplanError('unknownObjective', 'GCM objectives are numbered 1–23.', problemsText(checked.problems));
    throw new WorkplanError('invalidActivity', 'The activity is not valid.', problemsText(checked.problems));
  }

  private assertMayEdit(person: Person, leadAgency: string): void {
    if (may(person, 'draftWorkplan') || may(person, 'proposeWorkplanActivity', { agencyCode: leadAgency })) return;
    throw new WorkplanError(may(person, 'proposeWorkplanActivity', person.agencyCode ? { agencyCode: person.agencyCode } : {}) ? 'notLeadAgency' : 'forbidden', `${person.aadObjectId} may not edit an activity led by ${leadAgency}.`, leadAgency);
  }

  private async editablePlan(networkId: string, year: number): Promise<PlanDocument> {
    const plan = await this.reconciled(networkId, checkYear(year));
    if (!allows(plan.status, 'editActivities')) throw new WorkplanError(plan.status === 'closed' ? 'planClosed' : 'frozen', `The plan of ${year} is ${plan.status}: its activities are frozen.`, planStatusName(plan.status));
    return plan;
  }

  private async updatePlan(networkId: string, year: number, mutate: (plan: PlanDocument) => PlanDocument): Promise<PlanDocument> {
    if (!(await this.repository.getPlan(networkId, year))) throw new WorkplanError('unknownPlan', `No plan for ${year}.`, String(year));
    return (await this.repository.updatePlan(networkId, year, mutate)).document;
  }

  private async loadPlan(networkId: string, year: number): Promise<PlanDocument> {
    const read = await this.repository.getPlan(networkId, year);
    if (!read) throw new WorkplanError('unknownPlan', `No plan for ${year} in ${networkId}.`, String(year));
    return read.document;
  }

  private async loadActivity(networkId: string, year: number, activityId: string): Promise<Versioned<ActivityDocument>> {
    const read = /^[0-9a-f-]{36}$/i.test(activityId) ? await this.repository.getActivity(networkId, year, activityId) : undefined;
    if (!read) throw new WorkplanError('unknownActivity', `No activity ${activityId} in the plan of ${year}.`);
    return read;
  }

  private async person(networkId: string, aadObjectId: string): Promise<Person> {
    const person = await this.options.membership.person(networkId, aadObjectId);
    if (person.roles.size === 0) throw new WorkplanError('notAMember', `${aadObjectId} is not a member of ${networkId}.`);
    return person;
  }

  private async require(networkId: string, actorId: string, action: Action): Promise<Person> {
    const person = await this.person(networkId, actorId);
    if (!may(person, action)) throw new WorkplanError('forbidden', `${actorId} may not ${action}.`);
    return person;
  }

  /**
   * The actor under the name the network knows them by (their member record, read once per turn
   * already), not a token's display name — absent from the dev sign-in, which would show an id.
   */
  private async named(networkId: string, actor: Actor): Promise<Actor> {
    const profile = await this.options.membership.profile(networkId, actor.aadObjectId);
    return profile ? { aadObjectId: actor.aadObjectId, name: profile.member.name } : actor;
  }

  private async audit(networkId: string, actorId: string, action: string, subject: string, before: unknown, after: unknown): Promise<void> {
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action, subject, before, after }, this.now());
  }
}

/** The version in force: the last adopted (0 before the first adoption). */
export function currentVersion(plan: PlanDocument): number {
  return plan.versions.at(-1)?.version ?? 0;
}

/**
 * An agency's focal point and alternates who can be reached 1:1 (the lead agency of an activity,
 * the owner agency of an action item: those who report for it and close its items), with each
 * one's language.
 */
function representativesOf(members: ReadonlyMap<string, MemberWithRoles>, agencyCode: string): { readonly recipients: Recipient[]; readonly languages: Map<string, Language> } {
  const representatives = [...members.values()].filter((view) => view.member.aadObjectId && view.member.tenantId && may(view.person, 'reportOnWorkplan', { agencyCode }));
  return {
    recipients: representatives.map((view): Recipient => ({ kind: 'member', aadObjectId: view.member.aadObjectId!, tenantId: view.member.tenantId!, name: view.member.name })),
    languages: new Map(representatives.map((view) => [view.member.aadObjectId!.toLowerCase(), view.member.language])),
  };
}

/** Each recipient's card in their language (French when unknown), rendered once per language. */
function inTheirLanguage(languages: ReadonlyMap<string, Language>, render: (language: Language) => AdaptiveCardJson): (recipient: Recipient) => OutboxActivity {
  const rendered = new Map<Language, OutboxActivity>();
  return (recipient) => {
    const language = recipient.kind === 'member' ? (languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr') : 'fr';
    const activity = rendered.get(language) ?? cardMessage(render(language));
    rendered.set(language, activity);
    return activity;
  };
}

/** What a submission says of its decision: mode, deadline, reminders. */
function decisionTerms(input: Submission): Pick<NewDecision, 'mode' | 'deadline' | 'reminderOffsetsMinutes'> {
  return { mode: input.mode, deadline: input.deadline, ...(input.reminderOffsetsMinutes ? { reminderOffsetsMinutes: input.reminderOffsetsMinutes } : {}) };
}

/** The plan as it was before a submission whose decision could not be opened. */
function unsubmitted(plan: PlanDocument, status: PlanDocument['status']): PlanDocument {
  const { submission: _submission, ...rest } = plan;
  return { ...rest, status };
}

/** A tracked action item from the minutes: the meeting and the line (1-based). */
const minutesItemId = (meetingId: string, line: number) => `${meetingId}-${line}`;

/** The document of a new action item, or the refusal (nothing stored): a text, an agency of the network, a calendar day. */
function actionItemDocument(networkId: string, actor: Actor, item: NewActionItem, itemId: string, agencies: ReadonlySet<string>, at: string): ActionItemDocument {
  const text = item.text.trim();
  const owner = item.ownerAgency.trim().toUpperCase();
  if (text === '' || text.length > ACTION_ITEM_TEXT_MAX) throw new WorkplanError('invalidInput', 'An action item needs a text.', fieldProblem('text', text === '' ? 'missing' : 'tooBig', { maximum: ACTION_ITEM_TEXT_MAX }));
  if (!agencies.has(owner)) throw new WorkplanError('invalidInput', `Unknown agency ${owner}.`, unknownAgency(owner));
  const due = parseDay(item.due);
  if (due === undefined) throw new WorkplanError('invalidInput', `${item.due} is not a day.`, fieldProblem('deadline', 'invalid'));
  return {
    id: actionItemDocumentId(itemId),
    networkId,
    type: WORKPLAN_DOCUMENT_TYPES.actionItem,
    itemId,
    planYear: new Date(due).getUTCFullYear(),
    text,
    ownerAgency: owner,
    due: item.due.trim(),
    status: 'open',
    ...(item.meetingId ? { meetingId: item.meetingId } : {}),
    createdBy: actor,
    createdAt: at,
  };
}

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) throw new WorkplanError('invalidInput', `${year} is not a plan year.`, (language) => translate(language, 'workplan.invalid.year', { min: YEAR_MIN, max: YEAR_MAX }));
  return year;
}

/** An activity's problems, each named in the reader's language. */
function problemsText(problems: readonly ActivityProblem[]): InReaderLanguage {
  return problemList(problems.map((problem): InReaderLanguage => (language) => translate(language, `workplan.problem.${problem}`, { indicator: '' })));
}

/** Where a plan stands, as people say it ("en consultation des membres"), for a refusal's details. */
const planStatusName =
  (status: PlanDocument['status']): InReaderLanguage =>
  (language) =>
    translate(language, `workplan.planStatus.${status}`);

/** "T2" in French, "Q2" in English. */
const quarterName =
  (quarter: number): InReaderLanguage =>
  (language) =>
    translate(language, 'workplan.quarterName', { quarter });

/** An indicator's unit by its name ("personnes"), or as given when it is not one of ours. */
function unitName(language: Language, unit: string): string {
  return (INDICATOR_UNITS as readonly string[]).includes(unit) ? translate(language, `workplan.unit.${unit as IndicatorUnit}`) : unit;
}

function reportAudit(report: ReportDocument): unknown {
  return { quarter: report.quarter, status: report.status, values: report.values, narrative: report.narrative, ...(report.evidence ? { evidence: report.evidence } : {}) };
}

/** The decision's text: what ExCom adopts, in the reader's language (the changes for an amendment). */
function decisionText(language: Language, plan: PlanDocument, snapshot: VersionDocument, changes: readonly ActivityChange[] | undefined): string {
  const objectives = [...new Set(snapshot.activities.flatMap((activity: VersionActivity) => activity.content.objectives))].sort((a, b) => a - b);
  const lines = [
    translate(language, 'workplan.decision.text', { title: plan.title[language], version: snapshot.version, activities: snapshot.activities.length, objectives: objectives.join(', ') }),
  ];
  if (changes) {
    const count = (kind: ActivityChange['change']) => changes.filter((change) => change.change === kind).length;
    lines.push(translate(language, 'workplan.decision.changes', { previous: snapshot.version - 1, added: count('added'), removed: count('removed'), changed: count('changed') }));
  }
  return lines.join('\n\n');
}
