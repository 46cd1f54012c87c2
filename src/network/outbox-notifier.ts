/**
 * The MemberNotifier over the outbox of src/delivery: each notice becomes an Adaptive Card in
 * the recipient's language, queued once per (message key, recipient) and delivered by the
 * dispatcher (rate limits, retries, 1:1 conversations opened as needed). Updates replace every
 * delivered copy in place. Swappable: the service only knows the MemberNotifier port.
 */
import { cardMessage, type CardRenderer } from '../cards/card-renderer';
import { cardTemplates } from '../cards/templates';
import type { ConversationService } from '../delivery/conversation-service';
import type { OutboxService } from '../delivery/outbox-service';
import { OUTBOX_TYPE, type OutboxActivity, type OutboxItem, type Recipient } from '../delivery/outbox-rules';
import type { DocumentStore } from '../store/document-store';
import type { MemberNotifier, MembershipNotice, NoticeRecipient } from './member-notifier';
import { noticeCard } from './membership-cards';
import { MembershipRepository } from './membership-repository';


export class OutboxMemberNotifier implements MemberNotifier {
  private readonly repository: MembershipRepository;

  constructor(
    private readonly outbox: OutboxService,
    private readonly cards: CardRenderer,
    private readonly store: DocumentStore,
    private readonly conversations: ConversationService,
  ) {
    this.repository = new MembershipRepository(store);
  }

  async notifyPeople(networkId: string, messageKey: string, recipients: readonly NoticeRecipient[], notice: MembershipNotice): Promise<void> {
    if (recipients.length === 0) return;
    const languages = new Map(recipients.map((recipient) => [recipient.aadObjectId.toLowerCase(), recipient.language]));
    await this.outbox.enqueue(
      networkId,
      messageKey,
      recipients.map((recipient): Recipient => ({ kind: 'member', aadObjectId: recipient.aadObjectId, tenantId: recipient.tenantId, ...(recipient.name ? { name: recipient.name } : {}) })),
      (recipient) => this.activity(notice, recipient.kind === 'member' ? (languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr') : 'fr', networkId),
    );
  }

  async notifyChannels(networkId: string, messageKey: string, notice: MembershipNotice): Promise<void> {
    const channels = await this.conversations.installedChannels(networkId);
    if (channels.length === 0) return;
    // The network works in French first: channel posts are in French.
    await this.outbox.enqueue(
      networkId,
      messageKey,
      channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })),
      this.activity(notice, 'fr', networkId),
    );
  }

  /**
   * Cost: for k copies, one indexed query of the copies' recipients (small projected rows), a
   * point read of each member recipient for their language, then the outbox's update (one
   * indexed query, one write per copy): O(k), never a read of every member. The card is
   * rendered once per language, not once per copy.
   */
  async update(networkId: string, messageKey: string, notice: MembershipNotice): Promise<void> {
    const copies = await this.store.query<OutboxItem>(networkId, {
      type: OUTBOX_TYPE,
      where: [{ path: 'messageKey', op: '=', value: messageKey }],
      fields: ['recipient'],
    });
    if (copies.length === 0) return;
    const memberIds = new Set(copies.flatMap((copy) => (copy.document.recipient.kind === 'member' ? [copy.document.recipient.aadObjectId.toLowerCase()] : [])));
    const languages = new Map(
      await Promise.all([...memberIds].map(async (id) => [id, (await this.repository.getMember(networkId, id))?.document.language ?? 'fr'] as const)),
    );
    const rendered = new Map<'fr' | 'en', OutboxActivity>();
    const inLanguage = (language: 'fr' | 'en'): OutboxActivity => {
      let activity = rendered.get(language);
      if (!activity) rendered.set(language, (activity = this.activity(notice, language, networkId)));
      return activity;
    };
    await this.outbox.update(networkId, messageKey, (recipient) => inLanguage(recipient.kind === 'member' ? (languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr') : 'fr'));
  }

  private activity(notice: MembershipNotice, language: 'fr' | 'en', networkId: string): OutboxActivity {
    const rendered = noticeCard(notice, language, networkId);
    const card =
      rendered.template === 'memberList' ? this.cards.render(cardTemplates.memberList, rendered.data) : this.cards.render(cardTemplates.membershipNotice, rendered.data);
    return cardMessage(card);
  }
}
