/**
 * The home tenant of whoever sent an activity. Teams names it on the activity for some
 * activities (`from.tenantId`); in a shared channel it otherwise gives only the host tenant, so
 * the channel's roster is asked — Microsoft answers each member with their own tenant id,
 * direct and indirect members alike. The answer is kept a while per (channel, sender): a
 * person's home tenant does not change, and a busy channel must not cost a roster call per turn.
 */
import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { channelConversationId } from '../delivery/conversation-installations';
import { isSharedChannel, senderTenantOf, tenantOf } from './tenant-gate';

/** Reads one member's tenant from the conversation's roster; undefined when not in it. */
export type RosterTenantLookup = (context: TurnContext) => Promise<string | undefined>;

export interface ResolvedTenants {
  /** The person's home tenant (lower-case); undefined when it could not be established. */
  readonly person: string | undefined;
  /** The conversation's host tenant (lower-case). */
  readonly host: string | undefined;
  /** Where the person's tenant came from, for the logs. */
  readonly source: 'activity' | 'roster' | 'conversation' | 'unknown';
}

// Enough for every member of a country network's channels; the oldest entry goes first.
const CACHE_ENTRIES = 2_000;
const CACHE_TTL_MS = 15 * 60_000;

export class SenderTenantResolver {
  private readonly cache = new Map<string, { readonly tenant: string; readonly until: number }>();

  constructor(
    private readonly lookup: RosterTenantLookup = rosterTenantFromConnector,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async resolve(context: TurnContext): Promise<ResolvedTenants> {
    const { activity } = context;
    const host = tenantOf(activity);
    const named = senderTenantOf(activity);
    if (named) return { person: named, host, source: 'activity' };
    if (!isSharedChannel(activity)) return { person: host, host, source: host ? 'conversation' : 'unknown' };
    const key = `${channelConversationId(activity.conversation.id)}\u0000${activity.from?.id ?? ''}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return { person: cached.tenant, host, source: 'roster' };
    const tenant = (await this.lookup(context))?.trim().toLowerCase();
    if (!tenant) return { person: undefined, host, source: 'unknown' };
    this.cache.delete(key);
    this.cache.set(key, { tenant, until: this.now() + CACHE_TTL_MS });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return { person: tenant, host, source: 'roster' };
  }
}

/**
 * The sender's entry in the channel's own roster (not the host team's: external members are
 * not in it), through the turn's connector client. A failure reads as unknown: the gate then
 * refuses the turn rather than take the host tenant for the person's.
 */
async function rosterTenantFromConnector(context: TurnContext): Promise<string | undefined> {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  const from = context.activity.from;
  if (!client || !from?.id) return undefined;
  try {
    const member = await client.conversations.getConversationMember(channelConversationId(context.activity.conversation.id), from.id);
    const tenantId: unknown = (member as { tenantId?: unknown }).tenantId;
    const sameperson = !member.aadObjectId || !from.aadObjectId || member.aadObjectId.toLowerCase() === from.aadObjectId.toLowerCase();
    return sameperson && typeof tenantId === 'string' ? tenantId : undefined;
  } catch {
    return undefined;
  }
}
