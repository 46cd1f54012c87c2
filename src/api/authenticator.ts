/**
 * Who is calling the tab API. In Teams the tab sends the Teams SSO token (an Entra access
 * token for the tab's app): its signature is checked against the signing keys of the caller's
 * tenant (from the Entra OpenID configuration), then the issuer, the audience (exactly the
 * tab's client id or its Application ID URI), the expiry, the tenant allow-list, and that it
 * is a delegated token carrying the tab's `access_as_user` scope. The user is tenant + `oid`,
 * never a name or an email claim: any allowed tenant can write any address into its tokens.
 * In local mode only, a clearly labelled dev sign-in header stands in for Teams, so the tab
 * works in a plain browser.
 */
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

export const DEV_SIGN_IN_HEADER = 'x-reseau-dev-user';
export const DEV_TENANT_HEADER = 'x-reseau-dev-tenant';
/** The display name the dev sign-in stands for (optional; shown only, like a token's `name`). */
export const DEV_NAME_HEADER = 'x-reseau-dev-name';
const MAX_DEV_NAME = 100;
/** Entra's v1 token issuer (Teams SSO tokens for an app without v2 tokens configured). */
const V1_ISSUER_BASE = 'https://sts.windows.net';
// A JWT's tid is a GUID; anything else is not worth a network round trip.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOCK_TOLERANCE_SECONDS = 60;
/** The delegated permission the tab's Entra app exposes (aad.manifest.json) and Teams SSO asks for. */
export const TAB_SCOPE = 'access_as_user';
/** Without `iat` a token's age is unknown; without `tid` + `oid` it names nobody. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'tid', 'oid'];

export type AuthenticationFailure =
  | 'missingToken'
  | 'invalidToken'
  | 'expiredToken'
  | 'foreignTenant'
  | 'wrongAudience'
  /** An application's own token (client credentials): no user behind it. */
  | 'appOnlyToken'
  /** A user's token without the tab's `access_as_user` scope. */
  | 'missingScope'
  | 'devSignInRefused'
  | 'notConfigured';

