/**
 * The rules of meetings, as pure functions over plain data (no SDK, no store, no clock of their
 * own): a convocation's validity, who is invited, RSVP and delegation within an agency, the
 * attendance summary per agency, reminders, changes, minutes and when the next regular
 * meeting is due (as a rule every two months).
 */
import { translate } from '../i18n';
import { MAX_AHEAD_MS, instantProblem, instantRefusalText, parseInstant, type InstantField, type InstantRefusal } from '../scheduling/instants';
import { MeetingError } from './meeting-errors';
import {
  DEFAULT_TIME_ZONE,
  type AgencyAttendance,
  type AttendanceSummary,
  type ConvocationInput,
  type InvitationDocument,
  type Invitee,
  type Invitees,
  type MeetingDocument,
  type Minutes,
  type Rsvp,
  type RsvpResponse,
  type StoredMeeting,
} from './meeting-model';

export type { AgencyAttendance, AttendanceSummary } from './meeting-model';

// A meeting's agenda fits on one card; more items than this is a mistake (or an attack).
export const MAX_AGENDA_ITEMS = 30;
export const MAX_DOCUMENTS = 20;
export const MAX_GUESTS = 100;
export const MAX_TITLE_LENGTH = 200;
export const REGULAR_INTERVAL_MONTHS = 2;
export const DEFAULT_REMINDER_OFFSET_HOURS = 48;
// A meeting longer than this is a typo in the end date.
const MAX_DURATION_MS = 3 * 24 * 3600_000;

// Building an Intl.DateTimeFormat costs far more than formatting with it (about 0.1 ms each, and
// every card shows a meeting's time): formatters are built once per locale, zone and style. The
// zones a network's readers are in are few; the caps only bound what odd input could add.
const MAX_CACHED_ZONES = 200;
const knownZones = new Map<string, boolean>();

export function isTimeZone(zone: string): boolean {
  const known = knownZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    valid = zone.includes('/') || zone === 'UTC';
  } catch {
    valid = false;
  }
  if (knownZones.size < MAX_CACHED_ZONES) knownZones.set(zone, valid);
  return valid;
}

