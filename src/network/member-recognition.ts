/**
 * Recognition at the tab API's edge: once the caller is authenticated (the Teams SSO token, or
 * the local-mode dev sign-in) and the request's network is known (src/network-routing/
 * api-network-scope.ts), the caller is recognised there as the bot does
 * (MembershipService.recognise): an object id bound to another tenant is refused with
 * `identityMismatch` (403) before any route runs, and a NETWORK_ADMINS entry or a member
 * imported with an object id is recognised on the first request.
 *
 * A token's `email`, `preferred_username` or `upn` is whatever the issuing tenant says, so it
 * never claims anything. A member imported by email only is claimed here through the same
 * trusted source as in the bot: the Teams roster's userPrincipalName, read from a team the bot
 * is installed in within the caller's own tenant (`principalName`, RosterService in main.ts).
 * `recognise` asks it only for a stranger while email-only rows exist. With no such team in
 * their tenant, `GET /me` still tells them to open the bot once (its 1:1 roster claims the row).
 */
import type { AuthenticatedUser } from '../api/authenticator';
import type { Language } from '../i18n';
import type { MembershipService } from './membership-service';

/** The roster's userPrincipalName of (tenant, object id), or undefined; never throws for an unreachable roster. */
export type PrincipalNameLookup = (networkId: string, tenantId: string, aadObjectId: string) => Promise<string | undefined>;

export class ApiCallerRecognition {
  constructor(
    private readonly membership: Pick<MembershipService, 'recognise' | 'recogniseWithoutTenant'>,
    private readonly principalName?: PrincipalNameLookup,
  ) {}

  /** Recognises the authenticated caller in `networkId`; throws what `recognise` refuses with. */
  async recognise(networkId: string, user: AuthenticatedUser, language: Language): Promise<void> {
    // The dev sign-in (local mode only) may name no tenant: a member is taken as they are, an
    // admin entry without a tenant is confirmed at once (as on a first message to the bot).
    if (user.via === 'devSignIn' && user.tenantId === '') {
      await this.membership.recogniseWithoutTenant(networkId, { aadObjectId: user.aadObjectId, tenantId: '', name: user.name ?? '', language });
      return;
    }
    const lookup = this.principalName;
    await this.membership.recognise(
      networkId,
      { aadObjectId: user.aadObjectId, tenantId: user.tenantId, name: user.name ?? '', language },
      lookup ? () => lookup(networkId, user.tenantId, user.aadObjectId) : undefined,
    );
  }
}
