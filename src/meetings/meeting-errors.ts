/**
 * Errors of the meetings slice: thrown by the rules and the service with a code, mapped to a
 * card message (bot) or an HTTP status (tab API) only at the edge. Messages here are for logs;
 * users see the translated `meetings.error.<code>` string.
 */
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

export class MeetingError extends Error {
  constructor(
    readonly code: MeetingErrorCode,
    message: string,
    /** The details in the reader's language, when `message` (for the logs) is not for people. */
    readonly detailsIn?: (language: Language) => string,
  ) {
    super(message);
    this.name = 'MeetingError';
  }
}

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
