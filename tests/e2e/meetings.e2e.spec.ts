/**
 * Convocations end to end: a co-chair issues one through the tab API (/api/v1, dev sign-in of
 * local mode), the card reaches the network's channel and every invitee 1:1 through the outbox
 * and the simulated Teams connector, RSVPs are clicked on the card (/api/messages) in French
 * and English (the channel copy catches up after the invoke, each 1:1 copy through Teams'
 * refresh), edits and cancellation update every delivered copy in place, reminders reach
 * only those who have not answered, minutes are posted to the channel.
 */
import assert from 'node:assert/strict';
import type { InvitationDocument, MeetingDocument, StoredMeeting } from '../../src/meetings/meeting-model';
import { MeetingRepository } from '../../src/meetings/meeting-repository';
import { apiCall } from '../support/api-client';
import { postActivity } from '../support/bot-client';
import { cardOfActivity, cardTap, oneToOnes, refusalOf, sendsMatching } from '../support/card-actions';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import type { RecordedCall } from '../support/fake-connector';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, message, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-01T09:00:00Z');
const HOSTILE = 'Réunion ${title} <script>alert(1)</script> **gras**';

type CardJson = { body?: unknown[]; actions?: { type: string; verb?: string; data?: Record<string, unknown>; title?: string; url?: string }[] } & Record<string, unknown>;

const text = (value: unknown) => JSON.stringify(value);

