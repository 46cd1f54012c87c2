/**
 * Meeting answers at a constant cost (issue 13): an RSVP (`meetings.rsvp`) and a delegation (the
 * same verb, response `delegated`) answer from what their turn reads by id — the responder's
 * person, the meeting document, their own invitation, the delegate's person — and one
 * conditional write of that invitation, whatever the number of members, invitees or meetings;
 * the meeting document stays small; the channel copy and the counts follow after the invoke, taken
 * into the summary by deltas that never read the invitations (a burst converges), and answers whose
 * deltas died with the process are recounted by the scheduler at the next start.
 */
import assert from 'node:assert/strict';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import type { RunningReseau as Reseau } from '../../src/main';
import { INVITATION_TYPE, invitationDocumentId, meetingDocumentId, type ConvocationInput, type InvitationDocument, type StoredMeeting } from '../../src/meetings/meeting-model';
import { agencyName } from '../../src/network/membership-cards';
import type { DocumentStore } from '../../src/store/document-store';
import { postActivity } from '../support/bot-client';
import { cardIn } from '../support/card-actions';
import { countingStore, describeCounts, withoutCachedRoleReads, type CountingDocumentStore, type StoreCounts } from '../support/counting-store';
import { lastDeliveredActivity, type FakeConnector } from '../support/fake-connector';
import { restartableReseau } from '../support/restartable-reseau';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const AGENCIES = ['IOM', 'UNHCR', 'WFP', 'UNICEF'] as const;
const newCoChair = () => teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
const adminsEnv = (rc: TeamsUser) => ({ NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });

const textRuns = (card: unknown): string[] => {
  if (Array.isArray(card)) return card.flatMap(textRuns);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  return node.type === 'TextRun' && typeof node.text === 'string' ? [node.text] : Object.values(node).flatMap(textRuns);
};
/** The French attendance lines of a card: "OIM (IOM) — 1 sur place, …" per agency. */
const attendanceLines = (card: unknown) => {
  const runs = textRuns(card);
  return runs.flatMap((run, index) => (run.endsWith(' — ') && /sur place/.test(runs[index + 1] ?? '') ? [`${run}${runs[index + 1]}`] : [])).join(' | ');
};

interface Network {
  readonly reseau: Reseau;
  readonly connector: FakeConnector;
  readonly store: DocumentStore;
  readonly clock: { now: Date };
  readonly rc: TeamsUser;
  readonly channel: TeamsConversation;
  /** Confirmed members, by agency. */
  readonly people: Record<string, TeamsUser[]>;
}

async function join(net: Pick<Network, 'reseau' | 'rc' | 'people'>, name: string, agency: string): Promise<TeamsUser> {
  const user = teamsUser({ name });
  await net.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language: 'fr' }, agency, 'member');
  await net.reseau.membership.confirm(NETWORK, net.rc.aadObjectId, user.aadObjectId, agency);
  (net.people[agency] ??= []).push(user);
  return user;
}

/** The co-chair, a channel with the bot, and `perAgency` confirmed members in each of four agencies. */
async function seed(reseau: Reseau, connector: FakeConnector, store: DocumentStore, clock: { now: Date }, rc: TeamsUser, perAgency = 5): Promise<Network> {
  await reseau.membership.firstContact(NETWORK, { aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID, name: rc.name, email: 'rc.guinee@un.org', language: 'fr' });
  const channel = teamsConversation('channel');
  await postActivity(reseau.url, botInstalled({ serviceUrl: connector.serviceUrl, conversation: channel, user: rc }));
  const net: Network = { reseau, connector, store, clock, rc, channel, people: {} };
  for (const agency of AGENCIES) for (let i = 0; i < perAgency; i += 1) await join(net, `Membre ${agency} ${i}`, agency);
  return net;
}

const convocation = (title: string): ConvocationInput => ({
  kind: 'regular',
  title,
  start: '2026-03-10T10:00:00Z',
  end: '2026-03-10T12:00:00Z',
  timeZone: 'Africa/Conakry',
  location: { kind: 'iomOffice' },
  agenda: [{ title: 'Plan de travail', agencyCode: 'IOM' }],
  documents: [],
  invitees: { kind: 'all' },
  externalGuests: [],
});

