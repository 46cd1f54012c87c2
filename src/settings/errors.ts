/**
 * Errors of the settings slice: thrown by the service with a code, mapped to an HTTP status
 * (tab API, through ApiMappableError) only at the edge. Users see `settings.error.<code>`,
 * which always says that nothing was changed.
 */
import type { ApiMappableError } from '../api/http';
import { translate, type Language } from '../i18n';

export type SettingsErrorCode = 'forbidden' | 'channelNotInstalled' | 'sameChannel' | 'unknownTimeZone' | 'invalidMeetingReminder' | 'invalidDecisionReminders';

export const SETTINGS_ERROR_STATUS: Record<SettingsErrorCode, 400 | 403> = {
  forbidden: 403,
  channelNotInstalled: 400,
  sameChannel: 400,
  unknownTimeZone: 400,
  invalidMeetingReminder: 400,
  invalidDecisionReminders: 400,
};

export class SettingsError extends Error implements ApiMappableError {
  constructor(
    readonly code: SettingsErrorCode,
    message: string,
    /** What the reader is told besides the code's sentence (the channel, zone or hours refused). */
    readonly details: string = '',
  ) {
    super(message);
    this.name = 'SettingsError';
  }

  apiError(language: Language): { status: number; code: string; message: string } {
    return { status: SETTINGS_ERROR_STATUS[this.code], code: this.code, message: translate(language, `settings.error.${this.code}`, { details: this.details }) };
  }
}
