/**
 * Acceptance in Microsoft's Agents Playground (issue 15): the app and the real Playground
 * (its server, mock Teams connector and web UI, @microsoft/m365agentsplayground) in headless
 * Chromium, walked as members do — help in English and French, a poll answered by clicking, a
 * migration update shared, joining the network and being confirmed, an ExCom position taken by
 * clicking, and a joint statement cleared in the ExCom channel and delivered. Assertions are on
 * what the Playground renders (card text), never on internals.
 *
 * The ExCom channel is the Playground's own: its config names a team with a channel (ExCom), and
 * its UI lists it under "Teams Channel" beside the personal and group chats. Selecting it makes the
 * Playground add the app there (conversationUpdate + installationUpdate, as "Mock an Activity →
 * Install application" would; that menu's items are named by their handler tooltips, not their
 * labels, which is why "Add application" was not found by role), so the app remembers the
 * channel and posts the clearance card and the publication to it.
 * Screenshots of each step: test-artifacts/playground/ (git-ignored; CI keeps it).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../browser/browser';
import { PlaygroundChat, playgroundAs, startPlayground, type RunningPlayground } from '../support/agents-playground';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';

// The Playground's tenant and people (.m365agentsplayground.yml).
const TENANT = '00000000-0000-0000-0000-000000000001';
const AMINATA = '00000000-0000-0000-0000-000000000020';
const MARIAMA = '00000000-0000-0000-0000-000000000021';
// The ExCom agencies besides IOM (Mariama's); their focal points are not Playground users.
const OTHER_EXCOM = ['UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;

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

  async function open(config?: string): Promise<{ chat: PlaygroundChat; page: Page; shot(name: string, focus?: Locator): Promise<void> }> {
    const playground = await startPlayground(`${app.url}/api/messages`, config);
    playgrounds.push(playground);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Africa/Conakry', viewport: { width: 1400, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    const chat = new PlaygroundChat(page);
    await chat.open(playground.url);
    return {
      chat,
      page,
      shot: async (name, focus) => {
        await focus?.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      },
    };
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
    // Her answer, then (once the outbox refreshes the poll's card where it was posted) the
    // poll's common view: her own chat's card stays in her language (English), naming her vote.
    const answered = await cochair.chat.card(/Tuesday — 1 vote/);
    assert.match(await answered.innerText(), /Your answer: Tuesday|Tuesday — 1 vote \(RCO 1\) · Aminata Camara/);
    assert.doesNotMatch(await answered.innerText(), /voix/);
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
  it('a joint statement is cleared in the ExCom channel: IOM approves by clicking, the five others follow, the co-chair delivers it', async function () {
    // The ExCom channel, opened in the IOM focal point's Playground: the Playground adds the app
    // there (conversationUpdate and installationUpdate when a channel is first opened).
    await mariama.page.getByRole('treeitem', { name: /ExCom/ }).click();
    await mariama.chat.card(/this channel will receive the network’s messages/);
    await mariama.shot('14-excom-channel-installed');

    // Seeded as other scenes seed what is not their subject: the five other ExCom agencies'
    // focal points, and the co-chair's request, draft and submission.
    const others = OTHER_EXCOM.map((agency, index) => ({ agency, aadObjectId: `00000000-0000-0000-0000-0000000001${String(index).padStart(2, '0')}`, name: `Point focal ${agency}` }));
    for (const other of others) {
      await app.reseau.membership.requestToJoin('gn', { aadObjectId: other.aadObjectId, tenantId: TENANT, name: other.name, language: 'fr' }, other.agency, 'focalPoint');
      await app.reseau.membership.confirm('gn', AMINATA, other.aadObjectId, other.agency);
    }
    const coChair = { aadObjectId: AMINATA, name: 'Aminata Camara' };
    const { statementId } = await app.reseau.statements.request('gn', coChair, { title: 'Statement on International Migrants Day', languages: ['fr', 'en'] });
    await app.reseau.statements.addVersion('gn', statementId, coChair, {
      fr: 'Le Réseau rappelle les droits de toutes les personnes migrantes en Guinée.',
      en: 'The Network recalls the rights of all migrants in Guinea.',
    });
    await app.reseau.statements.submit('gn', statementId, coChair);

    // The clearance card in the channel, in the network's language; IOM gives its position from it.
    const channelCard = await mariama.chat.card('Statement on International Migrants Day', 30_000);
    assert.match(await channelCard.innerText(), /0\/6 agences ont approuvé/);
    await mariama.shot('15-clearance-card', channelCard);
    await channelCard.getByRole('button', { name: 'Voir la position de mon agence' }).click();
    const view = await mariama.chat.card(/Your agency \(IOM\): no answer yet/);
    await view.getByRole('radio', { name: 'Approves', exact: true }).check();
    await mariama.shot('16-approving', view);
    await view.getByRole('button', { name: 'Send my agency’s position' }).click();
    // Answered, the channel's card is refreshed in place for everyone: IOM's approval counts.
    const approved = await mariama.chat.card(/1\/6 agences ont approuvé/);
    assert.match(await approved.innerText(), /OIM \(IOM\)\s:\sApprouve/);
    assert.match(await approved.innerText(), /en attente\s:\sHCDH \(OHCHR\), PNUD \(UNDP\), HCR \(UNHCR\), UNICEF, ONUDC \(UNODC\)/);
    await mariama.shot('17-iom-approved', approved);

    // The five others approve (the real service, as their cards would); the channel and the
    // co-chair's own copy then show the clearance, and hers the Deliver action.
    for (const other of others) await app.reseau.statements.clear('gn', statementId, other, { agencyCode: other.agency, version: 1, position: 'approve' });
    const validated = await mariama.chat.card(/6\/6 agences ont approuvé/, 30_000);
    assert.match(await validated.innerText(), /Validée par toutes les agences du Comité exécutif/);
    await mariama.shot('18-channel-validated', validated);
    const hers = await cochair.chat.card(/Statement on International Migrants Day[\s\S]*6\/6 agencies approved/, 30_000);
    assert.match(await hers.innerText(), /Approved by every Executive Committee agency — the co-chairs may deliver it/);
    await cochair.shot('19-cochair-may-deliver', hers);
    await hers.getByRole('button', { name: 'Deliver version 1 on behalf of the Network' }).click();
    const confirmation = await cochair.chat.card(/Deliver the statement on behalf of the Network\?/);
    assert.match(await confirmation.innerText(), /It will be published in 1 channel/);
    await cochair.shot('20-deliver-confirmation', confirmation);
    await confirmation.getByRole('button', { name: 'Yes, deliver' }).click();
    const delivered = await cochair.chat.card(/Joint statement delivered/);
    assert.match(await delivered.innerText(), /Delivered on \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} \(version 1\)/);
    await cochair.shot('21-delivered', delivered);
    // The publication in the ExCom channel, on behalf of the Network, in both languages.
    const published = await mariama.chat.card(/Au nom du Réseau des Nations Unies sur les migrations en Guinée/, 30_000);
    const post = await published.innerText();
    assert.match(post, /Statement on International Migrants Day/);
    assert.match(post, /Le Réseau rappelle les droits de toutes les personnes migrantes en Guinée\.[\s\S]*The Network recalls the rights of all migrants in Guinea\./);
    await mariama.shot('22-published-in-excom', published);
  });
});
