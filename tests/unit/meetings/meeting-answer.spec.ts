/**
 * Issue 13: an RSVP and a delegation at a fixed store-operation budget, and the attendance
 * summary kept by deltas — counted on the real adapters (SQLite, and the Cosmos protocol server)
 * through the counting store. The turn reads the meeting and the responder's invitation by id and
 * writes that invitation once; the refresh after it reads the meeting and writes it once, never
 * the invitations, whatever the number of invitees and answers; two instances answering together
 * converge to the exact count; a delta lost in a crash is repaired by the first scheduler pass
 * after the start, and deltas still on their way during a recount are not counted twice.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import type { ConversationService } from '../../../src/delivery/conversation-service';
import type { OutboxService } from '../../../src/delivery/outbox-service';
import { createLogger } from '../../../src/logger';
import { INVITATION_TYPE, MEETING_TYPE, meetingDocumentId, type InvitationDocument, type Invitee, type MeetingDocument, type RsvpResponse, type StoredMeeting } from '../../../src/meetings/meeting-model';
import { MeetingRepository } from '../../../src/meetings/meeting-repository';
import { SUMMARY_MARGIN_MS, summariseAttendance } from '../../../src/meetings/meeting-rules';
import { MeetingService } from '../../../src/meetings/meeting-service';
import type { MembershipService } from '../../../src/network/membership-service';
import type { MemberDocument } from '../../../src/network/model';
import type { Person } from '../../../src/network/roles';
import type { DocumentStore } from '../../../src/store/document-store';
import { countingStore, describeCounts, type CountingDocumentStore, type StoreCounts } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';
import { convocation } from './meeting-fixture';

const NETWORK = 'gn';
const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
const AGENCIES = ['IOM', 'UNHCR', 'WFP', 'UNICEF', 'UNDP'];
const personId = (index: number) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
const agencyOf = (index: number) => AGENCIES[index % AGENCIES.length]!;
const invitee = (index: number): Invitee => ({ aadObjectId: personId(index), tenantId: TENANT, name: `Membre ${index}`, agencyCode: agencyOf(index), language: 'fr' });
/** A colleague of the same agency (the next person of it). */
const colleagueOf = (index: number) => index + AGENCIES.length;

/** Every confirmed member of a network, as the membership service gives them (nothing read from the store). */
function fakeMembership(): MembershipService {
  const indexOf = (id: string) => Number.parseInt(id.slice(-12), 16);
  const person = (id: string): Person => ({ aadObjectId: id.toLowerCase(), agencyCode: agencyOf(indexOf(id)), roles: new Set(['member']) });
  const member = (id: string) => ({ aadObjectId: id.toLowerCase(), tenantId: TENANT, name: `Membre ${indexOf(id)}`, agencyCode: agencyOf(indexOf(id)), language: 'fr', status: 'confirmed' }) as MemberDocument;
  return {
    person: async (_networkId: string, id: string) => person(id),
    profile: async (_networkId: string, id: string) => ({ member: member(id), person: person(id) }),
    agencies: async () => [],
  } as unknown as MembershipService;
}

/** An outbox that accepts everything and remembers the channel copies it was asked to rewrite. */
function quietOutbox(rewrites: string[]): OutboxService {
  return {
    enqueue: async () => ({ queued: 0, alreadyQueued: 0, undeliverable: 0 }),
    update: async (_networkId: string, messageKey: string) => {
      rewrites.push(messageKey);
      return { updated: 0 };
    },
  } as unknown as OutboxService;
}

interface Instance {
  readonly meetings: MeetingService;
  readonly rewrites: string[];
  readonly logs: { level: number; msg: string }[];
}

