/** What each reader gets from the membership API: pure view models, never stored documents. */
import assert from 'node:assert/strict';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { buildMemberList } from '../../../src/network/member-list';
import { auditEntryView, directoryFor, memberListFor, memberView, meView, workingGroupFor } from '../../../src/network/member-views';
import type { AuditEntry, MemberDocument, WorkingGroupDocument } from '../../../src/network/model';
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

  it('gives the home tenant of a member of another organisation to co-chairs only: not to a pending person, a member, a focal point or the secretariat', () => {
    const OTHER_TENANT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const external = { ...member('Jean Haba', 'OHCHR', 'focalPoint', '00000000-0000-4000-8000-0000000000cc'), tenantId: OTHER_TENANT };
    const hosted = buildMemberList(GUINEA_DEFAULT_AGENCIES, [...members, external], ['RCO', 'IOM'], new Date('2026-03-01T00:00:00Z'), TENANT);
    const ohchrOf = (view: ReturnType<typeof memberListFor>) => view.agencies.find((group) => group.code === 'OHCHR')?.focalPoint?.organisation;
    for (const roles of [['pending'], ['member'], ['member', 'focalPoint'], ['member', 'secretariat'], ['member', 'focalPoint', 'excomRepresentative']] as const) {
      const view = memberListFor(reader(new Set(roles)), hosted);
      assert.deepEqual(ohchrOf(view), { kind: 'other', external: true }, roles.join('+'));
      assert.doesNotMatch(text(view), new RegExp(OTHER_TENANT), roles.join('+'));
    }
    assert.deepEqual(ohchrOf(memberListFor(reader(new Set(['member', 'focalPoint', 'coChair']), 'RCO'), hosted)), { kind: 'other', external: true, tenantId: OTHER_TENANT });
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
    assert.deepEqual(Object.keys(me.member ?? {}).sort(), ['agencyCode', 'agencyRole', 'email', 'id', 'language', 'languageChosen', 'name', 'secretariat', 'status']);
    assert.ok(me.allowed.includes('confirmMember'));
    assert.equal(meView({ aadObjectId: OID, tenantId: TENANT }, { ...stored, status: 'left' }, reader(new Set())).member, null);
    assert.deepEqual(Object.keys(memberView(stored)).sort(), ['agencyCode', 'agencyRole', 'id', 'name', 'secretariat', 'status']);
  });
});

describe('working groups and the audit trail for the reader', () => {
  const group: WorkingGroupDocument = {
    id: 'working-group:g1',
    networkId: 'gn',
    type: 'workingGroup',
    groupId: 'g1',
    name: 'Données migratoires',
    objective: 'Harmoniser les données',
    memberIds: [OID, '00000000-0000-4000-8000-0000000000bb'],
    externalPartners: [{ name: 'Mariama Bah', organisation: 'Institut national de la statistique', email: 'm.bah@ins.example.org' }],
    chairId: OID,
    reviewDate: '2026-09-01',
    createdBy: OID,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };

  it('gives a pending person the group and its partners, with no email, no object id, no store fields', () => {
    const view = workingGroupFor(reader(new Set(['pending'])), group);
    assert.equal(view.memberCount, 2);
    assert.equal(view.externalPartners[0]?.organisation, 'Institut national de la statistique');
    const json = text(view);
    assert.doesNotMatch(json, /@|00000000-|"networkId"|"type"|createdBy/);
  });

  it('gives a confirmed member the partners’ emails, and ExCom or co-chairs the ids they act on', () => {
    assert.equal(workingGroupFor(reader(new Set(['member'])), group).externalPartners[0]?.email, 'm.bah@ins.example.org');
    assert.equal(workingGroupFor(reader(new Set(['member'])), group).memberIds, undefined);
    const manager = workingGroupFor(reader(new Set(['member', 'focalPoint', 'excomRepresentative']), 'UNHCR'), group);
    assert.deepEqual(manager.memberIds, group.memberIds);
    assert.equal(manager.chairId, OID);
  });

  it('shows an audit entry’s change without the store’s partition, type or ETag', () => {
    const entry: AuditEntry = { id: 'audit:1', networkId: 'gn', type: 'audit', at: '2026-01-02T00:00:00Z', actor: OID, action: 'member.change', subject: `member:${OID}`, before: null, after: { ...members[0], etag: '"x"' } };
    const view = auditEntryView(entry);
    assert.equal(view.action, 'member.change');
    assert.doesNotMatch(text(view), /"networkId"|"type"|"etag"|audit:1/);
    assert.match(text(view.after), /Awa Toure/);
  });
});
