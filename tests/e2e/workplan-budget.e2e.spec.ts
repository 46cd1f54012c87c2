/**
 * The quarterly report answered in its card (`workplan.report`) at a fixed store-operation
 * budget, on both store adapters (SQLite and the Cosmos DB protocol server): the real invoke
 * through /api/messages on the network of bench:actions (bench/support.ts), counted in the turn.
 * Then the plan grows — 30 more activities through an amendment (version 2), reports on record
 * for half of them, 100 action items, 300 more members — and the report must cost exactly the
 * same operations and no query: the person, the plan, the activity and the quarter's report read
 * by id; the report and its audit entry written.
 */
import assert from 'node:assert/strict';
import { IN_THE_TURN, backgroundDone, buildNetwork, type Network, type NetworkShape } from '../../bench/support';
import type { PlanDocument } from '../../src/workplan/model';
import { cardTap } from '../support/card-actions';
import type { StoreCounts } from '../support/counting-store';
import { storeAdaptersUnderTest } from '../support/store-adapters';
import { TEST_TENANT_ID, teamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
const SHAPE: NetworkShape = { name: 'small', representativesPerAgency: 2, members: 40, pastOutboxItems: 0 };
/** The member, the plan, the activity, the quarter's report; the report and its audit entry. */
const BUDGET = { gets: 4, queries: 0, writes: 2 };
// Plans run on the real clock here (the bench network has no test clock): the first quarter of
// the current year has always begun.
const YEAR = new Date().getUTCFullYear();

describe('work-plan report: constant cost whatever the plan', function () {
  this.timeout(600_000);

  const activity = (lead: string, index: number) => ({
    description: { fr: `Activité ${index}` },
    objectives: [1 + (index % 23)],
    leadAgency: lead,
    period: { kind: 'quarters' as const, from: 1 as const, to: 4 as const },
    indicators: [{ label: { fr: 'Personnes' }, unit: 'people', baseline: 0, target: 100 }],
  });

  for (const adapter of storeAdaptersUnderTest()) {
    it(`on ${adapter.name}: the same store operations on a plan of 2 activities as on one of 32 with two versions and reports on record`, async () => {
      const network: Network = await buildNetwork(SHAPE, { openStore: () => adapter.open(), quiet: true });
      try {
        const { workplan, decisions } = network.reseau;
        const coChair = { aadObjectId: network.cochair.user.aadObjectId, name: 'RC' };
        const focal = (agency: string) => network.representatives.find((person) => person.agencyCode === agency)!;
        const adopt = async () => {
          const plan = await workplan.submit(NETWORK, coChair, YEAR, { mode: 'consensus', deadline: new Date(Date.now() + 72 * 3600_000).toISOString() });
          for (const agency of EXCOM) {
            await decisions.castPosition(NETWORK, plan.submission!.decisionId!, { aadObjectId: focal(agency).user.aadObjectId, name: agency }, { agencyCode: agency, position: 'agree' });
          }
          await backgroundDone(network);
          assert.equal((await network.store.inner.get<PlanDocument>(NETWORK, `workplan:${YEAR}`))?.document.status, 'adopted');
        };
        const measure = async (activityId: string, planVersion: number, value: number): Promise<StoreCounts> => {
          await backgroundDone(network);
          network.store.options.include = IN_THE_TURN;
          try {
            const { result, counts } = await network.store.during(() =>
              cardTap(network, focal('IOM').user, 'workplan.report', { networkId: NETWORK, year: String(YEAR), activityId, quarter: '1', planVersion: String(planVersion), status: 'ongoing', value_i1: String(value), narrative: 'Avancement.' }),
            );
            assert.match(JSON.stringify(result.body), /Rapport du T1 enregistré/, JSON.stringify(result.body));
            return counts;
          } finally {
            network.store.options.include = undefined;
          }
        };

        await workplan.createPlan(NETWORK, coChair, { year: YEAR, title: { fr: `Plan de travail ${YEAR}`, en: `Work plan ${YEAR}` } });
        const first = await workplan.proposeActivity(NETWORK, coChair, YEAR, activity('IOM', 0));
        await workplan.proposeActivity(NETWORK, coChair, YEAR, activity('UNHCR', 1));
        await adopt();

        await measure(first.activityId, 1, 10); // warm: a person's first turn fills per-process caches
        const small = await measure(first.activityId, 1, 20);

        // The plan grows: 30 more activities through an amendment (version 2), half of them reported, more history.
        await workplan.openAmendment(NETWORK, coChair.aadObjectId, YEAR);
        const more = [];
        for (let index = 2; index < 32; index += 1) more.push(await workplan.proposeActivity(NETWORK, coChair, YEAR, activity(index % 2 ? 'UNHCR' : 'IOM', index)));
        await adopt();
        for (const entry of more.filter((_, index) => index % 2 === 0)) {
          await workplan.report(NETWORK, { aadObjectId: focal('IOM').user.aadObjectId, name: 'IOM' }, YEAR, entry.activityId, { quarter: 1, planVersion: 2, status: 'ongoing', values: [{ indicatorId: 'i1', value: 5, unit: 'people' }], narrative: '' });
        }
        await workplan.trackActionItems(NETWORK, coChair, Array.from({ length: 100 }, (_, index) => ({ text: `Action ${index}`, ownerAgency: 'IOM', due: `${YEAR}-12-31` })));
        const rows = Array.from({ length: 300 }, (_, index) => `WFP,Nouveau ${index},${teamsUser({ name: `n${index}` }).aadObjectId},${TEST_TENANT_ID},member`);
        assert.equal((await network.reseau.membership.importCsv(NETWORK, coChair.aadObjectId, ['agency,name,objectId,tenantId,role', ...rows].join('\n'))).created, 300);

        await measure(first.activityId, 2, 30);
        const large = await measure(first.activityId, 2, 40);

        const shape = (counts: StoreCounts) => ({ gets: counts.gets, queries: counts.queries, writes: counts.writes, getsByPrefix: counts.getsByPrefix });
        assert.deepEqual(shape(large), shape(small), 'the same operations on a plan sixteen times larger');
        assert.deepEqual({ gets: small.gets, queries: small.queries, writes: small.writes }, BUDGET, JSON.stringify(shape(small)));
        assert.ok(Math.abs(large.bytesRead - small.bytesRead) < 400, `bytes read ${small.bytesRead} → ${large.bytesRead}`);
      } finally {
        await network.close();
        await adapter.close(network.store.inner);
      }
    });
  }
});