const isHttpUrl = (value: string) => /^https?:\/\/[^\s<>"]+$/i.test(value);

/**
 * Checks a convocation as written in the form; returns it with instants normalised to UTC.
 * Start and end are ISO instants with a zone on days and at times that exist (no 30 February,
 * no 25:00: Date.parse would roll them over), the start at most two years ahead (see instants).
 */
export function validateConvocation(input: ConvocationInput, now: Date): ConvocationInput {
  const title = input.title.trim();
  if (title === '' || title.length > MAX_TITLE_LENGTH) throw convocationProblem('title', `A title needs 1–${MAX_TITLE_LENGTH} characters.`, { max: MAX_TITLE_LENGTH });
  const parsedStart = parseInstant(input.start);
  const parsedEnd = parseInstant(input.end);
  if (!parsedStart.ok) throw instantError('start', parsedStart.refusal);
  if (!parsedEnd.ok) throw instantError('end', parsedEnd.refusal);
  const start = parsedStart.ms;
  const end = parsedEnd.ms;
  if (end <= start) throw new MeetingError('endBeforeStart', 'The meeting ends before it starts.');
  if (end - start > MAX_DURATION_MS) throw convocationProblem('tooLong', 'A meeting lasts at most three days.');
  if (start <= now.getTime()) throw new MeetingError('startInPast', 'The meeting starts in the past.');
  if (start > now.getTime() + MAX_AHEAD_MS) throw instantError('start', 'tooFarAhead');
  const timeZone = input.timeZone.trim() || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new MeetingError('unknownTimeZone', `Unknown time zone ${JSON.stringify(timeZone).slice(0, 60)}.`);
  if (input.agenda.length > MAX_AGENDA_ITEMS) throw convocationProblem('agendaItems', `At most ${MAX_AGENDA_ITEMS} agenda items.`, { max: MAX_AGENDA_ITEMS });
  if (input.documents.length > MAX_DOCUMENTS) throw convocationProblem('documents', `At most ${MAX_DOCUMENTS} documents.`, { max: MAX_DOCUMENTS });
  if (input.externalGuests.length > MAX_GUESTS) throw convocationProblem('guests', `At most ${MAX_GUESTS} external guests.`, { max: MAX_GUESTS });
  if (input.agenda.some((item) => item.title.trim() === '')) throw convocationProblem('agendaTitle', 'An agenda item has no title.');
  if (input.documents.some((doc) => !isHttpUrl(doc.url))) throw convocationProblem('documentLink', 'A document link is not an http(s) URL.');
  if (input.onlineUrl !== undefined && input.onlineUrl !== '' && !isHttpUrl(input.onlineUrl)) throw convocationProblem('onlineLink', 'The online link is not an http(s) URL.');
  if (input.location.kind === 'online' && !input.onlineUrl) throw convocationProblem('onlineNeedsLink', 'An online meeting needs its link.');
  if (input.location.kind === 'other' && !input.location.details?.trim()) throw convocationProblem('place', 'Say where the meeting is held.');
  if (input.invitees.kind === 'agencies' && input.invitees.agencyCodes.length === 0) throw new MeetingError('noInvitees', 'Choose at least one agency.');
  const { onlineUrl, ...rest } = input;
  return {
    ...rest,
    ...(onlineUrl ? { onlineUrl } : {}),
    title,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    timeZone,
    agenda: input.agenda.map((item) => ({ title: item.title.trim(), ...(item.agencyCode ? { agencyCode: item.agencyCode } : {}) })),
  };
}

/** A confirmed member who can be invited (has talked to the bot, so has an Entra id). */
export interface InvitableMember {
  readonly aadObjectId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly agencyCode: string;
  readonly language: 'fr' | 'en';
}

export interface InviteeContext {
  readonly members: readonly InvitableMember[];
  readonly excomAgencies: readonly string[];
  readonly workingGroups: readonly { readonly groupId: string; readonly memberIds: readonly string[] }[];
}

export function resolveInvitees(invitees: Invitees, context: InviteeContext): Invitee[] {
  const chosen = (() => {
    switch (invitees.kind) {
      case 'all':
        return context.members;
      case 'excom':
        return context.members.filter((member) => context.excomAgencies.includes(member.agencyCode));
      case 'agencies':
        return context.members.filter((member) => invitees.agencyCodes.includes(member.agencyCode));
      case 'workingGroup': {
        const group = context.workingGroups.find((candidate) => candidate.groupId === invitees.groupId);
        if (!group) throw new MeetingError('noInvitees', `Unknown working group ${invitees.groupId}.`);
        const ids = new Set(group.memberIds.map((id) => id.toLowerCase()));
        return context.members.filter((member) => ids.has(member.aadObjectId.toLowerCase()));
      }
    }
  })();
  if (chosen.length === 0) throw new MeetingError('noInvitees', 'Nobody matches the invitees chosen.');
  return chosen.map((member) => ({ ...member, aadObjectId: member.aadObjectId.toLowerCase() }));
}

export interface RsvpActor {
  readonly aadObjectId: string;
}

export interface DelegateCandidate {
  readonly aadObjectId: string;
  readonly name: string;
  readonly agencyCode: string;
}

/**
 * Records a person's answer on their own invitation. Only invitees answer (a person without an
 * invitation is not invited); a delegation names a colleague of the same agency (the agency
 * stays represented), never someone of another agency nor oneself. The same answer again (a
 * double click, an invoke Teams delivered twice) returns the invitation as it is: nothing to write.
 */
export function applyRsvp(
  meeting: Pick<StoredMeeting, 'meetingId' | 'status'>,
  invitation: InvitationDocument | undefined,
  actor: RsvpActor,
  response: RsvpResponse,
  delegate: DelegateCandidate | undefined,
  now: Date,
): InvitationDocument {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
  const id = actor.aadObjectId.toLowerCase();
  if (!invitation || invitation.aadObjectId !== id || invitation.meetingId !== meeting.meetingId) throw new MeetingError('notInvited', `${id} is not invited to ${meeting.meetingId}.`);
  if (response === 'delegated') {
    if (!delegate) throw new MeetingError('delegateUnknown', 'A delegation names a colleague.');
    if (delegate.aadObjectId.toLowerCase() === id) throw new MeetingError('delegateUnknown', 'One cannot delegate to oneself.');
    if (delegate.agencyCode !== invitation.agencyCode) {
      throw new MeetingError('delegateOtherAgency', `${delegate.agencyCode} is not ${invitation.agencyCode}: delegation stays within the agency.`);
    }
  }
  const previous = invitation.rsvp;
  const delegateId = response === 'delegated' ? delegate?.aadObjectId.toLowerCase() : undefined;
  if (previous && previous.response === response && previous.delegate?.aadObjectId === delegateId) return invitation;
  const at = now.toISOString();
  const rsvp: Rsvp = {
    response,
    ...(response === 'delegated' && delegate ? { delegate: { aadObjectId: delegate.aadObjectId.toLowerCase(), name: delegate.name } } : {}),
    at,
    history: previous ? [...previous.history, { response: previous.response, at: previous.at }] : [],
  };
  return { ...invitation, rsvp, answeredAt: at };
}

type Counts = { invited: number; inPerson: number; online: number; declined: number; delegated: number; noAnswer: number };

function agencyRows(byAgency: Map<string, Counts>): AgencyAttendance[] {
  return [...byAgency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agencyCode, row]) => ({ agencyCode, ...row, represented: row.inPerson + row.online + row.delegated > 0 }));
}

