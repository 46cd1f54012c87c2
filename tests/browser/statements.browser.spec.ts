/**
 * Déclarations / Statements in real Chromium against the real server: a co-chair requests a
 * bilingual statement, drafts it per language (with one language missing it cannot be submitted,
 * the page says why), submits it and reads the diff per language; an ExCom focal point clears their
 * agency's version from the page in English (a request for changes needs its comment); a
 * co-chair publishes a cleared statement through a confirmation dialog and downloads the final
 * text carrying both languages; a plain member reads without any action, from the keyboard with
 * a visible focus. No console error, nothing fetched outside the app. (axe-core is not
 * installed here: no automated accessibility audit.)
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TEST_TENANT_ID, teamsUser, type TeamsUser } from '../support/teams-activities';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, screenshot, type TabSession } from './tab-session';

const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;

describe('Statements in Chromium', function () {
  this.timeout(120_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const shot = screenshot;

  it('in French, a co-chair requests a statement in both languages, drafts it per language (French alone cannot be submitted), submits it and reads the changes per language', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/statements' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Déclarations conjointes', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Demandes et déclarations' }).getByRole('row', { name: /Journée internationale des migrants.*En validation/ }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Déclarations', selected: true }).count(), 1);
    await shot(page, 'fr-statements-list');

    await page.getByRole('button', { name: 'Demander une déclaration' }).click();
    await page.getByRole('heading', { name: 'Demander une déclaration', level: 1 }).waitFor();
    await page.locator('input[name="title"]').fill('Retours dignes ${x}');
    await page.locator('textarea[name="purpose"]').fill('Rappeler les principes du retour volontaire.');
    assert.equal(await page.getByRole('checkbox', { name: 'Français' }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: 'Anglais' }).isChecked(), true);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();

    await page.getByRole('heading', { name: 'Retours dignes ${x}', level: 1 }).waitFor();
    await page.getByText('Aucune version rédigée pour l’instant.').waitFor();
    // The co-chairs name the drafting agency (its focal point and alternates get the card to draft from).
    await page.locator('select[name="draftingAgency"]').selectOption('UNHCR');
    await page.getByRole('button', { name: 'Désigner cette agence' }).click();
    await page.getByText(/Agence de rédaction\u202f: HCR \(UNHCR\)\./).waitFor();
    assert.match(await page.getByTestId('statement-facts').innerText(), /Rédaction\u202f: HCR \(UNHCR\)/);
    await page.locator('textarea[name="text-fr"]').fill('Le Réseau soutient les retours volontaires.');
    await page.getByRole('button', { name: 'Enregistrer la version' }).click();
    await page.getByText('Version 1 enregistrée.').waitFor();
    // Requested in both languages: the English text is still missing.
    await page.getByTestId('statement-text').getByText('Pas encore rédigé\u202f: la version ne peut être soumise qu’avec ce texte.').waitFor();
    // The page says so before the server would refuse it (the refusal itself: statements.e2e.spec.ts).
    assert.equal(await page.getByRole('button', { name: 'Soumettre la version 1 au Comité exécutif' }).isDisabled(), true);
    await page.getByText('À soumettre une fois le texte enregistré en\u202f: Anglais.').waitFor();

    await page.locator('textarea[name="text-fr"]').fill('Le Réseau soutient les retours volontaires, sûrs et dignes.');
    await page.locator('textarea[name="text-en"]').fill('The Network supports safe and dignified voluntary returns.');
    await page.getByRole('button', { name: 'Enregistrer la version' }).click();
    await page.getByText('Version 2 enregistrée.').waitFor();
    await page.getByRole('button', { name: 'Soumettre la version 2 au Comité exécutif' }).click();
    await page.getByText('Version 2 soumise au Comité exécutif.').waitFor();

    const text = page.getByTestId('statement-text');
    await text.getByRole('heading', { name: 'Français', level: 3 }).waitFor();
    await text.getByText('Le Réseau soutient les retours volontaires, sûrs et dignes.').waitFor();
    await text.getByRole('heading', { name: 'Anglais', level: 3 }).waitFor();
    await text.getByText('The Network supports safe and dignified voluntary returns.').waitFor();
    assert.match(await page.getByTestId('changes-since').innerText(), /Depuis la version 1 → Version 2/);
    const changes = page.getByTestId('changes');
    assert.deepEqual(await changes.locator('[lang="fr"] ins').allInnerTexts(), ['volontaires, sûrs et dignes.'].map((entry) => ` ${entry}`));
    assert.deepEqual(await changes.locator('[lang="fr"] del').allInnerTexts(), [' volontaires.']);
    assert.match(await changes.locator('[lang="en"] ins').innerText(), /The Network supports safe and dignified voluntary returns\./);
    await page.getByTestId('clearance').getByRole('row', { name: /HCR \(UNHCR\).*Pas encore de réponse/ }).waitFor();
    // Not an ExCom representative, not cleared yet: no clearance form, no publication.
    assert.equal(await page.getByRole('button', { name: 'Envoyer la position de mon agence' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /Publier la version/ }).count(), 0);
    await shot(page, 'fr-statement-drafted');
    assert.deepEqual(session.problems, []);
  });

  it('in English, the UNHCR focal point clears the version from the page: a request for changes needs its comment, then the table shows it', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.fatou, hash: `#/statements/${suite.net.statementId}` });
    const { page } = session;
    await page.getByRole('heading', { name: 'Journée internationale des migrants', level: 1 }).waitFor();
    await page.getByTestId('statement-text').getByRole('heading', { name: 'French', level: 3 }).waitFor();
    await page.getByRole('heading', { name: 'Your agency’s position (UNHCR) on version 1' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save the version' }).count(), 0, 'drafting is the co-chairs’');

    await page.getByRole('radio', { name: 'Requests changes' }).check();
    await page.getByRole('button', { name: 'Send my agency’s position' }).click();
    assert.equal(await page.locator('textarea[name="clearanceComment"]:invalid').count(), 1, 'the comment is required for a request for changes');
    assert.equal(await page.getByText('Your agency’s position was recorded.').count(), 0);
    await page.locator('textarea[name="clearanceComment"]').fill('Mention children in detention.');
    await page.getByRole('button', { name: 'Send my agency’s position' }).click();
    await page.getByText('Your agency’s position was recorded.').waitFor();
    await page.getByTestId('clearance').getByRole('row', { name: /UNHCR.*Requests changes.*Mention children in detention\..*Fatou Bangoura/ }).waitFor();
    assert.match(await page.getByRole('heading', { name: /Executive Committee clearance of version 1/ }).innerText(), /version 1/);
    await shot(page, 'en-statement-cleared');
    assert.deepEqual(session.problems, []);
  });

  it('in French, a co-chair publishes a cleared statement only after confirming, then downloads the final text in both languages', async () => {
    const { reseau } = suite.net.app;
    const rc = { aadObjectId: suite.net.rc.aadObjectId, name: suite.net.rc.name };
    const voices: Record<string, TeamsUser> = { UNHCR: suite.net.fatou };
    for (const agency of EXCOM.filter((code) => code !== 'UNHCR')) {
      const user = teamsUser({ name: `Point focal ${agency}` });
      await reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, 'focalPoint');
      await reseau.membership.confirm(NETWORK, suite.net.rc.aadObjectId, user.aadObjectId, agency);
      voices[agency] = user;
    }
    const statement = await reseau.statements.request(NETWORK, rc, { title: 'Journée de la diaspora', languages: ['fr', 'en'] });
    await reseau.statements.addVersion(NETWORK, statement.statementId, rc, { fr: 'Le Réseau salue la diaspora guinéenne.', en: 'The Network welcomes the Guinean diaspora.' });
    await reseau.statements.submit(NETWORK, statement.statementId, rc);
    for (const agency of EXCOM) await reseau.statements.clear(NETWORK, statement.statementId, { aadObjectId: voices[agency]!.aadObjectId, name: voices[agency]!.name }, { version: 1, position: 'approve' });

    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: `#/statements/${statement.statementId}` });
    const { page } = session;
    await page.getByRole('heading', { name: 'Journée de la diaspora', level: 1 }).waitFor();
    await page.getByText('6/6 agences ont approuvé', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Publier la version 1 au nom du Réseau' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Publier la déclaration au nom du Réseau\u202f?' });
    await dialog.waitFor();
    await shot(page, 'fr-statement-confirm-deliver');
    await dialog.getByRole('button', { name: 'Ne pas publier' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await reseau.statements.statement(NETWORK, statement.statementId, suite.net.rc.aadObjectId)).statement.status, 'clearance', 'nothing published');
    await page.getByRole('button', { name: 'Publier la version 1 au nom du Réseau' }).click();
    await dialog.getByRole('button', { name: 'Oui, publier' }).click();
    await page.getByText('Vous avez publié la version 1 au nom du Réseau.', { exact: false }).waitFor();
    await page.getByTestId('delivered').waitFor();
    assert.equal(await page.getByRole('button', { name: /Publier la version/ }).count(), 0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le texte final (Markdown)' }).click()]);
    assert.match(download.suggestedFilename(), /\.md$/);
    const markdown = await readFile((await download.path()) as string, 'utf8');
    assert.match(markdown, /## Français\n\nLe Réseau salue la diaspora guinéenne\.\n\n## Anglais\n\nThe Network welcomes the Guinean diaspora\./);
    await shot(page, 'fr-statement-delivered');
    assert.deepEqual(session.problems, []);
  });

  it('in French, a plain member reads without any action and works the page from the keyboard with a visible focus', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.members.ibrahima, hash: '#/statements' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Déclarations conjointes', level: 1 }).waitFor();
    const link = page.getByRole('link', { name: 'Journée internationale des migrants' });
    await link.focus();
    assert.ok(await focusIsVisible(page), 'the focused link shows a focus indicator');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Journée internationale des migrants', level: 1 }).waitFor();
    await page.getByTestId('clearance').waitFor();
    for (const name of ['Envoyer la position de mon agence', 'Enregistrer la version', /Publier la version/]) assert.equal(await page.getByRole('button', { name }).count(), 0, String(name));
    await page.getByRole('button', { name: /Retour aux déclarations/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Déclarations conjointes', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Demander une déclaration' }).focus();
    assert.ok(await focusIsVisible(page));
    assert.deepEqual(session.problems, []);
  });

  it('in English, a pending member reads the statement and its clearance by agency, but no draft and no name', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.pending, hash: `#/statements/${suite.net.statementId}` });
    const { page } = session;
    await page.getByRole('heading', { name: 'Journée internationale des migrants', level: 1 }).waitFor();
    await page.getByText('The text under clearance is for confirmed members', { exact: false }).waitFor();
    // UNHCR's request for changes from the second test: the position and comment show, not who gave it.
    await page.getByTestId('clearance').getByRole('row', { name: /UNHCR.*Requests changes.*Mention children in detention\./ }).waitFor();
    assert.equal(await page.getByText('Fatou Bangoura', { exact: false }).count(), 0, 'no one’s name');
    assert.equal(await page.getByText('Le Réseau salue', { exact: false }).count(), 0, 'no draft');
    for (const name of ['Send my agency’s position', 'Save the version', /Publish version/, 'Name this agency']) assert.equal(await page.getByRole('button', { name }).count(), 0, String(name));
    await shot(page, 'en-statement-pending');
    assert.deepEqual(session.problems, []);
  });
});
