// Proves the simulated Teams in tests/support speaks the protocol the real SDK speaks: every
// call below goes through botbuilder's own ConnectorClient / TeamsConnectorClient, or through
// a real TeamsAdapter + teams-ai Application served by restify, never through hand-made
// requests (except where a test needs to see the raw HTTP answer).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { MemoryStorage, TeamsInfo } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials, TeamsConnectorClient } from 'botframework-connector';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import * as restify from 'restify';
import { postActivity, postRaw } from '../support/bot-client';
import { startFakeConnector, type FakeConnector, type RecordedCall } from '../support/fake-connector';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_WINDOWS } from '../support/sliding-window-limiter';
import {
  TEST_BOT_ID,
  TEST_TENANT_ID,
  adaptiveCardAction,
  botInstalled,
  cardSubmit,
  membersAdded,
  message,
  teamsConversation,
  teamsUser,
} from '../support/teams-activities';

const CHANNEL_THREAD = '19:abc123@thread.tacv2;messageid=1712345678901';

function connectorFor(fake: FakeConnector): ConnectorClient {
  // What the adapter builds when BOT_ID is empty: credentials that sign nothing.
  return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: fake.serviceUrl });
}

function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err ? (err as { statusCode: number }).statusCode : undefined;
}

describe('SlidingWindowLimiter', () => {
  it('accepts up to the limit and says when the next request fits', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 3, windowMs: 1_000 }]);
    assert.equal(limiter.tryAcquire('c', 0).allowed, true);
    assert.equal(limiter.tryAcquire('c', 100).allowed, true);
    assert.equal(limiter.tryAcquire('c', 200).allowed, true);
    const refused = limiter.tryAcquire('c', 300);
    assert.deepEqual(refused, { allowed: false, retryAfterMs: 700, rule: { limit: 3, windowMs: 1_000 } });
    // The window slides: the hit at 0 leaves it exactly at 1000.
    assert.equal(limiter.tryAcquire('c', 999).allowed, false);
    assert.equal(limiter.tryAcquire('c', 1_000).allowed, true);
  });

  it('does not count refused requests, so a client that waits is let through', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1_000 }]);
    limiter.tryAcquire('c', 0);
    for (let t = 1; t < 1_000; t += 100) assert.equal(limiter.tryAcquire('c', t).allowed, false);
    assert.equal(limiter.tryAcquire('c', 1_000).allowed, true);
    assert.equal(limiter.count('c', 1_000), 1);
  });

  it('keeps keys apart, and check() records nothing', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1_000 }]);
    assert.equal(limiter.check('a', 0).allowed, true);
    assert.equal(limiter.check('a', 0).allowed, true);
    limiter.record('a', 0);
    assert.equal(limiter.check('a', 0).allowed, false);
    assert.equal(limiter.check('b', 0).allowed, true);
    limiter.reset();
    assert.equal(limiter.check('a', 0).allowed, true);
  });

  it("applies Teams' 7/1 s then 8/2 s per-conversation limits", () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    for (let i = 0; i < 7; i++) assert.equal(limiter.tryAcquire('conv', 0).allowed, true, `message ${i + 1}`);
    const eighth = limiter.tryAcquire('conv', 10);
    assert.equal(eighth.allowed, false);
    assert.equal(!eighth.allowed && eighth.rule.limit, 7);
    // One second later the 1 s window is empty but 7 of 8 slots of the 2 s window are used.
    assert.equal(limiter.tryAcquire('conv', 1_000).allowed, true);
    const ninth = limiter.tryAcquire('conv', 1_000);
    assert.equal(!ninth.allowed && ninth.rule.windowMs, 2_000);
    assert.equal(!ninth.allowed && ninth.retryAfterMs, 1_000);
  });

  it('applies the 60 per 30 s limit to a steady trickle', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    // 2.5 messages a second stays under 7/1 s and 8/2 s; the 61st within 30 s is refused.
    for (let i = 0; i < 60; i++) assert.equal(limiter.tryAcquire('conv', i * 400).allowed, true, `message ${i + 1}`);
    const refused = limiter.tryAcquire('conv', 60 * 400);
    assert.equal(!refused.allowed && refused.rule.limit, 60);
    assert.equal(!refused.allowed && refused.retryAfterMs, 30_000 - 60 * 400);
  });

  it('rejects nonsense rules', () => {
    assert.throws(() => new SlidingWindowLimiter([]));
    assert.throws(() => new SlidingWindowLimiter([{ limit: 0, windowMs: 1_000 }]));
  });
});

