/**
 * Meeting documents in the store: knows the store and the document shapes, nothing of the
 * rules. A convocation reaches everyone at once and the answers come back together, so each
 * person's answer is its own document (`meeting-rsvp:<meeting>:<person>`): answers never race
 * each other, and the meeting document itself is only written by co-chairs and the reminder
 * (replace-if-match on its ETag). Reads merge the answers back into `rsvps`.
 */
import type { DocumentStore, StoredDocument, Versioned } from '../store/document-store';
import { MEETING_TYPE, meetingDocumentId, type MeetingDocument, type Rsvp } from './meeting-model';

export const MEETING_RSVP_TYPE = 'meetingRsvp';
const rsvpDocumentId = (meetingId: string, aadObjectId: string) => `meeting-rsvp:${meetingId}:${aadObjectId.toLowerCase()}`;

interface RsvpDocument extends StoredDocument {
  readonly type: typeof MEETING_RSVP_TYPE;
  readonly meetingId: string;
  readonly aadObjectId: string;
  readonly rsvp: Rsvp;
}

export class MeetingRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(networkId: string, meetingId: string): Promise<Versioned<MeetingDocument> | undefined> {
    const [found, rsvps] = await Promise.all([this.store.get<MeetingDocument>(networkId, meetingDocumentId(meetingId)), this.rsvps(networkId, meetingId)]);
    return found && { document: { ...found.document, rsvps: Object.fromEntries(rsvps.map((entry) => [entry.document.aadObjectId, entry.document.rsvp])) }, etag: found.etag };
  }

  async all(networkId: string): Promise<MeetingDocument[]> {
    const [meetings, rsvps] = await Promise.all([
      this.store.query<MeetingDocument>(networkId, { type: MEETING_TYPE, orderBy: { path: 'start', direction: 'desc' } }),
      this.store.query<RsvpDocument>(networkId, { type: MEETING_RSVP_TYPE }),
    ]);
    const byMeeting = new Map<string, Record<string, Rsvp>>();
    for (const { document } of rsvps) {
      const answers = byMeeting.get(document.meetingId) ?? {};
      answers[document.aadObjectId] = document.rsvp;
      byMeeting.set(document.meetingId, answers);
    }
    return meetings.map(({ document }) => ({ ...document, rsvps: byMeeting.get(document.meetingId) ?? {} }));
  }

  /** Scheduled meetings starting after `from` (ISO): the ones a reminder may still be due for. */
  async upcoming(networkId: string, from: string): Promise<MeetingDocument[]> {
    const found = await this.store.query<MeetingDocument>(networkId, {
      type: MEETING_TYPE,
      where: [
        { path: 'status', op: '=', value: 'scheduled' },
        { path: 'start', op: '>', value: from },
      ],
    });
    return found.map((entry) => entry.document);
  }

  async create(meeting: MeetingDocument): Promise<Versioned<MeetingDocument>> {
    const created = await this.store.create({ ...meeting, rsvps: {} });
    return { document: meeting, etag: created.etag };
  }

  /** Throws StoreConflictError when someone wrote since `etag` was read. Answers are kept apart. */
  async replace(meeting: MeetingDocument, etag: string): Promise<Versioned<MeetingDocument>> {
    const written = await this.store.replace({ ...meeting, rsvps: {} }, etag);
    return { document: meeting, etag: written.etag };
  }

  /** One person's answer: created, or replaced if it is still the one read (their own double click). */
  async saveRsvp(networkId: string, meetingId: string, aadObjectId: string, rsvp: Rsvp): Promise<void> {
    const id = rsvpDocumentId(meetingId, aadObjectId);
    const document: RsvpDocument = { id, networkId, type: MEETING_RSVP_TYPE, meetingId, aadObjectId: aadObjectId.toLowerCase(), rsvp };
    const current = await this.store.get<RsvpDocument>(networkId, id);
    if (current) await this.store.replace(document, current.etag);
    else await this.store.create(document);
  }

  private rsvps(networkId: string, meetingId: string): Promise<Versioned<RsvpDocument>[]> {
    return this.store.query<RsvpDocument>(networkId, { type: MEETING_RSVP_TYPE, where: [{ path: 'meetingId', op: '=', value: meetingId }] });
  }
}
