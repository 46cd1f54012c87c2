/**
 * Errors of the work-plan slice: thrown by the service with a code, mapped to an HTTP status
 * (tab API) or a card message only at the edge, as every FeatureError (src/api/feature-error.ts). Users see
 * `workplan.error.<code>`, which always says that nothing was changed.
 */
import { FeatureError } from '../api/feature-error';
import { detailsIn, type InReaderLanguage } from '../api/input-problems';
import type { Language } from '../i18n';

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

export class WorkplanError extends FeatureError<WorkplanErrorCode> {
  constructor(
    code: WorkplanErrorCode,
    message: string,
    /** What the reader is told besides the code's sentence (the fields refused, the units): in their language. */
    readonly details: string | InReaderLanguage = '',
  ) {
    super({ catalogue: 'workplan.error', statuses: WORKPLAN_ERROR_STATUS }, code, message);
  }

  protected override messageValues(language: Language): Record<string, string> {
    return { details: detailsIn(this.details, language) };
  }
}