describe('fake connector, driven by the real botframework ConnectorClient', () => {
  let fake: FakeConnector;
  let client: ConnectorClient;

  before(async () => {
    fake = await startFakeConnector();
    client = connectorFor(fake);
  });
  afterEach(() => {
    fake.reset();
    fake.latencyMs = 0;
  });
  after(async () => {
    await fake.close();
  });

  it('serves under a regional path like Teams does', () => {
    assert.match(fake.serviceUrl, /^http:\/\/127\.0\.0\.1:\d+\/amer\/$/);
  });

  it('records a send with its decoded conversation id, body and headers', async () => {
    const conversationId = 'a:1xyz-personal';
    const result = await client.conversations.sendToConversation(conversationId, {
      type: 'message',
      text: 'Bonjour',
    } as never);
    assert.match(result.id ?? '', /^\d{13}$/);
    const [call] = fake.calls;
    assert.ok(call);
    assert.equal(call.kind, 'send');
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/amer/v3/conversations/a%3A1xyz-personal/activities');
    assert.equal(call.conversationId, conversationId);
    assert.equal(call.status, 201);
    assert.deepEqual(call.response, { id: result.id });
    assert.equal((call.body as { text?: string }).text, 'Bonjour');
    // With no app id the SDK sends no token at all.
    assert.equal(call.headers.authorization, undefined);
    assert.match(String(call.headers['content-type']), /application\/json/);
    assert.match(String(call.headers['user-agent']), /botframework-connector/);
  });

  it('decodes URL-encoded Teams channel thread ids (: @ ;)', async () => {
    await client.conversations.replyToActivity(CHANNEL_THREAD, '1712345678901', { type: 'message', text: 'Réponse' } as never);
    const [call] = fake.calls;
    assert.ok(call);
    assert.equal(call.kind, 'reply');
    assert.ok(call.path.includes('19%3Aabc123%40thread.tacv2%3Bmessageid%3D1712345678901'), call.path);
    assert.equal(call.conversationId, CHANNEL_THREAD);
    assert.equal(call.activityId, '1712345678901');
    assert.deepEqual(
      fake.activities({ conversationId: CHANNEL_THREAD }).map((a) => a.text),
      ['Réponse'],
    );
  });

  it('lists sent activities without the typing indicator unless asked', async () => {
    await client.conversations.replyToActivity('a:1one', '1', { type: 'typing' } as never);
    await client.conversations.replyToActivity('a:1one', '1', { type: 'message', text: 'un' } as never);
    await client.conversations.sendToConversation('a:1two', { type: 'message', text: 'deux' } as never);
    assert.deepEqual(fake.activities().map((a) => a.text), ['un', 'deux']);
    assert.deepEqual(fake.activities({ includeTyping: true }).map((a) => a.type), ['typing', 'message', 'message']);
    assert.deepEqual(fake.activities({ type: 'typing' }).length, 1);
    assert.deepEqual(fake.activities({ conversationId: 'a:1two' }).map((a) => a.text), ['deux']);
  });

  it('updates and deletes an activity', async () => {
    const sent = await client.conversations.sendToConversation('a:1upd', { type: 'message', text: 'v1' } as never);
    const id = sent.id ?? '';
    const updated = await client.conversations.updateActivity('a:1upd', id, { type: 'message', id, text: 'v2' } as never);
    assert.equal(updated.id, id);
    await client.conversations.deleteActivity('a:1upd', id);
    assert.deepEqual(
      fake.calls.map((c) => [c.kind, c.method, c.activityId, c.status]),
      [
        ['send', 'POST', undefined, 201],
        ['update', 'PUT', id, 200],
        ['delete', 'DELETE', id, 200],
      ],
    );
    assert.equal((fake.calls[1]?.body as { text?: string }).text, 'v2');
  });

  it('creates the same 1:1 conversation for the same user, and a different one for another', async () => {
    const amina = teamsUser({ name: 'Aminata Diallo' });
    const moussa = teamsUser({ name: 'Moussa Camara' });
    fake.setRoster('19:team@thread.tacv2', [amina, moussa]);
    const params = (member: { id: string }) => ({
      isGroup: false,
      bot: { id: `28:${TEST_BOT_ID}`, name: 'Réseau' },
      members: [{ id: member.id, name: '' }],
      tenantId: TEST_TENANT_ID,
      channelData: { tenant: { id: TEST_TENANT_ID } },
    });
    const first = await client.conversations.createConversation(params(amina) as never);
    const again = await client.conversations.createConversation(params({ id: amina.aadObjectId }) as never);
    const other = await client.conversations.createConversation(params(moussa) as never);
    assert.match(first.id ?? '', /^a:1/);
    assert.equal(first.serviceUrl, fake.serviceUrl);
    assert.equal(again.id, first.id, 'same user (by 29: id or AAD id) → same 1:1 conversation');
    assert.notEqual(other.id, first.id);
    assert.equal(fake.calls[0]?.kind, 'createConversation');
    assert.equal((fake.calls[0]?.body as { tenantId?: string }).tenantId, TEST_TENANT_ID);
    // The new conversation's roster is the user, as known from the team roster.
    const members = await client.conversations.getConversationMembers(first.id ?? '');
    assert.deepEqual(
      members.map((m) => [m.id, m.name]),
      [[amina.id, 'Aminata Diallo']],
    );
  });

  it('opens a channel thread when creating a conversation with an activity', async () => {
    const result = await client.conversations.createConversation({
      isGroup: true,
      channelData: { channel: { id: '19:general@thread.tacv2' }, tenant: { id: TEST_TENANT_ID } },
      activity: { type: 'message', text: 'Nouvelle décision' },
    } as never);
    assert.match(result.activityId ?? '', /^\d{13}$/);
    assert.equal(result.id, `19:general@thread.tacv2;messageid=${result.activityId}`);
    assert.deepEqual(fake.activities({ conversationId: result.id }).map((a) => a.text), ['Nouvelle décision']);
  });

  it('answers roster calls from the roster set, recording each', async () => {
    const users = [teamsUser(), teamsUser({ userRole: 'guest' }), teamsUser()];
    fake.setRoster('19:chat@thread.v2', users);
    const members = await client.conversations.getConversationMembers('19:chat@thread.v2');
    assert.deepEqual(members.map((m) => m.id), users.map((u) => u.id));
    const guest = users[1];
    assert.ok(guest);
    const byId = await client.conversations.getConversationMember('19:chat@thread.v2', guest.id);
    assert.deepEqual(byId, guest, 'email, UPN, aadObjectId, tenantId and userRole all come back');
    const byAad = await client.conversations.getConversationMember('19:chat@thread.v2', guest.aadObjectId);
    assert.equal(byAad.id, guest.id);
    await assert.rejects(client.conversations.getConversationMember('19:chat@thread.v2', '29:nobody'), (err: unknown) => {
      assert.equal(statusOf(err), 404);
      return true;
    });
    assert.deepEqual(
      fake.calls.map((c) => [c.kind, c.memberId, c.status]),
      [
        ['getMembers', undefined, 200],
        ['getMember', guest.id, 200],
        ['getMember', guest.aadObjectId, 200],
        ['getMember', '29:nobody', 404],
      ],
    );
    assert.deepEqual(fake.calls[3]?.response, {
      error: { code: 'MemberNotFoundInConversation', message: 'The member is not part of the conversation.' },
    });
  });

  it('pages members with pageSize and continuationToken', async () => {
    const users = Array.from({ length: 5 }, () => teamsUser());
    fake.setRoster('19:big@thread.v2', users);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.conversations.getConversationPagedMembers('19:big@thread.v2', {
        pageSize: 2,
        // The SDK's type wants a token on every page; TeamsInfo passes undefined for the first.
        continuationToken: token as string,
      });
      seen.push(...page.members.map((m) => m.id));
      token = page.continuationToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, users.map((u) => u.id));
    assert.equal(fake.calls[0]?.kind, 'getPagedMembers');
    assert.equal(fake.calls[0]?.query.pageSize, '2');
    assert.ok(fake.calls[1]?.query.continuationToken);
  });

  it('answers team details and channel list for TeamsInfo', async () => {
    const teamsClient = new TeamsConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: fake.serviceUrl });
    fake.setTeam('19:team1@thread.tacv2', {
      name: 'Réseau Migration',
      channels: [{ id: '19:team1@thread.tacv2' }, { id: '19:ops@thread.tacv2', name: 'Opérations' }],
    });
    const details = await teamsClient.teams.fetchTeamDetails('19:team1@thread.tacv2');
    assert.equal(details.name, 'Réseau Migration');
    assert.equal(details.id, '19:team1@thread.tacv2');
    const channels = await teamsClient.teams.fetchChannelList('19:team1@thread.tacv2');
    assert.deepEqual(channels.conversations?.map((c) => c.name), [undefined, 'Opérations']);
    assert.deepEqual(fake.calls.map((c) => [c.kind, c.conversationId]), [
      ['getTeam', '19:team1@thread.tacv2'],
      ['getChannels', '19:team1@thread.tacv2'],
    ]);
  });

  it('answers an injected 429 with Retry-After and the connector error shape', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 3 });
    const response = await fetch(`${fake.serviceUrl}v3/conversations/a%3A1x/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x' }),
    });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '3');
    assert.deepEqual(await response.json(), {
      error: { code: 'Throttled', message: 'Too many requests. Retry after the delay in Retry-After.' },
    });
    assert.equal(fake.calls[0]?.injected, true);
    assert.deepEqual(fake.activities(), [], 'a refused send is not a sent activity');
    assert.equal(fake.activities({ includeFailed: true }).length, 1);
  });

  it('shows the SDK itself retries a 429 up to 3 times, honouring Retry-After', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 0 });
    const sent = await client.conversations.sendToConversation('a:1retry', { type: 'message', text: 'x' } as never);
    assert.ok(sent.id);
    assert.deepEqual(fake.calls.map((c) => c.status), [429, 201]);

    fake.reset();
    fake.failNext({ status: 429, retryAfterSeconds: 0, times: 10 });
    await assert.rejects(client.conversations.sendToConversation('a:1retry', { type: 'message' } as never), (err: unknown) => {
      assert.equal(statusOf(err), 429);
      return true;
    });
    assert.equal(fake.calls.length, 4, '1 attempt + 3 SDK retries');
  });

  it('fails only the calls a fault matches, and does not retry a 403', async () => {
    fake.failNext({ status: 403, match: (call) => call.conversationId === 'a:1blocked' });
    await client.conversations.sendToConversation('a:1fine', { type: 'message', text: 'ok' } as never);
    await assert.rejects(client.conversations.sendToConversation('a:1blocked', { type: 'message' } as never), (err: unknown) => {
      assert.equal(statusOf(err), 403);
      return true;
    });
    // Used up: the next send to the blocked conversation goes through.
    await client.conversations.sendToConversation('a:1blocked', { type: 'message', text: 'later' } as never);
    assert.deepEqual(
      fake.calls.map((c) => [c.conversationId, c.status]),
      [
        ['a:1fine', 201],
        ['a:1blocked', 403],
        ['a:1blocked', 201],
      ],
    );
    assert.deepEqual(fake.calls[1]?.response, {
      error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
    });
  });

  it('lets the SDK recover from a single 502 with its own backoff', async () => {
    fake.failNext({ status: 502 });
    await client.conversations.sendToConversation('a:1flaky', { type: 'message', text: 'x' } as never);
    assert.deepEqual(fake.calls.map((c) => c.status), [502, 201]);
  });

  it('delays answers by latencyMs', async () => {
    fake.latencyMs = 150;
    const started = Date.now();
    await client.conversations.sendToConversation('a:1slow', { type: 'message' } as never);
    assert.ok(Date.now() - started >= 140, `took ${Date.now() - started} ms`);
  });

  it('waitFor resolves on a future call and times out with the calls seen', async () => {
    const waiting = fake.waitFor((c) => c.kind === 'reply');
    await client.conversations.sendToConversation('a:1w', { type: 'message' } as never);
    await client.conversations.replyToActivity('a:1w', '42', { type: 'message', text: 'r' } as never);
    const call: RecordedCall = await waiting;
    assert.equal(call.activityId, '42');
    // Already recorded calls match immediately too.
    assert.equal((await fake.waitFor((c) => c.kind === 'send')).kind, 'send');
    await assert.rejects(fake.waitFor((c) => c.kind === 'delete', 50), /no matching call within 50 ms[\s\S]*POST/);
  });

  it('answers 404 to routes it does not simulate and outside the service path', async () => {
    const outside = await fetch(`http://127.0.0.1:${fake.port}/v3/conversations/a%3A1/activities`, { method: 'POST', body: '{}' });
    assert.equal(outside.status, 404);
    const history = await fetch(`${fake.serviceUrl}v3/attachments/x`);
    assert.equal(history.status, 404);
    assert.deepEqual(fake.calls.map((c) => c.kind), ['unknown', 'unknown']);
  });

  it('reset() forgets calls, rosters and pending faults', async () => {
    fake.setRoster('19:r@thread.v2', [teamsUser()]);
    fake.failNext({ status: 500, times: 5 });
    fake.reset();
    assert.deepEqual(await client.conversations.getConversationMembers('19:r@thread.v2'), []);
    assert.deepEqual(fake.calls.map((c) => c.status), [200]);
  });
});

