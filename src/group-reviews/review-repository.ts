/**
 * The store access of working-group reviews: the group's document by id (its review lives on it,
 * written on its ETag), the groups the tick looks at by the indexed `reviewState` + `reviewDate`,
 * and one review's comments by the indexed `reviewKey`. Knows the store, nothing of the rules.
 */
import { DOCUMENT_TYPES, workingGroupDocumentId, type WorkingGroupDocument } from '../network/model';
import type { DocumentStore, Versioned } from '../store/document-store';
import { updateDocument } from '../store/retry';
import { GROUP_REVIEW_DOCUMENT_TYPES, reviewCommentDocumentId, type ReviewCommentDocument } from './model';

export class GroupReviewRepository {
  constructor(private readonly store: DocumentStore) {}

  getGroup(networkId: string, groupId: string): Promise<Versioned<WorkingGroupDocument> | undefined> {
    return this.store.get<WorkingGroupDocument>(networkId, workingGroupDocumentId(groupId));
  }

  /** Read, change, write on the ETag, again on a conflict (`mutate` may throw to refuse). */
  updateGroup(networkId: string, groupId: string, mutate: (group: WorkingGroupDocument) => WorkingGroupDocument): Promise<Versioned<WorkingGroupDocument>> {
    return updateDocument<WorkingGroupDocument>(this.store, networkId, workingGroupDocumentId(groupId), mutate);
  }

  /** Groups waiting for a review whose date is on or before `today` (indexed). */
  async dueGroups(networkId: string, today: string): Promise<WorkingGroupDocument[]> {
    const found = await this.store.query<WorkingGroupDocument>(networkId, {
      type: DOCUMENT_TYPES.workingGroup,
      where: [
        { path: 'reviewState', op: '=', value: 'waiting' },
        { path: 'reviewDate', op: '<=', value: today },
      ],
    });
    return found.map((entry) => entry.document);
  }

  /**
   * Groups created before reviews existed (no `reviewState`), whose review date has come: a fixed
   * set that only shrinks (every group created since has a state, and opening a review sets it).
   */
  async dueGroupsFromBeforeReviews(networkId: string, today: string): Promise<WorkingGroupDocument[]> {
    const found = await this.store.query<WorkingGroupDocument>(networkId, {
      type: DOCUMENT_TYPES.workingGroup,
      where: [
        { path: 'reviewState', op: 'missing' },
        { path: 'reviewDate', op: '<=', value: today },
      ],
    });
    return found.map((entry) => entry.document);
  }

  /** Groups whose review awaits ExCom's decision (indexed): the tick asks for outcomes not taken in. */
  async awaitingDecision(networkId: string): Promise<WorkingGroupDocument[]> {
    const found = await this.store.query<WorkingGroupDocument>(networkId, { type: DOCUMENT_TYPES.workingGroup, where: [{ path: 'reviewState', op: '=', value: 'decision' }] });
    return found.map((entry) => entry.document);
  }

  /** A member's comment, replacing their earlier one on the same review. */
  async putComment(comment: ReviewCommentDocument): Promise<void> {
    await this.store.upsert(comment);
  }

  async getComment(networkId: string, groupId: string, reviewDate: string, aadObjectId: string): Promise<ReviewCommentDocument | undefined> {
    return (await this.store.get<ReviewCommentDocument>(networkId, reviewCommentDocumentId(groupId, reviewDate, aadObjectId)))?.document;
  }

  async comments(networkId: string, reviewKey: string): Promise<ReviewCommentDocument[]> {
    const found = await this.store.query<ReviewCommentDocument>(networkId, { type: GROUP_REVIEW_DOCUMENT_TYPES.comment, where: [{ path: 'reviewKey', op: '=', value: reviewKey }] });
    return found.map((entry) => entry.document).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }
}
