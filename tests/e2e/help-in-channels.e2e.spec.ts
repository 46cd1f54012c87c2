/**
 * Help in group chats and channels (issue 15, item 10): the help card says how to talk to the bot
 * where Teams only passes on messages that @mention it, and each of its examples, sent as written
 * after the mention in a channel, is understood — never the "I did not understand" hint.
 */
import assert from 'node:assert/strict';
import { postActivity } from '../support/bot-client';
import type { WireActivity } from '../support/fake-connector';
import { confirmedMember } from '../support/network-members';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_BOT_NAME, botInstalled, message, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

type CardElement = { type?: string; text?: string; fontType?: string; items?: CardElement[] };
const text = (value: unknown) => JSON.stringify(value);
const cardOf = (activity: WireActivity | undefined) => activity?.attachments?.[0]?.content as { body?: CardElement[] } | undefined;

/** The monospaced lines of the help card: the examples a member would copy. */
function examplesIn(card: { body?: CardElement[] } | undefined): string[] {
  const walk = (elements: CardElement[] = []): CardElement[] => elements.flatMap((element) => [element, ...walk(element.items)]);
  return walk(card?.body).filter((element) => element.type === 'TextBlock' && element.fontType === 'Monospace').map((element) => element.text ?? '');
}

describe('help in group chats and channels', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let channel: TeamsConversation;
  let member: TeamsUser;

  beforeEach(async () => {
    const rc = teamsUser({ name: 'Coordonnatrice Résidente' });
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, LOG_LEVEL: 'warn' } });
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: teamsConversation('personal'), text: 'bonjour' }));
    member = await confirmedMember(app.reseau, rc, { name: 'Fatoumata Bah', agency: 'UNICEF', role: 'member' });
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
  });
  afterEach(async () => {
    await app?.stop();
  });

  /** What the channel received in answer to `words`, typed after the @mention as Teams sends it. */
  const inChannel = async (words: string, locale: string): Promise<WireActivity[]> => {
    // A reply in a channel goes to the message's thread (`<channel id>;messageid=<id>`).
    const ofChannel = () => app.connector.activities().filter((sent) => sent.conversation?.id?.startsWith(channel.id) && sent.type === 'message');
    const before = ofChannel().length;
    const activity = message({ serviceUrl: app.connector.serviceUrl, user: member, conversation: channel, locale, text: words });
    assert.ok(activity.text?.startsWith(`<at>${TEST_BOT_NAME}</at> `), 'sent with the mention, as Teams delivers it');
    const response = await postActivity(app.url, activity);
    assert.equal(response.status, 200);
    return ofChannel().slice(before);
  };

  for (const { locale, help, title, hint, expected } of [
    { locale: 'fr-FR', help: 'aide', title: /Dans une conversation de groupe ou un canal/, hint: /Écrivez \*\*aide\*\*/, expected: [/Aide — Réseau/, /Sondage créé/, /actualit/i, /décisions/i, /Rapport au Réseau régional/] },
    { locale: 'en-US', help: 'help', title: /In a group chat or a channel/, hint: /Type \*\*help\*\*/, expected: [/Help — Réseau/, /Poll created/, /update/i, /decisions/i, /Report to the Regional Network/] },
  ]) {
    it(`tells how to @mention the bot and each example works as typed in a channel (${locale})`, async () => {
      const [helpCard] = await inChannel(help, locale);
      assert.match(text(cardOf(helpCard)), title);
      assert.match(text(cardOf(helpCard)), /@Réseau/);
      const examples = examplesIn(cardOf(helpCard));
      assert.equal(examples.length, expected.length, text(examples));
      for (const [index, example] of examples.entries()) {
        assert.ok(example.startsWith(`@${TEST_BOT_NAME} `), `${example} starts with the mention`);
        // Teams turns the typed @Réseau into the mention the bot receives; the rest is sent as written.
        const answers = await inChannel(example.slice(`@${TEST_BOT_NAME} `.length), locale);
        assert.ok(answers.length > 0, `${example} is answered`);
        const seen = text(answers);
        assert.doesNotMatch(seen, hint, `${example} is understood, not answered with the hint`);
        assert.match(seen, expected[index]!, `${example} gets its own answer`);
      }
      // The poll typed in the example reaches the channel as its card.
      const question = examples.find((example) => / \| /.test(example))!.split(' ').slice(2).join(' ').split(' | ')[0]!;
      await app.connector.waitFor((call) => call.conversationId === channel.id && text(call.body).includes(question));
    });
  }
});
