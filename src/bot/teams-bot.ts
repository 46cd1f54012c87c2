/**
 * The bot: a teams-ai Application whose routes come from the features, behind one entry point
 * that gives each turn its correlation id, language and network, and refuses tenants that are
 * not in the network before anything is read or stored.
 */
import {
  ActivityTypes,
  CallerIdConstants,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
// From their own modules: teams-ai's index also loads its AI planner (openai, gpt-tokenizer),
// which Réseau never runs — 14 MB of idle RSS (bench:memory).
import type { TurnState } from '@microsoft/teams-ai';
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { BotAuthConfig } from '../config';
import { languageFromLocale, translate, type Language } from '../i18n';
import { CardRenderer } from '../cards/card-renderer';
import { paragraph, run } from '../cards/card-text';
import { cardTemplates } from '../cards/templates';
import { isStoreUnavailable } from '../store/errors';
import type { Logger } from '../logger';
import { answerCardActionWithCard, answerCardActionWithMessage, answerInvokeWithError, isAdaptiveCardAction } from './invoke-responses';
import { SenderTenantResolver } from './sender-tenant';
import { areTenantsAllowed, isTenantAllowed } from './tenant-gate';
import { runInTurnScope } from '../turn-scope/turn-scope';
import { ReusingBotFrameworkAuthentication } from './turn-clients';
import { activityLocale, attachTurnInfo, needsNetworkLanguage, turnInfo } from './turn-info';
import type { TurnRoute } from '../network-routing/network-router';

export interface TeamsBotOptions {
  readonly adapter: ReseauAdapter;
  /**
   * Finds the turn's network from where the bot is (src/network-routing), or answers the turn
   * itself when there is none yet (an unregistered team, a 1:1 chat whose network is not chosen).
   */
  readonly router: { route(context: TurnContext, language: Language): Promise<TurnRoute> };
  readonly allowedTenants: readonly string[];
  readonly logger: Logger;
  /** Finds the acting person's home tenant; default from the activity, else the shared channel's roster. */
  readonly senderTenants?: SenderTenantResolver;
  /** Adds the features' routes; called once, in order, before the fallback routes. */
  readonly registerRoutes: (app: Application<TurnState>) => void;
  /**
   * A network's language (settings/, cached): the turn's language for a reader whose Teams
   * locale names neither French nor English. Asked only then, so other turns cost nothing more.
   */
  readonly networkLanguage?: (networkId: string) => Promise<Language>;
}

/** What became of an activity posted to the bot, for the HTTP edge to answer. */
export type TurnOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly body?: unknown }
  /** The request's Bot Framework token could not be verified (or the keys to verify it could not be fetched). */
  | { readonly kind: 'unauthorized' }
  /** Something failed after the turn had started and could not even be reported in the turn. */
  | { readonly kind: 'failed' };

export interface TeamsBot {
  readonly adapter: TeamsAdapter;
  /** Authenticates one posted activity (the `Authorization` header) and runs its turn. */
  process(authorization: string, activity: Record<string, unknown>, correlationId: string): Promise<TurnOutcome>;
  /** Runs one turn of an authenticated activity. */
  handleTurn(context: TurnContext, correlationId: string): Promise<void>;
  /** Every card verb a feature registered (strings and patterns), so tests can prove each is covered. */
  readonly cardVerbs: readonly (string | RegExp)[];
}

/**
 * Where Bot Framework tokens are checked (the channel's OpenID metadata and issuer) and where
 * the bot gets its own (the login URL). Microsoft's public cloud unless given: tests point them
 * at a local stand-in to run the bot with real signed tokens.
 */
export interface BotFrameworkEndpoints {
  readonly openIdMetadataUrl: string;
  readonly tokenIssuer: string;
  readonly loginUrl: string;
}

export interface TeamsAdapterOptions {
  readonly endpoints?: BotFrameworkEndpoints;
  /** How the bot gets tokens for its outgoing calls; default from `auth` (MSAL for a password). */
  readonly credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * The TeamsAdapter, run from an already parsed activity: botbuilder's own HTTP handler answers
 * a failed authentication with the error's text (e.g. why the OpenID metadata could not be
 * fetched) and a 500 when it is not an AuthenticationError; the HTTP edge answers instead.
 */
