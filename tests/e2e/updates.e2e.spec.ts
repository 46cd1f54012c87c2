/**
 * Migration updates end to end through /api/messages, as Teams sends them: sharing from the
 * form card (posted to the network channel through the outbox), the message extension's
 * search and insert (`composeExtension/query`, `composeExtension/selectItem`), the message
 * action turning a chat message into an update, and the refusals a member would see.
 */
import assert from 'node:assert/strict';
import type { UpdateDocument } from '../../src/updates/model';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import { postActivity, type BotResponse } from '../support/bot-client';
import type { WireActivity } from '../support/fake-connector';
import { CARD_TYPE, cardIn, ownChatActions } from '../support/card-actions';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import {
  adaptiveCardAction,
  botInstalled,
  teamsConversation,
  teamsUser,
  type TeamsActivity,
  type TeamsConversation,
  type TeamsUser,
} from '../support/teams-activities';

const NETWORK = 'gn';
const HOSTILE_TITLE = '${title} <script>alert(1)</script> **gras** {name}';

interface Person {
  readonly user: TeamsUser;
  readonly chat: TeamsConversation;
  readonly locale: string;
}
type Card = { body?: unknown[]; actions?: { type?: string; url?: string; verb?: string; data?: Record<string, unknown> }[] } & Record<string, unknown>;

const text = (value: unknown) => JSON.stringify(value);

