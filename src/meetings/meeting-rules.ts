/**
 * The rules of meetings, as pure functions over plain data (no SDK, no store, no clock of their
 * own): a convocation's validity, who is invited, RSVP and delegation within an agency, the
 * attendance summary per agency, reminders, changes, minutes and when the next regular
 * meeting is due (as a rule every two months).
 */
import { MAX_AHEAD_MS, instantRefusalText, parseInstant } from '../scheduling/instants';
import { MeetingError } from './meeting-errors';
import {
  DEFAULT_TIME_ZONE,
  type ConvocationInput,
  type Invitee,
  type Invitees,
  type MeetingDocument,
  type Minutes,
  type RsvpResponse,
} from './meeting-model';

// A meeting's agenda fits on one card; more items than this is a mistake (or an attack).
export const MAX_AGENDA_ITEMS = 30;
export const MAX_DOCUMENTS = 20;
export const MAX_GUESTS = 100;
export const MAX_TITLE_LENGTH = 200;
export const REGULAR_INTERVAL_MONTHS = 2;
export const DEFAULT_REMINDER_OFFSET_HOURS = 48;
// A meeting longer than this is a typo in the end date.
const MAX_DURATION_MS = 3 * 24 * 3600_000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

const isHttpUrl = (value: string) => /^https?:\/\/[^\s<>"]+$/i.test(value);

/**
 * Checks a convocation as written in the form; returns it with instants normalised to UTC.
 * Start and end are ISO instants with a zone on days and at times that exist (no 30 February,
 * no 25:00: Date.parse would roll them over), the start at most two years ahead (see instants).
 */
export function validateConvocation(input: ConvocationInput, now: Date): ConvocationInput {
  const title = input.title.trim();
  if (title === '' || title.length > MAX_TITLE_LENGTH) throw new MeetingError('invalidConvocation', `A title needs 1–${MAX_TITLE_LENGTH} characters.`);
  const parsedStart = parseInstant(input.start);
  const parsedEnd = parseInstant(input.end);
  if (!parsedStart.ok) throw new MeetingError('invalidConvocation', instantRefusalText('start', parsedStart.refusal));
  if (!parsedEnd.ok) throw new MeetingError('invalidConvocation', instantRefusalText('end', parsedEnd.refusal));
  const start = parsedStart.ms;
  const end = parsedEnd.ms;
  if (end <= start) throw new MeetingError('endBeforeStart', 'The meeting ends before it starts.');
  if (end - start > MAX_DURATION_MS) throw new MeetingError('invalidConvocation', 'A meeting lasts at most three days.');
  if (start <= now.getTime()) throw new MeetingError('startInPast', 'The meeting starts in the past.');
  if (start > now.getTime() + MAX_AHEAD_MS) throw new MeetingError('invalidConvocation', instantRefusalText('start', 'tooFarAhead'));
  const timeZone = input.timeZone.trim() || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new MeetingError('unknownTimeZone', `Unknown time zone ${JSON.stringify(timeZone).slice(0, 60)}.`);
  if (input.agenda.length > MAX_AGENDA_ITEMS) throw new MeetingError('invalidConvocation', `At most ${MAX_AGENDA_ITEMS} agenda items.`);
  if (input.documents.length > MAX_DOCUMENTS) throw new MeetingError('invalidConvocation', `At most ${MAX_DOCUMENTS} documents.`);
  if (input.externalGuests.length > MAX_GUESTS) throw new MeetingError('invalidConvocation', `At most ${MAX_GUESTS} external guests.`);
  if (input.agenda.some((item) => item.title.trim() === '')) throw new MeetingError('invalidConvocation', 'An agenda item has no title.');
  if (input.documents.some((doc) => !isHttpUrl(doc.url))) throw new MeetingError('invalidConvocation', 'A document link is not an http(s) URL.');
  if (input.onlineUrl !== undefined && input.onlineUrl !== '' && !isHttpUrl(input.onlineUrl)) throw new MeetingError('invalidConvocation', 'The online link is not an http(s) URL.');
  if (input.location.kind === 'online' && !input.onlineUrl) throw new MeetingError('invalidConvocation', 'An online meeting needs its link.');
  if (input.location.kind === 'other' && !input.location.details?.trim()) throw new MeetingError('invalidConvocation', 'Say where the meeting is held.');
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
 * Records a person's answer. Only invitees answer; a delegation names a colleague of the same
 * agency (the agency stays represented), never someone of another agency nor oneself.
 */
export function applyRsvp(meeting: MeetingDocument, actor: RsvpActor, response: RsvpResponse, delegate: DelegateCandidate | undefined, now: Date): MeetingDocument {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
  const id = actor.aadObjectId.toLowerCase();
  const invitee = meeting.invited.find((candidate) => candidate.aadObjectId === id);
  if (!invitee) throw new MeetingError('notInvited', `${id} is not invited to ${meeting.meetingId}.`);
  if (response === 'delegated') {
    if (!delegate) throw new MeetingError('delegateUnknown', 'A delegation names a colleague.');
    if (delegate.aadObjectId.toLowerCase() === id) throw new MeetingError('delegateUnknown', 'One cannot delegate to oneself.');
    if (delegate.agencyCode !== invitee.agencyCode) {
      throw new MeetingError('delegateOtherAgency', `${delegate.agencyCode} is not ${invitee.agencyCode}: delegation stays within the agency.`);
    }
  }
  const previous = meeting.rsvps[id];
  const at = now.toISOString();
  return {
    ...meeting,
    rsvps: {
      ...meeting.rsvps,
      [id]: {
        response,
        ...(response === 'delegated' && delegate ? { delegate: { aadObjectId: delegate.aadObjectId.toLowerCase(), name: delegate.name } } : {}),
        at,
        history: previous ? [...previous.history, { response: previous.response, at: previous.at }] : [],
      },
    },
    updatedAt: at,
  };
}

export interface AgencyAttendance {
  readonly agencyCode: string;
  readonly invited: number;
  readonly inPerson: number;
  readonly online: number;
  readonly declined: number;
  readonly delegated: number;
  readonly noAnswer: number;
  /** Someone of the agency comes (in person, online, or through a delegate). */
  readonly represented: boolean;
}

/** Attendance per agency, agencies in the order of the invitee list's codes (alphabetical). */
export function attendanceByAgency(meeting: Pick<MeetingDocument, 'invited' | 'rsvps'>): AgencyAttendance[] {
  const byAgency = new Map<string, { invited: number; inPerson: number; online: number; declined: number; delegated: number; noAnswer: number }>();
  for (const invitee of meeting.invited) {
    const row = byAgency.get(invitee.agencyCode) ?? { invited: 0, inPerson: 0, online: 0, declined: 0, delegated: 0, noAnswer: 0 };
    row.invited += 1;
    const rsvp = meeting.rsvps[invitee.aadObjectId];
    if (!rsvp) row.noAnswer += 1;
    else row[rsvp.response] += 1;
    byAgency.set(invitee.agencyCode, row);
  }
  return [...byAgency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agencyCode, row]) => ({ agencyCode, ...row, represented: row.inPerson + row.online + row.delegated > 0 }));
}

