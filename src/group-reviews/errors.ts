/**
 * Errors of the working-group review slice: thrown by the service with a code, mapped to an HTTP
 * status at the edge, as every FeatureError (src/api/feature-error.ts). Users read `groupReview.error.<code>`, which always
 * says that nothing was changed.
 */
import { FeatureError } from '../api/feature-error';
import { detailsIn, type InReaderLanguage } from '../api/input-problems';
import type { Language } from '../i18n';

export type GroupReviewErrorCode = 'notAMember' | 'forbidden' | 'unknownGroup' | 'groupClosed' | 'reviewOpen' | 'noConsultation' | 'invalidProposal' | 'invalidComment';

export const GROUP_REVIEW_ERROR_STATUS: Record<GroupReviewErrorCode, 400 | 403 | 404 | 409> = {
  notAMember: 403,
  forbidden: 403,
  unknownGroup: 404,
  groupClosed: 409,
  reviewOpen: 409,
  noConsultation: 409,
  invalidProposal: 400,
  invalidComment: 400,
};

export class GroupReviewError extends FeatureError<GroupReviewErrorCode> {
  constructor(
    code: GroupReviewErrorCode,
    message: string,
    /** What the reader is told besides the code's sentence: in their language. */
    readonly details: string | InReaderLanguage = '',
  ) {
    super({ catalogue: 'groupReview.error', statuses: GROUP_REVIEW_ERROR_STATUS }, code, message);
  }

  protected override messageValues(language: Language): Record<string, string> {
    return { details: detailsIn(this.details, language) };
  }
}
