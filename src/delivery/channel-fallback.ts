/**
 * Delivery that still reaches everyone when Teams opens no 1:1: an external member of a shared
 * channel (another agency's tenant, Teams Connect) cannot have a 1:1 with the bot — Teams
 * refuses to create it ("apps are not supported in one-on-one chats with external users") —
 * so the message goes to them in the network's shared channel they are a member of: one post
 * per message that @mentions the people concerned (at most MENTIONS_PER_POST per post), with
 * the same card and actions, and each of them counts as "reached in channel" in the status.
 *
 * The post is an outbox item of its own (a *carrier*, `mentionGroup` n of the message in that
 * channel), created by the first refused person and joined by the next ones while it waits a
 * short gathering time; once it has left (or is leaving), the next person starts the next one.
 * Updates of the message edit it in place like any copy. Reminders are messages like any other.
 *
 * Store operations per person reached this way: 1 indexed query (the shared channels, a
 * handful), 1 point read and 1 write (create or ETag-conditional join) of the carrier, plus the
 * person's own outcome write; and one roster call per shared channel asked (is the person in it?).
 */
import type { Logger } from '../logger';
import { StoreConflictError } from '../store/errors';
import { withConcurrencyRetry } from '../store/retry';
import type { ConnectorGateway, RosterMember } from './connector-gateway';
import type { ConversationDocument } from './conversation-installations';
import type { ConversationService } from './conversation-service';
import type { OutboxRepository } from './outbox-repository';
import {
  addToCarrier,
  carrierIsOpen,
  classifyFailure,
  newCarrierItem,
  outboxItemId,
  recipientKey,
  type ChannelMention,
  type ConnectorFailureInfo,
  type ConnectorOutcome,
  type OutboxItem,
} from './outbox-rules';

/** Shared channels asked whether the person is in them, at most, per person. */
const SHARED_CHANNELS_ASKED = 3;
/** Time a channel post waits for more people refused a 1:1 by the same fan-out. */
export const CARRIER_GATHER_MS = 1_000;
// More posts than this for one message in one channel would mean a loop, not a fan-out.
const MAX_GROUPS = 1_000;

export interface ChannelFallbackOptions {
  readonly repository: OutboxRepository;
  readonly conversations: ConversationService;
  readonly gateway: ConnectorGateway;
  readonly now: () => number;
  readonly logger: Logger;
  readonly gatherMs?: number;
}

export class ChannelFallback {
  constructor(private readonly options: ChannelFallbackOptions) {}

  /**
   * Whether a failed 1:1 creation is one a channel post can make up for: Teams said the bot is
   * not installed for this person (403/404, BotNotInConversationRoster…) or no route to their
   * tenant exists. A member who blocked the bot is not pursued into a channel.
   */
  static covers(failure: ConnectorFailureInfo, now: number): boolean {
    const classified = classifyFailure(failure, now, 'createConversation');
    return classified.disposition === 'permanent' && (classified.reason === 'notInstalled' || classified.reason === 'unknownConversation');
  }

  /**
   * Adds the item's member to a channel post of their message in a shared channel they are in;
   * undefined when no installed shared channel has them (their 1:1 failure stands).
   */
  async reach(item: OutboxItem): Promise<ConnectorOutcome | undefined> {
    const { recipient, networkId } = item;
    if (recipient.kind !== 'member') return undefined;
    const channels = await this.options.conversations.installedSharedChannels(networkId, SHARED_CHANNELS_ASKED);
    for (const channel of channels) {
      const member = await this.memberOf(channel, recipient);
      if (!member) continue;
      // The channel's roster gives the Teams id (29:…) the mention needs, and the name to show.
      const userId = member.id || recipient.userId;
      const name = recipient.name || member.name;
      const person: ChannelMention = {
        aadObjectId: recipient.aadObjectId,
        tenantId: recipient.tenantId,
        ...(userId ? { userId } : {}),
        ...(name ? { name } : {}),
        recipientKey: recipientKey(recipient),
      };
      const carrierId = await this.join(item, channel, person);
      this.options.logger.info({ itemId: item.id, messageKey: item.messageKey, channel: channel.conversationId, carrierId }, 'no 1:1 possible: the member is reached in the shared channel');
      return { kind: 'reachedInChannel', conversationId: channel.conversationId, carrierId };
    }
    return undefined;
  }

  /** The person in the channel's own roster (Microsoft's answer), in their own tenant; undefined when not in it. */
  private async memberOf(channel: ConversationDocument, recipient: Extract<OutboxItem['recipient'], { kind: 'member' }>): Promise<RosterMember | undefined> {
    try {
      const member = await this.options.gateway.getMember({ conversationId: channel.conversationId, serviceUrl: channel.reference.serviceUrl }, recipient.userId ?? recipient.aadObjectId);
      if (!member) return undefined;
      const sameObject = !member.aadObjectId || member.aadObjectId.toLowerCase() === recipient.aadObjectId.toLowerCase();
      const sameTenant = !member.tenantId || member.tenantId.toLowerCase() === recipient.tenantId.toLowerCase();
      return sameObject && sameTenant ? member : undefined;
    } catch (error) {
      this.options.logger.debug({ err: error, channel: channel.conversationId }, 'could not read a shared channel’s roster');
      return undefined;
    }
  }

  /** The id of the carrier the person is now in: an open one of the message, else a new one. */
  private async join(item: OutboxItem, channel: ConversationDocument, person: ChannelMention): Promise<string> {
    const { repository, now } = this.options;
    const target = { conversationId: channel.conversationId, serviceUrl: channel.reference.serviceUrl };
    for (let group = 1; group <= MAX_GROUPS; group += 1) {
      const id = outboxItemId(item.messageKey, { kind: 'conversation', conversationId: channel.conversationId, mentionGroup: group });
      const joined = await withConcurrencyRetry(async () => {
        const current = await repository.get(item.networkId, id);
        if (!current) {
          const carrier = newCarrierItem({ networkId: item.networkId, messageKey: item.messageKey, target, group, activity: item.activity, person, now: now(), gatherMs: this.options.gatherMs ?? CARRIER_GATHER_MS });
          // Another person of the same fan-out created it first: read it again and join.
          if (!(await repository.createIfAbsent(carrier))) throw new StoreConflictError('already_exists', `Channel post ${id} was created meanwhile.`);
          return true;
        }
        if (current.document.carrier?.people.some((someone) => someone.recipientKey === person.recipientKey)) return true;
        if (!carrierIsOpen(current.document)) return false;
        const written = await repository.modify(item.networkId, id, (document) => addToCarrier(document, person, now()), current);
        return written?.document.carrier?.people.some((someone) => someone.recipientKey === person.recipientKey) ?? false;
      });
      if (joined) return id;
    }
    throw new Error(`Message ${item.messageKey} already has ${MAX_GROUPS} channel posts in ${channel.conversationId}.`);
  }
}
