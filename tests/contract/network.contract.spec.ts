/**
 * The membership slice on both stores: what it relies on from the document-store port
 * (ETag races, queries ordered and limited, ids with `:` and `@`) behaves the same on the
 * embedded SQLite store and on a Cosmos DB server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/logger';
import { GUINEA_DEFAULT_AGENCIES } from '../../src/network/default-directory';
import { RecordingNotifier, type NoticeRecipient } from '../../src/network/member-notifier';
import type { Identity } from '../../src/network/membership-rules';
import { MembershipService } from '../../src/network/membership-service';
import type { DocumentStore } from '../../src/store/document-store';
import { storeAdaptersUnderTest, type StoreAdapterUnderTest } from '../support/store-adapters';

const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
let sequence = 0;
const OTHER_TENANT = '7a2d3b5f-4c8e-4d6a-8f1b-2e3c4d5e6f70';
/** `email` stands for what the Teams roster returns (email and userPrincipalName alike). */
const someone = (name: string, email?: string, tenantId = TENANT): Identity => {
  sequence += 1;
  return { aadObjectId: `00000000-0000-4000-9000-${sequence.toString(16).padStart(12, '0')}`, tenantId, name, ...(email ? { email, rosterPrincipalName: email } : {}), language: 'fr' };
};

function describeMembershipOn(adapter: StoreAdapterUnderTest): void {
  describe(`membership on ${adapter.name}`, function () {
    this.timeout(20_000);
    let store: DocumentStore;
    let networkId: string;
    let clock: { now: Date };
    let service: MembershipService;
    let notifier: RecordingNotifier;
    const rc = someone('RC', 'rc@un.org');
    const officer = someone('Officer', 'officer@un.org');
    // UNICEF's staff sign in from its own tenant: only its roster may claim UNICEF's imported rows.
    const agencies = GUINEA_DEFAULT_AGENCIES.map((agency) => (agency.code === 'UNICEF' ? { ...agency, tenantIds: [TENANT] } : agency));

    before(async () => {
      store = await adapter.open();
    });
    after(async () => {
      if (store) await adapter.close(store);
    });
    beforeEach(async () => {
      networkId = `net-${randomUUID().slice(0, 8)}`;
      clock = { now: new Date('2026-05-01T09:00:00Z') };
      notifier = new RecordingNotifier();
      service = new MembershipService({
        store,
        notifier,
        logger: createLogger('silent'),
        admins: [
          { aadObjectId: rc.aadObjectId, tenantId: TENANT, role: 'cochair' },
          { aadObjectId: officer.aadObjectId, role: 'secretariat' },
        ],
        defaultAgencies: agencies,
        rotation: { order: ['UNDP', 'UNHCR'], termMonths: 12, start: new Date('2026-01-01T00:00:00Z') },
        now: () => clock.now,
      });
    });

    it('creates the directory once when several requests are first at once', async () => {
      const [first, second, context] = await Promise.all([service.agencies(networkId), service.agencies(networkId), service.roleContext(networkId)]);
      assert.deepEqual([first.length, second.length, context.agencies.length], [17, 17, 17]);
      assert.equal((await store.query(networkId, { type: 'directory' })).length, 1);
      assert.equal((await store.query(networkId, { type: 'cochairRotation' })).length, 1);
    });

    it('lets exactly one of two deciders racing on the same request win; the other is told it was handled', async () => {
      await service.firstContact(networkId, rc);
      await service.firstContact(networkId, officer);
      const newcomer = someone('Newcomer');
      await service.requestToJoin(networkId, newcomer, 'WFP', 'member');
      const outcomes = await Promise.allSettled([
        service.confirm(networkId, rc.aadObjectId, newcomer.aadObjectId, 'WFP'),
        service.decline(networkId, officer.aadObjectId, newcomer.aadObjectId, 'WFP'),
      ]);
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
      assert.equal((rejected as PromiseRejectedResult).reason.code, 'notPending');
      const decisions = await service.auditTrail(networkId, rc.aadObjectId, { subject: `member:${newcomer.aadObjectId}` });
      assert.deepEqual(decisions.map((entry) => entry.action).filter((action) => action !== 'member.request').length, 1);
    });

    it('tells the co-chairs once when an ExCom agency loses its last representative (indexed lookups on both stores)', async () => {
      await service.firstContact(networkId, rc);
      const focal = someone('UNHCR focal point');
      const member = someone('UNHCR member');
      await service.requestToJoin(networkId, focal, 'UNHCR', 'focalPoint');
      await service.confirm(networkId, rc.aadObjectId, focal.aadObjectId, 'UNHCR');
      await service.requestToJoin(networkId, member, 'UNHCR', 'member');
      await service.confirm(networkId, rc.aadObjectId, member.aadObjectId, 'UNHCR');
      await service.leave(networkId, focal.aadObjectId);
      await service.cardsIdle();
      const told = notifier.sent.filter((entry) => entry.notice.kind === 'representativeLost');
      assert.equal(told.length, 1);
      const notice = told[0]!.notice as Extract<typeof told[0]['notice'], { kind: 'representativeLost' }>;
      assert.deepEqual([notice.reason, notice.previousRole, notice.remaining, notice.agency.code], ['left', 'focalPoint', 0, 'UNHCR']);
      assert.deepEqual((told[0]!.recipients as readonly NoticeRecipient[]).map((recipient) => recipient.aadObjectId), [rc.aadObjectId], 'the co-chair, not the member who stayed');
    });

    it('lists the audit trail newest first, limited, and filtered by subject', async () => {
      await service.firstContact(networkId, rc);
      for (let i = 0; i < 4; i += 1) {
        clock.now = new Date(clock.now.getTime() + 1000);
        await service.requestToJoin(networkId, someone(`P${i}`), 'FAO', 'member');
      }
      const latest = await service.auditTrail(networkId, rc.aadObjectId, { limit: 2 });
      assert.equal(latest.length, 2);
      assert.ok(latest[0]!.at > latest[1]!.at);
      assert.equal(latest[0]?.at, clock.now.toISOString());
    });

    it('stores imported members under their email and hands the record over on first contact through the roster of the agency’s tenant only', async () => {
      await service.firstContact(networkId, rc);
      const report = await service.importCsv(networkId, rc.aadObjectId, 'agency,name,email,role\nUNICEF,Awa Touré,awa.toure+gn@unicef.org,alternate\n');
      assert.equal(report.created, 1);
      const impostor = await service.firstContact(networkId, someone('Awa Touré', 'awa.toure+gn@unicef.org', OTHER_TENANT));
      assert.equal(impostor.kind, 'unknown', 'the same address from another tenant claims nothing');
      const contact = await service.firstContact(networkId, someone('Awa Touré', 'AWA.TOURE+gn@unicef.org'));
      assert.equal(contact.kind, 'welcomed');
      const members = await store.query(networkId, { type: 'member', where: [{ path: 'email', op: '=', value: 'awa.toure+gn@unicef.org' }] });
      assert.equal(members.length, 1);
      assert.ok(!members[0]!.document.id.startsWith('member:email:'));
      assert.equal((members[0]!.document as { awaitingClaim?: boolean }).awaitingClaim, undefined);
    });

    it('finds the rows still waiting to be claimed with one bounded query (booleans compared alike on both stores)', async () => {
      await service.firstContact(networkId, rc);
      const waiting = () => store.query(networkId, { type: 'member', where: [{ path: 'awaitingClaim', op: '=', value: true }], limit: 1 });
      assert.equal((await waiting()).length, 0);
      await service.importCsv(networkId, rc.aadObjectId, 'agency,name,email,role\nUNICEF,Awa Touré,awa@unicef.org,member\n');
      assert.equal((await waiting()).length, 1);
      await service.firstContact(networkId, someone('Awa Touré', 'awa@unicef.org'));
      assert.equal((await waiting()).length, 0);
    });

    it('hands the rotating co-chair over once when instances race', async () => {
      await service.roleContext(networkId);
      clock.now = new Date('2027-01-05T00:00:00Z');
      const ticks = await Promise.all([service.tick(networkId), service.tick(networkId)]);
      assert.equal(ticks.reduce((sum, tick) => sum + tick.handovers.length, 0), 1);
      assert.equal(notifier.sent.filter((sent) => sent.notice.kind === 'handover').length, 1);
      assert.equal((await service.rotation(networkId))?.current.agencyCode, 'UNHCR');
    });
  });
}

describe('membership contract', function () {
  for (const adapter of storeAdaptersUnderTest()) describeMembershipOn(adapter);
});
