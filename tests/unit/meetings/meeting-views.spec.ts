/**
 * The reader's view of a meeting (src/meetings/meeting-views.ts) and the online link on the
 * meeting card: pending readers get no link, no emails, no per-person answers, no delivery.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import type { NetworkRole } from '../../../src/network/roles';
import { meetingCardData, renderMeetingCard } from '../../../src/meetings/meeting-cards';
import { attendanceByAgency } from '../../../src/meetings/meeting-rules';
import { maySeeOnlineLink, meetingDetailView, meetingView, readerInvitation, type Reader } from '../../../src/meetings/meeting-views';
import { AMINATA, IBRAHIMA, JANE, MOUSSA, TENANT, meeting } from './meeting-fixture';

const LINK = 'https://teams.microsoft.com/l/meetup-join/secret-room';
const GUEST_EMAIL = 'guest@partner.example';
const online = meeting({
  location: { kind: 'online' },
  onlineUrl: LINK,
  externalGuests: [{ name: 'Partenaire', organisation: 'ONG', email: GUEST_EMAIL }],
  invited: [AMINATA, MOUSSA, JANE],
  rsvps: { [AMINATA.aadObjectId]: { response: 'inPerson', at: '2026-03-02T09:00:00Z', history: [] } },
});
const reader = (aadObjectId: string, roles: NetworkRole[]): Reader => ({ aadObjectId, roles: new Set(roles) });
const PENDING = reader('00000000-0000-4000-8000-000000000099', ['pending']);
const PENDING_BUT_LISTED = reader(JANE.aadObjectId, ['pending']);
const INVITEE = reader(MOUSSA.aadObjectId, ['member']);
const NOT_INVITED = reader(IBRAHIMA.aadObjectId, ['member']);
const SECRETARIAT = reader('00000000-0000-4000-8000-000000000077', ['member', 'secretariat']);

const facts = (readerInvited = false) => ({
  meeting: online,
  readerInvited,
  attendance: attendanceByAgency(online),
  people: online.invited.map((invitee) => ({ aadObjectId: invitee.aadObjectId, name: invitee.name, agencyCode: invitee.agencyCode, ...(online.rsvps[invitee.aadObjectId] ? { response: online.rsvps[invitee.aadObjectId]!.response } : {}) })),
  nonResponders: [MOUSSA, JANE].map(({ aadObjectId, name, agencyCode }) => ({ aadObjectId, name, agencyCode })),
  delivery: {
    messageKey: 'meeting:x:convocation',
    total: 3,
    counts: { pending: 0, sending: 0, sent: 2, failed: 0, dead: 1 } as never,
    delivered: 2,
    upToDate: 2,
    failures: [{ recipient: { kind: 'member' as const, aadObjectId: JANE.aadObjectId, tenantId: TENANT, name: JANE.name }, status: 'dead' as const, reason: 'forbidden' as never, detail: '403 from connector', at: '2026-03-02T09:00:00Z' }],
    summary: 'Distribué 2/3',
  },
  allowed: [],
});

describe('meeting views', () => {
  it('the online link: confirmed invitees, co-chairs and the secretariat; never a pending reader (even one holding an invitation)', () => {
    assert.equal(maySeeOnlineLink(INVITEE, true), true);
    assert.equal(maySeeOnlineLink(SECRETARIAT, false), true);
    assert.equal(maySeeOnlineLink(NOT_INVITED, false), false);
    assert.equal(maySeeOnlineLink(PENDING, false), false);
    assert.equal(maySeeOnlineLink(PENDING_BUT_LISTED, true), false);
  });

  it('a pending reader: the convocation and the attendance per agency — no link, no email, no person, no delivery, no stored fields', () => {
    const view = meetingDetailView(facts(true), PENDING);
    const json = JSON.stringify(view);
    for (const trace of [LINK, GUEST_EMAIL, AMINATA.name, MOUSSA.name, AMINATA.aadObjectId, TENANT, '403 from connector', '"etag"', '"networkId"', '"type"', '"aadObjectId"', '"tenantId"', '"rsvps"', '"createdBy"']) {
      assert.ok(!json.includes(trace), `pending reads ${trace}`);
    }
    assert.deepEqual(view.people, []);
    assert.deepEqual(view.nonResponders, []);
    assert.equal(view.delivery, undefined);
    assert.equal(view.meeting.title, online.title);
    assert.deepEqual(view.meeting.externalGuests, [{ name: 'Partenaire', organisation: 'ONG' }]);
    assert.equal(view.meeting.icsPath, `/meetings/gn/${online.meetingId}.ics`);
    assert.equal(view.attendance.find((row) => row.agencyCode === 'IOM')?.inPerson, 1);
  });

  it('a confirmed invitee reads people, non-responders, the link and the delivery summary — not the failures or guests’ emails', () => {
    const view = meetingDetailView(facts(true), INVITEE);
    assert.equal(view.meeting.onlineUrl, LINK);
    assert.deepEqual(view.people.map((person) => person.name), [AMINATA.name, MOUSSA.name, JANE.name]);
    assert.deepEqual(view.nonResponders, [{ name: MOUSSA.name, agencyCode: 'IOM' }, { name: JANE.name, agencyCode: 'UNHCR' }]);
    assert.deepEqual(view.delivery, { summary: 'Distribué 2/3', total: 3, delivered: 2 });
    assert.ok(!JSON.stringify(view).includes(GUEST_EMAIL));
    assert.ok(!JSON.stringify(view).includes(MOUSSA.aadObjectId), 'no object ids');
    assert.equal(meetingView(online, NOT_INVITED).onlineUrl, undefined);
    assert.equal(meetingDetailView(facts(false), NOT_INVITED).meeting.onlineUrl, undefined);
  });

  it('an invitee reads their own invitation (agency, answer, delegate); someone not invited, or pending, reads none', () => {
    assert.deepEqual(readerInvitation(online, AMINATA.aadObjectId.toUpperCase()), { agencyCode: 'IOM', response: 'inPerson' });
    assert.deepEqual(readerInvitation(online, MOUSSA.aadObjectId), { agencyCode: 'IOM' });
    const delegated = { ...online, rsvps: { [MOUSSA.aadObjectId]: { response: 'delegated' as const, delegate: { aadObjectId: AMINATA.aadObjectId, name: AMINATA.name }, at: '2026-03-02T09:00:00Z', history: [] } } };
    assert.deepEqual(readerInvitation(delegated, MOUSSA.aadObjectId), { agencyCode: 'IOM', response: 'delegated', delegateName: AMINATA.name });
    assert.equal(readerInvitation(online, IBRAHIMA.aadObjectId), undefined);
    const mine = { ...facts(true), readerInvitation: readerInvitation(online, MOUSSA.aadObjectId) };
    assert.deepEqual(meetingDetailView(mine, INVITEE).yourInvitation, { agencyCode: 'IOM' });
    assert.equal(meetingDetailView({ ...facts(true), readerInvitation: { agencyCode: 'UNHCR' } }, PENDING_BUT_LISTED).yourInvitation, undefined, 'pending people answer nothing');
  });

  it('the secretariat reads the convocation as written (to edit it) and the delivery failures by name', () => {
    const view = meetingDetailView(facts(), SECRETARIAT);
    assert.equal(view.meeting.externalGuests[0]?.email, GUEST_EMAIL);
    assert.equal(view.meeting.onlineUrl, LINK);
    assert.deepEqual(view.delivery?.failures, [{ name: JANE.name, status: 'dead', reason: 'forbidden', at: '2026-03-02T09:00:00Z' }]);
    assert.ok(!JSON.stringify(view).includes(TENANT));
  });

  it('the meeting card carries the link only when told it may (an invitee’s own card), never on a channel copy', () => {
    const renderer = new CardRenderer();
    const card = (onlineLink?: boolean) =>
      JSON.stringify(renderMeetingCard(renderer, meetingCardData('fr', online, { kind: 'convocation', networkId: 'gn', agencies: GUINEA_DEFAULT_AGENCIES, icsUrl: 'https://x/gn/m.ics', ...(onlineLink !== undefined ? { onlineLink } : {}) })));
    assert.ok(!card().includes(LINK), 'a channel copy');
    assert.ok(!card(false).includes(LINK));
    assert.match(card(), /convocation personnelle/);
    assert.ok(card(true).includes(LINK));
    const minutes = JSON.stringify(renderMeetingCard(renderer, meetingCardData('fr', { ...online, minutes: { text: 'CR', links: [], attendance: ['IOM'], actionItems: [], recordedBy: 'x', recordedAt: '2026-03-11T09:00:00Z' } }, { kind: 'minutes', networkId: 'gn', agencies: GUINEA_DEFAULT_AGENCIES, icsUrl: 'https://x' })));
    assert.ok(!minutes.includes(LINK), 'the minutes posted to the channel');
  });

  it('words each agency’s attendance line for its own counts and language, the same counts again alike, a count dipped below 0 as 0 (issue 13)', () => {
    const renderer = new CardRenderer();
    const withAttendance = (language: 'fr' | 'en', rows: readonly { agencyCode: string; inPerson: number; online: number; delegated: number; declined: number; noAnswer: number }[]) =>
      JSON.stringify(renderMeetingCard(renderer, meetingCardData(language, { ...online, attendance: { agencies: rows } as never }, { kind: 'convocation', networkId: 'gn', agencies: GUINEA_DEFAULT_AGENCIES, icsUrl: 'https://x' })));
    const rows = [
      { agencyCode: 'IOM', inPerson: 2, online: 1, delegated: 1, declined: 0, noAnswer: 3 },
      { agencyCode: 'UNHCR', inPerson: 0, online: 0, delegated: 2, declined: 1, noAnswer: -1 },
      { agencyCode: 'UNICEF', inPerson: 2, online: 1, delegated: 1, declined: 0, noAnswer: 3 },
    ];
    for (const round of [1, 2]) {
      const fr = withAttendance('fr', rows);
      assert.ok(fr.includes('OIM (IOM) — '), `round ${round}`);
      assert.equal(fr.split('2 sur place, 1 en ligne, 1 délégation, 0 absence, 3 sans réponse').length - 1, 2, `round ${round}: ${fr}`);
      assert.ok(fr.includes('0 sur place, 0 en ligne, 2 délégations, 1 absence, 0 sans réponse'), `round ${round}: ${fr}`);
      const en = withAttendance('en', rows);
      assert.ok(en.includes('2 in person, 1 online, 1 delegated, 0 declined, 3 no answer'), `round ${round}: ${en}`);
      assert.ok(en.includes('0 in person, 0 online, 2 delegated, 1 declined, 0 no answer'), `round ${round}: ${en}`);
    }
  });

  it('shows an action item’s due day as people read it, never as stored (issue 15)', () => {
    const renderer = new CardRenderer();
    const withItem = (language: 'fr' | 'en') =>
      JSON.stringify(renderMeetingCard(renderer, meetingCardData(language, { ...online, minutes: { text: 'CR', links: [], attendance: ['IOM'], actionItems: [{ text: 'Partager la note', agencyCode: 'IOM', due: '2026-03-20' }], recordedBy: 'x', recordedAt: '2026-03-11T09:00:00Z' } }, { kind: 'minutes', networkId: 'gn', agencies: GUINEA_DEFAULT_AGENCIES, icsUrl: 'https://x' })));
    assert.match(withItem('fr'), /échéance 20 mars 2026/);
    assert.match(withItem('en'), /due 20 March 2026/);
    assert.ok(!withItem('fr').includes('2026-03-20') && !withItem('en').includes('2026-03-20'));
  });
});
