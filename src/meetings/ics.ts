/**
 * The `.ics` of a meeting (RFC 5545), pure: a stable UID per meeting so calendars update the
 * same event, SEQUENCE bumped on each change, the time zone of the convocation, text escaped
 * and lines folded at 75 octets. A cancelled meeting is published with METHOD:CANCEL.
 */
import type { StoredMeeting } from './meeting-model';

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/** TEXT values: backslash, semicolon, comma and line breaks are escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line into chunks of at most 75 octets, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const chunks: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = chunks.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      chunks.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  chunks.push(current);
  return chunks.join(`${CRLF} `);
}

const utcStamp = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function offsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

function localStamp(iso: string, zone: string): string {
  const at = new Date(iso);
  return utcStamp(new Date(at.getTime() + offsetMinutes(zone, at) * 60_000).toISOString()).replace(/Z$/, '');
}

const formatOffset = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

/**
 * A zone without daylight saving (Africa/Conakry, most of Africa) gets a one-rule VTIMEZONE
 * and local times; a zone with DST is written in UTC, which every calendar reads correctly.
 */
function fixedOffset(zone: string, year: number): number | undefined {
  const january = offsetMinutes(zone, new Date(Date.UTC(year, 0, 15)));
  const july = offsetMinutes(zone, new Date(Date.UTC(year, 6, 15)));
  return january === july ? january : undefined;
}

export interface IcsOptions {
  /** Stable across versions, e.g. `<meetingId>@reseau-gn`. */
  readonly uidDomain: string;
  readonly description?: string;
}

export function meetingIcs(meeting: StoredMeeting, options: IcsOptions): string {
  const zone = meeting.timeZone;
  const offset = fixedOffset(zone, new Date(meeting.start).getUTCFullYear());
  const when =
    offset === undefined
      ? [`DTSTART:${utcStamp(meeting.start)}`, `DTEND:${utcStamp(meeting.end)}`]
      : [`DTSTART;TZID=${zone}:${localStamp(meeting.start, zone)}`, `DTEND;TZID=${zone}:${localStamp(meeting.end, zone)}`];
  const location = [meeting.location.details, meeting.onlineUrl].filter(Boolean).join(' — ');
  const cancelled = meeting.status === 'cancelled';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//UN Network on Migration in Guinea//Reseau//FR',
    'CALSCALE:GREGORIAN',
    `METHOD:${cancelled ? 'CANCEL' : 'PUBLISH'}`,
    ...(offset === undefined
      ? []
      : ['BEGIN:VTIMEZONE', `TZID:${zone}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${formatOffset(offset)}`, `TZOFFSETTO:${formatOffset(offset)}`, 'END:STANDARD', 'END:VTIMEZONE']),
    'BEGIN:VEVENT',
    `UID:${meeting.meetingId}@${options.uidDomain}`,
    `SEQUENCE:${meeting.sequence}`,
    `DTSTAMP:${utcStamp(meeting.updatedAt)}`,
    ...when,
    `SUMMARY:${escapeText(meeting.title)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    ...(options.description ? [`DESCRIPTION:${escapeText(options.description)}`] : []),
    ...(meeting.onlineUrl ? [`URL:${meeting.onlineUrl}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

