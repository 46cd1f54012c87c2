/**
 * Décisions / Decisions in real Chromium against the real server: the register with its
 * filters and CSV export, a co-chair opening a decision (consultation, silence procedure),
 * extending it and closing it through a confirmation dialog, an ExCom focal point giving their
 * agency's position (an objection needs its reason, said in English), a plain member reading
 * without any action, and each agency's history of positions opened under its row (its
 * alternate, then its focal point: newest first, the latest current) — in French and English,
 * from the keyboard, with no console error and nothing fetched outside the app. (The axe-core audit of every page: accessibility.browser.spec.ts.)
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { NETWORK } from './network-fixture';
import { TEST_TENANT_ID, teamsUser } from '../support/teams-activities';
import { chromiumSuite, focusIsVisible, screenshot, type TabSession } from './tab-session';

describe('Decisions in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const shot = screenshot;
  const year = new Date().getFullYear();

  it('in French, a co-chair filters the register, exports it as CSV, opens a decision with a consultation, extends it and closes it after confirming', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/decisions' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Décisions', level: 1 }).waitFor();
    const register = page.getByRole('table', { name: 'Registre des décisions' });
    await register.getByRole('row', { name: /Adopter le plan de travail 2027.*Décision du Comité exécutif/ }).waitFor();
    await register.getByRole('row', { name: new RegExp(`DEC-${year}-\\d{3}.*Ancienne décision.*Adoptée`) }).waitFor();
    await shot(page, 'fr-decisions-register');

    await page.locator('select[name="status"]').selectOption('closed');
    await register.getByRole('row', { name: /Adopter le plan de travail 2027/ }).waitFor({ state: 'detached' });
    assert.match(page.url(), /#\/decisions\?status=closed$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    assert.match(csv, /Ancienne décision/);
    assert.doesNotMatch(csv, /Adopter le plan de travail 2027/, 'the export follows the filters');

    await page.getByRole('button', { name: 'Ouvrir une décision' }).click();
    await page.getByRole('heading', { name: 'Ouvrir une décision', level: 1 }).waitFor();
    await page.locator('input[name="title"]').fill('Groupe de travail sur la réintégration');
    await page.locator('textarea[name="textFr"]').fill('Créer un groupe de travail ${title} <b>test</b>');
    await page.getByRole('radio', { name: 'Procédure d’approbation tacite' }).check();
    await page.getByRole('switch', { name: 'Consulter d’abord tous les membres' }).check();
    await page.locator('input[name="consultationDeadline"]').waitFor();
    await shot(page, 'fr-decisions-new');
    await page.getByRole('button', { name: 'Ouvrir la décision' }).click();

    await page.getByRole('heading', { name: 'Groupe de travail sur la réintégration', level: 1 }).waitFor();
    await page.getByText('Créer un groupe de travail ${title} <b>test</b>', { exact: true }).waitFor();
    assert.match(await page.getByTestId('decision-facts').innerText(), /Procédure d’approbation tacite/);
    const positions = page.getByTestId('positions');
    await positions.getByRole('row', { name: /HCR \(UNHCR\).*Pas encore de position/ }).waitFor();

    await page.getByRole('button', { name: 'Prolonger' }).click();
    await page.getByText('Échéance prolongée.').waitFor();

    // The confirmation: "Keep it open" leaves it open; confirming closes and numbers it.
    await page.getByRole('button', { name: 'Clore maintenant' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Clore cette décision maintenant\u202f?' });
    await dialog.waitFor();
    await shot(page, 'fr-decisions-confirm-close');
    await dialog.getByRole('button', { name: 'Garder ouverte' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await suite.net.app.reseau.decisions.register('gn', suite.net.rc.aadObjectId, { q: 'réintégration' }))[0]?.phase !== 'closed', true);
    await page.getByRole('button', { name: 'Clore maintenant' }).click();
    await dialog.getByRole('button', { name: 'Clore la décision' }).click();
    await page.getByText(new RegExp(`Décision close\u202f: DEC-${year}-\\d{3}\\.`)).waitFor();
    await page.getByRole('button', { name: 'Clore maintenant' }).waitFor({ state: 'detached' });
    await shot(page, 'fr-decisions-closed');
    assert.deepEqual(session.problems, []);
  });

  it('in English, the ExCom focal point gives UNHCR’s position: an objection needs its reason (the form says so before sending), then the table shows it', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.fatou, hash: '#/decisions' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Open a decision' }).count(), 0, 'co-chairs only');
    await page.getByRole('link', { name: 'Adopter le plan de travail 2027' }).click();
    await page.getByRole('heading', { name: 'Adopter le plan de travail 2027', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Your agency’s position (UNHCR)' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Close now' }).count(), 0, 'co-chairs only');

    await page.getByRole('radio', { name: 'Object' }).check();
    await page.getByRole('button', { name: 'Record the position' }).click();
    // The comment is required for an objection: the browser keeps the form (the server would refuse it too, see the e2e test).
    assert.equal(await page.locator('textarea[name="positionComment"]:invalid').count(), 1);
    assert.equal(await page.getByText('Position recorded.').count(), 0);
    await page.locator('textarea[name="positionComment"]').fill('The budget line is missing.');
    await page.getByRole('button', { name: 'Record the position' }).click();
    await page.getByText('Position recorded.').waitFor();
    await page.getByTestId('positions').getByRole('row', { name: /UNHCR.*Object.*The budget line is missing\..*Fatou Bangoura/ }).waitFor();
    await shot(page, 'en-decision-position');
    assert.deepEqual(session.problems, []);
  });

  it('UNHCR’s history of positions, opened and closed from the keyboard: in French for a member, in English for another, dates on Conakry’s clock, never ISO', async () => {
    const { app, fatou, rc, decisionId } = suite.net;
    // UNHCR's alternate then its focal point give UNHCR's position (the focal point may have given one before, in the test above).
    const awa = teamsUser({ name: 'Awa Sow' });
    await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: awa.aadObjectId, tenantId: TEST_TENANT_ID, name: awa.name, language: 'fr' }, 'UNHCR', 'alternate');
    await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, awa.aadObjectId, 'UNHCR');
    await app.reseau.decisions.castPosition(NETWORK, decisionId, { aadObjectId: awa.aadObjectId, name: awa.name }, { position: 'object', comment: 'Il manque la ligne budgétaire.' });
    await app.reseau.decisions.castPosition(NETWORK, decisionId, { aadObjectId: fatou.aadObjectId, name: fatou.name }, { position: 'agreeWithReservations', comment: 'Sous réserve du budget.' });
    const count = (await app.reseau.decisions.decision(NETWORK, decisionId, rc.aadObjectId)).positionRecords.get('UNHCR')?.history.length ?? 0;
    assert.ok(count >= 2, `${count} positions`);

    for (const { language, locale, as, toggle, list, current, replaced, focal, alternate, date } of [
      { language: 'fr', locale: 'fr-FR', as: suite.net.members.ibrahima, toggle: `Historique (${count}) de HCR (UNHCR)`, list: `HCR (UNHCR)\u202f: ${count} positions exprimées, la plus récente d’abord (heures de Conakry)`, current: 'Position actuelle', replaced: 'Remplacée', focal: 'Fatou Bangoura (point focal)', alternate: 'Awa Sow (suppléance)', date: / \d{4} à \d{2}:\d{2}/ },
      { language: 'en', locale: 'en-US', as: suite.net.members.jane, toggle: `History (${count}) of UNHCR`, list: `UNHCR: ${count} positions given, latest first (Conakry time)`, current: 'Current position', replaced: 'Replaced', focal: 'Fatou Bangoura (focal point)', alternate: 'Awa Sow (alternate)', date: / \d{4} at \d{2}:\d{2}/ },
    ] as const) {
      session = await suite.open({ locale, as, hash: `#/decisions/${decisionId}` });
      const { page } = session;
      await page.getByRole('heading', { name: 'Adopter le plan de travail 2027', level: 1 }).waitFor();
      const button = page.getByRole('button', { name: toggle });
      assert.equal(await button.getAttribute('aria-expanded'), 'false', language);
      assert.equal(await page.getByRole('list', { name: list }).count(), 0, 'closed at first');
      // Reached with the keyboard (Tab from the cell before it): the toggle shows where the focus is.
      await button.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      assert.equal(await button.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement), true, `${language}: Tab reaches the toggle`);
      assert.ok(await focusIsVisible(page), `${language}: the focused toggle shows a focus indicator`);
      await page.keyboard.press(language === 'fr' ? 'Enter' : 'Space');
      const history = page.getByRole('list', { name: list });
      await history.waitFor();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      assert.equal(await button.getAttribute('aria-controls'), await history.getAttribute('id'));
      const items = (await history.getByRole('listitem').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
      assert.equal(items.length, count);
      const line = (...parts: string[]) => new RegExp(parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
      assert.match(items[0]!, line(`${language === 'fr' ? 'D’accord avec réserves' : 'Agree with reservations'} ${current}`, focal, 'Sous réserve du budget.'));
      assert.match(items[1]!, line(`${language === 'fr' ? 'Objection' : 'Object'} ${replaced}`, alternate, 'Il manque la ligne budgétaire.'));
      for (const item of items) assert.match(item, date, `${language}: a date in words, on Conakry’s clock: ${item}`);
      assert.doesNotMatch(await page.locator('main, body').first().innerText(), /\d{4}-\d{2}-\d{2}T/, 'no ISO date on the page');
      await shot(page, `${language}-decision-position-history`);
      await page.keyboard.press(language === 'fr' ? 'Enter' : 'Space');
      await history.waitFor({ state: 'detached' });
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.deepEqual(session.problems, []);
    }
  });

  it('in English, a plain member reads the decision without any action, and works the register from the keyboard with a visible focus', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.ibrahima, hash: `#/decisions/${suite.net.decisionId}` });
    const { page } = session;
    await page.getByRole('heading', { name: 'Adopter le plan de travail 2027', level: 1 }).waitFor();
    await page.getByText('0 consultation comments.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Record the position' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Close now' }).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'Decisions', selected: true }).count(), 1);

    await page.getByRole('button', { name: /Back to decisions/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
    const status = page.locator('select[name="status"]');
    await status.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused select shows a focus indicator');
    await status.selectOption('open');
    await page.getByRole('link', { name: 'Adopter le plan de travail 2027' }).waitFor();
    await page.getByRole('link', { name: 'Adopter le plan de travail 2027' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Adopter le plan de travail 2027', level: 1 }).waitFor();
    assert.deepEqual(session.problems, []);
  });
});