function countAnswers(people: Iterable<{ readonly agencyCode: string; readonly response: RsvpResponse | undefined }>): Map<string, Counts> {
  const byAgency = new Map<string, Counts>();
  for (const { agencyCode, response } of people) {
    const row = byAgency.get(agencyCode) ?? { invited: 0, inPerson: 0, online: 0, declined: 0, delegated: 0, noAnswer: 0 };
    row.invited += 1;
    if (response) row[response] += 1;
    else row.noAnswer += 1;
    byAgency.set(agencyCode, row);
  }
  return byAgency;
}

/** Attendance per agency, agencies in the order of their codes (alphabetical). */
export function attendanceByAgency(meeting: Pick<MeetingDocument, 'invited' | 'rsvps'>): AgencyAttendance[] {
  return agencyRows(countAnswers(meeting.invited.map((invitee) => ({ agencyCode: invitee.agencyCode, response: meeting.rsvps[invitee.aadObjectId]?.response }))));
}

/**
 * How long an answer may take from the instant it is stamped to its delta reaching the summary
 * (the invoke answers within seconds; the delta follows one refresh window later), on this
 * instance or another whose clock may differ a little. A recount relies on it: an answer stamped
 * this long before the recount read the invitations is in what it read.
 */
export const SUMMARY_MARGIN_MS = 60_000;

/** How many answers an invitation has had: each change of answer is one revision (0: none yet). */
export function invitationRevision(rsvp: Rsvp | undefined): number {
  return rsvp ? rsvp.history.length + 1 : 0;
}

/** The summary kept on the meeting document, from every invitation read at `asOf`. */
export function summariseAttendance(invitations: readonly Pick<InvitationDocument, 'agencyCode' | 'rsvp'>[], asOf: Date): AttendanceSummary {
  const agencies = agencyRows(countAnswers(invitations.map((invitation) => ({ agencyCode: invitation.agencyCode, response: invitation.rsvp?.response }))));
  const revisions = invitations.reduce((sum, invitation) => sum + invitationRevision(invitation.rsvp), 0);
  return { asOf: asOf.toISOString(), invited: invitations.length, answered: invitations.filter((invitation) => invitation.rsvp).length, agencies, revisions };
}

/**
 * A recount: the summary counted from every invitation, read at `readAt` (stamped before the
 * read), remembering the revision read of each answer given within SUMMARY_MARGIN_MS before it —
 * their deltas may still be on their way and must not count twice (applyAttendanceDeltas).
 */
