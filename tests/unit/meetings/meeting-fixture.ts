/** A meeting for rule, .ics and card tests: issued, three agencies invited; invitations of its invitees. */
import assert from 'node:assert/strict';
import { MeetingError } from '../../../src/meetings/meeting-errors';
import { INVITATION_TYPE, invitationDocumentId, type ConvocationInput, type InvitationDocument, type Invitee, type MeetingDocument, type Rsvp } from '../../../src/meetings/meeting-model';
import { attendanceByAgency } from '../../../src/meetings/meeting-rules';

export const NOW = new Date('2026-03-01T09:00:00Z');
export const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
export const MEETING_ID = '5b7e0c1a-2d3f-4a5b-8c6d-7e8f90a1b2c3';

const person = (n: number, agencyCode: string, name: string, language: 'fr' | 'en' = 'fr'): Invitee => ({
  aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  tenantId: TENANT,
  name,
  agencyCode,
  language,
});

export const AMINATA = person(1, 'IOM', 'Aminata Camara');
export const MOUSSA = person(2, 'IOM', 'Moussa Diallo');
export const JANE = person(3, 'UNHCR', 'Jane Smith', 'en');
export const IBRAHIMA = person(4, 'WFP', 'Ibrahima Sylla');

export function convocation(overrides: Partial<ConvocationInput> = {}): ConvocationInput {
  return {
    kind: 'regular',
    title: 'Réunion ordinaire du Réseau',
    start: '2026-03-10T10:00:00Z',
    end: '2026-03-10T12:00:00Z',
    timeZone: 'Africa/Conakry',
    location: { kind: 'iomOffice' },
    agenda: [{ title: 'Point sur le PMM', agencyCode: 'IOM' }, { title: 'Divers' }],
    documents: [{ title: 'Note conceptuelle', url: 'https://example.org/note.pdf' }],
    invitees: { kind: 'all' },
    externalGuests: [],
    ...overrides,
  };
}

/**
 * The meeting with every invitee and answer; its summary (`attendance`) counts `invited` and
 * `rsvps` as of NOW unless given.
 */
export function meeting(overrides: Partial<MeetingDocument> = {}): MeetingDocument {
  const invited = overrides.invited ?? [AMINATA, MOUSSA, JANE, IBRAHIMA];
  const rsvps = overrides.rsvps ?? {};
  const agencies = attendanceByAgency({ invited, rsvps });
  return {
    ...convocation(),
    attendance: { asOf: NOW.toISOString(), invited: invited.length, answered: invited.filter((invitee) => rsvps[invitee.aadObjectId]).length, agencies },
    refreshFor: invited.slice(0, 60).map((invitee) => invitee.aadObjectId),
    id: `meeting:${MEETING_ID}`,
    networkId: 'gn',
    type: 'meeting',
    meetingId: MEETING_ID,
    status: 'scheduled',
    sequence: 0,
    invited: [AMINATA, MOUSSA, JANE, IBRAHIMA],
    rsvps: {},
    reminderOffsetHours: 48,
    reminders: [],
    createdBy: AMINATA.aadObjectId,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...overrides,
  };
}

/** A person's invitation to the fixture's meeting, with their answer if given. */
export function invitation(invitee: Invitee, rsvp?: Rsvp): InvitationDocument {
  return {
    id: invitationDocumentId(MEETING_ID, invitee.aadObjectId),
    networkId: 'gn',
    type: INVITATION_TYPE,
    meetingId: MEETING_ID,
    ...invitee,
    ...(rsvp ? { rsvp, answeredAt: rsvp.at } : {}),
  };
}

/** The MeetingError code a rule refuses with, or 'accepted'. */
export const code = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MeetingError, String(error));
    return error.code;
  }
  return 'accepted';
};
