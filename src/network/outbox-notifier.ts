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
import { noticeCard, withRequestRefresh } from './membership-cards';
import { MembershipRepository } from './membership-repository';
import { preferencesFor, type PreferencesOf } from '../settings/model';


export class OutboxMemberNotifier implements MemberNotifier {
  private readonly repository: MembershipRepository;

  constructor(
    private readonly outbox: OutboxService,
    private readonly cards: CardRenderer,
    private readonly store: DocumentStore,
    private readonly conversations: ConversationService,
    /** The network's settings (cached, settings/): the zone a handover's end day is read in. */
    private readonly preferences?: PreferencesOf,
  ) {
    this.repository = new MembershipRepository(store);
  }

  async notifyPeople(networkId: string, messageKey: string, recipients: readonly NoticeRecipient[], notice: MembershipNotice): Promise<void> {
    if (recipients.length === 0) return;
    const languages = new Map(recipients.map((recipient) => [recipient.aadObjectId.toLowerCase(), recipient.language]));
    const rendered = this.renderedOnce(notice, networkId, await this.zoneFor(notice, networkId));
    await this.outbox.enqueue(
      networkId,
      messageKey,
      recipients.map((recipient): Recipient => ({ kind: 'member', aadObjectId: recipient.aadObjectId, tenantId: recipient.tenantId, ...(recipient.name ? { name: recipient.name } : {}) })),
      (recipient) => rendered(recipient.kind === 'member' ? (languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr') : 'fr', recipient),
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
      cardMessage(this.card(notice, 'fr', networkId, await this.zoneFor(notice, networkId))),
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
    const rendered = this.renderedOnce(notice, networkId, await this.zoneFor(notice, networkId));
    await this.outbox.update(networkId, messageKey, (recipient) => rendered(recipient.kind === 'member' ? (languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr') : 'fr', recipient));
  }

  /**
   * The notice rendered once per language; a request card's copy also gets a refresh for its
   * one reader (withRequestRefresh), so a decision never has to rewrite the other deciders' copies.
   */
  private renderedOnce(notice: MembershipNotice, networkId: string, timeZone: string | undefined): (language: 'fr' | 'en', recipient: Recipient) => OutboxActivity {
    const rendered = new Map<'fr' | 'en', { card: object; activity: OutboxActivity }>();
    return (language, recipient) => {
      let entry = rendered.get(language);
      if (!entry) {
        const card = this.card(notice, language, networkId, timeZone);
        rendered.set(language, (entry = { card, activity: cardMessage(card) }));
      }
      if (notice.kind !== 'confirmRequest' || recipient.kind !== 'member') return entry.activity;
      return cardMessage(withRequestRefresh(entry.card, networkId, notice.member, recipient.aadObjectId));
    };
  }

  private card(notice: MembershipNotice, language: 'fr' | 'en', networkId: string, timeZone: string | undefined): object {
    const rendered = noticeCard(notice, language, networkId, timeZone);
    return rendered.template === 'memberList' ? this.cards.render(cardTemplates.memberList, rendered.data) : this.cards.render(cardTemplates.membershipNotice, rendered.data);
  }

  /** Only a notice that shows an instant reads the settings (a handover: when the term ends). */
  private async zoneFor(notice: MembershipNotice, networkId: string): Promise<string | undefined> {
    return notice.kind === 'handover' ? (await preferencesFor(this.preferences, networkId)).timeZone : undefined;
  }
}
