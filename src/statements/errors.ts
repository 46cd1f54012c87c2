/**
 * Errors of the statements slice: thrown by the service with a code, mapped to a card message
 * (bot) or an HTTP status (tab API, through ApiMappableError) only at the edge. Users see
 * `statements.error.<code>`.
 */
import type { ApiMappableError } from '../api/http';
import { translate, type Language } from '../i18n';

export type StatementErrorCode =
  | 'notAMember'
  | 'forbidden'
  | 'unknownStatement'
  | 'invalidInput'
  | 'invalidPosition'
  | 'commentRequired'
  | 'commentTooLong'
  | 'otherAgency'
  | 'notExcom'
  | 'noVersion'
  | 'notInClearance'
  | 'staleVersion'
  | 'notValidated'
  | 'delivered'
  | 'wrongNetwork'
  | 'missingLanguage';

export const STATEMENT_ERROR_STATUS: Record<StatementErrorCode, 400 | 403 | 404 | 409> = {
  notAMember: 403,
  forbidden: 403,
  unknownStatement: 404,
  invalidInput: 400,
  invalidPosition: 400,
  commentRequired: 400,
  commentTooLong: 400,
  otherAgency: 403,
  notExcom: 403,
  noVersion: 409,
  notInClearance: 409,
  staleVersion: 409,
  notValidated: 409,
  delivered: 409,
  wrongNetwork: 400,
  missingLanguage: 409,
};

export class StatementError extends Error implements ApiMappableError {
  constructor(
    readonly code: StatementErrorCode,
    message: string,
    /** For `missingLanguage`: the languages the version still lacks, named in the reader's language. */
    readonly languages: readonly ('fr' | 'en')[] = [],
    /** What is wrong, in the reader's language (`message` is for the logs, in English). */
    readonly detailsIn?: (language: Language) => string,
  ) {
    super(message);
    this.name = 'StatementError';
  }

  /** Refused input: `message` for the logs, `detailsIn` for the reader (issue 15: never English to a French reader). */
  static invalidInput(message: string, detailsIn: (language: Language) => string): StatementError {
    return new StatementError('invalidInput', message, [], detailsIn);
  }

  userMessage(language: Language): string {
    const languages = this.languages.map((code) => translate(language, `statements.language.${code}`)).join(', ');
    return translate(language, `statements.error.${this.code}`, { details: this.detailsIn?.(language) ?? '', languages });
  }

  apiError(language: Language): { status: number; code: string; message: string } {
    return { status: STATEMENT_ERROR_STATUS[this.code], code: this.code, message: this.userMessage(language) };
  }
}
