/**
 * A simulated multi-tenant Teams: the network's team lives in tenant A (the host, usually the
 * RCO's), and its "Réseau" channel is a shared channel (Teams Connect) whose roster holds, besides
 * the host's people, members of agencies working from their own tenants B and C. As in Teams:
 * every activity from the channel names the host tenant (conversation and channel data) and the
 * sender only by ids; the channel's roster gives each member's own tenant; a 1:1 with an
 * external member cannot be opened (403 BotNotInConversationRoster), only one in the host tenant.
 */
import type { FakeConnector, RosterMember } from './fake-connector';
import { TEST_TENANT_ID, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from './teams-activities';

export const HOST_TENANT = TEST_TENANT_ID;
export const AGENCY_B_TENANT = '0f8276ea-111b-46af-9512-79ce81d5dea1';
export const AGENCY_C_TENANT = '5c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5';
/** A tenant outside ALLOWED_TENANTS. */
export const FOREIGN_TENANT = '0d3f5a1c-9e2b-4c7d-8a6f-112233445566';

export interface SharedChannelTeams {
  /** The shared channel, hosted by tenant A. */
  readonly channel: TeamsConversation;
  /** Someone in the channel's roster, from their own tenant (an external member unless it is A's). */
  member(name: string, tenantId: string, overrides?: Partial<TeamsUser>): TeamsUser;
  /** Puts people already made (the host's co-chair…) in the channel's roster. */
  add(...users: TeamsUser[]): void;
}

export function rosterEntry(user: TeamsUser): RosterMember {
  return { id: user.id, name: user.name, aadObjectId: user.aadObjectId, email: user.email, userPrincipalName: user.userPrincipalName, tenantId: user.tenantId, userRole: user.userRole };
}

/** Sets up the shared channel on the fake connector: its roster, and 1:1s only in the host tenant. */
export function sharedChannelTeams(connector: FakeConnector, options: { readonly hostTenant?: string; readonly name?: string } = {}): SharedChannelTeams {
  const hostTenant = options.hostTenant ?? HOST_TENANT;
  const base = teamsConversation('channel', { tenantId: hostTenant });
  const channelId = base.id.replace('@thread.tacv2', '-shared@thread.tacv2');
  const channel = teamsConversation('channel', { tenantId: hostTenant, ...(base.team ? { team: base.team } : {}), channel: { id: channelId, name: options.name ?? 'Réseau', type: 'shared' } });
  const roster: RosterMember[] = [];
  connector.setPersonalChatTenants([hostTenant]);
  const add = (...users: TeamsUser[]) => {
    roster.push(...users.map(rosterEntry));
    connector.setRoster(channel.id, roster);
  };
  return {
    channel,
    add,
    member(name, tenantId, overrides = {}) {
      const domain = tenantId === hostTenant ? 'un.org' : `agence-${tenantId.slice(0, 4)}.org`;
      const user = teamsUser({ name, tenantId, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`, userPrincipalName: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`, ...overrides });
      add(user);
      return user;
    },
  };
}
