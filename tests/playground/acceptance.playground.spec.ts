/**
 * Acceptance in Microsoft's Agents Playground (issue 15): the app and the real Playground
 * (its server, mock Teams connector and web UI, @microsoft/m365agentsplayground) in headless
 * Chromium, walked as members do — help in English and French, a poll answered by clicking, a
 * migration update shared, joining the network and being confirmed, an ExCom position taken by
 * clicking. Assertions are on what the Playground renders (card text), never on internals.
 * Screenshots of each step: test-artifacts/playground/ (git-ignored; CI keeps it).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../browser/browser';
import { PlaygroundChat, playgroundAs, startPlayground, type RunningPlayground } from '../support/agents-playground';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';

// The Playground's tenant and people (.m365agentsplayground.yml).
const TENANT = '00000000-0000-0000-0000-000000000001';
const AMINATA = '00000000-0000-0000-0000-000000000020';
const MARIAMA = '00000000-0000-0000-0000-000000000021';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/playground');

describe('Réseau in Microsoft’s Agents Playground (real client, headless Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let app: ReseauUnderTest;
  const playgrounds: RunningPlayground[] = [];
  const contexts: BrowserContext[] = [];

  before(async function () {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${TENANT}/${AMINATA}=cochair` } });
  });
  after(async function () {
    for (const context of contexts) await context.close();
    for (const playground of playgrounds) await playground.close();
    await browser?.close();
    await app?.stop();
  });

  async function open(config?: string): Promise<{ chat: PlaygroundChat; page: Page; shot(name: string): Promise<void> }> {
    const playground = await startPlayground(`${app.url}/api/messages`, config);
    playgrounds.push(playground);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Africa/Conakry', viewport: { width: 1400, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    const chat = new PlaygroundChat(page);
    await chat.open(playground.url);
    return { chat, page, shot: async (name) => void (await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })) };
  }

  let cochair: Awaited<ReturnType<typeof open>>;

  it('the co-chair is welcomed, reads the help in English, and switches it to French', async function () {
    cochair = await open();
    await cochair.chat.card('Welcome to Réseau');
    await cochair.chat.say('help');
    const help = await cochair.chat.card('Help — Réseau');
    assert.match(await help.innerText(), /Here is what you can ask me/);
    await cochair.shot('01-help-en');
    await help.getByRole('button', { name: 'Afficher en français' }).click();
    const aide = await cochair.chat.card('Aide — Réseau');
    assert.match(await aide.innerText(), /Voici ce que vous pouvez me demander/);
    await cochair.shot('02-help-fr');
    // The choice sticks (issue 15): her next cards come in French until she switches back.
    const frenchHelps = cochair.page.locator('.ac-adaptiveCard').filter({ hasText: 'Aide — Réseau' });
    const before = await frenchHelps.count();
    await cochair.chat.say('help');
    await frenchHelps.nth(before).waitFor();
    const again = frenchHelps.nth(before);
    await again.getByRole('button', { name: 'Show in English' }).click();
    await cochair.chat.card(/Help — Réseau/);
  });

  it('a poll is created in chat and answered by clicking in its card', async function () {
    await cochair.chat.say('poll Which day for the workshop? | Monday | Tuesday');
    const shared = await cochair.chat.card('Which day for the workshop?');
    await cochair.shot('03-poll-card');
    await shared.getByRole('button').first().click();
    const mine = await cochair.chat.card(/You have not answered yet|Vous n’avez pas encore répondu/);
    await mine.getByRole('radio', { name: 'Tuesday' }).check();
    await mine.getByRole('button', { name: /Answer|Répondre/ }).click();
    const answered = await cochair.chat.card(/Tuesday — 1 vote/);
    assert.match(await answered.innerText(), /Your answer: Tuesday/);
    await cochair.shot('04-poll-answered');
  });

  it('a migration update is shared from its form card', async function () {
    await cochair.chat.say('share');
    const form = await cochair.chat.card('Share a migration update');
    await form.getByRole('textbox', { name: /Title/ }).fill('Arrivals at the Pamelap border post');
    await form.getByRole('textbox', { name: /Summary/ }).fill('1,200 arrivals recorded in November, most from Sierra Leone.');
    await form.getByRole('combobox', { name: /Kind/ }).click();
    await cochair.page.getByRole('option').first().click();
    await form.getByRole('combobox', { name: /Source agency/ }).click();
    await cochair.page.getByRole('option').first().click();
    await cochair.shot('05-share-form');
    await form.getByRole('button', { name: 'Share' }).click();
    const saved = await cochair.chat.card('Arrivals at the Pamelap border post');
    assert.match(await saved.innerText(), /Shared by Aminata Camara/);
    await cochair.chat.reply(/Update saved/);
    await cochair.shot('06-shared');
  });

  let mariama: Awaited<ReturnType<typeof open>>;

  it('a newcomer asks to join from the Playground and the co-chair confirms her by clicking', async function () {
    mariama = await open(await playgroundAs(MARIAMA));
    await mariama.chat.card('Welcome to Réseau');
    await mariama.chat.say('hello');
    const join = await mariama.chat.card('Join the Network');
    await join.getByRole('combobox', { name: /agency/i }).click();
    await mariama.page.getByRole('option', { name: /\bIOM\b/ }).click();
    await join.getByRole('radio', { name: 'Focal point', exact: true }).check();
    await mariama.shot('07-join-card');
    await join.getByRole('button', { name: 'Ask to join' }).click();
    const asked = await mariama.chat.card('Request sent');
    assert.match(await asked.innerText(), /awaiting confirmation:\s*IOM — Focal point/);
    await mariama.shot('08-join-asked');

    const request = await cochair.chat.card('New membership request');
    assert.match(await request.innerText(), /Mariama Condé asks to join the network for IOM as Focal point/);
    await cochair.shot('09-cochair-sees-request');
    await request.getByRole('button', { name: 'Confirm' }).click();
    await cochair.chat.card('Membership confirmed by Aminata Camara');
    await cochair.shot('10-confirmed');
    const welcome = await mariama.chat.card('Welcome to the Network');
    assert.match(await welcome.innerText(), /Your membership is confirmed: IOM — Focal point/);
    await mariama.shot('11-welcomed');
  });

  it('the IOM focal point takes her agency’s ExCom position by clicking in her card', async function () {
    const deadline = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    await app.reseau.decisions.createDecision('gn', { aadObjectId: AMINATA, name: 'Aminata Camara' }, {
      title: 'Common position on voluntary returns',
      text: { fr: 'Le Réseau adopte une position commune sur les retours volontaires.', en: 'The Network adopts a common position on voluntary returns.' },
      mode: 'consensus',
      deadline,
    });
    const card = await mariama.chat.card('Common position on voluntary returns', 30_000);
    assert.match(await card.innerText(), /IOM’s position: not given yet/);
    await mariama.shot('12-excom-card');
    await card.getByRole('radio', { name: 'Agree', exact: true }).check();
    await card.getByRole('button', { name: 'Record the position' }).click();
    const recorded = await mariama.chat.card(/IOM’s position: agree/i);
    assert.match(await recorded.innerText(), /1\/6 Executive Committee agencies have answered/);
    await mariama.shot('13-excom-position-recorded');
  });
});
