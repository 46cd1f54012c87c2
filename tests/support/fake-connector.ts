// A fake Bot Connector (REST API v3 as Teams serves it) for end-to-end tests.
//
// The bot under test is given activities whose `serviceUrl` points here, so every outbound
// call it makes through botbuilder's ConnectorClient (replies, proactive sends, updates,
// roster reads, 1:1 conversation creation) lands on this server and is recorded. Tests then
// assert on what a Teams user would have seen, inject faults the real service produces
// (429 with Retry-After, 403, 412, 5xx) and, when asked, enforce Teams' rate limits.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_WINDOWS } from './sliding-window-limiter';
import { TEST_BOT_ID } from './teams-activities';

export type CallKind =
  | 'send'
  | 'reply'
  | 'update'
  | 'delete'
  | 'createConversation'
  | 'getMembers'
  | 'getMember'
  | 'getPagedMembers'
  | 'getTeam'
  | 'getChannels'
  // A route this fake does not simulate: answered 404 so the gap shows up in the test.
  | 'unknown';

/** An activity as it travels as JSON (dates are strings on the wire). */
export type WireActivity = Omit<Partial<Activity>, 'timestamp' | 'localTimestamp' | 'expiration'> & {
  timestamp?: string;
  localTimestamp?: string;
  expiration?: string;
};

export interface RecordedCall {
  kind: CallKind;
  method: string;
  /** The raw request path, query string included, still URL-encoded. */
  path: string;
  /** Decoded conversation id (or team id for getTeam/getChannels). */
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  query: Record<string, string>;
  /** Parsed JSON body; the raw text if it was not JSON; undefined when empty. */
  body: unknown;
  headers: IncomingHttpHeaders;
  status: number;
  /** What this fake answered (parsed JSON), handy when debugging a test. */
  response: unknown;
  /** Receipt time according to the connector's clock. */
  at: number;
  /** True when the answer came from failNext() rather than from the simulation. */
  injected: boolean;
  /** True when the answer was a 429 from the enforced rate limits. */
  throttled: boolean;
}

/** A Teams channel account as the roster APIs return it. */
export interface RosterMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous' | string;
  givenName?: string;
  surname?: string;
}

export interface TeamInfo {
  name?: string;
  aadGroupId?: string;
  type?: 'standard' | 'sharedChannel' | 'privateChannel' | string;
  /** Channels; in Teams the General channel has the team's own id (and no name). */
  channels?: Array<{ id: string; name?: string }>;
}

export type FaultStatus = 429 | 403 | 404 | 412 | 500 | 502 | 503 | 504;

export interface FaultOptions {
  status: FaultStatus;
  /** Sent as `Retry-After` (seconds). Defaults to 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
  /** How many matching calls fail before the rule is used up. Default 1. */
  times?: number;
  /** Which calls this applies to; default every call. `status`/`response` are not set yet. */
  match?: (call: RecordedCall) => boolean;
  /** Error code/message in the body; defaults mimic the real connector for each status. */
  code?: string;
  message?: string;
}

export interface ActivityFilter {
  conversationId?: string;
  type?: string;
  /** teams-ai sends a typing activity before every answer: hidden unless asked for. */
  includeTyping?: boolean;
  /** Include sends that this fake refused (injected faults, throttling). Default false. */
  includeFailed?: boolean;
}

export interface FakeConnectorOptions {
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** Answer 429 when a bot goes over Teams' documented rate limits. */
  enforceLimits?: boolean;
  /** Per-app limit across all conversations and operations when enforcing. Default 50/s. */
  appRequestsPerSecond?: number;
  /** Clock for `at` and the rate limits; inject one to make throttling tests deterministic. */
  now?: () => number;
  /**
   * Path of the service URL. Teams hands out regional service URLs with a path and a
   * trailing slash (`https://smba.trafficmanager.net/emea/`); requests outside it get 404,
   * which catches a bot that builds connector URLs by hand. Default '/amer/'.
   */
  pathPrefix?: string;
  /** Bot id used when a createConversation body has no `bot`. */
  botId?: string;
  /**
   * Checks the bot's `Authorization` header as the real connector does (a Bot Framework
   * token obtained with the bot's credentials); a call it refuses is answered 401. Default:
   * every call is accepted, as for an anonymous bot.
   */
  authorize?: (authorization: string | undefined) => Promise<boolean>;
}

