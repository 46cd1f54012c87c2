import assert from 'node:assert/strict';
import fc from 'fast-check';
import { castVoice, currentVoices, tally, type CastInput, type VoiceRecord } from '../../../src/agency-voices/voice-rules';
import { COMMENT_REQUIRED_FOR, POSITIONS, outcome, type DecisionMode, type Position } from '../../../src/decisions/consensus-rules';

const EXCOM = new Set(['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC']);
const OTHERS = ['WFP', 'FAO', 'WHO', 'RCO'];
const RULES = { answeringAgencies: EXCOM, commentRequiredFor: COMMENT_REQUIRED_FOR };
const DEADLINE = '2026-12-15T17:00:00.000Z';
const BEFORE = new Date('2026-12-10T09:00:00.000Z');
const AT_DEADLINE = new Date(DEADLINE);

interface Attempt {
  readonly agencyCode: string;
  readonly position: Position;
  readonly minute: number;
  readonly eligible: boolean;
}

const attempt = (agencies: readonly string[], eligible: fc.Arbitrary<boolean>) =>
  fc.record({
    agencyCode: fc.constantFrom(...agencies),
    position: fc.constantFrom(...POSITIONS),
    minute: fc.integer({ min: 0, max: 10_000 }),
    eligible,
  });
const excomVotes = fc.array(attempt([...EXCOM], fc.constant(true)), { maxLength: 40 });
const noise = fc.array(
  fc.oneof(attempt(OTHERS, fc.boolean()), attempt([...EXCOM], fc.constant(false))),
  { maxLength: 15 },
);
const modes = fc.constantFrom<DecisionMode>('consensus', 'silenceProcedure');

function toInput(vote: Attempt): CastInput<Position> {
  return {
    agencyCode: vote.agencyCode,
    position: vote.position,
    comment: 'motif',
    castBy: { aadObjectId: `${vote.agencyCode}-rep`, name: `${vote.agencyCode} rep` },
    castAt: new Date(Date.parse('2026-12-01T00:00:00.000Z') + vote.minute * 60_000).toISOString(),
    eligible: vote.eligible,
  };
}

function cast(votes: readonly Attempt[]): VoiceRecord<Position> {
  let record: VoiceRecord<Position> = { history: [] };
  for (const vote of votes) {
    const result = castVoice(record, toInput(vote), RULES);
    if (result.accepted) record = result.record;
  }
  return record;
}

/** The model: the latest vote of each ExCom agency, later in the list winning ties. */
function latestByAgency(votes: readonly Attempt[]): Map<string, Position> {
  const latest = new Map<string, Attempt>();
  for (const vote of votes) {
    if (!vote.eligible || !EXCOM.has(vote.agencyCode)) continue;
    const previous = latest.get(vote.agencyCode);
    if (!previous || vote.minute >= previous.minute) latest.set(vote.agencyCode, vote);
  }
  return new Map([...latest].map(([agency, vote]) => [agency, vote.position]));
}

