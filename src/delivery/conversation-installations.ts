/**
 * Rules for the conversations the bot is installed in (pure: no SDK, no store). The stored
 * reference is what proactive delivery needs to reach a chat or channel later.
 */
import type { StoredDocument } from '../store/document-store';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

/**
 * Teams' kinds of team channel (`channelData.channel.type`): a shared channel (Teams Connect) may
 * hold members of other tenants, who can be reached there and not in a 1:1; a private channel
 * holds some of the host team's members.
 */
export type ChannelType = 'standard' | 'shared' | 'private';

/** What Teams said about a team channel when the bot was installed or the channel renamed. */
export interface ChannelInfo {
  readonly name?: string;
  readonly type?: ChannelType;
}

/** The parts of a Bot Framework conversation reference needed to message the conversation again. */
export interface StoredConversationReference {
  readonly serviceUrl: string;
  readonly channelId: string;
  readonly conversation: { readonly id: string; readonly tenantId?: string; readonly conversationType?: string; readonly isGroup?: boolean };
  readonly bot: { readonly id: string; readonly name?: string };
  readonly user?: { readonly id: string; readonly name?: string; readonly aadObjectId?: string };
}

export interface ConversationDocument extends StoredDocument {
  readonly type: 'conversation';
  readonly conversationId: string;
  readonly scope: ConversationScope;
  readonly tenantId?: string;
  readonly teamId?: string;
  /** A channel's name and type as Teams last gave them (install and rename events carry them; messages do not). */
  readonly channel?: ChannelInfo;
  /** Shared or private, as Teams said on any activity there (indexed: the outbox's shared-channel fallback looks them up). Absent: standard, or a chat. */
  readonly channelType?: ChannelType;
  readonly reference: StoredConversationReference;
  readonly installed: boolean;
  readonly installedAt: string;
  readonly removedAt?: string;
  readonly updatedAt: string;
}

export const conversationDocumentId = (conversationId: string) => `conversation:${conversationId}`;

export interface Installation {
  readonly networkId: string;
  readonly scope: ConversationScope;
  readonly tenantId?: string;
  readonly teamId?: string;
  readonly channel?: ChannelInfo;
  readonly channelType?: ChannelType;
  readonly reference: StoredConversationReference;
}

/**
 * The document after an install event, and whether this is a new installation (first ever, or
 * after a removal) — the bot welcomes a conversation once per installation, even though Teams
 * announces an install twice (installationUpdate and conversationUpdate).
 */
export function applyInstallation(
  current: ConversationDocument | undefined,
  installation: Installation,
  now: Date,
): { readonly next: ConversationDocument; readonly newInstallation: boolean } {
  const at = now.toISOString();
  const newInstallation = !current || !current.installed;
  const next: ConversationDocument = {
    id: conversationDocumentId(installation.reference.conversation.id),
    networkId: installation.networkId,
    type: 'conversation',
    conversationId: installation.reference.conversation.id,
    scope: installation.scope,
    ...(installation.tenantId ? { tenantId: installation.tenantId } : {}),
    ...(installation.teamId ? { teamId: installation.teamId } : {}),
    ...channelOf(installation.channel, current?.channel),
    ...(installation.channelType ? { channelType: installation.channelType } : {}),
    reference: installation.reference,
    installed: true,
    installedAt: newInstallation ? at : (current?.installedAt ?? at),
    updatedAt: at,
  };
  return { next, newInstallation };
}

export function applyRemoval(current: ConversationDocument, now: Date): ConversationDocument {
  return { ...current, installed: false, removedAt: now.toISOString(), updatedAt: now.toISOString() };
}

/**
 * The document after a message was seen in the conversation, or undefined when the stored one
 * already says the same: every message passes here, so the common case must not write.
 * A message proves the bot is in the conversation, so it also counts as installed.
 */
export function applyObservedConversation(
  current: ConversationDocument | undefined,
  observed: Installation,
  now: Date,
): ConversationDocument | undefined {
  if (
    current &&
    current.installed &&
    current.scope === observed.scope &&
    current.tenantId === observed.tenantId &&
    current.teamId === observed.teamId &&
    (!observed.channel || sameChannel(current.channel, observed.channel)) &&
    current.channelType === observed.channelType &&
    sameReference(current.reference, observed.reference)
  ) {
    return undefined;
  }
  return applyInstallation(current, observed, now).next;
}

