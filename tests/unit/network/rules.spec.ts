import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findAdmin, parseNetworkAdmins } from '../../../src/network/admins';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { validateDirectory } from '../../../src/network/directory-rules';
import { suggestAgency } from '../../../src/network/membership-rules';
import { mapHeader, missingColumns, parseRole } from '../../../src/network/csv-rows';
import type { MemberDocument, RotationDocument } from '../../../src/network/model';
import { rolesOf } from '../../../src/network/roles';
import { advanceRotation, firstTerm } from '../../../src/network/rotation';

const context = { agencies: GUINEA_DEFAULT_AGENCIES, rotatingCoChair: 'UNDP' };
const person = (agencyCode: string, agencyRole: MemberDocument['agencyRole'], status: MemberDocument['status'] = 'confirmed', secretariat?: boolean) => ({
  aadObjectId: 'x',
  agencyCode,
  agencyRole,
  status,
  ...(secretariat === undefined ? {} : { secretariat }),
});

describe('membership rules', () => {
  it('derives network roles from agency, role in it, status and the rotation', () => {
    assert.deepEqual([...rolesOf(person('IOM', 'focalPoint'), context)].sort(), ['coChair', 'excomRepresentative', 'focalPoint', 'member']);
    assert.deepEqual([...rolesOf(person('UNDP', 'alternate'), context)].sort(), ['alternate', 'coChair', 'excomRepresentative', 'member'], 'rotating co-chair');
    assert.deepEqual([...rolesOf(person('UNHCR', 'member'), context)], ['member'], 'a plain member of an ExCom agency does not speak for it');
    assert.deepEqual([...rolesOf(person('WFP', 'focalPoint'), context)].sort(), ['focalPoint', 'member']);
    assert.deepEqual([...rolesOf(person('RCO', 'member'), context)], ['member'], 'an RCO officer is not the secretariat by belonging to the RCO');
    assert.deepEqual([...rolesOf(person('RCO', 'member', 'confirmed', true), context)].sort(), ['member', 'secretariat'], 'the grant makes the secretariat');
    assert.deepEqual([...rolesOf(person('IOM', 'member', 'confirmed', true), context)].sort(), ['member', 'secretariat'], 'IOM supports the secretariat when granted');
    assert.deepEqual([...rolesOf(person('RCO', 'member', 'pending', true), context)], ['pending'], 'a grant gives nothing before confirmation');
    assert.deepEqual([...rolesOf(person('IOM', 'focalPoint', 'pending'), context)], ['pending'], 'pending: no rights of the claimed role');
    assert.deepEqual([...rolesOf(person('IOM', 'focalPoint', 'left'), context)], []);
    assert.deepEqual([...rolesOf(undefined, context)], []);
  });

  it('parses NETWORK_ADMINS entries by object id, optionally tenant-bound, and explains the bad ones', () => {
    const oid = '5F0C1D2E-3F40-4A5B-8C6D-7E8F90A1B2C3';
    const tenant = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
    const { admins, problems } = parseNetworkAdmins(`${oid};${tenant}/${oid}=cochair:iom bad =x`);
    assert.deepEqual(admins, [
      { aadObjectId: oid.toLowerCase(), role: 'secretariat' },
      { aadObjectId: oid.toLowerCase(), tenantId: tenant, role: 'cochair', agencyCode: 'IOM' },
    ]);
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /"bad": start with an Entra object id/);
  });

  it('refuses an email in NETWORK_ADMINS, saying why and where to find the object id', () => {
    const { admins, problems } = parseNetworkAdmins('rc@un.org=cochair, a@un.org');
    assert.deepEqual(admins, []);
    assert.equal(problems.length, 2);
    for (const problem of problems) {
      assert.match(problem, /an email claim can be set by any tenant/);
      assert.match(problem, /Entra admin centre › Users › the person › Object ID/);
      assert.match(problem, /"profil" \(or "profile"\)/);
    }
    assert.match(parseNetworkAdmins('not-a-guid/5f0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3').problems[0] ?? '', /tenantId\/objectId/);
  });

  it('matches an admin by object id, and by tenant too when the entry names one', () => {
    const oid = '5f0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
    const tenantA = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
    const tenantB = '7a2d3b5f-4c8e-4d6a-8f1b-2e3c4d5e6f70';
    const { admins } = parseNetworkAdmins(`${tenantA}/${oid}=cochair`);
    assert.equal(findAdmin(admins, oid.toUpperCase(), tenantA.toUpperCase())?.role, 'cochair');
    assert.equal(findAdmin(admins, oid, tenantB), undefined, 'the same object id from another tenant is not the admin');
    assert.equal(findAdmin(parseNetworkAdmins(oid).admins, oid, tenantB)?.role, 'secretariat', 'without a tenant, the object id alone');
  });

  it('suggests an agency only from a domain that names one', () => {
    assert.equal(suggestAgency('a@unicef.org', GUINEA_DEFAULT_AGENCIES), 'UNICEF');
    assert.equal(suggestAgency('a@gn.undp.org', GUINEA_DEFAULT_AGENCIES), 'UNDP', 'country subdomains count');
    assert.equal(suggestAgency('a@un.org', GUINEA_DEFAULT_AGENCIES), undefined, 'un.org is shared');
    assert.equal(suggestAgency('a@gmail.com', GUINEA_DEFAULT_AGENCIES), undefined);
    assert.equal(suggestAgency(undefined, GUINEA_DEFAULT_AGENCIES), undefined);
  });

  it('reads CSV headers and roles in French or English', () => {
    assert.deepEqual(mapHeader(['Agence', 'Nom', 'Courriel', 'Rôle']), { agencyCode: 0, name: 1, email: 2, agencyRole: 3 });
    assert.deepEqual(missingColumns(mapHeader(['name', 'email'])), ['agencyCode']);
    assert.deepEqual(missingColumns(mapHeader(['agency', 'name', 'objectId', 'tenantId'])), [], 'an object id column stands for the email');
    assert.deepEqual(missingColumns(mapHeader(['agency', 'name', 'role'])), ['email']);
    assert.deepEqual(mapHeader(['Agence', 'Nom', 'Courriel', 'Rôle', 'Object ID', 'Tenant ID']), { agencyCode: 0, name: 1, email: 2, agencyRole: 3, aadObjectId: 4, tenantId: 5 });
    assert.equal(parseRole('Point focal'), 'focalPoint');
    assert.equal(parseRole('alternate'), 'alternate');
    assert.equal(parseRole(''), 'member');
    assert.equal(parseRole('chef'), undefined);
  });

  it('refuses a directory that loses the secretariat, duplicates a code, or drops an agency that has members', () => {
    const noSecretariat = GUINEA_DEFAULT_AGENCIES.map((agency) => ({ ...agency, secretariat: false }));
    assert.throws(() => validateDirectory(noSecretariat, new Set(), []), /exactly one agency must hold the secretariat/);
    assert.throws(() => validateDirectory([...GUINEA_DEFAULT_AGENCIES, GUINEA_DEFAULT_AGENCIES[2]!], new Set(), []), /UNDP appears twice/);
    const withoutWfp = GUINEA_DEFAULT_AGENCIES.filter((agency) => agency.code !== 'WFP');
    assert.throws(() => validateDirectory(withoutWfp, new Set(['WFP']), []), /agencies with members cannot be removed: WFP/);
    assert.equal(validateDirectory(withoutWfp, new Set(['IOM']), ['UNDP']).length, 16);
  });

  it('always has, for any date after the start, a current term containing it, in rotation order', () => {
    const order = ['UNDP', 'UNHCR', 'UNICEF', 'OHCHR'];
    const start = new Date('2026-01-31T00:00:00Z');
    const rotation: RotationDocument = {
      id: 'cochair-rotation',
      networkId: 'gn',
      type: 'cochairRotation',
      order,
      termMonths: 5,
      current: firstTerm(order, 5, start),
      history: [],
      updatedAt: start.toISOString(),
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 365 * 24 * 3600 * 1000 }), (offset) => {
        const now = new Date(start.getTime() + offset);
        const { next, handovers } = advanceRotation(rotation, now);
        assert.ok(Date.parse(next.current.start) <= now.getTime() && now.getTime() < Date.parse(next.current.end));
        assert.equal(next.current.agencyCode, order[handovers.length % order.length]);
        // Terms follow each other without gap or overlap.
        for (const handover of handovers) assert.equal(handover.from.end, handover.to.start);
      }),
      { numRuns: 200 },
    );
  });
});
