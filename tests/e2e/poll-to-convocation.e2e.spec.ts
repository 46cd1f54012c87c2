/**
 * From a time-slot poll to a pre-filled convocation, end to end: a poll with dated slots typed
 * in a group chat (`sondage créneaux … | 12/03 10:00-12:00 | …`), answered by several members
 * through the real /api/messages; the tab API lists it with its best slot for a co-chair (and
 * nothing for a plain member); the poll card shows the best slot, and once closed links to the
 * tab's New convocation form pre-filled with it. Time moves on a controllable clock.
 */
import assert from 'node:assert/strict';
import type { PollDocument } from '../../src/decisions/model';
import type { PollView } from '../../src/decisions/decision-views';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import { postActivity } from '../support/bot-client';
import { cardIn, cardOfActivity, cardTap, chatMessage } from '../support/card-actions';
import type { RecordedCall, WireActivity } from '../support/fake-connector';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { TEST_TENANT_ID, botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const HOUR = 3600_000;
const QUESTION = 'Réunion ordinaire de mars ? ${title} <b>x</b>';

type CardJson = { body?: unknown[]; actions?: { type?: string; verb?: string; url?: string; title?: string; data?: Record<string, string> }[] } & Record<string, unknown>;
const text = (value: unknown) => JSON.stringify(value);
const textRuns = (card: unknown): string[] => {
  if (Array.isArray(card)) return card.flatMap(textRuns);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  return node.type === 'TextRun' && typeof node.text === 'string' ? [node.text] : Object.values(node).flatMap(textRuns);
};

interface BestSlotsBody {
  mayConvene: boolean;
  polls: { pollId: string; question: string; open: boolean; timeZone: string; respondents: number; best: { optionId: string; label: string; start: string; end: string; yes: number; ifNeedBe: number } }[];
}

describe('from a time-slot poll to a pre-filled convocation (through /api/messages and the tab API)', function () {
  this.timeout(60_000);
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let aminata: TeamsUser;
  let jane: TeamsUser;
  let ibrahima: TeamsUser;
  let chat: TeamsConversation;

  const api = async (method: string, path: string, as: TeamsUser, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { 'x-reseau-dev-user': as.aadObjectId, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const raw = await response.text();
    return { status: response.status, body: (raw ? JSON.parse(raw) : {}) as Record<string, unknown>, raw };
  };
  const say = (who: TeamsUser, words: string, conversation: TeamsConversation, locale = 'fr-FR') => chatMessage(app, who, words, { conversation, locale });
  const click = (who: TeamsUser, data: Record<string, unknown>, locale = 'fr-FR') => cardTap(app, who, 'poll.answer', data, { conversation: chat, locale });
  const callsTo = (conversationId: string, kind: RecordedCall['kind'], pattern: RegExp) =>
    app.connector.calls.filter((call) => call.kind === kind && call.status < 300 && call.conversationId === conversationId && pattern.test(text(call.body)));
  const waitUntil = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      app.clock.now = new Date(app.clock.now.getTime() + 1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const lastReply = (conversation: TeamsConversation) => String(app.connector.activities({ conversationId: conversation.id }).at(-1)?.text);

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    app = await startReseauWithClock(START, { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, LOG_LEVEL: 'warn' });
    const rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
    await say(rc, 'bonjour', rcChat);
    const join = async (name: string, agency: string, language: 'fr' | 'en' = 'fr') => {
      const user = teamsUser({ name });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language }, agency, 'member');
      await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      return user;
    };
    aminata = await join('Aminata Camara', 'IOM');
    jane = await join('Jane Smith', 'UNHCR', 'en');
    ibrahima = await join('Ibrahima Sylla', 'WFP');
    chat = teamsConversation('groupChat');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: chat, user: rc }));
    app.connector.setRoster(chat.id, [rc, aminata, jane, ibrahima].map((user) => ({ id: user.id, name: user.name, aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID })));
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('dated slots typed in chat, answered by four members: the best slot for a co-chair in the API and on the card, with a link to the pre-filled convocation once closed', async () => {
    // Two dated slots (the later one will win on "yes + if need be") and a label-only slot.
    await say(rc, `sondage créneaux ${QUESTION} | jeudi 12/03 10:00-12:00 | 2026-03-10 15h-17h | vendredi matin`, chat);
    assert.match(lastReply(chat), /Sondage créé/);
    const [stored] = (await app.store.query<PollDocument>(NETWORK, { type: 'poll' })).map((entry) => entry.document);
    assert.ok(stored);
    assert.equal(stored.timeZone, 'Africa/Conakry');
    assert.deepEqual(stored.options, [
      { id: 'o1', label: 'jeudi 12/03 10:00-12:00', start: '2026-03-12T10:00:00.000Z', end: '2026-03-12T12:00:00.000Z' },
      { id: 'o2', label: '2026-03-10 15h-17h', start: '2026-03-10T15:00:00.000Z', end: '2026-03-10T17:00:00.000Z' },
      { id: 'o3', label: 'vendredi matin' },
    ]);
    const ids = { networkId: NETWORK, pollId: stored.pollId };
    await waitUntil(() => callsTo(chat.id, 'send', /Réunion ordinaire de mars/).length > 0, 'the poll card in the chat');

    // o1: yes 2, if need be 1 · o2: yes 2 (earlier) · o3: yes 4, but it has no times.
    await click(rc, { ...ids, slot_o1: 'yes', slot_o2: 'yes', slot_o3: 'yes' });
    await click(aminata, { ...ids, slot_o1: 'ifNeedBe', slot_o2: 'yes', slot_o3: 'yes' });
    await click(jane, { ...ids, slot_o1: 'yes', slot_o2: 'no', slot_o3: 'yes' }, 'en-US');
    const last = cardIn<CardJson>(await click(ibrahima, { ...ids, slot_o1: 'no', slot_o2: 'no', slot_o3: 'yes' }));
    assert.deepEqual(parseAdaptiveCard(last).problems, []);
    const runs = textRuns(last).join('');
    assert.match(runs, /4 réponses/);
    assert.match(runs, new RegExp(`Meilleur créneau\u202f: jeudi 12/03 10:00-12:00 — jeudi 12 mars 2026, 10:00 – 12:00 \\(oui 2 · si besoin 1 · non 1\\)`));
    assert.ok(!last.actions?.some((action) => action.type === 'Action.OpenUrl'), 'no convene link while the poll is open');
    const english = cardIn<CardJson>(await click(jane, { ...ids, slot_o1: 'yes', slot_o2: 'no', slot_o3: 'yes' }, 'en-US'));
    assert.match(textRuns(english).join(''), /Best slot: jeudi 12\/03 10:00-12:00 — Thursday, 12 March 2026, 10:00 – 12:00 \(yes 2 · if need be 1 · no 1\)/);

    // The co-chair's list: the open poll with its best slot; a plain member gets nothing.
    const forRc = await api('GET', '/polls/best-slots', rc);
    assert.equal(forRc.status, 200, forRc.raw);
    const listed = forRc.body as unknown as BestSlotsBody;
    assert.equal(listed.mayConvene, true);
    assert.deepEqual(listed.polls, [
      {
        pollId: stored.pollId,
        question: QUESTION,
        open: true,
        deadline: stored.deadline,
        timeZone: 'Africa/Conakry',
        respondents: 4,
        best: { optionId: 'o1', label: 'jeudi 12/03 10:00-12:00', start: '2026-03-12T10:00:00.000Z', end: '2026-03-12T12:00:00.000Z', yes: 2, ifNeedBe: 1 },
      },
    ]);
    const forMember = await api('GET', '/polls/best-slots', ibrahima);
    assert.equal(forMember.status, 200);
    assert.deepEqual(forMember.body, { mayConvene: false, polls: [] });

    // Three days later the scheduler closes it: the shared card keeps the best slot and links
    // to the tab's New convocation form pre-filled with it.
    app.clock.now = new Date(START.getTime() + 3 * 24 * HOUR + 60_000);
    await app.reseau.decisions.tick(NETWORK);
    await waitUntil(() => callsTo(chat.id, 'update', /clos\u202f: résultats définitifs/).length > 0, 'the closed card');
    const closed = cardOfActivity<CardJson>(callsTo(chat.id, 'update', /clos\u202f: résultats définitifs/).at(-1)?.body as WireActivity);
    assert.deepEqual(parseAdaptiveCard(closed).problems, []);
    assert.match(textRuns(closed).join(''), /Meilleur créneau\u202f: jeudi 12\/03 10:00-12:00 — jeudi 12 mars 2026, 10:00 – 12:00/);
    const link = closed.actions?.find((action) => action.type === 'Action.OpenUrl');
    assert.equal(link?.title, 'Convoquer sur ce créneau');
    const url = link?.url ?? '';
    assert.ok(url.startsWith(`${app.url}/tab#/new?`), url);
    const params = new URLSearchParams(url.slice(url.indexOf('?') + 1));
    assert.equal(params.get('start'), '2026-03-12T10:00:00.000Z');
    assert.equal(params.get('end'), '2026-03-12T12:00:00.000Z');
    assert.equal(params.get('timeZone'), 'Africa/Conakry');
    assert.equal(params.get('title'), QUESTION);
    assert.equal(params.get('source'), `Sondage «\u202f${QUESTION}\u202f»`);
    const afterClose = (await api('GET', '/polls/best-slots', rc)).body as unknown as BestSlotsBody;
    assert.equal(afterClose.polls[0]?.open, false);

    // What the link opens: the server's draft of the convocation, then the convocation itself.
    const draft = await api('POST', '/meetings/draft', rc, { start: params.get('start'), end: params.get('end'), timeZone: params.get('timeZone'), title: params.get('title'), source: params.get('source') });
    assert.equal(draft.status, 200, draft.raw);
    const form = (draft.body as { draft: Record<string, unknown> }).draft;
    assert.equal(form.start, '2026-03-12T10:00:00.000Z');
    assert.equal(form.title, QUESTION);
    const convened = await api('POST', '/meetings', rc, { ...form });
    assert.equal(convened.status, 201, convened.raw);
  });

  it('“sondage” alone explains slots with examples dated from today, and those examples typed as shown make a poll with their times', async () => {
    for (const [now, example, exampleIso] of [
      [START, '09/03 10:00-12:00', '2026-03-11 15:00-17:00'],
      [new Date('2026-12-28T10:00:00Z'), '04/01 10:00-12:00', '2027-01-06 15:00-17:00'],
    ] as const) {
      app.clock.now = now;
      await say(rc, 'sondage', chat);
      const usage = lastReply(chat);
      assert.ok(usage.includes(`sondage créneaux Prochaine réunion\u202f? | ${example} | ${exampleIso}`), usage);
      assert.match(usage, /JJ\/MM HH:MM-HH:MM/);
      await say(rc, 'poll', chat, 'en-US');
      assert.ok(lastReply(chat).includes(`poll slots Next meeting? | ${example} | ${exampleIso}`), lastReply(chat));
      await say(rc, `sondage créneaux Prochaine réunion\u202f? | ${example} | ${exampleIso}`, chat);
      assert.match(lastReply(chat), /Sondage créé/);
    }
    const polls = (await app.store.query<PollDocument>(NETWORK, { type: 'poll' })).map((entry) => entry.document).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    assert.deepEqual(polls.map((poll) => poll.options.map((option) => option.start)), [
      ['2026-03-09T10:00:00.000Z', '2026-03-11T15:00:00.000Z'],
      ['2027-01-04T10:00:00.000Z', '2027-01-06T15:00:00.000Z'],
    ]);
  });

  it('refuses past or backwards slots with an explanation, keeps unreadable ones as typed, and accepts { label, start, end } from the API', async () => {
    await say(rc, 'sondage créneaux Trop tard ? | 01/03 10:00-12:00 | 05/03 10:00-12:00', chat);
    // The example is a week after today (2 March 2026 on this clock), never a fixed date.
    assert.equal(lastReply(chat), 'Créneau refusé\u202f; rien n’a été enregistré\u202f: «\u202f01/03 10:00-12:00\u202f» doit commencer dans le futur et finir après son début (heure de Conakry, par ex. 09/03 10:00-12:00).');
    await say(rc, 'sondage créneaux À l’envers ? | 05/03 12:00-10:00', chat, 'en-US');
    assert.match(lastReply(chat), /^Slot refused; nothing was recorded: “05\/03 12:00-10:00” must start in the future and end after it starts/);
    // A date and time that read as a slot but do not exist are refused, not kept as a label (issue 12).
    await say(rc, 'sondage créneaux Flou ? | 31/02 10:00-12:00 | la semaine prochaine', chat);
    assert.match(lastReply(chat), /^Créneau refusé\u202f; rien n’a été enregistré\u202f: «\u202f31\/02 10:00-12:00\u202f»/);
    // Impossible dates and times are refused even without a time range, with the format expected
    // and an example from today (issue 15).
    for (const [typed, locale, expected] of [
      ['31/02', 'fr-FR', 'Créneau refusé\u202f; rien n’a été enregistré\u202f: «\u202f31/02\u202f» n’est pas une date ou une heure qui existe. Format attendu\u202f: JJ/MM HH:MM-HH:MM ou AAAA-MM-JJ HH:MM-HH:MM (heure de Conakry), par ex. 09/03 10:00-12:00.'],
      ['mardi 25:00', 'fr-FR', 'Créneau refusé\u202f; rien n’a été enregistré\u202f: «\u202fmardi 25:00\u202f» n’est pas une date ou une heure qui existe. Format attendu\u202f: JJ/MM HH:MM-HH:MM ou AAAA-MM-JJ HH:MM-HH:MM (heure de Conakry), par ex. 09/03 10:00-12:00.'],
      ['12/03 25:00-26:00', 'en-US', 'Slot refused; nothing was recorded: “12/03 25:00-26:00” is not a date or time that exists. Expected format: DD/MM HH:MM-HH:MM or YYYY-MM-DD HH:MM-HH:MM (Conakry time), e.g. 09/03 10:00-12:00.'],
      ['12/03 matin', 'en-US', 'Slot refused; nothing was recorded: “12/03 matin” gives a date without a start and end time. Expected format: DD/MM HH:MM-HH:MM or YYYY-MM-DD HH:MM-HH:MM (Conakry time), e.g. 09/03 10:00-12:00.'],
    ] as const) {
      await say(rc, `sondage créneaux Impossible ? | ${typed} | 13/03 10:00-12:00`, chat, locale);
      assert.equal(lastReply(chat), expected, typed);
    }
    assert.equal((await app.store.query<PollDocument>(NETWORK, { type: 'poll' })).length, 0, 'nothing stored');
    await say(rc, 'sondage créneaux Flou ? | mardi matin | la semaine prochaine', chat);
    assert.match(lastReply(chat), /Sondage créé/);
    assert.equal((await app.store.query<PollDocument>(NETWORK, { type: 'poll' })).length, 1);
    const [fuzzy] = (await app.store.query<PollDocument>(NETWORK, { type: 'poll' })).map((entry) => entry.document);
    assert.deepEqual(fuzzy?.options, [
      { id: 'o1', label: 'mardi matin' },
      { id: 'o2', label: 'la semaine prochaine' },
    ]);

    const impossible = await api('POST', '/polls', rc, { question: 'Atelier ?', kind: 'timeSlots', options: ['30/02 10:00-12:00', 'Plus tard'], deadline: '2026-03-06T17:00:00Z' });
    assert.equal(impossible.status, 400, impossible.raw);
    assert.equal(impossible.body.code, 'impossibleSlot');
    assert.match(String(impossible.body.message), /par ex\. 09\/03 10:00-12:00/);

    const poll = (options: unknown[], extra: Record<string, unknown> = {}) =>
      api('POST', '/polls', rc, { question: 'Atelier PMM ?', kind: 'timeSlots', options, deadline: '2026-03-06T17:00:00Z', ...extra });
    const created = await poll([{ label: 'Mardi matin', start: '2026-03-10T09:00:00Z', end: '2026-03-10T12:00:00+00:00' }, 'Plus tard']);
    assert.equal(created.status, 201, created.raw);
    // The API answers with the reader's view of the poll: options by optionId, never the stored document.
    assert.deepEqual((created.body as unknown as PollView).options, [
      { optionId: 'o1', label: 'Mardi matin', start: '2026-03-10T09:00:00.000Z', end: '2026-03-10T12:00:00.000Z' },
      { optionId: 'o2', label: 'Plus tard' },
    ]);
    assert.equal((created.body as unknown as PollView).timeZone, 'Africa/Conakry');
    assert.equal((await poll([{ label: 'Hier', start: '2026-03-01T09:00:00Z', end: '2026-03-01T10:00:00Z' }])).status, 400);
    assert.equal((await poll([{ label: 'À l’envers', start: '2026-03-10T12:00:00Z', end: '2026-03-10T09:00:00Z' }])).status, 400);
    assert.equal((await poll([{ label: 'Sans fin', start: '2026-03-10T12:00:00Z' }])).status, 400);
    assert.equal((await poll([{ label: 'Sans zone', start: '2026-03-10T09:00:00', end: '2026-03-10T10:00:00' }])).status, 400);
    assert.equal((await poll([{ label: 'Zone', start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z' }], { timeZone: 'Mars/Olympus' })).status, 400);
    const paris = await poll([{ label: 'Paris', start: '2026-03-10T09:00:00+01:00', end: '2026-03-10T10:00:00+01:00' }], { timeZone: 'Europe/Paris' });
    assert.equal(paris.status, 201, paris.raw);
    assert.equal((paris.body as unknown as PollDocument).timeZone, 'Europe/Paris');
    // A plain member may create a poll, but sees no convening list.
    assert.deepEqual((await api('GET', '/polls/best-slots', jane)).body, { mayConvene: false, polls: [] });
  });
});
