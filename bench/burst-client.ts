/**
 * The burst client of bench:actions in a process of its own (BENCH_BURST_CLIENT=separate): Teams
 * is not in our process, so with this client the server's event loop runs only the server, and
 * the bench's CPU (process.cpuUsage of the bench process) is the server's alone. The client
 * posts a burst's activities at once over keep-alive sockets, as the in-process client does,
 * and times each from its send to its parsed answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';

// Plain JavaScript run with `node -e`: no loader between the client and its sockets.
const CLIENT_SOURCE = `
const post = async (url, body) => {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, signal: AbortSignal.timeout(60000) });
  return { status: response.status, text: await response.text() };
};
process.on('message', async ({ id, url, bodies }) => {
  const answers = await Promise.all(bodies.map(async (body) => {
    const sent = process.hrtime.bigint();
    let answer;
    try {
      answer = await post(url, body);
    } catch (error) {
      // A keep-alive socket the server closed while idle: once more on a fresh one.
      if (error?.cause?.code !== 'ECONNRESET') return { ms: 0, status: 0, type: undefined, head: String(error) };
      answer = await post(url, body);
    }
    let type;
    try { type = JSON.parse(answer.text).type; } catch { type = undefined; }
    return { ms: Number(process.hrtime.bigint() - sent) / 1e6, status: answer.status, type, head: answer.text.slice(0, 400) };
  }));
  process.send({ id, answers });
});
`;

export interface BurstAnswer {
  readonly ms: number;
  readonly status: number;
  readonly type: string | undefined;
  readonly head: string;
}

export interface BurstClient {
  /** Posts every body at once to `${baseUrl}/api/messages`; the answers in the same order. */
  burst(baseUrl: string, bodies: readonly string[]): Promise<BurstAnswer[]>;
  close(): void;
}

export function startBurstClient(): BurstClient {
  const child: ChildProcess = spawn(process.execPath, ['-e', CLIENT_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (answers: BurstAnswer[]) => void>();
  let next = 0;
  child.on('message', (message: { id: number; answers: BurstAnswer[] }) => {
    waiting.get(message.id)?.(message.answers);
    waiting.delete(message.id);
  });
  return {
    burst(baseUrl, bodies) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.send({ id, url: `${baseUrl.replace(/\/+$/, '')}/api/messages`, bodies });
      });
    },
    close() {
      child.disconnect();
      child.kill();
    },
  };
}