describe('migration updates through /api/messages', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let channel: TeamsConversation;
  let rc: Person;
  let iom: Person;

  const person = (name: string, email: string, locale = 'fr-FR', known?: TeamsUser): Person => {
    const user = known ?? teamsUser({ name, email, userPrincipalName: email });
    const chat = teamsConversation('personal');
    app.connector.setRoster(chat.id, [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId, email, userPrincipalName: email, tenantId: user.tenantId }]);
    return { user, chat, locale };
  };
  const { say, click } = ownChatActions(() => app);
  /** A message extension invoke, shaped as Teams sends it (built on the card-action builder's envelope). */
  const invoke = (who: Person, name: string, value: Record<string, unknown>, conversation: TeamsConversation = who.chat): Promise<BotResponse> => {
    const activity: TeamsActivity = adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: who.user, conversation, locale: who.locale, verb: 'unused' });
    activity.name = name;
    delete activity.replyToId;
    activity.channelData = { tenant: activity.channelData.tenant, source: { name: 'compose' } };
    activity.value = value;
    return postActivity(app.url, activity);
  };
  const search = (who: Person, query: string, conversation?: TeamsConversation) =>
    invoke(who, 'composeExtension/query', { commandId: 'searchUpdates', parameters: [{ name: 'query', value: query }], queryOptions: { skip: 0, count: 25 } }, conversation);
  const shareData = (overrides: Record<string, unknown> = {}) => ({
    networkId: NETWORK,
    title: 'Traite des personnes : nouveau rapport national',
    summary: 'Le rapport 2025 sur la traite en Guinée est publié.',
    link: 'https://www.iom.int/fr/rapport-traite-guinee',
    kind: 'study',
    agencyCode: 'IOM',
    objectives: '10,7',
    ...overrides,
  });
  const storedUpdates = async () => (await app.store.query<UpdateDocument>(NETWORK, { type: 'migrationUpdate' })).map((entry) => entry.document);
  const channelPosts = () => app.connector.activities({ conversationId: channel.id }).filter((activity: WireActivity) => activity.attachments?.length);

  beforeEach(async () => {
    const rcUser = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    const iomUser = teamsUser({ name: 'Aminata Camara', email: 'a.camara@iom.int', userPrincipalName: 'a.camara@iom.int' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${rcUser.aadObjectId}=cochair, ${iomUser.aadObjectId}=cochair:IOM` } });
    rc = person('Coordonnatrice Résidente', 'rc.guinee@un.org', 'fr-FR', rcUser);
    iom = person('Aminata Camara', 'a.camara@iom.int', 'en-US', iomUser);
    await say(rc, 'bonjour');
    await say(iom, 'hello');
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, user: rc.user, conversation: channel }));
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('shares from the form card: the card comes back as the update, the channel gets it, and a hostile title shows literally', async () => {
    await say(rc, 'partager');
    const form = app.connector.activities({ conversationId: rc.chat.id }).at(-1)?.attachments?.[0]?.content as Card;
    assert.match(text(form), /Partager une actualité migratoire/);
    assert.deepEqual(parseAdaptiveCard(form).problems, []);
    const submit = form.actions?.find((action) => action.type === 'Action.Execute');
    assert.equal(submit?.verb, 'updates.share');
    assert.match(text(form), /Prévenir, combattre et éliminer la traite de personnes/, 'the 23 objectives are offered with their official French titles');

    const answer = await click(rc, 'updates.share', { ...submit?.data, ...shareData({ title: HOSTILE_TITLE, agencyCode: 'RCO' }) });
    const card = cardIn<Card>(answer);
    assert.match(text(card), /publiée dans 1 canal/);
    const parsed = parseAdaptiveCard(card);
    assert.deepEqual(parsed.problems, []);
    assert.ok(parsed.textRuns.includes(HOSTILE_TITLE), `TextRuns: ${text(parsed.textRuns)}`);
    assert.ok(card.actions?.some((action) => action.type === 'Action.OpenUrl' && action.url === 'https://www.iom.int/fr/rapport-traite-guinee'));

    const posted = await app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === channel.id && call.status < 300 && text(call.body).includes('alert(1)'), 10_000);
    const channelCard = (posted.body as WireActivity).attachments?.[0]?.content;
    assert.ok(parseAdaptiveCard(channelCard).textRuns.includes(HOSTILE_TITLE));
    assert.match(text(channelCard), /Objectifs du Pacte mondial/);
    const [stored] = await storedUpdates();
    assert.deepEqual(stored?.objectives, [7, 10]);
    assert.equal(stored?.sharedBy.name, 'Coordonnatrice Résidente');
  });

  it('finds updates from the message extension by words, objective and agency, and inserts the chosen one', async () => {
    await click(iom, 'updates.share', shareData());
    await click(rc, 'updates.share', shareData({ title: 'Données sur les retours volontaires', summary: 'Retours et réintégration', objectives: '21', agencyCode: 'RCO', kind: 'data', link: '' }));
    await click(rc, 'updates.share', shareData({ title: 'Atelier sur la gestion des frontières', summary: '', objectives: '11', agencyCode: 'UNHCR', kind: 'event' }));

    const group = teamsConversation('groupChat');
    const found = await search(iom, 'traite', group);
    assert.equal(found.status, 200);
    const result = (found.body as { composeExtension: { type: string; attachmentLayout: string; attachments: ({ contentType: string; content: Card; preview: { content: { title: string; tap: { value: { updateId: string } } } } })[] } }).composeExtension;
    assert.equal(result.type, 'result');
    assert.equal(result.attachments.length, 1);
    const [hit] = result.attachments;
    assert.equal(hit?.contentType, CARD_TYPE);
    assert.match(text(hit?.content), /Traite des personnes : nouveau rapport national/);
    assert.match(text(hit?.content), /Study|Étude/);
    assert.equal(hit?.preview.content.title, 'Traite des personnes : nouveau rapport national');

    // One box: an objective number and an agency narrow the list; an accent-free prefix still matches.
    const byObjective = (await search(iom, '21')).body as { composeExtension: { attachments: { content: Card }[] } };
    assert.deepEqual(byObjective.composeExtension.attachments.map((attachment) => /retours volontaires/.test(text(attachment.content))), [true]);
    const byAgency = (await search(iom, 'HCR')).body as { composeExtension: { attachments: { content: Card }[] } };
    assert.equal(byAgency.composeExtension.attachments.length, 1);
    assert.match(text(byAgency.composeExtension.attachments[0]?.content), /gestion des frontières/);
    const prefix = (await search(iom, 'donnees retou')).body as { composeExtension: { attachments: unknown[] } };
    assert.equal(prefix.composeExtension.attachments.length, 1);
    const initialRun = (await search(iom, '')).body as { composeExtension: { attachments: unknown[] } };
    assert.equal(initialRun.composeExtension.attachments.length, 3, 'opening the extension lists the latest updates');

    // Choosing the result inserts the update card, read again from the store.
    const selected = await invoke(iom, 'composeExtension/selectItem', hit?.preview.content.tap.value ?? {}, group);
    const inserted = (selected.body as { composeExtension: { attachments: { contentType: string; content: Card }[] } }).composeExtension.attachments[0];
    assert.equal(inserted?.contentType, CARD_TYPE);
    assert.deepEqual(inserted?.content, hit?.content);
    assert.deepEqual(parseAdaptiveCard(inserted?.content).problems, []);
  });

  it('turns a chat message into an update with the message action', async () => {
    const payload = {
      id: '1700000000000',
      body: { contentType: 'html', content: '<p>Note OIM : hausse des départs irréguliers depuis Boké</p><p>Détails : <a href="https://www.iom.int/fr/note-boke">note</a></p>' },
    };
    const fetched = await invoke(iom, 'composeExtension/fetchTask', { commandId: 'shareAsUpdate', commandContext: 'message', messagePayload: payload });
    const task = (fetched.body as { task: { type: string; value: { title: string; card: { content: Card } } } }).task;
    assert.equal(task.type, 'continue');
    assert.equal(task.value.title, 'Share as migration update');
    const form = task.value.card.content;
    assert.deepEqual(parseAdaptiveCard(form).problems, []);
    const inputs = Object.fromEntries((form.body as { id?: string; value?: string }[]).filter((element) => element.id).map((element) => [element.id, element.value]));
    assert.equal(inputs.title, 'Note OIM : hausse des départs irréguliers depuis Boké');
    assert.equal(inputs.link, 'https://www.iom.int/fr/note-boke');
    assert.equal(inputs.agencyCode, 'IOM', 'the sharer’s own agency is pre-selected');
    const submit = form.actions?.find((action) => action.type === 'Action.Submit');

    const done = await invoke(iom, 'composeExtension/submitAction', {
      commandId: 'shareAsUpdate',
      commandContext: 'message',
      messagePayload: payload,
      data: { ...submit?.data, title: inputs.title, summary: inputs.summary, link: inputs.link, kind: 'alert', agencyCode: 'IOM', objectives: '2,7' },
    });
    assert.deepEqual(done.body, { task: { type: 'message', value: 'Update shared with the network.' } });
    const [stored] = await storedUpdates();
    assert.equal(stored?.origin, 'messageAction');
    assert.equal(stored?.kind, 'alert');
    await app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === channel.id && text(call.body).includes('Boké'), 10_000);
  });

  it('shares once when the form is clicked twice or the same chat message is shared again', async () => {
    const twice = (replyToId: string) =>
      postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: rc.user, conversation: rc.chat, verb: 'updates.share', data: shareData({ agencyCode: 'RCO' }), replyToId }));
    const [first, second] = await Promise.all([twice('1772445600000'), twice('1772445600000')]);
    assert.match(text(cardIn<Card>(first)), /publiée dans 1 canal/);
    assert.match(text(cardIn<Card>(second)), /publiée dans 1 canal/);
    const action = () =>
      invoke(iom, 'composeExtension/submitAction', { commandId: 'shareAsUpdate', commandContext: 'message', messagePayload: { id: '1772445600123' }, data: shareData({ title: 'Note de Boké' }) });
    await action();
    await action();
    assert.deepEqual((await storedUpdates()).map((update) => update.title).sort(), ['Note de Boké', 'Traite des personnes : nouveau rapport national']);
    await app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === channel.id && text(call.body).includes('Note de Boké'), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(channelPosts().filter((activity) => text(activity).includes('Traite des personnes')).length, 1, 'one card in the channel');
  });

  for (const link of ['javascript:alert(document.cookie)', 'data:text/html;base64,PHNjcmlwdD4=', 'ftp://files.example.org/rapport.pdf', '//evil.example/x', 'https://user:pass@evil.example/']) {
    it(`refuses the link ${link.slice(0, 24)}… and gives the form back with what was typed`, async () => {
      const answer = await click(rc, 'updates.share', shareData({ link, agencyCode: 'RCO' }));
      const card = cardIn<Card>(answer);
      assert.match(text(card), /Actualité refusée\u202f; rien n’a été publié/);
      assert.match(text(card), /http:\/\/ ou https:\/\//);
      assert.match(text(card), /Traite des personnes : nouveau rapport national/, 'the title typed is kept');
      assert.deepEqual(await storedUpdates(), []);
    });
  }

  it('refuses a pending member and a stranger (permissions table: shareUpdate), and says why', async () => {
    const pending = person('Mamadou Sow', 'm.sow@unicef.org');
    await say(pending, 'bonjour');
    await click(pending, 'network.join', { networkId: NETWORK, agencyCode: 'UNICEF', agencyRole: 'member' });
    const refused = await click(pending, 'updates.share', shareData({ agencyCode: 'UNICEF' }));
    assert.deepEqual((refused.body as { statusCode: number; value: { code: string; message: string } }).value.code, 'forbidden');
    assert.match((refused.body as { value: { message: string } }).value.message, /en attente de confirmation/);

    const stranger = { user: teamsUser({ name: 'Inconnu' }), chat: teamsConversation('groupChat'), locale: 'en-US' };
    const refusedStranger = await click(stranger, 'updates.share', shareData());
    assert.equal((refusedStranger.body as { statusCode: number }).statusCode, 403);
    assert.match((refusedStranger.body as { value: { message: string } }).value.message, /Only network members share updates/);
    const strangerSearch = (await search(stranger, 'traite')).body as { composeExtension: { type: string; text: string } };
    assert.equal(strangerSearch.composeExtension.type, 'message');
    const strangerAction = await invoke(stranger, 'composeExtension/fetchTask', { commandId: 'shareAsUpdate', commandContext: 'message', messagePayload: { body: { content: 'x' } } });
    assert.deepEqual(strangerAction.body, { task: { type: 'message', value: 'Only network members share updates. Write to me in a 1:1 chat to join the network.' } });
    await say(pending, 'partager');
    assert.match(String(app.connector.activities({ conversationId: pending.chat.id }).at(-1)?.text), /en attente de confirmation/, 'no form for someone who cannot share');
    assert.deepEqual(await storedUpdates(), []);
  });

  it('refuses tampered card data: another network, an objective out of 1–23, values of the wrong type', async () => {
    const otherNetwork = await click(rc, 'updates.share', shareData({ networkId: 'sn', agencyCode: 'RCO' }));
    assert.equal((otherNetwork.body as { value: { code: string } }).value.code, 'wrongNetwork');
    const badObjective = cardIn<Card>(await click(rc, 'updates.share', shareData({ objectives: '10,99', agencyCode: 'RCO' })));
    assert.match(text(badObjective), /numéros de 1 à 23/);
    const badKind = cardIn<Card>(await click(rc, 'updates.share', shareData({ kind: 'rumour', agencyCode: 'RCO' })));
    assert.match(text(badKind), /Choisissez un type/);
    const wrongType = await click(rc, 'updates.share', { ...shareData(), title: { $ne: '' } });
    assert.equal((wrongType.body as { value: { code: string } }).value.code, 'InvalidCardData');
    const unknownAgency = cardIn<Card>(await click(rc, 'updates.share', shareData({ agencyCode: 'ACME' })));
    assert.match(text(unknownAgency), /agence du réseau/);
    assert.deepEqual(await storedUpdates(), []);
    assert.equal(channelPosts().filter((activity) => text(activity).includes('Traite')).length, 0);
  });

  it('lists the latest updates on `actualités`, in the reader’s language', async () => {
    await say(iom, 'updates');
    assert.match(String(app.connector.activities({ conversationId: iom.chat.id }).at(-1)?.text), /No update shared yet/);
    await click(iom, 'updates.share', shareData());
    await say(iom, 'updates');
    const reply = app.connector.activities({ conversationId: iom.chat.id }).at(-1);
    assert.equal(reply?.attachmentLayout, 'carousel');
    assert.match(text(reply?.attachments?.[0]?.content), /Prevent, combat and eradicate trafficking in persons/);
  });
});
