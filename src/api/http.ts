/**
 * Shared pieces of the tab API's thin edges: authenticate, pick the reader's language, and
 * map errors to a status with a JSON body in French or English. Features register their
 * routes with `apiRoute`, which does all of this around a handler that only calls a service.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { FeatureError } from './feature-error';
import { inputProblems } from './input-problems';
import { languageFromLocale, translate, type Language } from '../i18n';
import type { Logger } from '../logger';
import { correlationIdFrom } from '../bot/turn-info';
import { runInTurnScope } from '../turn-scope/turn-scope';
import { AuthenticationError, type AuthenticatedUser, type Authenticator } from './authenticator';
import { isStoreUnavailable } from '../store/errors';

export const API_PREFIX = '/api/v1';
/** Which network a tab API call is about (or `?network=`); see src/network-routing/api-network-scope.ts. */
export const NETWORK_HEADER = 'x-reseau-network';

export interface ApiContext {
  readonly user: AuthenticatedUser;
  readonly language: Language;
  readonly request: Request;
}

export interface ApiReply {
  readonly status?: number;
  readonly body: unknown;
  /** Sent as is with this content type (a CSV, an .ics, a Word file) instead of JSON. */
  readonly contentType?: string;
  /** With contentType: offered as a download under this name (Content-Disposition). */
  readonly fileName?: string;
}

/**
 * An error a feature throws that knows its HTTP status and how to tell the reader: every slice's
 * FeatureError (./feature-error.ts), so this file needs no edit for each new slice.
 */
export interface ApiMappableError {
  apiError(language: Language): { readonly status: number; readonly code: string; readonly message: string };
}

function isApiMappable(error: unknown): error is ApiMappableError {
  return typeof error === 'object' && error !== null && typeof (error as Partial<ApiMappableError>).apiError === 'function';
}

export interface ApiDependencies {
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  /**
   * The network this handler serves. A deployment of several networks registers each feature's
   * routes once per network; the request's network (NETWORK_HEADER or `?network=`, checked by the
   * server's ApiNetworkChooser) picks the handler, so a handler only ever sees its own network.
   */
  readonly networkId: string;
}

/**
 * Decides which network a request is about (the one it names, checked against the caller's
 * memberships) and recognises the caller there; throws an ApiMappableError to refuse. Without
 * one, a route answers only for a single network and a request naming another is refused.
 */
export interface ApiNetworkChooser {
  enter(user: AuthenticatedUser, requested: string | undefined, language: Language): Promise<string>;
}

interface RouteTable {
  chooser?: ApiNetworkChooser;
  /** `GET /meetings` → handler by network. */
  readonly routes: Map<string, Map<string, (context: ApiContext) => Promise<ApiReply>>>;
}

const routeTables = new WeakMap<Server, RouteTable>();

function routeTable(server: Server): RouteTable {
  let table = routeTables.get(server);
  if (!table) {
    table = { routes: new Map() };
    routeTables.set(server, table);
  }
  return table;
}

/** Sets how this server's API routes find a request's network (once, before or after registering routes). */
export function chooseApiNetworkWith(server: Server, chooser: ApiNetworkChooser): void {
  routeTable(server).chooser = chooser;
}

/** Every API route registered on the server (method and path under API_PREFIX) and the networks it serves. */
export function registeredApiRoutes(server: Server): { readonly method: string; readonly path: string; readonly networkIds: readonly string[] }[] {
  return [...routeTable(server).routes.entries()].map(([key, handlers]) => {
    const [method = '', path = ''] = key.split(' ');
    return { method, path, networkIds: [...handlers.keys()] };
  });
}

/** The network a request names: the header, else `?network=`; blank = none. */
function requestedNetwork(req: Request): string | undefined {
  const header = req.headers[NETWORK_HEADER];
  const fromHeader = (Array.isArray(header) ? header[0] : header)?.trim();
  if (fromHeader) return fromHeader.toLowerCase();
  const fromQuery = new URL(req.url ?? '/', 'http://localhost').searchParams.get('network')?.trim();
  return fromQuery ? fromQuery.toLowerCase() : undefined;
}

