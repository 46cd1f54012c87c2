/**
 * Keeps the record of every conversation the bot is installed in, so that later features can
 * reach it proactively and so that a conversation is welcomed once per installation.
 */
import type { DocumentStore } from '../store/document-store';
import { withConcurrencyRetry } from '../store/retry';
import {
  applyInstallation,
  applyRemoval,
  conversationDocumentId,
  type ConversationDocument,
  type Installation,
} from './conversation-installations';

export class ConversationService {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
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

  async find(networkId: string, conversationId: string): Promise<ConversationDocument | undefined> {
    return (await this.store.get<ConversationDocument>(networkId, conversationDocumentId(conversationId)))?.document;
  }
}
