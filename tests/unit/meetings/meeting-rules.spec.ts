import assert from 'node:assert/strict';
import {
  addMonths,
  answerCounted,
  applyRsvp,
  attendanceByAgency,
  automaticReminderDue,
  cancelMeeting,
  editMeeting,
  formatWhen,
  nextRegularDue,
  nonResponders,
  recordMinutes,
  recordReminder,
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
      assert.deepEqual(summariseAttendance(invitations, LATER), { asOf: LATER.toISOString(), invited: 4, answered: 3, agencies: expected });
      const full = meeting({ rsvps: Object.fromEntries(invitations.flatMap((entry) => (entry.rsvp ? [[entry.aadObjectId, entry.rsvp]] : []))) });
      assert.deepEqual(attendanceByAgency(full), expected);
      assert.deepEqual(nonResponders(full).map((p) => p.name), ['Ibrahima Sylla']);
    });

    it('a summary counted each person’s latest answer given before it was made', () => {
      const changed = answer('inPerson', '2026-03-03T00:00:00Z', [{ response: 'online', at: '2026-03-01T00:00:00Z' }, { response: 'declined', at: '2026-03-02T00:00:00Z' }]);
      assert.equal(answerCounted(undefined, '2026-03-05T00:00:00Z'), undefined);
      assert.equal(answerCounted(changed, '2026-03-05T00:00:00Z'), 'inPerson');
      assert.equal(answerCounted(changed, '2026-03-02T12:00:00Z'), 'declined');
      assert.equal(answerCounted(changed, '2026-03-01T12:00:00Z'), 'online');
      assert.equal(answerCounted(changed, '2026-02-28T00:00:00Z'), undefined);
    });

    it('a reader’s card counts their own answer at once, whether or not the summary has caught up with it', () => {
      const before = summariseAttendance([invitation(AMINATA), invitation(MOUSSA), invitation(JANE)], NOW);
      const iom = (summary: ReturnType<typeof withOwnAnswer>) => summary.agencies.find((row) => row.agencyCode === 'IOM');
      // Answered after the summary: moved from "no answer" to their answer.
      const aminata = applyRsvp(meeting(), invitation(AMINATA), AMINATA, 'inPerson', undefined, LATER);
      const seen = withOwnAnswer(before, aminata);
      assert.deepEqual([iom(seen)?.inPerson, iom(seen)?.noAnswer, iom(seen)?.represented, seen.answered], [1, 1, true, 1]);
      // A summary made after it already counts it: unchanged.
      const after = summariseAttendance([aminata, invitation(MOUSSA), invitation(JANE)], new Date('2026-03-03T00:00:00Z'));
      assert.equal(withOwnAnswer(after, aminata), after);
      // Changed again since that summary: moved from the answer it counted to the new one.
      const changed = applyRsvp(meeting(), aminata, AMINATA, 'online', undefined, new Date('2026-03-04T00:00:00Z'));
      const moved = withOwnAnswer(after, changed);
      assert.deepEqual([iom(moved)?.inPerson, iom(moved)?.online, iom(moved)?.noAnswer, moved.answered], [0, 1, 1, 1]);
      assert.equal(moved.agencies.find((row) => row.agencyCode === 'UNHCR'), after.agencies.find((row) => row.agencyCode === 'UNHCR'), 'other agencies untouched');
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
