/**
 * Microsoft's Agents Playground (@microsoft/m365agentsplayground, the package `npm run
 * playground` starts) as a test client: its own server and mock Teams connector in a child
 * process, pointed at the app under test, driven through its real web UI in Chromium. Nothing of
 * it is ours: what it renders is what a member would see in the Playground.
 *
 * The Playground reads its mock Teams context (tenant, current user, chats, team) from
 * `.m365agentsplayground.yml` in its working directory. `playgroundAs` writes the project's file
 * with another person as the current user (each with a personal chat of their own), so a test
 * can be the co-chair in one Playground and an ExCom representative in another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
export const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
const CLI = path.join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');

export interface RunningPlayground {
  readonly url: string;
  /** What the Playground printed (its log, for a failure message). */
  readonly output: string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The project's Playground config with the person whose aadObjectId is `aadObjectId` as the
 * current user (the former current user joins the others) and a personal chat of their own.
 */
export async function playgroundAs(aadObjectId: string): Promise<string> {
  const yaml = await readFile(PLAYGROUND_CONFIG, 'utf8');
  const header = yaml.slice(0, yaml.indexOf('currentUser:'));
  const rest = yaml.slice(yaml.indexOf('personalChat:'));
  const blocks = yaml
    .slice(yaml.indexOf('currentUser:'), yaml.indexOf('personalChat:'))
    .split(/\n(?=currentUser:|users:|\s+- id:)/)
    .filter((block) => /aadObjectId:/.test(block))
    .map((block) =>
      block
        .replace(/^currentUser:\n/, '')
        .replace(/^\s+- id:/, '  id:')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
    );
  const current = blocks.find((lines) => lines.some((line) => line === `aadObjectId: ${aadObjectId}`));
  if (!current) throw new Error(`${aadObjectId} is not a person of ${PLAYGROUND_CONFIG}`);
  const others = blocks.filter((lines) => lines !== current);
  const indent = (lines: readonly string[], first: string, next: string) => lines.map((line, index) => `${index === 0 ? first : next}${line}`).join('\n');
  return [
    header.trimEnd(),
    'currentUser:',
    indent(current, '  ', '  '),
    'users:',
    ...others.map((lines) => indent(lines, '  - ', '    ')),
    rest.replace(/personalChat:\n\s+id: \S+/, `personalChat:\n  id: personal-chat-${aadObjectId.slice(-4)}`),
  ].join('\n');
}

/** Starts the Playground against `appEndpoint` (…/api/messages), with `config` (YAML) or the project's. */
export async function startPlayground(appEndpoint: string, config?: string): Promise<RunningPlayground> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'reseau-playground-'));
  await writeFile(path.join(cwd, '.m365agentsplayground.yml'), config ?? (await readFile(PLAYGROUND_CONFIG, 'utf8')));
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [CLI, 'start', '-e', appEndpoint, '-c', 'msteams', '-p', String(port), '--dt'], {
    cwd,
    env: { ...process.env, BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (/Listening on/.test(chunk.toString())) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the Agents Playground exited (${code}): ${output.join('')}`)));
    setTimeout(() => reject(new Error(`the Agents Playground did not start in 60 s: ${output.join('')}`)), 60_000).unref();
  });
  await listening;
  return {
    url: `http://127.0.0.1:${port}/`,
    output,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

/** The Playground's chat, as a person uses it: type, send, find the cards the bot answered. */
export class PlaygroundChat {
  constructor(readonly page: Page) {}

  private get composer(): Locator {
    return this.page.locator('[data-lexical-editor="true"]');
  }

  /** Waits for the chat (and the bot's welcome, which the Playground asks for on load). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.composer.waitFor({ timeout: 30_000 });
  }

  async say(text: string): Promise<void> {
    await this.composer.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** The last Adaptive Card in the chat that shows `text` (waits for it). */
  async card(text: string | RegExp, timeout = 20_000): Promise<Locator> {
    const card = this.page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
    await card.waitFor({ timeout });
    return card;
  }

  /** The last message (card or text) of the bot that shows `text`. */
  async reply(text: string | RegExp, timeout = 20_000): Promise<Locator> {
    const message = this.page.getByText(text).last();
    await message.waitFor({ timeout });
    return message;
  }
}