export class ReseauAdapter extends TeamsAdapter {
  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    // The turn's connector and user-token clients built once, not per activity (turn-clients.ts).
    Object.defineProperty(this, 'botFrameworkAuthentication', { value: new ReusingBotFrameworkAuthentication(this.botFrameworkAuthentication) });
  }

  /** Authenticates the request, then runs `logic` as the turn; resolves to the invoke response, if any. */
  authenticateAndRun(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/** Anonymous when `auth` is absent: local runs and the Agents Playground send no token. */
export function createTeamsAdapter(auth: BotAuthConfig | undefined, options: TeamsAdapterOptions = {}): ReseauAdapter {
  if (!auth) return new ReseauAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
  const settings = {
    MicrosoftAppId: auth.appId,
    MicrosoftAppType: auth.appType,
    ...(auth.password ? { MicrosoftAppPassword: auth.password } : {}),
    ...(auth.tenantId ? { MicrosoftAppTenantId: auth.tenantId } : {}),
    ...(options.endpoints ? endpointSettings(options.endpoints) : {}),
  };
  return new ReseauAdapter(settings, options.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(settings));
}

/**
 * botframework-connector switches to a fully parameterised configuration as soon as one
 * endpoint is given, so every one is set: the emulator's metadata is the same local one (an
 * emulator-issued token then fails like any token from elsewhere), the user-token service and
 * the caller id stay the public cloud's (no OAuth prompt runs here), outgoing calls keep the
 * Bot Framework's audience.
 */
function endpointSettings(endpoints: BotFrameworkEndpoints): Record<string, string | boolean> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
    ToChannelFromBotLoginUrl: endpoints.loginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/** JSON dates as Dates, as botbuilder's own HTTP handler hands activities to the turn. */
function toActivity(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { adapter, logger } = options;
  const app = new Application<TurnState>({
    adapter,
    // No turn-state storage: every feature keeps its state in its own documents, and teams-ai
    // would read (and maybe write) the conversation's and the user's state on every turn —
    // two round trips on Cosmos DB that no route uses.
    removeRecipientMention: true,
    // teams-ai keeps one typing timer per Application, not per turn, so concurrent turns stop
    // each other's; and every typing activity is a connector call counted against Teams' rate
    // limits. Our turns answer well within a second, so no typing indicator.
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const cardVerbs = recordCardVerbs(app);
  options.registerRoutes(app);
  const cards = new CardRenderer();
  app.error(async (context, error) => reportTurnError(context, error, logger, cards));

  const senderTenants = options.senderTenants ?? new SenderTenantResolver();
  const handleTurn = async (context: TurnContext, correlationId: string): Promise<void> => {
    const tenants = await senderTenants.resolve(context);
    // One child logger per turn, made when first needed: with the network once routed (a pino
    // child serialises its bindings when made; two per turn showed under a burst, issue 13).
    const bindings = {
      correlationId,
      activityType: context.activity.type,
      activityName: context.activity.name,
      conversationType: context.activity.conversation?.conversationType,
      tenantId: tenants.person,
      ...(tenants.host !== tenants.person ? { hostTenantId: tenants.host } : {}),
    };
    let turnLogger: Logger | undefined;
    const unrouted = () => (turnLogger ??= logger.child(bindings));
    const language = languageFromLocale(activityLocale(context.activity));
    const tenantIds = { tenantId: tenants.person ?? '', hostTenantId: tenants.host ?? '' };
    // Both the person's home tenant and the conversation's host tenant must be in the network;
    // a person whose tenant could not be established (a shared channel's roster unreachable)
    // is not taken for a member of the host tenant.
    const anyoneActing = Boolean(context.activity.from?.aadObjectId);
    if (!areTenantsAllowed({ host: tenants.host, person: anyoneActing || tenants.person ? tenants.person : tenants.host }, options.allowedTenants)) {
      // Unknown only when a shared channel's roster could not be read: say so, not that their
      // organisation is not in the network.
      const unverified = anyoneActing && tenants.source === 'unknown' && isTenantAllowed(tenants.host, options.allowedTenants);
      unrouted().warn({ source: tenants.source }, unverified ? 'refused an activity: the person’s tenant could not be read from the shared channel’s roster' : 'refused an activity: the person’s tenant or the conversation’s is not in ALLOWED_TENANTS');
      await refuseTenant(context, language, unverified ? 'error.organisationUnverified' : 'error.tenantNotAllowed');
      return;
    }
    const started = process.hrtime.bigint();
    // One scope per turn: who acts and their roles are read once, however many steps ask —
    // finding the turn's network included.
    await runInTurnScope(async () => {
      let route: TurnRoute;
      try {
        route = await options.router.route(context, language);
      } catch (error) {
        // As a failed feature would be answered: an apology with the reference, details in the log.
        attachTurnInfo(context, { correlationId, networkId: '', logger: unrouted(), ...tenantIds });
        await reportTurnError(context, error instanceof Error ? error : new Error(String(error)), unrouted(), cards);
        return;
      }
      if (route.kind === 'answered') return;
      const networkLanguage = options.networkLanguage && needsNetworkLanguage(context) ? await options.networkLanguage(route.networkId) : undefined;
      turnLogger = logger.child({ ...bindings, networkId: route.networkId });
      attachTurnInfo(context, { correlationId, networkId: route.networkId, logger: turnLogger, ...tenantIds }, networkLanguage);
      await app.run(context);
    });
    if (logger.isLevelEnabled('debug')) unrouted().debug({ durationMs: Number(process.hrtime.bigint() - started) / 1e6 }, 'turn handled');
  };

  return {
    adapter,
    handleTurn,
    cardVerbs,
    async process(authorization, body, correlationId) {
      let turnStarted = false;
      try {
        const invokeResponse = await adapter.authenticateAndRun(authorization, toActivity(body), (context) => {
          turnStarted = true;
          return handleTurn(context, correlationId);
        });
        return { kind: 'answered', status: invokeResponse?.status ?? 200, ...(invokeResponse?.body !== undefined ? { body: invokeResponse.body } : {}) };
      } catch (error) {
        // Before the turn, the adapter only authenticates the request (signature, issuer,
        // audience, endorsements, serviceUrl; fetching the keys may fail too) and prepares
        // its connector: whatever the detail, the caller is not let in, and learns nothing
        // about why — the details are for the log.
        if (!turnStarted) {
          logger.warn({ correlationId, reason: error instanceof Error ? error.message : String(error) }, 'refused an activity: its Bot Framework token could not be verified');
          return { kind: 'unauthorized' };
        }
        logger.error({ correlationId, err: error }, 'turn failed outside the turn’s own error handling');
        return { kind: 'failed' };
      }
    },
  };
}

/** Wraps `actionExecute` so every verb a feature registers is listed (the route itself is unchanged). */
function recordCardVerbs(app: Application<TurnState>): (string | RegExp)[] {
  const verbs: (string | RegExp)[] = [];
  const cards = app.adaptiveCards;
  const register = cards.actionExecute.bind(cards);
  cards.actionExecute = ((verb, handler) => {
    verbs.push(...(Array.isArray(verb) ? verb : [verb]).filter((entry): entry is string | RegExp => typeof entry === 'string' || entry instanceof RegExp));
    return register(verb, handler);
  }) as typeof cards.actionExecute;
  return verbs;
}

async function refuseTenant(context: TurnContext, language: 'fr' | 'en', key: 'error.tenantNotAllowed' | 'error.organisationUnverified'): Promise<void> {
  const message = translate(language, key);
  if (isAdaptiveCardAction(context)) await answerCardActionWithMessage(context, message);
  else if (context.activity.type === ActivityTypes.Invoke) await answerInvokeWithError(context, 403, key === 'error.tenantNotAllowed' ? 'TenantNotAllowed' : 'OrganisationUnverified', message);
  else if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.InstallationUpdate) {
    await context.sendActivity(message);
  }
}

/**
 * The user sees a short apology with the reference; the details go to the log only. When the
 * store could not be reached the turn saved nothing it could not finish (each feature's writes
 * are ordered so a turn cut short is whole or absent): the person is told to try again, and a
 * card action gets a card with a button that sends the same action again.
 */
async function reportTurnError(context: TurnContext, error: Error, fallbackLogger: Logger, cards: CardRenderer): Promise<void> {
  let info;
  try {
    info = turnInfo(context);
  } catch {
    info = undefined;
  }
  const logger = info?.logger ?? fallbackLogger;
  const language = info?.language ?? 'fr';
  const correlationId = info?.correlationId ?? '—';
  const outage = isStoreUnavailable(error);
  if (outage) logger.warn({ reason: error.message }, 'turn refused: the store is unavailable');
  else logger.error({ err: error }, 'turn failed');
  const message = translate(language, outage ? 'error.storeUnavailable' : 'error.turnFailed', { correlationId });
  try {
    if (outage && isAdaptiveCardAction(context)) await answerCardActionWithCard(context, cards.render(cardTemplates.membershipNotice, tryAgainCardData(language, message, context)));
    else if (context.activity.type === ActivityTypes.Invoke) await answerInvokeWithError(context, outage ? 503 : 500, outage ? 'StoreUnavailable' : 'InternalError', message);
    else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(message);
  } catch (sendError) {
    logger.error({ err: sendError }, 'could not tell the user that the turn failed');
  }
}

/** "Try again" in place of the card clicked: its button sends the very action again (same verb, same data). */
function tryAgainCardData(language: Language, message: string, context: TurnContext): object {
  const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const verb = typeof action?.verb === 'string' ? action.verb : undefined;
  const data = typeof action?.data === 'object' && action.data !== null ? action.data : {};
  return {
    title: translate(language, 'error.storeUnavailable.title'),
    paragraphs: [paragraph(run(message))],
    actions: verb ? [{ title: translate(language, 'error.storeUnavailable.retry'), verb, style: 'positive', data }] : [],
  };
}
