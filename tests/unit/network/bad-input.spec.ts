/**
 * Issue 4, item 10: bad input is refused with a clear message and nothing changes. One test
 * per class; each compares every document of the network before and after.
 */
import assert from 'node:assert/strict';
import { translate } from '../../../src/i18n';
import { NetworkError } from '../../../src/network/errors';
import { NETWORK, identity, membershipFixture, type Fixture } from './membership-fixture';

async function refusedUnchanged(f: Fixture, attempt: () => Promise<unknown>, code: string): Promise<void> {
  const before = await f.snapshot();
  const notices = f.notifier.sent.length;
  await assert.rejects(attempt(), (error: unknown) => {
    assert.ok(error instanceof NetworkError, String(error));
    assert.equal(error.code, code);
    return true;
  });
  assert.equal(await f.snapshot(), before, 'nothing changed in the store');
  assert.equal(f.notifier.sent.length, notices, 'nobody was notified');
}

describe('membership refuses bad input and changes nothing', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('claiming a role one does not have: a member making themself focal point', async () => {
    const member = await f.member('Ambitieux', 'UNICEF', 'member');
    await refusedUnchanged(f, () => f.service.changeMember(NETWORK, member.aadObjectId, `member:${member.aadObjectId}`, { agencyRole: 'focalPoint' }), 'ownMembership');
  });

  it('claiming a role that is not a role in an agency (co-chair, secretariat) when joining', async () => {
    const person = identity('Usurpateur', 'u@undp.org');
    await refusedUnchanged(f, () => f.service.requestToJoin(NETWORK, person, 'UNDP', 'coChair'), 'unknownRole');
    await refusedUnchanged(f, () => f.service.requestToJoin(NETWORK, person, 'UNDP', 'secretariat'), 'unknownRole');
  });

  it('claiming a co-chair’s right without being one: a member confirming someone', async () => {
    const member = await f.member('Membre', 'WFP', 'member');
    const newcomer = await f.pending('Nouveau', 'WFP', 'member');
    await refusedUnchanged(f, () => f.service.confirm(NETWORK, member.aadObjectId, newcomer.aadObjectId, 'WFP'), 'forbidden');
  });

  it('confirming one’s own membership (even as a focal point of that agency)', async () => {
    const pending = await f.pending('Impatient', 'FAO', 'member');
    await refusedUnchanged(f, () => f.service.confirm(NETWORK, pending.aadObjectId, pending.aadObjectId, 'FAO'), 'ownMembership');
    // The RC is confirmed already; a co-chair cannot re-decide their own membership either.
    await refusedUnchanged(f, () => f.service.decline(NETWORK, f.rc.aadObjectId, f.rc.aadObjectId, 'RCO'), 'ownMembership');
  });

  it('a focal point editing another agency: confirming, changing or removing its members', async () => {
    const unicef = await f.member('Point focal UNICEF', 'UNICEF', 'focalPoint');
    const wfpPending = await f.pending('Nouveau PAM', 'WFP', 'member');
    const wfpMember = await f.member('Membre PAM', 'WFP', 'member');
    await refusedUnchanged(f, () => f.service.confirm(NETWORK, unicef.aadObjectId, wfpPending.aadObjectId, 'WFP'), 'otherAgency');
    await refusedUnchanged(f, () => f.service.changeMember(NETWORK, unicef.aadObjectId, `member:${wfpMember.aadObjectId}`, { agencyRole: 'alternate' }), 'otherAgency');
    await refusedUnchanged(f, () => f.service.changeMember(NETWORK, unicef.aadObjectId, `member:${wfpMember.aadObjectId}`, { status: 'left' }), 'otherAgency');
    // …nor pull a member of another agency into their own.
    await refusedUnchanged(f, () => f.service.changeMember(NETWORK, unicef.aadObjectId, `member:${wfpMember.aadObjectId}`, { agencyCode: 'UNICEF' }), 'otherAgency');
  });

  it('card data tampered to point at another member, agency or network', async () => {
    const newcomer = await f.pending('Demandeur', 'UNHCR', 'member');
    // Another agency than the request: the card was altered (or is out of date).
    await refusedUnchanged(f, () => f.service.confirm(NETWORK, f.rc.aadObjectId, newcomer.aadObjectId, 'IOM'), 'staleCard');
    // A member that does not exist.
    await refusedUnchanged(f, () => f.service.confirm(NETWORK, f.rc.aadObjectId, '99999999-0000-4000-8000-000000000000', 'UNHCR'), 'unknownMember');
    // A member that is not pending (already confirmed): no second decision.
    await refusedUnchanged(f, () => f.service.decline(NETWORK, f.rc.aadObjectId, f.secretariat.aadObjectId, 'RCO'), 'notPending');
    // Another network's partition holds no such member, and the RC is nobody there.
    await refusedUnchanged(f, () => f.service.confirm('sn', f.rc.aadObjectId, newcomer.aadObjectId, 'UNHCR'), 'notAMember');
  });

  it('unknown agency codes: joining, changing a member, editing the rotation', async () => {
    const person = identity('Égaré', 'x@example.org');
    await refusedUnchanged(f, () => f.service.requestToJoin(NETWORK, person, 'XYZ', 'member'), 'unknownAgency');
    const member = await f.member('Membre', 'WHO', 'member');
    await refusedUnchanged(f, () => f.service.changeMember(NETWORK, f.rc.aadObjectId, `member:${member.aadObjectId}`, { agencyCode: 'NOPE' }), 'unknownAgency');
    await refusedUnchanged(f, () => f.service.updateRotation(NETWORK, f.rc.aadObjectId, ['UNDP', 'ZZZ'], 12), 'unknownAgency');
  });

  it('says why in the member’s language', () => {
    assert.match(translate('fr', 'network.error.ownMembership'), /propre adhésion.*rien n’a été modifié/);
    assert.match(translate('en', 'network.error.otherAgency'), /own agency.*nothing was changed/);
    assert.match(translate('en', 'network.error.unknownAgency'), /not in the network’s directory/);
  });
});
