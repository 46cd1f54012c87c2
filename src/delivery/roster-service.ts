/**
 * Who is in a team or chat the bot is installed in, as outbox recipients: the way a feature
 * reaches every member of the network's team 1:1, including those who never wrote to the bot
 * (the dispatcher opens their 1:1 with the Teams id the roster gives). And one person's user
 * principal name, as Microsoft's roster of a team in their own tenant gives it: the trusted
 * address the tab claims a member imported by email with (network/member-recognition.ts).
 */
import type { Logger } from '../logger';
import type { ConnectorGateway } from './connector-gateway';
import type { ConversationService } from './conversation-service';
import type { Recipient } from './outbox-rules';

export type MemberRecipient = Extract<Recipient, { kind: 'member' }>;

/**
 * Stored team channels read for one lookup, and distinct teams asked at most: one query and
 * at most this many roster calls per lookup, whatever the number of teams the bot is in.
 */
export const PRINCIPAL_NAME_TEAMS = 3;

export class RosterService {
  constructor(
    private readonly conversations: ConversationService,
    private readonly gateway: ConnectorGateway,
    private readonly logger?: Logger,
  ) {}

  /**
   * The user principal name (lower-cased) of the person with this object id, from the roster of
   * a team the bot is installed in within their own tenant; undefined when no such team has
   * them, or when the connector cannot be reached (logged at debug: recognition goes on
   * without it). Never from a token claim: Microsoft answers for the team's tenant.
   */
  async principalName(networkId: string, tenantId: string, aadObjectId: string): Promise<string | undefined> {
    if (tenantId === '' || aadObjectId === '') return undefined;
    const tenant = tenantId.toLowerCase();
    const person = aadObjectId.toLowerCase();
    const channels = await this.conversations.installedTeamChannels(networkId, tenantId, PRINCIPAL_NAME_TEAMS);
    const teams = new Map<string, string>();
    for (const channel of channels) {
      if (channel.teamId && !teams.has(channel.teamId)) teams.set(channel.teamId, channel.reference.serviceUrl);
    }
    for (const [teamId, serviceUrl] of teams) {
      try {
        // Teams answers a team's roster for an Entra object id as well as for a 29: id.
        const member = await this.gateway.getMember({ conversationId: teamId, serviceUrl }, aadObjectId);
        // The roster must be speaking of this person in this tenant, whatever id form it echoes.
        if (!member?.userPrincipalName) continue;
        if (member.aadObjectId && member.aadObjectId.toLowerCase() !== person) continue;
        if (member.tenantId && member.tenantId.toLowerCase() !== tenant) continue;
        return member.userPrincipalName.trim().toLowerCase();
      } catch (error) {
        this.logger?.debug({ err: error, teamId }, 'could not read a member from a team roster');
      }
    }
    return undefined;
  }

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
