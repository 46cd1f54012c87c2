/**
 * Errors of the updates slice: thrown by the service with a code, mapped to a card message
 * (bot) or an HTTP status (tab API) only at the edge, as every FeatureError (src/api/feature-error.ts).
 */
import { FeatureError } from '../api/feature-error';
import { translate, type Language, type MessageKey } from '../i18n';

export type UpdateErrorCode = 'invalidUpdate' | 'forbidden' | 'notAMember' | 'unknownUpdate' | 'invalidPeriod';

/** Which field of an update is wrong, so the form can say it in words. */
export type UpdateProblem = 'title' | 'summary' | 'link' | 'kind' | 'agency' | 'objectives';

export const UPDATE_ERROR_STATUS: Record<UpdateErrorCode, 400 | 403 | 404> = {
  invalidUpdate: 400,
  forbidden: 403,
  notAMember: 403,
  unknownUpdate: 404,
  invalidPeriod: 400,
};

export class UpdateError extends FeatureError<UpdateErrorCode> {
  constructor(
    code: UpdateErrorCode,
    message: string,
    readonly problems: readonly UpdateProblem[] = [],
  ) {
    super({ catalogue: 'updates.error', statuses: UPDATE_ERROR_STATUS }, code, message);
  }

  /** What was refused and, for a form, which fields to fix (the log message is not for people). */
  protected override messageValues(language: Language): Record<string, string> {
    return { details: this.problems.map((problem) => translate(language, `updates.problem.${problem}` as MessageKey)).join(' ') };
  }
}
