/**
 * Issue 13: a poll's tally kept in shards by deltas. Whatever order answers and changes of mind
 * arrive in, the shards kept by deltas equal the shards counted from the final answers, and
 * their results equal the results counted from the answers (names apart, which shards never
 * hold); an anonymous poll's shards hold no agency at all.
 */
import assert from 'node:assert/strict';
import { anonymisedResults } from '../../../src/decisions/decision-views';
import type { PollAnswerDocument, PollDocument, PollKind } from '../../../src/decisions/model';
import { POLL_TALLY_SHARDS } from '../../../src/decisions/model';
import { applyAnswerToTally, emptyTally, pollResults, pollTallyShard, resultsOfTallies, sameTally, tallyOfAnswers } from '../../../src/decisions/poll-rules';

const AGENCIES = ['IOM', 'UNHCR', 'WFP', 'UNICEF'];

function poll(kind: PollKind, anonymous: boolean): PollDocument {
  return {
    id: 'poll:p1',
    networkId: 'gn',
    type: 'poll',
    pollId: 'p1',
    question: 'Q ?',
    kind,
    options: [{ id: 'o1', label: 'A' }, { id: 'o2', label: 'B' }, { id: 'o3', label: 'C' }],
    anonymous,
    deadline: '2026-03-10T17:00:00Z',
    reminderOffsetsMinutes: [],
    remindersSent: [],
    delivery: 'personal',
    audienceSize: 0,
    tallyShards: POLL_TALLY_SHARDS,
    status: 'open',
    createdBy: { aadObjectId: 'rc', name: 'RC' },
    createdAt: '2026-03-02T08:00:00Z',
  };
}

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomAnswer(p: PollDocument, next: () => number): Pick<PollAnswerDocument, 'choices' | 'slots'> {
  const ids = p.options.map((option) => option.id);
  if (p.kind === 'timeSlots') {
    const slots = Object.fromEntries(ids.filter(() => next() < 0.8).map((id) => [id, (['yes', 'ifNeedBe', 'no'] as const)[Math.floor(next() * 3)]!]));
    return { choices: ids.filter((id) => slots[id] === 'yes' || slots[id] === 'ifNeedBe'), slots };
  }
  if (p.kind === 'single') return { choices: [ids[Math.floor(next() * ids.length)]!] };
  const chosen = ids.filter(() => next() < 0.5);
  return { choices: chosen.length > 0 ? chosen : ['o1'] };
}

