import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PollAnswerDocument, PollDocument, PollKind } from '../../../src/decisions/model';
import { POLL_ANSWER_REQUEST_MEMORY, answerAlreadyRecorded, nonResponders, pollOptions, pollResults, rememberRequest, validateAnswer } from '../../../src/decisions/poll-rules';
import { dueReminder, nextDue } from '../../../src/scheduling/reminders';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const DEADLINE = '2026-12-04T17:00:00.000Z';
const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5'];
const AGENCY: Record<string, string> = { p1: 'IOM', p2: 'IOM', p3: 'WFP', p4: 'UNHCR', p5: 'WHO' };

const poll = (kind: PollKind, anonymous = false): Pick<PollDocument, 'kind' | 'options' | 'anonymous' | 'status' | 'deadline'> => ({
  kind,
  options: pollOptions(['A', 'B', 'C']),
  anonymous,
  status: 'open',
  deadline: DEADLINE,
});

const answerDoc = (person: string, choices: string[], minute: number): PollAnswerDocument => ({
  id: `poll-answer:p:${person}`,
  networkId: 'gn',
  type: 'pollAnswer',
  pollId: 'p',
  aadObjectId: person,
  name: person.toUpperCase(),
  agencyCode: AGENCY[person] ?? 'X',
  choices,
  answeredAt: new Date(NOW.getTime() + minute * 60_000).toISOString(),
  revision: 1,
});

const votes = fc.array(fc.record({ person: fc.constantFrom(...PEOPLE), choices: fc.subarray(['o1', 'o2', 'o3'], { minLength: 1 }), minute: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 40 });

describe('polls: answers and tallies (property-based)', () => {
  it('counts each person once, with their latest answer, whatever the number and order of answers', () => {
    fc.assert(
      fc.property(votes, (list) => {
        const results = pollResults(poll('multiple'), list.map((vote) => answerDoc(vote.person, vote.choices, vote.minute)));
        const latest = new Map<string, { choices: string[]; minute: number }>();
        for (const vote of list) {
          const previous = latest.get(vote.person);
          if (!previous || vote.minute >= previous.minute) latest.set(vote.person, vote);
        }
        assert.equal(results.respondents, latest.size);
        for (const option of results.options) {
          assert.equal(option.count, [...latest.values()].filter((vote) => vote.choices.includes(option.option.id)).length);
          assert.equal(Object.values(option.byAgency).reduce((a, b) => a + b, 0), option.count, 'per agency adds up');
        }
        assert.equal(Object.values(results.agencies).reduce((a, b) => a + b, 0), latest.size);
      }),
    );
  });

  it('never names anyone in an anonymous poll', () => {
    fc.assert(
      fc.property(votes, (list) => {
        const results = pollResults(poll('multiple', true), list.map((vote) => answerDoc(vote.person, vote.choices, vote.minute)));
        assert.ok(results.options.every((option) => option.names.length === 0));
      }),
    );
  });

  it('refuses a second choice in a single-choice poll, an unknown option, an empty answer and any answer after the deadline', () => {
    assert.deepEqual(validateAnswer(poll('single'), { choices: ['o1', 'o2'] }, NOW), { ok: false, refusal: 'tooManyChoices' });
    assert.deepEqual(validateAnswer(poll('single'), { choices: ['o9'] }, NOW), { ok: false, refusal: 'invalidOption' });
    assert.deepEqual(validateAnswer(poll('single'), { choices: [] }, NOW), { ok: false, refusal: 'noChoice' });
    assert.deepEqual(validateAnswer(poll('single'), { choices: ['o1'] }, new Date(DEADLINE)), { ok: false, refusal: 'closed' });
    assert.deepEqual(validateAnswer(poll('timeSlots'), { choices: [], slots: { o1: 'maybe' } }, NOW), { ok: false, refusal: 'invalidOption' });
    const slots = validateAnswer(poll('timeSlots'), { choices: [], slots: { o1: 'yes', o2: 'ifNeedBe', o3: 'no' } }, NOW);
    assert.deepEqual(slots, { ok: true, answer: { choices: ['o1', 'o2'], slots: { o1: 'yes', o2: 'ifNeedBe', o3: 'no' } } });
  });

  it('counts time slots as yes / if need be / no per slot', () => {
    const answers = [
      { ...answerDoc('p1', [], 0), slots: { o1: 'yes', o2: 'no' } as const },
      { ...answerDoc('p3', [], 1), slots: { o1: 'ifNeedBe', o2: 'yes' } as const },
    ];
    const [first, second] = pollResults(poll('timeSlots'), answers).options;
    assert.deepEqual([first?.count, first?.ifNeedBe, first?.no], [1, 1, 0]);
    assert.deepEqual([second?.count, second?.ifNeedBe, second?.no], [1, 0, 1]);
  });

  it('reminds only people who have not answered', () => {
    fc.assert(
      fc.property(fc.subarray(PEOPLE), (answered) => {
        const audience = PEOPLE.map((aadObjectId) => ({ aadObjectId }));
        const waiting = nonResponders(audience, answered.map((aadObjectId) => ({ aadObjectId })));
        assert.deepEqual(waiting.map((person) => person.aadObjectId).sort(), PEOPLE.filter((person) => !answered.includes(person)).sort());
      }),
    );
  });

  it('sends each reminder offset at most once, never after the deadline, and schedules the next due time', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 5 }), fc.integer({ min: 0, max: 6000 }), (offsets, minutesBefore) => {
        const now = new Date(Date.parse(DEADLINE) - minutesBefore * 60_000);
        const due = dueReminder(DEADLINE, offsets, [], now);
        if (due !== undefined) {
          assert.ok(offsets.includes(due));
          assert.ok(Date.parse(DEADLINE) - due * 60_000 <= now.getTime());
          assert.equal(dueReminder(DEADLINE, offsets, offsets, now), undefined, 'nothing once all sent');
        }
        if (minutesBefore === 0) assert.equal(due, undefined);
        assert.ok(Date.parse(nextDue(DEADLINE, offsets, [])) <= Date.parse(DEADLINE));
      }),
    );
  });
});

describe('poll answers remember the invokes they recorded', () => {
  it('recognises a redelivered invoke, and an older one after the voter changed their answer', () => {
    let ids = rememberRequest(undefined, 'invoke-1');
    ids = rememberRequest(ids, 'invoke-2');
    assert.equal(answerAlreadyRecorded({ requestIds: ids }, 'invoke-2'), true, 'the same invoke again');
    assert.equal(answerAlreadyRecorded({ requestIds: ids }, 'invoke-1'), true, 'an older invoke replayed after a change');
    assert.equal(answerAlreadyRecorded({ requestIds: ids }, 'invoke-3'), false, 'a new click');
  });

  it('records every answer when Teams gives no activity id, and remembers a bounded number of ids', () => {
    assert.equal(answerAlreadyRecorded({ requestIds: ['x'] }, undefined), false);
    assert.equal(answerAlreadyRecorded(undefined, 'x'), false);
    assert.equal(rememberRequest(['a'], undefined)?.length, 1);
    let ids: readonly string[] | undefined;
    for (let i = 0; i < POLL_ANSWER_REQUEST_MEMORY + 5; i += 1) ids = rememberRequest(ids, `invoke-${i}`);
    assert.equal(ids?.length, POLL_ANSWER_REQUEST_MEMORY, 'the answer document stays small');
    assert.equal(ids?.[0], 'invoke-5', 'the oldest ids are dropped first');
  });
});
