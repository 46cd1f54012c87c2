/**
 * The README's local path in a plain browser (issue 15, item 1): a NETWORK_ADMINS co-chair who
 * opens the tab before ever writing to the bot finds herself in the dev sign-in list, signs in,
 * and is the co-chair at once (she may convene); her first turn with the bot gives her name.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertTabBuilt, launchChromium } from './browser';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';

// The Agents Playground's tenant and current user (.m365agentsplayground.yml).
const TENANT = '00000000-0000-0000-0000-000000000001';
const AMINATA = '00000000-0000-0000-0000-000000000020';

describe('a NETWORK_ADMINS co-chair opening the tab first, in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let context: BrowserContext | undefined;
  let app: ReseauUnderTest;

  before(async () => {
    assertTabBuilt();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    await app?.stop();
  });

  it('finds herself in the dev sign-in list before any contact, signs in, and may convene at once', async () => {
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${TENANT}/${AMINATA}=cochair` } });
    context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Africa/Conakry' });
    const page = await context.newPage();
    await page.goto(`${app.url}/tab`);
    const select = page.locator('select[name="devUser"]');
    await select.waitFor();
    assert.match(await select.locator(`option[value="${AMINATA}"]`).innerText(), /Coprésidence RCO \(nom Teams à venir\)/);
    await select.selectOption(AMINATA);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // A co-chair convenes: the meetings page (My work is the landing page) shows the button,
    // and the server agrees (it checks again).
    await page.getByRole('tab', { name: 'Réunions' }).click();
    await page.getByRole('button', { name: 'Nouvelle convocation' }).waitFor();
    const me = (await page.evaluate(async ([user, tenant]) => (await fetch('/api/v1/me', { headers: { 'x-reseau-dev-user': user!, 'x-reseau-dev-tenant': tenant! } })).json(), [AMINATA, TENANT])) as { member: { status: string }; roles: string[] };
    assert.equal(me.member.status, 'confirmed');
    assert.ok(me.roles.includes('coChair'), JSON.stringify(me));
  });
});
