/**
 * Rules of the network settings (pure: no SDK, no store): which installed channel a choice
 * names, which language, time zone and reminder offsets a network may have, the document after
 * a change, what changed (for the audit trail), and what applies when a network set nothing.
 */
import type { ChannelChoices, ConversationDocument } from '../delivery/conversation-installations';
import { SettingsError } from './errors';
import {
  DECISION_REMINDERS_MAX,
  NETWORK_PREFERENCE_KEYS,
  REMINDER_HOURS_MAX,
  REMINDER_HOURS_MIN,
  SETTINGS_DOCUMENT_TYPE,
  SETTINGS_ID,
  type ChosenChannel,
  type NetworkDefaults,
  type NetworkPreferences,
  type NetworkSettingsDocument,
  type SettingsChange,
} from './model';

/** The zone an error names as an example (the network's home). */
export const EXAMPLE_TIME_ZONE = 'Africa/Conakry';

/** A channel the bot is installed in, as the settings page lists it. */
export function chosenChannelOf(document: ConversationDocument): ChosenChannel {
  return {
    conversationId: document.conversationId,
    ...(document.teamId ? { teamId: document.teamId } : {}),
    ...(document.channel?.name ? { name: document.channel.name } : {}),
    ...(document.channel?.type ? { type: document.channel.type } : {}),
  };
}

/**
 * The channel a choice names, checked against where the bot is installed now: a channel it was
 * never added to (or has left) cannot receive the network's posts, so it is refused.
 */
function chosen(id: string | null, installed: readonly ConversationDocument[], which: 'excom' | 'general'): ChosenChannel | undefined {
  if (id === null) return undefined;
  const found = installed.find((document) => document.conversationId === id && document.scope === 'channel' && document.installed);
  if (!found) throw new SettingsError('channelNotInstalled', `${which}: the bot is not installed in ${JSON.stringify(id).slice(0, 80)}`, id.slice(0, 80));
  return chosenChannelOf(found);
}

/**
 * An IANA time zone name as the runtime knows it (`Intl.DateTimeFormat` refuses unknown ones),
 * in its canonical spelling (`africa/conakry` → `Africa/Conakry`). Offsets like `+01:00` and
 * abbreviations are refused too: they do not follow summer time, and the network's cards and
 * ICS files need a named zone.
 */
export function canonicalTimeZone(name: string): string {
  const trimmed = name.trim();
  if (/^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/.test(trimmed) && trimmed.length <= 64) {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
    } catch {
      // RangeError: not a zone the runtime knows; refused below.
    }
  }
  throw new SettingsError('unknownTimeZone', `Unknown time zone ${JSON.stringify(trimmed).slice(0, 80)} (e.g. ${EXAMPLE_TIME_ZONE}).`, trimmed.slice(0, 64));
}

const isReminderHours = (hours: number) => Number.isInteger(hours) && hours >= REMINDER_HOURS_MIN && hours <= REMINDER_HOURS_MAX;

/** Hours before a meeting when those who have not answered are reminded: a whole number, 1–336. */
export function meetingReminderHoursOf(hours: number): number {
  if (!isReminderHours(hours)) throw new SettingsError('invalidMeetingReminder', `Meeting reminder: ${hours} is not a whole number of hours from 1 to 336.`, String(hours).slice(0, 20));
  return hours;
}

/** A decision's default reminders: 1–3 distinct whole numbers of hours, 1–336 each, latest first (48, 24). */
export function decisionReminderHoursOf(hours: readonly number[]): readonly number[] {
  const valid = hours.length >= 1 && hours.length <= DECISION_REMINDERS_MAX && hours.every(isReminderHours) && new Set(hours).size === hours.length;
  if (!valid) throw new SettingsError('invalidDecisionReminders', `Decision reminders: ${JSON.stringify(hours).slice(0, 60)} are not 1 to 3 distinct whole numbers of hours from 1 to 336.`, hours.join(', ').slice(0, 40));
  return [...hours].sort((a, b) => b - a);
}

