/**
 * Network roles follow from a member's agency, role in it and status, and from who holds the
 * rotating co-chair today (pure: the caller passes the directory and the current term).
 */
import type { Agency, PersonRecord } from './model';

/**
 * The roles the permissions table knows. A person holds several at once: IOM's focal point is
 * a member, a focal point, an ExCom representative and a co-chair.
 */
export type NetworkRole = 'pending' | 'member' | 'alternate' | 'focalPoint' | 'excomRepresentative' | 'secretariat' | 'coChair';
export const NETWORK_ROLES: readonly NetworkRole[] = ['pending', 'member', 'alternate', 'focalPoint', 'excomRepresentative', 'secretariat', 'coChair'];

/** Who is acting, as the permissions module sees them. */
export interface Person {
  readonly aadObjectId: string;
  readonly agencyCode?: string;
  readonly roles: ReadonlySet<NetworkRole>;
}

export interface RoleContext {
  readonly agencies: readonly Agency[];
  /** The agency holding the rotating co-chair now, if any. */
  readonly rotatingCoChair?: string;
  /** Every agency in the co-chair rotation: each co-chairs in its turn, without anyone deciding it again. */
  readonly rotationOrder?: readonly string[];
}

/** The agencies that co-chair now: the permanent ones and the current rotating one. */
export function coChairAgencies(context: RoleContext): string[] {
  const permanent = context.agencies.filter((agency) => agency.permanentCoChair).map((agency) => agency.code);
  return context.rotatingCoChair && !permanent.includes(context.rotatingCoChair) ? [...permanent, context.rotatingCoChair] : permanent;
}

/**
 * Agencies whose focal point and alternates govern the network: they co-chair now, will
 * co-chair when the rotation reaches them (rights follow automatically at the handover), or
 * carry an ExCom voice. Who represents them is decided by co-chairs (permissions.ts,
 * `appointRepresentative`).
 */
export function governingAgencies(context: RoleContext): string[] {
  const codes = new Set([...coChairAgencies(context), ...(context.rotationOrder ?? []), ...context.agencies.filter((agency) => agency.excom).map((agency) => agency.code)]);
  return [...codes];
}

/** True when the record is a confirmed focal point or alternate of a governing agency: a seat of power. */
export function holdsGoverningSeat(member: Pick<PersonRecord, 'agencyCode' | 'agencyRole' | 'status'> | undefined, context: RoleContext): boolean {
  if (!member || member.status !== 'confirmed') return false;
  if (member.agencyRole !== 'focalPoint' && member.agencyRole !== 'alternate') return false;
  return governingAgencies(context).includes(member.agencyCode);
}

export function rolesOf(member: PersonRecord | undefined, context: RoleContext): Set<NetworkRole> {
  if (!member || member.status === 'left') return new Set();
  if (member.status === 'pending') return new Set(['pending']);
  const roles = new Set<NetworkRole>(['member']);
  const agency = context.agencies.find((candidate) => candidate.code === member.agencyCode);
  const representative = member.agencyRole === 'focalPoint' || member.agencyRole === 'alternate';
  if (member.agencyRole !== 'member') roles.add(member.agencyRole);
  // An explicit grant, never the agency alone: not every RCO officer is the secretariat.
  if (member.secretariat === true) roles.add('secretariat');
  if (representative && agency?.excom) roles.add('excomRepresentative');
  // The head of a co-chairing agency and their alternates act as co-chair for it.
  if (representative && coChairAgencies(context).includes(member.agencyCode)) roles.add('coChair');
  return roles;
}

export function personOf(member: PersonRecord | undefined, aadObjectId: string, context: RoleContext): Person {
  return {
    aadObjectId,
    ...(member && member.status !== 'left' ? { agencyCode: member.agencyCode } : {}),
    roles: rolesOf(member, context),
  };
}
