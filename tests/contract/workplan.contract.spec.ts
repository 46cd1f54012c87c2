/**
 * The work-plan repository against the embedded SQLite store and a Cosmos DB server alike: one
 * plan per year (a second create is refused, two changes at once both land), a year's
 * activities, comments and reports (of one quarter) without another year's or network's, a
 * report replaced only on the version read, and a year's action items by due date.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '../../src/store/document-store';
import { StoreConflictError } from '../../src/store/errors';
import {
  WORKPLAN_DOCUMENT_TYPES,
  activityDocumentId,
  actionItemDocumentId,
  commentDocumentId,
  planDocumentId,
  reportDocumentId,
  type ActionItemDocument,
  type ActivityContent,
  type ActivityDocument,
  type PlanDocument,
  type Quarter,
  type ReportDocument,
} from '../../src/workplan/model';
import { WorkplanRepository } from '../../src/workplan/workplan-repository';
import { storeAdaptersUnderTest } from '../support/store-adapters';

const CONTENT: ActivityContent = {
  description: { fr: 'Former' },
  objectives: [11],
  leadAgency: 'IOM',
  contributingAgencies: [],
  externalPartners: [],
  period: { kind: 'quarters', from: 1, to: 4 },
  indicators: [{ id: 'i1', label: { fr: 'Agents' }, unit: 'people', baseline: 0, target: 10 }],
  status: 'planned',
};
const ACTOR = { aadObjectId: 'a', name: 'A' };

describe('work-plan repository contract', () => {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, function () {
      this.timeout(30_000);
      let store: DocumentStore;
      let repository: WorkplanRepository;
      let networkId: string;

      before(async () => {
        store = await adapter.open();
        repository = new WorkplanRepository(store);
      });
      after(async () => {
        if (store) await adapter.close(store);
      });
      beforeEach(() => {
        networkId = `net-${randomUUID().slice(0, 8)}`;
      });

      const plan = (year: number, network = networkId): PlanDocument => ({
        id: planDocumentId(year),
        networkId: network,
        type: WORKPLAN_DOCUMENT_TYPES.plan,
        planYear: year,
        title: { fr: `Plan ${year}`, en: `Plan ${year}` },
        status: 'draft',
        versions: [],
        createdBy: ACTOR,
        createdAt: '2026-01-05T00:00:00.000Z',
        updatedAt: '2026-01-05T00:00:00.000Z',
      });
      const activity = (year: number, network = networkId): ActivityDocument => {
        const activityId = randomUUID();
        return {
          id: activityDocumentId(year, activityId),
          networkId: network,
          type: WORKPLAN_DOCUMENT_TYPES.activity,
          planYear: year,
          activityId,
          content: CONTENT,
          proposedBy: ACTOR,
          proposedAt: '2026-01-05T00:00:00.000Z',
          revision: 1,
          updatedAt: '2026-01-05T00:00:00.000Z',
        };
      };
      const report = (year: number, activityId: string, quarter: Quarter): ReportDocument => ({
        id: reportDocumentId(year, activityId, quarter),
        networkId,
        type: WORKPLAN_DOCUMENT_TYPES.report,
        planYear: year,
        quarter,
        activityId,
        agencyCode: 'IOM',
        planVersion: 1,
        status: 'ongoing',
        values: [{ indicatorId: 'i1', value: quarter, unit: 'people' }],
        narrative: '',
        reportedBy: ACTOR,
        reportedAt: '2026-04-01T00:00:00.000Z',
        revision: 1,
      });

      it('keeps one plan per year, and two changes of it at the same instant both land', async () => {
        assert.equal(await repository.createPlan(plan(2026)), true);
        assert.equal(await repository.createPlan(plan(2026)), false, 'the year has its plan already');
        assert.equal(await repository.createPlan(plan(2027)), true);
        await Promise.all([
          repository.updatePlan(networkId, 2026, (current) => ({ ...current, versions: [...current.versions, { version: current.versions.length + 1, decisionId: 'd1', registerNumber: 'DEC-2026-001', adoptedAt: 'x' }] })),
          repository.updatePlan(networkId, 2026, (current) => ({ ...current, status: 'consultation' })),
        ]);
        const read = (await repository.getPlan(networkId, 2026))?.document;
        assert.equal(read?.status, 'consultation');
        assert.equal(read?.versions.length, 1);
        assert.equal((await repository.getPlan(networkId, 2027))?.document.status, 'draft');
      });

      it('lists a year’s activities, comments and reports of one quarter, never another year’s or network’s', async () => {
        const mine = [activity(2026), activity(2026)];
        for (const entry of [...mine, activity(2025), activity(2026, `${networkId}-other`)]) await repository.createActivity(entry);
        assert.deepEqual((await repository.activities(networkId, 2026)).map((entry) => entry.document.activityId).sort(), mine.map((entry) => entry.activityId).sort());

        for (const [index, at] of ['2026-02-02T10:00:00.000Z', '2026-02-01T10:00:00.000Z'].entries()) {
          await repository.createComment({ id: commentDocumentId(2026, `c${index}`), networkId, type: WORKPLAN_DOCUMENT_TYPES.comment, planYear: 2026, commentId: `c${index}`, activityId: mine[0]!.activityId, agencyCode: 'UNHCR', author: ACTOR, text: `t${index}`, at });
        }
        await repository.createComment({ id: commentDocumentId(2025, 'old'), networkId, type: WORKPLAN_DOCUMENT_TYPES.comment, planYear: 2025, commentId: 'old', activityId: 'x', agencyCode: 'UNHCR', author: ACTOR, text: 'old', at: '2025-02-01T00:00:00.000Z' });
        assert.deepEqual((await repository.comments(networkId, 2026)).map((comment) => comment.text), ['t1', 't0'], 'oldest first');

        for (const quarter of [1, 2] as const) for (const entry of mine) await repository.saveReport(report(2026, entry.activityId, quarter), undefined);
        await repository.saveReport(report(2025, mine[0]!.activityId, 2), undefined);
        assert.equal((await repository.reports(networkId, 2026)).length, 4);
        assert.deepEqual((await repository.reports(networkId, 2026, 2)).map((entry) => entry.quarter), [2, 2]);
      });

      it('replaces a report only on the version read: a second reporter on the same version is refused', async () => {
        const entry = activity(2026);
        const first = await repository.saveReport(report(2026, entry.activityId, 1), undefined);
        await assert.rejects(repository.saveReport(report(2026, entry.activityId, 1), undefined), StoreConflictError, 'one report per activity and quarter');
        await repository.saveReport({ ...report(2026, entry.activityId, 1), revision: 2, status: 'done' }, first.etag);
        await assert.rejects(repository.saveReport({ ...report(2026, entry.activityId, 1), revision: 2, status: 'delayed' }, first.etag), StoreConflictError);
        assert.equal((await repository.getReport(networkId, 2026, entry.activityId, 1))?.document.status, 'done');
      });

      it('lists a year’s action items by due date, the open ones only when asked', async () => {
        const item = (itemId: string, due: string, status: 'open' | 'done'): ActionItemDocument => ({
          id: actionItemDocumentId(itemId),
          networkId,
          type: WORKPLAN_DOCUMENT_TYPES.actionItem,
          itemId,
          planYear: Number(due.slice(0, 4)),
          text: itemId,
          ownerAgency: 'IOM',
          due,
          status,
          createdBy: ACTOR,
          createdAt: '2026-01-01T00:00:00.000Z',
        });
        for (const entry of [item('b', '2026-05-01', 'open'), item('a', '2026-03-01', 'done'), item('c', '2026-04-01', 'open'), item('z', '2025-12-01', 'open')]) await repository.createActionItem(entry);
        assert.deepEqual((await repository.actionItems(networkId, 2026, false)).map((entry) => entry.itemId), ['a', 'c', 'b']);
        assert.deepEqual((await repository.actionItems(networkId, 2026, true)).map((entry) => entry.itemId), ['c', 'b']);
      });
    });
  }
});