export interface FakeConnector {
  /** `http://127.0.0.1:<port>/amer/`: put this in activities' `serviceUrl`. */
  readonly serviceUrl: string;
  readonly port: number;
  readonly calls: RecordedCall[];
  /** Requests refused by the enforced rate limits so far. */
  readonly throttled: number;
  latencyMs: number;
  enforceLimits: boolean;
  /** Bodies of activities sent or replied (and posted with createConversation), oldest first. */
  activities(filter?: ActivityFilter): WireActivity[];
  /** The first call (already recorded or future) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  setRoster(conversationId: string, members: readonly RosterMember[]): void;
  setTeam(teamId: string, info: TeamInfo): void;
  /**
   * Tenants where the app is installed for its members: a 1:1 asked for in any other tenant is
   * refused as Teams refuses a 1:1 with an external member of a shared channel (403
   * BotNotInConversationRoster: the bot is not in that person's roster). Undefined: every 1:1
   * opens (the default, one tenant or guests).
   */
  setPersonalChatTenants(tenants: readonly string[] | undefined): void;
  failNext(fault: FaultOptions): void;
  /** Forgets calls, pending faults, rate-limit windows, rosters, teams and conversations. */
  reset(): void;
  close(): Promise<void>;
}

// Error codes the real service uses for these statuses (Teams "status codes from bot
// conversational APIs"), so the bot's error handling sees familiar bodies.
const DEFAULT_ERRORS: Record<FaultStatus, { code: string; message: string }> = {
  429: { code: 'Throttled', message: 'Too many requests. Retry after the delay in Retry-After.' },
  403: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
  404: { code: 'ConversationNotFound', message: 'Conversation not found.' },
  412: { code: 'PreconditionFailed', message: 'Precondition failed, please try again.' },
  500: { code: 'ServiceError', message: 'Internal server error.' },
  502: { code: 'ServiceError', message: 'Bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'Service unavailable.' },
  504: { code: 'GatewayTimeout', message: 'Gateway timeout.' },
};

const TEAMS_APP_WINDOW_MS = 1_000;
const DEFAULT_PAGE_SIZE = 500;
const MESSAGE_OPS: ReadonlySet<CallKind> = new Set(['send', 'reply', 'update', 'delete']);

interface Route {
  kind: CallKind;
  conversationId?: string;
  activityId?: string;
  memberId?: string;
}

interface Fault extends FaultOptions {
  remaining: number;
}

interface Waiter {
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** Splits the path after the prefix into decoded segments (ids are encodeURIComponent'ed). */
function decodeSegments(rest: string): string[] | undefined {
  try {
    return rest.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function route(method: string, segments: readonly string[]): Route {
  const [v3, collection, id, sub, subId, extra] = segments;
  if (v3 !== 'v3' || extra !== undefined) return { kind: 'unknown' };
  if (collection === 'conversations') {
    if (id === undefined) return method === 'POST' ? { kind: 'createConversation' } : { kind: 'unknown' };
    if (sub === 'activities') {
      if (subId === undefined) return method === 'POST' ? { kind: 'send', conversationId: id } : { kind: 'unknown' };
      if (method === 'POST') return { kind: 'reply', conversationId: id, activityId: subId };
      if (method === 'PUT') return { kind: 'update', conversationId: id, activityId: subId };
      if (method === 'DELETE') return { kind: 'delete', conversationId: id, activityId: subId };
      return { kind: 'unknown' };
    }
    if (method !== 'GET') return { kind: 'unknown' };
    if (sub === 'members') {
      return subId === undefined
        ? { kind: 'getMembers', conversationId: id }
        : { kind: 'getMember', conversationId: id, memberId: subId };
    }
    if (sub === 'pagedmembers' && subId === undefined) return { kind: 'getPagedMembers', conversationId: id };
    return { kind: 'unknown' };
  }
  if (collection === 'teams' && id !== undefined && method === 'GET' && subId === undefined) {
    if (sub === undefined) return { kind: 'getTeam', conversationId: id };
    if (sub === 'conversations') return { kind: 'getChannels', conversationId: id };
  }
  return { kind: 'unknown' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const now = options.now ?? (() => Date.now());
  const rawPrefix = options.pathPrefix ?? '/amer/';
  const pathPrefix = `/${rawPrefix.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const defaultBotId = options.botId ?? `28:${TEST_BOT_ID}`;

  const calls: RecordedCall[] = [];
  const rosters = new Map<string, RosterMember[]>();
  const teams = new Map<string, TeamInfo>();
  let faults: Fault[] = [];
  let personalChatTenants: ReadonlySet<string> | undefined;
  let waiters: Waiter[] = [];
  let throttledCount = 0;
  let activitySeq = 0;
  let conversationSeq = 0;
  let latencyMs = options.latencyMs ?? 0;
  let enforceLimits = options.enforceLimits ?? false;
  const conversationLimiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
  const appLimiter = new SlidingWindowLimiter([
    { limit: options.appRequestsPerSecond ?? 50, windowMs: TEAMS_APP_WINDOW_MS },
  ]);

  // Teams message ids are epoch-millisecond strings; a fixed base keeps them deterministic.
  const nextActivityId = (): string => String(1_700_000_000_000 + ++activitySeq);

  const record = (call: RecordedCall): void => {
    calls.push(call);
    const pending = waiters;
    waiters = [];
    for (const waiter of pending) {
      let matched = false;
      try {
        matched = waiter.predicate(call);
      } catch {
        matched = false;
      }
      if (matched) waiter.resolve(call);
      else waiters.push(waiter);
    }
  };

  // Real Teams answers roster calls for a thread (`19:…;messageid=…`) from its channel, and a
  // team's roster from the team id: look the exact id up first, then the thread's channel.
  const rosterFor = (conversationId: string): RosterMember[] | undefined =>
    rosters.get(conversationId) ?? rosters.get(conversationId.split(';messageid=')[0] ?? conversationId);

  const findMember = (members: readonly RosterMember[], memberId: string): RosterMember | undefined =>
    // getMember accepts the 29: id or the user's AAD object id, as Teams does.
    members.find((m) => m.id === memberId || (m.aadObjectId !== undefined && m.aadObjectId === memberId));

  const knownMember = (memberId: string): RosterMember | undefined => {
    for (const members of rosters.values()) {
      const found = findMember(members, memberId);
      if (found) return found;
    }
    return undefined;
  };

  const createConversation = (body: unknown, serviceUrl: string): Answer => {
    if (!isRecord(body)) return { status: 400, body: errorBody('BadArgument', 'Missing conversation parameters.') };
    const channelData = isRecord(body.channelData) ? body.channelData : {};
    const channel = isRecord(channelData.channel) ? channelData.channel : undefined;
    const tenant = isRecord(channelData.tenant) ? channelData.tenant : undefined;
    const tenantId = str(body.tenantId) ?? str(tenant?.id) ?? '';
    const bot = isRecord(body.bot) ? str(body.bot.id) : undefined;
    const members = Array.isArray(body.members) ? body.members.filter(isRecord) : [];
    const memberIds = members.map((m) => str(m.id)).filter((id): id is string => id !== undefined);
    const activity = isRecord(body.activity) ? body.activity : undefined;
    const activityId = activity ? nextActivityId() : undefined;

    let id: string;
    const channelId = str(channel?.id);
    if (channelId !== undefined) {
      // Posting to a channel starts a new thread whose id is the channel plus the root message.
      id = `${channelId};messageid=${activityId ?? nextActivityId()}`;
    } else if (body.isGroup === true || memberIds.length > 1) {
      id = `19:${shortHash(`group|${tenantId}|${memberIds.join(',')}|${++conversationSeq}`, 32)}@thread.v2`;
    } else {
      if (memberIds.length !== 1) {
        return { status: 400, body: errorBody('BadArgument', 'A 1:1 conversation needs exactly one member.') };
      }
      if (personalChatTenants && !personalChatTenants.has(tenantId.toLowerCase())) {
        return { status: 403, body: errorBody('BotNotInConversationRoster', 'The bot is not part of the conversation roster.') };
      }
      // Teams returns the same 1:1 conversation every time for a given bot and user.
      const user = knownMember(memberIds[0] ?? '');
      const userKey = user?.id ?? memberIds[0] ?? '';
      id = `a:1${shortHash(`personal|${tenantId}|${bot ?? defaultBotId}|${userKey}`, 48)}`;
    }
    if (!rosters.has(id) && channelId === undefined) {
      rosters.set(
        id,
        memberIds.map((memberId) => knownMember(memberId) ?? { id: memberId, name: '' }),
      );
    }
    const answer: Record<string, string> = { id, serviceUrl };
    if (activityId !== undefined) answer.activityId = activityId;
    return { status: 201, body: answer };
  };

  const simulate = (call: RecordedCall, serviceUrl: string): Answer => {
    const conversationId = call.conversationId ?? '';
    switch (call.kind) {
      case 'send':
      case 'reply':
        return { status: 201, body: { id: nextActivityId() } };
      case 'update':
        return { status: 200, body: { id: call.activityId } };
      case 'delete':
        return { status: 200 };
      case 'createConversation':
        return createConversation(call.body, serviceUrl);
      case 'getMembers':
        // An unknown conversation reads as an empty roster rather than an error, so tests only
        // set rosters they care about.
        return { status: 200, body: rosterFor(conversationId) ?? [] };
      case 'getMember': {
        const member = findMember(rosterFor(conversationId) ?? [], call.memberId ?? '');
        return member
          ? { status: 200, body: member }
          : { status: 404, body: errorBody('MemberNotFoundInConversation', 'The member is not part of the conversation.') };
      }
      case 'getPagedMembers': {
        const members = rosterFor(conversationId) ?? [];
        const requested = Number.parseInt(call.query.pageSize ?? '', 10);
        const pageSize = Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_PAGE_SIZE;
        const token = call.query.continuationToken;
        const start = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) : 0;
        if (!Number.isFinite(start) || start < 0) {
          return { status: 400, body: errorBody('BadArgument', 'Invalid continuation token.') };
        }
        const page = members.slice(start, start + pageSize);
        const next = start + pageSize;
        return {
          status: 200,
          body: {
            members: page,
            ...(next < members.length ? { continuationToken: Buffer.from(String(next)).toString('base64url') } : {}),
          },
        };
      }
      case 'getTeam': {
        const team = teams.get(conversationId) ?? {};
        const channels = team.channels ?? [{ id: conversationId }];
        return {
          status: 200,
          body: {
            id: conversationId,
            name: team.name ?? 'Équipe de test',
            aadGroupId: team.aadGroupId ?? `00000000-0000-4000-8000-${shortHash(conversationId, 12).toLowerCase()}`,
            type: team.type ?? 'standard',
            channelCount: channels.length,
            memberCount: rosters.get(conversationId)?.length ?? 0,
          },
        };
      }
      case 'getChannels': {
        const team = teams.get(conversationId) ?? {};
        return { status: 200, body: { conversations: team.channels ?? [{ id: conversationId }] } };
      }
      case 'unknown':
        return { status: 404, body: errorBody('BadSyntax', `The fake connector does not simulate ${call.method} ${call.path}`) };
    }
  };

  const takeFault = (call: RecordedCall): Fault | undefined => {
    for (const fault of faults) {
      let matches = true;
      try {
        matches = fault.match ? fault.match(call) : true;
      } catch {
        matches = false;
      }
      if (!matches) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return fault;
    }
    return undefined;
  };

  const checkLimits = (call: RecordedCall): Answer | undefined => {
    const at = call.at;
    const perConversation = MESSAGE_OPS.has(call.kind) && call.conversationId !== undefined;
    const key = call.conversationId ?? '';
    const app = appLimiter.check('app', at);
    const conv = perConversation ? conversationLimiter.check(key, at) : ({ allowed: true } as const);
    if (app.allowed && conv.allowed) {
      appLimiter.record('app', at);
      if (perConversation) conversationLimiter.record(key, at);
      return undefined;
    }
    const retryAfterMs = Math.max(app.allowed ? 0 : app.retryAfterMs, conv.allowed ? 0 : conv.retryAfterMs);
    return {
      status: 429,
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
      body: errorBody('Throttled', 'Too many requests. Retry after the delay in Retry-After.'),
    };
  };

  let serviceUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, 'http://fake-connector.invalid');
    const text = await readBody(req);

    let body: unknown;
    let badJson = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
        badJson = true;
      }
    }

    // Route on the raw (encoded) path: an id may contain an encoded '/', so split before decoding.
    const segments = url.pathname.startsWith(pathPrefix) ? decodeSegments(url.pathname.slice(pathPrefix.length)) : undefined;
    const target = segments ? route(method, segments) : { kind: 'unknown' as const };
    const call: RecordedCall = {
      kind: target.kind,
      method,
      path: rawPath,
      ...(target.conversationId !== undefined ? { conversationId: target.conversationId } : {}),
      ...(target.activityId !== undefined ? { activityId: target.activityId } : {}),
      ...(target.memberId !== undefined ? { memberId: target.memberId } : {}),
      query: Object.fromEntries(url.searchParams.entries()),
      body,
      headers: req.headers,
      status: 0,
      response: undefined,
      at,
      injected: false,
      throttled: false,
    };

    let answer: Answer | undefined;
    const fault = takeFault(call);
    if (options.authorize && !(await options.authorize(req.headers.authorization))) {
      answer = { status: 401, body: errorBody('Unauthorized', 'Authorization has been denied for this request.') };
    } else if (fault) {
      const defaults = DEFAULT_ERRORS[fault.status];
      const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
      answer = {
        status: fault.status,
        body: errorBody(fault.code ?? defaults.code, fault.message ?? defaults.message),
        ...(retryAfter !== undefined ? { headers: { 'Retry-After': String(retryAfter) } } : {}),
      };
      call.injected = true;
    } else if (badJson && call.kind !== 'unknown') {
      answer = { status: 400, body: errorBody('BadArgument', 'The request body is not valid JSON.') };
    } else if (enforceLimits) {
      answer = checkLimits(call);
      if (answer) {
        call.throttled = true;
        throttledCount += 1;
      }
    }
    answer ??= simulate(call, serviceUrl);

    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    call.status = answer.status;
    call.response = answer.body;
    const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(payload ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      'Content-Length': String(Buffer.byteLength(payload)),
      ...answer.headers,
    });
    // Recorded before the bytes leave, so a test awaiting the bot's HTTP call never sees the
    // bot continue before the call is in `calls`.
    record(call);
    res.end(payload);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(errorBody('ServiceError', err instanceof Error ? err.message : String(err))));
      } else {
        res.destroy();
      }
    });
  });
  // A bot under test keeps connections alive; don't let them hold close() open.
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  serviceUrl = `http://127.0.0.1:${port}${pathPrefix}`;

  const connector: FakeConnector = {
    serviceUrl,
    port,
    calls,
    get throttled() {
      return throttledCount;
    },
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(value: number) {
      latencyMs = Math.max(0, value);
    },
    get enforceLimits() {
      return enforceLimits;
    },
    set enforceLimits(value: boolean) {
      enforceLimits = value;
    },
    activities(filter: ActivityFilter = {}) {
      const out: WireActivity[] = [];
      for (const call of calls) {
        if (!filter.includeFailed && call.status >= 300) continue;
        let activity: unknown;
        let conversationId = call.conversationId;
        if (call.kind === 'send' || call.kind === 'reply') {
          activity = call.body;
        } else if (call.kind === 'createConversation' && isRecord(call.body) && isRecord(call.body.activity)) {
          // A proactive post that opens a conversation carries its first activity inline.
          activity = call.body.activity;
          conversationId = isRecord(call.response) ? str(call.response.id) : undefined;
        } else {
          continue;
        }
        if (!isRecord(activity)) continue;
        const type = str(activity.type);
        if (filter.conversationId !== undefined && conversationId !== filter.conversationId) continue;
        if (filter.type !== undefined && type !== filter.type) continue;
        if (filter.type === undefined && !filter.includeTyping && type === 'typing') continue;
        out.push(activity as WireActivity);
      }
      return out;
    },
    waitFor(predicate, timeoutMs = 5_000) {
      const existing = calls.find((call) => {
        try {
          return predicate(call);
        } catch {
          return false;
        }
      });
      if (existing) return Promise.resolve(existing);
      return new Promise<RecordedCall>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (call) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seen = calls.map((c) => `${c.method} ${c.path} → ${c.status}`).join('\n  ');
          reject(new Error(`fake connector: no matching call within ${timeoutMs} ms; calls so far:\n  ${seen || '(none)'}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    setRoster(conversationId, members) {
      rosters.set(conversationId, members.map((m) => ({ ...m })));
    },
    setTeam(teamId, info) {
      teams.set(teamId, { ...info });
    },
    setPersonalChatTenants(tenants) {
      personalChatTenants = tenants ? new Set(tenants.map((tenant) => tenant.toLowerCase())) : undefined;
    },
    failNext(fault) {
      const times = fault.times ?? 1;
      if (!(times >= 1)) throw new Error('failNext: times must be at least 1');
      faults.push({ ...fault, remaining: times });
    },
    reset() {
      calls.length = 0;
      faults = [];
      throttledCount = 0;
      conversationLimiter.reset();
      appLimiter.reset();
      rosters.clear();
      teams.clear();
      personalChatTenants = undefined;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return connector;
}

/** An outbox copy as the connector sees it: where it was sent and the id Teams gave it. */
export interface DeliveredCopyRef {
  readonly target?: { readonly conversationId: string };
  readonly sentActivityId?: string;
}

/**
 * What Teams holds now for a copy the outbox delivered: the body of the last successful send or
 * in-place update of that activity, or undefined when it never arrived.
 */
export function lastDeliveredActivity(connector: FakeConnector, copy: DeliveredCopyRef | undefined): WireActivity | undefined {
  if (!copy?.sentActivityId) return undefined;
  const calls = connector.calls.filter(
    (call) =>
      call.status < 300 &&
      call.conversationId === copy.target?.conversationId &&
      ((call.kind === 'send' && (call.response as { id?: string } | undefined)?.id === copy.sentActivityId) || (call.kind === 'update' && call.activityId === copy.sentActivityId)),
  );
  return calls.at(-1)?.body as WireActivity | undefined;
}
