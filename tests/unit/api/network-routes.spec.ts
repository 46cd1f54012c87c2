/**
 * apiRoute with several networks (src/api/http.ts): one handler per network on the same path,
 * the request's network picks it, and a route never answers for a network it does not serve.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { apiRoute, chooseApiNetworkWith, registeredApiRoutes, type ApiNetworkChooser } from '../../../src/api/http';
import type { Authenticator } from '../../../src/api/authenticator';
import { createLogger } from '../../../src/logger';
import { NetworkRoutingError } from '../../../src/network-routing/api-network-scope';

const authenticator: Authenticator = { authenticate: async () => ({ aadObjectId: 'a', tenantId: 't', via: 'devSignIn' }) };
const logger = createLogger('silent');

async function serve(register: (server: restify.Server) => void): Promise<{ get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>; close(): Promise<void> }> {
  const server = restify.createServer();
  register(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async get(path, headers = {}) {
      const response = await fetch(`${url}/api/v1${path}`, { headers });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('tab API routes of several networks', () => {
  it('runs the handler of the network the chooser picks, and lists each route with its networks', async () => {
    const chooser: ApiNetworkChooser = {
      enter: async (_user, requested) => {
        if (requested === 'ml') throw new NetworkRoutingError('notInNetwork');
        return requested ?? 'gn';
      },
    };
    let listed: ReturnType<typeof registeredApiRoutes> = [];
    const app = await serve((server) => {
      chooseApiNetworkWith(server, chooser);
      for (const networkId of ['gn', 'sn']) apiRoute(server, 'get', '/who', { authenticator, logger, networkId }, async () => ({ body: { servedBy: networkId } }));
      listed = registeredApiRoutes(server);
    });
    try {
      assert.deepEqual(listed, [{ method: 'GET', path: '/who', networkIds: ['gn', 'sn'] }]);
      assert.deepEqual((await app.get('/who')).body, { servedBy: 'gn' });
      assert.deepEqual((await app.get('/who', { 'x-reseau-network': 'sn' })).body, { servedBy: 'sn' });
      assert.deepEqual((await app.get('/who?network=SN')).body, { servedBy: 'sn' }, 'the query form, case-insensitive');
      const refused = await app.get('/who', { 'x-reseau-network': 'ml' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'notInNetwork');
    } finally {
      await app.close();
    }
  });

  it('without a chooser, a route serves its one network only: naming another is a 404 in the reader’s language', async () => {
    const app = await serve((server) => apiRoute(server, 'get', '/who', { authenticator, logger, networkId: 'gn' }, async () => ({ body: { servedBy: 'gn' } })));
    try {
      assert.deepEqual((await app.get('/who?network=gn')).body, { servedBy: 'gn' });
      const refused = await app.get('/who', { 'x-reseau-network': 'sn', 'accept-language': 'en' });
      assert.equal(refused.status, 404);
      assert.deepEqual(refused.body, { code: 'unknownNetwork', message: 'This network is not served here; nothing was done.' });
    } finally {
      await app.close();
    }
  });

  it('refuses to register a route twice for the same network (a wiring mistake, found at start-up)', () => {
    const server = restify.createServer();
    apiRoute(server, 'get', '/who', { authenticator, logger, networkId: 'gn' }, async () => ({ body: {} }));
    assert.throws(() => apiRoute(server, 'get', '/who', { authenticator, logger, networkId: 'gn' }, async () => ({ body: {} })), /registered twice for network gn/);
  });
});
