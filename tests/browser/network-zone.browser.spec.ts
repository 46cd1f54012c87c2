/**
 * The network's time zone in the tab's decision forms (issue 16), in real Chromium against the
 * real server, with the browser itself on Paris's clocks (neither Guinea's nor the network's): once a co-chair set the network to
 * Tokyo's zone, the new-decision form says so and reads the typed deadline on Tokyo's clocks
 * (the stored deadline is that instant in UTC), and the extend picker does the same — in French
 * and English, with no console error nor outside fetch.
 */
import assert from 'node:assert/strict';
import { apiCall } from '../support/api-client';
import type { DecisionDocument } from '../../src/decisions/model';
import { NETWORK } from './network-fixture';
import { chromiumSuite, type TabSession } from './tab-session';

describe('the network’s time zone in the decision pickers, in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const storedDecision = async (decisionId: string) => (await suite.net.app.store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
  const decisionIdOf = (url: string) => /#\/decisions\/([0-9a-f-]{36})/.exec(url)?.[1] ?? '';

  before(async () => {
    const set = await apiCall(suite.net.app.url, 'PUT', '/settings', suite.net.rc, { timeZone: 'Asia/Tokyo' });
    assert.equal(set.status, 200, set.raw);
  });
  afterEach(() => {
    assert.deepEqual(session?.problems ?? [], []);
  });

  it('in French, a co-chair’s new decision is due at the typed time on Tokyo’s clocks, and the extension too', async () => {
    const year = new Date().getUTCFullYear() + 1;
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/decisions/new', timezoneId: 'Europe/Paris' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Ouvrir une décision', level: 1 }).waitFor();
    // The hint names the zone once the server said it (the form reads the typed time in it).
    await page.getByText('Heures du fuseau du réseau (Asia/Tokyo).').waitFor();
    await page.locator('input[name="title"]').fill('Décision sur l’heure de Tokyo');
    await page.locator('textarea[name="textFr"]').fill('Proposition.');
    await page.locator('input[name="deadline"]').fill(`${year}-03-12T07:30`);
    await page.getByRole('button', { name: 'Ouvrir la décision' }).click();
    await page.getByRole('heading', { name: 'Décision sur l’heure de Tokyo', level: 1 }).waitFor();
    const decisionId = decisionIdOf(page.url());
    const stored = await storedDecision(decisionId);
    // 07:30 in Tokyo (UTC+9) is 22:30 UTC the day before; on Guinea's clocks 07:30 UTC, on the browser's 06:30 UTC.
    assert.equal(stored?.deadline, `${year}-03-11T22:30:00.000Z`);
    assert.equal(stored?.timeZone, 'Asia/Tokyo');
    // The page shows its day on Tokyo's clocks too (the 11th, 23:30, on the browser's).
    assert.match(await page.getByTestId('decision-facts').innerText(), /12 mars/);

    await page.getByText('Heures du fuseau du réseau (Asia/Tokyo).').waitFor();
    await page.locator('input[name="newDeadline"]').fill(`${year}-03-20T08:00`);
    await page.getByRole('button', { name: 'Prolonger' }).click();
    await page.getByText('Échéance prolongée.').waitFor();
    assert.equal((await storedDecision(decisionId))?.deadline, `${year}-03-19T23:00:00.000Z`);
  });

  it('in English, the form names the network’s zone for both deadlines', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.rc, hash: '#/decisions/new', timezoneId: 'Europe/Paris' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Open a decision', level: 1 }).waitFor();
    await page.getByRole('switch', { name: /consult/i }).check();
    await page.locator('input[name="consultationDeadline"]').waitFor();
    assert.equal(await page.getByText('Times in the network’s zone (Asia/Tokyo).').count(), 2);
  });
});
