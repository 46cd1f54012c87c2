import assert from 'node:assert/strict';
import { NETWORK, membershipFixture, type Fixture } from './membership-fixture';

describe('working groups', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture({ start: new Date('2026-03-01T08:00:00Z') });
  });
  afterEach(async () => {
    await f.close();
  });

  it('is created by ExCom (or co-chairs) with members, external partners, a chair among its members and a review date', async () => {
    const excom = await f.member('Point focal HCR', 'UNHCR', 'focalPoint');
    const member = await f.member('Membre OIT', 'ILO', 'member');
    const group = await f.service.createWorkingGroup(NETWORK, excom.aadObjectId, {
      name: 'Données migratoires',
      objective: 'Harmoniser les données sur la migration de retour.',
      memberIds: [excom.aadObjectId, member.aadObjectId],
      externalPartners: [{ name: 'Awa Touré', organisation: 'Institut national de la statistique', email: 'a.toure@stat-guinee.org' }],
      chairId: member.aadObjectId,
      coChairId: excom.aadObjectId,
      reviewDate: '2026-09-01',
    });
    assert.equal(group.chairId, member.aadObjectId);
    assert.equal((await f.service.workingGroups(NETWORK, member.aadObjectId))[0]?.externalPartners[0]?.organisation, 'Institut national de la statistique');
    assert.ok((await f.audit()).some((entry) => entry.action === 'workingGroup.create' && entry.subject === group.id && entry.actor === excom.aadObjectId));
  });

  it('refuses a plain member as creator, and a chair who is not in the group', async () => {
    const member = await f.member('Membre', 'ILO', 'member');
    const input = { name: 'G', objective: 'O', memberIds: [member.aadObjectId], externalPartners: [], chairId: member.aadObjectId, reviewDate: '2026-09-01' };
    await assert.rejects(f.service.createWorkingGroup(NETWORK, member.aadObjectId, input), { code: 'forbidden' });
    await assert.rejects(f.service.createWorkingGroup(NETWORK, f.rc.aadObjectId, { ...input, chairId: f.rc.aadObjectId }), { code: 'invalidInput' });
  });

  it('reminds ExCom representatives once when a review is due', async () => {
    const excom = await f.member('Point focal UNICEF', 'UNICEF', 'focalPoint');
    const plain = await f.member('Membre', 'WFP', 'member');
    await f.service.createWorkingGroup(NETWORK, f.rc.aadObjectId, {
      name: 'Retour et réintégration',
      objective: 'Suivre la réintégration.',
      memberIds: [plain.aadObjectId],
      externalPartners: [],
      chairId: plain.aadObjectId,
      reviewDate: '2026-04-01',
    });
    assert.equal(await f.service.remindDueReviews(NETWORK), 0, 'not due yet');
    f.clock.now = new Date('2026-04-01T06:00:00Z');
    assert.equal(await f.service.remindDueReviews(NETWORK), 1);
    assert.equal(await f.service.remindDueReviews(NETWORK), 0, 'once per review date');
    const reminder = f.notifier.sent.find((sent) => sent.notice.kind === 'workingGroupReview');
    const recipients = reminder?.recipients === 'channels' ? [] : (reminder?.recipients ?? []).map((r) => r.aadObjectId);
    assert.ok(recipients.includes(excom.aadObjectId));
    assert.ok(!recipients.includes(plain.aadObjectId));
  });
});