const rsvpInvoke = (net: Network, user: TeamsUser, meetingId: string, response: string, extra: Record<string, unknown> = {}, conversation = teamsConversation('personal')) =>
  adaptiveCardAction({ serviceUrl: net.connector.serviceUrl, user, conversation, locale: 'fr-FR', verb: 'meetings.rsvp', data: { networkId: NETWORK, meetingId, response, ...extra } });

const answer = async (net: Network, user: TeamsUser, meetingId: string, response: string, extra: Record<string, unknown> = {}, conversation?: TeamsConversation) => {
  return cardIn<unknown>(await postActivity(net.reseau.url, rsvpInvoke(net, user, meetingId, response, extra, conversation)));
};

const meetingDoc = async (store: DocumentStore, meetingId: string) => (await store.get<StoredMeeting>(NETWORK, meetingDocumentId(meetingId)))?.document;

/** The channel copy of a convocation. */
async function channelItem(store: DocumentStore, meetingId: string): Promise<OutboxItem | undefined> {
  const found = await store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `meeting:${meetingId}:convocation-channel` }] });
  return found[0]?.document;
}

/** What the delivered channel copy shows now: the last send or update Teams received for it. */
function deliveredCopy(connector: FakeConnector, item: OutboxItem | undefined): string {
  if (!item) return '(no copy)';
  return attendanceLines(lastDeliveredActivity(connector, item)?.attachments?.[0]?.content);
}

