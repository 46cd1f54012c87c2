/**
 * Where the tab is opened, as teams-js describes it: in a shared channel (Teams Connect) the
 * team and tenant are the host's (`channel.ownerGroupId`, `channel.ownerTenantId`: a shared
 * channel has no group of its own), and the person may be an external member working from
 * their own tenant (`user.tenant.id`). Such a person's SSO token must come from their home
 * tenant — the server validates it like any allowed tenant's and knows them by that tenant.
 */

/** The part of teams-js's `app.Context` read here (kept structural: no teams-js import). */
export interface TeamsContextLike {
  readonly user?: { readonly tenant?: { readonly id?: string } };
  readonly channel?: { readonly membershipType?: string; readonly ownerTenantId?: string; readonly ownerGroupId?: string };
  readonly team?: { readonly groupId?: string };
}

export interface ChannelContext {
  readonly kind: 'shared' | 'private' | 'standard' | 'none';
  /** The tenant hosting the channel's team (lower-case), when known. */
  readonly hostTenantId?: string;
  /** The host team's Microsoft 365 group id, when known. */
  readonly hostGroupId?: string;
  /** The person's home tenant (lower-case), when known. */
  readonly userTenantId?: string;
  /** An external member: working from a tenant other than the host's. */
  readonly external: boolean;
}

export function channelContextOf(context: TeamsContextLike): ChannelContext {
  const userTenantId = context.user?.tenant?.id?.toLowerCase();
  const channel = context.channel;
  if (!channel) return { kind: 'none', ...(userTenantId ? { userTenantId } : {}), external: false };
  const type = channel.membershipType?.toLowerCase();
  const kind = type === 'shared' ? 'shared' : type === 'private' ? 'private' : 'standard';
  const hostTenantId = channel.ownerTenantId?.toLowerCase();
  const hostGroupId = channel.ownerGroupId ?? context.team?.groupId;
  return {
    kind,
    ...(hostTenantId ? { hostTenantId } : {}),
    ...(hostGroupId ? { hostGroupId } : {}),
    ...(userTenantId ? { userTenantId } : {}),
    external: hostTenantId !== undefined && userTenantId !== undefined && hostTenantId !== userTenantId,
  };
}

/** The getAuthToken request: for an external member, issued by their home tenant. */
export function authTokenRequest(channel: ChannelContext): { readonly tenantId?: string } {
  return channel.external && channel.userTenantId ? { tenantId: channel.userTenantId } : {};
}
