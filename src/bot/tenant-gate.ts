/**
 * Which Microsoft 365 tenants may use the bot. UN agencies sit in separate tenants, so the
 * allow-list usually holds several; an empty list (local mode only) lets everyone in.
 */
import type { Activity } from 'botbuilder';

/**
 * The activity's tenant: `conversation.tenantId`, else Teams' `channelData.tenant.id`. Only
 * strings count — the HTTP edge refuses other shapes, and this never throws on one.
 */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation: unknown = activity.conversation?.tenantId;
  const channelData: unknown = activity.channelData;
  const tenant: unknown = typeof channelData === 'object' && channelData !== null ? (channelData as { tenant?: unknown }).tenant : undefined;
  const fromChannelData: unknown = typeof tenant === 'object' && tenant !== null ? (tenant as { id?: unknown }).id : undefined;
  const found = [fromConversation, fromChannelData].find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return found?.trim().toLowerCase();
}

export function isTenantAllowed(tenantId: string | undefined, allowedTenants: readonly string[]): boolean {
  if (allowedTenants.length === 0) return true;
  return tenantId !== undefined && allowedTenants.includes(tenantId.toLowerCase());
}
