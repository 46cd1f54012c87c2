import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNetworkAdmins } from '../../../src/network/admins';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { validateDirectory } from '../../../src/network/directory-rules';
import { suggestAgency } from '../../../src/network/membership-rules';
import { mapHeader, missingColumns, parseRole } from '../../../src/network/csv-rows';
import type { MemberDocument, RotationDocument } from '../../../src/network/model';
import { rolesOf } from '../../../src/network/roles';
import { advanceRotation, firstTerm } from '../../../src/network/rotation';

const context = { agencies: GUINEA_DEFAULT_AGENCIES, rotatingCoChair: 'UNDP' };
const person = (agencyCode: string, agencyRole: MemberDocument['agencyRole'], status: MemberDocument['status'] = 'confirmed') => ({ aadObjectId: 'x', agencyCode, agencyRole, status });

describe('membership rules', () => {
  it('derives network roles from agency, role in it, status and the rotation', () => {
    assert.deepEqual([...rolesOf(person('IOM', 'focalPoint'), context)].sort(), ['coChair', 'excomRepresentative', 'focalPoint', 'member']);
    assert.deepEqual([...rolesOf(person('UNDP', 'alternate'), context)].sort(), ['alternate', 'coChair', 'excomRepresentative', 'member'], 'rotating co-chair');
    assert.deepEqual([...rolesOf(person('UNHCR', 'member'), context)], ['member'], 'a plain member of an ExCom agency does not speak for it');
    assert.deepEqual([...rolesOf(person('WFP', 'focalPoint'), context)].sort(), ['focalPoint', 'member']);
    assert.deepEqual([...rolesOf(person('RCO', 'member'), context)].sort(), ['member', 'secretariat']);
    assert.deepEqual([...rolesOf(person('IOM', 'focalPoint', 'pending'), context)], ['pending'], 'pending: no rights of the claimed role');
    assert.deepEqual([...rolesOf(person('IOM', 'focalPoint', 'left'), context)], []);
    assert.deepEqual([...rolesOf(undefined, context)], []);
  });

  it('parses NETWORK_ADMINS entries and explains the bad ones', () => {
    const { admins, problems } = parseNetworkAdmins('a@un.org;B@IOM.INT=cochair:iom bad =x@un.org=boss');
    assert.deepEqual(admins, [
      { email: 'a@un.org', role: 'secretariat' },
      { email: 'b@iom.int', role: 'cochair', agencyCode: 'IOM' },
    ]);
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /"bad": start with an Entra object id/);
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
