/**
 * Rules of the network settings (pure: no SDK, no store): which installed channel a choice
 * names, and the document after a change.
 */
import type { ChannelChoices, ConversationDocument } from '../delivery/conversation-installations';
import { SettingsError } from './errors';
import { SETTINGS_DOCUMENT_TYPE, SETTINGS_ID, type ChosenChannel, type NetworkSettingsDocument, type SettingsChange } from './model';

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

/** The settings after a co-chair's change; refused as a whole when either choice is refused. */
export function applySettingsChange(
  current: NetworkSettingsDocument | undefined,
  change: SettingsChange,
  installed: readonly ConversationDocument[],
  context: { readonly networkId: string; readonly actor: string; readonly now: Date },
): NetworkSettingsDocument {
  const excomChannel = chosen(change.excomChannelId, installed, 'excom');
  const generalChannel = chosen(change.generalChannelId, installed, 'general');
  // One channel for both would post every ExCom card among everything else: nothing chosen does that already.
  if (excomChannel && generalChannel && excomChannel.conversationId === generalChannel.conversationId) {
    throw new SettingsError('sameChannel', 'The ExCom channel and the general channel must differ.');
  }
  const { excomChannel: _excom, generalChannel: _general, ...kept } = current ?? { id: SETTINGS_ID, networkId: context.networkId, type: SETTINGS_DOCUMENT_TYPE };
  return {
    ...kept,
    id: SETTINGS_ID,
    networkId: context.networkId,
    type: SETTINGS_DOCUMENT_TYPE,
    ...(excomChannel ? { excomChannel } : {}),
    ...(generalChannel ? { generalChannel } : {}),
    updatedAt: context.now.toISOString(),
    updatedBy: context.actor,
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
