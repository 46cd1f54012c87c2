/**
 * Who may make someone a focal point or alternate of a governing agency (co-chair now, in the
 * rotation, or on ExCom): co-chairs, or that agency's own focal point — never the secretariat
 * alone, whether by a change, by confirming a request or by a CSV row. Nobody changes their own
 * agency, role or status except by leaving. Each refusal is a NetworkError with a code, and
 * nothing is written.
 */
import assert from 'node:assert/strict';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { NetworkError } from '../../../src/network/errors';
import { appointmentRefusal, changeMember, confirmMembership, importRowRefusal } from '../../../src/network/membership-rules';
import type { MemberDocument } from '../../../src/network/model';
import { governingAgencies, personOf, type RoleContext } from '../../../src/network/roles';
import { NETWORK, membershipFixture, type Fixture } from './membership-fixture';

const context: RoleContext = { agencies: GUINEA_DEFAULT_AGENCIES, rotatingCoChair: 'UNDP', rotationOrder: ['UNDP', 'UNHCR', 'WFP'] };
const now = new Date('2026-03-02T08:00:00Z');

function doc(oid: string, agencyCode: string, agencyRole: MemberDocument['agencyRole'], extra: Partial<MemberDocument> = {}): MemberDocument {
  return {
    id: `member:${oid}`,
    networkId: NETWORK,
    type: 'member',
    aadObjectId: oid,
    name: oid,
    agencyCode,
    agencyRole,
    status: 'confirmed',
    language: 'fr',
    joinedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...extra,
  };
}
const secretariatDoc = doc('sec', 'RCO', 'member', { secretariat: true });
const secretariat = personOf(secretariatDoc, 'sec', context);
const rc = personOf(doc('rc', 'RCO', 'focalPoint'), 'rc', context);
const unicefFocal = personOf(doc('unicef-fp', 'UNICEF', 'focalPoint'), 'unicef-fp', context);
const wfpMember = doc('wfp', 'WFP', 'member');
const whoMember = doc('who', 'WHO', 'member');

const refusedWith = (code: string) => (error: unknown) => error instanceof NetworkError && error.code === code;