/** The refusal of a request for a network this route does not serve (no chooser: one network only). */
class UnservedNetworkError extends FeatureError<'unknownNetwork'> {
  constructor(message: string) {
    super({ catalogue: 'routing.error', statuses: { unknownNetwork: 404 } }, 'unknownNetwork', message);
  }

  protected override messageValues(): Record<string, string> {
    return {};
  }
}

/** `Accept-Language: en-GB,en;q=0.9` → en; anything else → French, the network's language. */
export function languageOf(request: Request): Language {
  const header = request.headers['accept-language'];
  return languageFromLocale((Array.isArray(header) ? header[0] : header)?.split(',')[0]);
}

export function apiRoute(
  server: Server,
  method: 'get' | 'put' | 'post',
  path: string,
  deps: ApiDependencies,
  handler: (context: ApiContext) => Promise<ApiReply>,
): void {
  const table = routeTable(server);
  const key = `${method.toUpperCase()} ${path}`;
  const known = table.routes.get(key);
  if (known) {
    if (known.has(deps.networkId)) throw new Error(`${key} is registered twice for network ${deps.networkId}`);
    known.set(deps.networkId, handler);
    return;
  }
  const handlers = new Map([[deps.networkId, handler]]);
  table.routes.set(key, handlers);

  const answer = async (req: Request, res: Response): Promise<void> => {
    const language = languageOf(req);
    const correlationId = correlationIdFrom(req.headers['x-correlation-id']);
    res.header('x-correlation-id', correlationId);
    try {
      const user = await deps.authenticator.authenticate(req.headers);
      const requested = requestedNetwork(req);
      const networkId = table.chooser
        ? await table.chooser.enter(user, requested, language)
        : handlers.size === 1 && (requested === undefined || handlers.has(requested))
          ? [...handlers.keys()][0]
          : undefined;
      const handle = networkId === undefined ? undefined : handlers.get(networkId);
      if (!handle) throw new UnservedNetworkError(`${key} does not serve network ${String(networkId ?? requested)}`);
      const reply = await handle({ user, language, request: req });
      if (reply.contentType) {
        const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(String(reply.body), 'utf8');
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.contentType,
          'content-length': body.length,
          // RFC 6266: an ASCII fallback name plus the exact UTF-8 one.
          ...(reply.fileName
            ? { 'content-disposition': `attachment; filename="${reply.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(reply.fileName)}` }
            : {}),
        });
        res.end(body);
      } else {
        res.send(reply.status ?? 200, reply.body);
      }
    } catch (error) {
      const { status, body } = errorReply(error, language, correlationId);
      if (status === 503) deps.logger.warn({ url: req.url, correlationId, reason: error instanceof Error ? error.message : String(error) }, 'tab API request refused: the store is unavailable');
      else if (status >= 500) deps.logger.error({ err: error, url: req.url, correlationId }, 'tab API request failed');
      else deps.logger.info({ url: req.url, status, code: body.code, correlationId }, 'tab API request refused');
      res.send(status, body);
    }
  };
  // One scope per request: the caller is recognised and their roles read once, for every step.
  server[method](`${API_PREFIX}${path}`, async (req: Request, res: Response) => runInTurnScope(() => answer(req, res)));
}

export function errorReply(
  error: unknown,
  language: Language,
  correlationId = '—',
): { status: number; body: { code: string; message: string } } {
  if (isApiMappable(error)) {
    const { status, code, message } = error.apiError(language);
    return { status, body: { code, message } };
  }
  if (error instanceof AuthenticationError) {
    const key = error.code === 'devSignInRefused' ? 'network.api.devSignInRefused' : 'network.api.unauthenticated';
    return { status: 401, body: { code: error.code, message: translate(language, key) } };
  }
  if (error instanceof z.ZodError) {
    // Each field by its label in the reader's language, never its code name (issue 15).
    const details = inputProblems(error.issues, language);
    return { status: 400, body: { code: 'invalidInput', message: translate(language, 'network.error.invalidInput', { details }) } };
  }
  // The store is unreachable: nothing was saved, and trying again later will work.
  if (isStoreUnavailable(error)) {
    return { status: 503, body: { code: 'storeUnavailable', message: translate(language, 'error.storeUnavailable', { correlationId }) } };
  }
  return { status: 500, body: { code: 'internalError', message: translate(language, 'error.turnFailed', { correlationId }) } };
}
