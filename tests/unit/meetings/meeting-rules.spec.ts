import assert from 'node:assert/strict';
import {
  addMonths,
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
  validateConvocation,
} from '../../../src/meetings/meeting-rules';
import { AMINATA, IBRAHIMA, JANE, MOUSSA, NOW, TENANT, code, convocation, meeting } from './meeting-fixture';


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
    it('records an answer, keeps the earlier ones as history, and only for invitees', () => {
      const first = applyRsvp(meeting(), AMINATA, 'online', undefined, NOW);
      const second = applyRsvp(first, { aadObjectId: AMINATA.aadObjectId.toUpperCase() }, 'inPerson', undefined, new Date('2026-03-02T00:00:00Z'));
      assert.equal(second.rsvps[AMINATA.aadObjectId]?.response, 'inPerson');
      assert.deepEqual(second.rsvps[AMINATA.aadObjectId]?.history.map((h) => h.response), ['online']);
      assert.equal(code(() => applyRsvp(meeting(), { aadObjectId: '00000000-0000-4000-8000-999999999999' }, 'inPerson', undefined, NOW)), 'notInvited');
      assert.equal(code(() => applyRsvp(cancelMeeting(meeting(), NOW), AMINATA, 'inPerson', undefined, NOW)), 'cancelled');
    });

    it('delegates only to a colleague of the same agency, never to oneself nor another agency', () => {
      const delegated = applyRsvp(meeting(), MOUSSA, 'delegated', AMINATA, NOW);
      assert.deepEqual(delegated.rsvps[MOUSSA.aadObjectId]?.delegate, { aadObjectId: AMINATA.aadObjectId, name: 'Aminata Camara' });
      assert.equal(code(() => applyRsvp(meeting(), MOUSSA, 'delegated', IBRAHIMA, NOW)), 'delegateOtherAgency');
      assert.equal(code(() => applyRsvp(meeting(), MOUSSA, 'delegated', MOUSSA, NOW)), 'delegateUnknown');
      assert.equal(code(() => applyRsvp(meeting(), MOUSSA, 'delegated', undefined, NOW)), 'delegateUnknown');
    });

    it('summarises attendance per agency and lists who has not answered', () => {
      let m = applyRsvp(meeting(), AMINATA, 'inPerson', undefined, NOW);
      m = applyRsvp(m, MOUSSA, 'delegated', AMINATA, NOW);
      m = applyRsvp(m, JANE, 'declined', undefined, NOW);
      assert.deepEqual(attendanceByAgency(m), [
        { agencyCode: 'IOM', invited: 2, inPerson: 1, online: 0, declined: 0, delegated: 1, noAnswer: 0, represented: true },
        { agencyCode: 'UNHCR', invited: 1, inPerson: 0, online: 0, declined: 1, delegated: 0, noAnswer: 0, represented: false },
        { agencyCode: 'WFP', invited: 1, inPerson: 0, online: 0, declined: 0, delegated: 0, noAnswer: 1, represented: false },
      ]);
      assert.deepEqual(nonResponders(m).map((p) => p.name), ['Ibrahima Sylla']);
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
      const answered = applyRsvp(meeting(), JANE, 'online', undefined, NOW);
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
