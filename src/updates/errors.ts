/**
 * Errors of the updates slice: thrown by the service with a code, mapped to a card message
 * (bot) or an HTTP status (tab API, through ApiMappableError) only at the edge.
 */
import type { ApiMappableError } from '../api/http';
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

export class UpdateError extends Error implements ApiMappableError {
  constructor(
    readonly code: UpdateErrorCode,
    message: string,
    readonly problems: readonly UpdateProblem[] = [],
  ) {
    super(message);
    this.name = 'UpdateError';
  }

  /** The reader's message: what was refused and, for a form, which fields to fix. */
  userMessage(language: Language): string {
    if (this.code !== 'invalidUpdate') return translate(language, `updates.error.${this.code}` as MessageKey);
    const fields = this.problems.map((problem) => translate(language, `updates.problem.${problem}` as MessageKey)).join(' ');
    return translate(language, 'updates.error.invalidUpdate', { details: fields });
  }

  apiError(language: Language): { status: number; code: string; message: string } {
    return { status: UPDATE_ERROR_STATUS[this.code], code: this.code, message: this.userMessage(language) };
  }
}