describe('poll tallies kept in shards', () => {
  it('a voter always counts in the same shard, one of POLL_TALLY_SHARDS, whatever the case of their object id', () => {
    const ids = Array.from({ length: 400 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);
    const shards = ids.map((id) => pollTallyShard(id));
    assert.ok(shards.every((shard) => Number.isInteger(shard) && shard >= 0 && shard < POLL_TALLY_SHARDS));
    assert.deepEqual(ids.map((id) => pollTallyShard(id.toUpperCase())), shards);
    // Spread enough that a burst does not pile on one shard.
    for (let shard = 0; shard < POLL_TALLY_SHARDS; shard += 1) assert.ok(shards.filter((entry) => entry === shard).length > 20, `shard ${shard}`);
  });

  for (const kind of ['single', 'multiple', 'timeSlots'] as const) {
    for (const anonymous of [false, true]) {
      it(`${kind}${anonymous ? ', anonymous' : ''}: deltas in any order (changes of mind, agency moves) end equal to the shards counted from the final answers`, () => {
        const p = poll(kind, anonymous);
        const next = random(kind.length * 7 + (anonymous ? 1 : 0));
        const latest = new Map<string, PollAnswerDocument>();
        const deltas: { previous?: PollAnswerDocument; answer: PollAnswerDocument }[] = [];
        for (let turn = 0; turn < 600; turn += 1) {
          const voter = `voter-${Math.floor(next() * 80)}`;
          const previous = latest.get(voter);
          const answer: PollAnswerDocument = {
            id: `poll-answer:p1:${voter}`,
            networkId: 'gn',
            type: 'pollAnswer',
            pollId: 'p1',
            aadObjectId: voter,
            name: `Personne ${voter}`,
            agencyCode: AGENCIES[Math.floor(next() * AGENCIES.length)]!,
            ...randomAnswer(p, next),
            answeredAt: new Date(Date.UTC(2026, 2, 2, 9, 0, turn)).toISOString(),
            revision: (previous?.revision ?? 0) + 1,
          };
          latest.set(voter, answer);
          deltas.push({ ...(previous ? { previous } : {}), answer });
        }
        // Concurrent turns land their shard writes in any order (ETag retries re-apply on the latest).
        for (let index = deltas.length - 1; index > 0; index -= 1) {
          const other = Math.floor(next() * (index + 1));
          [deltas[index], deltas[other]] = [deltas[other]!, deltas[index]!];
        }
        let tallies = Array.from({ length: POLL_TALLY_SHARDS }, (_, shard) => emptyTally(p, shard));
        for (const { previous, answer } of deltas) {
          const shard = pollTallyShard(answer.aadObjectId);
          tallies = tallies.map((tally) => (tally.shard === shard ? applyAnswerToTally(p, tally, previous, answer) : tally));
        }
        const answers = [...latest.values()];
        for (const tally of tallies) assert.ok(sameTally(tally, tallyOfAnswers(p, tally.shard, answers)), `shard ${tally.shard}`);
        assert.equal(
          tallies.reduce((sum, tally) => sum + tally.revisions, 0),
          answers.reduce((sum, answer) => sum + answer.revision, 0),
          'the shards keep the sum of their answers’ revisions',
        );
        // Shards of an anonymous poll never hold agencies: compare with what every card shows of it.
        const fromAnswers = anonymisedResults(p, pollResults(p, answers));
        const fromShards = resultsOfTallies(p, tallies);
        assert.deepEqual(fromShards, { ...fromAnswers, options: fromAnswers.options.map((option) => ({ ...option, names: [] })) });
        if (anonymous) {
          const stored = JSON.stringify(tallies);
          assert.ok(!stored.includes('byAgency') && !stored.includes('agencies') && AGENCIES.every((agency) => !stored.includes(agency)), stored);
        }
      });
    }
  }

  it('a shard that missed a delta (an answer written, the process gone before its shard) disagrees with its answers: revisions and counts', () => {
    const p = poll('single', false);
    const first: PollAnswerDocument = { id: 'a', networkId: 'gn', type: 'pollAnswer', pollId: 'p1', aadObjectId: 'v1', name: 'V', agencyCode: 'IOM', choices: ['o1'], answeredAt: '2026-03-02T09:00:00Z', revision: 1 };
    const shard = pollTallyShard('v1');
    const counted = applyAnswerToTally(p, emptyTally(p, shard), undefined, first);
    const changed = { ...first, choices: ['o2'], revision: 2 };
    assert.ok(!sameTally(counted, tallyOfAnswers(p, shard, [changed])));
    assert.ok(sameTally(applyAnswerToTally(p, counted, first, changed), tallyOfAnswers(p, shard, [changed])));
  });

  it('a count a late delta has not caught up with never shows below zero', () => {
    const p = poll('single', false);
    const answer: PollAnswerDocument = { id: 'a', networkId: 'gn', type: 'pollAnswer', pollId: 'p1', aadObjectId: 'v1', name: 'V', agencyCode: 'IOM', choices: ['o1'], answeredAt: '2026-03-02T09:00:00Z', revision: 2 };
    // The change o1 → o2 landed before the first answer's delta.
    const early = applyAnswerToTally(p, emptyTally(p, 0), { ...answer, revision: 1 }, { ...answer, choices: ['o2'] });
    const results = resultsOfTallies(p, [early]);
    assert.deepEqual(results.options.map((option) => option.count), [0, 1, 0]);
    assert.equal(results.respondents, 0);
  });
});
