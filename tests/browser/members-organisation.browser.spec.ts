/**
 * Each person's organisation on the Members page (issue 18), in real Chromium: the network's
 * team lives in the host tenant; the directory says tenant B is UNHCR's; a member signs in from
 * tenant C, which no agency lists. The page shows the host's people under their agency's name,
 * the tenant-B member as UNHCR, the tenant-C member as another organisation marked external —
 * with the tenant id for a co-chair only — in French and in English.
 */
import assert from 'node:assert/strict';
import { TEST_TENANT_ID, teamsUser, type TeamsUser } from '../support/teams-activities';
import { AGENCY_B_TENANT, AGENCY_C_TENANT } from '../support/multi-tenant-teams';
import { audit, describeViolation } from './axe-audit';
import { NETWORK } from './network-fixture';
import { chromiumSuite, screenshot } from './tab-session';

describe('Members page: each person’s organisation, in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite({ env: { ALLOWED_TENANTS: `${TEST_TENANT_ID},${AGENCY_B_TENANT},${AGENCY_C_TENANT}` } });
  let fromB!: TeamsUser;
  let fromC!: TeamsUser;

  before(async () => {
    const { reseau } = suite.net.app;
    const { rc } = suite.net;
    const agencies = await reseau.membership.agencies(NETWORK);
    await reseau.membership.updateDirectory(NETWORK, rc.aadObjectId, agencies.map((agency) => (agency.code === 'UNHCR' ? { ...agency, tenantIds: [AGENCY_B_TENANT] } : agency)));
    const join = async (name: string, tenantId: string, agencyCode: string, role: 'alternate' | 'member') => {
      const user = teamsUser({ name, tenantId });
      await reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId, name, language: 'fr' }, agencyCode, role);
      await reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agencyCode);
      return user;
    };
    fromB = await join('Binta Soumah', AGENCY_B_TENANT, 'UNHCR', 'alternate');
    fromC = await join('Jean Haba', AGENCY_C_TENANT, 'OHCHR', 'member');
  });

  it('in French, a co-chair reads each one’s organisation, and the external member’s tenant', async () => {
    const { page, problems } = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/members' });
    const directory = page.getByRole('table', { name: 'Annuaire des agences' });
    const unhcr = directory.getByRole('row', { name: /HCR \(UNHCR\)/ });
    await unhcr.getByText(`${fromB.name} — HCR (UNHCR)`).waitFor();
    await directory.getByRole('row', { name: /OIM \(IOM\)/ }).getByText('Aminata Camara — OIM (IOM)').waitFor();
    const external = directory.getByRole('row', { name: /HCDH \(OHCHR\)/ }).getByText(new RegExp(`${fromC.name} — Autre organisation`));
    await external.waitFor();
    const organisation = directory.getByRole('row', { name: /HCDH \(OHCHR\)/ }).getByTestId('organisation');
    assert.match(await organisation.innerText(), new RegExp(`^Autre organisation\\s*externe\\s*\\(locataire ${AGENCY_C_TENANT}\\)$`));
    await screenshot(page, 'fr-members-organisation-co-chair');
    // The external mark and the tenant id read as well as the rest (contrast, names).
    const serious = (await audit(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map(describeViolation);
    assert.deepEqual(serious, []);
    assert.deepEqual(problems, []);
  });

  it('in English, a member reads the organisations and the external mark, with no tenant id', async () => {
    const { page, problems } = await suite.open({ locale: 'en-US', as: suite.net.members.jane, hash: '#/members' });
    const directory = page.getByRole('table', { name: 'Agency directory' });
    await directory.getByRole('row', { name: /UNHCR/ }).getByText(`${fromB.name} — UNHCR`).waitFor();
    const organisation = directory.getByRole('row', { name: /OHCHR/ }).getByTestId('organisation');
    await organisation.waitFor();
    assert.match(await organisation.innerText(), /^Other organisation\s*external$/);
    assert.equal(await page.getByText(AGENCY_C_TENANT).count(), 0, 'no tenant id for a member');
    await screenshot(page, 'en-members-organisation-member');
    assert.deepEqual(problems, []);
  });
});
