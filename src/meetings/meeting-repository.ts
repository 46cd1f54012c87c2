/**
 * Meeting documents in the store: knows the store and the document shapes, nothing of the
 * rules (meeting-model.ts says what each document is).
 *
 * - `meeting:<id>` (StoredMeeting): small; written by co-chairs, the reminder and the summary
 *   refresh, always replace-if-match on its ETag.
 * - `meeting-rsvp:<id>:<person>` (InvitationDocument): one per invitee, created when the
 *   convocation is issued; each person's answer rewrites only their own (replace-if-match), so
 *   answers arriving together never race each other and an answer costs the same for 5 or
 *   5,000 invitees.
 *
 * Reading every invitation of a meeting (the full MeetingDocument, the summary) is one query on
 * `meetingId`; only the tab's detail, reminders, edits, cancellation, the minutes and a recount of
 * the summary do it (the refresh after answers never does: it applies deltas).
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import {
  INVITATION_TYPE,
  MEETING_TYPE,
  invitationDocumentId,
  meetingDocumentId,
  type InvitationDocument,
  type Invitee,
  type MeetingDocument,
  type Rsvp,
  type StoredMeeting,
} from './meeting-model';
import { summariseAttendance } from './meeting-rules';
import { forEachConcurrently } from '../scheduling/concurrency';

// Invitations of a convocation are written a few at a time: a network's worth of creates
// without flooding the store (Cosmos DB request units, SQLite's one writer).
const CREATE_CONCURRENCY = 8;

/** The fields of an invitation the summary and the lists need (not the history's every entry twice). */
type InvitationRow = Pick<InvitationDocument, 'id' | 'networkId' | 'type' | 'aadObjectId' | 'tenantId' | 'name' | 'agencyCode' | 'language' | 'rsvp'>;

/** A meeting stored before invitations had their own documents: the invitee list inside it. */
type LegacyMeeting = StoredMeeting & { readonly invited?: readonly Invitee[]; readonly rsvps?: unknown };

export class MeetingRepository {
  /** `now`: the clock a moved meeting's summary is stamped with (the service's). */
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The meeting document alone (one point read). */
  async meeting(networkId: string, meetingId: string): Promise<Versioned<StoredMeeting> | undefined> {
    const found = await this.store.get<LegacyMeeting>(networkId, meetingDocumentId(meetingId));
    if (!found || !Array.isArray(found.document.invited)) return found;
    return this.migrate(found as Versioned<LegacyMeeting> & { document: { invited: readonly Invitee[] } });
  }

  /**
   * The meeting document and one person's invitation, read together (two point reads); the
   * invitation is undefined when they are not invited. A meeting still holding its invitee list
   * is moved to invitations first, then the invitation read again.
   */
  async meetingAndInvitation(networkId: string, meetingId: string, aadObjectId: string): Promise<{ meeting?: Versioned<StoredMeeting>; invitation?: Versioned<InvitationDocument> }> {
    const [found, invitation] = await Promise.all([this.store.get<LegacyMeeting>(networkId, meetingDocumentId(meetingId)), this.invitation(networkId, meetingId, aadObjectId)]);
    if (!found || !Array.isArray(found.document.invited)) return { ...(found ? { meeting: found } : {}), ...(invitation ? { invitation } : {}) };
    const meeting = await this.migrate(found as Versioned<LegacyMeeting> & { document: { invited: readonly Invitee[] } });
    const again = await this.invitation(networkId, meetingId, aadObjectId);
    return { ...(meeting ? { meeting } : {}), ...(again ? { invitation: again } : {}) };
  }

  /** One person's invitation to one meeting (one point read): undefined when they are not invited. */
  async invitation(networkId: string, meetingId: string, aadObjectId: string): Promise<Versioned<InvitationDocument> | undefined> {
    return this.store.get<InvitationDocument>(networkId, invitationDocumentId(meetingId, aadObjectId));
  }

  /** The meeting with every invitee and answer: the meeting document and one query of its invitations. */
  async get(networkId: string, meetingId: string): Promise<Versioned<MeetingDocument> | undefined> {
    const found = await this.meeting(networkId, meetingId);
    if (!found) return undefined;
    return { document: assemble(found.document, await this.invitations(networkId, meetingId)), etag: found.etag };
  }

  /** Every meeting document (no invitation is read: the list shows the summaries). */
  async all(networkId: string): Promise<StoredMeeting[]> {
    const found = await this.store.query<StoredMeeting>(networkId, { type: MEETING_TYPE, orderBy: { path: 'start', direction: 'desc' } });
    return found.map((entry) => entry.document);
  }

  /** Scheduled meetings starting after `from` (ISO): the ones a reminder or a summary may still be due for. */
  async upcoming(networkId: string, from: string): Promise<StoredMeeting[]> {
    const found = await this.store.query<StoredMeeting>(networkId, {
      type: MEETING_TYPE,
      where: [
        { path: 'status', op: '=', value: 'scheduled' },
        { path: 'start', op: '>', value: from },
      ],
    });
    return found.map((entry) => entry.document);
  }

