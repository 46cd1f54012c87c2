/**
 * Composition root: config → store → services → bot → server. Nothing else in the code base
 * builds long-lived objects, so tests assemble the same app with a temp store or fakes.
 */
import type { TokenCredential } from '@azure/identity';
import { CardRenderer } from './cards/card-renderer';
import { createTeamsAdapter, createTeamsBot } from './bot/teams-bot';
import { registerFallbackRoutes, registerWelcomeHelpRoutes } from './bot/welcome-help-routes';
import { ConfigError, loadConfig, type AppConfig, type StoreConfig } from './config';
import { ConversationService } from './delivery/conversation-service';
import { createLogger, type Logger } from './logger';
import { createServer, listen, type RunningServer } from './server';
import type { DocumentStore } from './store/document-store';
import { openDocumentStore, type StoreOptions } from './store/open-store';
import { TurnStateStorage } from './store/turn-state-storage';

export interface ReseauOptions {
  readonly logger?: Logger;
  /** An already open store (tests); otherwise one is opened from the config and closed on stop. */
  readonly store?: DocumentStore;
  readonly now?: () => Date;
}

export interface RunningReseau {
  readonly url: string;
  readonly store: DocumentStore;
  /** Graceful stop: no new requests, in-flight turns finish, then the store closes. */
  stop(): Promise<void>;
}

export async function startReseau(config: AppConfig, options: ReseauOptions = {}): Promise<RunningReseau> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownsStore = !options.store;
  const store = options.store ?? (await openDocumentStore(await storeOptions(config.store)));

  const conversations = new ConversationService(store, options.now);
  const cards = new CardRenderer();
  const bot = createTeamsBot({
    adapter: createTeamsAdapter(config.bot),
    networkId: config.networkId,
    allowedTenants: config.allowedTenants,
    logger,
    storage: new TurnStateStorage(store, config.networkId),
    registerRoutes: (app) => {
      registerWelcomeHelpRoutes(app, { conversations, cards });
      registerFallbackRoutes(app);
    },
  });

  let server: RunningServer;
  try {
    server = await listen(createServer({ bot, store, logger }), config.port, config.host);
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  logger.info(
    { url: server.url, store: store.kind, networkId: config.networkId, botAuth: config.bot ? config.bot.appType : 'anonymous' },
    'Réseau is listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    store,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
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
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
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