function instance(store: DocumentStore, clock: { now: Date }): Instance {
  const rewrites: string[] = [];
  const logs: { level: number; msg: string }[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  const meetings = new MeetingService({
    store,
    membership: fakeMembership(),
    outbox: quietOutbox(rewrites),
    conversations: { installedChannels: async () => [] } as unknown as ConversationService,
    cards: new CardRenderer(),
    logger,
    publicUrl: () => 'https://reseau.example.org',
    now: () => clock.now,
  });
  return { meetings, rewrites, logs };
}

/** A meeting of `size` invitees as convening stores it (its invitations, then the meeting document). */
async function issue(store: DocumentStore, size: number, clock: { now: Date }): Promise<string> {
  const meetingId = crypto.randomUUID();
  const invited = Array.from({ length: size }, (_, index) => invitee(index));
  const meeting: MeetingDocument = {
    ...convocation(),
    id: meetingDocumentId(meetingId),
    networkId: NETWORK,
    type: MEETING_TYPE,
    meetingId,
    status: 'scheduled',
    sequence: 0,
    attendance: summariseAttendance(invited, clock.now),
    refreshFor: invited.slice(0, 60).map((person) => person.aadObjectId),
    invited,
    rsvps: {},
    reminderOffsetHours: 48,
    reminders: [],
    createdBy: personId(0),
    createdAt: clock.now.toISOString(),
    updatedAt: clock.now.toISOString(),
  };
  await new MeetingRepository(store).create(meeting);
  return meetingId;
}

const stored = async (store: DocumentStore, meetingId: string) => (await store.get<StoredMeeting>(NETWORK, meetingDocumentId(meetingId)))!.document;

/** The counts of every invitation, as the tab's detail computes them. */
async function exact(store: DocumentStore, meetingId: string) {
  const invitations = (await store.query<InvitationDocument>(NETWORK, { type: INVITATION_TYPE, where: [{ path: 'meetingId', op: '=', value: meetingId }] })).map((entry) => entry.document);
  const { invited, answered, agencies, revisions } = summariseAttendance(invitations, new Date());
  return { invited, answered, agencies, revisions };
}
const counts = ({ invited, answered, agencies, revisions }: StoredMeeting['attendance']) => ({ invited, answered, agencies, revisions });

const answerOf = (index: number, round: number): RsvpResponse => (['inPerson', 'online', 'declined'] as const)[(index + round) % 3]!;

describe('meeting answers and the attendance summary kept by deltas (meetings.rsvp)', function () {
  this.timeout(180_000);

  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, () => {
      let inner: DocumentStore;
      let store: CountingDocumentStore;
      const clock = { now: new Date('2026-03-01T09:00:00Z') };
      const tick = (ms = 1000) => (clock.now = new Date(clock.now.getTime() + ms));

      beforeEach(async () => {
        inner = await adapter.open();
        store = countingStore(inner);
        clock.now = new Date('2026-03-01T09:00:00Z');
      });
      afterEach(async () => {
        await adapter.close(inner);
      });

      it('an RSVP and a delegation cost the same on a meeting of 20 invitees as on one of 400 with answers and history; the refresh after them reads and writes the meeting only', async () => {
        const { meetings } = instance(store, clock);
        const measure = async (meetingId: string) => {
          const turn = async (index: number, response: RsvpResponse, delegateId?: string): Promise<{ turn: StoreCounts; refresh: StoreCounts }> => {
            tick();
            const { counts: turnCounts } = await store.during(() => meetings.rsvp(NETWORK, personId(index), meetingId, response, delegateId));
            const { counts: refresh } = await store.during(() => meetings.cardsIdle());
            return { turn: turnCounts, refresh };
          };
          return { rsvp: await turn(1, 'inPerson'), delegation: await turn(2, 'delegated', personId(colleagueOf(2))), changed: await turn(1, 'online') };
        };
        const small = await issue(store, 20, clock);
        const smallCosts = await measure(small);

        const large = await issue(store, 400, clock);
        // History: most invitees answered, many changed their mind.
        for (let round = 0; round < 2; round += 1) {
          for (let index = 3; index < 400; index += round + 1) await meetings.rsvp(NETWORK, personId(index), large, answerOf(index, round));
        }
        await meetings.cardsIdle();
        const largeCosts = await measure(large);

        const shape = (entry: StoreCounts) => ({ gets: entry.gets, queries: entry.queries, rows: entry.rows, writes: entry.writes, getsByPrefix: entry.getsByPrefix, queriesByType: entry.queriesByType });
        for (const what of ['rsvp', 'delegation', 'changed'] as const) {
          for (const part of ['turn', 'refresh'] as const) {
            assert.deepEqual(shape(largeCosts[what][part]), shape(smallCosts[what][part]), `${what}, ${part} — 20 invitees: ${describeCounts(smallCosts[what][part])}\n400 invitees and history: ${describeCounts(largeCosts[what][part])}`);
          }
          const { turn, refresh } = largeCosts[what];
          assert.deepEqual(turn.getsByPrefix, { meeting: 1, 'meeting-rsvp': 1 }, `${what}: the meeting and the own invitation, by id: ${describeCounts(turn)}`);
          assert.deepEqual([turn.queries, turn.writes, turn.byOperation.replace.calls], [0, 1, 1], `${what}: one conditional write: ${describeCounts(turn)}`);
          assert.deepEqual(refresh.getsByPrefix, { meeting: 1 }, `${what}: the refresh reads the meeting: ${describeCounts(refresh)}`);
          assert.deepEqual([refresh.queries, refresh.writes, refresh.byOperation.replace.calls], [0, 1, 1], `${what}: no invitation read, one conditional write: ${describeCounts(refresh)}`);
        }
        assert.deepEqual(counts((await stored(store, large)).attendance), await exact(store, large), 'the summary kept by deltas is the exact count');
        assert.deepEqual(counts((await stored(store, small)).attendance), await exact(store, small));
      });

      it('two instances answering the same meeting together (50 answers, changes of mind, delegations) converge to the exact count', async () => {
        const first = instance(store, clock);
        const second = instance(store, clock);
        const meetingId = await issue(store, 60, clock);
        for (let round = 0; round < 3; round += 1) {
          tick();
          await Promise.all(
            Array.from({ length: 50 }, (_, index) => {
              const { meetings } = index % 2 ? first : second;
              return index % 7 === 0 ? meetings.rsvp(NETWORK, personId(index), meetingId, 'delegated', personId(colleagueOf(index))) : meetings.rsvp(NETWORK, personId(index), meetingId, answerOf(index, round));
            }),
          );
        }
        await Promise.all([first.meetings.cardsIdle(), second.meetings.cardsIdle()]);
        assert.deepEqual(counts((await stored(store, meetingId)).attendance), await exact(store, meetingId));
        assert.ok(first.rewrites.length + second.rewrites.length > 0, 'the channel copies were rewritten');
        assert.deepEqual([...first.logs, ...second.logs].filter((line) => line.level >= 40).map((line) => line.msg), []);
      });

      it('answers whose deltas died with their process are counted again by the first scheduler pass after the start (logged); a recount does not count twice the deltas still on their way', async () => {
        const crashed = instance(store, clock);
        const meetingId = await issue(store, 30, clock);
        await crashed.meetings.rsvp(NETWORK, personId(1), meetingId, 'inPerson');
        await crashed.meetings.cardsIdle();
        // The process dies between the answers and their refresh: their deltas are lost.
        await crashed.meetings.stopCardRefreshes();
        await crashed.meetings.rsvp(NETWORK, personId(2), meetingId, 'online');
        await crashed.meetings.rsvp(NETWORK, personId(3), meetingId, 'delegated', personId(colleagueOf(3)));
        assert.equal((await stored(store, meetingId)).attendance.answered, 1, 'the summary is behind');

        tick(30_000);
        const restarted = instance(store, clock);
        // Answers keep coming while the restarted instance recounts: theirs are counted once.
        await restarted.meetings.rsvp(NETWORK, personId(4), meetingId, 'declined');
        await restarted.meetings.tick(NETWORK, { afterStart: true });
        await restarted.meetings.rsvp(NETWORK, personId(4), meetingId, 'online');
        await restarted.meetings.cardsIdle();
        const repaired = await stored(store, meetingId);
        assert.deepEqual(counts(repaired.attendance), await exact(store, meetingId));
        assert.deepEqual([repaired.attendance.answered, repaired.attendance.revisions], [4, 5]);
        assert.ok(restarted.logs.some((line) => line.level === 40 && line.msg === 'meeting attendance summary repaired from the invitations'), 'the repair is logged');

        // Later passes do not recount (nothing lost since), and what the recount saw is dropped once no delta can come.
        tick(SUMMARY_MARGIN_MS + 1000);
        const { counts: quiet } = await store.during(() => restarted.meetings.tick(NETWORK));
        assert.equal(quiet.queriesByType[INVITATION_TYPE], undefined, describeCounts(quiet));
        await restarted.meetings.rsvp(NETWORK, personId(5), meetingId, 'inPerson');
        await restarted.meetings.cardsIdle();
        const later = await stored(store, meetingId);
        assert.deepEqual(counts(later.attendance), await exact(store, meetingId));
        assert.equal(later.attendance.recountSeen, undefined);
      });
    });
  }
});
