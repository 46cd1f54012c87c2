/**
 * The plan as each reader sees it: pending people read the version in force only, without
 * budgets or names; confirmed members also read drafts and amendments in progress; who may edit
 * or report is what the permissions table says for the reader's agency; progress comes from the
 * latest reports, per activity and per GCM objective (drafts of an amendment not counted).
 */
import assert from 'node:assert/strict';
import { activityDocument, reportDocument } from './documents';
import type { NetworkRole, Person } from '../../../src/network/roles';
import type { ActivityContent, ActivityDocument, PlanDocument, ReportDocument } from '../../../src/workplan/model';
import { planChangesView, planView, readsDrafts } from '../../../src/workplan/workplan-views';

const CONTENT: ActivityContent = {
  description: { fr: 'Former les agents' },
  objectives: [7, 11],
  leadAgency: 'IOM',
  contributingAgencies: [],
  externalPartners: [],
  period: { kind: 'quarters', from: 1, to: 4 },
  indicators: [{ id: 'i1', label: { fr: 'Agents' }, unit: 'people', baseline: 0, target: 100 }],
  budget: { amount: 1000, currency: 'USD' },
  status: 'planned',
};
const PLAN: PlanDocument = {
  id: 'workplan:2026',
  networkId: 'gn',
  type: 'workplan',
  planYear: 2026,
  title: { fr: 'Plan 2026', en: 'Plan 2026' },
  status: 'amendmentDraft',
  versions: [{ version: 1, decisionId: 'd1', registerNumber: 'DEC-2026-001', adoptedAt: '2026-02-01T00:00:00.000Z' }],
  frozenVersion: 1,
  createdBy: { aadObjectId: 'rc', name: 'RC' },
  createdAt: '2026-01-05T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
};
const activity = (activityId: string, overrides: Partial<ActivityDocument> = {}): ActivityDocument =>
  activityDocument(activityId, CONTENT, `2026-01-0${activityId.length}T00:00:00.000Z`, { updatedAt: '2026-01-05T00:00:00.000Z', ...overrides });
const report = (activityId: string, quarter: 1 | 2, value: number): ReportDocument =>
  reportDocument(activityId, quarter, { status: quarter === 2 ? 'delayed' : 'ongoing', values: [{ indicatorId: 'i1', value, unit: 'people' }], narrative: `T${quarter}` }, '2026-04-01T00:00:00.000Z');
const reader = (roles: NetworkRole[], agencyCode = 'IOM'): Person => ({ aadObjectId: 'r', agencyCode, roles: new Set(roles) });

const ACTIVITIES = [
  activity('a', { content: { ...CONTENT, status: 'delayed' }, revision: 2 }), // amended in the working copy
  activity('bb', { adopted: { version: 1 }, content: { ...CONTENT, objectives: [23] } }), // added by the amendment
  activity('ccc', { withdrawn: true }),
];
const REPORTS = [report('a', 1, 20), report('a', 2, 50)];

