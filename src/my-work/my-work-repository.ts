/**
 * The documents "My work" reads, and nothing else: the open items of each kind by an indexed
 * field (STORE_INDEXES, typed partial indexes), then the reader's own answer to each by its id.
 * What is open is what is in flight — closed polls and decisions, delivered statements, past
 * meetings and confirmed members are never read — and each list stops at MY_WORK_LIMIT.
 */
import { DECISION_DOCUMENT_TYPES, POLL_AUDIENCE_PAGE, pollAnswerDocumentId, pollAudienceDocumentId, type DecisionDocument, type PollAudienceDocument, type PollDocument } from '../decisions/model';
import { INVITATION_TYPE, MEETING_TYPE, invitationDocumentId, type InvitationDocument, type StoredMeeting } from '../meetings/meeting-model';
import { DOCUMENT_TYPES, type MemberDocument } from '../network/model';
import { STATEMENT_DOCUMENT_TYPES, type StatementDocument } from '../statements/model';
import type { DocumentStore, StoredDocument } from '../store/document-store';

/** At most this many open items of each kind are looked at: far more than a network has in flight. */
export const MY_WORK_LIMIT = 50;

export class MyWorkRepository {
  constructor(private readonly store: DocumentStore) {}

  private async open<T extends StoredDocument>(networkId: string, type: string, where: Parameters<DocumentStore['query']>[1]['where']): Promise<T[]> {
    const found = await this.store.query<T>(networkId, { type, ...(where ? { where } : {}), limit: MY_WORK_LIMIT });
    return found.map((entry) => entry.document);
  }

  /** Open polls, each with whether this person answered it and whether it was sent to them. */
  async openPolls(networkId: string, aadObjectId: string): Promise<{ poll: PollDocument; answered: boolean; inAudience: boolean }[]> {
    const polls = await this.open<PollDocument>(networkId, DECISION_DOCUMENT_TYPES.poll, [{ path: 'status', op: '=', value: 'open' }]);
    const id = aadObjectId.toLowerCase();
    return Promise.all(
      polls.map(async (poll) => {
        const answered = (await this.store.get(networkId, pollAnswerDocumentId(poll.pollId, id))) !== undefined;
        // The audience is read only for a poll not answered yet: one page per POLL_AUDIENCE_PAGE people.
        return { poll, answered, inAudience: answered || (await this.inAudience(poll, id)) };
      }),
    );
  }

  private async inAudience(poll: PollDocument, id: string): Promise<boolean> {
    const has = (people: readonly { aadObjectId: string }[]) => people.some((person) => person.aadObjectId.toLowerCase() === id);
    if (poll.audience) return has(poll.audience);
    const pages = Math.max(1, Math.ceil((poll.audienceSize ?? 0) / POLL_AUDIENCE_PAGE));
    for (let page = 0; page < pages; page += 1) {
      const found = await this.store.get<PollAudienceDocument>(poll.networkId, pollAudienceDocumentId(poll.pollId, page));
      if (found && has(found.document.people)) return true;
    }
    return false;
  }

  /** Decisions in their ExCom phase (each carries its agencies' current positions). */
  excomDecisions(networkId: string): Promise<DecisionDocument[]> {
    return this.open<DecisionDocument>(networkId, DECISION_DOCUMENT_TYPES.decision, [{ path: 'phase', op: '=', value: 'excom' }]);
  }

  /** Statements in clearance (each carries its agencies' current clearances). */
  statementsInClearance(networkId: string): Promise<StatementDocument[]> {
    return this.open<StatementDocument>(networkId, STATEMENT_DOCUMENT_TYPES.statement, [{ path: 'status', op: '=', value: 'clearance' }]);
  }

  /** Scheduled meetings still to come, each with this person's invitation (absent: not invited). */
  async upcomingMeetings(networkId: string, aadObjectId: string, now: Date): Promise<{ meeting: StoredMeeting; invited: boolean; answered: boolean }[]> {
    const meetings = await this.open<StoredMeeting>(networkId, MEETING_TYPE, [
      { path: 'status', op: '=', value: 'scheduled' },
      { path: 'start', op: '>', value: now.toISOString() },
    ]);
    return Promise.all(
      meetings.map(async (meeting) => {
        const invitation = await this.store.get<InvitationDocument>(networkId, invitationDocumentId(meeting.meetingId, aadObjectId));
        return { meeting, invited: invitation?.document.type === INVITATION_TYPE, answered: invitation?.document.rsvp !== undefined };
      }),
    );
  }

  /** Pending members: all of them, or one agency's. */
  pendingMembers(networkId: string, agencyCode?: string): Promise<MemberDocument[]> {
    return this.open<MemberDocument>(networkId, DOCUMENT_TYPES.member, [{ path: 'status', op: '=', value: 'pending' }, ...(agencyCode ? [{ path: 'agencyCode', op: '=' as const, value: agencyCode }] : [])]);
  }
}
