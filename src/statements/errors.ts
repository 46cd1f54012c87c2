/**
 * Errors of the statements slice: thrown by the service with a code, mapped to a card message
 * (bot) or an HTTP status (tab API) only at the edge, as every FeatureError (src/api/feature-error.ts).
 * Users see `statements.error.<code>`.
 */
import { FeatureError } from '../api/feature-error';
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

export class StatementError extends FeatureError<StatementErrorCode> {
  constructor(
    code: StatementErrorCode,
    message: string,
    /** For `missingLanguage`: the languages the version still lacks, named in the reader's language. */
    readonly languages: readonly ('fr' | 'en')[] = [],
    /** What is wrong, in the reader's language (`message` is for the logs, in English). */
    readonly detailsIn?: (language: Language) => string,
  ) {
    super({ catalogue: 'statements.error', statuses: STATEMENT_ERROR_STATUS }, code, message);
  }

  /** Refused input: `message` for the logs, `detailsIn` for the reader (issue 15: never English to a French reader). */
  static invalidInput(message: string, detailsIn: (language: Language) => string): StatementError {
    return new StatementError('invalidInput', message, [], detailsIn);
  }

  protected override messageValues(language: Language): Record<string, string> {
    return { details: this.detailsIn?.(language) ?? '', languages: this.languages.map((code) => translate(language, `statements.language.${code}`)).join(', ') };
  }
}
