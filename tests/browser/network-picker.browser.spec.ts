/**
 * The tab in a deployment of two networks (issue 17): someone in both picks one in a small
 * picker and sees that network's decisions only; someone in one network never sees a picker.
 */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiCall } from '../support/api-client';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { teamsUser } from '../support/teams-activities';
import { assertTabBuilt, launchChromium } from './browser';
import { openTabAs, type TabSession } from './tab-session';

describe('the tab’s network picker, in Chromium', function () {
  this.timeout(90_000);
  const both = teamsUser({ name: 'Secrétariat régional' });
  const guineaOnly = teamsUser({ name: 'Coordonnatrice Guinée' });
  let browser: Browser;
  let app: ReseauUnderTest;
  const sessions: TabSession[] = [];

  before(async () => {
    assertTabBuilt();
    browser = await launchChromium();
    app = await startReseauUnderTest({
      env: { NETWORK_IDS: 'gn,sn', NETWORK_ADMINS_GN: `${both.aadObjectId}=cochair, ${guineaOnly.aadObjectId}=cochair`, NETWORK_ADMINS_SN: `${both.aadObjectId}=cochair` },
    });
    const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString();
    for (const [network, title] of [['gn', 'Décision de la Guinée'], ['sn', 'Décision du Sénégal']] as const) {
      const created = await apiCall(app.url, 'POST', '/decisions', both, { title, text: { fr: 'x' }, mode: 'consensus', deadline }, 'fr-FR', { 'x-reseau-network': network });
      assert.equal(created.status, 201, created.raw);
    }
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.context.close();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('someone in both networks picks one and sees only its decisions; the choice switches the whole tab', async () => {
    const session = await openTabAs(browser, app.url, { locale: 'fr-FR', as: both, hash: '#/decisions' });
    sessions.push(session);
    const { page } = session;
    const picker = page.getByLabel('Réseau', { exact: true });
    await picker.waitFor();
    assert.deepEqual(await picker.locator('option').allInnerTexts(), ['GN', 'SN']);
    await page.getByText('Décision de la Guinée').first().waitFor();
    assert.equal(await page.getByText('Décision du Sénégal').count(), 0);
    await picker.selectOption('sn');
    await page.getByText('Décision du Sénégal').first().waitFor();
    assert.equal(await page.getByText('Décision de la Guinée').count(), 0);
    assert.deepEqual(session.problems, []);
  });

  it('someone in one network sees no picker', async () => {
    const session = await openTabAs(browser, app.url, { locale: 'fr-FR', as: guineaOnly, hash: '#/decisions' });
    sessions.push(session);
    await session.page.getByText('Décision de la Guinée').first().waitFor();
    assert.equal(await session.page.getByLabel('Réseau', { exact: true }).count(), 0);
    assert.deepEqual(session.problems, []);
  });
});
