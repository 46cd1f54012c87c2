/**
 * Errors of the working-group review slice: thrown by the service with a code, mapped to an HTTP
 * status at the edge (ApiMappableError). Users read `groupReview.error.<code>`, which always
 * says that nothing was changed.
 */
import type { ApiMappableError } from '../api/http';
import type { InReaderLanguage } from '../api/input-problems';
import { translate, type Language } from '../i18n';

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

export class GroupReviewError extends Error implements ApiMappableError {
  constructor(
    readonly code: GroupReviewErrorCode,
    message: string,
    /** What the reader is told besides the code's sentence: in their language. */
    readonly details: string | InReaderLanguage = '',
  ) {
    super(message);
    this.name = 'GroupReviewError';
  }

  apiError(language: Language): { status: number; code: string; message: string } {
    return { status: GROUP_REVIEW_ERROR_STATUS[this.code], code: this.code, message: translate(language, `groupReview.error.${this.code}`, { details: typeof this.details === 'string' ? this.details : this.details(language) }) };
  }
}
