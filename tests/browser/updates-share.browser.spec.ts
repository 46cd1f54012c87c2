/**
 * Actualités / Updates in real Chromium: a member shares a migration update from the tab (until now
 * only from chat) with the updates service's own validation — a short title and a `javascript:`
 * link are refused together, in French, nothing stored — then it is posted to the channel and
 * heads the list; on a phone-sized frame in English the GCM objective filter and the share form's
 * objectives fit the page (no sideways scrolling) and are used from the keyboard with a visible
 * focus; a pending member gets no share form. (The axe-core audit of every page: accessibility.browser.spec.ts.)
 */
import assert from 'node:assert/strict';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, pageWidth, screenshot, type TabSession } from './tab-session';

describe('sharing an update from the tab, in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const updateCount = async () => (await suite.net.app.store.query(NETWORK, { type: 'migrationUpdate' })).length;

  it('in French, a member shares an update: the service’s refusals name every field to fix and store nothing, then it is posted to the channel and heads the list', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.members.aminata, hash: '#/updates' });
    const { page } = session;
    const share = page.getByTestId('share-update');
    await share.getByRole('button', { name: 'Partager une actualité' }).click();
    await page.locator('input[name="updateTitle"]').fill('ab');
    await page.locator('input[name="updateLink"]').fill('javascript:alert(1)');
    assert.equal(await page.locator('select[name="updateAgency"]').inputValue(), 'IOM', 'the member’s own agency first');
    const before = await updateCount();
    await share.getByRole('button', { name: 'Partager', exact: true }).click();
    const refusal = share.getByRole('alert');
    await refusal.getByText(/Actualité refusée\u202f; rien n’a été publié\. Le titre doit compter 3 à 200 caractères\. Le lien doit être une adresse http:\/\/ ou https:\/\//).waitFor();
    assert.equal(await updateCount(), before, 'nothing stored');
    // The refusal is the one failed request this flow expects.
    const refused = (problem: string) => /HTTP 400: .*\/api\/v1\/updates$/.test(problem) || /console error: Failed to load resource: .* 400/.test(problem);
    assert.equal(session.problems.filter(refused).length, 2, session.problems.join('\n'));
    session.problems.splice(0, session.problems.length, ...session.problems.filter((problem) => !refused(problem)));
    await screenshot(page, 'fr-update-share-refused');

    await page.locator('input[name="updateTitle"]').fill('Retours assistés depuis la Libye : ${title} <b>chiffres</b> de mai');
    await page.locator('textarea[name="updateSummary"]').fill('312 personnes accueillies à Conakry.');
    await page.locator('input[name="updateLink"]').fill('https://example.org/retours-mai');
    await page.locator('select[name="updateKind"]').selectOption('data');
    await share.getByRole('checkbox', { name: /^21\. / }).check();
    await share.getByRole('checkbox', { name: /^8\. / }).check();
    await share.getByRole('button', { name: 'Partager', exact: true }).click();
    await share.getByText('Actualité partagée et publiée dans 1 canal(aux).').waitFor();
    const first = page.locator('ul.updates > li').first();
    await first.getByRole('heading', { name: 'Retours assistés depuis la Libye : ${title} <b>chiffres</b> de mai' }).waitFor();
    assert.match(await first.innerText(), /8\. [\s\S]*21\. /);
    assert.equal(await updateCount(), before + 1);
    const posted = suite.net.app.connector.calls.filter((call) => call.conversationId === suite.net.channel.id && JSON.stringify(call.body).includes('Retours assistés depuis la Libye'));
    const deadline = Date.now() + 10_000;
    while (posted.length === 0 && Date.now() < deadline) {
      await page.waitForTimeout(50);
      posted.push(...suite.net.app.connector.calls.filter((call) => call.conversationId === suite.net.channel.id && JSON.stringify(call.body).includes('Retours assistés depuis la Libye')));
    }
    assert.ok(posted.length > 0, 'the channel got the update’s card');
    await screenshot(page, 'fr-update-shared');
    assert.deepEqual(session.problems, []);
  });

  it('in English on a phone-sized frame, the objective filter and the share form’s objectives fit the page and work from the keyboard with a visible focus', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.jane, hash: '#/updates', viewport: { width: 360, height: 740 } });
    const { page } = session;
    await page.locator('select[name="objective"] option[value="23"]').waitFor({ state: 'attached' });
    let width = await pageWidth(page);
    assert.ok(width.scrollWidth <= width.clientWidth, `updates page ${width.scrollWidth} px wide in a ${width.clientWidth} px frame`);
    await page.getByTestId('share-update').getByRole('button', { name: 'Share an update' }).click();
    const objective = page.getByTestId('share-update').getByRole('checkbox', { name: /^10\. / });
    await objective.waitFor();
    width = await pageWidth(page);
    assert.ok(width.scrollWidth <= width.clientWidth, `share form ${width.scrollWidth} px wide in a ${width.clientWidth} px frame`);
    await objective.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused objective shows a focus indicator');
    await page.keyboard.press('Space');
    assert.equal(await objective.isChecked(), true);
    await screenshot(page, 'en-update-share-phone');
    assert.deepEqual(session.problems, []);
  });

  it('in English, a pending member reads the updates but gets no share form', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.pending, hash: '#/updates' });
    const { page } = session;
    await page.getByTestId('update-count').waitFor();
    assert.equal(await page.getByTestId('share-update').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Share an update' }).count(), 0);
    assert.deepEqual(session.problems, []);
  });
});
