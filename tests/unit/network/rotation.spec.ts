import assert from 'node:assert/strict';
import { addMonths, advanceRotation, firstTerm } from '../../../src/network/rotation';
import type { RotationDocument } from '../../../src/network/model';
import { NETWORK, membershipFixture, type Fixture } from './membership-fixture';

describe('co-chair rotation', () => {
  describe('rules', () => {
    const rotation = (start: string): RotationDocument => ({
      id: 'cochair-rotation',
      networkId: NETWORK,
      type: 'cochairRotation',
      order: ['UNDP', 'UNHCR', 'UNICEF'],
      termMonths: 6,
      current: firstTerm(['UNDP', 'UNHCR', 'UNICEF'], 6, new Date(start)),
      history: [],
      updatedAt: start,
    });

    it('adds months in UTC and clamps to the end of shorter months', () => {
      assert.equal(addMonths(new Date('2026-01-31T00:00:00Z'), 1).toISOString(), '2026-02-28T00:00:00.000Z');
      assert.equal(addMonths(new Date('2026-07-01T00:00:00Z'), 12).toISOString(), '2027-07-01T00:00:00.000Z');
    });

    it('keeps the current term until its last instant, then hands over to the next agency', () => {
      const r = rotation('2026-01-01T00:00:00Z');
      assert.equal(advanceRotation(r, new Date('2026-06-30T23:59:59.999Z')).handovers.length, 0);
      const { next, handovers } = advanceRotation(r, new Date('2026-07-01T00:00:00Z'));
      assert.deepEqual(handovers.map((h) => [h.from.agencyCode, h.to.agencyCode]), [['UNDP', 'UNHCR']]);
      assert.deepEqual(next.current, { agencyCode: 'UNHCR', start: '2026-07-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
      assert.equal(next.history.length, 1);
    });

    it('catches up several ended terms after a long outage, wrapping around the order', () => {
      const { next, handovers } = advanceRotation(rotation('2026-01-01T00:00:00Z'), new Date('2027-08-15T00:00:00Z'));
      assert.deepEqual(handovers.map((h) => h.to.agencyCode), ['UNHCR', 'UNICEF', 'UNDP']);
      assert.equal(next.current.agencyCode, 'UNDP');
      assert.equal(next.current.start, '2027-07-01T00:00:00.000Z');
    });
  });

  describe('service, with a controllable clock', () => {
    let f: Fixture;
    beforeEach(async () => {
      f = await membershipFixture({ rotation: { order: ['UNDP', 'UNHCR'], termMonths: 12, start: new Date('2026-01-01T00:00:00Z') }, start: new Date('2026-06-01T00:00:00Z') });
    });
    afterEach(async () => {
      await f.close();
    });

    it('moves co-chair rights to the next agency when the term ends, and announces the handover in the network channels once', async () => {
      const undp = await f.member('Représentante résidente PNUD', 'UNDP', 'focalPoint');
      const unhcr = await f.member('Représentant HCR', 'UNHCR', 'alternate');
      assert.ok(await f.service.may(NETWORK, undp.aadObjectId, 'convene'), 'UNDP co-chairs during its term');
      assert.ok(!(await f.service.may(NETWORK, unhcr.aadObjectId, 'convene')));

      f.clock.now = new Date('2027-01-01T00:00:00Z');
      // Rights follow at once, even before the timer runs.
      assert.ok(!(await f.service.may(NETWORK, undp.aadObjectId, 'convene')), 'UNDP’s term is over');
      assert.ok(await f.service.may(NETWORK, unhcr.aadObjectId, 'convene'), 'UNHCR now co-chairs');
      assert.ok(await f.service.may(NETWORK, undp.aadObjectId, 'castAgencyPosition', { agencyCode: 'UNDP' }), 'still ExCom');

      await f.service.tick(NETWORK);
      await f.service.tick(NETWORK);
      const announcements = f.notifier.sent.filter((sent) => sent.notice.kind === 'handover');
      assert.equal(announcements.length, 1);
      assert.equal(announcements[0]?.recipients, 'channels');
      const notice = announcements[0]?.notice;
      assert.deepEqual(notice?.kind === 'handover' && [notice.handover.from.agencyCode, notice.handover.to.agencyCode], ['UNDP', 'UNHCR']);
      const trail = await f.service.auditTrail(NETWORK, f.rc.aadObjectId, { subject: 'cochair-rotation' });
      assert.equal(trail[0]?.action, 'rotation.handover');
      assert.equal(trail[0]?.actor, 'system');
      assert.equal(trail[0]?.at, '2027-01-01T00:00:00.000Z');
    });

    it('hands over exactly once when two instances tick at the same time', async () => {
      f.clock.now = new Date('2027-01-02T00:00:00Z');
      const results = await Promise.all([f.service.tick(NETWORK), f.service.tick(NETWORK), f.service.tick(NETWORK)]);
      assert.equal(results.reduce((sum, r) => sum + r.handovers.length, 0), 1);
      assert.equal(f.notifier.sent.filter((sent) => sent.notice.kind === 'handover').length, 1);
      assert.equal((await f.service.rotation(NETWORK))?.current.agencyCode, 'UNHCR');
    });

    it('lets co-chairs change the order and term; others may not', async () => {
      const member = await f.member('Membre', 'WFP', 'member');
      await assert.rejects(f.service.updateRotation(NETWORK, member.aadObjectId, ['UNICEF'], 6), { code: 'forbidden' });
      const updated = await f.service.updateRotation(NETWORK, f.rc.aadObjectId, ['UNDP', 'UNICEF', 'UNHCR'], 24);
      assert.deepEqual(updated.order, ['UNDP', 'UNICEF', 'UNHCR']);
      f.clock.now = new Date('2027-01-01T00:00:00Z');
      assert.equal((await f.service.rotation(NETWORK))?.current.agencyCode, 'UNICEF');
    });
  });
});
