/**
 * The meetings tab in real Chromium, against the real server serving the built tab, signed in
 * with the local-mode dev sign-in: what a co-chair and a member see and can do, in French and
 * in English. Screenshots of each page are saved (see the path printed at the start).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MeetingDocument } from '../../src/meetings/meeting-model';
import { artifactsDirectory, assertTabBuilt, launchChromium } from './browser';
import { NETWORK, startNetwork, type NetworkUnderTest } from './network-fixture';
import type { TeamsUser } from '../support/teams-activities';

const HOSTILE = 'Réunion ${title} <script>window.__pwned = 1</script> **gras**';

describe('meetings tab in Chromium', function () {
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
  });
  afterEach(async () => {
    await context?.close();
    await net?.app.stop();
  });

  async function openTab(locale: 'fr-FR' | 'en-US', as: TeamsUser, hash = ''): Promise<Page> {
    context = await browser.newContext({ locale, timezoneId: 'Africa/Conakry', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
    (page as Page & { problems?: string[] }).problems = problems;
    await page.goto(`${net.app.url}/tab${hash}`);
    // The dev sign-in is clearly labelled and only there outside Teams, in local mode.
    await page.getByText(locale === 'fr-FR' ? 'Connexion de développement (mode local uniquement)' : 'Development sign-in (local mode only)').waitFor();
    await page.locator('select[name="devUser"]').selectOption(as.aadObjectId);
    await page.getByRole('button', { name: locale === 'fr-FR' ? 'Se connecter' : 'Sign in' }).click();
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDirectory(), `${name}.png`), fullPage: true });

  it('in French, a co-chair fills the form and issues a convocation; the channel and every invitee get the card; an RSVP shows up in the detail view', async () => {
    const page = await openTab('fr-FR', net.rc, '#/meetings');
    await page.getByRole('heading', { name: 'Réunions' }).waitFor();
    await page.getByText('Aucune réunion ordinaire n’a encore été convoquée.').waitFor();
    await shot(page, 'fr-1-meetings-empty');

    await page.getByRole('button', { name: 'Nouvelle convocation' }).click();
    await page.getByRole('heading', { name: 'Nouvelle convocation' }).waitFor();
    await page.locator('input[name="title"]').fill('Réunion ordinaire de mai');
    await page.locator('input[name="agenda-0"]').fill('Point sur le PMM');
    await page.getByRole('button', { name: 'Ajouter un point' }).click();
    await page.locator('input[name="agenda-1"]').fill('Divers');
    await shot(page, 'fr-2-new-convocation');
    await page.getByRole('button', { name: 'Envoyer la convocation' }).click();

    // The detail page: delivery status from the outbox, attendance per agency.
    await page.getByRole('heading', { name: 'Réunion ordinaire de mai' }).waitFor();
    const meetingId = /#\/meetings\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    assert.ok(meetingId, page.url());
    // The channel card and the five 1:1 cards reach the (simulated) Teams connector.
    const deadline = Date.now() + 10_000;
    const cards = () => net.app.connector.calls.filter((call) => (call.kind === 'send' || call.kind === 'createConversation') && call.status < 300 && JSON.stringify(call.body).includes('Réunion ordinaire de mai'));
    while (cards().length < 6 && Date.now() < deadline) await page.waitForTimeout(50);
    assert.equal(cards().length, 6);
    assert.ok(cards().some((call) => call.conversationId === net.channel.id), 'the channel got the convocation');

    await net.rsvp(net.members.jane, meetingId, 'online', 'en-US');
    await net.rsvp(net.members.aminata, meetingId, 'inPerson');
    await page.reload();
    await page.getByTestId('delivery').getByText(/Distribué 6\/6/).waitFor();
    const people = page.getByTestId('people');
    await people.getByRole('row', { name: /Jane Smith.*En ligne/ }).waitFor();
    await people.getByRole('row', { name: /Aminata Camara.*Sur place/ }).waitFor();
    const iom = page.getByTestId('attendance').getByRole('row', { name: /OIM \(IOM\)/ });
    assert.match(await iom.innerText(), /2\s+1\s+0\s+0\s+0\s+1\s+oui/);
    assert.match(await page.getByTestId('non-responders').innerText(), /Moussa Diallo[\s\S]*Ibrahima Sylla|Ibrahima Sylla[\s\S]*Moussa Diallo/);
    await shot(page, 'fr-3-meeting-detail');

    // Remind the non-responders from the tab.
    await page.getByRole('button', { name: 'Relancer ceux qui n’ont pas répondu' }).click();
    await page.getByText('Rappel envoyé à 3 personnes.').waitFor();

    await page.getByRole('button', { name: /Retour aux réunions/ }).click();
    await page.getByRole('link', { name: 'Réunion ordinaire de mai' }).waitFor();
    assert.match(await page.getByTestId('next-regular').innerText(), /Prochaine réunion ordinaire à tenir avant le/);
    await shot(page, 'fr-4-meetings-list');
    assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  });

  it('in English, a member who is not a co-chair sees the meeting but no convene button, and the API answers 403', async () => {
    const created = await net.app.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, {
      kind: 'excom',
      title: 'ExCom — May',
      start: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      end: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
      timeZone: 'Africa/Conakry',
      location: { kind: 'online' },
      onlineUrl: 'https://teams.microsoft.com/l/meetup-join/example',
      agenda: [{ title: 'Joint statement', agencyCode: 'UNHCR' }],
      documents: [],
      invitees: { kind: 'all' },
      externalGuests: [],
    });
    const page = await openTab('en-US', net.members.jane, '#/meetings');
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await page.getByRole('link', { name: 'ExCom — May' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New convocation' }).count(), 0, 'no convene button for a member');
    await shot(page, 'en-1-meetings-member');

    const status = await page.evaluate(async (userId) => {
      const response = await fetch('/api/v1/meetings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-reseau-dev-user': userId, 'accept-language': 'en' }, body: JSON.stringify({ kind: 'regular', title: 'x', start: new Date(Date.now() + 7 * 86_400_000).toISOString(), end: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(), location: { kind: 'iomOffice' }, agenda: [], invitees: { kind: 'all' } }) });
      return response.status;
    }, net.members.jane.aadObjectId);
    assert.equal(status, 403);

    await page.getByRole('link', { name: 'ExCom — May' }).click();
    await page.getByRole('heading', { name: 'ExCom — May' }).waitFor();
    await page.getByText('Attendance by agency').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Remind those who have not answered' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Cancel the meeting' }).count(), 0);
    assert.ok(created.meetingId);
    await shot(page, 'en-2-meeting-detail-member');

    // Teams' dark and high-contrast themes (previewed outside Teams with ?theme=).
    for (const theme of ['dark', 'contrast'] as const) {
      await page.goto(`${net.app.url}/tab?theme=${theme}#/meetings/${created.meetingId}`);
      await page.getByRole('heading', { name: 'ExCom — May' }).waitFor();
      const background = await page.locator('.app').evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor);
      const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
      assert.ok(r + g + b < 150, `${theme} background is dark: ${background}`);
      await shot(page, `en-${theme}-meeting-detail-member`);
    }
  });

  it('in English, a co-chair sees a hostile title as plain text, and a refused convocation explains why', async () => {
    const meeting: MeetingDocument = await net.app.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, {
      kind: 'regular',
      title: HOSTILE,
      start: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      end: new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString(),
      timeZone: 'Africa/Conakry',
      location: { kind: 'unrco' },
      agenda: [],
      documents: [],
      invitees: { kind: 'all' },
      externalGuests: [],
    });
    const page = await openTab('en-US', net.rc, `#/meetings/${meeting.meetingId}`);
    const heading = page.locator('h1#meeting-title');
    await heading.waitFor();
    assert.equal(await heading.innerText(), HOSTILE);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
    await shot(page, 'en-3-hostile-title');

    await page.goto(`${net.app.url}/tab#/new`);
    await page.getByRole('heading', { name: 'New convocation' }).waitFor();
    await page.locator('input[name="title"]').fill('Backwards');
    const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('input[name="start"]').fill(`${day}T12:00`);
    await page.locator('input[name="end"]').fill(`${day}T10:00`);
    await page.getByRole('button', { name: 'Send the convocation' }).click();
    await page.getByRole('alert').getByText('The meeting ends before it starts; nothing was sent.').waitFor();
    await shot(page, 'en-4-new-convocation-refused');
    assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  });

  it('in French, opens a convocation pre-filled from a chosen slot (the seam for time-slot polls)', async () => {
    // Meetings are at most two years ahead: a day two months from now, in Conakry time (UTC).
    const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const page = await openTab('fr-FR', net.rc, `#/new?start=${day}T10:00:00Z&end=${day}T12:00:00Z&title=R%C3%A9union%20de%20mai&source=Sondage%20%C2%AB%20Date%20de%20mai%20%C2%BB`);
    await page.getByText('Convocation pré-remplie à partir de\u202f: Sondage «\u202fDate de mai\u202f»').waitFor();
    assert.equal(await page.locator('input[name="title"]').inputValue(), 'Réunion de mai');
    assert.equal(await page.locator('input[name="start"]').inputValue(), `${day}T10:00`);
    assert.equal(await page.locator('input[name="end"]').inputValue(), `${day}T12:00`);
    await page.getByRole('button', { name: 'Envoyer la convocation' }).click();
    await page.getByRole('heading', { name: 'Réunion de mai' }).waitFor();
    await shot(page, 'fr-5-prefilled-issued');
  });

  it('in English, a slot the server cannot turn into a draft: the form waits for the draft, then opens empty and says why at the top', async () => {
    // A start no date can be read from (over 40 characters): the draft is refused (400).
    const page = await openTab('en-US', net.rc, `#/new?start=${'9'.repeat(41)}&end=2027-01-01T12:00:00Z&title=R%C3%A9union%20de%20mai`);
    await page.getByRole('alert').getByText(/^The slot could not be carried over \(.+\): enter the dates yourself\.$/).waitFor();
    await page.getByRole('heading', { name: 'New convocation', level: 1 }).waitFor();
    // Nothing of the refused draft was taken for the co-chair's: an empty form to fill in.
    assert.equal(await page.locator('input[name="title"]').inputValue(), '');
    // The refused draft is the one failed request this page expects.
    const problems = (page as Page & { problems?: string[] }).problems ?? [];
    const refused = (problem: string) => /HTTP 400: .*\/api\/v1\/meetings\/draft$/.test(problem) || /console error: Failed to load resource: .* 400/.test(problem);
    assert.deepEqual(problems.filter((problem) => !refused(problem)), []);
    await shot(page, 'en-5-prefill-refused');
  });

  it('in English, the tab’s navigation leads to the migration updates, searchable by objective, with the title shown as typed', async () => {
    const share = (title: string, objectives: number[]) =>
      fetch(`${net.app.url}/api/v1/updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-reseau-dev-user': net.members.jane.aadObjectId },
        body: JSON.stringify({ title, kind: 'study', agencyCode: 'UNHCR', objectives, link: 'https://example.org/study' }),
      });
    assert.equal((await share(HOSTILE, [10])).status, 201);
    assert.equal((await share('Remittances to Guinea in 2026', [20])).status, 201);

    const page = await openTab('en-US', net.rc);
    await page.getByRole('tab', { name: 'Updates' }).click();
    await page.getByRole('heading', { name: 'Knowledge — migration updates' }).waitFor();
    await page.getByText('Remittances to Guinea in 2026').waitFor();
    await page.getByText(HOSTILE, { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);

    await page.locator('select[name="objective"]').selectOption('20');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText(HOSTILE, { exact: true }).waitFor({ state: 'detached' });
    await page.getByText('Remittances to Guinea in 2026').waitFor();
    await shot(page, 'en-6-knowledge-filtered');

    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  });
});
