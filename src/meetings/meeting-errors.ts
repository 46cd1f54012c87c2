/**
 * Errors of the meetings slice: thrown by the rules and the service with a code, mapped to a
 * card message (bot) or an HTTP status (tab API) only at the edge, as every FeatureError
 * (src/api/feature-error.ts). Messages here are for logs; users see the translated
 * `meetings.error.<code>` string.
 */
import { FeatureError } from '../api/feature-error';
import type { Language } from '../i18n';

export type MeetingErrorCode =
  | 'invalidConvocation'
  | 'endBeforeStart'
  | 'startInPast'
  | 'unknownTimeZone'
  | 'unknownMeeting'
  | 'cancelled'
  | 'notInvited'
  | 'delegateOtherAgency'
  | 'delegateUnknown'
  | 'meetingNotOver'
  | 'noInvitees';

export const MEETING_ERROR_STATUS: Record<MeetingErrorCode, 400 | 403 | 404 | 409> = {
  invalidConvocation: 400,
  endBeforeStart: 400,
  startInPast: 400,
  unknownTimeZone: 400,
  unknownMeeting: 404,
  cancelled: 409,
  notInvited: 403,
  delegateOtherAgency: 403,
  delegateUnknown: 400,
  meetingNotOver: 409,
  noInvitees: 400,
};

export class MeetingError extends FeatureError<MeetingErrorCode> {
  constructor(
    code: MeetingErrorCode,
    message: string,
    /** The details in the reader's language, when `message` (for the logs) is not for people. */
    readonly detailsIn?: (language: Language) => string,
  ) {
    super({ catalogue: 'meetings.error', statuses: MEETING_ERROR_STATUS }, code, message);
  }

  protected override messageValues(language: Language): Record<string, string> {
    return { details: this.detailsIn?.(language) ?? this.message };
  }
}
