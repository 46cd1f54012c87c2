import assert from 'node:assert/strict';
import type { MeetingError } from '../../../src/meetings/meeting-errors';
import {
  addMonths,
  SUMMARY_MARGIN_MS,
  applyAttendanceDeltas,
  applyRsvp,
  attendanceByAgency,
  attendanceDelta,
  automaticReminderDue,
  cancelMeeting,
  editMeeting,
  formatWhen,
  nextRegularDue,
  nonResponders,
  recordMinutes,
  recordReminder,
  recountAttendance,
  resolveInvitees,
  summariseAttendance,
  validateConvocation,
  withOwnAnswer,
} from '../../../src/meetings/meeting-rules';
import type { InvitationDocument, Rsvp } from '../../../src/meetings/meeting-model';
import { AMINATA, IBRAHIMA, JANE, MOUSSA, NOW, TENANT, code, convocation, invitation, meeting } from './meeting-fixture';

const LATER = new Date('2026-03-02T00:00:00Z');
const answer = (response: Rsvp['response'], at: string, history: Rsvp['history'] = []): Rsvp => ({ response, at, history });


describe('meeting rules', () => {
  describe('convocation validity', () => {
    it('accepts a convocation and stores its instants in UTC with the time zone it was written in', () => {
      const valid = validateConvocation(convocation({ start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T12:00:00+01:00', timeZone: 'Europe/Paris' }), NOW);
      assert.equal(valid.start, '2026-03-10T09:00:00.000Z');
      assert.equal(valid.timeZone, 'Europe/Paris');
      assert.equal(validateConvocation(convocation({ timeZone: '' }), NOW).timeZone, 'Africa/Conakry', 'Conakry by default');
    });

    it('refuses an end before the start, a start in the past, an unknown zone, too many agenda items, an online meeting without link', () => {
      assert.equal(code(() => validateConvocation(convocation({ end: '2026-03-10T09:00:00Z' }), NOW)), 'endBeforeStart');
      assert.equal(code(() => validateConvocation(convocation({ start: '2026-02-01T10:00:00Z', end: '2026-02-01T11:00:00Z' }), NOW)), 'startInPast');
      assert.equal(code(() => validateConvocation(convocation({ timeZone: 'Mars/Olympus' }), NOW)), 'unknownTimeZone');
      assert.equal(code(() => validateConvocation(convocation({ agenda: Array.from({ length: 200 }, (_, i) => ({ title: `Point ${i}` })) }), NOW)), 'invalidConvocation');
      assert.equal(code(() => validateConvocation(convocation({ location: { kind: 'online' } }), NOW)), 'invalidConvocation');
      assert.equal(code(() => validateConvocation(convocation({ documents: [{ title: 'x', url: 'javascript:alert(1)' }] }), NOW)), 'invalidConvocation');
      assert.equal(code(() => validateConvocation(convocation({ title: '   ' }), NOW)), 'invalidConvocation');
    });

    it('says what is wrong in the reader’s language, naming fields by their label (issue 15)', () => {
      const said = (input: Parameters<typeof convocation>[0], language: 'fr' | 'en') => {
        try {
          validateConvocation(convocation(input), NOW);
        } catch (error) {
          return (error as MeetingError).userMessage(language);
        }
        return '';
      };
      assert.equal(said({ location: { kind: 'online' } }, 'fr'), 'Convocation refusée\u202f; rien n’a été envoyé\u202f: une réunion en ligne a besoin de son lien.');
      assert.equal(said({ location: { kind: 'online' } }, 'en'), 'Convocation refused; nothing was sent: an online meeting needs its link.');
      assert.equal(said({ start: '2026-02-30T10:00:00Z' }, 'fr'), 'Convocation refusée\u202f; rien n’a été envoyé\u202f: Début\u202f: ce jour ou cette heure n’existe pas');
      assert.equal(said({ end: '2026-03-10T25:00:00Z' }, 'en'), 'Convocation refused; nothing was sent: End: this day or time does not exist');
      assert.equal(said({ title: '' }, 'en'), 'Convocation refused; nothing was sent: a title needs 1–200 characters.');
    });
  });

  describe('invitees', () => {
    const members = [AMINATA, MOUSSA, JANE, IBRAHIMA];
    const context = { members, excomAgencies: ['IOM', 'UNHCR'], workingGroups: [{ groupId: 'wg1', memberIds: [JANE.aadObjectId.toUpperCase()] }] };
    it('resolves all members, ExCom, chosen agencies and a working group', () => {
      assert.equal(resolveInvitees({ kind: 'all' }, context).length, 4);
      assert.deepEqual(resolveInvitees({ kind: 'excom' }, context).map((p) => p.name), ['Aminata Camara', 'Moussa Diallo', 'Jane Smith']);
      assert.deepEqual(resolveInvitees({ kind: 'agencies', agencyCodes: ['WFP'] }, context).map((p) => p.name), ['Ibrahima Sylla']);
      assert.deepEqual(resolveInvitees({ kind: 'workingGroup', groupId: 'wg1' }, context).map((p) => p.name), ['Jane Smith']);
      assert.throws(() => resolveInvitees({ kind: 'agencies', agencyCodes: ['FAO'] }, context), /Nobody matches/);
    });
  });

  describe('RSVP', () => {
    it('records an answer on the person’s own invitation, keeps the earlier ones as history, and only for invitees', () => {
      const first = applyRsvp(meeting(), invitation(AMINATA), AMINATA, 'online', undefined, NOW);
      const second = applyRsvp(meeting(), first, { aadObjectId: AMINATA.aadObjectId.toUpperCase() }, 'inPerson', undefined, LATER);
      assert.equal(second.rsvp?.response, 'inPerson');
      assert.equal(second.answeredAt, LATER.toISOString());
      assert.deepEqual(second.rsvp?.history.map((h) => h.response), ['online']);
      assert.equal(code(() => applyRsvp(meeting(), undefined, { aadObjectId: '00000000-0000-4000-8000-999999999999' }, 'inPerson', undefined, NOW)), 'notInvited', 'no invitation');
      assert.equal(code(() => applyRsvp(meeting(), invitation(MOUSSA), AMINATA, 'inPerson', undefined, NOW)), 'notInvited', 'someone else’s invitation');
      assert.equal(code(() => applyRsvp(meeting({ meetingId: '00000000-0000-4000-8000-000000000abc' }), invitation(AMINATA), AMINATA, 'inPerson', undefined, NOW)), 'notInvited', 'another meeting’s invitation');
      assert.equal(code(() => applyRsvp(cancelMeeting(meeting(), NOW), invitation(AMINATA), AMINATA, 'inPerson', undefined, NOW)), 'cancelled');
    });

    it('the same answer again (a double click, an invoke delivered twice) leaves the invitation as it is: nothing to write', () => {
      const online = applyRsvp(meeting(), invitation(AMINATA), AMINATA, 'online', undefined, NOW);
      assert.equal(applyRsvp(meeting(), online, AMINATA, 'online', undefined, LATER), online);
      const delegated = applyRsvp(meeting(), invitation(MOUSSA), MOUSSA, 'delegated', AMINATA, NOW);
      assert.equal(applyRsvp(meeting(), delegated, MOUSSA, 'delegated', AMINATA, LATER), delegated);
      assert.notEqual(applyRsvp(meeting(), delegated, MOUSSA, 'delegated', { ...AMINATA, aadObjectId: '00000000-0000-4000-8000-000000000009', name: 'Autre' }, LATER), delegated, 'another delegate is a new answer');
    });

    it('delegates only to a colleague of the agency the person was invited for, never to oneself nor another agency', () => {
      const delegated = applyRsvp(meeting(), invitation(MOUSSA), MOUSSA, 'delegated', AMINATA, NOW);
      assert.deepEqual(delegated.rsvp?.delegate, { aadObjectId: AMINATA.aadObjectId, name: 'Aminata Camara' });
      assert.equal(code(() => applyRsvp(meeting(), invitation(MOUSSA), MOUSSA, 'delegated', IBRAHIMA, NOW)), 'delegateOtherAgency');
      assert.equal(code(() => applyRsvp(meeting(), invitation(MOUSSA), MOUSSA, 'delegated', MOUSSA, NOW)), 'delegateUnknown');
      assert.equal(code(() => applyRsvp(meeting(), invitation(MOUSSA), MOUSSA, 'delegated', undefined, NOW)), 'delegateUnknown');
    });

    it('summarises attendance per agency (from the invitations, or a meeting with its invitees) and lists who has not answered', () => {
      const invitations: InvitationDocument[] = [
        applyRsvp(meeting(), invitation(AMINATA), AMINATA, 'inPerson', undefined, NOW),
        applyRsvp(meeting(), invitation(MOUSSA), MOUSSA, 'delegated', AMINATA, NOW),
        applyRsvp(meeting(), invitation(JANE), JANE, 'declined', undefined, NOW),
        invitation(IBRAHIMA),
      ];
      const expected = [
        { agencyCode: 'IOM', invited: 2, inPerson: 1, online: 0, declined: 0, delegated: 1, noAnswer: 0, represented: true },
        { agencyCode: 'UNHCR', invited: 1, inPerson: 0, online: 0, declined: 1, delegated: 0, noAnswer: 0, represented: false },
        { agencyCode: 'WFP', invited: 1, inPerson: 0, online: 0, declined: 0, delegated: 0, noAnswer: 1, represented: false },
      ];
      assert.deepEqual(summariseAttendance(invitations, LATER), { asOf: LATER.toISOString(), invited: 4, answered: 3, agencies: expected, revisions: 3 });
      const full = meeting({ rsvps: Object.fromEntries(invitations.flatMap((entry) => (entry.rsvp ? [[entry.aadObjectId, entry.rsvp]] : []))) });
      assert.deepEqual(attendanceByAgency(full), expected);
      assert.deepEqual(nonResponders(full).map((p) => p.name), ['Ibrahima Sylla']);
    });

    it('keeps the summary by deltas: each answer moves its person from their previous answer to the new one, in any order, and equals a recount', () => {
      const m = meeting();
      const people = [invitation(AMINATA), invitation(MOUSSA), invitation(JANE), invitation(IBRAHIMA)] as const;
      const start = summariseAttendance(people, NOW);
      const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
      // Aminata answers three times, Moussa delegates, Jane declines.
      const a1 = applyRsvp(m, people[0], AMINATA, 'online', undefined, at(1));
      const a2 = applyRsvp(m, a1, AMINATA, 'declined', undefined, at(2));
      const a3 = applyRsvp(m, a2, AMINATA, 'inPerson', undefined, at(3));
      const m1 = applyRsvp(m, people[1], MOUSSA, 'delegated', AMINATA, at(4));
      const j1 = applyRsvp(m, people[2], JANE, 'declined', undefined, at(5));
      const deltas = [attendanceDelta(people[0], a1), attendanceDelta(a1, a2), attendanceDelta(a2, a3), attendanceDelta(people[1], m1), attendanceDelta(people[2], j1)].map((delta) => delta!);
      assert.deepEqual(deltas.map((delta) => [delta.from, delta.to, delta.revision]), [[undefined, 'online', 1], ['online', 'declined', 2], ['declined', 'inPerson', 3], [undefined, 'delegated', 1], [undefined, 'declined', 1]]);
      assert.equal(attendanceDelta(a3, a3), undefined, 'the same answer again moves nothing');
      const recounted = summariseAttendance([a3, m1, j1, people[3]], at(6));
      const counts = ({ invited, answered, agencies, revisions }: ReturnType<typeof summariseAttendance>) => ({ invited, answered, agencies, revisions });
      for (const order of [deltas, [...deltas].reverse(), [deltas[3]!, deltas[1]!, deltas[4]!, deltas[0]!, deltas[2]!]]) {
        let summary = start;
        for (const delta of order) summary = applyAttendanceDeltas(summary, [delta], at(7)).summary;
        assert.deepEqual(counts(summary), counts(recounted));
        assert.equal(summary.asOf, at(7).toISOString());
      }
      // Taken in the other order, a row may show -1 for a moment (cards show 0).
      const early = applyAttendanceDeltas(start, [deltas[2]!], at(7)).summary;
      assert.equal(early.agencies.find((row) => row.agencyCode === 'IOM')?.declined, -1);
      assert.deepEqual(applyAttendanceDeltas(start, [], at(7)), { summary: start, applied: 0 }, 'nothing to take in: the same summary, nothing to write');
    });

    it('a recount is not counted twice by the deltas still on their way, and forgets what it saw once none can come', () => {
      const m = meeting();
      const before = invitation(AMINATA);
      const readAt = new Date(NOW.getTime() + 10 * 60_000);
      const old = applyRsvp(m, invitation(JANE), JANE, 'declined', undefined, new Date(readAt.getTime() - 2 * SUMMARY_MARGIN_MS));
      const seenByRecount = applyRsvp(m, before, AMINATA, 'online', undefined, new Date(readAt.getTime() - 1000));
      const recount = recountAttendance([seenByRecount, invitation(MOUSSA), old, invitation(IBRAHIMA)], readAt);
      assert.deepEqual(recount.recountSeen, { [AMINATA.aadObjectId]: 1 }, 'only the answers of the last moments are remembered');
      // Their deltas arrive after the recount: both are in it already.
      const late = applyAttendanceDeltas(recount, [attendanceDelta(before, seenByRecount)!, attendanceDelta(invitation(JANE), old)!], new Date(readAt.getTime() + 1000));
      assert.equal(late.applied, 0);
      assert.equal(late.summary, recount);
      // An answer the recount did not see (given as it read) counts.
      const after = applyRsvp(m, seenByRecount, AMINATA, 'inPerson', undefined, readAt);
      const next = applyAttendanceDeltas(recount, [attendanceDelta(seenByRecount, after)!], new Date(readAt.getTime() + 1000));
      assert.equal(next.applied, 1);
      assert.deepEqual([next.summary.agencies.find((row) => row.agencyCode === 'IOM')?.inPerson, next.summary.revisions, next.summary.recountSeen], [1, (recount.revisions ?? 0) + 1, recount.recountSeen]);
      // A margin later no delta from before the recount can come: what it saw is dropped.
      const quiet = applyAttendanceDeltas(recount, [], new Date(readAt.getTime() + SUMMARY_MARGIN_MS + 1));
      assert.equal(quiet.summary.recountSeen, undefined);
      assert.deepEqual(quiet.summary.agencies, recount.agencies);
    });

    it('a reader’s card counts their own answer at once, whether or not the summary has caught up with it', () => {
      const before = summariseAttendance([invitation(AMINATA), invitation(MOUSSA), invitation(JANE)], NOW);
      const iom = (summary: ReturnType<typeof withOwnAnswer>) => summary.agencies.find((row) => row.agencyCode === 'IOM');
      // Not in the summary yet: moved from "no answer" to their answer.
      const seen = withOwnAnswer(before, 'IOM', undefined, 'inPerson');
      assert.deepEqual([iom(seen)?.inPerson, iom(seen)?.noAnswer, iom(seen)?.represented, seen.answered], [1, 1, true, 1]);
      // Already in it: unchanged.
      assert.equal(withOwnAnswer(seen, 'IOM', 'inPerson', 'inPerson'), seen);
      // Changed again since: moved from the answer it counted to the new one.
      const moved = withOwnAnswer(seen, 'IOM', 'inPerson', 'online');
      assert.deepEqual([iom(moved)?.inPerson, iom(moved)?.online, iom(moved)?.noAnswer, moved.answered], [0, 1, 1, 1]);
      assert.equal(moved.agencies.find((row) => row.agencyCode === 'UNHCR'), seen.agencies.find((row) => row.agencyCode === 'UNHCR'), 'other agencies untouched');
    });
  });

  describe('reminders', () => {
    it('is due from 48 h before the start, once, and never for a cancelled or past meeting', () => {
      const m = meeting();
      assert.equal(automaticReminderDue(m, new Date('2026-03-08T09:59:00Z')), false);
      assert.equal(automaticReminderDue(m, new Date('2026-03-08T10:00:00Z')), true);
      assert.equal(automaticReminderDue(recordReminder(m, true, 3, NOW), new Date('2026-03-09T10:00:00Z')), false);
      assert.equal(automaticReminderDue(recordReminder(m, false, 3, NOW), new Date('2026-03-09T10:00:00Z')), true, 'a manual reminder does not replace the automatic one');
      assert.equal(automaticReminderDue(cancelMeeting(m, NOW), new Date('2026-03-09T10:00:00Z')), false);
      assert.equal(automaticReminderDue(m, new Date('2026-03-10T10:00:00Z')), false);
    });
  });

  describe('changes and minutes', () => {
    it('bumps the sequence on an edit and a cancellation, keeping the answers', () => {
      const answered = meeting({ rsvps: { [JANE.aadObjectId]: answer('online', NOW.toISOString()) } });
      const edited = editMeeting(answered, convocation({ title: 'Nouvelle date', start: '2026-03-11T10:00:00Z', end: '2026-03-11T11:00:00Z' }), NOW);
      assert.equal(edited.sequence, 1);
      assert.equal(edited.start, '2026-03-11T10:00:00.000Z');
      assert.equal(edited.rsvps[JANE.aadObjectId]?.response, 'online');
      const cancelled = cancelMeeting(edited, NOW);
      assert.equal(cancelled.sequence, 2);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(code(() => cancelMeeting(cancelled, NOW)), 'cancelled');
    });

    it('an edit naming no zone keeps the meeting’s', () => {
      const lagos = meeting({ timeZone: 'Africa/Lagos' });
      assert.equal(editMeeting(lagos, convocation({ timeZone: '' }), NOW).timeZone, 'Africa/Lagos');
      assert.equal(editMeeting(lagos, convocation({ timeZone: 'Europe/Paris' }), NOW).timeZone, 'Europe/Paris');
    });

    it('records minutes only once the meeting has started', () => {
      const minutes = { text: 'ok', links: [], attendance: ['IOM'], actionItems: [], recordedBy: AMINATA.aadObjectId };
      assert.equal(code(() => recordMinutes(meeting(), minutes, NOW)), 'meetingNotOver');
      assert.equal(recordMinutes(meeting(), minutes, new Date('2026-03-10T12:30:00Z')).minutes?.recordedAt, '2026-03-10T12:30:00.000Z');
    });
  });

  describe('next regular meeting', () => {
    it('is due two months after the last regular meeting not cancelled', () => {
      const meetings = [
        { meetingId: 'a', kind: 'regular' as const, status: 'scheduled' as const, start: '2026-01-15T10:00:00Z' },
        { meetingId: 'b', kind: 'regular' as const, status: 'cancelled' as const, start: '2026-03-15T10:00:00Z' },
        { meetingId: 'c', kind: 'excom' as const, status: 'scheduled' as const, start: '2026-02-20T10:00:00Z' },
      ];
      assert.deepEqual(nextRegularDue(meetings, NOW), { lastMeetingId: 'a', lastStart: '2026-01-15T10:00:00Z', due: '2026-03-15T10:00:00.000Z', overdue: false });
      assert.equal(nextRegularDue(meetings, new Date('2026-04-01T00:00:00Z')).overdue, true);
      assert.deepEqual(nextRegularDue([], NOW), { overdue: false });
      assert.equal(addMonths(new Date('2025-12-31T10:00:00Z'), 2).toISOString(), '2026-02-28T10:00:00.000Z');
    });
  });

  describe('time zones', () => {
    it('shows a meeting in the reader’s zone and language', () => {
      const m = meeting();
      assert.equal(formatWhen(m.start, m.end, 'Africa/Conakry', 'fr'), 'mardi 10 mars 2026, 10:00–12:00 (Africa/Conakry, GMT)');
      assert.equal(formatWhen(m.start, m.end, 'Europe/Paris', 'en'), 'Tuesday, 10 March 2026, 11:00–13:00 (Europe/Paris, GMT+1)');
      assert.equal(formatWhen(m.start, m.end, 'America/New_York', 'en'), 'Tuesday, 10 March 2026, 06:00–08:00 (America/New York, GMT-4)');
      assert.equal(TENANT.length, 36);
    });
  });
});
