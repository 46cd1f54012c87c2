/**
 * Sondages / Polls in real Chromium against the real server (local-mode dev sign-in): a member
 * answers a poll from the page with the keyboard (visible focus) and sees their answer and the
 * results; a co-chair creates a time-slot poll with the date and time pickers in Conakry time — a
 * slot left incomplete and a slot that ends before it starts are refused with the expected format,
 * storing nothing —, answers it and turns its best slot into a pre-filled convocation; an anonymous
 * poll names nobody, not even to the co-chair; a pending member has no Polls page. French and
 * English, no console error, nothing fetched outside the app. (The axe-core audit of every page:
 * accessibility.browser.spec.ts.)
 */
import assert from 'node:assert/strict';
import type { PollDocument } from '../../src/decisions/model';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, pageWidth, screenshot, type TabSession } from './tab-session';

describe('Polls in Chromium', function () {
  this.timeout(90_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const pollCount = async () => (await suite.net.app.store.query<PollDocument>(NETWORK, { type: 'poll' })).length;

  it('in French, a member answers the open poll from the page with the keyboard, then sees their answer in the results and in the list', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.members.ibrahima, hash: '#/polls' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Sondages', level: 1 }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Sondages', selected: true }).count(), 1);
    const open = page.getByRole('table', { name: 'En cours' });
    await open.getByRole('row', { name: /Date de l’atelier PMM \?.*Un seul choix.*Répondre/ }).waitFor();
    await screenshot(page, 'fr-polls-list-member');

    await open.getByRole('link', { name: 'Répondre' }).click();
    await page.getByRole('heading', { name: 'Date de l’atelier PMM ?', level: 1 }).waitFor();
    assert.match(await page.getByTestId('poll-facts').innerText(), /Clôture\u202f: .*· Posé par Coordonnatrice Résidente/);
    // From the keyboard: Tab to the first option, arrows to the second, Enter on the button.
    await page.getByRole('radio', { name: 'Juin' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused option shows a focus indicator');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('radio', { name: 'Juillet' }).isChecked(), true);
    await page.getByRole('button', { name: 'Répondre' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Réponse enregistrée.').waitFor();
    await page.getByTestId('your-answer').getByText('Juillet').waitFor();
    const results = page.getByTestId('poll-results');
    await results.getByRole('row', { name: /Juillet.*1 voix.*Choisi par\s: Ibrahima Sylla/ }).waitFor();
    await page.getByRole('button', { name: 'Modifier ma réponse' }).waitFor();
    await screenshot(page, 'fr-poll-answered');

    await page.getByRole('button', { name: /Retour aux sondages/ }).click();
    await open.getByRole('row', { name: /Date de l’atelier PMM \?.*Répondu.*Juillet/ }).waitFor();
    assert.deepEqual(session.problems, []);
  });

  it('in English, My work’s poll opens the poll’s page in one click', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.jane });
    const { page } = session;
    const item = page.getByTestId('my-work-poll');
    await item.getByText('Answer here or on the poll’s card in Teams.').waitFor();
    await item.getByRole('button', { name: 'Answer' }).click();
    await page.getByRole('heading', { name: 'Date de l’atelier PMM ?', level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`#/polls/${suite.net.pollId}$`));
    assert.equal(await page.getByRole('tab', { name: 'Polls', selected: true }).count(), 1);
    assert.deepEqual(session.problems, []);
  });

  it('in French, a co-chair creates a time-slot poll with the pickers (incomplete and impossible slots refused, nothing stored), answers it and convenes on its best slot', async () => {
    const year = new Date().getUTCFullYear() + 1;
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/polls' });
    const { page } = session;
    await page.getByRole('button', { name: 'Nouveau sondage' }).click();
    await page.getByRole('heading', { name: 'Nouveau sondage', level: 1 }).waitFor();
    await page.locator('input[name="question"]').fill('Atelier ${title} <b>PMM</b> : quel créneau ?');
    await page.getByRole('radio', { name: 'Créneaux (oui / si besoin / non)' }).check();
    await page.locator('input[name="slot-0-date"]').fill(`${year}-05-12`);
    await page.locator('input[name="slot-0-from"]').fill('10:00');
    await page.locator('input[name="slot-0-to"]').fill('12:30');
    // The second slot has times but no date: refused by the page, with the expected format.
    await page.locator('input[name="slot-1-from"]').fill('09:00');
    await page.locator('input[name="slot-1-to"]').fill('11:00');
    const polls = await pollCount();
    await page.getByRole('button', { name: 'Envoyer le sondage' }).click();
    await page.getByRole('alert').getByText(/Créneau 2 refusé\u202f; rien n’a été envoyé\u202f: .*Format attendu\u202f: JJ\/MM\/AAAA HH:MM-HH:MM \(heure de Conakry\), par ex\. \d{2}\/\d{2}\/\d{4} 10:00-12:00\./).waitFor();
    await screenshot(page, 'fr-poll-slot-incomplete');
    // A date, but ending before it starts: the server's slot rules refuse it, in French.
    await page.locator('input[name="slot-1-date"]').fill(`${year}-05-13`);
    await page.locator('input[name="slot-1-to"]').fill('08:00');
    await page.getByRole('button', { name: 'Envoyer le sondage' }).click();
    await page.getByRole('alert').getByText(new RegExp(`Créneau refusé\u202f; rien n’a été enregistré\u202f: «\u202f13/05/${year} 09:00-08:00\u202f» doit commencer dans le futur et finir après son début`)).waitFor();
    assert.equal(await pollCount(), polls, 'nothing stored');
    await page.locator('input[name="slot-1-to"]').fill('11:00');
    await page.getByRole('button', { name: 'Envoyer le sondage' }).click();
    // The server's refusal is the one failed request this flow expects (the browser logs it).
    const refused = (problem: string) => /HTTP 400: .*\/api\/v1\/polls$/.test(problem) || /console error: Failed to load resource: .* 400/.test(problem);
    assert.equal(session.problems.filter(refused).length, 2, session.problems.join('\n'));
    session.problems.splice(0, session.problems.length, ...session.problems.filter((problem) => !refused(problem)));

    await page.getByRole('heading', { name: 'Atelier ${title} <b>PMM</b> : quel créneau ?', level: 1 }).waitFor();
    const results = page.getByTestId('poll-results');
    const weekday = (day: string) => new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${year}-${day}T12:00:00Z`));
    await results.getByRole('row', { name: new RegExp(`12/05/${year} 10:00-12:30.*${weekday('05-12')} 12 mai ${year}, 10:00–12:30 \\(Africa/Conakry\\)`) }).waitFor();
    assert.equal(await pollCount(), polls + 1);

    // Answer per slot: yes to the second, if need be to the first.
    await page.getByRole('group', { name: `13/05/${year} 09:00-11:00` }).getByRole('radio', { name: 'Oui' }).check();
    await page.getByRole('group', { name: `12/05/${year} 10:00-12:30` }).getByRole('radio', { name: 'Si besoin' }).check();
    await page.getByRole('button', { name: 'Répondre' }).click();
    await page.getByText('Réponse enregistrée.').waitFor();
    await results.getByRole('row', { name: new RegExp(`13/05/${year} 09:00-11:00.*oui 1 · si besoin 0 · non 0`) }).waitFor();
    const best = page.getByTestId('poll-best-slot');
    await best.getByRole('heading', { name: `Meilleur créneau\u202f: 13/05/${year} 09:00-11:00` }).waitFor();
    await screenshot(page, 'fr-poll-slots-best');
    await best.getByRole('button', { name: 'Convoquer sur ce créneau' }).click();
    await page.getByRole('heading', { name: 'Nouvelle convocation' }).waitFor();
    assert.equal(await page.locator('input[name="start"]').inputValue(), `${year}-05-13T09:00`);
    assert.equal(await page.locator('input[name="end"]').inputValue(), `${year}-05-13T11:00`);
    assert.equal(await page.locator('input[name="title"]').inputValue(), 'Atelier ${title} <b>PMM</b> : quel créneau ?');
    assert.equal(await page.getByRole('tab', { name: 'Réunions', selected: true }).count(), 1);
    assert.deepEqual(session.problems, []);
  });

  it('in English, an anonymous poll shows totals only — no name, no agency — to the co-chair too', async () => {
    const decisions = suite.net.app.reseau.decisions;
    const jane = { aadObjectId: suite.net.members.jane.aadObjectId, name: suite.net.members.jane.name };
    const poll = await decisions.createPoll(NETWORK, { aadObjectId: suite.net.rc.aadObjectId, name: suite.net.rc.name }, { question: 'Anonymous: priority for 2027?', kind: 'multiple', options: ['Data', 'Protection', 'Return'], anonymous: true, deadline: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    await decisions.answerPoll(NETWORK, poll.pollId, { aadObjectId: suite.net.members.aminata.aadObjectId, name: suite.net.members.aminata.name }, { choices: ['o1', 'o2'] });
    await decisions.answerPoll(NETWORK, poll.pollId, jane, { choices: ['o2'] });

    session = await suite.open({ locale: 'en-US', as: suite.net.rc, hash: '#/polls' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Polls', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Open' }).getByRole('row', { name: /Anonymous: priority for 2027\?.*Multiple choice.*Anonymous/ }).waitFor();
    await page.getByRole('link', { name: 'Anonymous: priority for 2027?' }).click();
    await page.getByTestId('anonymous-note').getByText('Anonymous poll: only the totals per option are shown, to everyone.').waitFor();
    await page.getByTestId('poll-results').getByRole('row', { name: /Protection.*2 votes/ }).waitFor();
    const text = await page.locator('main').innerText();
    for (const name of ['Aminata', 'Jane', 'IOM', 'OIM', 'UNHCR', 'Chosen by']) assert.ok(!text.includes(name), `${name} is not on the page`);
    assert.match(await page.getByTestId('poll-facts').innerText(), /2 answers/);
    await page.getByRole('checkbox', { name: 'Return' }).check();
    await page.getByRole('button', { name: 'Answer' }).click();
    await page.getByText('Answer recorded.').waitFor();
    await page.getByTestId('your-answer').getByText('Return').waitFor();
    await screenshot(page, 'en-poll-anonymous');
    assert.deepEqual(session.problems, []);
  });

  it('fits a phone-sized frame (360 px) in Teams’ dark theme: the list, a poll’s page and the new-poll form with its slot pickers never scroll sideways', async () => {
    const fits = async (page: TabSession['page'], what: string) => {
      const { scrollWidth, clientWidth } = await pageWidth(page);
      assert.ok(scrollWidth <= clientWidth, `${what}: ${scrollWidth} px wide in a ${clientWidth} px frame`);
    };
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '?theme=dark#/polls', viewport: { width: 360, height: 740 } });
    const { page } = session;
    await page.getByRole('table', { name: 'En cours' }).waitFor();
    await fits(page, 'the list');
    await page.getByRole('link', { name: 'Date de l’atelier PMM ?' }).click();
    await page.getByTestId('poll-results').waitFor();
    await fits(page, 'a poll');
    await page.goto(`${suite.net.app.url}/tab?theme=dark#/polls/new`);
    await page.getByRole('radio', { name: 'Créneaux (oui / si besoin / non)' }).check();
    await page.locator('input[name="slot-0-date"]').waitFor();
    await fits(page, 'the new-poll form');
    await screenshot(page, 'fr-poll-new-phone-dark');
    assert.deepEqual(session.problems, []);
  });

  it('in English, a pending member has no Polls page: no tab, and its address says the page is not theirs', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.pending, hash: '#/polls' });
    const { page } = session;
    await page.getByText('This page does not exist (any more). Choose a page above.').waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Polls' }).count(), 0);
    assert.doesNotMatch(await page.locator('main').innerText(), /PMM/);
    assert.deepEqual(session.problems, []);
  });
});
