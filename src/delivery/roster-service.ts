/**
 * Who is in a team or chat the bot is installed in, as outbox recipients: the way a feature
 * reaches every member of the network's team 1:1, including those who never wrote to the bot
 * (the dispatcher opens their 1:1 with the Teams id the roster gives).
 */
import type { ConnectorGateway } from './connector-gateway';
import type { ConversationService } from './conversation-service';
import type { Recipient } from './outbox-rules';

export type MemberRecipient = Extract<Recipient, { kind: 'member' }>;

export class RosterService {
  constructor(
    private readonly conversations: ConversationService,
    private readonly gateway: ConnectorGateway,
  ) {}

  /**
   * Every member of a stored conversation (for a channel, its team), page after page. People
   * without an Entra id (anonymous meeting guests) cannot be messaged 1:1 and are left out.
   */
  async members(networkId: string, conversationId: string): Promise<MemberRecipient[]> {
    const conversation = await this.conversations.find(networkId, conversationId);
    if (!conversation) throw new TypeError(`Conversation ${conversationId} is unknown to the bot in network ${networkId}.`);
    // A team's roster is asked of the team id; a channel's own id is only the General channel's.
    const target = { conversationId: conversation.teamId ?? conversation.conversationId, serviceUrl: conversation.reference.serviceUrl };
    const members = new Map<string, MemberRecipient>();
    let continuationToken: string | undefined;
    do {
      const page = await this.gateway.listMembers(target, continuationToken);
      for (const member of page.members) {
        const tenantId = member.tenantId ?? conversation.tenantId;
        if (!member.aadObjectId || !tenantId || member.userRole === 'anonymous') continue;
        members.set(member.aadObjectId.toLowerCase(), {
          kind: 'member',
          aadObjectId: member.aadObjectId,
          tenantId,
          userId: member.id,
          ...(member.name ? { name: member.name } : {}),
        });
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return [...members.values()];
  }
}
