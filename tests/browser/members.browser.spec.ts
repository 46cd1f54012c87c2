/**
 * Membres / Members in real Chromium against the real server: the agency directory (ExCom,
 * co-chair and secretariat flags, focal point, alternates, members under their agency), the
 * requests the reader may decide (confirm; decline only after a confirmation dialog), the CSV
 * export, an import previewed row by row and applied as shown, the co-chair rotation, working
 * groups with their chair, members and external partners, and the audit trail for co-chairs —
 * in French and English, one flow per role (co-chair, ExCom focal point, plain member), from the
 * keyboard with a visible focus, with no console error and nothing fetched outside the app.
 * (The axe-core audit of every page: accessibility.browser.spec.ts.)
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TEST_TENANT_ID, teamsUser, type TeamsUser } from '../support/teams-activities';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, screenshot, type TabSession } from './tab-session';

describe('Members in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  let wfpApplicant!: TeamsUser;
  const status = (user: TeamsUser) => suite.net.app.reseau.membership.memberStatus(NETWORK, user.aadObjectId);

  before(async () => {
    const { reseau } = suite.net.app;
    const { rc, fatou, members } = suite.net;
    wfpApplicant = teamsUser({ name: 'Sékou Kaba' });
    await reseau.membership.requestToJoin(NETWORK, { aadObjectId: wfpApplicant.aadObjectId, tenantId: TEST_TENANT_ID, name: wfpApplicant.name, language: 'fr' }, 'WFP', 'member');
    await reseau.membership.createWorkingGroup(NETWORK, rc.aadObjectId, {
      name: 'Retour et réintégration',
      objective: 'Coordonner l’appui à la réintégration durable.',
      memberIds: [members.aminata.aadObjectId, fatou.aadObjectId],
      externalPartners: [{ name: 'Mamadou Bah', organisation: 'Association des rapatriés' }],
      chairId: fatou.aadObjectId,
      reviewDate: `${new Date().getUTCFullYear() + 1}-06-30`,
    });
  });

  it('in English, the UNHCR focal point sees the directory and confirms their agency’s request — not another agency’s — with no import, export or audit trail', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.fatou, hash: '#/members' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    const directory = page.getByRole('table', { name: 'Agency directory' });
    await directory.getByRole('row', { name: /UNHCR.*ExCom.*Fatou Bangoura/ }).waitFor();
    const pending = page.getByTestId('members-pending');
    await pending.getByText('Mariama Touré').waitFor();
    assert.equal(await pending.getByText('Sékou Kaba').count(), 0, 'a WFP request is not theirs to decide');
    for (const name of ['Export the list (CSV)', 'Preview']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
    assert.equal(await page.getByRole('heading', { name: 'Audit trail' }).count(), 0);
    await page.getByRole('heading', { name: 'Retour et réintégration' }).waitFor();
    await page.getByText('Chair: Fatou Bangoura').waitFor();
    await page.getByText(/Aminata Camara \(IOM\), Fatou Bangoura \(UNHCR\)/).waitFor();
    await page.getByText(/Mamadou Bah \(Association des rapatriés\)/).waitFor();
    await page.getByTestId('members-rotation').getByText(/co-chairs from .* to .*\./).waitFor();
    await page.getByTestId('members-rotation').getByText(/Next hand-over on .*: /).waitFor();
    await screenshot(page, 'en-members-focal-point');

    await pending.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Mariama Touré is now a confirmed member.').waitFor();
    await pending.getByText('No request to decide.').waitFor();
    assert.equal(await status(suite.net.pending), 'confirmed');
    assert.deepEqual(session.problems, []);
  });

  it('in French, a co-chair declines a request only after confirming, exports the list, previews an import row by row, applies it and reads the audit trail', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/members' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Membres', level: 1 }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Membres', selected: true }).count(), 1);
    const pending = page.getByTestId('members-pending');
    await pending.getByText('Sékou Kaba').waitFor();

    // Keyboard: the decline button, Enter opens the dialog; "keep it pending" changes nothing.
    await pending.getByRole('button', { name: 'Refuser' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused button shows a focus indicator');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Refuser la demande de Sékou Kaba\u202f?' });
    await dialog.waitFor();
    await screenshot(page, 'fr-members-decline-dialog');
    await dialog.getByRole('button', { name: 'Garder en attente' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await status(wfpApplicant), 'pending');
    await pending.getByRole('button', { name: 'Refuser' }).click();
    await dialog.getByRole('button', { name: 'Refuser la demande' }).click();
    await page.getByText('La demande de Sékou Kaba a été refusée.').waitFor();
    assert.equal(await status(wfpApplicant), 'left');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter la liste (CSV)' }).click()]);
    const exported = await readFile((await download.path()) as string, 'utf8');
    assert.match(exported, /IOM,Aminata Camara/);

    const csv = [
      'agency,name,email,role,objectId,tenantId',
      `IOM,Aminata Camara,,alternate,${suite.net.members.aminata.aadObjectId},${TEST_TENANT_ID}`,
      'WFP,Nouvelle Personne,n.personne@wfp.org,member,,',
      'NOPE,Quelqu’un,q@nope.org,member,,',
    ].join('\n');
    await page.locator('textarea[name="importCsv"]').fill(csv);
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('1 ajout, 1 modification, 0 sans changement, 1 ligne refusée.').waitFor();
    const rows = preview.getByRole('table', { name: 'Ce que l’import va changer' });
    await rows.getByRole('row', { name: /Modification.*Aminata Camara.*suppléance.*avant\s: membre/ }).waitFor();
    await rows.getByRole('row', { name: /Ajout.*Nouvelle Personne.*PAM \(WFP\)|Ajout.*Nouvelle Personne.*WFP/ }).waitFor();
    await page.getByTestId('import-rejected').getByText(/Ligne 4\u202f: agence inconnue/).waitFor();
    await screenshot(page, 'fr-members-import-preview');
    assert.equal((await suite.net.app.reseau.membership.profile(NETWORK, suite.net.members.aminata.aadObjectId))?.member.agencyRole, 'member', 'nothing written by the preview');

    await preview.getByRole('button', { name: 'Appliquer l’import' }).click();
    await page.getByText('Import appliqué\u202f: 1 ajout, 1 modification, 0 sans changement, 1 ligne refusée.').waitFor();
    assert.equal((await suite.net.app.reseau.membership.profile(NETWORK, suite.net.members.aminata.aadObjectId))?.member.agencyRole, 'alternate');
    const directory = page.getByRole('table', { name: 'Annuaire des agences' });
    await directory.getByRole('row', { name: /OIM \(IOM\).*Comité exécutif.*Coprésidence/ }).waitFor();

    const audit = page.getByRole('table', { name: 'Journal des modifications' });
    await audit.getByRole('row', { name: /Coordonnatrice Résidente.*import de la liste.*Aminata Camara.*Rôle dans l’agence\s: membre → suppléance/ }).waitFor();
    await audit.getByRole('row', { name: /Coordonnatrice Résidente.*demande refusée.*Statut\s: en attente → parti·e/ }).waitFor();
    await screenshot(page, 'fr-members-cochair');
    assert.deepEqual(session.problems, []);
  });

  it('in English, a plain member reads the directory, rotation and working groups, with no action to take, and moves through the navigation by keyboard', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.ibrahima, hash: '#/members' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Agency directory' }).getByRole('row', { name: /WFP.*Ibrahima Sylla/ }).waitFor();
    assert.equal(await page.getByTestId('members-pending').count(), 0);
    for (const name of ['Export the list (CSV)', 'Preview', 'Confirm', 'Decline']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
    assert.equal(await page.getByRole('heading', { name: 'Audit trail' }).count(), 0);
    await page.getByRole('heading', { name: 'Retour et réintégration' }).waitFor();

    const membersTab = page.getByRole('tab', { name: 'Members', selected: true });
    await membersTab.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { innerText: string } | null } }).document.activeElement?.innerText), 'Members');
    assert.ok(await focusIsVisible(page), 'the focused tab shows a focus indicator');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Work plan', level: 1 }).waitFor();
    assert.deepEqual(session.problems, []);
  });

  it('fits a phone-sized frame (360 px) in Teams’ dark and high-contrast themes: Members and Settings scroll their tables, never the page', async () => {
    for (const [theme, hash, heading] of [
      ['dark', '#/members', 'Membres'],
      ['contrast', '#/settings', 'Paramètres'],
    ] as const) {
      session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: `?theme=${theme}${hash}`, viewport: { width: 360, height: 740 } });
      const { page } = session;
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      const width = await page.evaluate(() => {
        const { scrollWidth, clientWidth } = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return { scrollWidth, clientWidth };
      });
      assert.ok(width.scrollWidth <= width.clientWidth, `${hash}: page ${width.scrollWidth} px wide in a ${width.clientWidth} px frame`);
      await screenshot(page, `fr-${hash.slice(2)}-phone-${theme}`);
      assert.deepEqual(session.problems, []);
      await session.context.close();
    }
  });
});
