/**
 * The network's settings document (one per network, in its partition): the channels the
 * co-chairs chose for the network's posts, and the network's language, time zone and reminder
 * offsets. Plain types, no SDK, no store.
 */
import type { ChannelType } from '../delivery/conversation-installations';
import type { StoredDocument } from '../store/document-store';

export const SETTINGS_DOCUMENT_TYPE = 'networkSettings';
export const SETTINGS_ID = 'network-settings';

/** A channel chosen among those the bot is installed in, with what Teams said of it at the time. */
export interface ChosenChannel {
  readonly conversationId: string;
  readonly teamId?: string;
  readonly name?: string;
  readonly type?: ChannelType;
}

export interface NetworkSettingsDocument extends StoredDocument {
  readonly type: typeof SETTINGS_DOCUMENT_TYPE;
  /** Where ExCom's cards go (decisions in their ExCom phase, statement clearances). */
  readonly excomChannel?: ChosenChannel;
  /** Where every other post of the network goes (convocations, updates, digests, delivered statements). */
  readonly generalChannel?: ChosenChannel;
  /** Each absent → the deployment's default (NetworkDefaults): a network never set keeps today's behaviour. */
  readonly language?: NetworkLanguage;
  readonly timeZone?: string;
  readonly meetingReminderHours?: number;
  readonly decisionReminderHours?: readonly number[];
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type NetworkLanguage = 'fr' | 'en';

/** Reminders are sent at most two weeks ahead: the longest a convocation or decision runs ahead in practice. */
export const REMINDER_HOURS_MIN = 1;
export const REMINDER_HOURS_MAX = 336;
/** A decision's default reminders: at most three (48 h, 24 h, and a last call). */
export const DECISION_REMINDERS_MAX = 3;
/** West Africa's zones, listed first where a zone is chosen (the network and its neighbours). */
export const WEST_AFRICAN_TIME_ZONES = [
  'Africa/Conakry',
  'Africa/Dakar',
  'Africa/Abidjan',
  'Africa/Bamako',
  'Africa/Freetown',
  'Africa/Monrovia',
  'Africa/Bissau',
  'Africa/Banjul',
  'Africa/Nouakchott',
  'Africa/Ouagadougou',
  'Africa/Niamey',
  'Africa/Accra',
  'Africa/Lome',
  'Africa/Porto-Novo',
  'Africa/Lagos',
] as const;

/**
 * What a co-chair asks for, each part optional (absent = unchanged): a conversation id per
 * channel, or null for "no choice" (every channel); the network's language, time zone and
 * reminder offsets.
 */
export interface SettingsChange {
  readonly excomChannelId?: string | null;
  readonly generalChannelId?: string | null;
  readonly language?: NetworkLanguage;
  readonly timeZone?: string;
  readonly meetingReminderHours?: number;
  readonly decisionReminderHours?: readonly number[];
}

/**
 * The network's language, time zone and reminders as they apply: the network's own settings,
 * else the deployment's defaults (config: MEETING_REMINDER_HOURS, the `fr` catalogue,
 * Africa/Conakry, the decisions' default reminders).
 */
export interface NetworkDefaults {
  readonly language: NetworkLanguage;
  readonly timeZone: string;
  /** MEETING_REMINDER_HOURS: invitees who have not answered are reminded this long before. */
  readonly meetingReminderHours: number;
  /** Before an ExCom decision's deadline, when a co-chair names none (1–3, sorted, latest first). */
  readonly decisionReminderHours: readonly number[];
}

/**
 * What applies when the deployment's configuration says nothing else (main.ts passes the
 * configured ones): French, Guinea's zone (UTC+0 all year), 48 h before a meeting, 48 h and
 * 24 h before a decision's deadline.
 */
export const BUILT_IN_DEFAULTS: NetworkDefaults = { language: 'fr', timeZone: 'Africa/Conakry', meetingReminderHours: 48, decisionReminderHours: [48, 24] };

/** What every reader's forms need of the settings (GET /settings/network). */
export interface NetworkBasics {
  readonly language: NetworkLanguage;
  readonly timeZone: string;
}

/** The same, read for a network (what services apply to its posts, reminders and dates). */
export type NetworkPreferences = NetworkDefaults;

/**
 * How a service learns a network's language, zone and reminders (main.ts: the cached
 * SettingsReader, no store operation while warm). Absent in a service's options → BUILT_IN_DEFAULTS.
 */
export type PreferencesOf = (networkId: string) => Promise<NetworkPreferences>;

/** A network's preferences through a service's optional source: without one, the built-in defaults. */
export function preferencesFor(source: PreferencesOf | undefined, networkId: string): Promise<NetworkPreferences> {
  return source ? source(networkId) : Promise.resolve(BUILT_IN_DEFAULTS);
}

/** The fields of NetworkDefaults a network stores (its own keys in the document). */
export const NETWORK_PREFERENCE_KEYS = ['language', 'timeZone', 'meetingReminderHours', 'decisionReminderHours'] as const;

/** What a co-chair sees on the settings page. */
export interface SettingsView {
  readonly excomChannel: (ChosenChannel & { readonly installed: boolean }) | null;
  readonly generalChannel: (ChosenChannel & { readonly installed: boolean }) | null;
  /** Every channel the bot is installed in: the choices. */
  readonly channels: readonly ChosenChannel[];
  /** Where ExCom cards and the rest go now (conversation ids), settings applied. */
  readonly routing: { readonly excom: readonly string[]; readonly general: readonly string[] };
  readonly network: NetworkDefaults & { readonly perNetwork: true };
  /** What applies to a network that set nothing (the deployment's configuration). */
  readonly defaults: NetworkDefaults;
  readonly updatedAt?: string;
}

/** How people name a zone in a sentence: its place ("Africa/Conakry" → "Conakry", "America/New_York" → "New York"). */
export function zonePlace(timeZone = BUILT_IN_DEFAULTS.timeZone): string {
  return (timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ');
}
