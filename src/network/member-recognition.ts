/**
 * Recognition at the tab API's edge: an Authenticator that first authenticates (the Teams SSO
 * token, or the local-mode dev sign-in), then recognises the caller as the bot does
 * (MembershipService.recognise): an object id bound to another tenant is refused with
 * `identityMismatch` (403) before any route runs, and a NETWORK_ADMINS entry or a member
 * imported with an object id is recognised on the first request.
 *
 * The tab has no trusted source of an address: a token's `email`, `preferred_username` or
 * `upn` is whatever the issuing tenant says. So a member imported by email only is not claimed
 * here; `GET /me` tells them to open the bot once, which claims the row through the Teams roster.
 */
import type { AuthenticatedUser, Authenticator } from '../api/authenticator';
import type { MembershipService } from './membership-service';

export class RecognisingAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly membership: MembershipService,
    private readonly networkId: string,
  ) {}

  async authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<AuthenticatedUser> {
    const user = await this.inner.authenticate(headers);
    // The dev sign-in (local mode only) picks a member and names no tenant: nothing to compare.
    if (user.via === 'devSignIn' && user.tenantId === '') return user;
    await this.membership.recognise(this.networkId, { aadObjectId: user.aadObjectId, tenantId: user.tenantId, name: user.name ?? '', language: 'fr' });
    return user;
  }
}
