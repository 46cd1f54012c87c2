import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger';
import { PeriodicTask } from '../../../src/scheduling/periodic-task';
import { StoreError } from '../../../src/store/errors';

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

describe('periodic task while the store is unavailable', () => {
  it('skips its pass while the store is gone, and runs the missed pass as soon as it answers, not at the next interval', async () => {
    const { logger, lines } = capturedLogger();
    let storeUp = false;
    const passes: string[] = [];
    const task = new PeriodicTask({
      name: 'reminders tick',
      intervalMs: 3_600_000,
      networkIds: ['gn'],
      logger,
      run: async (networkId) => {
        passes.push(networkId);
        return undefined;
      },
    }).pauseWhileUnavailable({ available: async () => storeUp, retryMs: 20 });
    task.start();
    await new Promise((resolve) => setTimeout(resolve, 70));
    assert.deepEqual(passes, [], 'no pass while the store is gone');
    assert.equal(task.isPaused, true);
    storeUp = true;
    await new Promise((resolve) => setTimeout(resolve, 60));
    await task.stop();
    assert.deepEqual(passes, ['gn'], 'the missed pass ran once the store answered, an hour before the next tick');
    assert.equal(task.isPaused, false);
    assert.ok(lines.some((line) => line.msg === 'reminders tick resumed: the store answers again'));
  });

  it('a pass cut short by an outage is a pause (a warning), not a failure, and is run again when the store is back', async () => {
    const { logger, lines } = capturedLogger();
    let storeUp = true;
    let failNext = true;
    let completed = 0;
    const task = new PeriodicTask({
      name: 'digest tick',
      intervalMs: 3_600_000,
      networkIds: ['gn'],
      logger,
      run: async () => {
        if (failNext) {
          failNext = false;
          storeUp = false;
          throw new StoreError('unavailable', 'connection refused');
        }
        completed += 1;
        return undefined;
      },
    }).pauseWhileUnavailable({ available: async () => storeUp, retryMs: 20 });
    task.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(completed, 0);
    storeUp = true;
    await new Promise((resolve) => setTimeout(resolve, 60));
    await task.stop();
    assert.equal(completed, 1);
    assert.ok(lines.some((line) => line.msg === 'digest tick paused: the store is unavailable' && line.level === 40));
    assert.ok(!lines.some((line) => line.msg === 'digest tick failed'));
  });
});
