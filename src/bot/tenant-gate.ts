/**
 * Which Microsoft 365 tenants may use the bot, and who is acting from which tenant. UN agencies
 * sit in separate tenants, so the allow-list usually holds several; an empty list (local mode
 * only) lets everyone in.
 *
 * Two tenants matter for a turn. The conversation's (host) tenant: where the chat or the team
 * lives — for a shared channel (Teams Connect), the host team's tenant, as Teams gives it in
 * `conversation.tenantId` and `channelData.tenant.id` for every member. The person's home
 * tenant: where their Entra account lives, which is what identifies them (tenant + object id).
 * In a 1:1, a group chat or a standard or private channel both are the same (a guest acts with
 * their guest account of the host tenant); in a shared channel an external member acts from
 * their own tenant, which Teams does not put in the conversation: it is read from the
 * activity's `from.tenantId` when Teams sends it, else from the channel's roster (see
 * teams-bot.ts), never assumed to be the host's.
 */
import type { Activity } from 'botbuilder';
import { channelTypeOf } from '../delivery/conversation-installations';

/**
 * The conversation's (host) tenant: `conversation.tenantId`, else Teams' `channelData.tenant.id`.
 * Only strings count — the HTTP edge refuses other shapes, and this never throws on one.
 */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation: unknown = activity.conversation?.tenantId;
  const tenant = field(activity.channelData, 'tenant');
  return firstTenant([fromConversation, field(tenant, 'id')]);
}

/** The person's home tenant when the activity names it (`from.tenantId`); undefined otherwise. */
export function senderTenantOf(activity: Partial<Activity>): string | undefined {
  return firstTenant([field(activity.from, 'tenantId')]);
}

/**
 * Whether the conversation is a shared channel (Teams Connect): `channelData.channel.type` (or
 * `membershipType`, Graph's name for it) says "shared". Its members may come from other tenants.
 */
export function isSharedChannel(activity: Partial<Activity>): boolean {
  return activity.conversation?.conversationType === 'channel' && channelTypeOf(activity.channelData) === 'shared';
}

export function isTenantAllowed(tenantId: string | undefined, allowedTenants: readonly string[]): boolean {
  if (allowedTenants.length === 0) return true;
  return tenantId !== undefined && allowedTenants.includes(tenantId.toLowerCase());
}

/**
 * A person acting in a conversation is let in when both their home tenant and the
 * conversation's host tenant are in the network: an allowed agency's member in a channel hosted
 * by a foreign tenant is refused as surely as a foreign member in the network's own channel.
 */
export function areTenantsAllowed(tenants: { readonly person: string | undefined; readonly host: string | undefined }, allowedTenants: readonly string[]): boolean {
  return isTenantAllowed(tenants.host, allowedTenants) && isTenantAllowed(tenants.person, allowedTenants);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function firstTenant(candidates: readonly unknown[]): string | undefined {
  const found = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return found?.trim().toLowerCase();
}
