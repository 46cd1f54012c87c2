/**
 * One app instance's delivery side, as an App Service instance has it: its own outbox service,
 * tally, dispatcher and sending lease, on a store shared with the other instances, calling the
 * fake connector through the real Bot Connector gateway.
 */
import { createTeamsAdapter } from '../../src/bot/teams-bot';
import { BotConnectorGateway } from '../../src/delivery/bot-connector-gateway';
import { ConversationService } from '../../src/delivery/conversation-service';
import { DeliveryTally } from '../../src/delivery/delivery-tally';
import { Dispatcher, type DispatcherOptions } from '../../src/delivery/dispatcher';
import { OutboxService } from '../../src/delivery/outbox-service';
import { SendingLease, type SendingLeaseOptions } from '../../src/delivery/sending-lease';
import { createLogger } from '../../src/logger';
import type { DocumentStore } from '../../src/store/document-store';

export interface DeliveryInstance {
  readonly outbox: OutboxService;
  readonly dispatcher: Dispatcher;
  readonly lease: SendingLease;
}

export interface DeliveryInstanceOptions extends Partial<Pick<DispatcherOptions, 'leaseMs' | 'maxAttempts' | 'backoff' | 'availability' | 'pollIntervalMs' | 'idlePollMaxMs' | 'standbyPollMaxMs'>> {
  /** The sending lease's renewal period (default 0.5 s, so a hand-over takes a second, not the production 5 s). */
  readonly leaseRenewMs?: number;
  /** The sending lease's own timings, when a test is about them (they replace `leaseRenewMs`'s). */
  readonly sendingLease?: Omit<SendingLeaseOptions, 'store' | 'instanceId' | 'logger'>;
}

export function startDeliveryInstance(store: DocumentStore, networkId: string, name: string, options: DeliveryInstanceOptions = {}): DeliveryInstance {
  const { leaseRenewMs = 500, sendingLease, ...dispatcherOptions } = options;
  const logger = createLogger('silent');
  const conversations = new ConversationService(store);
  const tally = new DeliveryTally(store);
  const lease = new SendingLease({ store, instanceId: name, logger, ...(sendingLease ?? { renewMs: leaseRenewMs, leaseMs: 4 * leaseRenewMs }) });
  const dispatcher = new Dispatcher({
    store,
    networkIds: [networkId],
    gateway: new BotConnectorGateway({ adapter: createTeamsAdapter(undefined), appId: '' }),
    conversations,
    logger,
    instanceId: name,
    tally,
    sendingLease: lease,
    ...dispatcherOptions,
  });
  // Its own dispatcher only: an enqueue on one instance cannot wake the other one's.
  const outbox = new OutboxService(store, conversations, { tally, onWork: () => dispatcher.wake() });
  return { outbox, dispatcher, lease };
}
