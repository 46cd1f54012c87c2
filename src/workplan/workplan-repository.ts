/**
 * The work-plan documents in the store: knows the store and the document shapes, nothing of the
 * rules. Point reads by id for everything a card action touches (the plan, one activity, one
 * report); the lists (a plan's activities, comments and reports, a year's open action items)
 * are one query on the indexed `planYear` (+ `quarter`) within the network, so their cost is
 * that of the plan's year, never of the network's history.
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { updateDocument } from '../store/retry';
import {
  WORKPLAN_DOCUMENT_TYPES,
  activityDocumentId,
  actionItemDocumentId,
  planDocumentId,
  reportDocumentId,
  versionDocumentId,
  type ActionItemDocument,
  type ActivityDocument,
  type CommentDocument,
  type PlanDocument,
  type Quarter,
  type ReportDocument,
  type VersionDocument,
} from './model';

export class WorkplanRepository {
  constructor(private readonly store: DocumentStore) {}

  getPlan(networkId: string, year: number): Promise<Versioned<PlanDocument> | undefined> {
    return this.store.get<PlanDocument>(networkId, planDocumentId(year));
  }

  /** The years the network has a plan for: one small document a year, only the year read. */
  async planYears(networkId: string): Promise<number[]> {
    const plans = await this.store.query<Pick<PlanDocument, 'id' | 'networkId' | 'type' | 'planYear'>>(networkId, { type: WORKPLAN_DOCUMENT_TYPES.plan, fields: ['planYear'] });
    return plans.map((entry) => entry.document.planYear).sort((a, b) => a - b);
  }

  /** Creates the plan of a year; false when that year has one already. */
  async createPlan(plan: PlanDocument): Promise<boolean> {
    try {
      await this.store.create(plan);
      return true;
    } catch (error) {
      if (error instanceof StoreConflictError) return false;
      throw error;
    }
  }

  replacePlan(plan: PlanDocument, etag: string): Promise<Versioned<PlanDocument>> {
    return this.store.replace(plan, etag);
  }

  /** Read, change, write on the ETag, again on a conflict (`mutate` may throw to refuse). */
  updatePlan(networkId: string, year: number, mutate: (plan: PlanDocument) => PlanDocument): Promise<Versioned<PlanDocument>> {
    return updateDocument<PlanDocument>(this.store, networkId, planDocumentId(year), mutate);
  }

  getActivity(networkId: string, year: number, activityId: string): Promise<Versioned<ActivityDocument> | undefined> {
    return this.store.get<ActivityDocument>(networkId, activityDocumentId(year, activityId));
  }

  createActivity(activity: ActivityDocument): Promise<Versioned<ActivityDocument>> {
    return this.store.create(activity);
  }

  replaceActivity(activity: ActivityDocument, etag: string): Promise<Versioned<ActivityDocument>> {
    return this.store.replace(activity, etag);
  }

  async activities(networkId: string, year: number): Promise<Versioned<ActivityDocument>[]> {
    return this.store.query<ActivityDocument>(networkId, { type: WORKPLAN_DOCUMENT_TYPES.activity, where: [{ path: 'planYear', op: '=', value: year }] });
  }

  async getVersion(networkId: string, year: number, version: number): Promise<VersionDocument | undefined> {
    return (await this.store.get<VersionDocument>(networkId, versionDocumentId(year, version)))?.document;
  }

  /**
   * Writes a version's snapshot. Only the submission writes it, and the plan's ETag serialises
   * submissions (a refused version is submitted again under the same number), so no condition.
   */
  async putVersion(version: VersionDocument): Promise<void> {
    await this.store.upsert(version);
  }

  updateVersion(networkId: string, year: number, version: number, mutate: (version: VersionDocument) => VersionDocument): Promise<Versioned<VersionDocument>> {
    return updateDocument<VersionDocument>(this.store, networkId, versionDocumentId(year, version), mutate);
  }

  async createComment(comment: CommentDocument): Promise<void> {
    await this.store.create(comment);
  }

  async comments(networkId: string, year: number): Promise<CommentDocument[]> {
    const found = await this.store.query<CommentDocument>(networkId, {
      type: WORKPLAN_DOCUMENT_TYPES.comment,
      where: [{ path: 'planYear', op: '=', value: year }],
      orderBy: { path: 'at', direction: 'asc' },
    });
    return found.map((entry) => entry.document);
  }

  getReport(networkId: string, year: number, activityId: string, quarter: Quarter): Promise<Versioned<ReportDocument> | undefined> {
    return this.store.get<ReportDocument>(networkId, reportDocumentId(year, activityId, quarter));
  }

  /** Creates the report, or replaces the version `etag` names; a conflict means someone reported meanwhile. */
  saveReport(report: ReportDocument, etag: string | undefined): Promise<Versioned<ReportDocument>> {
    return etag === undefined ? this.store.create(report) : this.store.replace(report, etag);
  }

  /** The reports of a year (of one quarter when given): one per activity and quarter at most. */
  async reports(networkId: string, year: number, quarter?: Quarter): Promise<ReportDocument[]> {
    const found = await this.store.query<ReportDocument>(networkId, {
      type: WORKPLAN_DOCUMENT_TYPES.report,
      where: [{ path: 'planYear', op: '=', value: year }, ...(quarter ? [{ path: 'quarter', op: '=' as const, value: quarter }] : [])],
    });
    return found.map((entry) => entry.document);
  }

  async createActionItem(item: ActionItemDocument): Promise<void> {
    await this.store.create(item);
  }

  getActionItem(networkId: string, itemId: string): Promise<Versioned<ActionItemDocument> | undefined> {
    return this.store.get<ActionItemDocument>(networkId, actionItemDocumentId(itemId));
  }

  replaceActionItem(item: ActionItemDocument, etag: string): Promise<Versioned<ActionItemDocument>> {
    return this.store.replace(item, etag);
  }

  /** Only an open item taken out of its minutes, on its ETag (one closed meanwhile stays). */
  deleteActionItem(networkId: string, itemId: string, etag: string): Promise<void> {
    return this.store.delete(networkId, actionItemDocumentId(itemId), etag);
  }

  /** Action items due in `year` (open ones only when asked), by due date. */
  async actionItems(networkId: string, year: number, openOnly: boolean): Promise<ActionItemDocument[]> {
    const found = await this.store.query<ActionItemDocument>(networkId, {
      type: WORKPLAN_DOCUMENT_TYPES.actionItem,
      where: [{ path: 'planYear', op: '=', value: year }, ...(openOnly ? [{ path: 'status', op: '=' as const, value: 'open' }] : [])],
      orderBy: { path: 'due', direction: 'asc' },
    });
    return found.map((entry) => entry.document);
  }
}
