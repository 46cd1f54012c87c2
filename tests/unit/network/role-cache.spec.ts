/**
 * The membership read budget: within a turn the actor's member document is read once and their
 * roles computed once, whoever asks; the directory and the rotation come from a per-process
 * cache that a local write replaces at once and another instance's write reaches within the TTL,
 * without delaying a hand-over. Counted with the counting store wrapper of tests/support.
 */
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/logger';
import { RecordingNotifier } from '../../../src/network/member-notifier';
import { MembershipService } from '../../../src/network/membership-service';
import { ROLE_DOCUMENTS_TTL_MS, SharedReadCache } from '../../../src/network/shared-read-cache';
import { runInTurnScope } from '../../../src/turn-scope/turn-scope';
import { countingStore, type CountingDocumentStore, type StoreCounts } from '../../support/counting-store';
import { FIXTURE_AGENCIES, NETWORK, TENANT, identity, membershipFixture, type Fixture } from './membership-fixture';

const ROTATION = { order: ['UNDP', 'UNHCR', 'UNICEF'], termMonths: 12, start: new Date('2026-01-01T00:00:00Z') };

/** Point reads of the three documents roles come from, in `counts`. */
const roleReads = (counts: StoreCounts) => ({
  member: counts.getsByPrefix.member ?? 0,
  directory: counts.getsByPrefix.directory ?? 0,
  rotation: counts.getsByPrefix['cochair-rotation'] ?? 0,
});

