import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { currentTurnScope, runInTurnScope } from '../../../src/turn-scope/turn-scope';

/** A load that counts how often it ran. */
function counted<T>(value: T): { load: () => Promise<T>; readonly runs: number } {
  let runs = 0;
  return {
    load: async () => {
      runs += 1;
      await delay(1);
      return value;
    },
    get runs() {
      return runs;
    },
  };
}

const memo = <T>(owner: object, key: string, load: () => Promise<T>): Promise<T> => {
  const scope = currentTurnScope();
  return scope ? scope.memo(owner, key, load) : load();
};

describe('turn scope', () => {
  const owner = {};

  it('loads a key once per scope, concurrent callers and later awaits included', async () => {
    const read = counted('member');
    await runInTurnScope(async () => {
      const [a, b] = await Promise.all([memo(owner, 'k', read.load), memo(owner, 'k', read.load)]);
      assert.equal(a, 'member');
      assert.equal(b, 'member');
      await delay(2);
      assert.equal(await memo(owner, 'k', read.load), 'member');
    });
    assert.equal(read.runs, 1);
  });

  it('shares nothing between scopes, including two turns running at the same time, nor outside any scope', async () => {
    const read = counted(1);
    await Promise.all([runInTurnScope(() => memo(owner, 'k', read.load)), runInTurnScope(() => memo(owner, 'k', read.load))]);
    assert.equal(read.runs, 2);
    await runInTurnScope(() => memo(owner, 'k', read.load));
    assert.equal(read.runs, 3);
    assert.equal(currentTurnScope(), undefined);
    await memo(owner, 'k', read.load);
    await memo(owner, 'k', read.load);
    assert.equal(read.runs, 5, 'without a scope every call reads');
  });

  it('keeps owners apart: two services in one process never see each other’s values', async () => {
    await runInTurnScope(async () => {
      assert.equal(await memo({}, 'k', async () => 'a'), 'a');
      assert.equal(await memo({}, 'k', async () => 'b'), 'b');
    });
  });

  it('stops memoising when the turn ends: work the turn left running reads again', async () => {
    const read = counted('x');
    let later: Promise<unknown> | undefined;
    await runInTurnScope(async () => {
      await memo(owner, 'k', read.load);
      // A background refresh started in the turn, running after it answered.
      later = delay(5).then(async () => {
        assert.equal(currentTurnScope(), undefined);
        await memo(owner, 'k', read.load);
      });
    });
    await later;
    assert.equal(read.runs, 2);
  });

  it('replaces a value after a write and forgets one whose outcome is unknown', async () => {
    await runInTurnScope(async () => {
      const scope = currentTurnScope();
      assert.ok(scope);
      assert.equal(await memo(owner, 'member\u0000gn\u0000a', async () => 'pending'), 'pending');
      scope.remember(owner, 'member\u0000gn\u0000a', 'confirmed');
      assert.equal(await memo(owner, 'member\u0000gn\u0000a', async () => 'store'), 'confirmed');
      scope.forget(owner, 'member\u0000gn\u0000a');
      assert.equal(await memo(owner, 'member\u0000gn\u0000a', async () => 'store'), 'store');
      await memo(owner, 'person\u0000gn\u0000a', async () => 'p');
      await memo(owner, 'person\u0000gn\u0000b', async () => 'p');
      scope.forget(owner, (key) => key.startsWith('person\u0000gn\u0000'));
      assert.equal(await memo(owner, 'person\u0000gn\u0000a', async () => 'again'), 'again');
      assert.equal(await memo(owner, 'member\u0000gn\u0000a', async () => 'not read'), 'store', 'other keys are kept');
    });
  });

  it('does not remember a failed load: the next caller in the turn tries again', async () => {
    await runInTurnScope(async () => {
      await assert.rejects(memo(owner, 'k', async () => Promise.reject(new Error('store down'))), /store down/);
      assert.equal(await memo(owner, 'k', async () => 'back'), 'back');
    });
  });

  it('returns what the turn returns and propagates its error', async () => {
    assert.equal(await runInTurnScope(async () => 42), 42);
    await assert.rejects(
      runInTurnScope(async () => {
        throw new Error('turn failed');
      }),
      /turn failed/,
    );
  });
});
