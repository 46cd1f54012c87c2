/**
 * A local stand-in for Microsoft Entra ID: serves a tenant's OpenID configuration and signing
 * keys (JWKS) over HTTP, and issues Teams-SSO-like access tokens signed with a locally
 * generated RSA key. Point ENTRA_AUTHORITY_URL at `authorityUrl` and the app validates these
 * tokens exactly as it validates Entra's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';

export interface TokenClaims {
  readonly tid: string;
  readonly oid: string;
  readonly aud: string;
  readonly name?: string;
  readonly preferredUsername?: string;
  /** Default `${authorityUrl}/${tid}/v2.0`. */
  readonly iss?: string;
  /** Seconds from now; negative for an expired token. Default 3600. */
  readonly expiresIn?: number;
  /** Sign with a key the JWKS does not publish. */
  readonly foreignKey?: boolean;
}

export interface LocalEntra {
  readonly authorityUrl: string;
  /** Paths requested so far (discovery and keys), to prove what was or was not fetched. */
  readonly requests: string[];
  token(claims: TokenClaims): Promise<string>;
  close(): Promise<void>;
}

const KID = 'local-test-key';

export async function startLocalEntra(): Promise<LocalEntra> {
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
    if (discovery) {
      res.end(JSON.stringify({ issuer: `${base}/{tenantid}/v2.0`, jwks_uri: `${base}/${discovery[1]}/discovery/v2.0/keys` }));
    } else if (keys) {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authorityUrl: base,
    requests,
    async token(claims) {
      const now = Math.floor(Date.now() / 1000);
      const key: KeyLike = claims.foreignKey ? stranger.privateKey : privateKey;
      return new SignJWT({ tid: claims.tid, oid: claims.oid, ...(claims.name ? { name: claims.name } : {}), ...(claims.preferredUsername ? { preferred_username: claims.preferredUsername } : {}), ver: '2.0' })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(claims.iss ?? `${base}/${claims.tid}/v2.0`)
        .setAudience(claims.aud)
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (claims.expiresIn ?? 3600))
        .sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
