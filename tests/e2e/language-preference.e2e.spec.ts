/**
 * A language that sticks (issue 15, item 7), end to end: a member whose Teams is in English
 * keeps French — chosen with the help card's switch — and from then on every answer, every 1:1
 * card and every reminder reaches them in French; the profile card and the tab's switch change
 * it again; someone not in the network only switches the card in front of them.
 */
import assert from 'node:assert/strict';
import type { PollDocument } from '../../src/decisions/model';
import type { AuditEntry, MemberDocument } from '../../src/network/model';
import { apiCall } from '../support/api-client';
import { cardTap, chatMessage } from '../support/card-actions';
import { postActivity } from '../support/bot-client';
import type { WireActivity } from '../support/fake-connector';
import { confirmedMember } from '../support/network-members';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, botInstalled, message, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const ENGLISH_TEAMS = 'en-US';
const text = (value: unknown) => JSON.stringify(value);
const invokeCard = (response: { body: unknown }) => (response.body as { value?: unknown }).value;

describe('a member’s own language: chosen once, used for every 1:1 card and reminder', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let rc: TeamsUser;
  let jane: TeamsUser;
  let janeChat: TeamsConversation;

  const api = (method: string, path: string, as: TeamsUser | undefined, body?: unknown, language = 'en-US') => apiCall(app.url, method, path, as, body, language);
  const say = (user: TeamsUser, conversation: TeamsConversation, words: string) => chatMessage(app, user, words, { conversation, locale: ENGLISH_TEAMS });
  /** The last answer of `kind` in the chat (the welcome notice of her confirmation comes through the outbox meanwhile). */
  const lastTo = (conversation: TeamsConversation, kind = /Aide — Réseau|Help — Réseau/): WireActivity | undefined =>
    app.connector.activities({ conversationId: conversation.id }).filter((activity) => kind.test(text(activity))).at(-1);
  const janeRecord = async () => (await app.store.get<MemberDocument>(NETWORK, `member:${jane.aadObjectId.toLowerCase()}`))?.document;
  const waitFor = async (conversation: TeamsConversation, pattern: RegExp) => {
    const deadline = Date.now() + 10_000;
    const found = () => app.connector.activities({ conversationId: conversation.id }).filter((activity) => pattern.test(text(activity)));
    while (found().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return found();
  };

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente' });
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` } });
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: teamsConversation('personal'), text: 'bonjour' }));
    // Jane joined from an English Teams: her record says English until she chooses.
    jane = await confirmedMember(app.reseau, rc, { name: 'Jane Smith', agency: 'UNHCR', role: 'member', language: 'en' });
    janeChat = teamsConversation('personal');
    await say(jane, janeChat, 'help');
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('a member with Teams in English who chose French gets French answers, 1:1 convocations and reminders', async () => {
    assert.match(text(lastTo(janeChat)), /Help — Réseau/, 'before choosing, her Teams language');

    const switched = await cardTap(app, jane, 'help.language', { language: 'fr' }, { locale: ENGLISH_TEAMS, conversation: janeChat });
    assert.equal(switched.status, 200);
    assert.match(text(invokeCard(switched)), /Aide — Réseau/, 'the card answers in French');
    assert.match(text(invokeCard(switched)), /Langue enregistrée/);
    const kept = await janeRecord();
    assert.deepEqual([kept?.language, kept?.languageChosen], ['fr', true]);

    // Her Teams still says English; the bot answers in French.
    await say(jane, janeChat, 'help');
    assert.match(text(lastTo(janeChat)), /Aide — Réseau/);
    assert.doesNotMatch(text(lastTo(janeChat)), /Langue enregistrée/, 'said once, when she chose');

    // A convocation from the tab reaches her 1:1 in French, and so does its reminder.
    const start = new Date(Date.now() + 10 * 24 * 3600_000);
    const created = await api('POST', '/meetings', rc, {
      kind: 'regular',
      title: 'Réunion de coordination',
      start: start.toISOString(),
      end: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      timeZone: 'Africa/Conakry',
      location: { kind: 'iomOffice' },
      agenda: [{ title: 'Divers' }],
      documents: [],
      invitees: { kind: 'all' },
      externalGuests: [],
    }, 'fr-FR');
    assert.equal(created.status, 201, created.raw);
    const convocations = await waitFor(janeChat, /Convocation/);
    assert.equal(convocations.length, 1, 'her convocation, in the chat she talks to the bot in');
    assert.match(text(convocations[0]), /Convocation — Réunion ordinaire/);
    assert.doesNotMatch(text(convocations[0]), /Regular meeting/);

    const reminded = await api('POST', `/meetings/${String(created.body.meetingId)}/remind`, rc, {}, 'fr-FR');
    assert.equal(reminded.status, 200, reminded.raw);
    const reminders = await waitFor(janeChat, /Rappel|Reminder/);
    assert.equal(reminders.length, 1);
    assert.match(text(reminders[0]), /Rappel — Réunion ordinaire/);

    // The audit trail says who chose what.
    const audit = await app.store.query<AuditEntry>(NETWORK, { type: 'audit', where: [{ path: 'action', op: '=', value: 'member.language' }] });
    assert.deepEqual(audit.map((entry) => entry.document.actor), [jane.aadObjectId.toLowerCase()]);
  });

  it('a poll she creates in her 1:1 chat keeps its card in her language there, when it is refreshed after her answer too', async () => {
    await say(jane, janeChat, 'poll Lunch on Friday? | yes | no');
    const created = (await app.store.query<PollDocument>(NETWORK, { type: 'poll' })).map((entry) => entry.document);
    assert.equal(created.length, 1);
    assert.equal(created[0]?.conversationLanguage, 'en');
    const [card] = await waitFor(janeChat, /Lunch on Friday/);
    assert.match(text(card), /Poll/);
    assert.doesNotMatch(text(card), /Sondage/, 'not in the network’s French');
    await cardTap(app, jane, 'poll.answer', { networkId: NETWORK, pollId: created[0]?.pollId, choices: 'o1' }, { locale: ENGLISH_TEAMS, conversation: janeChat });
    const deadline = Date.now() + 10_000;
    const refreshed = () => app.connector.calls.filter((call) => call.kind === 'update' && call.conversationId === janeChat.id && /Lunch on Friday/.test(text(call.body)));
    while (refreshed().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.ok(refreshed().length > 0, 'the chat’s card refreshed after her answer');
    for (const call of refreshed()) assert.doesNotMatch(text(call.body), /Sondage|voix/, 'refreshed in her language');
  });

  it('the profile card and the tab change it again; the tab follows the member’s choice', async () => {
    await cardTap(app, jane, 'help.language', { language: 'fr' }, { locale: ENGLISH_TEAMS, conversation: janeChat });
    await say(jane, janeChat, 'profile');
    const profile = text(lastTo(janeChat, /Votre profil|Your profile/));
    assert.match(profile, /Langue/);
    assert.match(profile, /votre choix/);
    assert.match(profile, /network\.member\.language/);

    const back = await cardTap(app, jane, 'network.member.language', { networkId: NETWORK, language: 'en' }, { locale: ENGLISH_TEAMS, conversation: janeChat });
    assert.equal(back.status, 200);
    assert.match(text(invokeCard(back)), /Your profile/);
    assert.match(text(invokeCard(back)), /Language saved/);
    assert.equal((await janeRecord())?.language, 'en');

    const me = await api('PUT', '/me/language', jane, { language: 'fr' });
    assert.equal(me.status, 200, me.raw);
    assert.deepEqual([(me.body.member as { language: string; languageChosen: boolean }).language, (me.body.member as { languageChosen: boolean }).languageChosen], ['fr', true]);
    assert.equal((await janeRecord())?.language, 'fr');
  });

  it('a card shared in a group chat is in the network’s language, with the other language one click away for the reader who asks', async () => {
    const chat = teamsConversation('groupChat');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: chat, user: rc }));
    app.connector.setRoster(chat.id, [rc, jane].map((user) => ({ id: user.id, name: user.name, aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID })));
    // Jane (Teams in English) asks for the poll: the card everyone shares is in French all the same.
    await say(jane, chat, 'poll Next meeting date? | Tuesday 10 | Thursday 12');
    const shared = (await waitFor(chat, /Next meeting date/))[0]?.attachments?.[0]?.content as { actions?: { title: string; verb: string; data: Record<string, unknown> }[] };
    assert.match(text(shared), /Sondage/);
    const readInEnglish = shared.actions?.find((action) => action.data.readIn === 'en');
    assert.equal(readInEnglish?.title, 'Read in English');
    assert.equal(readInEnglish?.verb, 'poll.view');

    // Mariama (Teams in French) asks for English: her copy answers in English, with the way back.
    const mariama = await confirmedMember(app.reseau, rc, { name: 'Mariama Diallo', agency: 'WFP', role: 'member' });
    const english = await cardTap(app, mariama, readInEnglish.verb, readInEnglish.data, { conversation: chat });
    assert.equal(english.status, 200);
    const card = invokeCard(english) as { actions?: { title: string; data: Record<string, unknown> }[] };
    assert.match(text(card), /You have not answered yet/);
    assert.deepEqual(card.actions?.filter((action) => action.data.readIn).map((action) => [action.title, action.data.readIn]), [['Lire en français', 'fr']]);
    const back = await cardTap(app, mariama, 'poll.view', card.actions?.find((action) => action.data.readIn === 'fr')?.data ?? {}, { conversation: chat, locale: ENGLISH_TEAMS });
    assert.match(text(invokeCard(back)), /Vous n’avez pas encore répondu/);
    // Only her copy changed: nothing was sent or updated in the chat, and nothing was stored for her.
    assert.equal((await app.store.get<MemberDocument>(NETWORK, `member:${mariama.aadObjectId.toLowerCase()}`))?.document.languageChosen, undefined);
  });

  it('refuses a language it does not offer and a stranger’s choice, storing nothing; a stranger’s help card still switches', async () => {
    const before = await janeRecord();
    const german = await api('PUT', '/me/language', jane, { language: 'de' });
    assert.equal(german.status, 400);
    assert.equal(german.body.message, 'Data refused; nothing was changed: Language: choose one of: fr, en', 'the field by its label, in her language');
    assert.deepEqual(await janeRecord(), before);

    const stranger = teamsUser({ name: 'Visiteur' });
    const refused = await api('PUT', '/me/language', stranger, { language: 'fr' }, 'fr-FR');
    assert.equal(refused.status, 403);
    assert.match(String(refused.body.message), /membre/);

    const switched = await cardTap(app, stranger, 'help.language', { language: 'en' }, { locale: 'fr-FR' });
    assert.equal(switched.status, 200);
    assert.match(text(invokeCard(switched)), /Help — Réseau/);
    assert.doesNotMatch(text(invokeCard(switched)), /Language saved/);
    assert.equal(await app.store.get(NETWORK, `member:${stranger.aadObjectId.toLowerCase()}`), undefined);
  });
});