/** The language, zone and reminders a change asks for, checked (each absent one stays as it was). */
function preferencesAsked(change: SettingsChange): Partial<NetworkPreferences> {
  return {
    ...(change.language !== undefined ? { language: change.language } : {}),
    ...(change.timeZone !== undefined ? { timeZone: canonicalTimeZone(change.timeZone) } : {}),
    ...(change.meetingReminderHours !== undefined ? { meetingReminderHours: meetingReminderHoursOf(change.meetingReminderHours) } : {}),
    ...(change.decisionReminderHours !== undefined ? { decisionReminderHours: decisionReminderHoursOf(change.decisionReminderHours) } : {}),
  };
}

/**
 * The settings after a co-chair's change: each part given replaces the stored one, each part
 * absent stays; refused as a whole when any part is refused.
 */
export function applySettingsChange(
  current: NetworkSettingsDocument | undefined,
  change: SettingsChange,
  installed: readonly ConversationDocument[],
  context: { readonly networkId: string; readonly actor: string; readonly now: Date },
): NetworkSettingsDocument {
  const excomChannel = change.excomChannelId === undefined ? current?.excomChannel : chosen(change.excomChannelId, installed, 'excom');
  const generalChannel = change.generalChannelId === undefined ? current?.generalChannel : chosen(change.generalChannelId, installed, 'general');
  // One channel for both would post every ExCom card among everything else: nothing chosen does that already.
  if (excomChannel && generalChannel && excomChannel.conversationId === generalChannel.conversationId) {
    throw new SettingsError('sameChannel', 'The ExCom channel and the general channel must differ.');
  }
  const preferences = preferencesAsked(change);
  const { excomChannel: _excom, generalChannel: _general, ...kept } = current ?? { id: SETTINGS_ID, networkId: context.networkId, type: SETTINGS_DOCUMENT_TYPE };
  return {
    ...kept,
    ...preferences,
    id: SETTINGS_ID,
    networkId: context.networkId,
    type: SETTINGS_DOCUMENT_TYPE,
    ...(excomChannel ? { excomChannel } : {}),
    ...(generalChannel ? { generalChannel } : {}),
    updatedAt: context.now.toISOString(),
    updatedBy: context.actor,
  };
}

/** The parts of the settings that are the network's choices (not when or by whom). */
const CHANGEABLE_KEYS = ['excomChannel', 'generalChannel', ...NETWORK_PREFERENCE_KEYS] as const;
type ChangeableKey = (typeof CHANGEABLE_KEYS)[number];

/**
 * What a change changed, for its audit entry: each part that differs, before → after (null when
 * not set, i.e. the deployment's default or no channel), and the entry's action — `settings.channels`
 * when only channels changed, `settings.network` when the language, zone or reminders did.
 * Nothing changed → undefined (nothing to store, nothing to audit).
 */
export function settingsDifference(
  before: NetworkSettingsDocument | undefined,
  after: NetworkSettingsDocument,
): { readonly action: 'settings.channels' | 'settings.network'; readonly before: Record<string, unknown>; readonly after: Record<string, unknown> } | undefined {
  const changed = CHANGEABLE_KEYS.filter((key) => JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after[key] ?? null));
  if (changed.length === 0) return undefined;
  const pick = (document: NetworkSettingsDocument | undefined) => Object.fromEntries(changed.map((key: ChangeableKey) => [key, document?.[key] ?? null]));
  const network = changed.some((key) => (NETWORK_PREFERENCE_KEYS as readonly string[]).includes(key));
  return { action: network ? 'settings.network' : 'settings.channels', before: pick(before), after: pick(after) };
}

/** The language, zone and reminders that apply to a network: its own, else the deployment's. */
export function preferencesOf(settings: NetworkSettingsDocument | undefined, defaults: NetworkDefaults): NetworkPreferences {
  return {
    language: settings?.language ?? defaults.language,
    timeZone: settings?.timeZone ?? defaults.timeZone,
    meetingReminderHours: settings?.meetingReminderHours ?? defaults.meetingReminderHours,
    decisionReminderHours: settings?.decisionReminderHours ?? defaults.decisionReminderHours,
  };
}

/** What delivery needs of the settings: the chosen conversations. */
export function channelChoicesOf(settings: NetworkSettingsDocument | undefined): ChannelChoices | undefined {
  if (!settings) return undefined;
  return {
    ...(settings.excomChannel ? { excom: settings.excomChannel.conversationId } : {}),
    ...(settings.generalChannel ? { general: settings.generalChannel.conversationId } : {}),
  };
}
