/**
 * Composition root: config → store → services → bot → server. Nothing else in the code base
 * builds long-lived objects, so tests assemble the same app with a temp store or fakes.
 */
import type { TokenCredential } from '@azure/identity';
import { CardRenderer } from './cards/card-renderer';
import { createTeamsAdapter, createTeamsBot, type BotFrameworkEndpoints } from './bot/teams-bot';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { registerFallbackRoutes, registerWelcomeHelpRoutes } from './bot/welcome-help-routes';
import { ConfigError, loadConfig, type AppConfig, type StoreConfig } from './config';
import { BotConnectorGateway } from './delivery/bot-connector-gateway';
import { ConversationService } from './delivery/conversation-service';
import { randomUUID } from 'node:crypto';
import { Dispatcher, DISPATCHER_DEFAULTS } from './delivery/dispatcher';
import { globalWindowMs } from './delivery/rate-limiter';
import { SendingLease } from './delivery/sending-lease';
import { OutboxService } from './delivery/outbox-service';
import { expiryPurgeTask } from './store/expiry-purge';
import { retentionFromDays } from './delivery/outbox-rules';
import { DeliveryTally } from './delivery/delivery-tally';
import { RosterService } from './delivery/roster-service';
import { EntraAuthenticator } from './api/authenticator';
import { createLogger, type Logger } from './logger';
import { DEFAULT_LANGUAGE } from './i18n';
import { DEFAULT_ROTATION_ORDER } from './network/default-directory';
import { registerMembershipApi } from './network/membership-api';
import { ApiCallerRecognition } from './network/member-recognition';
import { ApiNetworkScope } from './network-routing/api-network-scope';
import { NetworkRouter } from './network-routing/network-router';
import { registerNetworksApi } from './network-routing/networks-api';
import { RoutingRepository } from './network-routing/routing-repository';
import { chooseApiNetworkWith, registeredApiRoutes } from './api/http';
import { registerMembershipRoutes } from './network/membership-routes';
import { registerMeetingApi } from './meetings/meeting-api';
import { registerMeetingRoutes } from './meetings/meeting-routes';
import { MeetingScheduler } from './meetings/meeting-scheduler';
import { MeetingService } from './meetings/meeting-service';
import { registerDecisionsApi } from './decisions/decisions-api';
import { registerDecisionRoutes } from './decisions/decision-routes';
import { DecisionsScheduler } from './decisions/decisions-scheduler';
import { DecisionsService } from './decisions/decisions-service';
import { registerStatementsApi } from './statements/statements-api';
import { registerStatementRoutes } from './statements/statement-routes';
import { StatementsScheduler } from './statements/statements-scheduler';
import { StatementsService } from './statements/statements-service';
import { MembershipScheduler } from './network/membership-scheduler';
import { MembershipService } from './network/membership-service';
import { OutboxMemberNotifier } from './network/outbox-notifier';
import { createServer, listen, type RunningServer } from './server';
import type { DocumentStore } from './store/document-store';
import { StoreHealth } from './store/store-health';
import { openDocumentStore, type StoreOptions } from './store/open-store';
import { DigestScheduler } from './updates/digest-scheduler';
import { StoreReportSources } from './updates/report-sources';
import { registerUpdatesApi } from './updates/updates-api';
import { registerUpdatesRoutes } from './updates/updates-routes';
import { UpdatesService } from './updates/updates-service';
import { registerGroupReviewApi } from './group-reviews/review-api';
import { registerGroupReviewRoutes } from './group-reviews/review-routes';
import { GroupReviewScheduler } from './group-reviews/review-scheduler';
import { GroupReviewService } from './group-reviews/review-service';
import { registerWorkplanApi } from './workplan/workplan-api';
import { registerMyWorkApi } from './my-work/my-work-api';
import { tabLink } from './cards/tab-links';
import { MyWorkRepository } from './my-work/my-work-repository';
import { MyWorkService } from './my-work/my-work-service';
import { registerWorkplanRoutes } from './workplan/workplan-routes';
import { WorkplanScheduler } from './workplan/workplan-scheduler';
import { WorkplanService } from './workplan/workplan-service';
import { registerSettingsApi } from './settings/settings-api';
import { SettingsReader, SettingsService } from './settings/settings-service';
import { DEFAULT_REMINDERS_MINUTES } from './decisions/decisions-service';
import { DEFAULT_TIME_ZONE } from './meetings/meeting-model';