export function recountAttendance(invitations: readonly Pick<InvitationDocument, 'aadObjectId' | 'agencyCode' | 'rsvp'>[], readAt: Date): AttendanceSummary {
  const recent = readAt.getTime() - SUMMARY_MARGIN_MS;
  const seen = Object.fromEntries(invitations.flatMap((invitation) => (invitation.rsvp && Date.parse(invitation.rsvp.at) >= recent ? [[invitation.aadObjectId, invitationRevision(invitation.rsvp)]] : [])));
  return { ...summariseAttendance(invitations, readAt), recountedAt: readAt.toISOString(), recountSeen: seen };
}

/** One answer as the summary takes it in: from what the person had answered (if anything) to their new answer. */
export interface AttendanceDelta {
  readonly aadObjectId: string;
  readonly agencyCode: string;
  readonly from?: RsvpResponse;
  readonly to: RsvpResponse;
  /** The invitation's revision this answer made (invitationRevision). */
  readonly revision: number;
  /** When it was given (rsvp.at). */
  readonly at: string;
}

/** The delta of an answer written over `previous` (the version its conditional write replaced). */
export function attendanceDelta(previous: Pick<InvitationDocument, 'rsvp'>, next: InvitationDocument): AttendanceDelta | undefined {
  if (!next.rsvp || next.rsvp === previous.rsvp) return undefined;
  return {
    aadObjectId: next.aadObjectId,
    agencyCode: next.agencyCode,
    ...(previous.rsvp ? { from: previous.rsvp.response } : {}),
    to: next.rsvp.response,
    revision: invitationRevision(next.rsvp),
    at: next.rsvp.at,
  };
}

type Bucket = keyof Counts;
const bucketOf = (response: RsvpResponse | undefined): Bucket => response ?? 'noAnswer';

/** One agency's row with one person moved from one bucket to another (counts may dip below 0 for a moment: see applyAttendanceDeltas). */
function moved(row: AgencyAttendance, from: RsvpResponse | undefined, to: RsvpResponse | undefined): AgencyAttendance {
  const next = { ...row, [bucketOf(from)]: row[bucketOf(from)] - 1, [bucketOf(to)]: row[bucketOf(to)] + 1 };
  return { ...next, represented: next.inPerson + next.online + next.delegated > 0 };
}

/**
 * The summary with answers taken in, each as a move from the person's previous answer to the new
 * one, whatever the order they arrive in (moves add up; a row may show -1 for a moment when two
 * answers of one person come from two instances in the other order — cards show 0). A delta the
 * last recount already counted is skipped: stamped more than SUMMARY_MARGIN_MS before the recount
 * read, or of a revision it saw. `applied`: how many changed the summary. Needs a summary that
 * keeps `revisions` (older ones are recounted first).
 */
export function applyAttendanceDeltas(summary: AttendanceSummary, deltas: readonly AttendanceDelta[], now: Date): { readonly summary: AttendanceSummary; readonly applied: number } {
  const recountedAt = summary.recountedAt ? Date.parse(summary.recountedAt) : undefined;
  const counted = (delta: AttendanceDelta) =>
    recountedAt !== undefined && (Date.parse(delta.at) < recountedAt - SUMMARY_MARGIN_MS || (summary.recountSeen?.[delta.aadObjectId] ?? 0) >= delta.revision);
  // Counted on mutable copies made when an agency is first touched: a card folds in up to a
  // refresh window of answers on every answer turn of a burst.
  const known = new Map(summary.agencies.map((row) => [row.agencyCode, row]));
  const rows = new Map<string, Counts>();
  let applied = 0;
  let answered = summary.answered;
  for (const delta of deltas) {
    const row = known.get(delta.agencyCode);
    // An agency the summary does not know was not invited when it was made: the next recount counts it.
    if (!row || counted(delta)) continue;
    let counts = rows.get(delta.agencyCode);
    if (!counts) {
      counts = { invited: row.invited, inPerson: row.inPerson, online: row.online, declined: row.declined, delegated: row.delegated, noAnswer: row.noAnswer };
      rows.set(delta.agencyCode, counts);
    }
    counts[bucketOf(delta.from)] -= 1;
    counts[bucketOf(delta.to)] += 1;
    if (!delta.from) answered += 1;
    applied += 1;
  }
  // Once no delta from before the recount can still come, what it saw is no longer needed.
  const { recountSeen, ...rest } = summary;
  const keepSeen = recountSeen !== undefined && recountedAt !== undefined && now.getTime() < recountedAt + SUMMARY_MARGIN_MS;
  if (applied === 0 && (keepSeen || recountSeen === undefined)) return { summary, applied };
  return {
    summary: {
      ...rest,
      ...(keepSeen ? { recountSeen } : {}),
      asOf: now.toISOString(),
      answered,
      agencies: summary.agencies.map((row) => {
        const counts = rows.get(row.agencyCode);
        return counts ? { agencyCode: row.agencyCode, ...counts, represented: counts.inPerson + counts.online + counts.delegated > 0 } : row;
      }),
      revisions: (summary.revisions ?? 0) + applied,
    },
    applied,
  };
}