  /** Every invitation of a meeting, by agency then name. */
  async invitations(networkId: string, meetingId: string): Promise<InvitationRow[]> {
    const found = await this.store.query<InvitationRow>(networkId, {
      type: INVITATION_TYPE,
      where: [{ path: 'meetingId', op: '=', value: meetingId }],
      fields: ['aadObjectId', 'tenantId', 'name', 'agencyCode', 'language', 'rsvp'],
    });
    return found.map((entry) => entry.document).sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.name.localeCompare(b.name, 'fr') || a.id.localeCompare(b.id));
  }

  /** Whether anyone answered at or after `since` (ISO): at most one invitation is returned. */
  async answeredSince(networkId: string, meetingId: string, since: string): Promise<boolean> {
    const found = await this.store.query<InvitationDocument>(networkId, {
      type: INVITATION_TYPE,
      where: [
        { path: 'meetingId', op: '=', value: meetingId },
        { path: 'answeredAt', op: '>=', value: since },
      ],
      fields: ['answeredAt'],
      limit: 1,
    });
    return found.length > 0;
  }

  /**
   * Issues a meeting: its invitations first, then the meeting document, so a meeting that
   * exists always has all of them (a crash in between leaves invitations nobody can reach).
   */
  async create(meeting: MeetingDocument): Promise<Versioned<StoredMeeting>> {
    const { invited, rsvps, ...stored } = meeting;
    await forEachConcurrently(invited, CREATE_CONCURRENCY, async (invitee) => {
      const answer = rsvps[invitee.aadObjectId.toLowerCase()];
      await this.store.create(invitationOf(stored, invitee, answer));
    });
    return this.store.create<StoredMeeting>(stored);
  }

  /** Throws StoreConflictError when someone wrote since `etag` was read. Invitations are kept apart. */
  async replace(meeting: StoredMeeting, etag: string): Promise<Versioned<StoredMeeting>> {
    return this.store.replace<StoredMeeting>(storedPart(meeting), etag);
  }

  /** One person's answer, if their invitation is still the version read (else StoreConflictError). */
  async saveInvitation(invitation: InvitationDocument, etag: string): Promise<Versioned<InvitationDocument>> {
    return this.store.replace(invitation, etag);
  }

  /**
   * A meeting stored with its invitee list inside (before invitations had their own documents):
   * each invitee gets their invitation (keeping an answer already stored under the same id),
   * then the meeting document loses the list and gains its summary. Once per such meeting.
   */
  private async migrate(found: Versioned<LegacyMeeting> & { document: { invited: readonly Invitee[] } }): Promise<Versioned<StoredMeeting> | undefined> {
    const { invited, rsvps: _rsvps, ...rest } = found.document;
    await forEachConcurrently(invited, CREATE_CONCURRENCY, async (invitee) => {
      const current = await this.store.get<InvitationDocument>(rest.networkId, invitationDocumentId(rest.meetingId, invitee.aadObjectId));
      if (current?.document.agencyCode) return;
      const answer = (current?.document as { rsvp?: Rsvp } | undefined)?.rsvp;
      const invitation = invitationOf(rest, invitee, answer);
      try {
        if (current) await this.store.replace(invitation, current.etag);
        else await this.store.create(invitation);
      } catch (error) {
        // The person answered (or another instance migrated) meanwhile: theirs stands.
        if (!(error instanceof StoreConflictError)) throw error;
      }
    });
    const now = this.now();
    const migrated: StoredMeeting = {
      ...rest,
      attendance: summariseAttendance(await this.invitations(rest.networkId, rest.meetingId), now),
      refreshFor: rest.refreshFor ?? invited.slice(0, 60).map((invitee) => invitee.aadObjectId.toLowerCase()),
    };
    try {
      return await this.store.replace(migrated, found.etag);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      return this.meeting(rest.networkId, rest.meetingId);
    }
  }
}

function invitationOf(meeting: Pick<StoredMeeting, 'networkId' | 'meetingId'>, invitee: Invitee, answer: Rsvp | undefined): InvitationDocument {
  const aadObjectId = invitee.aadObjectId.toLowerCase();
  return {
    id: invitationDocumentId(meeting.meetingId, aadObjectId),
    networkId: meeting.networkId,
    type: INVITATION_TYPE,
    meetingId: meeting.meetingId,
    aadObjectId,
    tenantId: invitee.tenantId,
    name: invitee.name,
    agencyCode: invitee.agencyCode,
    language: invitee.language,
    ...(answer ? { rsvp: answer, answeredAt: answer.at } : {}),
  };
}

/** The meeting document's own fields: a full MeetingDocument passed in never writes its lists. */
function storedPart(meeting: StoredMeeting): StoredMeeting {
  const { invited: _invited, rsvps: _rsvps, ...stored } = meeting as MeetingDocument;
  return stored;
}

function assemble(meeting: StoredMeeting, invitations: readonly InvitationRow[]): MeetingDocument {
  return {
    ...meeting,
    invited: invitations.map(({ aadObjectId, tenantId, name, agencyCode, language }) => ({ aadObjectId, tenantId, name, agencyCode, language })),
    rsvps: Object.fromEntries(invitations.flatMap((invitation) => (invitation.rsvp ? [[invitation.aadObjectId, invitation.rsvp]] : []))),
  };
}