export interface ReseauOptions {
  readonly logger?: Logger;
  /** An already open store (tests); otherwise one is opened from the config and closed on stop. */
  readonly store?: DocumentStore;
  readonly now?: () => Date;
  /**
   * Test seam, deliberately not an environment variable: where Bot Framework tokens are
   * checked and obtained, so tests run the authenticated bot against a local stand-in for
   * Microsoft's token services. Production always uses Microsoft's public cloud.
   */
  readonly botFrameworkEndpoints?: BotFrameworkEndpoints;
  /** Test seam: how the bot obtains its outgoing tokens (MSAL accepts only https authorities). */
  readonly botCredentialsFactory?: ServiceClientCredentialsFactory;
  /**
   * Test seam: the sending lease's renewal period (production 5 s, the lease 3 periods), so a
   * fault test sees a dead sender replaced in seconds rather than a quarter of a minute.
   */
  readonly sendingLeaseRenewMs?: number;
}

export interface RunningReseau {
  readonly url: string;
  /** This instance's name in leases and delivery counts (`reseau-…`, new at every start). */
  readonly instanceId: string;
  readonly store: DocumentStore;
  /** Proactive delivery for features: enqueue, update in place, status. */
  readonly outbox: OutboxService;
  /** Members of a team or chat the bot is in, as outbox recipients. */
  readonly roster: RosterService;
  /** Membership by agency: roles, rights (`may`), onboarding, rotation. */
  readonly membership: MembershipService;
  /** Convocations, RSVPs, reminders, minutes (`tick` sends the automatic reminders due). */
  readonly meetings: MeetingService;
  /** Polls and ExCom decisions (`tick` does what is due: phases, reminders, deadlines, register). */
  readonly decisions: DecisionsService;
  /** Joint statements: request, versions, ExCom clearance, delivery (`tick` sends the reminders due). */
  readonly statements: StatementsService;
  /** Migration updates: share, search, digest (`runDigest`), report. */
  readonly updates: UpdatesService;
  /** The annual work plan: drafting, ExCom adoption, quarterly reports, action items (`tick` catches up). */
  readonly workplan: WorkplanService;
  /** Working-group reviews: members' consultation, ExCom decision, outcome (`tick` opens those due). */
  readonly groupReviews: GroupReviewService;
  /** The network's settings: the ExCom and general channels chosen by the co-chairs. */
  readonly settings: SettingsService;
  /** Every tab API route (method, path under /api/v1) and the networks it serves, for tests that must cover each. */
  readonly apiRoutes: readonly { readonly method: string; readonly path: string; readonly networkIds: readonly string[] }[];
  /** Every card verb the bot's features registered, for tests that must cover each. */
  readonly cardVerbs: readonly (string | RegExp)[];
  /** Graceful stop: no new claims (claims handed back, sending lease handed over), no new requests, in-flight turns finish, then the store closes. */
  stop(): Promise<void>;
}