describe('work-plan views', () => {
  it('gives pending people the version in force only: no drafts, no budgets, no names', () => {
    const view = planView(PLAN, ACTIVITIES, REPORTS, 4, reader(['pending']));
    assert.deepEqual(view.activities.map((entry) => entry.activityId), ['a', 'ccc']);
    for (const entry of view.activities) {
      assert.equal(entry.content.budget, undefined);
      assert.equal(entry.proposedBy, undefined);
      assert.equal(entry.draft, undefined);
      assert.equal(entry.withdrawn, undefined);
    }
    assert.equal(view.comments, 0);
    assert.deepEqual(view.may, { draft: false, propose: false, comment: false, submit: false, viewReporting: false, readChanges: false });
  });

  it('gives confirmed members the drafts of the amendment, what changed, and progress from the latest report', () => {
    const view = planView(PLAN, ACTIVITIES, REPORTS, 4, reader(['member'], 'WFP'));
    assert.deepEqual(view.activities.map((entry) => [entry.activityId, entry.inForce]), [['a', true], ['bb', false], ['ccc', true]]);
    const amended = view.activities[0]!;
    assert.equal(amended.draft?.status, 'delayed', 'the working copy shown beside the version in force');
    assert.equal(amended.content.status, 'planned');
    assert.equal(amended.status, 'delayed', 'the latest report’s status');
    assert.equal(amended.progress, 0.5);
    assert.equal(amended.lastNarrative, 'T2');
    assert.equal(amended.content.budget?.amount, 1000);
    assert.equal(view.activities[2]!.withdrawn, true);
    // Objective 23 is only in a draft: the version in force's progress does not count it.
    assert.deepEqual(view.byObjective.map((row) => row.objective), [7, 11]);
    assert.equal(view.may.propose, true, 'a member proposes for their own agency');
    assert.equal(view.may.readChanges, true, 'and reads what the amendment changes');
    assert.equal(planView({ ...PLAN, status: 'draft', versions: [] }, ACTIVITIES, REPORTS, 0, reader(['member'], 'WFP')).may.readChanges, false, 'no version in force, nothing to compare with');
    assert.equal(amended.mayEdit, false, 'not an activity their agency leads');
    assert.equal(amended.mayReport, false);
  });

  it('lets the lead agency’s focal point report on activities in force, and drafters edit any', () => {
    const focal = planView(PLAN, ACTIVITIES, REPORTS, 4, reader(['member', 'focalPoint']));
    assert.deepEqual(focal.activities.map((entry) => [entry.activityId, entry.mayReport, entry.mayEdit]), [['a', true, true], ['bb', false, true], ['ccc', true, true]]);
    const secretariat = planView(PLAN, ACTIVITIES, REPORTS, 4, reader(['member', 'secretariat'], 'RCO'));
    assert.ok(secretariat.activities.every((entry) => entry.mayEdit && !entry.mayReport));
    assert.equal(secretariat.may.viewReporting, true);
    const closed = planView({ ...PLAN, status: 'closed' }, ACTIVITIES, REPORTS, 0, reader(['member', 'focalPoint']));
    assert.ok(closed.activities.every((entry) => !entry.mayEdit && !entry.mayReport), 'nothing changes on a closed plan');
  });

  it('names each change of an amendment by its activity’s description (the new one when it changed), from the version in force to the draft or the version submitted', () => {
    const inForce = { version: 1, activities: [{ activityId: 'a', content: CONTENT }, { activityId: 'c', content: { ...CONTENT, description: { fr: 'Retirée' } } }, { activityId: 'd', content: CONTENT }] };
    const draft = [
      { activityId: 'a', content: { ...CONTENT, description: { fr: 'Former les agents des frontières' }, status: 'ongoing' as const } },
      { activityId: 'b', content: { ...CONTENT, description: { en: 'Added' } } },
      { activityId: 'd', content: CONTENT },
    ];
    const view = planChangesView(2026, inForce, { activities: draft });
    assert.equal(view.from, 1);
    assert.equal(view.to, undefined, 'a draft has no version number yet');
    assert.deepEqual(
      view.changes.map((change) => [change.activityId, change.change, change.description]),
      [['a', 'changed', { fr: 'Former les agents des frontières' }], ['b', 'added', { en: 'Added' }], ['c', 'removed', { fr: 'Retirée' }]],
    );
    const changed = view.changes[0]!;
    assert.ok(changed.change === 'changed');
    assert.deepEqual(changed.fields.map((field) => [field.field, field.before, field.after]), [['description', { fr: 'Former les agents' }, { fr: 'Former les agents des frontières' }], ['status', 'planned', 'ongoing']]);
    assert.equal(planChangesView(2026, inForce, { version: 2, activities: draft }).to, 2);
    assert.deepEqual(planChangesView(2026, inForce, inForce).changes, [], 'nothing changed, nothing listed');
  });

  it('lets confirmed members read drafts and changes, not pending people nor strangers', () => {
    assert.equal(readsDrafts(reader(['member'], 'WFP')), true);
    assert.equal(readsDrafts(reader(['pending'])), false);
    assert.equal(readsDrafts(reader([])), false);
  });
});
