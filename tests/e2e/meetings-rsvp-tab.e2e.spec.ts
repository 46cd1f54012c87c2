/**
 * Members answer a convocation from the meeting's page (issue 16), through the real HTTP endpoint
 * (local-mode dev sign-in): the detail tells an invitee their own invitation; they answer or
 * delegate to a colleague of their agency (GET /meetings/:id/colleagues lists the same people the
 * card's form does) with the card's rules and the card's store cost; every refusal — pending,
 * stranger, not invited, another agency's colleague, oneself, no colleague named, a cancelled
 * meeting — stores nothing, in the reader's language; the meeting's documents reach every reader.
 */
import assert from 'node:assert/strict';
import { invitationDocumentId, type InvitationDocument } from '../../src/meetings/meeting-model';
import type { MeetingDetailView } from '../../src/meetings/meeting-views';
import { apiCall, type ApiAnswer } from '../support/api-client';
import { cardTap } from '../support/card-actions';
import { COUNTED_NETWORK as NETWORK, startCountedNetwork } from '../support/counted-network';
import { withoutCachedRoleReads, type CountingDocumentStore, type StoreCounts } from '../support/counting-store';
import type { ReseauUnderTest } from '../support/reseau-under-test';
import { teamsUser, type TeamsUser } from '../support/teams-activities';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('answering a convocation from the meeting’s page (POST /meetings/:id/rsvp, GET /meetings/:id/colleagues)', function () {
  this.timeout(60_000);
  let app: ReseauUnderTest;
  let counting: CountingDocumentStore;
  let rc: TeamsUser;
  type Person = 'aminata' | 'moussa' | 'fanta' | 'jane' | 'ibrahima' | 'pending' | 'late';
  const people = {} as Record<Person, TeamsUser>;
  let meetingId: string;
  const api = (user: TeamsUser | undefined, method: string, path: string, body?: unknown, language = 'fr-FR'): Promise<ApiAnswer> => apiCall(app.url, method, path, user, body, language);
  const invitation = async (user: TeamsUser, id = meetingId) => (await app.store.get<InvitationDocument>(NETWORK, invitationDocumentId(id, user.aadObjectId)))?.document;

  before(async () => {
    const net = await startCountedNetwork();
    ({ app, counting, rc } = net);
    const join = async (key: Person, name: string, agency: string, confirm = true) => {
      people[key] = await net.join(name, agency, { confirm });
    };
    await join('aminata', 'Aminata Camara', 'IOM');
    await join('moussa', 'Moussa Diallo', 'IOM');
    await join('fanta', 'Fanta Keita', 'IOM');
    await join('jane', 'Jane Smith', 'UNHCR');
    await join('ibrahima', 'Ibrahima Sylla', 'WFP');
    await join('pending', 'Mariama Touré', 'UNHCR', false);
    const meeting = await app.reseau.meetings.convene(NETWORK, rc.aadObjectId, {
      kind: 'regular',
      title: 'Réunion ordinaire de juillet',
      start: inDays(10),
      end: new Date(Date.parse(inDays(10)) + 2 * 3_600_000).toISOString(),
      timeZone: 'Africa/Conakry',
      location: { kind: 'iomOffice' },
      agenda: [{ title: 'Plan de travail' }],
      documents: [{ title: 'Note conceptuelle', url: 'https://example.org/note.pdf' }],
      invitees: { kind: 'all' },
      externalGuests: [],
    });
    meetingId = meeting.meetingId;
    // Joined after the convocation: not invited to it.
    await join('late', 'Sékou Condé', 'IOM');
  });
  after(async () => {
    await app?.stop();
  });

  it('the detail tells an invitee their own invitation, and every reader — a pending one too — the meeting’s documents', async () => {
    const aminata = (await api(people.aminata, 'GET', `/meetings/${meetingId}`)).body as unknown as MeetingDetailView;
    assert.deepEqual(aminata.yourInvitation, { agencyCode: 'IOM' });
    assert.deepEqual(aminata.meeting.documents, [{ title: 'Note conceptuelle', url: 'https://example.org/note.pdf' }]);
    const late = (await api(people.late, 'GET', `/meetings/${meetingId}`)).body as unknown as MeetingDetailView;
    assert.equal(late.yourInvitation, undefined);
    const pending = await api(people.pending, 'GET', `/meetings/${meetingId}`);
    assert.equal((pending.body as unknown as MeetingDetailView).yourInvitation, undefined);
    assert.deepEqual((pending.body as unknown as MeetingDetailView).meeting.documents, [{ title: 'Note conceptuelle', url: 'https://example.org/note.pdf' }]);
  });

  it('lists the confirmed colleagues of the invitee’s agency (not themself, not another agency), and nobody for a pending person, a stranger or someone not invited', async () => {
    const listed = await api(people.aminata, 'GET', `/meetings/${meetingId}/colleagues`);
    assert.equal(listed.status, 200);
    assert.deepEqual((listed.body.colleagues as { name: string }[]).map((colleague) => colleague.name), ['Fanta Keita', 'Moussa Diallo', 'Sékou Condé']);
    assert.deepEqual((await api(people.ibrahima, 'GET', `/meetings/${meetingId}/colleagues`)).body, { colleagues: [] });
    assert.equal((await api(people.pending, 'GET', `/meetings/${meetingId}/colleagues`)).status, 403);
    assert.equal((await api(teamsUser({ name: 'Inconnu' }), 'GET', `/meetings/${meetingId}/colleagues`)).status, 403);
    const late = await api(people.late, 'GET', `/meetings/${meetingId}/colleagues`, undefined, 'en-US');
    assert.equal(late.status, 403);
    assert.equal(late.body.message, 'You are not invited to this meeting; nothing was recorded.');
  });

  it('a delegation from the page costs what the card’s costs (person, meeting, invitation, delegate read by id; one write; no query) and shows on the detail', async () => {
    const moussa = (await api(people.aminata, 'GET', `/meetings/${meetingId}/colleagues`)).body.colleagues as { id: string; name: string }[];
    const to = moussa.find((colleague) => colleague.name === 'Moussa Diallo');
    assert.ok(to);
    // Warm both paths (a person's first request fills per-process caches), then measure.
    await api(people.fanta, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'online' });
    await cardTap(app, people.jane, 'meetings.rsvp', { networkId: NETWORK, meetingId, response: 'online' });
    await app.reseau.meetings.cardsIdle();
    const shape = (counts: StoreCounts) => ({ gets: withoutCachedRoleReads(counts).gets, queries: counts.queries, writes: counts.writes });

    const tab = await counting.during(() => api(people.aminata, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'delegated', delegateId: to.id }));
    assert.equal(tab.result.status, 200, tab.result.raw);
    assert.deepEqual(tab.result.body, { meetingId, response: 'delegated', delegateName: 'Moussa Diallo' });
    await app.reseau.meetings.cardsIdle();
    const card = await counting.during(() => cardTap(app, people.fanta, 'meetings.rsvp', { networkId: NETWORK, meetingId, response: 'delegated', delegateId: people.aminata.aadObjectId }));
    assert.equal(card.result.status, 200);
    assert.deepEqual(shape(tab.counts), shape(card.counts), 'the tab’s delegation costs the card’s');
    assert.deepEqual(shape(tab.counts), { gets: 4, queries: 0, writes: 1 });

    await app.reseau.meetings.cardsIdle();
    const rsvp = await counting.during(() => api(people.ibrahima, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'inPerson' }));
    assert.deepEqual(shape(rsvp.counts), { gets: 3, queries: 0, writes: 1 }, 'an answer: person, meeting, invitation, one write');

    const detail = (await api(people.aminata, 'GET', `/meetings/${meetingId}`)).body as unknown as MeetingDetailView;
    assert.deepEqual(detail.yourInvitation, { agencyCode: 'IOM', response: 'delegated', delegateName: 'Moussa Diallo' });
    assert.equal((await invitation(people.aminata))?.rsvp?.delegate?.name, 'Moussa Diallo');
  });

  it('refuses, storing nothing: another agency’s colleague, oneself, no colleague named, a pending person, someone not invited, an unknown meeting', async () => {
    const before = await invitation(people.ibrahima);
    const jane = await api(people.ibrahima, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'delegated', delegateId: people.jane.aadObjectId }, 'en-US');
    assert.equal(jane.status, 403);
    assert.equal(jane.body.code, 'delegateOtherAgency');
    assert.match(String(jane.body.message), /nothing was recorded|agency/i);
    const self = await api(people.ibrahima, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'delegated', delegateId: people.ibrahima.aadObjectId });
    assert.equal(self.status, 400);
    assert.equal(self.body.code, 'delegateUnknown');
    assert.equal((await api(people.ibrahima, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'delegated' })).status, 400, 'a delegation names its colleague');
    assert.equal((await api(people.ibrahima, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'inPerson', delegateId: people.jane.aadObjectId })).status, 400, 'only a delegation names one');
    assert.deepEqual(await invitation(people.ibrahima), before);

    const pending = await api(people.pending, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'inPerson' });
    assert.equal(pending.status, 403);
    const late = await api(people.late, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'delegated', delegateId: people.moussa.aadObjectId });
    assert.equal(late.status, 403);
    assert.equal(late.body.code, 'notInvited');
    assert.equal(await invitation(people.late), undefined);
    assert.equal((await api(people.moussa, 'POST', '/meetings/00000000-0000-4000-8000-000000000000/rsvp', { response: 'inPerson' })).status, 404);
  });

  it('a cancelled meeting refuses answers and delegation lists (409), in the reader’s language', async () => {
    await app.reseau.meetings.cancel(NETWORK, rc.aadObjectId, meetingId);
    const answer = await api(people.moussa, 'POST', `/meetings/${meetingId}/rsvp`, { response: 'online' }, 'en-US');
    assert.equal(answer.status, 409);
    assert.match(String(answer.body.message), /cancelled/i);
    assert.equal((await api(people.moussa, 'GET', `/meetings/${meetingId}/colleagues`)).status, 409);
    assert.equal((await invitation(people.moussa))?.rsvp, undefined);
  });
});
