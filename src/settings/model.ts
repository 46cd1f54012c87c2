/**
 * The network's settings document (one per network, in its partition): the channels the
 * co-chairs chose for the network's posts. Plain types, no SDK, no store.
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
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What a co-chair asks for: a conversation id per channel, or null for "no choice" (every channel). */
export interface SettingsChange {
  readonly excomChannelId: string | null;
  readonly generalChannelId: string | null;
}

/** The network's language, time zone and reminders: deployment-wide today, not per network. */
export interface NetworkDefaults {
  readonly language: 'fr' | 'en';
  readonly timeZone: string;
  /** MEETING_REMINDER_HOURS: invitees who have not answered are reminded this long before. */
  readonly meetingReminderHours: number;
  /** Before an ExCom decision's deadline, when a co-chair names none. */
  readonly decisionReminderHours: readonly number[];
}

/** What a co-chair sees on the settings page. */
export interface SettingsView {
  readonly excomChannel: (ChosenChannel & { readonly installed: boolean }) | null;
  readonly generalChannel: (ChosenChannel & { readonly installed: boolean }) | null;
  /** Every channel the bot is installed in: the choices. */
  readonly channels: readonly ChosenChannel[];
  /** Where ExCom cards and the rest go now (conversation ids), settings applied. */
  readonly routing: { readonly excom: readonly string[]; readonly general: readonly string[] };
  readonly network: NetworkDefaults & { readonly perNetwork: false };
  readonly updatedAt?: string;
}
