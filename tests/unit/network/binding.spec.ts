/**
 * Identity binds by tenant + object id, never by a mutable claim (issue 12 §2), and the
 * secretariat is an explicit grant (§3): each case here fails on the code that matched
 * NETWORK_ADMINS and imported rows by `email` and made every RCO member the secretariat.
 */
import assert from 'node:assert/strict';
import { NETWORK, OTHER_TENANT, TENANT, identity, membershipFixture, type Fixture } from './membership-fixture';

describe('identity binding (tenant + object id) and the secretariat grant', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('refuses a bound member’s object id arriving from another tenant, and changes nothing', async () => {
    const before = await f.snapshot();
    await assert.rejects(f.service.recognise(NETWORK, { ...f.rc, tenantId: OTHER_TENANT }), { code: 'identityMismatch' });
    await assert.rejects(f.service.firstContact(NETWORK, { ...f.rc, tenantId: OTHER_TENANT }), { code: 'identityMismatch' });
    assert.equal(await f.snapshot(), before);
  });

  it('does not make an admin of an object id from another tenant than the entry names', async () => {
    const named = identity('Coprésident OIM');
    const g = await membershipFixture({ admins: [{ aadObjectId: named.aadObjectId, tenantId: TENANT, role: 'cochair', agencyCode: 'IOM' }] });
    try {
      const contact = await g.service.firstContact(NETWORK, { ...named, tenantId: OTHER_TENANT });
      assert.equal(contact.kind, 'unknown');
      assert.equal((await g.service.person(NETWORK, named.aadObjectId)).roles.size, 0);
      assert.equal((await g.service.firstContact(NETWORK, named)).kind, 'welcomed', 'from the named tenant, the entry applies');
      const audit = await g.audit();
      assert.ok(audit.some((entry) => entry.action === 'member.bootstrap' && entry.subject === `member:${named.aadObjectId}`));
    } finally {
      await g.close();
    }
  });

  it('never makes a co-chair or an ExCom voice from an address: a roster from a second tenant with the RC’s or a focal point’s email gets nothing', async () => {
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nUNICEF,Point focal UNICEF,fp@unicef.org,focal point\n');
    const fakeRc = identity('RC', 'rc.guinea@un.org', 'fr', OTHER_TENANT);
    const fakeFocal = identity('FP', 'fp@unicef.org', 'fr', OTHER_TENANT);
    assert.equal((await f.service.firstContact(NETWORK, fakeRc)).kind, 'unknown');
    assert.equal((await f.service.firstContact(NETWORK, fakeFocal)).kind, 'unknown', 'UNICEF names only its own tenant');
    assert.ok(!(await f.service.may(NETWORK, fakeRc.aadObjectId, 'convene')));
    assert.ok(!(await f.service.may(NETWORK, fakeFocal.aadObjectId, 'castAgencyPosition', { agencyCode: 'UNICEF' })));
  });

  it('claims an email-only row only through the roster’s userPrincipalName, never the contact email alone', async () => {
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nUNICEF,Awa Touré,awa@unicef.org,alternate\n');
    const { rosterPrincipalName: _upn, ...emailOnly } = identity('Awa Touré', 'awa@unicef.org');
    assert.equal((await f.service.firstContact(NETWORK, emailOnly)).kind, 'unknown', 'an email (claim or roster email field) binds nobody');
    const awa = identity('Awa Touré', 'someone.else@unicef.org');
    const claimed = await f.service.firstContact(NETWORK, { ...awa, rosterPrincipalName: 'Awa@UNICEF.org' });
    assert.equal(claimed.kind, 'welcomed');
    assert.equal((await f.get(awa))?.tenantId, TENANT);
    const audit = await f.audit();
    assert.ok(audit.some((entry) => entry.action === 'member.claimImported' && entry.subject === `member:${awa.aadObjectId}`));
    const notice = f.notifier.sent.find((sent) => sent.notice.kind === 'memberBound' && sent.notice.via === 'claim');
    assert.ok(notice && notice.recipients !== 'channels');
    assert.deepEqual(notice.recipients.map((r) => r.aadObjectId), [f.rc.aadObjectId]);
  });

  it('claims nothing for an agency whose directory entry names no tenant', async () => {
    const agencies = (await f.service.agencies(NETWORK)).map((agency) => (agency.code === 'WFP' ? { ...agency, tenantIds: [] } : agency));
    await f.service.updateDirectory(NETWORK, f.rc.aadObjectId, agencies);
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nWFP,Ibrahima Sylla,i.sylla@wfp.org,member\n');
    assert.equal((await f.service.firstContact(NETWORK, identity('Ibrahima Sylla', 'i.sylla@wfp.org'))).kind, 'unknown');
  });

  it('makes the secretariat a grant given by co-chairs only, audited; the secretariat prepares but does not convene', async () => {
    const officer = await f.member('Chargée RCO', 'RCO', 'member');
    assert.ok(!(await f.service.person(NETWORK, officer.aadObjectId)).roles.has('secretariat'), 'belonging to the RCO is not enough');
    const before = await f.snapshot();
    await assert.rejects(f.service.changeMember(NETWORK, f.secretariat.aadObjectId, `member:${officer.aadObjectId}`, { secretariat: true }), { code: 'forbidden' });
    await assert.rejects(f.service.changeMember(NETWORK, f.rc.aadObjectId, `member:${f.rc.aadObjectId}`, { secretariat: true }), { code: 'ownMembership' });
    assert.equal(await f.snapshot(), before);

    await f.service.changeMember(NETWORK, f.rc.aadObjectId, `member:${officer.aadObjectId}`, { secretariat: true });
    const person = await f.service.person(NETWORK, officer.aadObjectId);
    assert.deepEqual([...person.roles].sort(), ['member', 'secretariat']);
    for (const action of ['editMeeting', 'remindInvitees', 'recordMinutes', 'confirmMember', 'importMembers'] as const) {
      assert.ok(await f.service.may(NETWORK, officer.aadObjectId, action), action);
    }
    for (const action of ['convene', 'manageDirectory', 'manageRotation', 'manageSecretariat'] as const) {
      assert.ok(!(await f.service.may(NETWORK, officer.aadObjectId, action)), action);
    }
    assert.ok(await f.service.may(NETWORK, f.rc.aadObjectId, 'convene'), 'co-chairs convene');
    assert.ok((await f.audit()).some((entry) => entry.action === 'member.secretariatGranted' && entry.actor === f.rc.aadObjectId));

    await f.service.changeMember(NETWORK, f.rc.aadObjectId, `member:${officer.aadObjectId}`, { secretariat: false });
    assert.ok(!(await f.service.person(NETWORK, officer.aadObjectId)).roles.has('secretariat'));
    assert.ok((await f.audit()).some((entry) => entry.action === 'member.secretariatWithdrawn'));
  });

  it('binds a member known by object id only to the tenant they first act from, then holds them to it', async () => {
    const awa = identity('Awa Touré');
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, `agency,name,objectId\nWHO,Awa Touré,${awa.aadObjectId}\n`);
    assert.equal((await f.get(awa))?.tenantId, undefined);
    assert.equal((await f.service.recognise(NETWORK, awa)).kind, 'member');
    assert.equal((await f.get(awa))?.tenantId, TENANT);
    await assert.rejects(f.service.recognise(NETWORK, { ...awa, tenantId: OTHER_TENANT }), { code: 'identityMismatch' });
  });

  it('keeps an agency’s trusted tenants and domains when the directory comes back without them (a reader’s view)', async () => {
    const reduced = (await f.service.agencies(NETWORK)).map(({ emailDomains: _d, tenantIds: _t, ...agency }) => agency);
    const saved = await f.service.updateDirectory(NETWORK, f.rc.aadObjectId, reduced);
    assert.deepEqual(saved.find((agency) => agency.code === 'UNICEF')?.tenantIds, [TENANT]);
    assert.deepEqual(saved.find((agency) => agency.code === 'UNICEF')?.emailDomains, ['unicef.org']);
    await assert.rejects(f.service.updateDirectory(NETWORK, f.secretariat.aadObjectId, reduced), { code: 'forbidden' }, 'the directory is for co-chairs');
    await assert.rejects(
      f.service.updateDirectory(NETWORK, f.rc.aadObjectId, reduced.map((agency) => (agency.code === 'WFP' ? { ...agency, tenantIds: ['not-a-tenant'] } : agency))),
      { code: 'invalidInput' },
    );
  });
});
