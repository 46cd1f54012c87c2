/**
 * The HTTP edge (restify 11): the bot endpoint, the health probe and the tab. Routes only
 * translate HTTP to calls on the bot or the store and back; every error body is JSON.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { TeamsBot } from './bot/teams-bot';
import { correlationIdFrom } from './bot/turn-info';
import { languageOf } from './api/http';
import { translate } from './i18n';
import type { Logger } from './logger';
import type { DocumentStore } from './store/document-store';
import { StoreHealth } from './store/store-health';
import { PRIVACY_PAGE, TERMS_PAGE } from './tab/legal-pages';
import { TabAssets } from './tab/tab-assets';

// Teams activities are a few KB; card actions with form data stay far below this. Anything
// bigger is refused before it is parsed.
export const REQUEST_BODY_LIMIT_BYTES = 512 * 1024;
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The least an activity needs for the adapter to route it and answer it, and the shape of what
 * the tenant gate reads (a tenant id that is not a string is refused here, not met later).
 */
const activityEnvelope = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    // The bot answers by calling this URL: only a web address, never javascript: or file:.
    serviceUrl: z
      .string()
      .url()
      .refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL'),
    conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }).passthrough(),
    from: z.object({ id: z.string().min(1) }).passthrough(),
    recipient: z.object({ id: z.string().min(1) }).passthrough(),
    channelData: z
      .object({ tenant: z.object({ id: z.string().optional() }).passthrough().nullish() })
      .passthrough()
      .nullish(),
  })
  // The tenant gate reads the first of the two; an activity naming an allowed tenant in one and
  // another tenant in the other must not pass as the allowed one.
  .refine(
    (activity) => {
      const [conversation, channelData] = [activity.conversation.tenantId, activity.channelData?.tenant?.id].map((tenant) => tenant?.trim().toLowerCase() || undefined);
      return conversation === undefined || channelData === undefined || conversation === channelData;
    },
    { message: 'conversation.tenantId and channelData.tenant.id name different tenants', path: ['channelData', 'tenant', 'id'] },
  );

/** JSON answers (API, bot endpoint, errors): never cached, never rendered, never framed. */
const JSON_SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** The privacy and terms pages: static HTML with an inline stylesheet, nothing else. */
const LEGAL_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const BOT_UNAUTHORIZED = { code: 'Unauthorized', message: 'This endpoint only accepts activities signed by the Bot Framework for this bot.' };

export interface ServerDependencies {
  readonly bot: TeamsBot;
  readonly store: DocumentStore;
  /** Whether the store answers, shared with background work (default: one of its own). */
  readonly health?: StoreHealth;
  readonly logger: Logger;
  /** Mounts the features' tab API routes (/api/v1/…); see src/api/. */
  readonly registerApiRoutes?: (server: Server) => void;
  /** Where the built tab is (default: dist/tab of this package). */
  readonly tabDirectory?: string;
}

export interface RunningServer {
  readonly server: Server;
  /** The base URL it listens on, e.g. http://127.0.0.1:3978 */
  readonly url: string;
  /** Stops accepting, lets in-flight turns finish (bounded), then resolves. */
  close(): Promise<void>;
}

export interface HttpApp {
  readonly server: Server;
  /** Bot turns being processed right now; shutdown waits for them. */
  inFlightTurns(): number;
}

