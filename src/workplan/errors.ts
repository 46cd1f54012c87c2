/**
 * Errors of the work-plan slice: thrown by the service with a code, mapped to an HTTP status
 * (tab API, through ApiMappableError) or a card message only at the edge. Users see
 * `workplan.error.<code>`, which always says that nothing was changed.
 */
import type { ApiMappableError } from '../api/http';
import type { InReaderLanguage } from '../api/input-problems';
import { translate, type Language } from '../i18n';

export type WorkplanErrorCode =
  | 'notAMember'
  | 'forbidden'
  | 'unknownPlan'
  | 'planExists'
  | 'unknownActivity'
  | 'invalidInput'
  | 'invalidActivity'
  | 'unknownObjective'
  | 'invalidReport'
  | 'wrongUnit'
  | 'notLeadAgency'
  | 'notInPlan'
  | 'outsidePeriod'
  | 'quarterNotStarted'
  | 'planClosed'
  | 'notAdopted'
  | 'frozen'
  | 'wrongStatus'
  | 'staleVersion'
  | 'staleActivity'
  | 'noActivities'
  | 'unknownActionItem'
  | 'wrongNetwork';

export const WORKPLAN_ERROR_STATUS: Record<WorkplanErrorCode, 400 | 403 | 404 | 409> = {
  notAMember: 403,
  forbidden: 403,
  unknownPlan: 404,
  planExists: 409,
  unknownActivity: 404,
  invalidInput: 400,
  invalidActivity: 400,
  unknownObjective: 400,
  invalidReport: 400,
  wrongUnit: 400,
  notLeadAgency: 403,
  notInPlan: 409,
  outsidePeriod: 409,
  quarterNotStarted: 409,
  planClosed: 409,
  notAdopted: 409,
  frozen: 409,
  wrongStatus: 409,
  staleVersion: 409,
  staleActivity: 409,
  noActivities: 409,
  unknownActionItem: 404,
  wrongNetwork: 400,
};

export class WorkplanError extends Error implements ApiMappableError {
  constructor(
    readonly code: WorkplanErrorCode,
    message: string,
    /** What the reader is told besides the code's sentence (the fields refused, the units): in their language. */
    readonly details: string | InReaderLanguage = '',
  ) {
    super(message);
    this.name = 'WorkplanError';
  }

  userMessage(language: Language): string {
    return translate(language, `workplan.error.${this.code}`, { details: typeof this.details === 'string' ? this.details : this.details(language) });
  }

  apiError(language: Language): { status: number; code: string; message: string } {
    return { status: WORKPLAN_ERROR_STATUS[this.code], code: this.code, message: this.userMessage(language) };
  }
}
