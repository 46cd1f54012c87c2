/**
 * Errors of the decisions slice: thrown by the service with a code, mapped to a card message
 * (bot) or an HTTP status (tab API — also where another slice opens a decision, as the work plan's
 * submission does) only at the edge, as every FeatureError (src/api/feature-error.ts). Users see `decisions.error.<code>`.
 */
import { FeatureError } from '../api/feature-error';
import type { Language } from '../i18n';

export type DecisionErrorCode =
  | 'notAMember'
  | 'forbidden'
  | 'unknownPoll'
  | 'unknownDecision'
  | 'closed'
  | 'wrongPhase'
  | 'wrongNetwork'
  | 'invalidInput'
  | 'invalidSlot'
  | 'impossibleSlot'
  | 'incompleteSlot'
  | 'invalidOption'
  | 'noChoice'
  | 'commentRequired'
  | 'commentTooLong'
  | 'otherAgency';

export class DecisionError extends FeatureError<DecisionErrorCode> {
  constructor(
    code: DecisionErrorCode,
    message: string,
    /** More values the reader's message names (e.g. a slot example computed from today). */
    readonly values: Readonly<Record<string, string>> = {},
    /** The details in the reader's language, when `message` (for the logs) is not for people. */
    readonly detailsIn?: (language: Language) => string,
  ) {
    super({ catalogue: 'decisions.error', statuses: DECISION_ERROR_STATUS }, code, message);
  }

  /** Refused input: `message` for the logs, `detailsIn` for the reader (issue 15: never English to a French reader). */
  static invalidInput(message: string, detailsIn: (language: Language) => string): DecisionError {
    return new DecisionError('invalidInput', message, {}, detailsIn);
  }

  protected override messageValues(language: Language): Record<string, string> {
    return { details: this.detailsIn?.(language) ?? this.message, ...this.values };
  }
}

export const DECISION_ERROR_STATUS: Record<DecisionErrorCode, 400 | 403 | 404 | 409> = {
  notAMember: 403,
  forbidden: 403,
  unknownPoll: 404,
  unknownDecision: 404,
  closed: 409,
  wrongPhase: 409,
  wrongNetwork: 400,
  invalidInput: 400,
  invalidSlot: 400,
  impossibleSlot: 400,
  incompleteSlot: 400,
  invalidOption: 400,
  noChoice: 400,
  commentRequired: 400,
  commentTooLong: 400,
  otherAgency: 403,
};
