/**
 * Every page of the tab audited by axe-core (the engine behind Lighthouse and Accessibility
 * Insights) in real Chromium: the co-chair's view in French (every page, Settings included) in
 * Teams' light, dark and high-contrast themes, and a plain member's in English. No serious or
 * critical violation is allowed (WCAG 2.1 A/AA and axe's best practices); moderate and minor
 * ones are shown in the test's title for the reader.
 */
import assert from 'node:assert/strict';
import { audit, describeViolation } from './axe-audit';
import { chromiumSuite, screenshot } from './tab-session';


describe('Accessibility of every tab page (axe-core, Chromium)', function () {
  this.timeout(180_000);
  const suite = chromiumSuite();

  const PAGES = [
    { hash: '#/', heading: { fr: 'Mon travail', en: 'My work' } },
    { hash: '#/meetings', heading: { fr: 'Réunions', en: 'Meetings' } },
    { hash: '#/polls', heading: { fr: 'Sondages', en: 'Polls' } },
    { hash: '#/decisions', heading: { fr: 'Décisions', en: 'Decisions' } },
    { hash: '#/statements', heading: { fr: 'Déclarations', en: 'Statements' } },
    { hash: '#/updates', heading: { fr: 'Actualités', en: 'Updates' } },
    { hash: '#/workplan', heading: { fr: 'Plan de travail', en: 'Work plan' } },
    { hash: '#/members', heading: { fr: 'Membres', en: 'Members' } },
    { hash: '#/settings', heading: { fr: 'Paramètres', en: 'Settings' }, coChairsOnly: true },
  ] as const;

  const READERS = [
    { language: 'fr', locale: 'fr-FR', theme: 'default', reader: 'the co-chair' },
    { language: 'fr', locale: 'fr-FR', theme: 'dark', reader: 'the co-chair' },
    { language: 'fr', locale: 'fr-FR', theme: 'contrast', reader: 'the co-chair' },
    { language: 'en', locale: 'en-US', theme: 'default', reader: 'a plain member' },
  ] as const;
  for (const { language, locale, theme, reader } of READERS) {
    it(`${reader} (${language}, ${theme} theme): no serious or critical violation on any page the reader may open`, async function () {
      const as = language === 'fr' ? suite.net.rc : suite.net.members.jane;
      const session = await suite.open({ locale, as, hash: theme === 'default' ? '#/' : `?theme=${theme}#/` });
      const { page } = session;
      const serious: string[] = [];
      const minor: string[] = [];
      let audited = 0;
      for (const entry of PAGES) {
        if ('coChairsOnly' in entry && entry.coChairsOnly && language !== 'fr') continue;
        await page.evaluate((hash) => ((globalThis as unknown as { location: { hash: string } }).location.hash = hash), entry.hash);
        await page.getByRole('heading', { name: entry.heading[language], level: 1 }).first().waitFor({ timeout: 20_000 });
        // Let the page's data arrive (tables, lists) before auditing what a person would read.
        await page.waitForLoadState('networkidle');
        for (const violation of await audit(page)) {
          const line = `${entry.hash}: ${describeViolation(violation)}`;
          (violation.impact === 'serious' || violation.impact === 'critical' ? serious : minor).push(line);
        }
        audited += 1;
      }
      await screenshot(page, `a11y-${language}-${theme}-last-page`);
      if (minor.length > 0) this.test!.title += ` [${minor.length} minor/moderate: ${minor.slice(0, 3).join(' | ')}]`;
      assert.deepEqual(serious, [], 'serious or critical accessibility violations');
      assert.ok(audited >= (language === 'fr' ? PAGES.length : PAGES.length - 1), `${audited} pages audited`);
      assert.deepEqual(session.problems, []);
    });
  }

  it('a decision’s page with an agency’s history of positions open (co-chair, French; light, dark and high contrast): no serious or critical violation', async function () {
    const { app, fatou, rc, decisionId } = suite.net;
    // UNHCR's focal point objects, then agrees: the history has a current and a replaced position.
    await app.reseau.decisions.castPosition('gn', decisionId, { aadObjectId: fatou.aadObjectId, name: fatou.name }, { position: 'object', comment: 'Il manque la ligne budgétaire.' });
    await app.reseau.decisions.castPosition('gn', decisionId, { aadObjectId: fatou.aadObjectId, name: fatou.name }, { position: 'agree' });
    const minor: string[] = [];
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      const session = await suite.open({ locale: 'fr-FR', as: rc, hash: theme === 'default' ? `#/decisions/${decisionId}` : `?theme=${theme}#/decisions/${decisionId}` });
      const { page } = session;
      await page.getByRole('button', { name: /^Historique \(\d+\) de HCR \(UNHCR\)$/ }).click();
      await page.getByRole('list', { name: /^HCR \(UNHCR\)\s: \d+ positions exprimées/ }).waitFor();
      const violations = await audit(page);
      await screenshot(page, `a11y-fr-${theme}-decision-history`);
      assert.deepEqual(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map(describeViolation), [], `${theme} theme`);
      minor.push(...violations.map((violation) => `${theme}: ${describeViolation(violation)}`));
      assert.deepEqual(session.problems, []);
    }
    if (minor.length > 0) this.test!.title += ` [${minor.length} minor/moderate: ${minor.slice(0, 3).join(' | ')}]`;
  });

  it('the Settings page with its field errors shown and the zone list open (co-chair, fr): no serious or critical violation', async () => {
    const session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/settings' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Le réseau', level: 2 }).waitFor();
    await page.locator('input[name="meetingReminderHours"]').fill('0');
    await page.locator('input[name="decisionReminderHours2"]').fill('48');
    await page.getByRole('button', { name: 'Enregistrer la langue, le fuseau et les rappels' }).click();
    await page.getByText('Un nombre entier d’heures de 1 à 336 (deux semaines).').waitFor();
    await page.getByRole('combobox', { name: 'Fuseau horaire' }).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Afri');
    await page.getByRole('option', { name: 'Africa/Conakry' }).waitFor();
    const serious = (await audit(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map(describeViolation);
    await screenshot(page, 'a11y-fr-settings-errors');
    assert.deepEqual(serious, [], 'serious or critical accessibility violations');
    assert.deepEqual(session.problems, []);
  });
});
