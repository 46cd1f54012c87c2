/**
 * Which Microsoft 365 tenants may use the bot. UN agencies sit in separate tenants, so the
 * allow-list usually holds several; an empty list (local mode only) lets everyone in.
 */
import type { Activity } from 'botbuilder';

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenant = fromConversation ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
  return tenant?.toLowerCase();
}

export function isTenantAllowed(tenantId: string | undefined, allowedTenants: readonly string[]): boolean {
  if (allowedTenants.length === 0) return true;
  return tenantId !== undefined && allowedTenants.includes(tenantId.toLowerCase());
}
