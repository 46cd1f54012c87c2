/**
 * Start-up and shutdown as an operator sees them: the real process with its environment, and
 * a graceful stop that lets a turn in progress finish before the store closes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postActivity } from '../support/bot-client';
import { startReseauUnderTest } from '../support/reseau-under-test';
import { message, teamsConversation } from '../support/teams-activities';

const ROOT = path.resolve(__dirname, '../..');

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs src/main.ts as `npm start` would run the built file, with only the given environment. */
function runMain(env: NodeJS.ProcessEnv, whileRunning?: (url: string) => Promise<void>): Promise<Exited> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let started = false;
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = /"url":"([^"]+)"[^\n]*"msg":"Réseau is listening"/.exec(stdout);
      if (listening?.[1] && !started && whileRunning) {
        started = true;
        whileRunning(listening[1]).then(() => child.kill('SIGTERM'), reject);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('lifecycle', () => {
  it('refuses to start on a bad configuration, naming every bad key, with exit code 78', async () => {
    const exited = await runMain({ PORT: 'abc', BOT_TYPE: 'Robot', ALLOWED_TENANTS: 'acme' });
    assert.equal(exited.code, 78);
    for (const key of ['PORT', 'BOT_TYPE', 'ALLOWED_TENANTS', 'BOT_ID']) assert.match(exited.stderr, new RegExp(`- ${key}:`));
    assert.doesNotMatch(exited.stderr, /\n\s+at /, 'no stack trace for a configuration error');
  });

  it('refuses a bad list of networks (NETWORK_IDS) with exit code 78, naming the bad ids', async () => {
    const exited = await runMain({ PORT: '0', NETWORK_IDS: 'gn,Sénégal,gn', NETWORK_INSTALLATIONS: 'ml=19:team@thread.tacv2' });
    assert.equal(exited.code, 78);
    assert.match(exited.stderr, /- NETWORK_IDS: each network id must be .*"Sénégal"/);
    assert.match(exited.stderr, /- NETWORK_IDS: a network is listed twice: gn/);
    assert.match(exited.stderr, /- NETWORK_INSTALLATIONS: "ml=19:team@thread.tacv2" must start with one of the networks served/);
    assert.doesNotMatch(exited.stdout, /Réseau is listening/);
  });

  it('refuses a production-looking configuration that would otherwise run open, naming what to set (exit 78)', async function () {
    this.timeout(60_000); // four processes, each loading the app
    const app = '0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
    for (const [env, expected] of [
      // The Bot Framework's usual name instead of BOT_ID: local mode would have made this an anonymous bot.
      [{ MICROSOFT_APP_ID: app, MicrosoftAppPassword: 's3cret-value' }, [`BOT_ID: Réseau reads BOT_ID, not MICROSOFT_APP_ID; set BOT_ID=${app}`, 'BOT_PASSWORD:', 'ALLOWED_TENANTS:']],
      [{ BOT_ID: ' ' }, ["BOT_ID: blank — set the bot's Microsoft App ID or remove the variable"]],
      [{ COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/' }, ['BOT_ID: required outside local mode (production settings present: COSMOS_ENDPOINT)', 'ALLOWED_TENANTS:']],
      [{ AAD_APP_CLIENT_ID: app, WEBSITE_SITE_NAME: 'reseau-gn' }, ['production settings present: AAD_APP_CLIENT_ID, WEBSITE_SITE_NAME']],
    ] as const) {
      const exited = await runMain({ PORT: '0', ...env });
      assert.equal(exited.code, 78, JSON.stringify(env));
      for (const text of expected) assert.ok(exited.stderr.includes(text), `${text} missing from:\n${exited.stderr}`);
      assert.doesNotMatch(exited.stderr, /s3cret-value/, 'a secret is never echoed');
      assert.doesNotMatch(exited.stdout, /Réseau is listening/);
    }
  });

  it('with nothing set, listens on 127.0.0.1 only and says loudly that it runs in local mode', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-main-'));
    try {
      let listening = '';
      const exited = await runMain({ PORT: '0', DATA_DIR: dataDir }, async (url) => {
        listening = url;
      });
      assert.equal(exited.code, 0, exited.stderr);
      assert.match(listening, /^http:\/\/127\.0\.0\.1:\d+$/);
      const lines = exited.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; level: number });
      const warning = lines.find((line) => line.msg.startsWith('LOCAL MODE'));
      assert.equal(warning?.msg, 'LOCAL MODE: anonymous bot, dev sign-in, any tenant — never use this in production');
      assert.equal(warning?.level, 40, 'a warning');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('starts in local mode on the embedded store, answers /healthz, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-main-'));
    try {
      let health: unknown;
      const exited = await runMain({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir }, async (url) => {
        health = await (await fetch(`${url}/healthz`)).json();
      });
      assert.deepEqual(health, { status: 'ok', store: 'sqlite' });
      assert.equal(exited.code, 0, exited.stderr);
      const messages = exited.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg);
      assert.deepEqual(messages.slice(-2), ['shutting down', 'Réseau stopped']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('finishes a turn in progress before stopping, then refuses new connections and closes the store', async () => {
    // The connector takes 800 ms to accept the answer, so the turn is still running when stop() begins.
    const app = await startReseauUnderTest({ connector: { latencyMs: 800 } });
    try {
      const conversation = teamsConversation('personal');
      const inFlight = postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, text: 'aide' }));
      const answeredAt = inFlight.then(() => Date.now());
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stopRequestedAt = Date.now();
      await app.reseau.stop();
      const response = await inFlight;
      assert.equal(response.status, 200);
      assert.ok((await answeredAt) > stopRequestedAt, 'the turn was still running when the stop began');
      const delivered = await app.connector.waitFor((call) => call.conversationId === conversation.id, 0);
      assert.match(JSON.stringify(delivered.body), /Aide — Réseau/);
      await assert.rejects(fetch(`${app.url}/healthz`));
      await assert.rejects(app.reseau.store.ping());
    } finally {
      await app.stop();
    }
  });
});
