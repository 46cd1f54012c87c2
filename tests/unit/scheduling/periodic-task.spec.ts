import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger';
import { PeriodicTask } from '../../../src/scheduling/periodic-task';

function capturedLogger() {
  const lines: { level: number; msg: string; networkId?: string }[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  return { logger, lines };
}

describe('periodic task', () => {
  it('runs every network once per pass; a failing network is logged and the others still run', async () => {
    const { logger, lines } = capturedLogger();
    const seen: string[] = [];
    const task = new PeriodicTask({
      name: 'reminders tick',
      intervalMs: 60_000,
      networkIds: ['gn', 'sn', 'ml'],
      logger,
      run: async (networkId) => {
        seen.push(networkId);
        if (networkId === 'sn') throw new Error('store unavailable');
        return networkId === 'ml' ? { reminded: 2 } : undefined;
      },
    });
    await task.tickNow();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, ['gn', 'sn', 'ml']);
    assert.deepEqual(
      lines.map((line) => [line.msg, line.networkId]),
      [
        ['reminders tick failed', 'sn'],
        ['reminders tick', 'ml'],
      ],
    );
  });

  it('never overlaps two passes, and stop() waits for the pass in progress', async () => {
    let release: () => void = () => undefined;
    let passes = 0;
    let finished = false;
    const task = new PeriodicTask({
      name: 'slow tick',
      intervalMs: 60_000,
      networkIds: ['gn'],
      logger: capturedLogger().logger,
      run: async () => {
        passes += 1;
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
        return undefined;
      },
    });
    task.start();
    const joined = task.tickNow();
    assert.equal(passes, 1, 'a tick during a pass joins it');
    const stopped = task.stop().then(() => finished);
    release();
    await joined;
    assert.equal(await stopped, true);
  });
});
