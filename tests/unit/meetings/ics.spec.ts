import assert from 'node:assert/strict';
import { escapeText, foldLine, meetingIcs } from '../../../src/meetings/ics';
import { cancelMeeting, editMeeting } from '../../../src/meetings/meeting-rules';
import { MEETING_ID, NOW, convocation, meeting } from './meeting-fixture';

/** Unfolds content lines (RFC 5545 §3.1) into name → value. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '');
}
/** A property of the VEVENT (or of the calendar for METHOD). */
const property = (ics: string, name: string) => {
  const lines = unfold(ics);
  const event = name === 'METHOD' ? lines : lines.slice(lines.indexOf('BEGIN:VEVENT'));
  return event.find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
};

describe('.ics of a meeting', () => {
  it('is a VCALENDAR with CRLF lines, a stable UID and the convocation’s time zone', () => {
    const ics = meetingIcs(meeting(), { uidDomain: 'reseau-gn' });
    assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
    assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(ics), 'every line ends with CRLF');
    assert.equal(property(ics, 'UID'), `UID:${MEETING_ID}@reseau-gn`);
    assert.equal(property(ics, 'DTSTART'), 'DTSTART;TZID=Africa/Conakry:20260310T100000');
    assert.equal(property(ics, 'DTEND'), 'DTEND;TZID=Africa/Conakry:20260310T120000');
    assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Africa\/Conakry\r\n[\s\S]*TZOFFSETTO:\+0000/);
    assert.equal(property(ics, 'SEQUENCE'), 'SEQUENCE:0');
  });

  it('writes a zone with daylight saving in UTC, which every calendar reads correctly', () => {
    const ics = meetingIcs(meeting({ timeZone: 'Europe/Paris' }), { uidDomain: 'reseau-gn' });
    assert.equal(property(ics, 'DTSTART'), 'DTSTART:20260310T100000Z');
    assert.ok(!ics.includes('VTIMEZONE'));
  });

  it('keeps the UID and bumps SEQUENCE on each change; a cancellation is METHOD:CANCEL', () => {
    const edited = editMeeting(meeting(), convocation({ title: 'Autre titre' }), NOW);
    const cancelled = cancelMeeting(edited, NOW);
    const [a, b, c] = [meeting(), edited, cancelled].map((m) => meetingIcs(m, { uidDomain: 'reseau-gn' }));
    assert.equal(property(a!, 'UID'), property(c!, 'UID'));
    assert.deepEqual([a, b, c].map((ics) => property(ics!, 'SEQUENCE')), ['SEQUENCE:0', 'SEQUENCE:1', 'SEQUENCE:2']);
    assert.equal(property(c!, 'METHOD'), 'METHOD:CANCEL');
    assert.equal(property(c!, 'STATUS'), 'STATUS:CANCELLED');
  });

  it('escapes backslashes, semicolons, commas and line breaks in text', () => {
    assert.equal(escapeText('a\\b; c, d\ne'), 'a\\\\b\\; c\\, d\\ne');
    const ics = meetingIcs(meeting({ title: 'Point 1; point 2, ${x}\n<script>' }), { uidDomain: 'reseau-gn' });
    assert.equal(property(ics, 'SUMMARY'), 'SUMMARY:Point 1\\; point 2\\, ${x}\\n<script>');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const long = `SUMMARY:${'Réunion é'.repeat(30)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, line);
    assert.equal(folded.replace(/\r\n /g, ''), long);
    const ics = meetingIcs(meeting({ title: 'é'.repeat(120) }), { uidDomain: 'reseau-gn' });
    for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75);
    assert.equal(property(ics, 'SUMMARY'), `SUMMARY:${'é'.repeat(120)}`);
  });
});