describe('appointments to governing seats (pure rules)', () => {
  it('counts as governing: the co-chairs now, every agency in the rotation, every ExCom agency — and nothing else', () => {
    assert.deepEqual(governingAgencies(context).sort(), ['IOM', 'OHCHR', 'RCO', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC', 'WFP']);
    assert.ok(!governingAgencies(context).includes('WHO'));
  });

  it('refuses the secretariat making anyone focal point or alternate of IOM, RCO or the rotating agency', () => {
    for (const agencyCode of ['IOM', 'RCO', 'UNDP']) {
      for (const agencyRole of ['focalPoint', 'alternate'] as const) {
        assert.throws(() => changeMember(secretariat, whoMember, { agencyCode, agencyRole }, context, now), refusedWith('appointmentReserved'), `${agencyCode} ${agencyRole}`);
      }
    }
    // A member already in IOM raised to alternate: the same.
    assert.throws(() => changeMember(secretariat, doc('iom', 'IOM', 'member'), { agencyRole: 'alternate' }, context, now), refusedWith('appointmentReserved'));
  });

  it('refuses the secretariat making itself a co-chair: its own role is never its to change', () => {
    for (const agencyRole of ['focalPoint', 'alternate'] as const) {
      assert.throws(() => changeMember(secretariat, secretariatDoc, { agencyRole }, context, now), refusedWith('ownMembership'));
      assert.throws(() => changeMember(secretariat, secretariatDoc, { agencyCode: 'IOM', agencyRole }, context, now), refusedWith('ownMembership'));
    }
    // …nor a co-chair theirs.
    assert.throws(() => changeMember(rc, doc('rc', 'RCO', 'focalPoint'), { agencyRole: 'member' }, context, now), refusedWith('ownMembership'));
  });

  it('extends to ExCom agencies and agencies later in the rotation (their representatives carry a voice, or will co-chair at the handover)', () => {
    assert.throws(() => changeMember(secretariat, whoMember, { agencyCode: 'UNICEF', agencyRole: 'alternate' }, context, now), refusedWith('appointmentReserved'), 'ExCom');
    assert.throws(() => changeMember(secretariat, wfpMember, { agencyRole: 'focalPoint' }, context, now), refusedWith('appointmentReserved'), 'in the rotation');
    // Taking a representative off the seat (demoting, moving, removing) is the same decision.
    const unicefAlternate = doc('ua', 'UNICEF', 'alternate');
    assert.throws(() => changeMember(secretariat, unicefAlternate, { agencyRole: 'member' }, context, now), refusedWith('appointmentReserved'));
    assert.throws(() => changeMember(secretariat, unicefAlternate, { status: 'left' }, context, now), refusedWith('appointmentReserved'));
    assert.throws(() => changeMember(secretariat, unicefAlternate, { agencyCode: 'WHO' }, context, now), refusedWith('appointmentReserved'));
  });

  it('leaves the secretariat everything else: plain members of any agency, representatives of other agencies', () => {
    assert.equal(changeMember(secretariat, whoMember, { agencyRole: 'focalPoint' }, context, now).agencyRole, 'focalPoint', 'WHO is not governing');
    assert.equal(changeMember(secretariat, whoMember, { agencyCode: 'IOM' }, context, now).agencyCode, 'IOM', 'a plain IOM member');
    assert.equal(changeMember(secretariat, doc('iom', 'IOM', 'member'), { status: 'left' }, context, now).status, 'left');
    assert.equal(changeMember(secretariat, whoMember, { agencyCode: 'WHO' }, context, now).agencyCode, 'WHO', 'no change is no appointment');
  });

  it('lets co-chairs appoint anywhere, and a governing agency’s focal point within their own agency only', () => {
    assert.equal(changeMember(rc, whoMember, { agencyCode: 'IOM', agencyRole: 'focalPoint' }, context, now).agencyRole, 'focalPoint');
    const colleague = doc('uc', 'UNICEF', 'member');
    assert.equal(changeMember(unicefFocal, colleague, { agencyRole: 'alternate' }, context, now).agencyRole, 'alternate');
    assert.throws(() => changeMember(unicefFocal, colleague, { agencyCode: 'IOM', agencyRole: 'alternate' }, context, now), refusedWith('otherAgency'));
  });

  it('refuses confirming a request for a governing seat unless a co-chair or that agency’s focal point confirms', () => {
    const request = doc('new', 'IOM', 'focalPoint', { status: 'pending' });
    assert.throws(() => confirmMembership(secretariat, request, 'IOM', context, now), refusedWith('appointmentReserved'));
    assert.throws(() => confirmMembership(secretariat, { ...request, agencyRole: 'alternate' }, 'IOM', context, now), refusedWith('appointmentReserved'));
    assert.equal(confirmMembership(rc, request, 'IOM', context, now).status, 'confirmed');
    const unicefRequest = doc('new2', 'UNICEF', 'alternate', { status: 'pending' });
    assert.throws(() => confirmMembership(secretariat, unicefRequest, 'UNICEF', context, now), refusedWith('appointmentReserved'));
    assert.equal(confirmMembership(unicefFocal, unicefRequest, 'UNICEF', context, now).status, 'confirmed');
    assert.equal(confirmMembership(secretariat, { ...request, agencyRole: 'member' }, 'IOM', context, now).status, 'confirmed', 'plain members: the secretariat confirms');
  });

  it('judges CSV rows the same way: no governing seat from the secretariat, no change to one’s own membership', () => {
    assert.equal(importRowRefusal(secretariat, { agencyCode: 'IOM', agencyRole: 'focalPoint' }, undefined, context), 'appointmentReserved');
    assert.equal(importRowRefusal(secretariat, { agencyCode: 'RCO', agencyRole: 'alternate' }, whoMember, context), 'appointmentReserved');
    assert.equal(importRowRefusal(secretariat, { agencyCode: 'RCO', agencyRole: 'member' }, secretariatDoc, context), undefined, 'one’s own row unchanged is fine');
    assert.equal(importRowRefusal(secretariat, { agencyCode: 'WHO', agencyRole: 'member', aadObjectId: 'sec' }, undefined, context), 'ownMembership');
    assert.equal(importRowRefusal(secretariat, { agencyCode: 'RCO', agencyRole: 'focalPoint' }, secretariatDoc, context), 'ownMembership');
    assert.equal(importRowRefusal(secretariat, { agencyCode: 'IOM', agencyRole: 'alternate' }, doc('x', 'IOM', 'alternate'), context), undefined, 'an unchanged seat is no appointment');
    assert.equal(importRowRefusal(rc, { agencyCode: 'IOM', agencyRole: 'focalPoint' }, undefined, context), undefined);
    assert.equal(appointmentRefusal(secretariat, undefined, { agencyCode: 'WHO', agencyRole: 'focalPoint', status: 'confirmed' }, context), undefined);
  });
});

describe('appointments to governing seats (service: nothing written when refused)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  async function refusedUnchanged(attempt: () => Promise<unknown>, code: string): Promise<void> {
    const before = await f.snapshot();
    const notices = f.notifier.sent.length;
    await assert.rejects(attempt(), refusedWith(code));
    assert.equal(await f.snapshot(), before, 'nothing changed in the store');
    assert.equal(f.notifier.sent.length, notices, 'nobody was notified');
  }

  it('the secretariat cannot make itself or anyone a co-chair by a change, and the store is unchanged', async () => {
    const sec = f.secretariat.aadObjectId;
    const other = await f.member('Autre', 'WHO', 'member');
    await refusedUnchanged(() => f.service.changeMember(NETWORK, sec, `member:${sec}`, { agencyCode: 'IOM', agencyRole: 'focalPoint' }), 'ownMembership');
    await refusedUnchanged(() => f.service.changeMember(NETWORK, sec, `member:${sec}`, { agencyRole: 'alternate' }), 'ownMembership');
    await refusedUnchanged(() => f.service.changeMember(NETWORK, sec, `member:${other.aadObjectId}`, { agencyCode: 'IOM', agencyRole: 'alternate' }), 'appointmentReserved');
    await refusedUnchanged(() => f.service.changeMember(NETWORK, sec, `member:${other.aadObjectId}`, { agencyCode: 'RCO', agencyRole: 'focalPoint' }), 'appointmentReserved');
    // The rotating co-chair in the fixture is UNDP.
    await refusedUnchanged(() => f.service.changeMember(NETWORK, sec, `member:${other.aadObjectId}`, { agencyCode: 'UNDP', agencyRole: 'focalPoint' }), 'appointmentReserved');
    assert.ok(!(await f.service.person(NETWORK, other.aadObjectId)).roles.has('coChair'));
    assert.ok(!(await f.service.person(NETWORK, sec)).roles.has('coChair'));
  });

  it('the secretariat cannot confirm a request to be IOM focal point, is not asked to, and the co-chair can', async () => {
    const candidate = await f.pending('Candidate', 'IOM', 'focalPoint');
    const request = f.notifier.sent.find((sent) => sent.notice.kind === 'confirmRequest' && sent.notice.member.aadObjectId === candidate.aadObjectId);
    assert.ok(request && request.recipients !== 'channels');
    assert.deepEqual(request.recipients.map((r) => r.aadObjectId), [f.rc.aadObjectId], 'only the co-chair gets the buttons');
    await refusedUnchanged(() => f.service.confirm(NETWORK, f.secretariat.aadObjectId, candidate.aadObjectId, 'IOM'), 'appointmentReserved');
    await f.service.confirm(NETWORK, f.rc.aadObjectId, candidate.aadObjectId, 'IOM');
    assert.ok((await f.service.person(NETWORK, candidate.aadObjectId)).roles.has('coChair'));
  });

  it('a CSV import by the secretariat rejects governing seats and its own row, line by line, writing nothing for them', async () => {
    const sec = f.secretariat.aadObjectId;
    const report = await f.service.importCsv(
      NETWORK,
      sec,
      [
        'agency,name,email,role,objectId',
        `IOM,Soi-même,,focal point,${sec}`,
        'IOM,Complice,complice@iom.int,alternate,',
        'RCO,Autre complice,autre@un.org,alternate,',
        'UNICEF,Voix ExCom,voix@unicef.org,alternate,',
        'IOM,Simple membre,simple@iom.int,member,',
        'WHO,Point focal OMS,pf@who.int,focal point,',
      ].join('\n'),
    );
    assert.deepEqual(report.rejected.map((row) => [row.line, row.rejection]), [
      [2, 'ownMembership'],
      [3, 'appointmentReserved'],
      [4, 'appointmentReserved'],
      [5, 'appointmentReserved'],
    ]);
    assert.equal(report.created, 2);
    const emails = (await f.store.query<MemberDocument>(NETWORK, { type: 'member' })).map((entry) => entry.document.email);
    for (const refused of ['complice@iom.int', 'autre@un.org', 'voix@unicef.org']) assert.ok(!emails.includes(refused), refused);
    assert.equal((await f.service.person(NETWORK, sec)).agencyCode, 'RCO');
    // The co-chair's file is taken as it is.
    const byCoChair = await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nIOM,Complice,complice@iom.int,alternate\n');
    assert.deepEqual([byCoChair.created, byCoChair.rejected.length], [1, 0]);
  });
});