describe('membership read budget: per-turn scope and per-process cache', () => {
  let f: Fixture;
  /** The cache clock every instance below reads (milliseconds). */
  let ms: number;
  const instances: { service: MembershipService; store: CountingDocumentStore; notifier: RecordingNotifier }[] = [];

  /** Another server instance on the same store: its own cache, the same clocks. */
  const instance = (admins = [{ aadObjectId: f.rc.aadObjectId, tenantId: TENANT, role: 'cochair' as const }, { aadObjectId: f.secretariat.aadObjectId, role: 'secretariat' as const }]) => {
    const store = countingStore(f.store);
    const notifier = new RecordingNotifier();
    const service = new MembershipService({
      store,
      notifier,
      logger: createLogger('silent'),
      admins,
      defaultAgencies: FIXTURE_AGENCIES,
      rotation: ROTATION,
      now: () => f.clock.now,
      cacheClock: () => ms,
    });
    const made = { service, store, notifier };
    instances.push(made);
    return made;
  };

  beforeEach(async () => {
    f = await membershipFixture({ rotation: ROTATION, start: new Date('2026-06-01T00:00:00Z') });
    ms = 1_000_000;
    instances.length = 0;
  });
  afterEach(async () => {
    await f.close();
  });

  it('reads the actor’s member document, the directory and the rotation at most once each in a turn, however many steps ask; none of the last two once warm', async () => {
    const unicef = await f.member('Représentant UNICEF', 'UNICEF', 'focalPoint');
    const { service, store } = instance();
    // What an ExCom vote asks today: the recognition hook, the feature's check, its view, the card.
    const turn = () =>
      runInTurnScope(async () => {
        const recognised = await service.recognise(NETWORK, { ...unicef, tenantId: TENANT });
        assert.equal(recognised.kind, 'member');
        const [person, again] = await Promise.all([service.person(NETWORK, unicef.aadObjectId), service.person(NETWORK, unicef.aadObjectId.toUpperCase())]);
        assert.ok(person.roles.has('excomRepresentative'));
        assert.equal(again, person);
        assert.ok(await service.may(NETWORK, unicef.aadObjectId, 'castAgencyPosition', { agencyCode: 'UNICEF' }));
        assert.equal((await service.profile(NETWORK, unicef.aadObjectId))?.agency?.code, 'UNICEF');
        assert.equal(await service.memberStatus(NETWORK, unicef.aadObjectId), 'confirmed');
        await service.agencies(NETWORK);
        await service.roleContext(NETWORK);
      });

    const cold = await store.during(turn);
    assert.deepEqual(roleReads(cold.counts), { member: 1, directory: 1, rotation: 1 });
    assert.equal(cold.counts.writes, 0);

    const warm = await store.during(turn);
    assert.deepEqual(roleReads(warm.counts), { member: 1, directory: 0, rotation: 0 }, 'the next turn reads the member again, nothing else');
    assert.equal(warm.counts.operations, 1);

    // Outside a turn (a scheduler) nothing is memoised, but the cache still serves the directory.
    const untracked = await store.during(async () => {
      await service.person(NETWORK, unicef.aadObjectId);
      await service.person(NETWORK, unicef.aadObjectId);
    });
    assert.deepEqual(roleReads(untracked.counts), { member: 2, directory: 0, rotation: 0 });
  });

  it('a member confirm turn reads the actor once and the member it changes once', async () => {
    const pending = await f.pending('Demandeur PAM', 'WFP', 'member');
    const { service, store } = instance();
    await service.roleContext(NETWORK);
    const { counts } = await store.during(() =>
      runInTurnScope(async () => {
        await service.recognise(NETWORK, { ...f.rc, tenantId: TENANT });
        await service.confirm(NETWORK, f.rc.aadObjectId, pending.aadObjectId, 'WFP');
        // What the route asks afterwards to render the decided card.
        await service.profile(NETWORK, f.rc.aadObjectId);
        assert.ok((await service.person(NETWORK, pending.aadObjectId)).roles.has('member'), 'the confirmed member as written, not as read');
      }),
    );
    assert.deepEqual(roleReads(counts), { member: 2, directory: 0, rotation: 0 });
  });

  it('never acts on a stale self: a bootstrap, a leave or a confirm in the turn is what the rest of the turn sees', async () => {
    const admin = identity('Nouvelle coordonnatrice', 'new.rc@un.org');
    const { service, store } = instance([{ aadObjectId: admin.aadObjectId, tenantId: TENANT, role: 'cochair' }]);
    const member = await f.member('Membre OIM', 'IOM', 'member');
    const pending = await f.pending('Demandeur OMS', 'WHO', 'member');

    const bootstrap = await store.during(() =>
      runInTurnScope(async () => {
        assert.equal((await service.recognise(NETWORK, { ...admin, tenantId: TENANT })).kind, 'bound');
        assert.ok((await service.person(NETWORK, admin.aadObjectId)).roles.has('coChair'), 'roles from the document just written');
        assert.ok(await service.may(NETWORK, admin.aadObjectId, 'convene'));
      }),
    );
    assert.equal(roleReads(bootstrap.counts).member, 1);

    await runInTurnScope(async () => {
      assert.ok((await service.person(NETWORK, member.aadObjectId)).roles.has('member'));
      await service.leave(NETWORK, member.aadObjectId);
      assert.equal((await service.person(NETWORK, member.aadObjectId)).roles.size, 0);
      assert.equal(await service.memberStatus(NETWORK, member.aadObjectId), 'left');
    });

    await runInTurnScope(async () => {
      assert.ok((await service.person(NETWORK, pending.aadObjectId)).roles.has('pending'));
      await service.confirm(NETWORK, admin.aadObjectId, pending.aadObjectId, 'WHO');
      assert.ok((await service.person(NETWORK, pending.aadObjectId)).roles.has('member'));
    });
  });

  it('does not remember a stranger: someone bound by a parallel request (the tab opens with several) is seen later in the turn', async () => {
    const newcomer = identity('Nouvelle venue', 'new@who.int');
    const { service } = instance();
    await runInTurnScope(async () => {
      assert.equal((await service.recognise(NETWORK, { ...newcomer, tenantId: TENANT })).kind, 'stranger');
      await runInTurnScope(() => service.requestToJoin(NETWORK, newcomer, 'WHO', 'member'));
      assert.ok((await service.person(NETWORK, newcomer.aadObjectId)).roles.has('pending'));
    });
  });

  it('a write by another instance during the turn is not overwritten: the ETag conflict forgets the memo and the retry reads the store', async () => {
    const iom = await f.member('Membre OIM', 'IOM', 'member');
    const a = instance();
    const b = instance();
    await runInTurnScope(async () => {
      assert.ok((await a.service.person(NETWORK, iom.aadObjectId)).roles.has('member'));
      // Meanwhile, on another instance, a co-chair makes them the agency's alternate.
      const document = await f.get(iom);
      assert.ok(document);
      await b.service.changeMember(NETWORK, f.rc.aadObjectId, document.id, { agencyRole: 'alternate' });
      const left = await a.service.leave(NETWORK, iom.aadObjectId);
      assert.equal(left.status, 'left');
      assert.equal(left.agencyRole, 'alternate', 'the leave was applied to what is stored, not to the turn’s earlier read');
    });
  });

  it('a directory change is seen at once where it was made, and on another instance once the TTL has passed', async () => {
    const wfp = await f.member('Représentante PAM', 'WFP', 'focalPoint');
    const a = instance();
    const b = instance();
    assert.ok(!(await a.service.person(NETWORK, wfp.aadObjectId)).roles.has('excomRepresentative'));
    assert.ok(!(await b.service.person(NETWORK, wfp.aadObjectId)).roles.has('excomRepresentative'));

    const agencies = (await b.service.agencies(NETWORK)).map((agency) => (agency.code === 'WFP' ? { ...agency, excom: true } : agency));
    await runInTurnScope(async () => {
      await b.service.person(NETWORK, wfp.aadObjectId);
      await b.service.updateDirectory(NETWORK, f.rc.aadObjectId, agencies);
      assert.ok((await b.service.person(NETWORK, wfp.aadObjectId)).roles.has('excomRepresentative'), 'the turn that changed it sees it');
    });
    assert.ok((await b.service.person(NETWORK, wfp.aadObjectId)).roles.has('excomRepresentative'), 'this instance at once');

    ms += ROLE_DOCUMENTS_TTL_MS - 1;
    const stale = await a.store.during(() => a.service.person(NETWORK, wfp.aadObjectId));
    assert.ok(!stale.result.roles.has('excomRepresentative'), 'another instance trusts its copy until the TTL');
    assert.equal(roleReads(stale.counts).directory, 0);
    ms += 1;
    const fresh = await a.store.during(() => a.service.person(NETWORK, wfp.aadObjectId));
    assert.ok(fresh.result.roles.has('excomRepresentative'), 'and no longer');
    assert.equal(roleReads(fresh.counts).directory, 1);
  });

  it('hands over on time from a cached rotation, once, on every instance, without waiting for the TTL', async () => {
    const undp = await f.member('Représentante PNUD', 'UNDP', 'focalPoint');
    const unhcr = await f.member('Représentant HCR', 'UNHCR', 'focalPoint');
    const a = instance();
    const b = instance();
    assert.ok(await a.service.may(NETWORK, undp.aadObjectId, 'convene'));
    assert.ok(await b.service.may(NETWORK, undp.aadObjectId, 'convene'));

    // The term ends; the cache clock does not move: both copies are within their TTL.
    f.clock.now = new Date('2027-01-01T00:00:00Z');
    await runInTurnScope(async () => {
      assert.ok(!(await a.service.may(NETWORK, undp.aadObjectId, 'convene')), 'UNDP’s term is over');
      assert.ok(await a.service.may(NETWORK, unhcr.aadObjectId, 'convene'), 'UNHCR co-chairs now');
    });
    assert.ok(!(await b.service.may(NETWORK, undp.aadObjectId, 'convene')), 'the other instance hands over on time too');
    assert.ok(await b.service.may(NETWORK, unhcr.aadObjectId, 'convene'));
    assert.equal((await a.service.rotation(NETWORK))?.current.agencyCode, 'UNHCR');

    const handovers = (await f.audit()).filter((entry) => entry.action === 'rotation.handover');
    assert.equal(handovers.length, 1, 'handed over once');
    const announced = instances.flatMap((made) => made.notifier.sent).filter((notice) => notice.notice.kind === 'handover');
    assert.equal(announced.length, 1, 'announced once');

    // The timer's tick on the other instance finds nothing to do.
    assert.deepEqual((await b.service.tick(NETWORK)).handovers, []);
  });

  it('a rotation change made here is seen at once', async () => {
    const unicef = await f.member('Représentant UNICEF', 'UNICEF', 'focalPoint');
    const a = instance();
    assert.ok(!(await a.service.may(NETWORK, unicef.aadObjectId, 'convene')));
    await a.service.updateRotation(NETWORK, f.rc.aadObjectId, ['UNICEF', 'UNDP'], 12);
    // The current term keeps its agency (a new order applies from the next hand-over).
    assert.deepEqual((await a.service.rotation(NETWORK))?.order, ['UNICEF', 'UNDP']);
  });
});