export function nonResponders(meeting: Pick<MeetingDocument, 'invited' | 'rsvps'>): Invitee[] {
  return meeting.invited.filter((invitee) => !meeting.rsvps[invitee.aadObjectId]);
}

/** The automatic reminder is due from `offset` hours before the start, once, while the meeting is ahead. */
export function automaticReminderDue(meeting: MeetingDocument, now: Date): boolean {
  if (meeting.status !== 'scheduled') return false;
  const start = Date.parse(meeting.start);
  const from = start - meeting.reminderOffsetHours * 3600_000;
  return now.getTime() >= from && now.getTime() < start && !meeting.reminders.some((reminder) => reminder.automatic);
}

export function recordReminder(meeting: MeetingDocument, automatic: boolean, recipients: number, now: Date): MeetingDocument {
  return { ...meeting, reminders: [...meeting.reminders, { at: now.toISOString(), automatic, recipients }], updatedAt: now.toISOString() };
}

/** A change the invitees must see: a new SEQUENCE for the .ics, answers kept. */
export function editMeeting(meeting: MeetingDocument, input: ConvocationInput, now: Date): MeetingDocument {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
  const valid = validateConvocation(input, now);
  const { onlineUrl: _dropped, ...kept } = meeting;
  return {
    ...kept,
    ...valid,
    // Who is invited was resolved when issued; the edit changes what, when and where.
    invitees: meeting.invitees,
    sequence: meeting.sequence + 1,
    updatedAt: now.toISOString(),
  };
}

export function cancelMeeting(meeting: MeetingDocument, now: Date): MeetingDocument {
  if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was already cancelled.');
  return { ...meeting, status: 'cancelled', sequence: meeting.sequence + 1, updatedAt: now.toISOString() };
}

export function recordMinutes(meeting: MeetingDocument, minutes: Omit<Minutes, 'recordedAt'>, now: Date): MeetingDocument {
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
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: zone }).format(new Date(start));
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone });
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(new Date(start)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  return `${day}, ${time.format(new Date(start))}–${time.format(new Date(end))} (${zone.replace(/_/g, ' ')}, ${offset === 'GMT+0' ? 'GMT' : offset})`;
}