describe('fake connector enforcing Teams rate limits', () => {
  let fake: FakeConnector;
  let client: ConnectorClient;
  let clock = 0;

  before(async () => {
    fake = await startFakeConnector({ enforceLimits: true, now: () => clock, appRequestsPerSecond: 12 });
    client = connectorFor(fake);
  });
  beforeEach(() => {
    clock = 1_000_000;
    fake.reset();
  });
  after(async () => {
    await fake.close();
  });

  const rawSend = (conversationId: string) =>
    // Raw fetch, because the SDK would sleep for Retry-After and retry on its own.
    fetch(`${fake.serviceUrl}v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'burst' }),
    });

  it('throttles the 8th message in one second to one conversation, not other conversations', async () => {
    for (let i = 0; i < 7; i++) {
      await client.conversations.sendToConversation('a:1burst', { type: 'message', text: `m${i}` } as never);
    }
    const eighth = await rawSend('a:1burst');
    assert.equal(eighth.status, 429);
    assert.equal(eighth.headers.get('retry-after'), '1');
    assert.equal(fake.throttled, 1);
    assert.equal(fake.calls.at(-1)?.throttled, true);
    // Another conversation at the same instant is not affected.
    await client.conversations.sendToConversation('a:1other', { type: 'message' } as never);
    // Once the window slid, the conversation accepts again (8/2 s still has one slot).
    clock += 1_000;
    await client.conversations.sendToConversation('a:1burst', { type: 'message', text: 'm8' } as never);
    assert.equal((await rawSend('a:1burst')).status, 429, 'the 9th within 2 s hits the 8/2 s limit');
    assert.equal(fake.throttled, 2);
    assert.equal(fake.activities({ conversationId: 'a:1burst' }).length, 8);
  });

  it('throttles the whole app above its per-second limit', async () => {
    for (let i = 0; i < 12; i++) {
      await client.conversations.sendToConversation(`a:1app${i}`, { type: 'message' } as never);
    }
    const over = await rawSend('a:1app-extra');
    assert.equal(over.status, 429);
    assert.equal(fake.throttled, 1);
    clock += 1_000;
    assert.equal((await rawSend('a:1app-extra')).status, 201);
  });

  it('can be switched off at run time', async () => {
    fake.enforceLimits = false;
    try {
      for (let i = 0; i < 10; i++) assert.equal((await rawSend('a:1free')).status, 201);
      assert.equal(fake.throttled, 0);
    } finally {
      fake.enforceLimits = true;
    }
  });
});

describe('simulated Teams against a real TeamsAdapter + teams-ai Application over HTTP', () => {
  let fake: FakeConnector;
  let server: restify.Server;
  let baseUrl: string;
  const seen: Array<{ kind: string; text?: string; data?: unknown; members?: number }> = [];

  before(async () => {
    fake = await startFakeConnector();
    const adapter = new TeamsAdapter({});
    const app = new Application({ adapter, storage: new MemoryStorage() });
    app.conversationUpdate('membersAdded', async (context) => {
      seen.push({ kind: 'membersAdded', members: context.activity.membersAdded?.length ?? 0 });
    });
    app.activity('installationUpdate', async (context) => {
      seen.push({ kind: 'installed', text: context.activity.action });
    });
    app.message('lent', async (context) => {
      // Past teams-ai's 1 s typing timer.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await context.sendActivity('enfin');
    });
    app.message('roster', async (context) => {
      const page = await TeamsInfo.getPagedMembers(context, 10);
      await context.sendActivity(page.members.map((m) => m.name).join(', '));
    });
    app.adaptiveCards.actionSubmit('join', async (_context, _state, data) => {
      seen.push({ kind: 'submit', data });
    });
    app.adaptiveCards.actionExecute('vote', async (_context, _state, data) => `merci ${String(data.choice)}`);
    app.activity('message', async (context) => {
      seen.push({ kind: 'message', text: context.activity.text });
      await context.sendActivity(`écho : ${context.activity.text}`);
    });

    server = restify.createServer();
    server.use(restify.plugins.bodyParser());
    server.post('/api/messages', async (req, res) => {
      await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    fake.reset();
    seen.length = 0;
  });
  after(async () => {
    server.close();
    await fake.close();
  });

  it('a personal message is answered by a reply to that message (no typing when the turn is fast)', async () => {
    const activity = message({ serviceUrl: fake.serviceUrl, text: 'bonjour' });
    const response = await postActivity(baseUrl, activity);
    assert.equal(response.status, 200);
    const reply = await fake.waitFor((c) => c.kind === 'reply');
    assert.equal(reply.conversationId, activity.conversation.id);
    assert.equal(reply.activityId, activity.id);
    assert.deepEqual(fake.activities({ includeTyping: true }).map((a) => [a.type, a.text]), [['message', 'écho : bonjour']]);
    const body = reply.body as { from?: { id?: string }; recipient?: { id?: string }; replyToId?: string };
    assert.equal(body.from?.id, `28:${TEST_BOT_ID}`, 'the bot answers as the recipient of the incoming activity');
    assert.equal(body.recipient?.id, activity.from.id);
    assert.equal(body.replyToId, activity.id);
    // What the adapter sends with BOT_ID empty: no token, and the conversation id in clear.
    assert.equal(reply.headers.authorization, undefined);
    assert.equal(reply.headers['x-ms-conversation-id'], activity.conversation.id);
    assert.match(String(reply.headers['user-agent']), /teamsai-js\/1\.7\.4/);
  });

  it('teams-ai sends typing first only when the turn takes over a second', async () => {
    const activity = message({ serviceUrl: fake.serviceUrl, text: 'lent' });
    await postActivity(baseUrl, activity);
    assert.deepEqual(
      fake.activities({ includeTyping: true }).map((a) => a.type),
      ['typing', 'message'],
    );
    assert.deepEqual(fake.activities().map((a) => a.text), ['enfin']);
    assert.deepEqual(fake.calls.map((c) => [c.kind, c.activityId]), [
      ['reply', activity.id],
      ['reply', activity.id],
    ]);
  });

  it('a channel message @mentions the bot, which teams-ai strips, and the reply goes to the thread', async () => {
    const channel = teamsConversation('channel');
    const activity = message({ serviceUrl: fake.serviceUrl, text: 'bonjour', conversation: channel });
    assert.match(activity.text ?? '', /^<at>Réseau<\/at> bonjour$/);
    await postActivity(baseUrl, activity);
    const reply = await fake.waitFor((c) => c.kind === 'reply' && (c.body as { type?: string }).type === 'message');
    assert.deepEqual(seen, [{ kind: 'message', text: 'bonjour' }]);
    assert.equal(reply.conversationId, `${channel.id};messageid=${activity.id}`);
    assert.ok(reply.path.includes('%3Bmessageid%3D'), reply.path);
  });

  it('TeamsInfo reads a channel roster from the team id', async () => {
    const channel = teamsConversation('channel');
    const team = channel.team;
    assert.ok(team);
    fake.setRoster(team.id, [teamsUser({ name: 'Aminata Diallo' }), teamsUser({ name: 'Moussa Camara' })]);
    await postActivity(baseUrl, message({ serviceUrl: fake.serviceUrl, text: 'roster', conversation: channel }));
    await fake.waitFor((c) => c.kind === 'reply' && (c.body as { type?: string }).type === 'message');
    const rosterCall = fake.calls.find((c) => c.kind === 'getPagedMembers');
    assert.equal(rosterCall?.conversationId, team.id);
    assert.deepEqual(fake.activities().map((a) => a.text), ['Aminata Diallo, Moussa Camara']);
  });

  it('an Action.Execute invoke is answered in the HTTP response', async () => {
    const activity = adaptiveCardAction({ serviceUrl: fake.serviceUrl, verb: 'vote', data: { choice: 'oui' } });
    const response = await postActivity(baseUrl, activity);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'merci oui',
    });
  });

  it('an Action.Submit card click reaches actionSubmit with its data', async () => {
    const response = await postActivity(baseUrl, cardSubmit({ verb: 'join', networkId: 'n1' }, { serviceUrl: fake.serviceUrl }));
    assert.equal(response.status, 200);
    assert.deepEqual(seen, [{ kind: 'submit', data: { verb: 'join', networkId: 'n1' } }]);
  });

  it('install events reach the installationUpdate and membersAdded routes', async () => {
    const conversation = teamsConversation('channel');
    await postActivity(baseUrl, botInstalled({ serviceUrl: fake.serviceUrl, conversation }));
    await postActivity(baseUrl, membersAdded({ serviceUrl: fake.serviceUrl, conversation, members: ['bot', teamsUser()] }));
    assert.deepEqual(seen, [
      { kind: 'installed', text: 'add' },
      { kind: 'membersAdded', members: 2 },
    ]);
  });

  it('malformed JSON is refused without reaching the connector', async () => {
    const response = await postRaw(baseUrl, '{"type": "message", ');
    assert.equal(response.status, 400);
    assert.equal(fake.calls.length, 0);
  });
});