function interleave<T>(a: readonly T[], b: readonly T[], seed: number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  let state = seed;
  while (i < a.length || j < b.length) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    if (j >= b.length || (i < a.length && state % 2 === 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

describe('decisions: one voice per agency and consensus (property-based)', () => {
  it('counts only the latest position of each ExCom agency, whatever the order and number of votes', () => {
    fc.assert(
      fc.property(excomVotes, (votes) => {
        const current = currentVoices(cast(votes), EXCOM);
        const positions = new Map([...current].map(([agency, voice]) => [agency, voice.position]));
        assert.deepEqual(positions, latestByAgency(votes));
      }),
    );
  });

  it('keeps every accepted position in the history', () => {
    fc.assert(
      fc.property(excomVotes, (votes) => {
        assert.equal(cast(votes).history.length, votes.length);
      }),
    );
  });

  it('counts a request delivered again (same id) once, wherever the redeliveries fall', () => {
    fc.assert(
      fc.property(excomVotes, fc.array(fc.nat(), { maxLength: 20 }), fc.integer(), (votes, picks, seed) => {
        const requests = votes.map((vote, index) => ({ ...toInput(vote), requestId: `f:${index}` }));
        const redeliveries = votes.length === 0 ? [] : picks.map((pick) => requests[pick % requests.length]!);
        const order = interleave(requests, redeliveries, seed);
        // The model: each request once, where it first arrived.
        const firsts = order.filter((request, index) => order.findIndex((other) => other.requestId === request.requestId) === index);
        let once: VoiceRecord<Position> = { history: [] };
        for (const request of firsts) once = (castVoice(once, request, RULES) as { record: VoiceRecord<Position> }).record;
        let twice: VoiceRecord<Position> = { history: [] };
        const seen = new Set<string>();
        for (const request of order) {
          if (!seen.has(request.requestId)) {
            seen.add(request.requestId);
            twice = (castVoice(twice, request, RULES) as { record: VoiceRecord<Position> }).record;
          } else {
            const again = castVoice(twice, request, RULES);
            assert.ok(again.accepted && again.duplicate);
            assert.equal(again.record, twice);
          }
        }
        assert.equal(twice.history.length, votes.length);
        assert.deepEqual(twice, once);
      }),
    );
  });

  it('never lets a non-ExCom agency or an ineligible person (pending, plain member) change an outcome', () => {
    fc.assert(
      fc.property(excomVotes, noise, fc.integer(), modes, fc.boolean(), (votes, extra, seed, mode, atDeadline) => {
        const now = atDeadline ? AT_DEADLINE : BEFORE;
        const clean = outcome({ mode, excomAgencies: EXCOM, current: currentVoices(cast(votes), EXCOM), deadline: DEADLINE }, now);
        const noisy = cast(interleave(votes, extra, seed));
        assert.deepEqual(outcome({ mode, excomAgencies: EXCOM, current: currentVoices(noisy, EXCOM), deadline: DEADLINE }, now), clean);
        assert.ok(noisy.history.every((voice) => EXCOM.has(voice.agencyCode)));
      }),
    );
  });

  it('adopts by consensus iff every ExCom agency answered and none objects', () => {
    fc.assert(
      fc.property(excomVotes, fc.boolean(), (votes, atDeadline) => {
        const latest = latestByAgency(votes);
        const expected = latest.size === EXCOM.size && ![...latest.values()].includes('object');
        const result = outcome(
          { mode: 'consensus', excomAgencies: EXCOM, current: currentVoices(cast(votes), EXCOM), deadline: DEADLINE },
          atDeadline ? AT_DEADLINE : BEFORE,
        );
        assert.equal(result.state === 'adopted', expected);
        if (atDeadline) assert.equal(result.state, expected ? 'adopted' : 'noConsensus');
      }),
    );
  });

  it('adopts under silence procedure at the deadline iff no agency objects', () => {
    fc.assert(
      fc.property(excomVotes, (votes) => {
        const objecting = [...latestByAgency(votes).values()].includes('object');
        const result = outcome({ mode: 'silenceProcedure', excomAgencies: EXCOM, current: currentVoices(cast(votes), EXCOM), deadline: DEADLINE }, AT_DEADLINE);
        assert.equal(result.state, objecting ? 'noConsensus' : 'adopted');
      }),
    );
  });

  it('keeps a decision open before the deadline unless everyone already agreed', () => {
    fc.assert(
      fc.property(excomVotes, modes, (votes, mode) => {
        const latest = latestByAgency(votes);
        const allAgreed = latest.size === EXCOM.size && ![...latest.values()].includes('object');
        const result = outcome({ mode, excomAgencies: EXCOM, current: currentVoices(cast(votes), EXCOM), deadline: DEADLINE }, BEFORE);
        assert.equal(result.state, allAgreed ? 'adopted' : 'open');
      }),
    );
  });

  it('tallies answered and pending agencies so reminders reach only those who have not answered', () => {
    fc.assert(
      fc.property(excomVotes, (votes) => {
        const result = tally(cast(votes), EXCOM, POSITIONS);
        const latest = latestByAgency(votes);
        assert.deepEqual(result.answered, [...latest.keys()].sort());
        assert.deepEqual(result.pending, [...EXCOM].filter((agency) => !latest.has(agency)).sort());
        const counted = POSITIONS.flatMap((position) => result.byPosition[position]);
        assert.equal(counted.length, latest.size);
      }),
    );
  });
});

describe('decisions: casting a position', () => {
  const base = { castBy: { aadObjectId: 'a', name: 'A' }, castAt: '2026-12-01T10:00:00.000Z', eligible: true };

  it('requires a reason to object and a text for a reservation, but not to agree or stand aside', () => {
    for (const position of ['object', 'agreeWithReservations'] as const) {
      const result = castVoice({ history: [] }, { ...base, agencyCode: 'IOM', position, comment: '   ' }, RULES);
      assert.deepEqual(result, { accepted: false, refusal: { code: 'commentRequired', position } });
    }
    for (const position of ['agree', 'standAside'] as const) {
      assert.equal(castVoice({ history: [] }, { ...base, agencyCode: 'IOM', position }, RULES).accepted, true);
    }
  });

  it('refuses people who may not speak for an agency, and agencies outside ExCom', () => {
    assert.deepEqual(castVoice({ history: [] }, { ...base, eligible: false, agencyCode: 'IOM', position: 'agree' }, RULES), {
      accepted: false,
      refusal: { code: 'notEligible' },
    });
    assert.deepEqual(castVoice({ history: [] }, { ...base, agencyCode: 'WFP', position: 'agree' }, RULES), {
      accepted: false,
      refusal: { code: 'notAnAnsweringAgency', agencyCode: 'WFP' },
    });
  });

  it('records a request delivered twice once (same request id, same person), whatever came in between; the id of someone else’s request does not stop a voice', () => {
    const first = castVoice({ history: [] }, { ...base, agencyCode: 'IOM', position: 'agree', requestId: 'f:1' }, RULES);
    assert.ok(first.accepted);
    const other = castVoice(first.record, { ...base, castBy: { aadObjectId: 'b', name: 'B' }, agencyCode: 'IOM', position: 'standAside', requestId: 'f:1' }, RULES);
    assert.ok(other.accepted && !other.duplicate, 'another person replaying the id is a voice of their own');
    const again = castVoice(other.record, { ...base, castAt: '2026-12-01T10:05:00.000Z', agencyCode: 'IOM', position: 'agree', requestId: 'f:1' }, RULES);
    assert.ok(again.accepted && again.duplicate);
    assert.equal(again.record, other.record, 'nothing added');
    assert.equal(again.voice, first.voice);
    assert.equal(currentVoices(again.record, EXCOM).get('IOM')?.castBy.aadObjectId, 'b', 'the redelivery does not make the first voice the latest');
    const noId = castVoice(again.record, { ...base, agencyCode: 'IOM', position: 'agree' }, RULES);
    assert.ok(noId.accepted && !noId.duplicate && noId.record.history.length === 3, 'without an id every request counts');
  });

  it('refuses an oversized comment and keeps template syntax in a comment as typed', () => {
    const long = castVoice({ history: [] }, { ...base, agencyCode: 'IOM', position: 'object', comment: 'x'.repeat(2001) }, RULES);
    assert.equal(long.accepted, false);
    const literal = castVoice({ history: [] }, { ...base, agencyCode: 'IOM', position: 'object', comment: '${secret} **gras**' }, RULES);
    assert.equal(literal.accepted && literal.voice.comment, '${secret} **gras**');
  });

  it('lets a later position from another representative of the same agency replace the earlier one', () => {
    let record: VoiceRecord<Position> = { history: [] };
    for (const [who, position, at] of [
      ['focal', 'object', '2026-12-01T10:00:00.000Z'],
      ['alternate', 'agree', '2026-12-02T10:00:00.000Z'],
    ] as const) {
      const result = castVoice(record, { ...base, castBy: { aadObjectId: who, name: who }, castAt: at, agencyCode: 'UNHCR', position, comment: 'r' }, RULES);
      assert.ok(result.accepted);
      record = result.record;
    }
    assert.equal(currentVoices(record, EXCOM).get('UNHCR')?.castBy.aadObjectId, 'alternate');
    assert.equal(record.history.length, 2);
  });
});
