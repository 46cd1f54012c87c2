/**
 * Recognition at the tab API's edge: an Authenticator that first authenticates (the Teams SSO
 * token, or the local-mode dev sign-in), then recognises the caller as the bot does
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
import type { AuthenticatedUser, Authenticator } from '../api/authenticator';
import { languageFromLocale } from '../i18n';
import type { MembershipService } from './membership-service';

/** The roster's userPrincipalName of (tenant, object id), or undefined; never throws for an unreachable roster. */
export type PrincipalNameLookup = (networkId: string, tenantId: string, aadObjectId: string) => Promise<string | undefined>;

export class RecognisingAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly membership: MembershipService,
    private readonly networkId: string,
    private readonly principalName?: PrincipalNameLookup,
  ) {}

  async authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<AuthenticatedUser> {
    const user = await this.inner.authenticate(headers);
    const language = languageFromLocale(single(headers['accept-language']));
    // The dev sign-in (local mode only) may name no tenant: a member is taken as they are, an
    // admin entry without a tenant is confirmed at once (as on a first message to the bot).
    if (user.via === 'devSignIn' && user.tenantId === '') {
      await this.membership.recogniseWithoutTenant(this.networkId, { aadObjectId: user.aadObjectId, tenantId: '', name: user.name ?? '', language });
      return user;
    }
    const lookup = this.principalName;
    await this.membership.recognise(
      this.networkId,
      { aadObjectId: user.aadObjectId, tenantId: user.tenantId, name: user.name ?? '', language },
      lookup ? () => lookup(this.networkId, user.tenantId, user.aadObjectId) : undefined,
    );
    return user;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
