/**
 * From a time-slot poll to a convocation, in real Chromium: a poll with dated slots answered by
 * several members; the co-chair sees its best slot on the Meetings page, clicks "Convoquer sur ce
 * créneau", finds the New convocation form pre-filled with the slot in Africa/Conakry time (even
 * from a browser in another zone), and sends it; a plain member sees no such button.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MeetingDocument } from '../../src/meetings/meeting-model';
import { artifactsDirectory, assertTabBuilt, launchChromium } from './browser';
import { NETWORK, startNetwork, type NetworkUnderTest } from './network-fixture';
import type { TeamsUser } from '../support/teams-activities';

const QUESTION = 'Réunion de mai <b>x</b> ${title}';
// Slots and meetings are at most two years ahead (issue 12): next year's May and June always are.
const YEAR = new Date().getUTCFullYear() + 1;
const weekday = (locale: string, day: string) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${YEAR}-${day}T12:00:00Z`));

describe('from a time-slot poll to a convocation, in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let net: NetworkUnderTest;
  let context: BrowserContext;

  before(async () => {
    assertTabBuilt();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    net = await startNetwork();
    // Three dated slots in Conakry time (UTC+0) and one label-only slot, answered by four people:
    // 14/05 has 2 yes + 1 if need be and beats 12/05 (2 yes, earlier); the label-only one has most yes.
    const decisions = net.app.reseau.decisions;
    const poll = await decisions.createPoll(NETWORK, { aadObjectId: net.rc.aadObjectId, name: net.rc.name }, {
      question: QUESTION,
      kind: 'timeSlots',
      options: [
        { label: 'mardi 12/05 9h-11h', start: `${YEAR}-05-12T09:00:00Z`, end: `${YEAR}-05-12T11:00:00Z` },
        { label: 'mardi 14/05 10:00-12:30', start: `${YEAR}-05-14T10:00:00Z`, end: `${YEAR}-05-14T12:30:00Z` },
        'un après-midi',
      ],
      anonymous: false,
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    const answer = (user: TeamsUser, o1: string, o2: string, o3: string) =>
      decisions.answerPoll(NETWORK, poll.pollId, { aadObjectId: user.aadObjectId, name: user.name }, { choices: [], slots: { o1, o2, o3 } });
    await answer(net.rc, 'yes', 'yes', 'yes');
    await answer(net.members.aminata, 'yes', 'ifNeedBe', 'yes');
    await answer(net.members.jane, 'no', 'yes', 'yes');
    await answer(net.members.ibrahima, 'no', 'no', 'yes');
  });
  afterEach(async () => {
    await context?.close();
    await net?.app.stop();
  });

  async function openTab(locale: 'fr-FR' | 'en-US', as: TeamsUser, timezoneId: string): Promise<Page & { problems: string[] }> {
    context = await browser.newContext({ locale, timezoneId, viewport: { width: 1200, height: 900 } });
    const page = (await context.newPage()) as Page & { problems: string[] };
    page.problems = [];
    page.on('pageerror', (error) => page.problems.push(error.message));
    page.on('dialog', (dialog) => page.problems.push(`dialog: ${dialog.message()}`));
    await page.goto(`${net.app.url}/tab#/meetings`);
    await page.getByText(locale === 'fr-FR' ? 'Connexion de développement (mode local uniquement)' : 'Development sign-in (local mode only)').waitFor();
    await page.locator('select[name="devUser"]').selectOption(as.aadObjectId);
    await page.getByRole('button', { name: locale === 'fr-FR' ? 'Se connecter' : 'Sign in' }).click();
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDirectory(), `${name}.png`), fullPage: true });

  it('in French, the co-chair (browser in Paris time) sees the best slot, convenes on it in one click with the form pre-filled in Conakry time, and sends the convocation', async () => {
    const page = await openTab('fr-FR', net.rc, 'Europe/Paris');
    await page.getByRole('heading', { name: 'Sondages de créneaux\u202f: le meilleur créneau' }).waitFor();
    const row = page.getByTestId('best-slots').getByRole('row', { name: new RegExp(QUESTION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await row.waitFor();
    const rowText = await row.innerText();
    assert.match(rowText, /mardi 14\/05 10:00-12:30/, 'the slot’s label as typed');
    assert.match(rowText, new RegExp(`${weekday('fr-FR', '05-14')} 14 mai ${YEAR}, 10:00–12:30`), 'its times in Conakry, not in the reader’s zone');
    assert.match(rowText, /oui 2 · si besoin 1 · 4 réponses/);
    assert.match(rowText, /Ouvert/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
    await shot(page, 'fr-poll-1-best-slot');

    await row.getByRole('button', { name: 'Convoquer sur ce créneau' }).click();
    await page.getByRole('heading', { name: 'Nouvelle convocation' }).waitFor();
    await page.getByText(`Convocation pré-remplie à partir de\u202f: Sondage «\u202f${QUESTION}\u202f»`).waitFor();
    assert.equal(await page.locator('input[name="title"]').inputValue(), QUESTION);
    assert.equal(await page.locator('input[name="start"]').inputValue(), `${YEAR}-05-14T10:00`);
    assert.equal(await page.locator('input[name="end"]').inputValue(), `${YEAR}-05-14T12:30`);
    assert.equal(await page.locator('select[name="timeZone"]').inputValue(), 'Africa/Conakry');
    await shot(page, 'fr-poll-2-prefilled');

    await page.getByRole('button', { name: 'Envoyer la convocation' }).click();
    await page.getByRole('heading', { name: QUESTION }).waitFor();
    const meetingId = /#\/meetings\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    assert.ok(meetingId, page.url());
    const meeting = (await net.app.store.get<MeetingDocument>(NETWORK, `meeting:${meetingId}`))?.document;
    assert.equal(meeting?.start, `${YEAR}-05-14T10:00:00.000Z`);
    assert.equal(meeting?.end, `${YEAR}-05-14T12:30:00.000Z`);
    assert.equal(meeting?.timeZone, 'Africa/Conakry');
    assert.equal(meeting?.title, QUESTION);
    await shot(page, 'fr-poll-3-convened');
    assert.deepEqual(page.problems, []);
  });

  it('in English, a plain member sees no best-slot list and no convene button; the API lists nothing for them', async () => {
    const page = await openTab('en-US', net.members.jane, 'Africa/Conakry');
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await page.getByTestId('next-regular').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Time-slot polls: the best slot' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Convene on this slot' }).count(), 0);
    const listed = await page.evaluate(async (userId) => {
      const response = await fetch('/api/v1/polls/best-slots', { headers: { 'x-reseau-dev-user': userId } });
      return (await response.json()) as unknown;
    }, net.members.jane.aadObjectId);
    assert.deepEqual(listed, { mayConvene: false, polls: [] });
    await shot(page, 'en-poll-member-no-button');
    assert.deepEqual(page.problems, []);
  });

  it('in English, the co-chair’s list is in English and marks a closed poll as closed', async () => {
    // A second poll that closes at its deadline (the scheduler's own tick closes it).
    const decisions = net.app.reseau.decisions;
    const rc = { aadObjectId: net.rc.aadObjectId, name: net.rc.name };
    const short = await decisions.createPoll(NETWORK, rc, {
      question: 'Atelier PMM',
      kind: 'timeSlots',
      options: [{ label: 'June 3rd, morning', start: `${YEAR}-06-03T09:00:00Z`, end: `${YEAR}-06-03T12:00:00Z` }],
      anonymous: false,
      deadline: new Date(Date.now() + 1500).toISOString(),
    });
    await decisions.answerPoll(NETWORK, short.pollId, rc, { choices: [], slots: { o1: 'ifNeedBe' } });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await decisions.tick(NETWORK);

    const page = await openTab('en-US', net.rc, 'Africa/Conakry');
    const open = page.getByTestId('best-slots').getByRole('row', { name: /mardi 14\/05 10:00-12:30/ });
    await open.waitFor();
    assert.match(await open.innerText(), new RegExp(`${weekday('en-GB', '05-14')}, 14 May ${YEAR}, 10:00–12:30[\\s\\S]*yes 2 · if need be 1 · 4 answers[\\s\\S]*Open`));
    await open.getByRole('button', { name: 'Convene on this slot' }).waitFor();
    const closed = page.getByTestId('best-slots').getByRole('row', { name: /Atelier PMM/ });
    assert.match(await closed.innerText(), new RegExp(`June 3rd, morning[\\s\\S]*${weekday('en-GB', '06-03')}, 3 June ${YEAR}, 09:00–12:00[\\s\\S]*yes 0 · if need be 1 · 1 answer(?!s)[\\s\\S]*Closed`));
    await closed.getByRole('button', { name: 'Convene on this slot' }).click();
    await page.getByText('Convocation pre-filled from: Poll “Atelier PMM”').waitFor();
    assert.equal(await page.locator('input[name="start"]').inputValue(), `${YEAR}-06-03T09:00`);
    await shot(page, 'en-poll-best-slot-cochair');
  });
});
