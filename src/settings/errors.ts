/**
 * Errors of the settings slice: thrown by the service with a code, mapped to an HTTP status
 * (tab API) only at the edge, as every FeatureError (src/api/feature-error.ts). Users see `settings.error.<code>`,
 * which always says that nothing was changed.
 */
import { FeatureError } from '../api/feature-error';

export type SettingsErrorCode = 'notAMember' | 'forbidden' | 'channelNotInstalled' | 'sameChannel' | 'unknownTimeZone' | 'invalidMeetingReminder' | 'invalidDecisionReminders';

export const SETTINGS_ERROR_STATUS: Record<SettingsErrorCode, 400 | 403> = {
  notAMember: 403,
  forbidden: 403,
  channelNotInstalled: 400,
  sameChannel: 400,
  unknownTimeZone: 400,
  invalidMeetingReminder: 400,
  invalidDecisionReminders: 400,
};

export class SettingsError extends FeatureError<SettingsErrorCode> {
  constructor(
    code: SettingsErrorCode,
    message: string,
    /** What the reader is told besides the code's sentence (the channel, zone or hours refused). */
    readonly details: string = '',
  ) {
    super({ catalogue: 'settings.error', statuses: SETTINGS_ERROR_STATUS }, code, message);
  }

  protected override messageValues(): Record<string, string> {
    return { details: this.details };
  }
}
