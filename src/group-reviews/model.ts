/**
 * Documents and plain types of the working-group review slice. The review itself lives on the
 * working group's document (network/model.ts: `reviewState`, `review`, `reviewHistory`), small
 * and read by id; each member's consultation comment is its own document, listed by the
 * indexed `reviewKey` (one review's comments, never every review's).
 */
import type { ReviewOutcome } from '../network/model';
import type { StoredDocument } from '../store/document-store';

/** What the decisions slice records as the subject of a review decision (decision.subject.kind). */
export const GROUP_REVIEW_DECISION_SUBJECT = 'workingGroupReview';

export const GROUP_REVIEW_DOCUMENT_TYPES = { comment: 'workingGroupReviewComment' } as const;

/** One review of one group: the group and the review date it is for. */
export const reviewKey = (groupId: string, reviewDate: string) => `${groupId}:${reviewDate}`;
/** One comment per member and review: commenting again replaces it. */
export const reviewCommentDocumentId = (groupId: string, reviewDate: string, aadObjectId: string) => `working-group-review-comment:${groupId}:${reviewDate}:${aadObjectId.toLowerCase()}`;

export interface ReviewCommentDocument extends StoredDocument {
  readonly type: typeof GROUP_REVIEW_DOCUMENT_TYPES.comment;
  readonly reviewKey: string;
  readonly groupId: string;
  readonly reviewDate: string;
  /** What the member would have ExCom decide. */
  readonly position: ReviewOutcome;
  readonly text: string;
  readonly agencyCode: string;
  readonly author: { readonly aadObjectId: string; readonly name: string };
  readonly at: string;
}
