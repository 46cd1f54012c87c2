/**
 * The network settings: the ExCom and general channels the co-chairs chose, and the network's
 * language, time zone and reminder offsets (stored per network, audited; absent → the
 * deployment's defaults). Loads, applies settings-rules, saves with an ETag and writes the
 * audit entry; rights come from the permissions table (`manageSettings`, co-chairs).
 *
 * Every channel post asks where it goes (ConversationService.installedChannels) and in which
 * language and zone it is written (SettingsReader.preferences), so the document is read
 * through a per-process cache like the directory (shared-read-cache.ts): one point read per
 * instance per ROLE_DOCUMENTS_TTL_MS at most, none while warm; a change made here replaces the
 * copy at once, one made on another instance is seen within the TTL.
 */
import { channelsFor, type ChannelChoices } from '../delivery/conversation-installations';
import type { ConversationService } from '../delivery/conversation-service';
import { MembershipRepository } from '../network/membership-repository';
import type { MembershipService } from '../network/membership-service';
import { ROLE_DOCUMENTS_TTL_MS, SharedReadCache } from '../network/shared-read-cache';
import type { DocumentStore, Versioned } from '../store/document-store';
import { withConcurrencyRetry } from '../store/retry';
import { SettingsError } from './errors';
import { BUILT_IN_DEFAULTS, SETTINGS_ID, type ChosenChannel, type NetworkBasics, type NetworkDefaults, type NetworkPreferences, type NetworkSettingsDocument, type SettingsChange, type SettingsView } from './model';
import { applySettingsChange, channelChoicesOf, chosenChannelOf, preferencesOf, settingsDifference } from './settings-rules';

/** The cached read of the settings document (what delivery asks on every channel post). */
export class SettingsReader {
  private readonly cache: SharedReadCache<Versioned<NetworkSettingsDocument> | undefined>;

  constructor(
    private readonly store: DocumentStore,
    /** Milliseconds, compared only with itself (default: a monotonic clock). */
    clock: () => number = () => performance.now(),
    /** What applies where a network set nothing (the deployment's configuration). */
    readonly defaults: NetworkDefaults = BUILT_IN_DEFAULTS,
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

  /** The network's language, time zone and reminders (its own, else the deployment's). */
  async preferences(networkId: string): Promise<NetworkPreferences> {
    return preferencesOf((await this.read(networkId))?.document, this.defaults);
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

  /**
   * The language and zone any reader's forms use: any reader of the network (pending included,
   * `viewDirectory`), never someone of no network or another one — a network's settings are its own.
   */
  async networkBasics(networkId: string, actorId: string): Promise<NetworkBasics> {
    if (!(await this.options.membership.may(networkId, actorId, 'viewDirectory'))) {
      throw new SettingsError('notAMember', `${actorId} is not a reader of ${networkId}'s settings.`);
    }
    const { language, timeZone } = await this.options.reader.preferences(networkId);
    return { language, timeZone };
  }

  /**
   * The parts given (channels: null = none, every channel; language, zone, reminders), the rest
   * kept; refused as a whole, nothing stored, when any part is refused. A change that changes
   * nothing stores and audits nothing.
   */
  async update(networkId: string, actorId: string, change: SettingsChange): Promise<SettingsView> {
    await this.require(networkId, actorId);
    const actor = actorId.toLowerCase();
    const installed = await this.options.conversations.installedChannelDocuments(networkId);
    const written = await withConcurrencyRetry(async () => {
      const current = await this.options.reader.fresh(networkId);
      const next = applySettingsChange(current?.document, change, installed, { networkId, actor, now: this.now() });
      const difference = settingsDifference(current?.document, next);
      if (!difference) return { document: current?.document };
      try {
        const saved = current ? await this.options.store.replace(next, current.etag) : await this.options.store.create(next);
        this.options.reader.remember(networkId, saved);
        return { document: saved.document, difference };
      } catch (error) {
        this.options.reader.forget(networkId);
        throw error;
      }
    });
    if (written.difference) {
      const { action, before, after } = written.difference;
      await this.audit.audit(networkId, { actor, action, subject: SETTINGS_ID, before, after }, this.now());
    }
    return this.viewOf(written.document, installed.map(chosenChannelOf));
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
      network: { ...preferencesOf(settings, this.options.reader.defaults), perNetwork: true },
      defaults: this.options.reader.defaults,
      ...(settings ? { updatedAt: settings.updatedAt } : {}),
    };
  }

  private async require(networkId: string, actorId: string): Promise<void> {
    if (!(await this.options.membership.may(networkId, actorId, 'manageSettings'))) {
      throw new SettingsError('forbidden', `${actorId} may not change the network settings.`);
    }
  }
}
