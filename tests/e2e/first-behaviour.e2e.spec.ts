/**
 * The bot's first behaviour, end to end: activities POSTed to the real /api/messages, answers
 * read from the simulated Teams connector and from the store.
 */
import assert from 'node:assert/strict';
import { ConversationDocument } from '../../src/delivery/conversation-installations';
import { postActivity } from '../support/bot-client';
import { CARD_TYPE, refusalOf } from '../support/card-actions';
import type { WireActivity } from '../support/fake-connector';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { adaptiveCardAction, botInstalled, membersAdded, message, teamsConversation, teamsUser } from '../support/teams-activities';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';


function cardOf(activity: WireActivity | undefined): Record<string, unknown> {
  const attachment = activity?.attachments?.[0];
  assert.equal(attachment?.contentType, CARD_TYPE, `expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  return attachment.content as Record<string, unknown>;
}

const textOf = (card: unknown) => JSON.stringify(card);

describe('first behaviour through /api/messages', () => {
  let app: ReseauUnderTest;
  beforeEach(async () => {
    app = await startReseauUnderTest();
  });
  afterEach(async () => {
    await app?.stop();
  });

  const conversations = async () =>
    (await app.store.query<ConversationDocument>('gn', { type: 'conversation' })).map((entry) => entry.document);

  it('welcomes a member once when the app is installed in personal scope, in French, and stores the conversation', async () => {
    const user = teamsUser({ name: 'Mariama Diallo' });
    const conversation = teamsConversation('personal');
    const install = botInstalled({ serviceUrl: app.connector.serviceUrl, user, conversation });
    const response = await postActivity(app.url, install);
    assert.equal(response.status, 200);
    // Teams also announces the install as a conversationUpdate: it must not welcome again.
    await postActivity(app.url, membersAdded({ serviceUrl: app.connector.serviceUrl, user, conversation }));

    const sent = app.connector.activities({ conversationId: conversation.id });
    assert.equal(sent.length, 1, JSON.stringify(sent));
    const card = cardOf(sent[0]);
    assert.deepEqual(parseAdaptiveCard(card).problems, []);
    assert.match(textOf(card), /Bienvenue dans Réseau/);
    assert.match(textOf(card), /Mariama Diallo/);

    const [stored] = await conversations();
    assert.equal(stored?.conversationId, conversation.id);
    assert.equal(stored?.scope, 'personal');
    assert.equal(stored?.installed, true);
    assert.equal(stored?.reference.serviceUrl, app.connector.serviceUrl);
    assert.equal(stored?.reference.user?.aadObjectId, user.aadObjectId);
  });

  it('welcomes a channel in English without naming the installer, and only once when both announcements race', async () => {
    const conversation = teamsConversation('channel');
    const options = { serviceUrl: app.connector.serviceUrl, conversation, locale: 'en-US' };
    const responses = await Promise.all([
      postActivity(app.url, botInstalled(options)),
      postActivity(app.url, membersAdded(options)),
      postActivity(app.url, botInstalled(options)),
    ]);
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
    const sent = app.connector.activities();
    assert.equal(sent.length, 1, JSON.stringify(sent));
    const card = cardOf(sent[0]);
    assert.match(textOf(card), /Welcome to Réseau/);
    assert.match(textOf(card), /this channel will receive/);
    assert.equal((await conversations())[0]?.scope, 'channel');
  });

  it('welcomes again after the app was removed and reinstalled', async () => {
    const conversation = teamsConversation('groupChat');
    const options = { serviceUrl: app.connector.serviceUrl, conversation };
    await postActivity(app.url, botInstalled(options));
    await postActivity(app.url, { ...botInstalled(options), action: 'remove' });
    assert.equal((await conversations())[0]?.installed, false);
    await postActivity(app.url, botInstalled(options));
    assert.equal(app.connector.activities().length, 2);
    assert.equal((await conversations())[0]?.installed, true);
  });

  it('answers "aide" with the French help card and "help" with the English one when Teams is in English', async () => {
    const conversation = teamsConversation('personal');
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' }));
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'Help', locale: 'en-GB' }));
    const [french, english] = app.connector.activities({ conversationId: conversation.id }).map(cardOf);
    assert.match(textOf(french), /Aide — Réseau/);
    assert.match(textOf(english), /Help — Réseau/);
    assert.deepEqual(parseAdaptiveCard(english).problems, []);
  });

  it('understands "@Réseau help" in a channel, where Teams prefixes the mention', async () => {
    const conversation = teamsConversation('channel');
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'help', locale: 'en-US' }));
    const [answer] = app.connector.activities();
    assert.match(textOf(cardOf(answer)), /Help — Réseau/);
  });

  it('replies with a short hint to text it does not understand', async () => {
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, text: 'bonjour, quand est la prochaine réunion ?' }));
    const [answer] = app.connector.activities();
    assert.match(String(answer?.text), /Écrivez «\u202faide\u202f»/);
  });

  it('switches the help card to English in place when the member taps "Show in English"', async () => {
    const response = await postActivity(
      app.url,
      adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, verb: 'help.show', data: { language: 'en' } }),
    );
    assert.equal(response.status, 200);
    const body = response.body as { statusCode: number; type: string; value: unknown };
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, CARD_TYPE);
    assert.match(textOf(body.value), /Help — Réseau/);
    assert.deepEqual(parseAdaptiveCard(body.value).problems, []);
  });

  it('refuses tampered card data with a clear error and sends nothing', async () => {
    for (const data of [{ language: 'de' }, {}, { language: { $ne: 1 } }]) {
      const response = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, verb: 'help.show', data }));
      assert.equal(response.status, 200);
      const refusal = refusalOf(response);
      assert.equal(refusal.statusCode, 400);
      assert.equal(refusal.code, 'InvalidCardData');
      assert.match(refusal.message, /données invalides ou modifiées/);
    }
    assert.equal(app.connector.activities().length, 0);
  });

  // searchUpdates and shareAsUpdate are built (src/updates); a command an older manifest still
  // declares, or one not built yet, gets this answer.
  it('answers a message extension command that is declared but not built (or no longer) with a readable message', async () => {
    const base = adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, verb: 'unused', locale: 'en-US' });
    const query = { ...base, name: 'composeExtension/query', value: { commandId: 'searchMeetings', parameters: [{ name: 'query', value: 'Boké' }] } };
    const searched = await postActivity(app.url, query);
    assert.equal(searched.status, 200);
    assert.deepEqual(searched.body, { composeExtension: { type: 'message', text: 'This Réseau feature is coming in a next version.' } });
    const fetchTask = { ...base, name: 'composeExtension/fetchTask', value: { commandId: 'shareAsMinutes', messagePayload: { body: { content: 'x' } } } };
    const fetched = await postActivity(app.url, { ...fetchTask, locale: 'fr-FR' });
    assert.deepEqual(fetched.body, { task: { type: 'message', value: 'Cette fonction de Réseau arrive dans une prochaine version.' } });
  });

  it('answers a card action it does not know with an error rather than silence', async () => {
    const response = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, verb: 'decisions.vote', locale: 'en-US' }));
    const body = response.body as { statusCode: number; value: { code: string; message: string } };
    assert.equal(body.statusCode, 400);
    assert.equal(body.value.code, 'UnknownAction');
    assert.match(body.value.message, /invalid or altered data/);
  });
});
