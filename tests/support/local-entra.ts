/**
 * A local stand-in for Microsoft Entra ID and the Bot Framework's token services, so tests run
 * the app exactly as in Azure with real signed tokens:
 * - Entra: a tenant's OpenID configuration and signing keys (JWKS), and Teams-SSO-like access
 *   tokens signed with a locally generated RSA key. Point ENTRA_AUTHORITY_URL at `authorityUrl`.
 * - Bot Framework, inbound: the channel's OpenID metadata and keys (with Teams' endorsement),
 *   and `channelToken()`, what the Bot Connector signs every request to /api/messages with.
 * - Bot Framework, outbound: a client-credentials token endpoint for the bot's registration,
 *   `botCredentials()` for the app to use it, and `isBotToken()` for the fake connector to check
 *   what the bot sends.
 * Pass `botFramework` as `startReseau`'s `botFrameworkEndpoints`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants, MicrosoftAppCredentials, PasswordServiceClientCredentialFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWTPayload, type KeyLike } from 'jose';
import type { BotFrameworkEndpoints } from '../../src/bot/teams-bot';

/** Claims that can be left out of a token, to prove the app requires them. */
export type OmittableClaim = 'exp' | 'iat' | 'tid' | 'oid' | 'scp';

export interface TokenClaims {
  readonly tid: string;
  readonly oid: string;
  readonly aud: string;
  readonly name?: string;
  readonly preferredUsername?: string;
  readonly email?: string;
  /** Default `${authorityUrl}/${tid}/v2.0`. */
  readonly iss?: string;
  /** Seconds from now; negative for an expired token. Default 3600. */
  readonly expiresIn?: number;
  /** Delegated scopes, space-separated. Default `access_as_user`, as Teams SSO asks. */
  readonly scp?: string;
  /** `app` marks an application's own token (client credentials), `user` a delegated one. */
  readonly idtyp?: 'app' | 'user';
  /** Application roles, as an app-only token carries. */
  readonly roles?: readonly string[];
  readonly without?: readonly OmittableClaim[];
  /** Sign with a key the JWKS does not publish. */
  readonly foreignKey?: boolean;
}

export interface ChannelTokenOptions {
  /** The bot's app id (the token's audience). */
  readonly appId: string;
  /** The activity's serviceUrl: the token is only valid for it. */
  readonly serviceUrl: string;
  /** Default the Bot Framework issuer the app is configured with. */
  readonly iss?: string;
  readonly expiresIn?: number;
  /** Sign with the Entra key instead of the Bot Framework's. */
  readonly wrongKey?: boolean;
}

export interface LocalEntra {
  readonly authorityUrl: string;
  /** Paths requested so far (discovery and keys), to prove what was or was not fetched. */
  readonly requests: string[];
  /** The Bot Framework endpoints this stand-in serves, for `startReseau`. */
  readonly botFramework: BotFrameworkEndpoints;
  token(claims: TokenClaims): Promise<string>;
  /** A Bot Connector → bot token, as it signs every activity it posts (keys endorsed for msteams). */
  channelToken(options: ChannelTokenOptions): Promise<string>;
  /** Registers a bot app (id + secret) for the client-credentials token endpoint. */
  registerBot(appId: string, secret: string): void;
  /** How the app obtains its outgoing tokens here (MSAL, the default, accepts https authorities only). */
  botCredentials(appId: string, secret: string): ServiceClientCredentialsFactory;
  /** Whether an Authorization header carries a token this stand-in issued to `appId` for the Bot Connector. */
  isBotToken(authorization: string | undefined, appId: string): Promise<boolean>;
  /** Answer the Bot Framework's OpenID metadata with this HTTP status from now on (e.g. 503); undefined to serve it again. */
  failBotFrameworkMetadata(status: number | undefined): void;
  close(): Promise<void>;
}

const KID = 'local-test-key';
const BOT_FRAMEWORK_KID = 'local-bot-framework-key';
const BOT_FRAMEWORK_METADATA_PATH = '/botframework/v1/.well-known/openidconfiguration';
const BOT_FRAMEWORK_KEYS_PATH = '/botframework/v1/.well-known/keys';
/** The Bot Framework signs with keys endorsed per channel; the app checks the activity's channel is among them. */
const BOT_FRAMEWORK_ENDORSEMENTS = ['msteams'];
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

