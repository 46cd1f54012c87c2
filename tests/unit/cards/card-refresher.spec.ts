/**
 * The background card refresher: a refresh starts one window after the first change (the
 * changes of a burst folded into it), changes arriving while it runs are folded into one more
 * (after the window), refreshNow joins or follows, and
 * stop leaves refreshes not started to the scheduler. And the rules of the stale mark.
 */
import assert from 'node:assert/strict';
import { CardRefresher } from '../../../src/cards/card-refresher';
import { CARDS_STALE_GRACE_MS, decisionDueAt, markCardsFresh, markCardsStale, withDue } from '../../../src/decisions/decision-rules';
import type { DecisionDocument } from '../../../src/decisions/model';
import { createLogger } from '../../../src/logger';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Until `runs` holds `count` refreshes (started). */
async function started(runs: readonly unknown[], count: number): Promise<void> {
  while (runs.length < count) await sleep(2);
}

function recording(windowMs = 30, maxWaitMs?: number) {
  const runs: string[] = [];
  const waiting: (() => void)[] = [];
  let hold = false;
  const refresher = new CardRefresher({
    windowMs,
    ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
    logger: createLogger('silent'),
    refresh: async (networkId, decisionId) => {
      runs.push(`${networkId}/${decisionId}`);
      if (hold) await new Promise<void>((resolve) => waiting.push(resolve));
    },
  });
  return {
    refresher,
    runs,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

describe('cards: the background card refresher (shared by decisions and statements)', () => {
  it('starts one window after the first change, not inside the turn, with the burst folded into it', async () => {
    const { refresher, runs } = recording(40);
    const first = Date.now();
    refresher.schedule('gn', 'd1');
    await tick();
    assert.deepEqual(runs, [], 'nothing runs right after the turn');
    for (let i = 0; i < 17; i += 1) refresher.schedule('gn', 'd1');
    await started(runs, 1);
    assert.ok(Date.now() - first >= 35, `the refresh started ${Date.now() - first} ms after the first change`);
    await refresher.idle();
    assert.deepEqual(runs, ['gn/d1'], '18 changes before it started, one refresh');
  });

  it('waits until the burst is over: the refresh starts one window after the last change, not among the burst’s turns', async () => {
    const { refresher, runs } = recording(40, 1_000);
    refresher.schedule('gn', 'd1');
    // A burst stretched over 120 ms (a loaded machine), a change every 15 ms.
    for (let i = 0; i < 8; i += 1) {
      await sleep(15);
      refresher.schedule('gn', 'd1');
      assert.deepEqual(runs, [], `no refresh while the burst goes on (change ${i + 2})`);
    }
    const last = Date.now();
    await started(runs, 1);
    assert.ok(Date.now() - last >= 35, `the refresh started ${Date.now() - last} ms after the last change`);
    await refresher.idle();
    assert.deepEqual(runs, ['gn/d1'], 'one refresh for the whole burst');
  });

  it('a steady stream of changes still refreshes the other copies every maxWait', async () => {
    const { refresher, runs } = recording(40, 100);
    const first = Date.now();
    let firstRefreshAfter: number | undefined;
    while (Date.now() - first < 260) {
      refresher.schedule('gn', 'd1');
      if (runs.length > 0) firstRefreshAfter ??= Date.now() - first;
      await sleep(10);
    }
    assert.ok(firstRefreshAfter !== undefined && firstRefreshAfter <= 150, `first refresh after ${firstRefreshAfter} ms of a never-quiet stream (max wait 100 ms)`);
    assert.ok(runs.length >= 2, `${runs.length} refreshes in 260 ms of changes`);
    await refresher.idle();
  });

  it('folds the changes made while a refresh runs into one more refresh; other decisions run apart', async () => {
    const { refresher, runs, holdNext, release } = recording();
    holdNext();
    refresher.schedule('gn', 'd1');
    await started(runs, 1);
    for (let i = 0; i < 17; i += 1) refresher.schedule('gn', 'd1');
    refresher.schedule('gn', 'd2');
    await started(runs, 2);
    release();
    await refresher.idle();
    assert.deepEqual(runs.filter((run) => run === 'gn/d1'), ['gn/d1', 'gn/d1'], '18 changes, two refreshes');
    assert.deepEqual(runs.filter((run) => run === 'gn/d2'), ['gn/d2']);
    assert.equal(refresher.pending, 0);
  });

  it('waits for the window before the follow-up refresh', async () => {
    const { refresher, runs, holdNext, release } = recording(80);
    holdNext();
    refresher.schedule('gn', 'd1');
    await started(runs, 1);
    const first = Date.now();
    refresher.schedule('gn', 'd1');
    release();
    await started(runs, 2);
    assert.ok(Date.now() - first >= 75, `the second refresh started ${Date.now() - first} ms after the first`);
    await refresher.idle();
  });

  it('refreshNow takes over a waiting refresh and follows a running one', async () => {
    const { refresher, runs, holdNext, release } = recording();
    refresher.schedule('gn', 'd1');
    await refresher.refreshNow('gn', 'd1');
    assert.deepEqual(runs, ['gn/d1'], 'the waiting one was replaced, not run twice');
    holdNext();
    refresher.schedule('gn', 'd1');
    await started(runs, 2);
    const now = refresher.refreshNow('gn', 'd1');
    await tick();
    assert.deepEqual(runs, ['gn/d1', 'gn/d1']);
    release();
    await now;
    assert.deepEqual(runs, ['gn/d1', 'gn/d1', 'gn/d1'], 'a refresh that started after the call');
    await refresher.idle();
  });

  it('stop: running refreshes finish, waiting ones are dropped (left to the scheduler), nothing new starts', async () => {
    const { refresher, runs, holdNext, release } = recording();
    holdNext();
    refresher.schedule('gn', 'd1');
    await started(runs, 1);
    refresher.schedule('gn', 'd2');
    const stopped = refresher.stop();
    release();
    assert.equal(await stopped, 1);
    refresher.schedule('gn', 'd3');
    await sleep(40);
    assert.deepEqual(runs, ['gn/d1']);
    assert.equal(refresher.pending, 0);
  });

  it('a failed refresh is logged and forgotten; the next change refreshes again', async () => {
    let fail = true;
    const runs: number[] = [];
    const refresher = new CardRefresher({
      logger: createLogger('silent'),
      refresh: async () => {
        runs.push(runs.length);
        if (fail) throw new Error('store down');
      },
    });
    refresher.schedule('gn', 'd1');
    await refresher.idle();
    fail = false;
    refresher.schedule('gn', 'd1');
    await refresher.idle();
    assert.deepEqual(runs, [0, 1]);
  });
});

describe('decisions: the stale-cards mark', () => {
  const decision = withDue({
    id: 'decision:d1',
    networkId: 'gn',
    type: 'decision',
    decisionId: 'd1',
    title: 'Plan',
    text: { fr: 'Texte.' },
    mode: 'consensus',
    phase: 'excom',
    deadline: '2026-03-09T17:00:00.000Z',
    reminderOffsetsMinutes: [24 * 60],
    remindersSent: [],
    excomAgencies: ['IOM', 'UNDP'],
    record: { history: [] },
    createdBy: { aadObjectId: 'rc', name: 'RC' },
    createdAt: '2026-03-02T09:00:00.000Z',
    extensions: [],
  } as DecisionDocument);

  it('makes the decision due for the scheduler once the grace has passed, and keeps the first instant', () => {
    const now = new Date('2026-03-02T10:00:00.000Z');
    const stale = markCardsStale(decision, now);
    assert.equal(stale.cardsStaleSince, now.toISOString());
    assert.equal(Date.parse(stale.dueAt ?? ''), now.getTime() + CARDS_STALE_GRACE_MS);
    const later = markCardsStale(stale, new Date(now.getTime() + 1000));
    assert.equal(later.cardsStaleSince, now.toISOString(), 'the first unrefreshed change counts');
    const fresh = markCardsFresh(later);
    assert.equal(fresh.cardsStaleSince, undefined);
    assert.equal(fresh.dueAt, decision.dueAt, 'back to the reminder or deadline');
    assert.equal(decisionDueAt(fresh), decision.dueAt);
  });

  it('never postpones what is due sooner', () => {
    const now = new Date('2026-03-09T16:59:59.000Z');
    const stale = markCardsStale({ ...decision, remindersSent: [24 * 60] }, now);
    assert.equal(stale.dueAt, decisionDueAt({ ...decision, remindersSent: [24 * 60] }), 'the deadline comes first');
  });
});
