/** What each reader gets from the membership API: pure view models, never stored documents. */
import assert from 'node:assert/strict';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { buildMemberList } from '../../../src/network/member-list';
import { directoryFor, memberListFor, memberView, meView } from '../../../src/network/member-views';
import type { MemberDocument } from '../../../src/network/model';
import type { Person } from '../../../src/network/roles';

const OID = '00000000-0000-4000-8000-0000000000aa';
const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
const member = (name: string, agencyCode: string, agencyRole: MemberDocument['agencyRole'], oid: string): MemberDocument => ({
  id: `member:${oid}`,
  networkId: 'gn',
  type: 'member',
  aadObjectId: oid,
  tenantId: TENANT,
  name,
  email: `${name.toLowerCase().replace(/\s/g, '.')}@example.org`,
  agencyCode,
  agencyRole,
  status: 'confirmed',
  decidedBy: 'someone',
  decidedAt: '2026-01-01T00:00:00Z',
  language: 'fr',
  joinedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const members = [member('Awa Toure', 'UNICEF', 'focalPoint', OID), member('Ibrahima Sylla', 'WFP', 'member', '00000000-0000-4000-8000-0000000000bb')];
const list = buildMemberList(GUINEA_DEFAULT_AGENCIES, members, ['RCO', 'IOM'], new Date('2026-03-01T00:00:00Z'));
const reader = (roles: Person['roles'], agencyCode = 'WFP'): Person => ({ aadObjectId: 'r', agencyCode, roles });
const text = (value: unknown) => JSON.stringify(value);

describe('membership views for the reader', () => {
  it('gives a pending person names and roles only: no email, no id, no tenant', () => {
    const view = text(memberListFor(reader(new Set(['pending'])), list));
    assert.match(view, /Awa Toure/);
    assert.doesNotMatch(view, /@example\.org/);
    assert.doesNotMatch(view, /member:|00000000-/);
    assert.doesNotMatch(view, new RegExp(TENANT));
  });

  it('gives a confirmed member colleagues’ emails, still without ids; the ids only to who manages members', () => {
    const plain = text(memberListFor(reader(new Set(['member'])), list));
    assert.match(plain, /awa\.toure@example\.org/);
    assert.doesNotMatch(plain, /member:/);
    const secretariat = memberListFor(reader(new Set(['member', 'secretariat'])), list);
    assert.equal(secretariat.agencies.find((group) => group.code === 'UNICEF')?.focalPoint?.id, `member:${OID}`);
  });

  it('shows the directory’s domains and trusted tenants to co-chairs only', () => {
    const agencies = GUINEA_DEFAULT_AGENCIES.map((agency) => ({ ...agency, tenantIds: [TENANT] }));
    assert.doesNotMatch(text(directoryFor(reader(new Set(['pending'])), agencies)), new RegExp(`${TENANT}|emailDomains`));
    assert.doesNotMatch(text(directoryFor(reader(new Set(['member', 'secretariat'])), agencies)), new RegExp(TENANT));
    assert.equal(directoryFor(reader(new Set(['member', 'focalPoint', 'coChair']), 'RCO'), agencies)[0]?.tenantIds?.[0], TENANT);
  });

  it('answers /me and member changes with views, not stored documents', () => {
    const stored = members[0]!;
    const me = meView({ aadObjectId: OID, tenantId: TENANT }, stored, reader(new Set(['member', 'focalPoint']), 'UNICEF'));
    assert.equal(me.member?.email, stored.email, 'their own email');
    assert.deepEqual(Object.keys(me.member ?? {}).sort(), ['agencyCode', 'agencyRole', 'email', 'id', 'language', 'name', 'secretariat', 'status']);
    assert.ok(me.allowed.includes('confirmMember'));
    assert.equal(meView({ aadObjectId: OID, tenantId: TENANT }, { ...stored, status: 'left' }, reader(new Set())).member, null);
    assert.deepEqual(Object.keys(memberView(stored)).sort(), ['agencyCode', 'agencyRole', 'id', 'name', 'secretariat', 'status']);
  });
});