export function createServer({ bot, store, health, logger, registerApiRoutes, tabDirectory }: ServerDependencies): HttpApp {
  const server = restify.createServer({ name: 'reseau', handleUncaughtExceptions: false });
  // Before routing, so 404s and body-parser refusals carry them too; the tab and the legal
  // pages replace the JSON policy with their own.
  server.pre((_req: Request, res: Response, next: () => void) => {
    res.header('x-content-type-options', 'nosniff');
    for (const [name, value] of Object.entries(JSON_SECURITY_HEADERS)) res.header(name, value);
    next();
  });
  // Bot Framework and the tab only ever send JSON. A form or multipart body would otherwise be
  // parsed into the same fields (restify's body parser reads them all): refuse it before it is read.
  server.use((req: Request, res: Response, next: (proceed?: false) => void) => {
    if (carriesBody(req) && !/^application\/(?:[\w.+-]+\+)?json$/i.test(req.getContentType())) {
      res.send(415, { code: 'UnsupportedMediaType', message: translate(languageOf(req), 'error.unsupportedMediaType') });
      next(false);
      return;
    }
    next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: REQUEST_BODY_LIMIT_BYTES, mapParams: false, mapFiles: false }));
  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    logger.warn({ method: req.method, url: req.url, status: error.statusCode, error: error.message }, 'request refused');
    // restify's own text names a byte count in English; the reader gets the limit in their language.
    if (error.statusCode === 413) {
      error.toJSON = () => ({ code: 'PayloadTooLarge', message: translate(languageOf(req), 'error.bodyTooLarge', { limitKb: REQUEST_BODY_LIMIT_BYTES / 1024 }) });
    }
    callback();
  });

  let inFlight = 0;
  server.post('/api/messages', async (req: Request, res: Response) => {
    const correlationId = correlationIdFrom(req.headers['x-correlation-id']);
    res.header('x-correlation-id', correlationId);
    const envelope = activityEnvelope.safeParse(req.body);
    if (!envelope.success) {
      const problems = envelope.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
      logger.warn({ correlationId, problems }, 'refused a malformed activity');
      res.send(400, { code: 'InvalidActivity', message: `Not a Bot Framework activity — ${problems.join('; ')}` });
      return;
    }
    inFlight += 1;
    try {
      const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      // The whole activity, not the envelope's few checked fields.
      const outcome = await bot.process(authorization, req.body as Record<string, unknown>, correlationId);
      if (outcome.kind === 'unauthorized') res.send(401, BOT_UNAUTHORIZED);
      else if (outcome.kind === 'failed') res.send(500, { code: 'InternalError', message: `The activity could not be processed (reference ${correlationId}).` });
      else if (outcome.body === undefined) res.send(outcome.status);
      else res.send(outcome.status, outcome.body);
    } finally {
      inFlight -= 1;
    }
  });

  // What the app last heard from the store (every call reports), probed at most once per
  // interval when nothing was heard: a health check is not a query.
  const storeHealth = health ?? new StoreHealth(store, { logger });
  server.get('/healthz', async (_req: Request, res: Response) => {
    const state = await storeHealth.check();
    if (state.available) res.send(200, { status: 'ok', store: store.kind });
    else res.send(503, { status: 'unavailable', store: store.kind, reason: state.reason ?? 'store unavailable' });
  });

  registerApiRoutes?.(server);

  // The tab (React, built by Vite into dist/tab); /tab/config and /tab/auth-end are its pages too.
  const tab = new TabAssets(tabDirectory);
  const sendTab = async (req: Request, res: Response) => {
    const answer = await tab.respond(new URL(req.url ?? '/tab', 'http://localhost').pathname);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.sendRaw(answer.status, answer.body);
  };
  server.get('/tab', sendTab);
  server.get('/tab/*', sendTab);
  for (const [route, page] of [
    ['/privacy', PRIVACY_PAGE],
    ['/terms', TERMS_PAGE],
  ] as const) {
    server.get(route, async (_req: Request, res: Response) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', LEGAL_PAGE_CONTENT_SECURITY_POLICY);
      res.sendRaw(200, page);
    });
  }

  return { server, inFlightTurns: () => inFlight };
}

export async function listen(app: HttpApp, port: number, host: string): Promise<RunningServer> {
  const { server } = app;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${address.port}`;
  return { server, url, close: () => closeGracefully(app) };
}

async function closeGracefully({ server, inFlightTurns }: HttpApp): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets would hold close() open forever; idle ones go now, busy ones after their turn.
  server.server.closeIdleConnections();
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  while (inFlightTurns() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  server.server.closeAllConnections();
  await closed;
}

/** A request with a body to parse: a positive Content-Length or a chunked upload. */
function carriesBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