export async function startReseau(config: AppConfig, options: ReseauOptions = {}): Promise<RunningReseau> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownsStore = !options.store;
  const openedStore = options.store ?? (await openDocumentStore(await storeOptions(config.store)));
  // Every store call reports whether the store answered: /healthz and background work read it.
  const storeHealth = new StoreHealth(openedStore, { logger });
  const store = storeHealth.monitor();

  // Where channel posts go: the co-chairs' choice of ExCom and general channels (src/settings), read through a cache.
  // A network that set nothing keeps the deployment's configuration (MEETING_REMINDER_HOURS…).
  const settingsReader = new SettingsReader(store, undefined, {
    language: DEFAULT_LANGUAGE,
    timeZone: DEFAULT_TIME_ZONE,
    meetingReminderHours: config.meetings.reminderOffsetHours,
    decisionReminderHours: DEFAULT_REMINDERS_MINUTES.map((minutes) => minutes / 60),
  });
  const conversations = new ConversationService(store, options.now, (networkId) => settingsReader.channelChoices(networkId));
  // Each network's language, zone and reminders, as the services apply them (cached with the channel choices).
  const preferences = (networkId: string) => settingsReader.preferences(networkId);
  const clock = options.now;
  const nowMs = clock ? { now: () => clock().getTime() } : {};
  const cards = new CardRenderer();
  if (config.localMode) {
    const tenants = config.allowedTenants.length > 0 ? `tenants ${config.allowedTenants.join(', ')}` : 'any tenant';
    logger.warn({ host: config.host }, `LOCAL MODE: anonymous bot, dev sign-in, ${tenants} — never use this in production`);
  }
  const adapter = createTeamsAdapter(config.bot, {
    ...(options.botFrameworkEndpoints ? { endpoints: options.botFrameworkEndpoints } : {}),
    ...(options.botCredentialsFactory ? { credentialsFactory: options.botCredentialsFactory } : {}),
  });
  const gateway = new BotConnectorGateway({ adapter, appId: config.bot?.appId ?? '' });
  const roster = new RosterService(conversations, gateway, logger);
  const retention = retentionFromDays(config.delivery.retention);
  // One tally for the dispatcher and the outbox service: a status read sees every outcome at once.
  const tally = new DeliveryTally(store, { logger });
  const instanceId = `reseau-${randomUUID().slice(0, 8)}`;
  // Teams' limits are the app's, whatever the number of instances: one of them sends at a time.
  const sendingLease = new SendingLease({
    store,
    instanceId,
    logger,
    guardMs: globalWindowMs(config.delivery.globalRatePerSecond) + DISPATCHER_DEFAULTS.marginMs,
    ...(options.sendingLeaseRenewMs ? { renewMs: options.sendingLeaseRenewMs } : {}),
  });
  const dispatcher = new Dispatcher({
    instanceId,
    sendingLease,
    store,
    networkIds: config.networkIds,
    gateway,
    conversations,
    logger,
    ...nowMs,
    globalRatePerSecond: config.delivery.globalRatePerSecond,
    maxAttempts: config.delivery.maxAttempts,
    leaseMs: config.delivery.leaseMs,
    pollIntervalMs: config.delivery.pollIntervalMs,
    maxInFlight: config.delivery.maxInFlight,
    retention,
    tally,
    availability: storeHealth,
  });
  const outbox = new OutboxService(store, conversations, {
    ...nowMs,
    retention,
    tally,
    onWork: () => dispatcher.wake(),
  });
  // `admins` stays the default network's list (a script may extend it, as npm run demo does).
  const adminsByNetwork = { ...config.membership.adminsByNetwork, [config.networkId]: config.membership.admins };
  // Where the network's team lives (the member list places people by it): the bot's own tenant,
  // else the first allowed one (docs/deployment.md); none in local mode with any tenant allowed.
  const hostTenantId = config.bot?.tenantId ?? config.allowedTenants[0];
  const membership = new MembershipService({
    store,
    notifier: new OutboxMemberNotifier(outbox, cards, store, conversations, preferences),
    logger,
    admins: config.membership.admins,
    adminsByNetwork,
    ...(hostTenantId ? { hostTenantId } : {}),
    rotation: {
      order: config.membership.rotationOrder.length > 0 ? config.membership.rotationOrder : DEFAULT_ROTATION_ORDER,
      termMonths: config.membership.rotationTermMonths,
      ...(config.membership.rotationStart ? { start: config.membership.rotationStart } : {}),
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const expiryPurge = expiryPurgeTask(store, config.networkIds, logger);
  const membershipScheduler = new MembershipScheduler(membership, config.networkIds, logger);
  // Cards link the .ics on the public address; locally, the one the server ends up listening on.
  let listeningUrl = '';
  // Cards open the tab's pages: a Teams deep link when the Teams app id is known, else the web address.
  const tabLinks = tabLink({ ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}), publicUrl: () => config.meetings.publicUrl ?? listeningUrl });
  const meetings = new MeetingService({
    store,
    membership,
    outbox,
    conversations,
    cards,
    logger,
    publicUrl: () => config.meetings.publicUrl ?? listeningUrl,
    tabLink: tabLinks,
    preferences,
    // The minutes' action items become tracked work-plan items (the work plan is built below; called later).
    onMinutesRecorded: (networkId, recordedBy, meeting) => workplan.minutesRecorded(networkId, recordedBy, meeting.meetingId, meeting.minutes?.actionItems ?? []),
    ...(options.now ? { now: options.now } : {}),
  });
  const meetingScheduler = new MeetingScheduler(meetings, config.networkIds, logger);
  const decisions = new DecisionsService({
    store,
    membership,
    outbox,
    roster,
    conversations,
    cards,
    logger,
    publicUrl: () => config.meetings.publicUrl ?? listeningUrl,
    tabLink: tabLinks,
    preferences,
    ...(options.now ? { now: options.now } : {}),
  });
  const decisionsScheduler = new DecisionsScheduler(decisions, config.networkIds, logger);
  const statements = new StatementsService({ store, membership, outbox, conversations, cards, logger, preferences, ...(options.now ? { now: options.now } : {}) });
  const statementsScheduler = new StatementsScheduler(statements, config.networkIds, logger);
  const updates = new UpdatesService({
    store,
    membership,
    outbox,
    conversations,
    cards,
    logger,
    sources: new StoreReportSources(store),
    digestSchedule: config.updates.digestSchedule,
    preferences,
    ...(options.now ? { now: options.now } : {}),
  });
  const digestScheduler = new DigestScheduler(updates, config.networkIds, logger);
  // Told by the decisions slice when an adoption decision is numbered (it observes `workplan` subjects).
  const workplan = new WorkplanService({
    store,
    membership,
    decisions,
    outbox,
    cards,
    logger,
    publicUrl: () => config.meetings.publicUrl ?? listeningUrl,
    tabLink: tabLinks,
    ...(options.now ? { now: options.now } : {}),
  });
  const myWork = new MyWorkService({ repository: new MyWorkRepository(store), membership, ...(options.now ? { now: options.now } : {}) });
  const workplanScheduler = new WorkplanScheduler(workplan, config.networkIds, logger);
  // Told by the decisions slice when a review decision is numbered (it observes `workingGroupReview` subjects).
  const groupReviews = new GroupReviewService({ store, membership, decisions, outbox, conversations, cards, logger, preferences, ...(options.now ? { now: options.now } : {}) });
  const settings = new SettingsService({
    store,
    reader: settingsReader,
    membership,
    conversations,
    ...(options.now ? { now: options.now } : {}),
  });
  const groupReviewScheduler = new GroupReviewScheduler(groupReviews, config.networkIds, logger);
  const entraAuthenticator = new EntraAuthenticator({
    ...(config.membership.tabClientId ? { clientId: config.membership.tabClientId } : {}),
    ...(config.membership.tabAppIdUri ? { appIdUri: config.membership.tabAppIdUri } : {}),
    allowedTenants: config.allowedTenants,
    authorityUrl: config.membership.entraAuthorityUrl,
    localMode: config.localMode,
  });
  const authenticator = entraAuthenticator;
  // Every tab API request names its network (or has only one), checked against the caller's own
  // networks; the caller is then recognised there as the bot recognises activities: tenant +
  // object id, and an email-only imported row claimed through a team roster in their tenant.
  const apiNetworks = new ApiNetworkScope({
    networkIds: config.networkIds,
    membership,
    recognition: new ApiCallerRecognition(membership, (networkId, tenantId, aadObjectId) => roster.principalName(networkId, tenantId, aadObjectId)),
  });
  // A turn's network comes from where the bot is: the team or chat registered to it, or in a 1:1
  // the person's own network (src/network-routing/README.md).
  const router = new NetworkRouter({
    networkIds: config.networkIds,
    installations: config.installations,
    repository: new RoutingRepository(store),
    membership,
    conversations,
    cards,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  let apiRoutes: ReturnType<typeof registeredApiRoutes> = [];
  const bot = createTeamsBot({
    adapter,
    router,
    allowedTenants: config.allowedTenants,
    logger,
    networkLanguage: async (networkId) => (await preferences(networkId)).language,
    registerRoutes: (app) => {
      registerWelcomeHelpRoutes(app, { conversations, cards, myWork, tabLink: tabLinks, languages: membership });
      registerMembershipRoutes(app, { membership, cards });
      registerMeetingRoutes(app, { meetings });
      registerDecisionRoutes(app, { decisions, cards });
      registerStatementRoutes(app, { statements, cards });
      registerWorkplanRoutes(app, { workplan });
      registerGroupReviewRoutes(app, { reviews: groupReviews });
      // Before the fallback, which answers message extension invokes no feature claimed.
      registerUpdatesRoutes(app, { updates, cards });
      registerFallbackRoutes(app);
    },
  });

  let server: RunningServer;
  try {
    server = await listen(
      createServer({
        bot,
        store,
        health: storeHealth,
        logger,
        registerApiRoutes: (restifyServer) => {
          chooseApiNetworkWith(restifyServer, apiNetworks);
          registerNetworksApi(restifyServer, { scope: apiNetworks, networkIds: config.networkIds, authenticator, logger });
          // Each network's handlers: the services are shared, the network each handler serves is not.
          for (const networkId of config.networkIds) {
            registerMembershipApi(restifyServer, { membership, authenticator, logger, networkId });
            registerMeetingApi(restifyServer, {
              meetings,
              authenticator,
              logger,
              networkId,
              localMode: config.localMode,
              store,
              admins: adminsByNetwork[networkId] ?? [],
              progressPackLink: (year) => workplan.progressPackLink(networkId, year, config.meetings.publicUrl ?? listeningUrl),
            });
            registerDecisionsApi(restifyServer, { decisions, authenticator, logger, networkId });
            registerStatementsApi(restifyServer, { statements, authenticator, logger, networkId });
            registerUpdatesApi(restifyServer, { updates, cards, authenticator, logger, networkId });
            registerWorkplanApi(restifyServer, { workplan, authenticator, logger, networkId });
            registerMyWorkApi(restifyServer, { myWork, authenticator, logger, networkId });
            registerGroupReviewApi(restifyServer, { reviews: groupReviews, authenticator, logger, networkId });
            registerSettingsApi(restifyServer, { settings, authenticator, logger, networkId });
          }
          apiRoutes = registeredApiRoutes(restifyServer);
        },
      }),
      config.port,
      config.host,
    );
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  // Started once the server is up (a failed listen leaves nothing running), stopped after the
  // last turn and before the store closes, so every try in flight records its outcome.
  dispatcher.start();
  listeningUrl = server.url;
  const schedulers = [membershipScheduler, meetingScheduler, decisionsScheduler, statementsScheduler, digestScheduler, workplanScheduler, groupReviewScheduler, expiryPurge];
  // While the store is gone a pass is skipped, and the one it missed runs as soon as it answers.
  for (const scheduler of schedulers) scheduler.pauseWhileUnavailable(storeHealth).start();
  logger.info(
    { url: server.url, store: store.kind, networkIds: config.networkIds, mode: config.localMode ? 'local' : 'production', botAuth: config.bot ? config.bot.appType : 'anonymous' },
    'Réseau is listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    instanceId,
    store,
    outbox,
    roster,
    membership,
    meetings,
    decisions,
    statements,
    updates,
    workplan,
    groupReviews,
    settings,
    apiRoutes,
    cardVerbs: bot.cardVerbs,
    stop: () =>
      (stopping ??= (async () => {
        // Scale-in order: first stop claiming (calls in flight record their outcome, claims
        // not yet called are handed back, the sending lease is handed over: another instance
        // takes the work within a second, not a lease), then the HTTP server (turns in flight
        // finish; what they enqueue waits in the store for the next sender), the schedulers
        // and the store last.
        await dispatcher.stop();
        await server.close();
        // After the last turn: a scheduler's stop also ends the card refreshes turns schedule.
        await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
        await tally.close();
        if (ownsStore) await store.close();
        logger.info('Réseau stopped');
      })()),
  };
}

async function storeOptions(store: StoreConfig): Promise<StoreOptions> {
  if (store.kind === 'sqlite') return { kind: 'sqlite', dataDir: store.dataDir };
  const base = { kind: 'cosmos' as const, endpoint: store.endpoint, databaseId: store.databaseId, containerId: store.containerId };
  if (store.key) return { ...base, key: store.key };
  return { ...base, credential: await managedIdentityCredential(store.managedIdentityClientId) };
}

/** Production reaches Cosmos DB with the app's managed identity; loaded only then. */
async function managedIdentityCredential(clientId: string | undefined): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  return clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.DefaultAzureCredential();
}

/**
 * The longest a graceful stop may take: the dispatcher's calls in flight (each bounded by the
 * connector's timeout) and the HTTP server's grace for turns (10 s) fit well inside it.
 */
export const SHUTDOWN_BOUND_MS = 20_000;

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG: a supervisor should not restart-loop on a bad configuration
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const reseau = await startReseau(config, { logger });
  stopOnSignals(reseau, logger);
}

/**
 * SIGTERM (App Service scaling in, a deployment) or SIGINT: a graceful stop (see `stop`), then
 * exit 0; exit 1 when it fails or takes longer than SHUTDOWN_BOUND_MS.
 */
export function stopOnSignals(reseau: Pick<RunningReseau, 'stop'>, logger: Logger, boundMs: number = SHUTDOWN_BOUND_MS): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      // App Service kills the process some time after SIGTERM: end on our own terms before it.
      setTimeout(() => {
        logger.error({ boundMs }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, boundMs).unref();
      reseau.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Réseau could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