/** Waits (moving the app's clock, which paces the outbox) until the channel copy shows `expected`. */
async function converged(net: Network, meetingId: string, expected: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shows = '';
  for (;;) {
    const item = await channelItem(net.store, meetingId);
    shows = deliveredCopy(net.connector, item);
    if (item && item.status === 'sent' && (item.deliveredRevision ?? 0) >= item.revision && shows === expected) return;
    if (Date.now() > deadline) break;
    net.clock.now = new Date(net.clock.now.getTime() + 1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`the channel copy did not converge:\n  shows    ${shows}\n  expected ${expected}`);
}

/** The counts as the tab's detail computes them from every invitation, in the card's words. */
async function exactLines(net: Network, meetingId: string): Promise<string> {
  const detail = await net.reseau.meetings.detail(NETWORK, net.rc.aadObjectId, meetingId, 'fr');
  const agencies = await net.reseau.membership.agencies(NETWORK);
  return detail.attendance
    .map((row) => {
      const agency = agencies.find((candidate) => candidate.code === row.agencyCode);
      const name = agency ? agencyName(agency, 'fr') : row.agencyCode;
      return `${name} — ${row.inPerson} sur place, ${row.online} en ligne, ${row.delegated} ${row.delegated > 1 ? 'délégations' : 'délégation'}, ${row.declined} ${row.declined > 1 ? 'absences' : 'absence'}, ${row.noAnswer} sans réponse`;
    })
    .join(' | ');
}

describe('meeting answers: constant cost, cards and counts after the invoke', function () {
  this.timeout(180_000);

  describe('on one running app', () => {
    let app: ReseauUnderTest;
    let counting: CountingDocumentStore;
    let net: Network;

    afterEach(async () => {
      await app?.stop();
    });

    const start = async (perAgency = 5) => {
      const rc = newCoChair();
      app = await startReseauUnderTest({
        env: adminsEnv(rc),
        clockStart: START,
        wrapStore: (store) => (counting = countingStore(store, { exclude: /Dispatcher\.|DeliveryTally\.|SendingLease\.|CardRefresher\.|syncSummary/ })),
      });
      net = await seed(app.reseau, app.connector, app.store, app.clock ?? { now: START }, rc, perAgency);
    };

    it('an RSVP and a delegation cost the same store operations on a meeting of 21 as on one of 221 in a network grown tenfold with history: the person(s), the meeting and the own invitation read by id, one conditional write — no member scan, no query, no outbox in the turn', async () => {
      await start();
      /** What the refresh after each measured answer cost (the work handed off: syncSummary's operations only). */
      const refreshes: StoreCounts[] = [];
      const measure = async (user: TeamsUser, meetingId: string, response: string, extra: Record<string, unknown> = {}): Promise<StoreCounts> => {
        await net.reseau.meetings.cardsIdle();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { counts } = await counting.during(() => answer(net, user, meetingId, response, extra));
        const { exclude } = counting.options;
        counting.options.exclude = undefined;
        counting.options.include = /syncSummary/;
        try {
          refreshes.push((await counting.during(() => net.reseau.meetings.cardsIdle())).counts);
        } finally {
          counting.options.include = undefined;
          counting.options.exclude = exclude;
        }
        return counts;
      };
      const iom = () => net.people.IOM!;
      const small = await net.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, convocation('Réunion de mars'));
      // Warm (a person's first turn may fill per-process caches), then measure.
      await measure(iom()[0]!, small.meetingId, 'online');
      const smallRsvp = await measure(iom()[1]!, small.meetingId, 'inPerson');
      const smallDelegation = await measure(iom()[2]!, small.meetingId, 'delegated', { delegateId: iom()[0]!.aadObjectId });

      // Ten times the people (200 more members), five past meetings everyone was invited to and answered.
      for (let i = 0; i < 200; i += 1) await join(net, `Membre ${i}`, AGENCIES[i % AGENCIES.length]!);
      for (let m = 0; m < 5; m += 1) {
        const past = await net.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, convocation(`Réunion ${m}`));
        for (const [index, user] of Object.values(net.people).flat().entries()) {
          if (index % 3 !== 0) await net.reseau.meetings.rsvp(NETWORK, user.aadObjectId, past.meetingId, index % 2 ? 'online' : 'declined');
        }
      }
      const large = await net.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, convocation('Réunion de mai'));
      for (const [index, user] of Object.values(net.people).flat().entries()) {
        if (index % 4 === 0 && !iom().slice(0, 3).includes(user)) await net.reseau.meetings.rsvp(NETWORK, user.aadObjectId, large.meetingId, 'online');
      }
      await measure(iom()[0]!, large.meetingId, 'online');
      const largeRsvp = await measure(iom()[1]!, large.meetingId, 'inPerson');
      const largeDelegation = await measure(iom()[2]!, large.meetingId, 'delegated', { delegateId: iom()[0]!.aadObjectId });

      // The directory and rotation come from the per-process cache (see withoutCachedRoleReads).
      const shape = (counts: StoreCounts) => ({ ...withoutCachedRoleReads(counts), queries: counts.queries, writes: counts.writes, queriesByType: counts.queriesByType });
      // The refresh after an answer takes it into the summary by a delta: the meeting read and
      // written, the channel copy rewritten through the outbox — never the invitations.
      const [, smallRsvpRefresh, smallDelegationRefresh, , largeRsvpRefresh, largeDelegationRefresh] = refreshes;
      for (const [what, small, large] of [['RSVP', smallRsvpRefresh!, largeRsvpRefresh!], ['delegation', smallDelegationRefresh!, largeDelegationRefresh!]] as const) {
        assert.deepEqual(shape(large), shape(small), `the refresh after a ${what} — 21 invitees: ${describeCounts(small)}\n221 invitees and history: ${describeCounts(large)}`);
        assert.equal(large.queriesByType.meetingRsvp, undefined, `the refresh after a ${what} reads no invitation: ${describeCounts(large)}`);
        assert.deepEqual([large.getsByPrefix.meeting, large.byOperation.replace.calls], [1, 2], `the refresh after a ${what}: the meeting read once and written once (+ the channel copy): ${describeCounts(large)}`);
      }
      assert.deepEqual(shape(largeRsvp), shape(smallRsvp), `RSVP — 21 invitees: ${describeCounts(smallRsvp)}\n221 invitees and history: ${describeCounts(largeRsvp)}`);
      assert.deepEqual(shape(largeDelegation), shape(smallDelegation), `delegation — 21 invitees: ${describeCounts(smallDelegation)}\n221 invitees and history: ${describeCounts(largeDelegation)}`);
      for (const [what, counts, members] of [['RSVP', largeRsvp, 1], ['delegation', largeDelegation, 2]] as const) {
        assert.equal(counts.queries, 0, `${what}: no query in the turn: ${describeCounts(counts)}`);
        assert.equal(counts.getsByPrefix.meeting, 1, `${what}: one read of the meeting: ${JSON.stringify(counts.getsByPrefix)}`);
        assert.equal(counts.getsByPrefix['meeting-rsvp'], 1, `${what}: the responder's invitation: ${JSON.stringify(counts.getsByPrefix)}`);
        assert.equal(counts.getsByPrefix.member, members, `${what}: the responder's person${members > 1 ? ' and the delegate’s' : ''}: ${JSON.stringify(counts.getsByPrefix)}`);
        assert.equal(counts.writes, 1, `${what}: one write: ${describeCounts(counts)}`);
        assert.equal(counts.byOperation.replace.calls, 1, `${what}: conditional on the invitation's ETag`);
      }
      // The meeting document does not grow with its invitees (no list inside).
      const bytes = (document: unknown) => Buffer.byteLength(JSON.stringify(document));
      const [smallDoc, largeDoc] = [await meetingDoc(net.store, small.meetingId), await meetingDoc(net.store, large.meetingId)];
      assert.ok(bytes(largeDoc) < 8 * 1024, `the meeting of 221 invitees is ${bytes(largeDoc)} bytes`);
      assert.ok(bytes(largeDoc) - bytes(smallDoc) < 3 * 1024, `21 → 221 invitees: ${bytes(smallDoc)} → ${bytes(largeDoc)} bytes (only the 60 refresh ids grow)`);

      // The same answer again (a double click) writes nothing.
      const again = await measure(iom()[1]!, large.meetingId, 'inPerson');
      assert.equal(again.writes, 0, `the same answer again: ${describeCounts(again)}`);

      // The counts follow: the summary on the meeting agrees with the invitations.
      await net.reseau.meetings.cardsIdle();
      const stored = await meetingDoc(net.store, large.meetingId);
      const iomRow = stored?.attendance.agencies.find((row) => row.agencyCode === 'IOM');
      assert.deepEqual([iomRow?.inPerson, iomRow?.delegated], [1, 1]);
      assert.deepEqual(app.logs.filter((line) => line.level >= 50).map((line) => line.msg), []);
    });

    it('each answer card counts its own answer at once; after a burst of 20 answers (1:1 and channel) the channel copy shows the exact counts and the meeting’s summary agrees', async () => {
      await start();
      const meeting = await net.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, convocation('Réunion de mars'));
      await net.reseau.meetings.cardsIdle();
      const first = await answer(net, net.people.WFP![0]!, meeting.meetingId, 'inPerson');
      assert.match(attendanceLines(first), /PAM \(WFP\) — 1 sur place, 0 en ligne, 0 délégation, 0 absence, 4 sans réponse/, attendanceLines(first));
      const everyone = Object.values(net.people).flat();
      const replies = await Promise.all(
        everyone.map((user, index) => {
          const agency = AGENCIES.find((code) => net.people[code]!.includes(user))!;
          const colleague = net.people[agency]!.find((other) => other !== user)!;
          const [response, extra] = index % 5 === 0 ? ['delegated', { delegateId: colleague.aadObjectId }] : [['inPerson', 'online', 'declined'][index % 3]!, {}];
          return postActivity(net.reseau.url, rsvpInvoke(net, user, meeting.meetingId, response as string, extra, index % 2 ? net.channel : teamsConversation('personal')));
        }),
      );
      for (const reply of replies) assert.equal((reply.body as { type: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(reply.body));
      await net.reseau.meetings.cardsIdle();
      const expected = await exactLines(net, meeting.meetingId);
      await converged(net, meeting.meetingId, expected);
      const stored = await meetingDoc(net.store, meeting.meetingId);
      assert.equal(stored?.attendance.answered, 20);
      const detail = await net.reseau.meetings.detail(NETWORK, net.rc.aadObjectId, meeting.meetingId, 'fr');
      assert.deepEqual(stored?.attendance.agencies, detail.attendance, 'the summary is the exact count');
      assert.deepEqual(app.logs.filter((line) => line.level >= 50).map((line) => line.msg), []);
    });

    it('a meeting stored with its invitee list inside (before invitations) moves to invitations on first read, keeping the answers given', async () => {
      await start(2);
      const meeting = await net.reseau.meetings.convene(NETWORK, net.rc.aadObjectId, convocation('Réunion ancienne'));
      const [aminata, moussa] = net.people.IOM!;
      await net.reseau.meetings.rsvp(NETWORK, aminata!.aadObjectId, meeting.meetingId, 'online');
      await net.reseau.meetings.cardsIdle();
      // Rewrite it as the first round stored it: the invitees inside, each answer in a document of its own.
      const stored = (await net.store.get<StoredMeeting>(NETWORK, meetingDocumentId(meeting.meetingId)))!;
      const { attendance: _attendance, refreshFor: _refreshFor, ...rest } = stored.document;
      await net.store.replace({ ...rest, invited: meeting.invited, rsvps: {} } as unknown as StoredMeeting, stored.etag);
      for (const invitee of meeting.invited) {
        const id = invitationDocumentId(meeting.meetingId, invitee.aadObjectId);
        const current = (await net.store.get<InvitationDocument>(NETWORK, id))!;
        if (current.document.rsvp) await net.store.replace({ id, networkId: NETWORK, type: INVITATION_TYPE, meetingId: meeting.meetingId, aadObjectId: invitee.aadObjectId, rsvp: current.document.rsvp } as unknown as InvitationDocument, current.etag);
        else await net.store.delete(NETWORK, id);
      }
      const card = await answer(net, moussa!, meeting.meetingId, 'inPerson');
      assert.match(attendanceLines(card), /OIM \(IOM\) — 1 sur place, 1 en ligne, 0 délégation, 0 absence, 0 sans réponse/, attendanceLines(card));
      const migrated = await meetingDoc(net.store, meeting.meetingId);
      assert.ok(migrated && !('invited' in migrated), 'the list left the meeting document');
      const invitations = await net.store.query<InvitationDocument>(NETWORK, { type: INVITATION_TYPE, where: [{ path: 'meetingId', op: '=', value: meeting.meetingId }] });
      assert.equal(invitations.length, meeting.invited.length);
      assert.equal(invitations.find((entry) => entry.document.aadObjectId === aminata!.aadObjectId.toLowerCase())?.document.rsvp?.response, 'online', 'the earlier answer is kept');
      assert.equal(invitations.find((entry) => entry.document.aadObjectId === aminata!.aadObjectId.toLowerCase())?.document.agencyCode, 'IOM');
    });
  });

  describe('across a crash', () => {
    const rc = newCoChair();
    const restart = restartableReseau('reseau-meeting-budget-', START, () => adminsEnv(rc));
    const { clock } = restart;
    const boot = () => restart.boot();

    it('answers whose deltas never reached the summary (the app died right after the invoke) reach it and the channel copy at the next start', async () => {
      const first = await boot();
      const net = await seed(first, restart.connector, first.store, clock, rc, 3);
      const meeting = await first.meetings.convene(NETWORK, rc.aadObjectId, convocation('Réunion de mars'));
      await converged(net, meeting.meetingId, await exactLines(net, meeting.meetingId));

      // The process "dies" before the refresh runs: no background refresh starts any more, its deltas are lost.
      await first.meetings.stopCardRefreshes();
      await answer(net, net.people.UNHCR![0]!, meeting.meetingId, 'inPerson');
      await answer(net, net.people.UNHCR![1]!, meeting.meetingId, 'delegated', { delegateId: net.people.UNHCR![0]!.aadObjectId });
      const expected = await exactLines(net, meeting.meetingId);
      assert.match(expected, /HCR \(UNHCR\) — 1 sur place, 0 en ligne, 1 délégation/);
      assert.equal((await meetingDoc(first.store, meeting.meetingId))?.attendance.answered, 0, 'the summary is behind');
      assert.notEqual(deliveredCopy(restart.connector, await channelItem(first.store, meeting.meetingId)), expected, 'the channel copy is behind');
      await restart.stop();

      // Restarted a little later on the same store: the scheduler's first pass recounts.
      clock.now = new Date(clock.now.getTime() + 60_000);
      const second = await boot();
      await converged({ ...net, reseau: second, store: second.store }, meeting.meetingId, expected);
      assert.equal((await meetingDoc(second.store, meeting.meetingId))?.attendance.answered, 2);
    });
  });
});
