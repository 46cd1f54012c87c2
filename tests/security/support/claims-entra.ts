/**
 * A local stand-in for Microsoft Entra ID that signs whatever claims a test asks for (missing
 * `iat`, no `scp`, `idtyp=app`, a foreign `kid`, `alg: none`…): the abuse suite needs tokens
 * a real tenant could issue or an attacker could forge, which the shared local Entra does not
 * shape. Serves the OpenID configuration and the JWKS like Entra, so the app validates these
 * tokens exactly as it validates Entra's (point ENTRA_AUTHORITY_URL at `authorityUrl`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';

export const CLIENT_ID = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
export const PUBLIC_HOST = 'reseau.example.org';
export const APP_ID_URI = `api://${PUBLIC_HOST}/${CLIENT_ID}`;
const KID = 'security-suite-key';

export interface SignOptions {
  /** Claims to remove from the defaults (e.g. 'iat', 'scp', 'tid'). */
  readonly without?: readonly string[];
  /** Sign with a key the JWKS does not publish. */
  readonly foreignKey?: boolean;
  /** Header overrides (kid, alg…); `alg: 'none'` produces an unsigned token. */
  readonly header?: Record<string, unknown>;
}

export interface ClaimsEntra {
  readonly authorityUrl: string;
  readonly requests: string[];
  /** A delegated Teams SSO token for `oid` in `tid`, with `scp: access_as_user`, plus overrides. */
  sign(tid: string, oid: string, claims?: JWTPayload & Record<string, unknown>, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startClaimsEntra(): Promise<ClaimsEntra> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, use: 'sig', alg: 'RS256' };
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const discovery = /^\/([0-9a-f-]{36})\/v2\.0\/\.well-known\/openid-configuration$/.exec(url);
    const keys = /^\/([0-9a-f-]{36})\/discovery\/v2\.0\/keys$/.exec(url);
    res.setHeader('content-type', 'application/json');
    if (discovery) res.end(JSON.stringify({ issuer: `${base}/{tenantid}/v2.0`, jwks_uri: `${base}/${discovery[1]}/discovery/v2.0/keys` }));
    else if (keys) res.end(JSON.stringify({ keys: [jwk] }));
    else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authorityUrl: base,
    requests,
    async sign(tid, oid, claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: `${base}/${tid}/v2.0`,
        aud: CLIENT_ID,
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
        tid,
        oid,
        scp: 'access_as_user',
        ver: '2.0',
        name: 'Test',
        ...claims,
      };
      for (const name of options.without ?? []) delete payload[name];
      const header = { alg: 'RS256', kid: KID, typ: 'JWT', ...options.header };
      if (header.alg === 'none') {
        const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${encode(header)}.${encode(payload)}.`;
      }
      const key: KeyLike = options.foreignKey ? stranger.privateKey : privateKey;
      return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
