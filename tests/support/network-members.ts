/**
 * Members joined and confirmed through the membership service, for e2e tests whose subject is
 * not onboarding: a person of `agency` in `role`, confirmed by `confirmer` (a co-chair).
 */
import type { RunningReseau } from '../../src/main';
import { TEST_TENANT_ID, teamsUser, type TeamsUser } from './teams-activities';

export async function confirmedMember(
  reseau: RunningReseau,
  confirmer: TeamsUser,
  member: { readonly name: string; readonly agency: string; readonly role: 'focalPoint' | 'alternate' | 'member'; readonly language?: 'fr' | 'en' },
  networkId = 'gn',
): Promise<TeamsUser> {
  const user = teamsUser({ name: member.name });
  await reseau.membership.requestToJoin(networkId, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: member.name, language: member.language ?? 'fr' }, member.agency, member.role);
  await reseau.membership.confirm(networkId, confirmer.aadObjectId, user.aadObjectId, member.agency);
  return user;
}
