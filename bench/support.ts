/**
 * What the benchmarks share: the Réseau under measurement (the real composition root on a temp
 * SQLite store, silent), the bare teams-ai baseline on the same server stack, and the statistics.
 * A baseline measured in the same run, on the same machine, is what makes a number comparable.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CardFactory, MessageFactory } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import { CardRenderer } from '../src/cards/card-renderer';
import { cardTemplates } from '../src/cards/templates';
import { HELP_VERB, helpCardData } from '../src/bot/welcome-help-cards';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startReseau, type RunningReseau } from '../src/main';
import { REQUEST_BODY_LIMIT_BYTES } from '../src/server';
import type { DocumentStore } from '../src/store/document-store';
import { openDocumentStore } from '../src/store/open-store';

/**
 * The message the bare application answers, and the Action.Execute verb it answers with a
 * static card: Réseau's own help command and verb, so bench:turn can post the same turn to both.
 */
export const BARE_MESSAGE_TEXT = 'aide';
export const BARE_INVOKE_VERB = HELP_VERB;

/** The baseline: teams-ai with one route per kind and a pre-rendered card, nothing else. */
export async function startBareApplication(): Promise<{ url: string; close(): Promise<void> }> {
  const card = new CardRenderer().render(cardTemplates.help, helpCardData('fr'));
  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true, longRunningMessages: false });
  app.message(new RegExp(`^\\s*${BARE_MESSAGE_TEXT}\\s*$`, 'i'), async (context) => {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  });
  app.adaptiveCards.actionExecute(BARE_INVOKE_VERB, async () => card);
  const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: REQUEST_BODY_LIMIT_BYTES, mapParams: false, mapFiles: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface BenchReseauOptions<S extends DocumentStore> {
  /** Wraps the opened store (e.g. a counting store): the app runs on what this returns. */
  readonly wrapStore?: (store: DocumentStore) => S;
}

/**
 * The real Réseau on a fresh embedded (SQLite) store in a temp directory, logging nothing.
 * With `wrapStore`, the store is opened here, wrapped, handed to the app, and closed on close.
 */
export async function startBenchReseau<S extends DocumentStore = DocumentStore>(
  env: NodeJS.ProcessEnv = {},
  options: BenchReseauOptions<S> = {},
): Promise<{ reseau: RunningReseau; store: S | DocumentStore; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-bench-'));
  const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const opened = options.wrapStore ? await openDocumentStore({ kind: 'sqlite', dataDir }) : undefined;
  const store = opened && options.wrapStore ? options.wrapStore(opened) : undefined;
  const reseau = await startReseau(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }), {
    logger: createLogger('info', silent),
    ...(store ? { store } : {}),
  });
  return {
    reseau,
    store: store ?? reseau.store,
    async close() {
      await reseau.stop();
      await opened?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
export const median = (values: readonly number[]) => percentile(values, 50);
export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Milliseconds since `started` (a process.hrtime.bigint()). */
export const elapsedMs = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
