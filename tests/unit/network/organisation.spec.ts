/**
 * Each person's organisation in the member list (issue 18): by their home tenant, the host's
 * people by their agency, anyone else as another organisation marked external — in the card's
 * words (FR/EN, the agencies' names as everywhere) and in the tab API's view, whose tenant id
 * only co-chairs read.
 */
import assert from 'node:assert/strict';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { buildMemberList } from '../../../src/network/member-list';
import { memberListFor } from '../../../src/network/member-views';
import { memberListCardData, organisationName } from '../../../src/network/membership-cards';
import type { Agency, MemberDocument } from '../../../src/network/model';
import { organisationOf } from '../../../src/network/organisation-rules';
import type { Person } from '../../../src/network/roles';

const HOST = '11111111-aaaa-4aaa-8aaa-111111111111';
const UNHCR_TENANT = '22222222-bbbb-4bbb-8bbb-222222222222';
const PARTNER = '33333333-cccc-4ccc-8ccc-333333333333';
const directory: Agency[] = GUINEA_DEFAULT_AGENCIES.map((agency) => (agency.code === 'UNHCR' ? { ...agency, tenantIds: [UNHCR_TENANT] } : agency));

let next = 0;
const member = (name: string, agencyCode: string, tenantId: string | undefined, agencyRole: MemberDocument['agencyRole'] = 'member'): MemberDocument => {
  next += 1;
  const oid = `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`;
  return {
    id: `member:${oid}`,
    networkId: 'gn',
    type: 'member',
    aadObjectId: oid,
    ...(tenantId ? { tenantId } : {}),
    name,
    agencyCode,
    agencyRole,
    status: 'confirmed',
    language: 'fr',
    joinedAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
};

describe('organisationOf: who a member signs in as', () => {
  it('places the host tenant’s people (guests included) and people not seen yet in the agency they belong to', () => {
    assert.deepEqual(organisationOf(member('Awa', 'IOM', HOST), directory, HOST), { kind: 'agency', agencyCode: 'IOM' });
    // A guest of UNHCR's, signed in through their guest account of the host tenant.
    assert.deepEqual(organisationOf(member('Binta', 'UNHCR', HOST.toUpperCase()), directory, HOST), { kind: 'agency', agencyCode: 'UNHCR' });
    assert.deepEqual(organisationOf(member('Imported', 'WFP', undefined), directory, HOST), { kind: 'agency', agencyCode: 'WFP' });
  });

  it('names the agency whose tenants hold the person’s home tenant, whatever agency they chose', () => {
    assert.deepEqual(organisationOf(member('Aminata', 'UNHCR', UNHCR_TENANT), directory, HOST), { kind: 'agency', agencyCode: 'UNHCR' });
    assert.deepEqual(organisationOf(member('Claims IOM', 'IOM', UNHCR_TENANT.toUpperCase()), directory, HOST), { kind: 'agency', agencyCode: 'UNHCR' });
  });

  it('calls a tenant no agency lists another organisation, external, with its tenant id', () => {
    assert.deepEqual(organisationOf(member('Jean', 'OHCHR', PARTNER), directory, HOST), { kind: 'other', external: true, tenantId: PARTNER });
  });

  it('calls a host member of an agency no longer in the directory another organisation, not external', () => {
    assert.deepEqual(organisationOf(member('Old', 'GONE', HOST), directory, HOST), { kind: 'other', external: false, tenantId: HOST });
  });

  it('with no host tenant known (local mode, any tenant), places an unlisted tenant in the person’s own agency', () => {
    assert.deepEqual(organisationOf(member('Local', 'IOM', PARTNER), directory, undefined), { kind: 'agency', agencyCode: 'IOM' });
    assert.deepEqual(organisationOf(member('Aminata', 'IOM', UNHCR_TENANT), directory, undefined), { kind: 'agency', agencyCode: 'UNHCR' });
  });
});

describe('the member list shows each person’s organisation', () => {
  const people = [
    member('Awa Touré', 'IOM', HOST, 'focalPoint'),
    member('Aminata Camara', 'UNHCR', UNHCR_TENANT, 'focalPoint'),
    member('Jean Haba', 'OHCHR', PARTNER, 'alternate'),
    member('Fatou Bah', 'OHCHR', PARTNER, 'member'),
    member('Mamadou Diallo', 'OHCHR', HOST, 'member'),
  ];
  const list = buildMemberList(directory, people, ['RCO', 'IOM'], new Date('2026-03-01T00:00:00Z'), HOST);
  const cardText = (language: 'fr' | 'en') => JSON.stringify(memberListCardData(language, list, { canSend: false, networkId: 'gn' }));

  it('in the card, after each named person, in the reader’s language', () => {
    const fr = cardText('fr');
    assert.match(fr, /"Awa Touré","weight":"Bolder","subtle":false\},\{"text":" — OIM \(IOM\)"/);
    assert.match(fr, /"Aminata Camara","weight":"Bolder","subtle":false\},\{"text":" — HCR \(UNHCR\)"/);
    assert.match(fr, /"Jean Haba — Autre organisation \(externe\)"/);
    const en = cardText('en');
    assert.match(en, /"Aminata Camara","weight":"Bolder","subtle":false\},\{"text":" — UNHCR"/);
    assert.match(en, /"Jean Haba — Other organisation \(external\)"/);
  });

  it('names the plain members who sign in as another organisation, and only them', () => {
    const fr = cardText('fr');
    assert.match(fr, /Membres venant d’une autre organisation\u202f: ","weight":"Default","subtle":false\},\{"text":"Fatou Bah — Autre organisation \(externe\)"/);
    assert.doesNotMatch(fr, /Mamadou Diallo/, 'a member of their own agency is counted, not named');
  });

  it('uses the same names as the rest of the product', () => {
    const rco = directory.find((agency) => agency.code === 'RCO')!;
    assert.equal(organisationName('fr', { kind: 'agency', agencyCode: 'RCO' }, [rco]), 'Bureau du Coordonnateur résident (RCO)');
    assert.equal(organisationName('en', { kind: 'other', external: false }, directory), 'Other organisation');
  });

  it('in the tab API: every reader sees the organisation; only co-chairs the other organisation’s tenant', () => {
    const reader = (roles: Person['roles'], agencyCode = 'WFP'): Person => ({ aadObjectId: 'r', agencyCode, roles });
    const ohchr = (view: ReturnType<typeof memberListFor>) => view.agencies.find((group) => group.code === 'OHCHR')!;
    for (const roles of [new Set(['pending'] as const), new Set(['member'] as const), new Set(['member', 'secretariat'] as const)]) {
      const view = memberListFor(reader(roles), list);
      assert.deepEqual(ohchr(view).alternates[0]?.organisation, { kind: 'other', external: true });
      assert.deepEqual(view.agencies.find((group) => group.code === 'UNHCR')?.focalPoint?.organisation, { kind: 'agency', agencyCode: 'UNHCR' });
      assert.doesNotMatch(JSON.stringify(view), new RegExp(PARTNER));
    }
    const coChair = memberListFor(reader(new Set(['member', 'focalPoint', 'coChair']), 'IOM'), list);
    assert.deepEqual(ohchr(coChair).alternates[0]?.organisation, { kind: 'other', external: true, tenantId: PARTNER });
  });
});