describe('SharedReadCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 0;
  });

  it('serves the last read until the TTL, then reads again', async () => {
    const cache = new SharedReadCache<number>(5_000, clock);
    let reads = 0;
    const load = async () => ++reads;
    assert.equal(await cache.read('gn', load), 1);
    now = 4_999;
    assert.equal(await cache.read('gn', load), 1);
    now = 5_000;
    assert.equal(await cache.read('gn', load), 2);
    assert.equal(await cache.read('sn', load), 3, 'one entry per network');
  });

  it('shares one read among concurrent callers, and does not keep a failed one', async () => {
    const cache = new SharedReadCache<string>(5_000, clock);
    let reads = 0;
    const load = async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      return 'directory';
    };
    await Promise.all(Array.from({ length: 20 }, () => cache.read('gn', load)));
    assert.equal(reads, 1);
    await assert.rejects(cache.read('x', async () => Promise.reject(new Error('store down'))));
    assert.equal(await cache.read('x', async () => 'back'), 'back');
  });

  it('a write replaces the value at once, and a read that started before it is not kept', async () => {
    const cache = new SharedReadCache<string>(5_000, clock);
    let release: (value: string) => void = () => undefined;
    const slow = cache.read('gn', () => new Promise<string>((resolve) => (release = resolve)));
    cache.set('gn', 'written');
    release('read before the write');
    assert.equal(await slow, 'read before the write', 'its caller asked before the write');
    assert.equal(await cache.read('gn', async () => 'store'), 'written');
    cache.invalidate('gn');
    assert.equal(await cache.read('gn', async () => 'store'), 'store');
  });

  it('bounded: past maxEntries the entry kept longest is forgotten, a recently written one stays', async () => {
    const cache = new SharedReadCache<string>(5_000, clock, 3);
    for (const key of ['a', 'b', 'c']) await cache.read(key, async () => `${key} read`);
    cache.set('a', 'a written');
    await cache.read('d', async () => 'd read');
    assert.equal(await cache.read('b', async () => 'b again'), 'b again', 'b was kept longest: forgotten');
    assert.equal(await cache.read('a', async () => 'a again'), 'a written', 'a was written since: kept');
  });
});
