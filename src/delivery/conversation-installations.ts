/**
 * Rules for the conversations the bot is installed in (pure: no SDK, no store). The stored
 * reference is what proactive delivery needs to reach a chat or channel later.
 */
import type { StoredDocument } from '../store/document-store';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

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
