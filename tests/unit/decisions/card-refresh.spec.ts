/**
 * Issue 5, item 9: concurrent positions never leave a delivered card on an older tally. The
 * outbox here holds the first card update until the test lets it go, the way a slow write
 * would: a position saved meanwhile must still be on the card that lands last.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import type { ConversationService } from '../../../src/delivery/conversation-service';
import type { ActivitySource, OutboxService } from '../../../src/delivery/outbox-service';
import type { Recipient } from '../../../src/delivery/outbox-rules';
import type { RosterService } from '../../../src/delivery/roster-service';
import { DecisionsService } from '../../../src/decisions/decisions-service';
import { createLogger } from '../../../src/logger';
import { NETWORK, membershipFixture, type Fixture } from '../network/membership-fixture';

const CHANNEL: Recipient = { kind: 'conversation', conversationId: '19:excom@thread.tacv2' };

/** An outbox that renders each update for one channel copy and records it when it "lands". */
class HeldOutbox {
  readonly landed: { key: string; text: string }[] = [];
  private hold: Promise<void> | undefined;
  private release: (() => void) | undefined;
  held = false;

  holdNextUpdate(): () => void {
    this.hold = new Promise((resolve) => (this.release = resolve));
    return () => this.release?.();
  }

  async enqueue() {
    return { queued: 0, alreadyQueued: 0, undeliverable: 0 };
  }

  async update(_networkId: string, key: string, source: ActivitySource) {
    const activity = typeof source === 'function' ? source(CHANNEL) : source;
    const hold = this.hold;
    if (hold && key.endsWith(':excom')) {
      this.hold = undefined;
      this.held = true;
      await hold;
    }
    this.landed.push({ key, text: JSON.stringify(activity) });
    return { updated: 1 };
  }
}

describe('decisions: ExCom cards under concurrent positions', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('the card that lands last shows every position, even when an earlier refresh lands after a later position', async () => {
    const outbox = new HeldOutbox();
    const decisions = new DecisionsService({
      store: f.store,
      membership: f.service,
      outbox: outbox as unknown as OutboxService,
      roster: {} as RosterService,
      conversations: { installedChannels: async () => [] } as unknown as ConversationService,
      cards: new CardRenderer(),
      logger: createLogger('silent'),
      now: () => f.clock.now,
    });
    const iom = await f.member('Point focal OIM', 'IOM', 'focalPoint');
    const undp = await f.member('Point focal PNUD', 'UNDP', 'focalPoint');
    const decision = await decisions.createDecision(NETWORK, f.rc, { title: 'Plan 2026', text: { fr: 'Texte.' }, mode: 'consensus', deadline: '2026-03-10T17:00:00Z' });

    const release = outbox.holdNextUpdate();
    const first = decisions.castPosition(NETWORK, decision.decisionId, iom, { agencyCode: 'IOM', position: 'agree' });
    while (!outbox.held) await new Promise((resolve) => setTimeout(resolve, 1));
    // IOM's refresh is stuck in the outbox while UNDP's position is saved.
    await decisions.castPosition(NETWORK, decision.decisionId, undp, { agencyCode: 'UNDP', position: 'standAside' });
    release();
    await first;
    // Cards are refreshed after the position answered: wait for the background refresh.
    await decisions.cardsIdle();

    const last = outbox.landed.filter((entry) => entry.key.endsWith(':excom')).at(-1);
    assert.match(last?.text ?? '', /2\/\d+ agences du Comité exécutif ont répondu/, 'the last card counts both agencies');
    assert.match(last?.text ?? '', /"Abstention\u202f: ",[^}]*},{"type":"TextRun","text":"UNDP"/);
  });
});