describe('meetings: convocation from the tab API, RSVP on the card, updates, reminders, minutes', function () {
  this.timeout(30_000);
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let channel: TeamsConversation;
  const people: Record<string, { user: TeamsUser; agency: string; locale: string }> = {};

  const api = (method: string, path: string, as: TeamsUser | undefined, body?: unknown, language = 'fr-FR') => apiCall(app.url, method, path, as, body, language);
  const convocation = (overrides: Record<string, unknown> = {}) => ({
    kind: 'regular',
    title: 'Réunion ordinaire de mars',
    start: '2026-03-10T10:00:00Z',
    end: '2026-03-10T12:00:00Z',
    timeZone: 'Africa/Conakry',
    location: { kind: 'iomOffice' },
    agenda: [{ title: 'Point sur le PMM', agencyCode: 'IOM' }, { title: 'Divers' }],
    documents: [{ title: 'Note', url: 'https://example.org/note.pdf' }],
    invitees: { kind: 'all' },
    externalGuests: [{ name: 'Mme Barry', organisation: 'Société civile' }],
    ...overrides,
  });
  const click = (who: TeamsUser, locale: string, data: Record<string, unknown>) => cardTap(app, who, 'meetings.rsvp', data, { locale });
  const waitForSends = async (pattern: RegExp, count: number) => {
    const deadline = Date.now() + 10_000;
    while (sendsMatching(app, pattern).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return sendsMatching(app, pattern);
  };
  const waitForUpdates = async (pattern: RegExp, count: number) => {
    const deadline = Date.now() + 10_000;
    const updates = () => app.connector.calls.filter((call: RecordedCall) => call.kind === 'update' && call.status < 300 && pattern.test(text(call.body)));
    while (updates().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return updates();
  };

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    app = await startReseauWithClock(START, { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });
    // The outbox paces sends on the same clock, so it keeps running; tests still jump it ahead.
    let base = START.getTime();
    let setAt = Date.now();
    Object.defineProperty(app.clock, 'now', {
      get: () => new Date(base + (Date.now() - setAt)),
      set: (at: Date) => {
        base = at.getTime();
        setAt = Date.now();
      },
    });
    const rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: rcChat, text: 'bonjour' }));
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
    for (const [key, name, agency, locale] of [
      ['aminata', 'Aminata Camara', 'IOM', 'fr-FR'],
      ['moussa', 'Moussa Diallo', 'IOM', 'fr-FR'],
      ['jane', 'Jane Smith', 'UNHCR', 'en-US'],
      ['ibrahima', 'Ibrahima Sylla', 'WFP', 'fr-FR'],
    ] as const) {
      const user = teamsUser({ name });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language: locale.startsWith('en') ? 'en' : 'fr' }, agency, 'member');
      await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      people[key] = { user, agency, locale };
    }
  });
  afterEach(async () => {
    await app?.stop();
  });

  const who = (key: string) => {
    const person = people[key];
    assert.ok(person);
    return person;
  };

  async function issue(overrides: Record<string, unknown> = {}): Promise<MeetingDocument> {
    const created = await api('POST', '/meetings', rc, convocation(overrides));
    assert.equal(created.status, 201, created.raw);
    return created.body as unknown as MeetingDocument;
  }

  it('a co-chair issues a convocation: the channel and every invitee get the card, RSVPs in French and English fill the per-agency summary, the tab shows delivery and who has not answered', async () => {
    const meeting = await issue();
    // The API answers with a view (no invitee list); each invitee has their own invitation, the
    // meeting document only the counts.
    const stored = (await app.store.get<StoredMeeting>('gn', `meeting:${meeting.meetingId}`))?.document;
    assert.ok(stored && !('invited' in stored) && !('rsvps' in stored), 'no invitee list in the meeting document');
    assert.deepEqual([stored.attendance.invited, stored.attendance.answered], [5, 0]);
    const invitations = await app.store.query<InvitationDocument>('gn', { type: 'meetingRsvp', where: [{ path: 'meetingId', op: '=', value: meeting.meetingId }] });
    assert.equal(invitations.length, 5, 'the RC and the four members');

    // Channel + 5 invitees, each once.
    const sends = await waitForSends(/Réunion ordinaire de mars/, 6);
    assert.equal(sends.length, 6);
    assert.ok(sends.some((call) => call.conversationId === channel.id), 'posted to the network channel');
    const [janeChat] = oneToOnes(app, who('jane').user);
    assert.ok(janeChat, 'a 1:1 was opened for Jane');
    const janeCard = cardOfActivity<CardJson>(app.connector.activities({ conversationId: janeChat }).find((activity) => /Convocation/.test(text(activity))));
    assert.match(text(janeCard), /Convocation — Regular meeting/, `Jane reads it in English: ${text(janeCard).slice(0, 300)}`);
    assert.deepEqual(parseAdaptiveCard(janeCard).problems, []);
    const aminataCard = cardOfActivity<CardJson>(app.connector.activities({ conversationId: oneToOnes(app, who('aminata').user)[0] ?? '' }).find((activity) => /Convocation/.test(text(activity))));
    assert.match(text(aminataCard), /Convocation — Réunion ordinaire/);
    assert.match(text(aminataCard), /mardi 10 mars 2026, 10:00–12:00 \(Africa\/Conakry, GMT\)/);
    const rsvpAction = aminataCard.actions?.find((action) => action.verb === 'meetings.rsvp' && action.data?.response === 'inPerson');
    assert.ok(rsvpAction?.data);
    assert.ok(aminataCard.actions?.some((action) => action.type === 'Action.OpenUrl' && String(action.url).endsWith(`/meetings/gn/${meeting.meetingId}.ics`)));

    // Aminata (fr) comes in person from the card; the answer card shows her answer and IOM's line.
    const answered = await click(who('aminata').user, 'fr-FR', rsvpAction.data);
    const answerCard = (answered.body as { value: CardJson }).value;
    assert.match(text(answerCard), /Votre réponse\u202f: .*Sur place/);
    assert.match(text(answerCard), /OIM \(IOM\) — .*1 sur place, 0 en ligne, 0 délégation, 0 absence, 1 sans réponse/);
    // Jane (en) joins online.
    const janeAnswer = await click(who('jane').user, 'en-US', { networkId: NETWORK, meetingId: meeting.meetingId, response: 'online' });
    assert.match(text((janeAnswer.body as { value: CardJson }).value), /Your answer: .*Online/);
    // Moussa delegates to Aminata from his own 1:1 card: "Delegate" opens a form offering his IOM colleagues only.
    const moussaCard = cardOfActivity<CardJson>(app.connector.activities({ conversationId: oneToOnes(app, who('moussa').user)[0] ?? '' }).find((activity) => /Convocation/.test(text(activity))));
    assert.ok(!text(moussaCard).includes('Input.ChoiceSet'), 'the card itself lists no colleague');
    const openForm = moussaCard.actions?.find((action) => action.verb === 'meetings.delegateForm');
    assert.ok(openForm?.data);
    const form = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: who('moussa').user, conversation: teamsConversation('personal'), locale: 'fr-FR', verb: 'meetings.delegateForm', data: openForm.data }));
    const formCard = (form.body as { value: CardJson }).value;
    assert.deepEqual(parseAdaptiveCard(formCard).problems, []);
    const container = (formCard.body as { type: string; items?: { type: string; value?: string; choices?: { title: string; value: string }[]; actions?: { verb: string; data: Record<string, unknown> }[] }[] }[]).find((element) => element.type === 'Container' && element.items?.some((item) => item.type === 'Input.ChoiceSet'));
    const choiceSet = container?.items?.find((item) => item.type === 'Input.ChoiceSet');
    assert.deepEqual(choiceSet?.choices?.map((choice) => choice.title), ['Aminata Camara']);
    assert.equal(choiceSet?.value, who('aminata').user.aadObjectId, 'the first colleague is chosen already');
    const submit = container?.items?.find((item) => item.type === 'ActionSet')?.actions?.[0];
    const delegated = await click(who('moussa').user, 'fr-FR', { ...submit?.data, delegateId: choiceSet?.value });
    assert.match(text((delegated.body as { value: CardJson }).value), /Délégation — à Aminata Camara/);
    assert.match(text((delegated.body as { value: CardJson }).value), /OIM \(IOM\) — .*1 sur place, 0 en ligne, 1 délégation, 0 absence, 0 sans réponse/);

    // The tab's detail view: delivery status, attendance per agency, who has not answered.
    const detail = await api('GET', `/meetings/${meeting.meetingId}`, rc);
    assert.equal(detail.status, 200, detail.raw);
    const attendance = detail.body.attendance as { agencyCode: string; inPerson: number; online: number; delegated: number; noAnswer: number; represented: boolean }[];
    assert.deepEqual(attendance.find((row) => row.agencyCode === 'IOM'), { agencyCode: 'IOM', invited: 2, inPerson: 1, online: 0, declined: 0, delegated: 1, noAnswer: 0, represented: true } as never);
    assert.equal(attendance.find((row) => row.agencyCode === 'UNHCR')?.online, 1);
    assert.equal(attendance.find((row) => row.agencyCode === 'WFP')?.represented, false);
    assert.deepEqual((detail.body.nonResponders as { name: string }[]).map((person) => person.name).sort(), ['Coordonnatrice Résidente', 'Ibrahima Sylla']);
    assert.match(String((detail.body.delivery as { summary: string }).summary), /^Distribué 6\/6/);

    // After the invokes, the channel copy is rewritten with the counts; the meeting's summary is caught up.
    await app.reseau.meetings.cardsIdle();
    const channelUpdates = await waitForUpdates(/OIM \(IOM\) — .*1 sur place, 0 en ligne, 1 délégation/, 1);
    assert.ok(channelUpdates.some((call) => call.conversationId === channel.id), 'the channel copy shows the answers');
    const caughtUp = (await app.store.get<StoredMeeting>('gn', `meeting:${meeting.meetingId}`))?.document.attendance;
    assert.deepEqual([caughtUp?.answered, caughtUp?.agencies.find((row) => row.agencyCode === 'IOM')?.delegated], [3, 1]);
    assert.equal(((await api('GET', '/meetings', rc)).body.meetings as { answered: number }[])[0]?.answered, 3, 'the list counts from the summary');

    // The .ics is offered from the card's link.
    const ics = await fetch(`${app.url}/meetings/gn/${meeting.meetingId}.ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type') ?? '', /text\/calendar/);
    const body = await ics.text();
    assert.match(body, new RegExp(`UID:${meeting.meetingId}@reseau-gn`));
    assert.match(body, /SEQUENCE:0/);
    assert.match(body, /DTSTART;TZID=Africa\/Conakry:20260310T100000/);
  });

  it('in the channel, an answer keeps the shared card (no one’s answer on it) and Teams’ refresh shows each invitee their own view', async () => {
    const meeting = await issue();
    await waitForSends(/Réunion ordinaire de mars/, 6);
    const channelCard = cardOfActivity<CardJson>(app.connector.activities({ conversationId: channel.id }).find((activity) => /Réunion ordinaire de mars/.test(text(activity))));
    const refresh = channelCard.refresh as { action: { verb: string; data: Record<string, unknown> }; userIds: string[] };
    assert.equal(refresh.action.verb, 'meetings.view');
    assert.ok(refresh.userIds.includes(`8:orgid:${who('jane').user.aadObjectId}`));
    assert.equal(refresh.userIds.length, 5);
    assert.deepEqual(parseAdaptiveCard(channelCard).problems, []);

    const inChannel = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: who('aminata').user, conversation: channel, locale: 'fr-FR', verb: 'meetings.rsvp', data: { networkId: NETWORK, meetingId: meeting.meetingId, response: 'inPerson' } }));
    const shared = (inChannel.body as { value: CardJson }).value;
    assert.doesNotMatch(text(shared), /Votre réponse/);
    assert.match(text(shared), /OIM \(IOM\) — .*1 sur place/);

    const refreshed = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: who('jane').user, conversation: channel, locale: 'en-US', verb: 'meetings.view', trigger: 'automatic', data: refresh.action.data }));
    const janeView = (refreshed.body as { value: CardJson }).value;
    assert.match(text(janeView), /You have not answered yet/);
    assert.ok(!('refresh' in janeView), 'a personal view does not refresh again (teams-ai would show it to the whole channel)');

    // Each invitee's 1:1 copy refreshes for them alone: looking at it again shows the latest counts.
    const [janeChat] = oneToOnes(app, who('jane').user);
    const janeCopy = cardOfActivity<CardJson>(app.connector.activities({ conversationId: janeChat ?? '' }).find((activity) => /Convocation/.test(text(activity))));
    assert.deepEqual((janeCopy.refresh as { userIds: string[] }).userIds, [`8:orgid:${who('jane').user.aadObjectId}`]);
    await app.reseau.meetings.cardsIdle();
    const later = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: who('jane').user, conversation: teamsConversation('personal'), locale: 'en-US', verb: 'meetings.view', trigger: 'automatic', data: (janeCopy.refresh as { action: { data: Record<string, unknown> } }).action.data }));
    assert.match(text((later.body as { value: CardJson }).value), /IOM — .*1 in person/);
  });

  it('refuses a delegation to another agency, a member who is not invited, and tampered card data — nothing is recorded', async () => {
    const meeting = await issue({ invitees: { kind: 'agencies', agencyCodes: ['IOM', 'WFP'] } });
    const refused = await click(who('moussa').user, 'fr-FR', { networkId: NETWORK, meetingId: meeting.meetingId, response: 'delegated', delegateId: who('ibrahima').user.aadObjectId });
    const error = refusalOf(refused);
    assert.equal(error.code, 'delegateOtherAgency');
    assert.match(error.message, /collègue de sa propre agence/);

    const notInvited = await click(who('jane').user, 'en-US', { networkId: NETWORK, meetingId: meeting.meetingId, response: 'inPerson' });
    assert.equal((notInvited.body as { value: { code: string } }).value.code, 'notInvited');

    for (const tampered of [
      { networkId: NETWORK, meetingId: meeting.meetingId, response: 'maybe' },
      { networkId: NETWORK, meetingId: 'not-a-uuid', response: 'inPerson' },
      { networkId: 'other-network', meetingId: meeting.meetingId, response: 'inPerson' },
    ]) {
      const answer = await click(who('moussa').user, 'fr-FR', tampered);
      assert.ok(refusalOf(answer), text(tampered));
    }
    const stored = await new MeetingRepository(app.store).get(NETWORK, meeting.meetingId);
    assert.deepEqual(stored?.document.rsvps, {});
    await app.reseau.meetings.cardsIdle();
    assert.equal((await app.store.get<StoredMeeting>(NETWORK, `meeting:${meeting.meetingId}`))?.document.updatedAt, (stored?.document as MeetingDocument).updatedAt);
  });

  it('a member who is not a co-chair cannot convene (403), and bad convocations are refused with a reason (400)', async () => {
    const denied = await api('POST', '/meetings', who('aminata').user, convocation());
    assert.equal(denied.status, 403);
    assert.match(String(denied.body.message), /rôle dans le réseau ne permet pas/);
    const noToken = await api('POST', '/meetings', undefined, convocation());
    assert.equal(noToken.status, 401);

    const endBefore = await api('POST', '/meetings', rc, convocation({ end: '2026-03-10T09:00:00Z' }), 'en-GB');
    assert.equal(endBefore.status, 400);
    assert.equal(endBefore.body.code, 'endBeforeStart');
    assert.match(String(endBefore.body.message), /ends before it starts/);
    const past = await api('POST', '/meetings', rc, convocation({ start: '2026-02-10T10:00:00Z', end: '2026-02-10T12:00:00Z' }));
    assert.equal(past.body.code, 'startInPast');
    const tooMany = await api('POST', '/meetings', rc, convocation({ agenda: Array.from({ length: 200 }, (_, i) => ({ title: `Point ${i}` })) }));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.code, 'invalidConvocation');
    assert.equal((await api('GET', '/meetings', rc)).body.meetings instanceof Array ? ((await api('GET', '/meetings', rc)).body.meetings as unknown[]).length : -1, 0, 'nothing was stored');
    assert.equal(sendsMatching(app, /Réunion ordinaire de mars/).length, 0, 'nothing was sent');
  });

  it('shows template syntax and HTML in a title literally on the card and in the .ics', async () => {
    const meeting = await issue({ title: HOSTILE });
    await waitForSends(/alert\(1\)/, 6);
    const card = cardOfActivity<CardJson>(app.connector.activities({ conversationId: channel.id }).find((activity) => /alert\(1\)/.test(text(activity))));
    assert.ok(parseAdaptiveCard(card).textRuns.includes(HOSTILE), text(parseAdaptiveCard(card).textRuns));
    const ics = await (await fetch(`${app.url}/meetings/gn/${meeting.meetingId}.ics`)).text();
    assert.match(ics, /SUMMARY:Réunion \$\{title\} <script>alert\(1\)<\/script> \*\*gras\*\*/);
  });

  it('an edit and a cancellation update every delivered card in place, and the .ics SEQUENCE goes up', async () => {
    const meeting = await issue();
    await waitForSends(/Réunion ordinaire de mars/, 6);
    const edited = await api('PUT', `/meetings/${meeting.meetingId}`, rc, convocation({ title: 'Réunion ordinaire de mars (salle B)', location: { kind: 'unrco' } }));
    assert.equal(edited.status, 200, edited.raw);
    const updates = await waitForUpdates(/salle B/, 6);
    assert.equal(updates.length, 6, 'the channel post and the five 1:1 cards');
    assert.match(text(updates[0]?.body), /Convocation modifiée \(version 2\)|Convocation changed \(version 2\)/);
    assert.match(await (await fetch(`${app.url}/meetings/gn/${meeting.meetingId}.ics`)).text(), /SEQUENCE:1/);

    const cancelled = await api('POST', `/meetings/${meeting.meetingId}/cancel`, rc, {});
    assert.equal(cancelled.status, 200);
    const cancelUpdates = await waitForUpdates(/Réunion annulée|Meeting cancelled/, 6);
    assert.equal(cancelUpdates.length, 6);
    assert.ok(cancelUpdates.every((call) => !text(call.body).includes('meetings.rsvp')), 'no RSVP button on a cancelled meeting');
    const ics = await (await fetch(`${app.url}/meetings/gn/${meeting.meetingId}.ics`)).text();
    assert.match(ics, /METHOD:CANCEL/);
    assert.match(ics, /SEQUENCE:2/);
    const late = await click(who('aminata').user, 'fr-FR', { networkId: NETWORK, meetingId: meeting.meetingId, response: 'inPerson' });
    assert.equal((late.body as { value: { code: string } }).value.code, 'cancelled');
  });

  it('reminds only those who have not answered: automatically 48 h before (once), and on demand from the tab', async () => {
    const meeting = await issue();
    await waitForSends(/Réunion ordinaire de mars/, 6);
    for (const key of ['aminata', 'moussa', 'jane']) {
      await click(who(key).user, who(key).locale, { networkId: NETWORK, meetingId: meeting.meetingId, response: 'declined' });
    }
    // Not yet: 3 days before.
    app.clock.now = new Date('2026-03-07T10:00:00Z');
    assert.equal(await app.reseau.meetings.tick(NETWORK), 0);
    // 47 h before: due.
    app.clock.now = new Date('2026-03-08T11:00:00Z');
    assert.equal(await app.reseau.meetings.tick(NETWORK), 1);
    assert.equal(await app.reseau.meetings.tick(NETWORK), 0, 'once');
    const reminders = await waitForSends(/Rappel — Réunion ordinaire|Reminder — Regular meeting/, 2);
    assert.equal(reminders.length, 2);
    const reminded = reminders.map((call) => call.conversationId ?? (call.response as { id?: string }).id);
    assert.ok(reminded.includes(oneToOnes(app, who('ibrahima').user)[0]), 'Ibrahima had not answered');
    assert.ok(!reminded.includes(oneToOnes(app, who('jane').user)[0]), 'Jane had answered');
    assert.ok(!reminded.includes(channel.id), 'reminders are not posted to the channel');

    // Ibrahima answers; on demand, only the RC is left.
    await click(who('ibrahima').user, 'fr-FR', { networkId: NETWORK, meetingId: meeting.meetingId, response: 'online' });
    const denied = await api('POST', `/meetings/${meeting.meetingId}/remind`, who('ibrahima').user, {});
    assert.equal(denied.status, 403);
    const onDemand = await api('POST', `/meetings/${meeting.meetingId}/remind`, rc, {});
    assert.deepEqual(onDemand.body, { recipients: 1 });
  });

  it('records minutes after the meeting and posts them to the channel as a card', async () => {
    const meeting = await issue();
    const early = await api('POST', `/meetings/${meeting.meetingId}/minutes`, rc, { text: 'x', attendance: ['IOM'] });
    assert.equal(early.body.code, 'meetingNotOver');
    app.clock.now = new Date('2026-03-10T13:00:00Z');
    const minutes = await api('POST', `/meetings/${meeting.meetingId}/minutes`, rc, {
      text: 'Le Réseau a fait le point sur le PMM.\nProchaine réunion en mai.',
      links: [{ title: 'Présentation', url: 'https://example.org/p.pdf' }],
      attendance: ['IOM', 'UNHCR', 'RCO'],
      actionItems: [{ text: 'Partager la note', agencyCode: 'IOM', due: '2026-03-20' }],
    });
    assert.equal(minutes.status, 200, minutes.raw);
    const [posted] = await waitForSends(/Compte rendu — Réunion ordinaire/, 1);
    assert.ok(posted);
    assert.match(text(posted.body), /Partager la note/);
    assert.match(text(posted.body), /OIM \(IOM\), HCR \(UNHCR\)/);

    const list = await api('GET', '/meetings', rc);
    const listed = (list.body.meetings as { meetingId: string; hasMinutes: boolean }[]).find((entry) => entry.meetingId === meeting.meetingId);
    assert.equal(listed?.hasMinutes, true);
    assert.equal((list.body.nextRegular as { due: string }).due, '2026-05-10T10:00:00.000Z', 'two months after the last regular meeting');
  });

  it('least privilege: a pending member reads the convocation and the per-agency summary — no online link (API, .ics, channel card, refresh), no email, no person, no delivery', async () => {
    const LINK = 'https://teams.microsoft.com/l/meetup-join/room-42';
    const EMAIL = 'barry@societe-civile.example';
    const meeting = await issue({ location: { kind: 'online' }, onlineUrl: LINK, externalGuests: [{ name: 'Mme Barry', organisation: 'Société civile', email: EMAIL }] });
    const pending = teamsUser({ name: 'Nouvelle Personne' });
    await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: pending.aadObjectId, tenantId: TEST_TENANT_ID, name: pending.name, language: 'fr' }, 'UNICEF', 'member');
    await click(who('moussa').user, 'fr-FR', { networkId: NETWORK, meetingId: meeting.meetingId, response: 'inPerson' });

    const forPending = await api('GET', `/meetings/${meeting.meetingId}`, pending);
    assert.equal(forPending.status, 200, forPending.raw);
    for (const secret of [LINK, EMAIL, 'Moussa Diallo', who('moussa').user.aadObjectId, rc.aadObjectId, TEST_TENANT_ID, '"etag"', '"networkId"', '"rsvps"', '"invited":[']) {
      assert.ok(!forPending.raw.includes(secret), `a pending reader reads ${secret}`);
    }
    assert.deepEqual(forPending.body.people, []);
    assert.equal(forPending.body.delivery, undefined);
    assert.equal((forPending.body.meeting as { title: string }).title, 'Réunion ordinaire de mars');
    assert.equal((forPending.body.attendance as { agencyCode: string; inPerson: number }[]).find((row) => row.agencyCode === 'IOM')?.inPerson, 1);
    const pendingIcs = await api('GET', `/meetings/${meeting.meetingId}/ics`, pending);
    assert.equal(pendingIcs.status, 200);
    assert.ok(!pendingIcs.raw.includes('room-42'), 'no link in the signed-in .ics for a pending reader');
    // The public .ics is reachable from channel cards: never the link.
    assert.ok(!(await (await fetch(`${app.url}/meetings/gn/${meeting.meetingId}.ics`)).text()).includes('room-42'));

    // An invitee reads the link (API, signed-in .ics, own card), not the guests' emails; the co-chair reads the convocation as written.
    const forInvitee = await api('GET', `/meetings/${meeting.meetingId}`, who('moussa').user);
    assert.equal((forInvitee.body.meeting as { onlineUrl?: string }).onlineUrl, LINK);
    assert.ok(!forInvitee.raw.includes(EMAIL));
    assert.ok((await api('GET', `/meetings/${meeting.meetingId}/ics`, who('moussa').user)).raw.includes('room-42'));
    assert.ok((await api('GET', `/meetings/${meeting.meetingId}`, rc)).raw.includes(EMAIL));
    await waitForSends(/Réunion ordinaire de mars/, 6);
    const channelCopy = sendsMatching(app, /Réunion ordinaire de mars/).find((call) => call.conversationId === channel.id);
    assert.ok(channelCopy && !text(channelCopy.body).includes(LINK), 'the channel copy carries no link');
    const moussaCopy = sendsMatching(app, /Réunion ordinaire de mars/).find((call) => call.conversationId === oneToOnes(app, who('moussa').user)[0]);
    assert.ok(moussaCopy && text(moussaCopy.body).includes(LINK), 'the invitee’s own card carries it');
    // Teams' refresh of the channel card for a pending reader: no link either.
    const refreshed = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: pending, conversation: channel, locale: 'fr-FR', verb: 'meetings.view', data: { networkId: NETWORK, meetingId: meeting.meetingId } }));
    assert.match(text(refreshed.body), /Réunion ordinaire de mars/);
    assert.ok(!text(refreshed.body).includes(LINK));
    // A stranger reads nothing.
    assert.equal((await api('GET', `/meetings/${meeting.meetingId}`, teamsUser({ name: 'Inconnu' }))).status, 403);
  });
});
