/**
 * The network settings: the ExCom and general channels the co-chairs chose (stored, audited),
 * and the network's language, time zone and reminder offsets (deployment settings, shown as
 * they are). Loads, applies settings-rules, saves with an ETag and writes the audit entry;
 * rights come from the permissions table (`manageSettings`, co-chairs).
 *
 * Every channel post asks where it goes (ConversationService.installedChannels), so the
 * document is read through a per-process cache like the directory (shared-read-cache.ts): one
 * point read per instance per ROLE_DOCUMENTS_TTL_MS at most, none while warm; a change made
 * here replaces the copy at once, one made on another instance is seen within the TTL.
 */
import { channelsFor, type ChannelChoices } from '../delivery/conversation-installations';
import type { ConversationService } from '../delivery/conversation-service';
import { MembershipRepository } from '../network/membership-repository';
import type { MembershipService } from '../network/membership-service';
import { ROLE_DOCUMENTS_TTL_MS, SharedReadCache } from '../network/shared-read-cache';
import type { DocumentStore, Versioned } from '../store/document-store';
import { withConcurrencyRetry } from '../store/retry';
import { SettingsError } from './errors';
import { SETTINGS_ID, type ChosenChannel, type NetworkDefaults, type NetworkSettingsDocument, type SettingsChange, type SettingsView } from './model';
import { applySettingsChange, channelChoicesOf, chosenChannelOf } from './settings-rules';

/** The cached read of the settings document (what delivery asks on every channel post). */
export class SettingsReader {
  private readonly cache: SharedReadCache<Versioned<NetworkSettingsDocument> | undefined>;

  constructor(
    private readonly store: DocumentStore,
    /** Milliseconds, compared only with itself (default: a monotonic clock). */
    clock: () => number = () => performance.now(),
  ) {
    this.cache = new SharedReadCache(ROLE_DOCUMENTS_TTL_MS, clock);
  }

  read(networkId: string): Promise<Versioned<NetworkSettingsDocument> | undefined> {
    return this.cache.read(networkId, () => this.store.get<NetworkSettingsDocument>(networkId, SETTINGS_ID));
  }

  /** The store's copy, for a write (never the cache's). */
  fresh(networkId: string): Promise<Versioned<NetworkSettingsDocument> | undefined> {
    return this.store.get<NetworkSettingsDocument>(networkId, SETTINGS_ID);
  }

  async channelChoices(networkId: string): Promise<ChannelChoices | undefined> {
    return channelChoicesOf((await this.read(networkId))?.document);
  }

  remember(networkId: string, written: Versioned<NetworkSettingsDocument>): void {
    this.cache.set(networkId, written);
  }

  forget(networkId: string): void {
    this.cache.invalidate(networkId);
  }
}

export interface SettingsServiceOptions {
  readonly store: DocumentStore;
  readonly reader: SettingsReader;
  readonly membership: MembershipService;
  readonly conversations: ConversationService;
  readonly defaults: NetworkDefaults;
  readonly now?: () => Date;
}

export class SettingsService {
  private readonly audit: MembershipRepository;
  private readonly now: () => Date;

  constructor(private readonly options: SettingsServiceOptions) {
    this.audit = new MembershipRepository(options.store);
    this.now = options.now ?? (() => new Date());
  }

  async view(networkId: string, actorId: string): Promise<SettingsView> {
    await this.require(networkId, actorId);
    const [settings, installed] = await Promise.all([this.options.reader.read(networkId), this.options.conversations.installedChannelDocuments(networkId)]);
    return this.viewOf(settings?.document, installed.map(chosenChannelOf));
  }

  /** Both choices at once (null = none: every channel); refused as a whole, nothing stored, when either is refused. */
  async update(networkId: string, actorId: string, change: SettingsChange): Promise<SettingsView> {
    await this.require(networkId, actorId);
    const actor = actorId.toLowerCase();
    const installed = await this.options.conversations.installedChannelDocuments(networkId);
    const written = await withConcurrencyRetry(async () => {
      const current = await this.options.reader.fresh(networkId);
      const next = applySettingsChange(current?.document, change, installed, { networkId, actor, now: this.now() });
      try {
        const saved = current ? await this.options.store.replace(next, current.etag) : await this.options.store.create(next);
        this.options.reader.remember(networkId, saved);
        return { saved, before: current?.document };
      } catch (error) {
        this.options.reader.forget(networkId);
        throw error;
      }
    });
    await this.audit.audit(networkId, { actor, action: 'settings.channels', subject: SETTINGS_ID, before: written.before ?? null, after: written.saved.document }, this.now());
    return this.viewOf(written.saved.document, installed.map(chosenChannelOf));
  }

  private viewOf(settings: NetworkSettingsDocument | undefined, channels: readonly ChosenChannel[]): SettingsView {
    const isInstalled = (choice: ChosenChannel) => channels.some((channel) => channel.conversationId === choice.conversationId);
    const ids = channels.map((channel) => channel.conversationId);
    const choices = channelChoicesOf(settings);
    const [excom, general] = [channelsFor('excom', ids, choices), channelsFor('general', ids, choices)];
    return {
      excomChannel: settings?.excomChannel ? { ...settings.excomChannel, installed: isInstalled(settings.excomChannel) } : null,
      generalChannel: settings?.generalChannel ? { ...settings.generalChannel, installed: isInstalled(settings.generalChannel) } : null,
      channels,
      routing: { excom, general },
      network: { ...this.options.defaults, perNetwork: false },
      ...(settings ? { updatedAt: settings.updatedAt } : {}),
    };
  }

  private async require(networkId: string, actorId: string): Promise<void> {
    if (!(await this.options.membership.may(networkId, actorId, 'manageSettings'))) {
      throw new SettingsError('forbidden', `${actorId} may not change the network settings.`);
    }
  }
}
