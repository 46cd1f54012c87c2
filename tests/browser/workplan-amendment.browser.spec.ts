/**
 * An amendment of the work plan in real Chromium against the real server (issue 14: "later
 * amendments go through a new decision, with the changes shown"). This year's plan is adopted by
 * ExCom with two activities (IOM's training, UNHCR's referral). In French, the co-chair opens an
 * amendment, edits the training, withdraws the referral (behind a confirmation, from the keyboard,
 * cancelled once first; restored, then withdrawn again — it stays listed, marked, as it is in force
 * until ExCom adopts the amendment) and adds an activity led by WFP, and sees the three changes listed —
 * each changed field before → after. In English, a WFP member reads the same changes in English
 * and may withdraw only WFP's activity; a pending person sees no changes. Submitted, the list
 * names the version put to ExCom. No console error, nothing fetched outside the app. (axe-core is
 * not installed here: no automated accessibility audit.)
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, screenshot, type TabSession } from './tab-session';

const N = '\u202f';

describe('Work plan amendment in Chromium', function () {
  this.timeout(120_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const year = new Date().getUTCFullYear();

  const activity = (overrides: Record<string, unknown>) => ({
    description: { fr: 'Former les agents de la police aux frontières', en: 'Train border police officers' },
    objectives: [11],
    leadAgency: 'IOM',
    contributingAgencies: [],
    externalPartners: [],
    period: { kind: 'quarters', from: 1, to: 4 },
    indicators: [{ label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 }],
    ...overrides,
  });
  const changesNow = () => suite.net.app.reseau.workplan.changes(NETWORK, suite.net.rc.aadObjectId, year);

  before(async () => {
    const { reseau } = suite.net.app;
    const rc = { aadObjectId: suite.net.rc.aadObjectId, name: suite.net.rc.name };
    await reseau.workplan.createPlan(NETWORK, rc, { year, title: { fr: `Plan de travail ${year}`, en: `Work plan ${year}` } });
    await reseau.workplan.proposeActivity(NETWORK, rc, year, activity({}));
    await reseau.workplan.proposeActivity(NETWORK, rc, year, activity({ description: { fr: 'Référencer les victimes de la traite', en: 'Refer victims of trafficking' }, objectives: [10], leadAgency: 'UNHCR', indicators: [] }));
    const submitted = await reseau.workplan.submit(NETWORK, rc, year, { mode: 'silenceProcedure', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    await reseau.decisions.closeEarly(NETWORK, submitted.submission!.decisionId!, rc.aadObjectId);
    assert.equal((await reseau.workplan.plan(NETWORK, rc.aadObjectId, year)).status, 'adopted');
  });

  /** The changes section's items, each as its badge, activity and lines of text. */
  const listedChanges = (page: Page) =>
    page.getByTestId('amendment-changes').locator('li.wp-change').evaluateAll((items) =>
      items.map((item) => ({
        kind: (item as unknown as { dataset: { change: string } }).dataset.change,
        text: ((item as unknown as { innerText: string }).innerText).split('\n').map((line) => line.trim()).filter(Boolean),
      })),
    );

  it('in French, the co-chair opens an amendment, edits one activity, withdraws another (after confirming, from the keyboard) and adds one: the three changes are listed, each changed field before → after', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/workplan' });
    const { page } = session;
    await page.getByTestId('plan-head').getByText(/Version 1 en vigueur/).waitFor();
    assert.equal(await page.getByTestId('amendment-changes').count(), 0, 'no amendment yet, no changes to show');
    assert.equal(await page.getByRole('button', { name: /^Retirer l’activité/ }).count(), 0, 'an adopted plan is frozen: nothing to withdraw');

    await page.getByRole('button', { name: 'Ouvrir un amendement' }).click();
    await page.getByRole('alertdialog', { name: `Ouvrir un amendement du plan adopté${N}?` }).getByRole('button', { name: 'Ouvrir un amendement' }).click();
    await page.getByText('Amendement ouvert.').waitFor();
    const changes = page.getByTestId('amendment-changes');
    await changes.getByRole('heading', { name: 'Changements depuis la version 1 en vigueur', level: 2 }).waitFor();
    await changes.getByText('Aucun changement par rapport à la version en vigueur pour l’instant.').waitFor();

    // Edit the training: a higher target, and ongoing.
    await page.getByRole('button', { name: `Modifier l’activité «${N}Former les agents de la police aux frontières${N}»` }).click();
    await page.locator('input[name="indicatorTarget0"]').fill('150');
    await page.locator('select[name="status"]').selectOption('ongoing');
    await page.getByRole('button', { name: 'Enregistrer l’activité' }).click();
    await page.getByText('Activité enregistrée.').waitFor();
    await changes.getByText('0 activité ajoutée, 0 retirée, 1 modifiée.').waitFor();

    // Withdraw the referral: from the keyboard, cancelled once (nothing changes), then confirmed.
    const withdraw = page.getByRole('button', { name: `Retirer l’activité «${N}Référencer les victimes de la traite${N}»` });
    await withdraw.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused Withdraw button shows a focus indicator');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: `Retirer l’activité «${N}Référencer les victimes de la traite${N}»${N}?` });
    await confirm.getByText('Elle sortira du plan quand le Comité exécutif adoptera l’amendement', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Garder l’activité' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal((await changesNow()).changes.length, 1, 'kept: nothing withdrawn');
    await withdraw.focus();
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    for (let step = 0; step < 4 && !(await confirm.getByRole('button', { name: 'Retirer', exact: true }).evaluate((button) => button === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)); step += 1) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await focusIsVisible(page), 'the dialog’s Withdraw button, reached by Tab, shows a focus indicator');
    await page.keyboard.press('Enter');
    await page.getByText(`Activité «${N}Référencer les victimes de la traite${N}» retirée.`).waitFor();
    // Still in force (and reported on) until ExCom adopts the amendment: listed, marked, and may be restored.
    const referral = page.locator('li.wp-activity', { hasText: 'Référencer les victimes de la traite' });
    await referral.getByText('Retirée dans l’amendement').waitFor();
    assert.equal(await referral.getByRole('button', { name: /^Modifier|^Retirer/ }).count(), 0);
    await changes.getByText('0 activité ajoutée, 1 retirée, 1 modifiée.').waitFor();
    await referral.getByRole('button', { name: `Rétablir l’activité «${N}Référencer les victimes de la traite${N}» dans l’amendement` }).click();
    await page.getByText(`Activité «${N}Référencer les victimes de la traite${N}» rétablie.`).waitFor();
    await changes.getByText('0 activité ajoutée, 0 retirée, 1 modifiée.').waitFor();
    await withdraw.click();
    await confirm.getByRole('button', { name: 'Retirer', exact: true }).click();
    await referral.getByText('Retirée dans l’amendement').waitFor();

    // Add an activity led by WFP.
    await page.getByRole('button', { name: 'Ajouter une activité' }).click();
    await page.locator('textarea[name="descriptionFr"]').fill('Repas chauds aux points de transit');
    await page.locator('textarea[name="descriptionEn"]').fill('Hot meals at transit points');
    await page.getByRole('checkbox', { name: /^15\. / }).check();
    await page.locator('select[name="leadAgency"]').selectOption('WFP');
    await page.locator('select[name="fromQuarter"]').selectOption('2');
    await page.locator('select[name="toQuarter"]').selectOption('4');
    await page.getByRole('button', { name: 'Ajouter une activité' }).last().click();
    await page.getByText('Activité ajoutée.').waitFor();

    await changes.getByText('1 activité ajoutée, 1 retirée, 1 modifiée.').waitFor();
    assert.deepEqual(await listedChanges(page), [
      { kind: 'added', text: ['Repas chauds aux points de transit', 'Chef de file\u202f: PAM (WFP) · T2–T4 · Objectifs du Pacte mondial\u202f: 15', 'Ajoutée'] },
      { kind: 'removed', text: ['Référencer les victimes de la traite', 'Chef de file\u202f: HCR (UNHCR) · T1–T4 · Objectifs du Pacte mondial\u202f: 10', 'Retirée'] },
      {
        kind: 'changed',
        text: [
          'Former les agents de la police aux frontières',
          `Indicateurs${N}: Agents formés${N}: de 0 à 120 personnes → Agents formés${N}: de 0 à 150 personnes`,
          `Statut${N}: Prévue → En cours`,
          'Modifiée',
        ],
      },
    ]);
    assert.deepEqual((await changesNow()).changes.map((change) => change.change).sort(), ['added', 'changed', 'removed'], 'what the page lists is what is stored');
    await screenshot(page, 'fr-workplan-amendment-changes');
    assert.deepEqual(session.problems, []);
  });

  it('in English, a WFP member reads the same changes in English and may withdraw WFP’s activity only; a pending person sees no changes', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.ibrahima, hash: '#/workplan' });
    const { page } = session;
    const changes = page.getByTestId('amendment-changes');
    await changes.getByRole('heading', { name: 'Changes since version 1 in force', level: 2 }).waitFor();
    await changes.getByText('1 activity added, 1 withdrawn, 1 changed.').waitFor();
    assert.deepEqual(await listedChanges(page), [
      { kind: 'added', text: ['Hot meals at transit points', 'Lead: WFP · Q2–Q4 · GCM objectives: 15', 'Added'] },
      { kind: 'removed', text: ['Refer victims of trafficking', 'Lead: UNHCR · Q1–Q4 · GCM objectives: 10', 'Withdrawn'] },
      { kind: 'changed', text: ['Train border police officers', 'Indicators: Officers trained: from 0 to 120 people → Officers trained: from 0 to 150 people', 'Status: Planned → Ongoing', 'Changed'] },
    ]);
    await page.getByRole('button', { name: 'Withdraw the activity “Hot meals at transit points”' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Withdraw the activity/ }).count(), 1, 'not IOM’s training: WFP’s activity only');
    await page.locator('li.wp-activity', { hasText: 'Refer victims of trafficking' }).getByText('Withdrawn in the amendment').waitFor();
    assert.equal(await page.getByRole('button', { name: /^Restore/ }).count(), 0, 'UNHCR’s activity: not WFP’s to restore');
    await screenshot(page, 'en-workplan-amendment-changes');
    assert.deepEqual(session.problems, []);
    await session.context.close();

    session = await suite.open({ locale: 'fr-FR', as: suite.net.pending, hash: '#/workplan' });
    await session.page.getByTestId('plan-head').getByText('Amendement en projet').waitFor();
    await session.page.locator('li.wp-activity', { hasText: 'Référencer les victimes de la traite' }).waitFor();
    assert.equal(await session.page.getByTestId('amendment-changes').count(), 0, 'pending people read the plan in force only');
    assert.equal(await session.page.getByRole('button', { name: /^Retirer/ }).count(), 0);
    assert.deepEqual(session.problems, []);
  });

  it('in French, once the co-chair submits the amendment, the list names the version put to ExCom', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/workplan' });
    const { page } = session;
    await page.getByRole('button', { name: 'Soumettre pour adoption' }).click();
    const submit = page.getByRole('alertdialog', { name: `Soumettre le plan au Comité exécutif${N}?` });
    await submit.getByText('Le plan (2 activités) sera figé', { exact: false }).waitFor();
    await submit.getByRole('button', { name: 'Soumettre', exact: true }).click();
    const changes = page.getByTestId('amendment-changes');
    await changes.getByRole('heading', { name: 'Changements de la version 2 soumise au Comité exécutif, par rapport à la version 1', level: 2 }).waitFor();
    await changes.getByText('1 activité ajoutée, 1 retirée, 1 modifiée.').waitFor();
    assert.equal(await page.getByRole('button', { name: /^Retirer l’activité/ }).count(), 0, 'a submitted amendment is frozen');
    assert.equal((await changesNow()).to, 2);
    assert.deepEqual(session.problems, []);
  });
});
