/**
 * The shared local Entra (tests/support/local-entra.ts), with the Bot Framework's inbound side
 * replaced by one that signs whatever a test asks for: the abuse suite needs channel tokens the
 * Bot Connector could issue or an attacker could forge, which `channelToken()` does not shape
 * (a key endorsed for another channel, a key published without endorsements, a forged
 * signature under the published key id, no `serviceurl`, `nbf` in the future, HS256 or `none`).
 *
 * Its OpenID metadata publishes three keys, as the Bot Framework publishes several:
 * - `teams`: endorsed for msteams, what the Bot Connector signs Teams activities with (and what
 *   `channelToken()`, hence the harness' `post()` and `channelHeaders()`, signs with here);
 * - `webchat`: endorsed for webchat and directline only;
 * - `unendorsed`: published with no endorsements at all.
 * Everything else (Entra user tokens, the bot's own client-credentials tokens and their check
 * by the fake connector) is the shared stand-in's. Pass it as `production: { entra }`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type KeyLike } from 'jose';
import { startLocalEntra, type ChannelTokenOptions, type LocalEntra } from '../../support/local-entra';

export type ChannelKey = 'teams' | 'webchat' | 'unendorsed';

export interface ShapedChannelToken {
  /** Default the bot's app id given to `channelToken`. */
  readonly appId: string;
  /** The `serviceurl` claim; `null` leaves it out. */
  readonly serviceUrl: string | null;
  /** Default the issuer the app is configured with. */
  readonly iss?: string;
  /** Seconds from now; negative for an expired token. Default 3600. */
  readonly expiresIn?: number;
  /** Seconds from now for `nbf`. Default -60. */
  readonly notBefore?: number;
  /** Which published key signs it. Default `teams`. */
  readonly key?: ChannelKey;
  /** Sign with a key nobody published, under the published `kid` of `key`. */
  readonly forgedSignature?: boolean;
  /** `HS256` signs with the published public key (PEM) as the HMAC secret; `none` leaves the token unsigned. */
  readonly alg?: 'RS256' | 'HS256' | 'none';
  /** Extra claims. */
  readonly claims?: Record<string, unknown>;
}

export interface ChannelEntra extends LocalEntra {
  /** A Bot Framework channel token shaped as asked. */
  sign(options: ShapedChannelToken): Promise<string>;
}

const METADATA_PATH = '/botframework-shaped/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/botframework-shaped/v1/.well-known/keys';
const ENDORSEMENTS: Record<ChannelKey, readonly string[] | undefined> = { teams: ['msteams'], webchat: ['webchat', 'directline'], unendorsed: undefined };
const KIDS: Record<ChannelKey, string> = { teams: 'shaped-teams-key', webchat: 'shaped-webchat-key', unendorsed: 'shaped-unendorsed-key' };

export async function startChannelEntra(): Promise<ChannelEntra> {
  const inner = await startLocalEntra();
  const pairs = {} as Record<ChannelKey, { publicKey: KeyLike; privateKey: KeyLike }>;
  for (const name of Object.keys(KIDS) as ChannelKey[]) pairs[name] = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwks = await Promise.all(
    (Object.keys(KIDS) as ChannelKey[]).map(async (name) => ({
      ...(await exportJWK(pairs[name].publicKey)),
      kid: KIDS[name],
      use: 'sig',
      ...(ENDORSEMENTS[name] ? { endorsements: ENDORSEMENTS[name] } : {}),
    })),
  );
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === METADATA_PATH) res.end(JSON.stringify({ issuer: `${base}/botframework`, jwks_uri: `${base}${KEYS_PATH}` }));
    else if (req.url === KEYS_PATH) res.end(JSON.stringify({ keys: jwks }));
    else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The bot still gets its own tokens from the shared stand-in (loginUrl), which the fake connector checks.
  const botFramework = { ...inner.botFramework, openIdMetadataUrl: `${base}${METADATA_PATH}`, tokenIssuer: `${base}/botframework` };

  const sign = async (options: ShapedChannelToken): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const key = options.key ?? 'teams';
    const alg = options.alg ?? 'RS256';
    const payload = {
      ...(options.serviceUrl === null ? {} : { serviceurl: options.serviceUrl }),
      iss: options.iss ?? botFramework.tokenIssuer,
      aud: options.appId,
      nbf: now + (options.notBefore ?? -60),
      exp: now + (options.expiresIn ?? 3600),
      ...options.claims,
    };
    if (alg === 'none') {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${encode({ alg: 'none', kid: KIDS[key], typ: 'JWT' })}.${encode(payload)}.`;
    }
    const jwt = new SignJWT(payload).setProtectedHeader({ alg, kid: KIDS[key], typ: 'JWT' });
    if (alg === 'HS256') return jwt.sign(new TextEncoder().encode(await exportSPKI(pairs[key].publicKey)));
    return jwt.sign(options.forgedSignature ? stranger.privateKey : pairs[key].privateKey);
  };

  return {
    ...inner,
    botFramework,
    sign,
    channelToken: (options: ChannelTokenOptions) =>
      sign({
        appId: options.appId,
        serviceUrl: options.serviceUrl,
        ...(options.iss !== undefined ? { iss: options.iss } : {}),
        ...(options.expiresIn !== undefined ? { expiresIn: options.expiresIn } : {}),
        ...(options.wrongKey ? { forgedSignature: true } : {}),
      }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.close();
    },
  };
}
