/**
 * Plan de travail / Work plan in real Chromium against the real server. The network (the My
 * work fixture) gets this year's plan adopted by ExCom (silence procedure closed by the co-chair)
 * with a UNHCR report on Q1 and two open action items (one overdue), and next year's plan in
 * draft. A plain WFP member reads the plan without any co-chair action and proposes an activity
 * for their own agency only, the form refusing field by field first (in English); the co-chair
 * reads the chart, both groupings, who has reported, the overdue items (closing one), exports
 * the CSV, and takes next year's plan through the consultation and the submission to ExCom,
 * each behind a confirmation (in French, partly from the keyboard); the chart reads in the dark
 * and high-contrast themes. No console error, nothing fetched outside the app. (axe-core is not
 * installed here: no automated accessibility audit.)
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { NETWORK } from './network-fixture';
import { chromiumSuite, focusIsVisible, screenshot, type TabSession } from './tab-session';

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

describe('Work plan in Chromium', function () {
  this.timeout(120_000);
  const suite = chromiumSuite();
  let session: TabSession | undefined;
  const year = new Date().getUTCFullYear();
  const next = year + 1;
  let overdueId = '';

  const activity = (overrides: Record<string, unknown>) => ({
    description: { fr: 'Former les agents de la police aux frontières', en: 'Train border police officers' },
    objectives: [11, 7],
    leadAgency: 'IOM',
    contributingAgencies: ['UNHCR'],
    externalPartners: [],
    period: { kind: 'quarters', from: 1, to: 4 },
    indicators: [{ label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 }],
    ...overrides,
  });

  before(async () => {
    const { reseau } = suite.net.app;
    const rc = { aadObjectId: suite.net.rc.aadObjectId, name: suite.net.rc.name };
    const fatou = { aadObjectId: suite.net.fatou.aadObjectId, name: suite.net.fatou.name };
    await reseau.workplan.createPlan(NETWORK, rc, { year, title: { fr: `Plan de travail ${year}`, en: `Work plan ${year}` } });
    await reseau.workplan.proposeActivity(NETWORK, rc, year, activity({}));
    const protection = await reseau.workplan.proposeActivity(
      NETWORK,
      rc,
      year,
      activity({ description: { fr: 'Référencer les victimes de la traite', en: 'Refer victims of trafficking' }, objectives: [10], leadAgency: 'UNHCR', contributingAgencies: [], indicators: [{ label: { fr: 'Taux de référencement', en: 'Referral rate' }, unit: 'percent', baseline: 10, target: 50 }] }),
    );
    const submitted = await reseau.workplan.submit(NETWORK, rc, year, { mode: 'silenceProcedure', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    await reseau.decisions.closeEarly(NETWORK, submitted.submission!.decisionId!, rc.aadObjectId);
    const adopted = await reseau.workplan.plan(NETWORK, rc.aadObjectId, year);
    assert.equal(adopted.status, 'adopted');
    await reseau.workplan.report(NETWORK, fatou, year, protection.activityId, { quarter: 1, planVersion: 1, status: 'ongoing', values: [{ indicatorId: 'i1', value: 30, unit: 'percent' }], narrative: 'Deux sessions de référencement.' });
    const yesterday = new Date(Date.now() - 86_400_000);
    const items = await reseau.workplan.trackActionItems(NETWORK, rc, [
      { text: 'Partager la cartographie des services', ownerAgency: 'UNHCR', due: dayOf(yesterday) },
      { text: 'Préparer l’atelier de validation', ownerAgency: 'IOM', due: `${next}-06-30` },
    ]);
    overdueId = items[0]!.itemId;
    await reseau.workplan.createPlan(NETWORK, rc, { year: next, title: { fr: `Plan de travail ${next}`, en: `Work plan ${next}` } });
    await reseau.workplan.proposeActivity(NETWORK, rc, next, activity({ description: { fr: 'Cartographier les services aux migrants' }, period: { kind: 'quarters', from: 2, to: 3 } }));
  });

  const chooseYear = async (page: Page, chosen: number) => {
    await page.locator('select[name="year"]').selectOption(String(chosen));
    await page.getByTestId('plan-head').getByText(new RegExp(`(Plan de travail|Work plan) ${chosen}`)).waitFor();
  };

  it('in English, a WFP member reads the plan without co-chair actions and proposes an activity for WFP only, the form naming each field to fix first', async () => {
    session = await suite.open({ locale: 'en-US', as: suite.net.members.ibrahima, hash: '#/workplan' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Work plan', level: 1 }).waitFor();
    await page.getByTestId('plan-head').getByText(/Version 1 in force, adopted on .* \(DEC-\d{4}-\d{3}\)\./).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Work plan', selected: true }).count(), 1);
    // The activities, by GCM objective: the IOM activity under each of its two objectives.
    assert.equal(await page.locator('li.wp-activity', { hasText: 'Train border police officers' }).count(), 2);
    await page.getByRole('progressbar', { name: /Refer victims of trafficking — Progress: 50 %/ }).waitFor();
    for (const absent of ['Submit for adoption', 'Open the consultation', 'Open an amendment', 'Add an activity', 'Edit', 'Mark as done']) {
      assert.equal(await page.getByRole('button', { name: absent, exact: true }).count(), 0, `${absent}: not for a plain member`);
    }
    assert.equal(await page.getByTestId('reporting').count(), 0, 'who has reported: co-chairs and secretariat only');
    await page.getByTestId('overdue').getByText('Partager la cartographie des services').waitFor();

    await chooseYear(page, next);
    await page.getByText('Not adopted by the Executive Committee yet.').waitFor();
    assert.equal(await page.getByRole('button', { name: /^Edit the activity/ }).count(), 0, 'an IOM activity is not WFP’s to edit');
    await page.getByRole('button', { name: 'Add an activity' }).click();
    await page.getByRole('heading', { name: 'Add an activity', level: 2 }).waitFor();
    assert.deepEqual(await page.locator('select[name="leadAgency"] option').allTextContents(), ['WFP'], 'a member proposes for their own agency only');
    await page.locator('select[name="toQuarter"]').selectOption('1');
    await page.locator('select[name="fromQuarter"]').selectOption('3');
    await page.getByRole('button', { name: 'Add an indicator' }).click();
    await page.locator('input[name="indicatorLabelEn0"]').fill('Meals served');
    await page.locator('select[name="indicatorUnit0"]').selectOption('percent');
    await page.locator('input[name="indicatorTarget0"]').fill('140');
    await page.getByRole('button', { name: 'Add an activity' }).last().click();
    await page.getByText('4 fields to fix; nothing was sent.').waitFor();
    for (const message of ['Describe the activity in French or English', 'Tick at least one GCM objective', 'Choose a period within the plan’s year', 'Each indicator: a label']) {
      await page.getByText(message, { exact: false }).first().waitFor();
    }
    await screenshot(page, 'en-workplan-form-errors');
    assert.equal((await suite.net.app.reseau.workplan.plan(NETWORK, suite.net.rc.aadObjectId, next)).activities.length, 1, 'nothing stored');

    await page.locator('textarea[name="descriptionEn"]').fill('Hot meals at transit points');
    await page.getByRole('checkbox', { name: /^15\. / }).check();
    await page.locator('select[name="fromQuarter"]').selectOption('2');
    await page.locator('select[name="toQuarter"]').selectOption('4');
    await page.locator('select[name="indicatorUnit0"]').selectOption('count');
    await page.locator('input[name="indicatorTarget0"]').fill('10000');
    await page.getByRole('button', { name: 'Add an activity' }).last().click();
    await page.getByText('Activity added.').waitFor();
    const added = page.locator('li.wp-activity', { hasText: 'Hot meals at transit points' });
    await added.getByText('Draft', { exact: true }).waitFor();
    await added.getByText(/Lead: .*WFP/).waitFor();
    const stored = (await suite.net.app.reseau.workplan.plan(NETWORK, suite.net.rc.aadObjectId, next)).activities.find((entry) => entry.content.leadAgency === 'WFP');
    assert.deepEqual(stored?.content.period, { kind: 'quarters', from: 2, to: 4 });
    assert.deepEqual(stored?.content.objectives, [15]);

    // Editing it, from the keyboard: the form comes back filled in; the change is saved on its revision.
    await added.getByRole('button', { name: 'Edit the activity “Hot meals at transit points”' }).focus();
    // Back and forth with the keyboard, so the focus is a keyboard one (after the mouse clicks above).
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.ok(await focusIsVisible(page), 'the focused Edit button shows a focus indicator');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Edit the activity', level: 2 }).waitFor();
    assert.equal(await page.locator('textarea[name="descriptionEn"]').inputValue(), 'Hot meals at transit points');
    assert.equal(await page.locator('input[name="indicatorTarget0"]').inputValue(), '10000');
    await page.locator('textarea[name="descriptionFr"]').fill('Repas chauds aux points de transit');
    await page.getByRole('button', { name: 'Save the activity' }).click();
    await page.getByText('Activity saved.').waitFor();
    const edited = (await suite.net.app.reseau.workplan.plan(NETWORK, suite.net.rc.aadObjectId, next)).activities.find((entry) => entry.content.leadAgency === 'WFP');
    assert.deepEqual(edited?.content.description, { fr: 'Repas chauds aux points de transit', en: 'Hot meals at transit points' });
    assert.equal(edited?.revision, 2);
    assert.deepEqual(session.problems, []);
  });

  it('in French, UNHCR’s focal point (ExCom) may mark its agency’s overdue item done and open an amendment, not submit nor see who has reported; a pending person reads the plan in force only', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.fatou, hash: '#/workplan' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Plan de travail', level: 1 }).waitFor();
    await page.getByTestId('overdue').getByRole('button', { name: 'Marquer comme faite : Partager la cartographie des services' }).waitFor();
    await page.getByRole('button', { name: 'Ouvrir un amendement' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Soumettre pour adoption' }).count(), 0, 'co-chairs only');
    assert.equal(await page.getByTestId('reporting').count(), 0, 'co-chairs and secretariat only');
    await chooseYear(page, next);
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).waitFor();
    await page.locator('li.wp-activity').first().waitFor();
    assert.equal(await page.getByRole('button', { name: /^Modifier l’activité/ }).count(), await page.locator('li.wp-activity').count(), 'a drafter edits any activity');
    assert.deepEqual(session.problems, []);
    await session.context.close();

    session = await suite.open({ locale: 'fr-FR', as: suite.net.pending, hash: '#/workplan' });
    const pending = session.page;
    await pending.getByTestId('plan-head').getByText(/Version 1 en vigueur/).waitFor();
    await pending.locator('li.wp-activity', { hasText: 'Référencer les victimes de la traite' }).waitFor();
    await pending.getByTestId('overdue').getByText('Partager la cartographie des services').waitFor();
    assert.equal(await pending.getByRole('button', { name: 'Marquer comme faite : Partager la cartographie des services' }).count(), 0, 'pending people read, not decide');
    await chooseYear(pending, next);
    await pending.getByText('Aucune activité pour l’instant.').first().waitFor();
    assert.equal(await pending.getByRole('button', { name: 'Ajouter une activité' }).count(), 0);
    assert.deepEqual(session.problems, []);
  });

  it('in French, the co-chair reads the chart, both groupings, who has reported, closes an overdue item and exports the CSV; next year’s plan goes to consultation and to ExCom after confirming', async () => {
    session = await suite.open({ locale: 'fr-FR', as: suite.net.rc, hash: '#/workplan' });
    const { page } = session;
    await page.getByRole('heading', { name: 'Plan de travail', level: 1 }).waitFor();
    const chart = page.getByRole('img', { name: 'Avancement moyen des activités, par objectif du Pacte mondial' });
    await chart.waitFor();
    // Each objective's bar says its number, title and percentage in text, not by colour alone.
    // A label may wrap over several lines (tspans): read each as one line of text.
    const labels = await chart.locator('text').evaluateAll((nodes) => nodes.map((node) => Array.from(node.querySelectorAll('tspan'), (line) => (line as { textContent: string }).textContent).join(' ')));
    assert.equal(labels.length, 3);
    assert.match(labels[0]!, /^7\. .+ — 0 %$/);
    assert.match(labels[1]!, /^10\. .+ — 50 %$/);
    assert.match(labels[2]!, /^11\. .+ — 0 %$/);
    await screenshot(page, 'fr-workplan-cochair');

    // By lead agency, reached from the keyboard (arrow keys move between the two groupings).
    await page.getByRole('tab', { name: 'Par objectif du Pacte mondial' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    assert.ok(await focusIsVisible(page), 'the focused grouping tab shows a focus indicator');
    await page.getByRole('region', { name: 'OIM (IOM)' }).waitFor();
    assert.equal(await page.locator('li.wp-activity', { hasText: 'Former les agents de la police aux frontières' }).count(), 1, 'by agency: once, under its lead');

    // Who has reported on Q1: UNHCR did, IOM still owes its activity.
    const reporting = page.getByTestId('reporting');
    await reporting.locator('select[name="quarter"]').selectOption('1');
    await reporting.getByText('Ont rendu compte (1)').waitFor();
    await reporting.getByText(/HCR \(UNHCR\)/).waitFor();
    await reporting.getByText(/OIM \(IOM\) — Former les agents de la police aux frontières/).waitFor();

    // The overdue item, closed by the co-chair.
    const overdue = page.getByTestId('overdue');
    await overdue.getByText('Partager la cartographie des services').waitFor();
    await overdue.getByRole('button', { name: 'Marquer comme faite : Partager la cartographie des services' }).click();
    await overdue.getByText('Aucune action en retard.').waitFor();
    const items = await suite.net.app.reseau.workplan.actionItems(NETWORK, suite.net.rc.aadObjectId, new Date(Date.now() - 86_400_000).getUTCFullYear());
    assert.equal(items.find((item) => item.itemId === overdueId)?.status, 'done');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `plan-de-travail-${year}.csv`);
    const csv = await readFile((await download.path()) as string, 'utf8');
    assert.match(csv, /Former les agents de la police aux frontières/);
    assert.match(csv, /Référencer les victimes de la traite/);

    // Next year's draft: the consultation after confirming (cancelling first changes nothing).
    await chooseYear(page, next);
    await page.getByText('Projet', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    const consult = page.getByRole('alertdialog', { name: 'Ouvrir la consultation de tous les membres ?' });
    await consult.getByRole('button', { name: 'Annuler' }).click();
    await consult.waitFor({ state: 'detached' });
    assert.equal((await suite.net.app.reseau.workplan.plan(NETWORK, suite.net.rc.aadObjectId, next)).status, 'draft');
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await consult.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await page.getByText('Consultation ouverte.').waitFor();
    await page.getByTestId('plan-head').getByText('Consultation des membres').waitFor();

    // The consultation: a comment on an activity, listed under the commenter's agency.
    const mapping = page.locator('li.wp-activity', { hasText: 'Cartographier les services aux migrants' }).first();
    await mapping.getByRole('textbox', { name: 'Votre commentaire sur « Cartographier les services aux migrants »' }).fill('Inclure Boké et Nzérékoré.');
    await mapping.getByRole('button', { name: 'Commenter' }).click();
    await page.getByText('Commentaire enregistré.').waitFor();
    await mapping.getByText('Commentaires de la consultation (1)').waitFor();
    await mapping.locator('.wp-comment', { hasText: 'Inclure Boké et Nzérékoré. — Coordonnatrice Résidente' }).waitFor();
    assert.equal((await suite.net.app.reseau.workplan.comments(NETWORK, suite.net.rc.aadObjectId, next))[0]?.byAgency[0]?.comments[0]?.text, 'Inclure Boké et Nzérékoré.');

    // Submission to ExCom: the decision's procedure and deadline, then the plan is frozen.
    await page.getByRole('button', { name: 'Soumettre pour adoption' }).click();
    const submit = page.getByRole('alertdialog', { name: 'Soumettre le plan au Comité exécutif ?' });
    await submit.getByText(/Le plan \(2 activités\) sera figé/).waitFor();
    await submit.getByRole('radio', { name: 'Procédure d’approbation tacite' }).check();
    await screenshot(page, 'fr-workplan-submit');
    await submit.getByRole('button', { name: 'Soumettre', exact: true }).click();
    await page.getByText('Plan soumis : la décision du Comité exécutif est ouverte.').waitFor();
    await page.getByTestId('plan-head').getByText('Soumis au Comité exécutif').waitFor();
    await page.getByRole('link', { name: 'Voir la décision' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ajouter une activité' }).count(), 0, 'a submitted plan is frozen');
    const plan = await suite.net.app.reseau.workplan.plan(NETWORK, suite.net.rc.aadObjectId, next);
    assert.equal(plan.status, 'submitted');
    assert.equal(plan.submission?.version, 1);
    assert.deepEqual(session.problems, []);
  });

  for (const theme of ['dark', 'contrast'] as const) {
    it(`fits a phone (360 px) in the ${theme} theme: the chart’s labels in the page’s text colour and wrapped within its width, bars apart from their track, no sideways scrolling`, async () => {
      session = await suite.open({ locale: 'fr-FR', as: suite.net.members.jane, hash: `?theme=${theme}#/workplan`, viewport: { width: 360, height: 740 } });
      const { page } = session;
      const chart = page.getByTestId('objective-chart');
      await chart.waitFor();
      await page.getByTestId('overdue').waitFor();
      // No named function inside evaluate: the test transpiler's keepNames helper does not exist in the page.
      const measured = await page.evaluate(() => {
        const doc = globalThis as unknown as {
          document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): ArrayLike<{ getComputedTextLength(): number }>; documentElement: { scrollWidth: number; clientWidth: number } };
          getComputedStyle(element: unknown): { color: string; fill: string };
        };
        const svg = doc.document.querySelector('.wp-chart') as { getBoundingClientRect(): { width: number } };
        return {
          text: doc.getComputedStyle(doc.document.querySelector('.wp-chart-label')).fill,
          page: doc.getComputedStyle(doc.document.querySelector('.app')).color,
          bar: doc.getComputedStyle(doc.document.querySelector('.wp-chart-bar')).fill,
          track: doc.getComputedStyle(doc.document.querySelector('.wp-chart-track')).fill,
          chartWidth: svg.getBoundingClientRect().width,
          longestLine: Math.max(...Array.from(doc.document.querySelectorAll('.wp-chart-label tspan'), (line) => line.getComputedTextLength())),
          scrollWidth: doc.document.documentElement.scrollWidth,
          clientWidth: doc.document.documentElement.clientWidth,
        };
      });
      assert.equal(measured.text, measured.page, 'labels take the theme’s foreground');
      assert.notEqual(measured.bar, measured.track);
      assert.ok(measured.longestLine <= measured.chartWidth, `a label line of ${measured.longestLine} px in a chart ${measured.chartWidth} px wide`);
      assert.ok(measured.scrollWidth <= measured.clientWidth, `page ${measured.scrollWidth} px wide in a ${measured.clientWidth} px frame`);
      await screenshot(page, `fr-workplan-phone-${theme}`);
      assert.deepEqual(session.problems, []);
    });
  }
});
