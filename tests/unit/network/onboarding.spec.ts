import assert from 'node:assert/strict';
import { NETWORK, identity, membershipFixture, type Fixture } from './membership-fixture';
import type { MemberDocument } from '../../../src/network/model';

describe('membership: directory, bootstrap, onboarding, confirmation, audit', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('starts a new network with the Guinea directory: 17 agencies, the six ExCom agencies, RCO and IOM co-chairing', async () => {
    const agencies = await f.service.agencies(NETWORK);
    assert.equal(agencies.length, 17);
    assert.deepEqual(agencies.filter((a) => a.excom).map((a) => a.code), ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC']);
    assert.deepEqual(agencies.filter((a) => a.permanentCoChair).map((a) => a.code), ['RCO', 'IOM']);
    assert.equal(agencies.find((a) => a.code === 'IOM')?.name.fr, 'OIM');
  });

  it('confirms the people of NETWORK_ADMINS on first contact, by object id (and tenant), with their role', async () => {
    const rc = await f.service.person(NETWORK, f.rc.aadObjectId);
    // The RC co-chairs; the secretariat is a grant, not implied by the RCO.
    assert.deepEqual([...rc.roles].sort(), ['coChair', 'focalPoint', 'member']);
    const officer = await f.service.person(NETWORK, f.secretariat.aadObjectId);
    assert.deepEqual([...officer.roles].sort(), ['member', 'secretariat']);
    assert.equal((await f.get(f.rc))?.status, 'confirmed');
  });

  it('asks an unknown person for their agency, pre-selected from an agency’s own email domain only', async () => {
    const iom = await f.service.firstContact(NETWORK, identity('Fatoumata Bah', 'f.bah@iom.int'));
    assert.equal(iom.kind === 'unknown' && iom.suggestedAgency, 'IOM');
    // un.org is shared by the RCO and UNODC (and many others): no guess.
    const shared = await f.service.firstContact(NETWORK, identity('Someone', 'someone@un.org'));
    assert.equal(shared.kind, 'unknown');
    assert.equal(shared.kind === 'unknown' ? shared.suggestedAgency : 'x', undefined);
  });

  it('keeps a request pending, lets the person read but not decide, and asks the co-chairs, the secretariat and the agency’s focal point', async () => {
    const focal = await f.member('Point Focal UNICEF', 'UNICEF', 'focalPoint');
    const other = await f.member('Point Focal PAM', 'WFP', 'focalPoint');
    const newcomer = identity('Mamadou Sow', 'm.sow@unicef.org');
    const member = await f.service.requestToJoin(NETWORK, newcomer, 'UNICEF', 'member');
    assert.equal(member.status, 'pending');
    assert.ok(await f.service.may(NETWORK, newcomer.aadObjectId, 'viewMemberList'));
    assert.ok(!(await f.service.may(NETWORK, newcomer.aadObjectId, 'commentInConsultation')));

    const request = f.notifier.sent.find((sent) => sent.notice.kind === 'confirmRequest' && sent.notice.member.aadObjectId === newcomer.aadObjectId);
    assert.ok(request && request.recipients !== 'channels');
    const asked = request.recipients.map((r) => r.aadObjectId).sort();
    // The IOM focal point is a co-chair too, but there is none yet; the rotating co-chair (UNDP) has no focal point yet either.
    assert.deepEqual(asked, [f.rc.aadObjectId, f.secretariat.aadObjectId, focal.aadObjectId].sort());
    assert.ok(!asked.includes(other.aadObjectId), 'another agency’s focal point is not asked');
  });

  it('welcomes the person once the confirmation answered, rewrites no copy of the request card, and gives the rights of the role', async () => {
    const newcomer = await f.pending('Aïssatou Diallo', 'UNHCR', 'alternate', 'a.diallo@unhcr.org');
    // An ExCom agency's alternate: a co-chair confirms (the secretariat may not name an ExCom voice).
    const confirmed = await f.service.confirm(NETWORK, f.rc.aadObjectId, newcomer.aadObjectId, 'UNHCR');
    assert.equal(confirmed.status, 'confirmed');
    assert.equal(confirmed.decidedBy, f.rc.aadObjectId);
    // The welcome leaves after the answer (marked on the member until it is queued)…
    assert.equal(f.notifier.sent.find((sent) => sent.notice.kind === 'welcome'), undefined);
    assert.equal((await f.get(newcomer))?.noticeDue, true);
    const updatesBefore = f.notifier.updates.length;
    await f.service.cardsIdle();
    const welcome = f.notifier.sent.find((sent) => sent.notice.kind === 'welcome');
    assert.deepEqual(welcome?.recipients !== 'channels' && welcome?.recipients.map((r) => r.aadObjectId), [newcomer.aadObjectId]);
    assert.equal((await f.get(newcomer))?.noticeDue, undefined);
    // …and the other deciders' copies are left to Teams' refresh: none is rewritten.
    assert.equal(f.notifier.updates.length, updatesBefore);
    // An alternate of an ExCom agency casts the agency's position.
    assert.ok(await f.service.may(NETWORK, newcomer.aadObjectId, 'castAgencyPosition', { agencyCode: 'UNHCR' }));
  });

  it('lets a focal point confirm members of their own agency, and makes the newcomer focal point take over (the previous one becomes alternate)', async () => {
    const focal = await f.member('Ancien point focal', 'UNICEF', 'focalPoint');
    const colleague = await f.pending('Collègue', 'UNICEF', 'member');
    await f.service.confirm(NETWORK, focal.aadObjectId, colleague.aadObjectId, 'UNICEF');
    assert.equal((await f.get(colleague))?.status, 'confirmed');
    const successor = await f.pending('Nouveau point focal', 'UNICEF', 'focalPoint');
    await f.service.confirm(NETWORK, f.rc.aadObjectId, successor.aadObjectId, 'UNICEF');
    assert.equal((await f.get(successor))?.agencyRole, 'focalPoint');
    assert.equal((await f.get(focal))?.agencyRole, 'alternate', 'one focal point per agency');
  });

  it('queues at the next tick a welcome that a crash left marked on the member, once', async () => {
    const newcomer = await f.pending('Oumou Barry', 'WFP', 'member');
    // What a crash between the decision and its notice leaves: the member confirmed and marked, no welcome queued.
    const stored = await f.store.get<MemberDocument>(NETWORK, `member:${newcomer.aadObjectId}`);
    assert.ok(stored);
    const at = new Date().toISOString();
    await f.store.replace<MemberDocument>({ ...stored.document, status: 'confirmed', decidedBy: f.rc.aadObjectId, decidedAt: at, noticeDue: true }, stored.etag);
    assert.equal((await f.service.tick(NETWORK)).noticesCaughtUp, 1);
    const welcomes = f.notifier.sent.filter((sent) => sent.notice.kind === 'welcome' && sent.recipients !== 'channels' && sent.recipients.some((r) => r.aadObjectId === newcomer.aadObjectId));
    assert.equal(welcomes.length, 1);
    assert.equal((await f.get(newcomer))?.noticeDue, undefined);
    assert.equal((await f.service.tick(NETWORK)).noticesCaughtUp, 0, 'nothing left to catch up');
  });

  it('declines a request: the person is told and keeps no rights', async () => {
    const stranger = await f.pending('Inconnu', 'WFP', 'member');
    await f.service.decline(NETWORK, f.rc.aadObjectId, stranger.aadObjectId, 'WFP');
    await f.service.cardsIdle();
    assert.equal((await f.get(stranger))?.status, 'left');
    assert.ok(f.notifier.sent.some((sent) => sent.notice.kind === 'declined'));
    assert.equal((await f.service.person(NETWORK, stranger.aadObjectId)).roles.size, 0);
  });

  it('shows a member their profile and lets them leave; rights go with them', async () => {
    const member = await f.member('Kadiatou Camara', 'WHO', 'member');
    assert.equal((await f.service.profile(NETWORK, member.aadObjectId))?.agency?.code, 'WHO');
    await f.service.leave(NETWORK, member.aadObjectId);
    assert.equal(await f.service.profile(NETWORK, member.aadObjectId), undefined);
    assert.ok(!(await f.service.may(NETWORK, member.aadObjectId, 'shareUpdate')));
  });

  it('keeps an audit trail of every change: who, when, what, before and after — readable by co-chairs and the secretariat only', async () => {
    const start = f.clock.now;
    const person = await f.pending('Audité', 'FAO', 'member');
    f.clock.now = new Date(start.getTime() + 60_000);
    await f.service.confirm(NETWORK, f.rc.aadObjectId, person.aadObjectId, 'FAO');
    f.clock.now = new Date(start.getTime() + 120_000);
    await f.service.changeMember(NETWORK, f.secretariat.aadObjectId, `member:${person.aadObjectId}`, { agencyRole: 'alternate' });
    const changedAt = f.clock.now;
    f.clock.now = new Date(start.getTime() + 180_000);
    await f.service.leave(NETWORK, person.aadObjectId);

    const trail = await f.service.auditTrail(NETWORK, f.rc.aadObjectId, { subject: `member:${person.aadObjectId}` });
    assert.deepEqual(trail.map((entry) => entry.action).reverse(), ['member.request', 'member.confirm', 'member.change', 'member.leave']);
    const change = trail.find((entry) => entry.action === 'member.change');
    assert.equal(change?.actor, f.secretariat.aadObjectId);
    assert.equal(change?.at, changedAt.toISOString());
    assert.equal((change?.before as { agencyRole: string }).agencyRole, 'member');
    assert.equal((change?.after as { agencyRole: string }).agencyRole, 'alternate');
    const confirm = trail.find((entry) => entry.action === 'member.confirm');
    assert.deepEqual([(confirm?.before as { status: string }).status, (confirm?.after as { status: string }).status], ['pending', 'confirmed']);

    const member = await f.member('Simple membre', 'FAO', 'member');
    await assert.rejects(f.service.auditTrail(NETWORK, member.aadObjectId), { code: 'forbidden' });
  });

  it('sends the member list to every confirmed member when a co-chair asks, and only then', async () => {
    await f.member('Membre A', 'WFP', 'member');
    await f.pending('En attente', 'WFP', 'member');
    const plain = await f.member('Membre B', 'FAO', 'member');
    await assert.rejects(f.service.sendMemberList(NETWORK, plain.aadObjectId), { code: 'forbidden' });
    const { recipients } = await f.service.sendMemberList(NETWORK, f.rc.aadObjectId);
    assert.equal(recipients, 4, 'RC, secretariat officer, two members; not the pending one');
    const list = f.notifier.sent.find((sent) => sent.notice.kind === 'memberList');
    assert.ok(list && list.notice.kind === 'memberList');
    const wfp = list.notice.list.agencies.find((group) => group.code === 'WFP');
    assert.deepEqual([wfp?.confirmedCount, wfp?.pendingCount], [1, 1]);
    assert.equal(list.notice.list.agencies.find((group) => group.code === 'IOM')?.coChair, true);
  });
});
