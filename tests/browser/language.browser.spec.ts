/**
 * The tab header's language switch (issue 15, item 7) in real Chromium: a member whose browser
 * (Teams) is in English switches the tab to French; the choice is kept on their member record,
 * so the tab opens in French again whatever the locale, and their cards follow it too.
 */
import assert from 'node:assert/strict';
import type { MemberDocument } from '../../src/network/model';
import { chromiumSuite, screenshot } from './tab-session';
import { NETWORK } from './network-fixture';

describe('the tab’s language switch in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();

  it('a member with Teams in English chooses French in the header: the tab turns French, stays French on the next visit, and the choice is on their record', async () => {
    const fatou = suite.net.fatou;
    const record = async () => (await suite.net.app.store.get<MemberDocument>(NETWORK, `member:${fatou.aadObjectId.toLowerCase()}`))?.document;
    const first = await suite.open({ locale: 'en-US', as: fatou });
    await first.page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    await first.page.locator('.language-switch').getByRole('button', { name: 'Français' }).click();
    await first.page.getByRole('heading', { name: 'Mon travail', level: 1 }).waitFor();
    await first.page.getByRole('tab', { name: 'Réunions' }).waitFor();
    // The way back is named in English, for whoever reads English.
    const back = first.page.locator('.language-switch').getByRole('button', { name: 'English' });
    await back.waitFor();
    assert.equal(await back.innerText(), 'English');
    await screenshot(first.page, 'language-switch-fr');
    assert.deepEqual([(await record())?.language, (await record())?.languageChosen], ['fr', true]);
    assert.deepEqual(first.problems, []);

    const again = await suite.open({ locale: 'en-US', as: fatou });
    await again.page.getByRole('heading', { name: 'Mon travail', level: 1 }).waitFor();
    assert.equal(await again.page.locator('html').getAttribute('lang'), 'fr');
    assert.deepEqual(again.problems, []);
  });
});