/**
 * The summary as one reader should see it: `counted` (what the summary holds for them: their
 * answer before the one not yet taken in) replaced by their answer `now`, so a card shows the
 * reader's own click at once, whatever the summary has caught up with.
 */
export function withOwnAnswer(summary: AttendanceSummary, agencyCode: string, counted: RsvpResponse | undefined, now: RsvpResponse | undefined): AttendanceSummary {
  if (counted === now) return summary;
  let found = false;
  const agencies = summary.agencies.map((row) => {
    if (row.agencyCode !== agencyCode) return row;
    found = true;
    return moved(row, counted, now);
  });
  // An agency the summary has not seen yet (it was made before the invitations were all written).
  if (!found) return summary;
  return { ...summary, answered: summary.answered + (counted ? 0 : 1) - (now ? 0 : 1), agencies };
}

export function nonResponders(meeting: Pick<MeetingDocument, 'invited' | 'rsvps'>): Invitee[] {
  return meeting.invited.filter((invitee) => !meeting.rsvps[invitee.aadObjectId]);
}

/** The automatic reminder is due from `offset` hours before the start, once, while the meeting is ahead. */
export function automaticReminderDue(meeting: StoredMeeting, now: Date): boolean {
  if (meeting.status !== 'scheduled') return false;
  const start = Date.parse(meeting.start);
  const from = start - meeting.reminderOffsetHours * 3600_000;
  return now.getTime() >= from && now.getTime() < start && !meeting.reminders.some((reminder) => reminder.automatic);
}

export function recordReminder<M extends StoredMeeting>(meeting: M, automatic: boolean, recipients: number, now: Date): M {
  return { ...meeting, reminders: [...meeting.reminders, { at: now.toISOString(), automatic, recipients }], updatedAt: now.toISOString() };
}

/** A change the invitees must see: a new SEQUENCE for the .ics, answers kept. */
export function editMeeting<M extends StoredMeeting>(meeting: M, input: ConvocationInput, now: Date): M {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
  // An edit naming no zone keeps the meeting's (the network's when it was convened).
  const valid = validateConvocation(input.timeZone.trim() ? input : { ...input, timeZone: meeting.timeZone }, now);
  const { onlineUrl: _dropped, ...kept } = meeting;
  return {
    ...kept,
    ...valid,
    // Who is invited was resolved when issued; the edit changes what, when and where.
    invitees: meeting.invitees,
    sequence: meeting.sequence + 1,
    updatedAt: now.toISOString(),
  } as M;
}

export function cancelMeeting<M extends StoredMeeting>(meeting: M, now: Date): M {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was already cancelled.');
  return { ...meeting, status: 'cancelled', sequence: meeting.sequence + 1, updatedAt: now.toISOString() };
}

export function recordMinutes<M extends StoredMeeting>(meeting: M, minutes: Omit<Minutes, 'recordedAt'>, now: Date): M {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
  if (Date.parse(meeting.start) > now.getTime()) throw new MeetingError('meetingNotOver', 'Minutes are recorded once the meeting has started.');
  return { ...meeting, minutes: { ...minutes, recordedAt: now.toISOString() }, updatedAt: now.toISOString() };
}

