/**
 * Starts tests/faults/support/reseau-process.ts as a child process and watches it: its address
 * and instance id once it listens, its log lines, and how and when it ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ENTRY = path.join(__dirname, 'reseau-process.ts');

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Date.now() when it ended. */
  readonly at: number;
}

export interface ChildReseau {
  readonly url: string;
  readonly instanceId: string;
  /** Its log lines (pino JSON) so far. */
  readonly logs: readonly { readonly msg?: string; readonly level?: number; readonly [key: string]: unknown }[];
  readonly exited: Promise<ChildExit>;
  kill(signal: NodeJS.Signals): void;
}

export async function startChildReseau(env: NodeJS.ProcessEnv, startTimeoutMs = 30_000): Promise<ChildReseau> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', ENTRY], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const ready = await new Promise<{ ready: string; instanceId: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Réseau process did not start within ${startTimeoutMs} ms: ${stderr}`)), startTimeoutMs);
    void exited.then((exit) => reject(new Error(`the Réseau process ended before listening (${exit.code ?? exit.signal}): ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(parsed);
      if (typeof parsed.ready === 'string') {
        clearTimeout(timer);
        resolve(parsed as { ready: string; instanceId: string });
      }
    });
  });
  return {
    url: ready.ready,
    instanceId: ready.instanceId,
    logs,
    exited,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}