/** What Teams said last about the channel, keeping what it left out this time (a message names neither). */
function channelOf(said: ChannelInfo | undefined, known: ChannelInfo | undefined): { channel?: ChannelInfo } {
  const name = said?.name ?? known?.name;
  const type = said?.type ?? known?.type;
  return name !== undefined || type !== undefined ? { channel: { ...(name !== undefined ? { name } : {}), ...(type !== undefined ? { type } : {}) } } : {};
}

function sameChannel(known: ChannelInfo | undefined, said: ChannelInfo): boolean {
  return (said.name === undefined || said.name === known?.name) && (said.type === undefined || said.type === known?.type);
}

function sameReference(a: StoredConversationReference, b: StoredConversationReference): boolean {
  return (
    a.serviceUrl === b.serviceUrl &&
    a.channelId === b.channelId &&
    a.conversation.id === b.conversation.id &&
    a.conversation.tenantId === b.conversation.tenantId &&
    a.bot.id === b.bot.id &&
    a.user?.id === b.user?.id &&
    a.user?.aadObjectId === b.user?.aadObjectId
  );
}

/** The channel's kind from Teams' `channelData.channel` (`type`, or Graph's `membershipType`). */
export function channelTypeOf(channelData: unknown): ChannelType | undefined {
  const channel: unknown = typeof channelData === 'object' && channelData !== null ? (channelData as { channel?: unknown }).channel : undefined;
  if (typeof channel !== 'object' || channel === null) return undefined;
  const { type, membershipType } = channel as { type?: unknown; membershipType?: unknown };
  const kind = [type, membershipType].find((value): value is string => typeof value === 'string')?.toLowerCase();
  return kind === 'shared' || kind === 'private' ? kind : undefined;
}

/**
 * A channel message arrives in its thread (`19:…;messageid=…`); the conversation to keep is
 * the channel itself, where a new post starts a new thread.
 */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}

/** The 1:1 conversation the bot created itself to reach a member who had never written to it. */
export function createdPersonalConversation(input: {
  readonly networkId: string;
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly aadObjectId: string;
  /** The member's Teams id (29:…) when the roster gave it. */
  readonly userId?: string;
  readonly bot?: { readonly id: string; readonly name?: string };
  readonly now: Date;
}): ConversationDocument {
  const at = input.now.toISOString();
  return {
    id: conversationDocumentId(input.conversationId),
    networkId: input.networkId,
    type: 'conversation',
    conversationId: input.conversationId,
    scope: 'personal',
    tenantId: input.tenantId,
    reference: {
      serviceUrl: input.serviceUrl,
      channelId: 'msteams',
      conversation: { id: input.conversationId, tenantId: input.tenantId, conversationType: 'personal', isGroup: false },
      bot: input.bot ?? { id: '' },
      user: { id: input.userId ?? input.aadObjectId, aadObjectId: input.aadObjectId },
    },
    // Teams only opens a 1:1 with a member who has the app, so it is installed there.
    installed: true,
    installedAt: at,
    updatedAt: at,
  };
}

/** Who a channel post is for: the ExCom's cards (decisions, clearances) or everything else. */
export type ChannelAudience = 'general' | 'excom';

/** The channels the co-chairs chose (network settings), by conversation id; absent = not chosen. */
export interface ChannelChoices {
  readonly excom?: string;
  readonly general?: string;
}

/**
 * Where a channel post goes, among the channels the bot is installed in. Nothing chosen: every
 * one of them (the behaviour before the setting). ExCom posts go to the ExCom channel only; the
 * rest to the general channel, or, with only an ExCom channel chosen, to every channel but
 * that one. A chosen channel the bot has since left is not posted to: the post falls back to
 * the rule without that choice, so it is never silently dropped.
 */
export function channelsFor(audience: ChannelAudience, installed: readonly string[], choices: ChannelChoices | undefined): string[] {
  const has = (id: string | undefined): id is string => id !== undefined && installed.includes(id);
  if (audience === 'excom' && has(choices?.excom)) return [choices.excom];
  if (has(choices?.general)) return [choices.general];
  const others = has(choices?.excom) ? installed.filter((id) => id !== choices.excom) : [...installed];
  return others.length > 0 ? others : [...installed];
}