/** Adds calendar months in UTC, clamping the day (31 Dec + 2 months = 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(at.getUTCDate(), lastDay), at.getUTCHours(), at.getUTCMinutes()));
}

export interface NextRegular {
  /** The last regular meeting (held or scheduled), if any. */
  readonly lastMeetingId?: string;
  readonly lastStart?: string;
  /** Two months after it; absent when there was none. */
  readonly due?: string;
  readonly overdue: boolean;
}

/** When the next regular meeting is due: two months after the last regular one not cancelled. */
export function nextRegularDue(meetings: readonly Pick<MeetingDocument, 'meetingId' | 'kind' | 'status' | 'start'>[], now: Date): NextRegular {
  const last = meetings
    .filter((meeting) => meeting.kind === 'regular' && meeting.status !== 'cancelled')
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start))[0];
  if (!last) return { overdue: false };
  const due = addMonths(new Date(last.start), REGULAR_INTERVAL_MONTHS);
  return { lastMeetingId: last.meetingId, lastStart: last.start, due: due.toISOString(), overdue: due.getTime() < now.getTime() };
}

/** "mardi 3 mars 2026, 10:00–12:00 (heure de Conakry, GMT)": a meeting's time in the reader's zone. */
export function formatWhen(start: string, end: string, timeZone: string, language: 'fr' | 'en'): string {
  // A meeting's card is rendered on every answer, with the same few (meeting, zone, language):
  // four ICU formattings each time cost more than the rest of the card.
  const key = `${start}|${end}|${timeZone}|${language}`;
  const known = formattedWhens.get(key);
  if (known !== undefined) return known;
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const { day, time, offset } = whenFormats(language, zone);
  const zoneOffset = offset.formatToParts(new Date(start)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const formatted = `${day.format(new Date(start))}, ${time.format(new Date(start))}–${time.format(new Date(end))} (${zone.replace(/_/g, ' ')}, ${zoneOffset === 'GMT+0' ? 'GMT' : zoneOffset})`;
  if (formattedWhens.size >= MAX_FORMATTED_WHENS) formattedWhens.clear();
  formattedWhens.set(key, formatted);
  return formatted;
}

const MAX_FORMATTED_WHENS = 512;
const formattedWhens = new Map<string, string>();

interface WhenFormats {
  readonly day: Intl.DateTimeFormat;
  readonly time: Intl.DateTimeFormat;
  readonly offset: Intl.DateTimeFormat;
}
const whenFormatsByZone = new Map<string, WhenFormats>();

/** The three formatters of formatWhen for one language and (valid) zone, built once. */
function whenFormats(language: 'fr' | 'en', zone: string): WhenFormats {
  const key = `${language} ${zone}`;
  let formats = whenFormatsByZone.get(key);
  if (!formats) {
    const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
    formats = {
      day: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: zone }),
      time: new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone }),
      offset: new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }),
    };
    if (whenFormatsByZone.size < MAX_CACHED_ZONES) whenFormatsByZone.set(key, formats);
  }
  return formats;
}

/** A start or end refused: for the logs as it is, for people by the field's label in their language. */
function instantError(field: InstantField, refusal: InstantRefusal): MeetingError {
  return new MeetingError('invalidConvocation', instantRefusalText(field, refusal), (language) => instantProblem(language, field, refusal));
}

/** What is wrong with a convocation: for the logs in `log`, for people in their language (`meetings.problem.*`). */
function convocationProblem(problem: ConvocationProblem, log: string, values: Record<string, number> = {}): MeetingError {
  return new MeetingError('invalidConvocation', log, (language) => translate(language, `meetings.problem.${problem}`, values));
}
type ConvocationProblem = 'title' | 'tooLong' | 'agendaItems' | 'documents' | 'guests' | 'agendaTitle' | 'documentLink' | 'onlineLink' | 'onlineNeedsLink' | 'place';
