/**
 * Answers arrive together (a convocation reaches every member at once): on both store adapters,
 * simultaneous RSVPs to one meeting all land — the ETag race is lost, re-read and re-applied,
 * never overwritten — and an automatic reminder is recorded once even when two instances tick.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../src/cards/card-renderer';
import type { ConversationService } from '../../src/delivery/conversation-service';
import type { OutboxService } from '../../src/delivery/outbox-service';
import { createLogger } from '../../src/logger';
import type { Invitee, MeetingDocument } from '../../src/meetings/meeting-model';
import { MeetingRepository } from '../../src/meetings/meeting-repository';
import { MeetingService } from '../../src/meetings/meeting-service';
import type { MembershipService } from '../../src/network/membership-service';
import type { DocumentStore } from '../../src/store/document-store';
import { meeting } from '../unit/meetings/meeting-fixture';
import { storeAdaptersUnderTest } from '../support/store-adapters';

const PEOPLE = 40;
const invitees: Invitee[] = Array.from({ length: PEOPLE }, (_, i) => ({
  aadObjectId: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`,
  tenantId: '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f',
  name: `Personne ${i}`,
  agencyCode: ['IOM', 'UNHCR', 'WFP'][i % 3] ?? 'IOM',
  language: 'fr',
}));

function serviceOn(store: DocumentStore, now: () => Date, sent: string[]): MeetingService {
  // Membership and delivery are not under test here: every caller is a confirmed member, and
  // the outbox records what it was asked to send.
  const membership = {
    person: async (_networkId: string, aadObjectId: string) => ({ aadObjectId, agencyCode: 'IOM', roles: new Set(['member']) }),
    agencies: async () => [],
  } as unknown as MembershipService;
  const outbox = {
    enqueue: async (_networkId: string, key: string, recipients: readonly unknown[]) => {
      sent.push(`${key}:${recipients.length}`);
      return { queued: recipients.length, alreadyQueued: 0, undeliverable: 0 };
    },
  } as unknown as OutboxService;
  const conversations = { installedChannels: async () => [] } as unknown as ConversationService;
  return new MeetingService({ store, membership, outbox, conversations, cards: new CardRenderer(), logger: createLogger('silent'), publicUrl: () => 'https://reseau.example.org', now });
}

describe('meetings on both store adapters', function () {
  this.timeout(60_000);
  for (const adapter of storeAdaptersUnderTest()) {
    describe(adapter.name, () => {
      let store: DocumentStore;
      beforeEach(async () => {
        store = await adapter.open();
        await new MeetingRepository(store).create(meeting({ invited: invitees }));
      });
      afterEach(async () => {
        await adapter.close(store);
      });

      it(`keeps all ${PEOPLE} answers sent at the same moment`, async () => {
        const service = serviceOn(store, () => new Date('2026-03-02T09:00:00Z'), []);
        await Promise.all(invitees.map((person, i) => service.rsvp('gn', person.aadObjectId, meeting().meetingId, i % 2 === 0 ? 'inPerson' : 'online')));
        const stored = (await new MeetingRepository(store).get('gn', meeting().meetingId))?.document as MeetingDocument;
        assert.equal(Object.keys(stored.rsvps).length, PEOPLE);
        assert.equal(Object.values(stored.rsvps).filter((rsvp) => rsvp.response === 'inPerson').length, PEOPLE / 2);
      });

      it('sends the automatic reminder once when two instances tick together', async () => {
        const sent: string[] = [];
        const now = () => new Date('2026-03-09T09:00:00Z');
        const [a, b] = [serviceOn(store, now, sent), serviceOn(store, now, sent)];
        const reminded = await Promise.all([a.tick('gn'), b.tick('gn'), a.tick('gn')]);
        assert.equal(reminded.reduce((sum, n) => sum + n, 0), 1);
        assert.deepEqual(sent, [`meeting:${meeting().meetingId}:reminder:1:${PEOPLE}`]);
      });
    });
  }
});
