/**
 * A statements service over the membership fixture's network, with the outbox and the channels
 * stubbed (nothing is sent), and the six ExCom agencies' focal points: what the statements' unit
 * specs act through.
 */
import { CardRenderer } from '../../../src/cards/card-renderer';
import type { ConversationService } from '../../../src/delivery/conversation-service';
import type { OutboxService } from '../../../src/delivery/outbox-service';
import { createLogger } from '../../../src/logger';
import { StatementsService } from '../../../src/statements/statements-service';
import type { DocumentStore } from '../../../src/store/document-store';
import { identity, type Fixture } from '../network/membership-fixture';

export const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];

/** The service on the fixture's store (or one wrapping it). */
export function statementsOver(f: Fixture, store: DocumentStore = f.store): StatementsService {
  return new StatementsService({
    store,
    membership: f.service,
    outbox: { enqueue: async () => ({ queued: 0, alreadyQueued: 0, undeliverable: 0 }), update: async () => ({ updated: 0 }) } as unknown as OutboxService,
    conversations: { installedChannels: async () => [] } as unknown as ConversationService,
    cards: new CardRenderer(),
    logger: createLogger('silent'),
    now: () => f.clock.now,
  });
}

/** A confirmed focal point for each ExCom agency. */
export async function excomFocalPoints(f: Fixture): Promise<Record<string, ReturnType<typeof identity>>> {
  const representatives: Record<string, ReturnType<typeof identity>> = {};
  for (const agency of EXCOM) representatives[agency] = await f.member(`Point focal ${agency}`, agency, 'focalPoint');
  return representatives;
}
