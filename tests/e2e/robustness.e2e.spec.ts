/**
 * Bad input and failing parts, end to end: each case gets a clear answer, changes nothing it
 * should not, and leaves the server serving.
 */
import assert from 'node:assert/strict';
import type { DocumentStore } from '../../src/store/document-store';
import { StoreError } from '../../src/store/errors';
import { REQUEST_BODY_LIMIT_BYTES } from '../../src/server';
import { postActivity, postRaw } from '../support/bot-client';
import { startLocalEntra, type LocalEntra } from '../support/local-entra';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { adaptiveCardAction, botInstalled, message, teamsConversation, TEST_BOT_ID, TEST_TENANT_ID } from '../support/teams-activities';

const OTHER_TENANT = '0d3f5a1c-9e2b-4c7d-8a6f-112233445566';

async function helpStillWorks(app: ReseauUnderTest): Promise<void> {
  const conversation = teamsConversation('personal');
  const response = await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' }));
  assert.equal(response.status, 200);
  const answer = await app.connector.waitFor((call) => call.conversationId === conversation.id && call.kind !== 'getMember');
  assert.equal(answer.status < 300, true);
}

describe('robustness through /api/messages', () => {
  describe('malformed requests', () => {
    let app: ReseauUnderTest;
    before(async () => {
      app = await startReseauUnderTest();
    });
    beforeEach(() => app.connector.reset());
    after(async () => {
      await app?.stop();
    });

    it('answers broken JSON with a 400 JSON error and keeps serving', async () => {
      const response = await postRaw(app.url, '{"type": "message", "text": ');
      assert.equal(response.status, 400);
      assert.equal(typeof (response.body as { message?: unknown }).message, 'string');
      await helpStillWorks(app);
    });

    it('answers JSON that is not an activity with a 400 naming what is missing', async () => {
      for (const body of ['{}', '[]', '"message"', JSON.stringify({ type: 'message', text: 'aide' })]) {
        const response = await postRaw(app.url, body);
        assert.equal(response.status, 400, body);
        const error = response.body as { code: string; message: string };
        assert.equal(error.code, 'InvalidActivity');
        assert.match(error.message, /serviceUrl|conversation|body/);
      }
      const noConversation = { ...message({ serviceUrl: app.connector.serviceUrl, text: 'aide' }), conversation: undefined };
      const response = await postActivity(app.url, noConversation);
      assert.equal(response.status, 400);
      assert.match((response.body as { message: string }).message, /conversation/);
      assert.equal(app.connector.calls.length, 0);
    });

    it('refuses a body over the limit with 413 before parsing it', async () => {
      const huge = message({ serviceUrl: app.connector.serviceUrl, text: 'x'.repeat(REQUEST_BODY_LIMIT_BYTES + 1) });
      const response = await postActivity(app.url, huge);
      assert.equal(response.status, 413);
      assert.equal(app.connector.calls.length, 0);
      await helpStillWorks(app);
    });

    it('answers unknown routes with a JSON 404', async () => {
      const response = await fetch(`${app.url}/api/nothing`);
      assert.equal(response.status, 404);
      assert.equal(typeof ((await response.json()) as { message?: unknown }).message, 'string');
    });

    it('serves the tab placeholder page in French and English', async () => {
      const response = await fetch(`${app.url}/tab`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      const page = await response.text();
      assert.match(page, /Réseau des Nations Unies sur les migrations en Guinée/);
      assert.match(page, /UN Network on Migration in Guinea/);
    });

    it('reports healthy when the store answers', async () => {
      const response = await fetch(`${app.url}/healthz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', store: 'sqlite' });
    });

    it('refuses a tenant id that is not a string (400) instead of crashing the tenant gate, and keeps serving', async () => {
      const conversation = teamsConversation('personal');
      const base = message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' });
      for (const tampered of [
        { ...base, conversation: { ...base.conversation, tenantId: [TEST_TENANT_ID] } },
        { ...base, conversation: { ...base.conversation, tenantId: { id: TEST_TENANT_ID } } },
        { ...base, channelData: { ...(base.channelData as object), tenant: { id: [TEST_TENANT_ID] } } },
        { ...base, channelData: { tenant: 'x' } },
      ]) {
        const response = await postActivity(app.url, tampered);
        assert.equal(response.status, 400, JSON.stringify(tampered.conversation));
        assert.equal((response.body as { code: string }).code, 'InvalidActivity');
        assert.match((response.body as { message: string }).message, /tenant/);
      }
      assert.equal(app.connector.calls.length, 0, 'nothing answered');
      assert.equal(await app.store.get('gn', `conversation:${conversation.id}`), undefined, 'nothing stored');
      await helpStillWorks(app);
    });

    it('puts security headers on every answer: JSON never cached nor rendered, the tab locked to its own files inside Teams', async () => {
      const json = [
        await fetch(`${app.url}/healthz`),
        await fetch(`${app.url}/api/nothing`),
        await fetch(`${app.url}/api/v1/me`),
        await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      ];
      for (const response of json) {
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', response.url);
        assert.equal(response.headers.get('cache-control'), 'no-store', response.url);
        assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", response.url);
      }
      const tab = await fetch(`${app.url}/tab`);
      const policy = tab.headers.get('content-security-policy') ?? '';
      assert.equal(tab.headers.get('x-content-type-options'), 'nosniff');
      assert.match(policy, /default-src 'self'/);
      assert.match(policy, /script-src 'self'(;|$)/, 'no script from another origin');
      assert.match(policy, /connect-src 'self' https:\/\/res\.cdn\.office\.net(;|$)/, 'the API, and the Teams SDK’s list of Teams origins');
      assert.match(policy, /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/, 'still framed by Teams');
      const privacy = await fetch(`${app.url}/privacy`);
      assert.equal(privacy.headers.get('x-content-type-options'), 'nosniff');
      assert.match(privacy.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    });

    it('echoes a safe correlation id and replaces an unsafe one', async () => {
      const activity = message({ serviceUrl: app.connector.serviceUrl, text: 'aide' });
      const kept = await postActivity(app.url, activity, { headers: { 'x-correlation-id': 'abc-123' } });
      assert.equal(kept.headers['x-correlation-id'], 'abc-123');
      const replaced = await postActivity(app.url, activity, { headers: { 'x-correlation-id': '<script>' } });
      assert.match(replaced.headers['x-correlation-id'] ?? '', /^[0-9a-f]{8}$/);
    });
  });

  describe('tenants outside the network', () => {
    let app: ReseauUnderTest;
    before(async () => {
      // Two agencies' tenants, neither of them the default test tenant.
      app = await startReseauUnderTest({ env: { ALLOWED_TENANTS: `${OTHER_TENANT}, 7a7a7a7a-1111-2222-3333-444444444444` } });
    });
    after(async () => {
      await app?.stop();
    });

    it('refuses a message politely, in the reader’s language, and stores nothing', async () => {
      const conversation = teamsConversation('personal');
      const response = await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'help', locale: 'en-US' }));
      assert.equal(response.status, 200);
      const [answer] = app.connector.activities({ conversationId: conversation.id });
      assert.match(String(answer?.text), /reserved for the member organisations/);
      assert.deepEqual(await app.store.query('gn', { type: 'conversation' }), []);
      assert.deepEqual(await app.store.query('gn', { type: 'turnState' }), []);
    });

    it('does not record or welcome an installation from another tenant', async () => {
      const conversation = teamsConversation('channel');
      await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation }));
      const sent = app.connector.activities({ conversationId: conversation.id });
      assert.equal(sent.length, 1);
      assert.match(String(sent[0]?.text), /réservé aux organisations membres/);
      assert.equal(sent[0]?.attachments, undefined);
      assert.deepEqual(await app.store.query('gn', { type: 'conversation' }), []);
    });

    it('answers a card action from another tenant in the invoke response, without a card', async () => {
      const response = await postActivity(app.url, adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, verb: 'help.show', data: { language: 'en' } }));
      const body = response.body as { type: string; value: string };
      assert.equal(body.type, 'application/vnd.microsoft.activity.message');
      assert.match(body.value, /réservé aux organisations membres/);
    });

    it('lets an allowed tenant in', async () => {
      const allowed = teamsConversation('personal', { tenantId: OTHER_TENANT });
      await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation: allowed, tenantId: OTHER_TENANT, text: 'aide' }));
      const [answer] = app.connector.activities({ conversationId: allowed.id });
      assert.equal(answer?.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    });
  });

  describe('with Bot Framework authentication (production mode, real signed tokens)', () => {
    let entra: LocalEntra;
    let app: ReseauUnderTest;
    before(async () => {
      entra = await startLocalEntra();
      app = await startReseauUnderTest({ production: { entra } });
    });
    beforeEach(() => app.connector.reset());
    after(async () => {
      await app?.stop();
      await entra?.close();
    });

    /** What the caller learns from a refusal: a generic 401, nothing about why. */
    const assertGenericRefusal = (response: { status: number; body: unknown; headers: Record<string, string> }) => {
      assert.equal(response.status, 401);
      assert.deepEqual(Object.keys(response.body as object).sort(), ['code', 'message']);
      assert.equal((response.body as { code: string }).code, 'Unauthorized');
      assert.doesNotMatch(JSON.stringify(response.body), /token|issuer|endorse|serviceurl|openid|appid|fetch/i);
      assert.equal(response.headers['cache-control'], 'no-store');
    };

    it('answers an activity signed by the Bot Framework, and calls the connector with the bot’s own token', async () => {
      const conversation = teamsConversation('personal');
      const response = await app.post(message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' }));
      assert.equal(response.status, 200);
      const answer = await app.connector.waitFor((call) => call.conversationId === conversation.id && call.kind !== 'getMember');
      assert.equal(answer.status < 300, true, JSON.stringify(answer.response));
      assert.ok(await entra.isBotToken(String(answer.headers.authorization), TEST_BOT_ID), 'the reply carries a token the bot obtained with its credentials');
    });

    it('refuses a request without a token with a generic 401 and does nothing', async () => {
      const conversation = teamsConversation('personal');
      const response = await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation }));
      assertGenericRefusal(response);
      assert.equal(app.connector.calls.length, 0);
      assert.equal(await app.store.get('gn', `conversation:${conversation.id}`), undefined, 'the installation was not recorded');
    });

    it('refuses forged, foreign-signed, misissued, expired, misaddressed and replayed tokens with the same generic 401', async () => {
      const activity = message({ serviceUrl: app.connector.serviceUrl, text: 'aide' });
      const serviceUrl = app.connector.serviceUrl;
      const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
      const refused = [
        { headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiI1YjRhM2MyZCJ9.' } },
        bearer(await entra.channelToken({ appId: TEST_BOT_ID, serviceUrl, wrongKey: true })),
        bearer(await entra.channelToken({ appId: TEST_BOT_ID, serviceUrl, iss: 'https://api.botframework.com' })),
        bearer(await entra.channelToken({ appId: TEST_BOT_ID, serviceUrl, expiresIn: -3600 })),
        bearer(await entra.channelToken({ appId: '11111111-2222-4333-8444-555555555555', serviceUrl })),
        // A token the connector issued for another serviceUrl cannot send the bot elsewhere.
        bearer(await entra.channelToken({ appId: TEST_BOT_ID, serviceUrl: 'https://evil.example.org/amer/' })),
        // A Teams SSO token of a user is not a Bot Framework token.
        bearer(await entra.token({ tid: TEST_TENANT_ID, oid: '0c3a1f5e-1111-4222-8333-944455566677', aud: TEST_BOT_ID })),
      ];
      for (const options of refused) assertGenericRefusal(await postActivity(app.url, activity, options));
      // Keys endorsed for Teams only: a signed activity claiming another channel is refused.
      assertGenericRefusal(await app.post({ ...activity, channelId: 'webchat' }));
      assert.equal(app.connector.calls.length, 0);
    });
  });

  describe('when the Bot Framework’s signing keys cannot be fetched', () => {
    let entra: LocalEntra;
    let app: ReseauUnderTest;
    before(async () => {
      entra = await startLocalEntra();
      app = await startReseauUnderTest({ production: { entra } });
    });
    after(async () => {
      await app?.stop();
      await entra?.close();
    });

    it('refuses with a generic 401, never a 500 with the fetch error, and lets the next request in once they are back', async () => {
      entra.failBotFrameworkMetadata(503);
      const conversation = teamsConversation('personal');
      const activity = message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' });
      const refused = await app.post(activity);
      assert.equal(refused.status, 401);
      assert.equal((refused.body as { code: string }).code, 'Unauthorized');
      assert.doesNotMatch(JSON.stringify(refused.body), /openID|503|Failed|load/i);
      assert.ok(app.logs.some((line) => line.msg.includes('could not be verified') && /openID config: 503/.test(String(line.reason))), 'the reason is in the log');
      entra.failBotFrameworkMetadata(undefined);
      assert.equal((await app.post(activity)).status, 200);
    });
  });

  describe('when a part fails', () => {
    let app: ReseauUnderTest;
    let storeDown = false;
    before(async () => {
      app = await startReseauUnderTest({
        wrapStore: (store) => failingWhen(store, () => storeDown),
      });
    });
    afterEach(() => {
      storeDown = false;
    });
    after(async () => {
      await app?.stop();
    });

    it('tells the member it failed, with a reference the logs share, and never a stack trace', async () => {
      const conversation = teamsConversation('personal');
      // The connector refuses the help card (the SDK retries 5xx itself, so a 4xx it cannot
      // retry stands for any send that fails); the apology then goes through.
      app.connector.failNext({ status: 403, match: (call) => call.conversationId === conversation.id });
      const response = await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' }), {
        headers: { 'x-correlation-id': 'turn-500' },
      });
      assert.equal(response.status, 200);
      const [apology] = app.connector.activities({ conversationId: conversation.id });
      assert.match(String(apology?.text), /Désolé.*rien n’a été modifié.*turn-500/s);
      assert.doesNotMatch(String(apology?.text), /\bat \w|Error|\.ts:/);
      const logged = app.logs.find((line) => line.msg === 'turn failed');
      assert.equal(logged?.correlationId, 'turn-500');
      assert.ok(logged?.err?.stack, 'the log keeps the details');
    });

    it('apologises when the store is down, reports unhealthy, and recovers when it is back', async () => {
      storeDown = true;
      const conversation = teamsConversation('personal');
      await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation }));
      assert.equal(app.connector.activities({ conversationId: conversation.id }).length, 0, 'no welcome without a record');
      await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide', locale: 'en-US' }));
      const [apology] = app.connector.activities({ conversationId: conversation.id });
      assert.match(String(apology?.text), /cannot reach its database right now: nothing was saved\. Try again in a minute/);
      const health = await fetch(`${app.url}/healthz`);
      assert.equal(health.status, 503);
      assert.deepEqual(await health.json(), { status: 'unavailable', store: 'sqlite', reason: 'store unavailable' });

      storeDown = false;
      // Teams retries the install announcement; now it is recorded and welcomed.
      await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation }));
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
      const sent = app.connector.activities({ conversationId: conversation.id });
      assert.match(JSON.stringify(sent.at(-1)), /Bienvenue dans Réseau/);
    });
  });
});

/** The real store, made to fail like an unreachable database while `isDown()` holds. */
function failingWhen(store: DocumentStore, isDown: () => boolean): DocumentStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (isDown()) return Promise.reject(new StoreError('unavailable', 'the database is unreachable'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
