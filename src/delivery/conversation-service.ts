/**
 * Keeps the record of every conversation the bot is installed in, so that later features can
 * reach it proactively and so that a conversation is welcomed once per installation.
 */
import type { DocumentStore } from '../store/document-store';
import { withConcurrencyRetry } from '../store/retry';
import { StoreConflictError } from '../store/errors';
import {
  applyInstallation,
  applyObservedConversation,
  applyRemoval,
  channelsFor,
  conversationDocumentId,
  createdPersonalConversation,
  type ChannelAudience,
  type ChannelChoices,
  type ConversationDocument,
  type Installation,
} from './conversation-installations';

/** Where to open a 1:1 with a member of a tenant: a service URL and the bot account seen there. */
export interface TenantRoute {
  readonly serviceUrl: string;
  readonly bot?: { readonly id: string; readonly name?: string };
}

export class ConversationService {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
    /** The channels the co-chairs chose (src/settings, a cached read); absent = every channel. */
    private readonly choices?: (networkId: string) => Promise<ChannelChoices | undefined>,
  ) {}

  /** Records an installation; resolves `newInstallation: true` for exactly one of concurrent announcements. */
  async recordInstallation(installation: Installation): Promise<{ newInstallation: boolean }> {
    const id = conversationDocumentId(installation.reference.conversation.id);
    return withConcurrencyRetry(async () => {
      const current = await this.store.get<ConversationDocument>(installation.networkId, id);
      const { next, newInstallation } = applyInstallation(current?.document, installation, this.now());
      // Create and replace-if-match both fail when another turn wrote first; the retry then
      // re-reads and sees that installation, so only one turn reports it as new.
      if (current) await this.store.replace(next, current.etag);
      else await this.store.create(next);
      return { newInstallation };
    });
  }

  async recordRemoval(networkId: string, conversationId: string): Promise<void> {
    await withConcurrencyRetry(async () => {
      const current = await this.store.get<ConversationDocument>(networkId, conversationDocumentId(conversationId));
      if (!current || !current.document.installed) return;
      await this.store.replace(applyRemoval(current.document, this.now()), current.etag);
    });
  }

  /**
   * Team channels where the network's own posts go: ExCom's cards to the ExCom channel, the rest
   * to the general channel, once the co-chairs chose them (channelsFor); else every channel the
   * bot is installed in.
   */
  async installedChannels(networkId: string, audience: ChannelAudience = 'general'): Promise<string[]> {
    const installed = (await this.installedChannelDocuments(networkId)).map((document) => document.conversationId);
    return this.choices ? channelsFor(audience, installed, await this.choices(networkId)) : installed;
  }

  /** Every team channel the bot is installed in (a handful per network: not indexed). */
  async installedChannelDocuments(networkId: string): Promise<ConversationDocument[]> {
    const found = await this.store.query<ConversationDocument>(networkId, {
      type: 'conversation',
      where: [
        { path: 'scope', op: '=', value: 'channel' },
        { path: 'installed', op: '=', value: true },
      ],
    });
    return found.map((entry) => entry.document);
  }

  /**
   * Team channels the bot is installed in within one tenant, at most `limit` of them (a team
   * shows once per channel the bot has seen): where that tenant's team rosters can be asked.
   */
  async installedTeamChannels(networkId: string, tenantId: string, limit: number): Promise<ConversationDocument[]> {
    const found = await this.store.query<ConversationDocument>(networkId, {
      type: 'conversation',
      where: [
        { path: 'scope', op: '=', value: 'channel' },
        { path: 'installed', op: '=', value: true },
        { path: 'tenantId', op: 'in', values: [...new Set([tenantId, tenantId.toLowerCase()])] },
      ],
      limit,
    });
    return found.map((entry) => entry.document);
  }

  /**
   * Shared channels (Teams Connect) the bot is installed in, at most `limit`: where members of
   * other tenants, whom no 1:1 can reach, read the network's messages.
   */
  async installedSharedChannels(networkId: string, limit: number): Promise<ConversationDocument[]> {
    const found = await this.store.query<ConversationDocument>(networkId, {
      type: 'conversation',
      where: [
        { path: 'channelType', op: '=', value: 'shared' },
        { path: 'installed', op: '=', value: true },
      ],
      limit,
    });
    return found.map((entry) => entry.document);
  }

  async find(networkId: string, conversationId: string): Promise<ConversationDocument | undefined> {
    return (await this.store.get<ConversationDocument>(networkId, conversationDocumentId(conversationId)))?.document;
  }

  /**
   * Keeps the reference of a conversation a message came from, writing only when something
   * changed (a new conversation, a moved service URL, a 1:1 first seen by message).
   */
  async recordObserved(observed: Installation): Promise<{ changed: boolean }> {
    const id = conversationDocumentId(observed.reference.conversation.id);
    return withConcurrencyRetry(async () => {
      const current = await this.store.get<ConversationDocument>(observed.networkId, id);
      const next = applyObservedConversation(current?.document, observed, this.now());
      if (!next) return { changed: false };
      if (current) await this.store.replace(next, current.etag);
      else await this.store.create(next);
      return { changed: true };
    });
  }

  /** The bot's 1:1 conversation with a member, if it has one. */
  async findPersonal(networkId: string, tenantId: string, aadObjectId: string): Promise<ConversationDocument | undefined> {
    const found = await this.store.query<ConversationDocument>(networkId, {
      type: 'conversation',
      where: [
        { path: 'scope', op: '=', value: 'personal' },
        { path: 'installed', op: '=', value: true },
        { path: 'reference.user.aadObjectId', op: 'in', values: [...new Set([aadObjectId, aadObjectId.toLowerCase()])] },
      ],
    });
    return found.map((entry) => entry.document).find((doc) => (doc.tenantId ?? '').toLowerCase() === tenantId.toLowerCase());
  }

  /**
   * A service URL (and the bot's account) to open a 1:1 in this tenant: Teams hands out
   * regional service URLs, so take one already seen for the tenant, else any in the network.
   */
  async routeForTenant(networkId: string, tenantId: string): Promise<TenantRoute | undefined> {
    const sameTenant = await this.store.query<ConversationDocument>(networkId, {
      type: 'conversation',
      where: [{ path: 'tenantId', op: 'in', values: [...new Set([tenantId, tenantId.toLowerCase()])] }],
      limit: 1,
    });
    const any = sameTenant.length > 0 ? sameTenant : await this.store.query<ConversationDocument>(networkId, { type: 'conversation', limit: 1 });
    const reference = any[0]?.document.reference;
    if (!reference) return undefined;
    return { serviceUrl: reference.serviceUrl, ...(reference.bot.id ? { bot: reference.bot } : {}) };
  }

  /** Stores the 1:1 the bot just opened with a member, so the next message reuses it. */
  async recordCreatedPersonal(input: Omit<Parameters<typeof createdPersonalConversation>[0], 'now'>): Promise<ConversationDocument> {
    const document = createdPersonalConversation({ ...input, now: this.now() });
    try {
      await this.store.create(document);
    } catch (error) {
      // Teams answers the same 1:1 for the same member; another instance stored it first.
      if (!(error instanceof StoreConflictError)) throw error;
    }
    return document;
  }
}
