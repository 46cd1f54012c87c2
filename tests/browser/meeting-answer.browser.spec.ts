/**
 * A meeting's page for members, in real Chromium (issue 16): an invitee answers the convocation
 * there — not only co-chairs managing it —, then delegates to a colleague of their agency chosen
 * from the same list the card offers; the meeting's documents are listed and downloaded (the app's
 * own file with the reader's sign-in); someone whose agency has no other confirmed member is told
 * so; the answer buttons work from the keyboard with a visible focus; a pending member reads the
 * documents but gets no answer buttons. French and English, no console error.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, screenshot, type TabSession } from './tab-session';

describe('answering a convocation from the meeting’s page, in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  let meetingId = '';
  const today = new Date().toISOString().slice(0, 10);

  before(async () => {
    const start = new Date(Date.now() + 12 * 86_400_000).toISOString();
    const meeting = await suite.net.app.reseau.meetings.convene(NETWORK, suite.net.rc.aadObjectId, {
      kind: 'extraordinary',
      title: 'Réunion extraordinaire sur les retours',
      start,
      end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString(),
      timeZone: 'Africa/Conakry',
      location: { kind: 'unrco' },
      agenda: [{ title: 'Retours assistés', agencyCode: 'IOM' }],
      documents: [
        { title: 'Note conceptuelle ${title} <b>x</b>', url: 'https://example.org/note-conceptuelle.pdf' },
        // A file the app itself serves: downloaded with the reader's sign-in, not as a bare link.
        { title: 'Rapport au Réseau régional', url: `${suite.net.app.url}/api/v1/reports/download?from=${today}&to=${today}&format=html` },
      ],
      invitees: { kind: 'all' },
      externalGuests: [],
    });
    meetingId = meeting.meetingId;
  });

  it('in French, a member answers online, then delegates to a colleague of their agency, and downloads the meeting’s own document', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.members.moussa, hash: `#/meetings/${meetingId}` });
    const { page } = session;
    await page.getByRole('heading', { name: 'Réunion extraordinaire sur les retours', level: 1 }).waitFor();
    const mine = page.getByTestId('your-rsvp');
    await mine.getByText('Vous avez répondu : Sans réponse').waitFor();
    await mine.getByText('Invitation pour OIM (IOM)').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Modifier' }).count(), 0, 'no co-chair action for a member');

    await mine.getByRole('button', { name: 'En ligne' }).click();
    await mine.getByText('Réponse enregistrée.').waitFor();
    await mine.getByText('Vous avez répondu : En ligne').waitFor();
    await page.getByTestId('people').getByRole('row', { name: /Moussa Diallo.*En ligne/ }).waitFor();

    await mine.getByRole('button', { name: 'Déléguer à une personne de votre agence' }).click();
    const select = page.locator('select[name="delegate"]');
    await select.waitFor();
    assert.deepEqual(await select.locator('option').allInnerTexts(), ['Aminata Camara'], 'the confirmed colleagues of IOM, not Moussa himself, no other agency');
    await mine.getByRole('button', { name: 'Déléguer', exact: true }).click();
    await mine.getByText('Réponse enregistrée : Aminata Camara vous représente.').waitFor();
    await mine.getByText('Vous avez répondu : Délégué à Aminata Camara').waitFor();
    await page.getByTestId('people').getByRole('row', { name: /Moussa Diallo.*Délégué à Aminata Camara/ }).waitFor();
    await screenshot(page, 'fr-meeting-member-delegated');

    const documents = page.getByTestId('meeting-documents');
    await documents.getByText('Note conceptuelle ${title} <b>x</b>').waitFor();
    assert.equal(await documents.getByRole('link', { name: 'Télécharger' }).getAttribute('href'), 'https://example.org/note-conceptuelle.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), documents.getByRole('button', { name: 'Télécharger' }).click()]);
    assert.match(download.suggestedFilename(), /^reseau-rapport-.*\.html$/);
    assert.match(await readFile((await download.path()) as string, 'utf8'), /<html/i);
    assert.deepEqual(session.problems, []);
  });

  it('in English, a member whose agency has no other confirmed member is told so, and answers from the keyboard with a visible focus', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.ibrahima, hash: `#/meetings/${meetingId}` });
    const { page } = session;
    const mine = page.getByTestId('your-rsvp');
    await mine.getByText('You answered: No answer').waitFor();
    await mine.getByRole('button', { name: 'Delegate to a colleague of your agency' }).click();
    await mine.getByText('No confirmed colleague of your agency to delegate to.').waitFor();
    const inPerson = mine.getByRole('button', { name: 'In person' });
    await inPerson.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused answer shows a focus indicator');
    await page.keyboard.press('Enter');
    await mine.getByText('You answered: In person').waitFor();
    assert.equal(await inPerson.getAttribute('aria-pressed'), 'true');
    await screenshot(page, 'en-meeting-member-answered');
    assert.deepEqual(session.problems, []);
  });

  it('in English, a pending member reads the meeting and its documents but gets no answer buttons', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.pending, hash: `#/meetings/${meetingId}` });
    const { page } = session;
    await page.getByRole('heading', { name: 'Réunion extraordinaire sur les retours', level: 1 }).waitFor();
    await page.getByTestId('meeting-documents').getByText('Rapport au Réseau régional').waitFor();
    assert.equal(await page.getByTestId('your-rsvp').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'In person' }).count(), 0);
    assert.deepEqual(session.problems, []);
  });
});