export class AuthenticationError extends Error {
  constructor(
    readonly code: AuthenticationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface AuthenticatedUser {
  /** Lower-cased Entra object id. */
  readonly aadObjectId: string;
  readonly tenantId: string;
  /** Display name, for showing only: never used to recognise anyone. */
  readonly name?: string;
  readonly via: 'teamsSso' | 'devSignIn';
}

export interface Authenticator {
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<AuthenticatedUser>;
}

export interface EntraAuthenticatorOptions {
  /** The tab's Entra app (AAD_APP_CLIENT_ID); without it no token is accepted. */
  readonly clientId?: string;
  /** Its Application ID URI (AAD_APP_ID_URI), the other audience accepted; absent = the client id only. */
  readonly appIdUri?: string;
  /** Tenants allowed in; empty = any (local mode only, enforced by the config). */
  readonly allowedTenants: readonly string[];
  readonly authorityUrl: string;
  readonly localMode: boolean;
  readonly fetch?: typeof fetch;
}

interface TenantKeys {
  readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  readonly issuers: readonly string[];
}

export class EntraAuthenticator implements Authenticator {
  // One key set per tenant, fetched once; jose refreshes it when a token names an unknown key.
  private readonly tenants = new Map<string, Promise<TenantKeys>>();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: EntraAuthenticatorOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<AuthenticatedUser> {
    const devUser = single(headers[DEV_SIGN_IN_HEADER]);
    if (devUser !== undefined) return this.devSignIn(devUser, single(headers[DEV_TENANT_HEADER]), single(headers[DEV_NAME_HEADER]));
    const authorization = single(headers.authorization);
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new AuthenticationError('missingToken', 'No Bearer token in the Authorization header.');
    const { clientId } = this.options;
    if (!clientId) throw new AuthenticationError('notConfigured', 'AAD_APP_CLIENT_ID is not set: the tab API accepts no token.');

    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new AuthenticationError('invalidToken', 'The token is not a JWT.');
    }
    const tenantId = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
    // Checked before any key is fetched, so a foreign tenant cannot make us call out.
    if (!GUID.test(tenantId)) throw new AuthenticationError('invalidToken', 'The token names no tenant.');
    if (this.options.allowedTenants.length > 0 && !this.options.allowedTenants.includes(tenantId)) {
      throw new AuthenticationError('foreignTenant', `Tenant ${tenantId} is not in ALLOWED_TENANTS.`);
    }

    let payload: JWTPayload;
    try {
      const keys = await this.keysFor(tenantId);
      ({ payload } = await jwtVerify(token, keys.jwks, {
        issuer: [...keys.issuers],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        algorithms: ['RS256'],
        requiredClaims: REQUIRED_CLAIMS,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthenticationError('expiredToken', 'The token has expired.');
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('invalidToken', `The token was refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    const accepted = [clientId, ...(this.options.appIdUri ? [this.options.appIdUri] : [])];
    if (!audienceMatches(payload.aud, accepted)) {
      throw new AuthenticationError('wrongAudience', `The token is for ${JSON.stringify(payload.aud)}, not for this app.`);
    }
    // Entra marks application tokens with idtyp=app (optional claim) and never gives them scp.
    if (payload.idtyp === 'app' || typeof payload.scp !== 'string') {
      throw new AuthenticationError('appOnlyToken', 'The token is an application’s, not a signed-in user’s.');
    }
    if (!payload.scp.split(' ').includes(TAB_SCOPE)) {
      throw new AuthenticationError('missingScope', `The token does not carry the ${TAB_SCOPE} scope.`);
    }
    const oid = typeof payload.oid === 'string' ? payload.oid.toLowerCase() : '';
    if (!GUID.test(oid)) throw new AuthenticationError('invalidToken', 'The token has no user object id (oid).');
    const name = typeof payload.name === 'string' ? payload.name : undefined;
    return { aadObjectId: oid, tenantId, ...(name ? { name } : {}), via: 'teamsSso' };
  }

  private devSignIn(user: string, tenant: string | undefined, displayName: string | undefined): AuthenticatedUser {
    if (!this.options.localMode) {
      throw new AuthenticationError('devSignInRefused', `${DEV_SIGN_IN_HEADER} is only accepted in local mode.`);
    }
    const aadObjectId = user.trim().toLowerCase();
    if (!GUID.test(aadObjectId)) throw new AuthenticationError('invalidToken', `${DEV_SIGN_IN_HEADER} must be an Entra object id.`);
    const name = devName(displayName);
    return { aadObjectId, tenantId: (tenant ?? '').trim().toLowerCase(), ...(name ? { name } : {}), via: 'devSignIn' };
  }

  private keysFor(tenantId: string): Promise<TenantKeys> {
    let keys = this.tenants.get(tenantId);
    if (!keys) {
      keys = this.discover(tenantId);
      this.tenants.set(tenantId, keys);
      // A failed discovery is not cached: the next request tries again.
      keys.catch(() => this.tenants.delete(tenantId));
    }
    return keys;
  }

  private async discover(tenantId: string): Promise<TenantKeys> {
    const authority = this.options.authorityUrl;
    const response = await this.fetch(`${authority}/${tenantId}/v2.0/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`OpenID configuration of tenant ${tenantId}: HTTP ${response.status}`);
    const configuration = (await response.json()) as { jwks_uri?: unknown; issuer?: unknown };
    if (typeof configuration.jwks_uri !== 'string') throw new Error(`OpenID configuration of tenant ${tenantId} has no jwks_uri`);
    const issuers = new Set([`${authority}/${tenantId}/v2.0`, `${V1_ISSUER_BASE}/${tenantId}/`]);
    if (typeof configuration.issuer === 'string') issuers.add(configuration.issuer.replace('{tenantid}', tenantId));
    return { jwks: createRemoteJWKSet(new URL(configuration.jwks_uri)), issuers: [...issuers] };
  }
}

/**
 * Whether the token is for one of the accepted audiences: the tab's client id or its exact
 * Application ID URI. Whole values only: a URI that merely ends with the client id can be
 * registered by anyone on another app (`api://evil.example/<clientId>`).
 */
export function audienceMatches(aud: JWTPayload['aud'], accepted: readonly string[]): boolean {
  const audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  const wanted = new Set(accepted.map((value) => value.toLowerCase()));
  return audiences.some((candidate) => typeof candidate === 'string' && wanted.has(candidate.toLowerCase()));
}

/**
 * The dev sign-in's display name as sent (HTTP headers are Latin-1, so the tab URI-encodes it):
 * decoded when it can be, control characters dropped, bounded; blank means none.
 */
function devName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Not URI-encoded: taken as typed.
  }
  // eslint-disable-next-line no-control-regex
  const name = decoded.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_DEV_NAME);
  return name === '' ? undefined : name;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
