/**
 * The member list grouped by agency (pure): focal point, alternates, member count, with ExCom
 * and co-chair agencies marked, and each person's organisation (organisation-rules.ts: who they
 * sign in as, from their home tenant). The same view feeds the card and the tab API.
 */
import type { Agency, AgencyRole, MemberDocument } from './model';
import { organisationOf, type Organisation } from './organisation-rules';

export interface MemberListEntry {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly agencyRole: AgencyRole;
  readonly status: 'pending' | 'confirmed';
  readonly organisation: Organisation;
}

export interface AgencyGroup {
  readonly code: string;
  readonly name: { readonly fr: string; readonly en: string };
  readonly excom: boolean;
  readonly coChair: boolean;
  readonly secretariat: boolean;
  readonly focalPoint?: MemberListEntry;
  readonly alternates: readonly MemberListEntry[];
  readonly members: readonly MemberListEntry[];
  /** Confirmed people, all roles. */
  readonly confirmedCount: number;
  readonly pendingCount: number;
}

export interface MemberListView {
  readonly agencies: readonly AgencyGroup[];
  readonly confirmedCount: number;
  readonly pendingCount: number;
  readonly generatedAt: string;
}

const byName = (a: MemberListEntry, b: MemberListEntry) => a.name.localeCompare(b.name, 'fr');

/** `hostTenant`: the tenant the network's team lives in (undefined when the deployment does not know it). */
export function buildMemberList(agencies: readonly Agency[], members: readonly MemberDocument[], coChairs: readonly string[], now: Date, hostTenant?: string): MemberListView {
  const groups = agencies.map((agency): AgencyGroup => {
    const mine = members.filter((member) => member.agencyCode === agency.code && member.status !== 'left');
    const entries = mine.map(
      (member): MemberListEntry => ({
        id: member.id,
        name: member.name,
        ...(member.email ? { email: member.email } : {}),
        agencyRole: member.agencyRole,
        status: member.status === 'pending' ? 'pending' : 'confirmed',
        organisation: organisationOf(member, agencies, hostTenant),
      }),
    );
    const confirmed = entries.filter((entry) => entry.status === 'confirmed');
    const focalPoint = confirmed.find((entry) => entry.agencyRole === 'focalPoint');
    return {
      code: agency.code,
      name: agency.name,
      excom: agency.excom,
      coChair: coChairs.includes(agency.code),
      secretariat: agency.secretariat,
      ...(focalPoint ? { focalPoint } : {}),
      alternates: confirmed.filter((entry) => entry.agencyRole === 'alternate').sort(byName),
      members: confirmed.filter((entry) => entry.agencyRole === 'member').sort(byName),
      confirmedCount: confirmed.length,
      pendingCount: entries.length - confirmed.length,
    };
  });
  return {
    agencies: groups,
    confirmedCount: groups.reduce((sum, group) => sum + group.confirmedCount, 0),
    pendingCount: groups.reduce((sum, group) => sum + group.pendingCount, 0),
    generatedAt: now.toISOString(),
  };
}