export async function startLocalEntra(): Promise<LocalEntra> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const botFrameworkKeys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, use: 'sig', alg: 'RS256' };
  const botFrameworkJwk = { ...(await exportJWK(botFrameworkKeys.publicKey)), kid: BOT_FRAMEWORK_KID, use: 'sig', endorsements: BOT_FRAMEWORK_ENDORSEMENTS };
  const bots = new Map<string, string>();
  const requests: string[] = [];
  let metadataFailure: number | undefined;
  let base = '';

  const issueBotToken = async (clientId: string, scope: string): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ appid: clientId, azp: clientId, idtyp: 'app', tid: 'botframework.com', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(`${base}/botframework.com/v2.0`)
      .setAudience(scope.replace(/\/\.default$/, ''))
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
  };

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    res.setHeader('content-type', 'application/json');
    const discovery = /^\/([0-9a-f-]{36})\/v2\.0\/\.well-known\/openid-configuration$/.exec(url);
    const keys = /^\/([0-9a-f-]{36})\/discovery\/v2\.0\/keys$/.exec(url);
    if (discovery) {
      res.end(JSON.stringify({ issuer: `${base}/{tenantid}/v2.0`, jwks_uri: `${base}/${discovery[1]}/discovery/v2.0/keys` }));
    } else if (keys) {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (url === BOT_FRAMEWORK_METADATA_PATH) {
      res.statusCode = metadataFailure ?? 200;
      res.end(JSON.stringify(metadataFailure ? { error: 'unavailable' } : { issuer: `${base}/botframework`, jwks_uri: `${base}${BOT_FRAMEWORK_KEYS_PATH}` }));
    } else if (url === BOT_FRAMEWORK_KEYS_PATH) {
      res.end(JSON.stringify({ keys: [botFrameworkJwk] }));
    } else if (req.method === 'POST' && TOKEN_PATH.test(url)) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const clientId = form.get('client_id') ?? '';
        if (form.get('grant_type') !== 'client_credentials' || !bots.has(clientId) || bots.get(clientId) !== form.get('client_secret')) {
          res.statusCode = 401;
          res.end(JSON.stringify({ error: 'invalid_client' }));
          return;
        }
        issueBotToken(clientId, form.get('scope') ?? '').then(
          (token) => res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: token })),
          () => {
            res.statusCode = 500;
            res.end('{}');
          },
        );
      });
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const botFramework: BotFrameworkEndpoints = {
    openIdMetadataUrl: `${base}${BOT_FRAMEWORK_METADATA_PATH}`,
    tokenIssuer: `${base}/botframework`,
    loginUrl: `${base}/botframework.com`,
  };

  return {
    authorityUrl: base,
    requests,
    botFramework,
    async token(claims) {
      const now = Math.floor(Date.now() / 1000);
      const without = new Set(claims.without ?? []);
      const key: KeyLike = claims.foreignKey ? stranger.privateKey : privateKey;
      const payload: JWTPayload = {
        ...(without.has('tid') ? {} : { tid: claims.tid }),
        ...(without.has('oid') ? {} : { oid: claims.oid }),
        ...(without.has('scp') ? {} : { scp: claims.scp ?? 'access_as_user' }),
        ...(claims.idtyp ? { idtyp: claims.idtyp } : {}),
        ...(claims.roles ? { roles: [...claims.roles] } : {}),
        ...(claims.name ? { name: claims.name } : {}),
        ...(claims.preferredUsername ? { preferred_username: claims.preferredUsername } : {}),
        ...(claims.email ? { email: claims.email } : {}),
        ver: '2.0',
      };
      const jwt = new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(claims.iss ?? `${base}/${claims.tid}/v2.0`)
        .setAudience(claims.aud)
        .setNotBefore(now - 60);
      if (!without.has('iat')) jwt.setIssuedAt(now - 60);
      if (!without.has('exp')) jwt.setExpirationTime(now + (claims.expiresIn ?? 3600));
      return jwt.sign(key);
    },
    async channelToken(options) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ serviceurl: options.serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: options.wrongKey ? KID : BOT_FRAMEWORK_KID, typ: 'JWT' })
        .setIssuer(options.iss ?? botFramework.tokenIssuer)
        .setAudience(options.appId)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (options.expiresIn ?? 3600))
        .sign(options.wrongKey ? privateKey : botFrameworkKeys.privateKey);
    },
    registerBot(appId, secret) {
      bots.set(appId, secret);
    },
    botCredentials(appId, secret) {
      return new LocalBotCredentialsFactory(appId, secret);
    },
    async isBotToken(authorization, appId) {
      const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
      if (!token) return false;
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: `${base}/botframework.com/v2.0`, audience: AuthenticationConstants.ToChannelFromBotOAuthScope });
        return payload.appid === appId;
      } catch {
        return false;
      }
    },
    failBotFrameworkMetadata(status) {
      metadataFailure = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What botbuilder's password credentials do (a client-credentials grant), over plain HTTP to the stand-in. */
class LocalBotCredentialsFactory extends PasswordServiceClientCredentialFactory {
  override async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<MicrosoftAppCredentials> {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return new LocalAppCredentials(appId, this.password ?? '', audience ?? AuthenticationConstants.ToChannelFromBotOAuthScope, loginEndpoint);
  }
}

class LocalAppCredentials extends MicrosoftAppCredentials {
  private cached?: { readonly token: string; readonly until: number };

  constructor(
    appId: string,
    private readonly secret: string,
    private readonly scope: string,
    private readonly loginEndpoint: string,
  ) {
    super(appId, secret, undefined, scope);
  }

  override async getToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.cached && this.cached.until > Date.now()) return this.cached.token;
    const response = await fetch(`${this.loginEndpoint}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.secret, scope: `${this.scope}/.default` }),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const { access_token: token, expires_in: expiresIn } = (await response.json()) as { access_token: string; expires_in: number };
    this.cached = { token, until: Date.now() + (expiresIn - 60) * 1000 };
    return token;
  }
}
