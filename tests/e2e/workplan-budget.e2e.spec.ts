/**
 * The quarterly report answered in its card (`workplan.report`) at a fixed store-operation
 * budget: the real invoke through /api/messages, counted in the turn by a counting store. Then
 * the plan grows — 30 more activities, an amendment (version 2), reports on every quarter of
 * every activity, 200 more audit entries — and the report must cost exactly the same operations
 * and no query: the person, the plan, the activity and the quarter's report read by id; the
 * report and its audit entry written.
 */
import assert from 'node:assert/strict';
import type { PlanDocument } from '../../src/workplan/model';
import type { WorkplanService } from '../../src/workplan/workplan-service';
import { postActivity } from '../support/bot-client';
import { countingStore, type CountingDocumentStore, type StoreCounts } from '../support/counting-store';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { cardTap } from '../support/api-client';
import { TEST_TENANT_ID, message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-05-04T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;

/** teams-ai's turn state 2, the member 1, the plan, the activity, the quarter's report; the report and its audit entry. */
const BUDGET = { gets: 6, queries: 0, writes: 2 };

describe('work-plan report: constant cost whatever the plan', function () {
  this.timeout(180_000);
  let app: ReseauUnderTest;
  let counting: CountingDocumentStore;
  let rc: TeamsUser;
  const reps: Record<string, TeamsUser> = {};

  afterEach(async () => {
    await app?.stop();
  });

  const activity = (lead: string, index: number) => ({
    description: { fr: `Activité ${index}` },
    objectives: [1 + (index % 23)],
    leadAgency: lead,
    period: { kind: 'quarters' as const, from: 1 as const, to: 4 as const },
    indicators: [{ label: { fr: 'Personnes' }, unit: 'people', baseline: 0, target: 100 }],
  });

  const adopt = async (workplan: WorkplanService) => {
    const plan = await workplan.submit(NETWORK, { aadObjectId: rc.aadObjectId, name: 'RC' }, 2026, { mode: 'consensus', deadline: new Date(START.getTime() + 72 * 3600_000).toISOString() });
    for (const agency of EXCOM) await app.reseau.decisions.castPosition(NETWORK, plan.submission!.decisionId!, { aadObjectId: reps[agency]!.aadObjectId, name: agency }, { agencyCode: agency, position: 'agree' });
    await app.cardsIdle();
    assert.equal((await app.store.get<PlanDocument>(NETWORK, 'workplan:2026'))?.document.status, 'adopted');
  };

  const report = (activityId: string, planVersion: number, value: number) =>
    cardTap(app, reps.IOM!, 'workplan.report', { networkId: NETWORK, year: '2026', activityId, quarter: '2', planVersion: String(planVersion), status: 'ongoing', value_i1: String(value), narrative: 'Avancement.' });

  const measure = async (activityId: string, planVersion: number, value: number): Promise<StoreCounts> => {
    await app.cardsIdle();
    const { result, counts } = await counting.during(() => report(activityId, planVersion, value));
    assert.match(JSON.stringify(result.body), /Rapport du T2 enregistré/, JSON.stringify(result.body));
    return counts;
  };

  it('a report costs the same store operations on a plan of 2 activities as on one of 32 with two versions and every quarter reported', async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente' });
    app = await startReseauUnderTest({
      env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` },
      clockStart: START,
      wrapStore: (store) => (counting = countingStore(store, { exclude: /Dispatcher\.|CardRefresher\./ })),
    });
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: teamsConversation('personal'), locale: 'fr-FR', text: 'bonjour' }));
    for (const agency of EXCOM) {
      const user = teamsUser({ name: `Point focal ${agency}` });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, 'focalPoint');
      await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      reps[agency] = user;
    }
    const { workplan } = app.reseau;
    const coChair = { aadObjectId: rc.aadObjectId, name: 'RC' };
    await workplan.createPlan(NETWORK, coChair, { year: 2026, title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' } });
    const first = await workplan.proposeActivity(NETWORK, coChair, 2026, activity('IOM', 0));
    await workplan.proposeActivity(NETWORK, coChair, 2026, activity('UNHCR', 1));
    await adopt(workplan);

    await measure(first.activityId, 1, 10); // warm: a person's first turn fills per-process caches
    const small = await measure(first.activityId, 1, 20);

    // The plan grows: 30 more activities through an amendment (version 2), every quarter reported, more history.
    await workplan.openAmendment(NETWORK, rc.aadObjectId, 2026);
    const more = [];
    for (let index = 2; index < 32; index += 1) more.push(await workplan.proposeActivity(NETWORK, coChair, 2026, activity(index % 2 ? 'UNHCR' : 'IOM', index)));
    await adopt(workplan);
    for (const entry of more.filter((_, index) => index % 2 === 0)) {
      for (const quarter of [1, 2] as const) await workplan.report(NETWORK, { aadObjectId: reps.IOM!.aadObjectId, name: 'IOM' }, 2026, entry.activityId, { quarter, planVersion: 2, status: 'ongoing', values: [{ indicatorId: 'i1', value: 5, unit: 'people' }], narrative: '' });
    }
    await workplan.trackActionItems(NETWORK, coChair, Array.from({ length: 100 }, (_, index) => ({ text: `Action ${index}`, ownerAgency: 'IOM', due: '2026-06-30' })));

    await measure(first.activityId, 2, 30); // the first report on version 2 freezes nothing more: the adoption did
    const large = await measure(first.activityId, 2, 40);

    const shape = (counts: StoreCounts) => ({ gets: counts.gets, queries: counts.queries, writes: counts.writes, getsByPrefix: counts.getsByPrefix });
    assert.deepEqual(shape(large), shape(small), 'the same operations on a plan fifteen times larger');
    assert.deepEqual({ gets: small.gets, queries: small.queries, writes: small.writes }, BUDGET, JSON.stringify(shape(small)));
    assert.ok(Math.abs(large.bytesRead - small.bytesRead) < 400, `bytes read ${small.bytesRead} → ${large.bytesRead}`);
  });
});
