/**
 * The rules behind a constant-cost clearance: the statement's summary of each agency's current
 * voice (what the clearer's card is answered from), and the stale-cards mark that makes a
 * statement due for the scheduler without postponing a reminder.
 */
import assert from 'node:assert/strict';
import { summaryOfRecords, summaryWithVoice, type Voice, type VoiceSummary } from '../../../src/agency-voices/voice-rules';
import {
  CARDS_STALE_GRACE_MS,
  clearanceState,
  clearanceSummary,
  markCardsFresh,
  markCardsStale,
  statementDueAt,
  summarisedClearanceState,
  withClearanceSummary,
  withDue,
  type ClearancePosition,
} from '../../../src/statements/statement-rules';

const EXCOM = ['IOM', 'UNDP', 'UNHCR'];
const voice = (agencyCode: string, position: ClearancePosition, sequence: number, castAt = '2026-03-02T10:00:00.000Z'): Voice<ClearancePosition> => ({
  agencyCode,
  position,
  sequence,
  castAt,
  castBy: { aadObjectId: `${agencyCode}-${sequence}`, name: `${agencyCode} ${sequence}` },
  ...(position === 'requestChanges' ? { comment: 'Préciser.' } : {}),
});
interface Summarised {
  readonly status: string;
  readonly clearance: { readonly version: number; readonly excomAgencies: readonly string[]; readonly deadline: string; readonly reminderOffsetsMinutes: readonly number[]; readonly remindersSent: readonly number[] };
  readonly agencyVoices?: VoiceSummary<ClearancePosition>;
  readonly clearanceRevision?: number;
  readonly clearanceVoices?: { readonly version: number; readonly voices: readonly Voice<ClearancePosition>[] };
  readonly cardsStaleSince?: string;
  readonly dueAt?: string;
}
/** What the clearance turn writes on the statement with its voice (the agency-voices slice). */
const withClearanceVoice = (statement: Summarised, cast: Voice<ClearancePosition>, version: number): Summarised =>
  withClearanceSummary(statement, summaryWithVoice(clearanceSummary(statement), version, cast, EXCOM));
const inClearance = (version = 2): Summarised =>
  withDue<Summarised>({
    status: 'clearance',
    clearance: { version, excomAgencies: EXCOM, deadline: '2026-03-05T17:00:00.000Z', reminderOffsetsMinutes: [24 * 60, 4 * 60], remindersSent: [] },
  });

describe('statements: the clearance summary on the statement', () => {
  it('keeps each agency’s latest voice whatever order two representatives’ writes land in', () => {
    const first = voice('IOM', 'approve', 1);
    const second = voice('IOM', 'requestChanges', 2);
    const inOrder = withClearanceVoice(withClearanceVoice(inClearance(), first, 2), second, 2);
    const reversed = withClearanceVoice(withClearanceVoice(inClearance(), second, 2), first, 2);
    for (const statement of [inOrder, reversed]) {
      const state = summarisedClearanceState(statement);
      assert.deepEqual(state?.changesRequested, ['IOM']);
      assert.deepEqual(state?.approved, []);
      assert.deepEqual(state?.pending, ['UNDP', 'UNHCR']);
    }
  });

  it('validated only when every ExCom agency approved the version in clearance; a voice on another version, or a summary of another round, counts for nothing', () => {
    let statement = inClearance();
    for (const agency of EXCOM) statement = withClearanceVoice(statement, voice(agency, 'approve', 1), 2);
    assert.equal(summarisedClearanceState(statement)?.validated, true);
    assert.equal(summarisedClearanceState(withClearanceVoice(inClearance(), voice('IOM', 'approve', 1), 1))?.approved.length, 0, 'a voice on version 1 while 2 is in clearance');
    // A new round (version 3 submitted): the summary of round 2 is not read as round 3's.
    const next = { ...statement, clearance: { ...statement.clearance, version: 3 } };
    const state = summarisedClearanceState(next);
    assert.equal(state?.validated, false);
    assert.deepEqual(state?.pending, EXCOM);
  });

  it('rebuilt from the clearance documents (the record) by the background refresh', () => {
    const records = [{ history: [voice('UNDP', 'approve', 1), voice('UNDP', 'requestChanges', 2)] }, { history: [voice('IOM', 'approve', 1)] }];
    const stale = withClearanceVoice(inClearance(), voice('UNHCR', 'approve', 1), 2);
    const rebuilt = withClearanceSummary(stale, summaryOfRecords(2, records, EXCOM, stale.agencyVoices?.revision ?? 0));
    assert.deepEqual(clearanceState(2, EXCOM, records).approved, ['IOM']);
    assert.deepEqual(summarisedClearanceState(rebuilt)?.approved, ['IOM']);
    assert.deepEqual(summarisedClearanceState(rebuilt)?.changesRequested, ['UNDP']);
  });
});

describe('statements: a summary written before the agency-voices slice', () => {
  it('is read under its former names until the next clearance writes the new one', () => {
    const legacy: Summarised = { ...inClearance(), clearanceRevision: 4, clearanceVoices: { version: 2, voices: [voice('IOM', 'approve', 1)] } };
    assert.deepEqual(summarisedClearanceState(legacy)?.approved, ['IOM']);
    const next = withClearanceVoice(legacy, voice('UNDP', 'approve', 1), 2);
    assert.deepEqual(summarisedClearanceState(next)?.approved, ['IOM', 'UNDP']);
    assert.equal(next.agencyVoices?.revision, 5, 'the revision goes on from the former one');
    assert.equal(next.clearanceVoices, undefined);
  });
});

describe('statements: the stale-cards mark', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');

  it('makes the statement due once the grace has passed, keeps the first instant, and goes back to the next reminder when fresh', () => {
    const statement = inClearance();
    const reminder = statement.dueAt;
    assert.ok(reminder, 'a reminder is due before the deadline');
    const stale = markCardsStale(statement, now);
    assert.equal(stale.cardsStaleSince, now.toISOString());
    assert.equal(Date.parse(stale.dueAt!), now.getTime() + CARDS_STALE_GRACE_MS);
    assert.equal(markCardsStale(stale, new Date(now.getTime() + 60_000)).cardsStaleSince, now.toISOString(), 'the first instant is kept');
    const fresh = markCardsFresh(stale);
    assert.equal(fresh.cardsStaleSince, undefined);
    assert.equal(fresh.dueAt, reminder);
  });

  it('never postpones a reminder due sooner, and a delivered statement is due only for its stale cards', () => {
    // The 4-hour reminder falls 2 s from now, before the grace ends.
    const soon = { ...inClearance(), clearance: { ...inClearance().clearance, deadline: '2026-03-02T14:00:02.000Z', reminderOffsetsMinutes: [4 * 60] } };
    assert.equal(Date.parse(markCardsStale(soon, now).dueAt!), now.getTime() + 2_000);
    assert.equal(statementDueAt(markCardsStale(soon, now)), statementDueAt(soon));
    const delivered: Summarised = { status: 'delivered', clearance: inClearance().clearance };
    assert.equal(withDue(delivered).dueAt, undefined);
    assert.ok(markCardsStale(delivered, now).dueAt);
    assert.equal(markCardsFresh(markCardsStale(delivered, now)).dueAt, undefined);
  });
});
