/**
 * Migration updates: share (validate, save, post to the network channels), search (an
 * in-memory index per network kept current on writes), the periodic digest and the report to
 * the regional network. Rights come from the permissions table through `may`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { cardMessage, type AdaptiveCardJson, type CardRenderer } from '../cards/card-renderer';
import { cardTemplates } from '../cards/templates';
import type { ConversationService } from '../delivery/conversation-service';
import type { OutboxService } from '../delivery/outbox-service';
import type { Recipient } from '../delivery/outbox-rules';
import type { Language } from '../i18n';
import type { Logger } from '../logger';
import type { MembershipService } from '../network/membership-service';
import type { Agency } from '../network/model';
import { may, type Action } from '../network/permissions';
import type { Person } from '../network/roles';
import type { DocumentStore } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { buildDigest, lastCompletedPeriod, type DigestSchedule } from './digest-rules';
import { UpdateError } from './errors';
import { UPDATE_DOCUMENT_TYPES, digestDocumentId, updateDocumentId, type Period, type UpdateDocument, type UpdateOrigin } from './model';
import { reportFigures, type ReportFigures } from './report-rules';
import type { ReportSources } from './report-sources';
import { periodYears } from '../workplan/workplan-report-rules';
import { EMPTY_SEARCH, UpdateIndex, parseSearchText, updateTerms, type UpdateSearch } from './search-rules';
import { digestCardData, updateCardData } from './update-cards';
import { UpdatesRepository } from './updates-repository';
import { validateUpdate, type RawUpdate } from './update-rules';
import { preferencesFor, type PreferencesOf } from '../settings/model';

// Another instance's writes reach this one's index within this delay; this instance's own
// writes are in its index at once.
export const INDEX_MAX_AGE_MS = 60_000;

export interface UpdatesServiceOptions {
  readonly store: DocumentStore;
  readonly membership: MembershipService;
  readonly outbox: OutboxService;
  readonly conversations: ConversationService;
  readonly cards: CardRenderer;
  readonly sources: ReportSources;
  readonly logger: Logger;
  readonly digestSchedule: DigestSchedule;
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly indexMaxAgeMs?: number;
  /** The network's language, for channel posts (settings/; cached, read after installedChannels warmed it). */
  readonly preferences?: PreferencesOf;
}

export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface ShareResult {
  readonly update: UpdateDocument;
  /** Network channels the update was queued for. */
  readonly channels: number;
}

export interface UpdatePage {
  readonly total: number;
  readonly updates: readonly UpdateDocument[];
}

export type DigestRun =
  | { readonly status: 'off' | 'notDue' }
  | { readonly status: 'alreadyDone' | 'empty'; readonly period: Period }
  | { readonly status: 'posted'; readonly period: Period; readonly channels: number; readonly updates: number };

interface NetworkIndex {
  readonly index: UpdateIndex;
  readonly loadedAt: number;
}

export class UpdatesService {
  private readonly repository: UpdatesRepository;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly indexes = new Map<string, NetworkIndex>();
  private readonly loading = new Map<string, Promise<UpdateIndex>>();
  // Updates shared while an index is being rebuilt: the store read may have missed them.
  private readonly writtenWhileLoading = new Map<string, UpdateDocument[]>();

  constructor(private readonly options: UpdatesServiceOptions) {
    this.repository = new UpdatesRepository(options.store);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => randomUUID());
  }

  /** The service's clock: what "to date" means for a report. */
  clock(): Date {
    return this.now();
  }

  agencies(networkId: string): Promise<readonly Agency[]> {
    return this.options.membership.agencies(networkId);
  }

  /** The actor's person, refused unless the table grants `action`. */
  private async authorize(networkId: string, actorId: string, action: Action): Promise<Person> {
    const person = await this.options.membership.person(networkId, actorId.toLowerCase());
    if (may(person, action, person.agencyCode ? { agencyCode: person.agencyCode } : {})) return person;
    // Pending members hold a role and are told to wait; strangers are told to join.
    throw new UpdateError(person.roles.size === 0 ? 'notAMember' : 'forbidden', `${actorId} may not ${action}`);
  }

  /** Refuses (UpdateError) unless the actor may share: checked before a form is even shown. */
  async assertMayShare(networkId: string, actorId: string): Promise<void> {
    await this.authorize(networkId, actorId, 'shareUpdate');
  }

  /** The agency a member shares for by default: their own. */
  async defaultAgency(networkId: string, actorId: string): Promise<string | undefined> {
    return (await this.options.membership.person(networkId, actorId.toLowerCase())).agencyCode;
  }

  /**
   * `idempotencyKey` names what is being shared (the form card's message, the chat message of
   * the message action): the same person sharing the same thing twice — a double click, a retry
   * after a timeout — gets the first update back instead of a duplicate.
   */
  async share(networkId: string, actor: Actor, raw: RawUpdate, origin: UpdateOrigin, idempotencyKey?: string): Promise<ShareResult> {
    await this.authorize(networkId, actor.aadObjectId, 'shareUpdate');
    const agencies = await this.agencies(networkId);
    const validation = validateUpdate(raw, agencies.map((agency) => agency.code));
    if (!validation.ok) throw new UpdateError('invalidUpdate', `invalid update: ${validation.problems.join(', ')}`, validation.problems);
    const updateId = idempotencyKey
      ? createHash('sha256').update(`${networkId}|${actor.aadObjectId.toLowerCase()}|${idempotencyKey}`).digest('hex').slice(0, 32)
      : this.newId();
    // A repeated share finds the first one; it is posted again only where it was not queued yet.
    let update = idempotencyKey ? await this.repository.get(networkId, updateId) : undefined;
    if (!update) {
      const input = validation.input;
      const name = actor.name || ((await this.options.membership.profile(networkId, actor.aadObjectId.toLowerCase()))?.member.name ?? '');
      try {
        update = await this.repository.create({
          id: updateDocumentId(updateId),
          networkId,
          type: UPDATE_DOCUMENT_TYPES.update,
          updateId,
          ...input,
          sharedBy: { aadObjectId: actor.aadObjectId.toLowerCase(), name },
          sharedAt: this.now().toISOString(),
          origin,
          terms: updateTerms(input),
        });
      } catch (error) {
        // The same share from a concurrent request, a moment earlier.
        update = error instanceof StoreConflictError ? await this.repository.get(networkId, updateId) : undefined;
        if (!update) throw error;
      }
    }
    this.indexes.get(networkId)?.index.put(update);
    this.writtenWhileLoading.get(networkId)?.push(update);
    const channels = await this.options.conversations.installedChannels(networkId);
    if (channels.length > 0) {
      // Channel posts are in the network's language (French unless its co-chairs chose English).
      const { language, timeZone } = await preferencesFor(this.options.preferences, networkId);
      const card = this.updateCard(language, update, agencies, '', timeZone);
      await this.options.outbox.enqueue(
        networkId,
        `update:${updateId}`,
        channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })),
        cardMessage(card),
      );
    }
    this.options.logger.info({ networkId, updateId, origin, channels: channels.length }, 'update shared');
    return { update, channels: channels.length };
  }

  updateCard(language: Language, update: UpdateDocument, agencies: readonly Agency[], notice = '', timeZone?: string): AdaptiveCardJson {
    return this.options.cards.render(cardTemplates.update, updateCardData(language, update, agencies, notice, timeZone));
  }

  async get(networkId: string, actorId: string, updateId: string): Promise<UpdateDocument> {
    await this.authorize(networkId, actorId, 'viewDirectory');
    const update = await this.repository.get(networkId, updateId);
    if (!update) throw new UpdateError('unknownUpdate', `no update ${updateId}`);
    return update;
  }

  /** Searches as the actor (reading is open to members and pending members). */
  async search(networkId: string, actorId: string, query: UpdateSearch, page: { skip?: number; limit?: number } = {}): Promise<UpdatePage> {
    await this.authorize(networkId, actorId, 'viewDirectory');
    return this.searchIndex(networkId, query, page);
  }

  /** The message extension's one-box query: words, objective numbers, agencies and kinds mixed. */
  async searchText(networkId: string, actorId: string, text: string, page: { skip?: number; limit?: number } = {}): Promise<UpdatePage> {
    const query = text.trim() === '' ? EMPTY_SEARCH : parseSearchText(text, await this.agencies(networkId));
    return this.search(networkId, actorId, query, page);
  }

  /** Search without a rights check: for the benchmark and for callers that checked already. */
  async searchIndex(networkId: string, query: UpdateSearch, page: { skip?: number; limit?: number } = {}): Promise<UpdatePage> {
    const index = await this.index(networkId);
    const found = index.search(query, page);
    const updates = found.hits.map((hit) => index.get(hit.id)).filter((update): update is UpdateDocument => update !== undefined);
    return { total: found.total, updates };
  }

  /** The network's index: built from the store on first use and when older than the max age. */
  private async index(networkId: string): Promise<UpdateIndex> {
    const current = this.indexes.get(networkId);
    const maxAge = this.options.indexMaxAgeMs ?? INDEX_MAX_AGE_MS;
    if (current && Date.now() - current.loadedAt < maxAge) return current.index;
    let loading = this.loading.get(networkId);
    if (!loading) {
      loading = (async () => {
        const loadedAt = Date.now();
        const written: UpdateDocument[] = [];
        this.writtenWhileLoading.set(networkId, written);
        const index = new UpdateIndex();
        for (const update of await this.repository.list(networkId)) index.put(update);
        for (const update of written) index.put(update);
        this.indexes.set(networkId, { index, loadedAt });
        return index;
      })().finally(() => {
        this.loading.delete(networkId);
        this.writtenWhileLoading.delete(networkId);
      });
      this.loading.set(networkId, loading);
    }
    // A stale index still answers while the fresh one loads; only the first search waits.
    return current ? current.index : loading;
  }

  /**
   * The digest of the period that has just ended, posted once to every network channel (the
   * outbox key makes a second instance's attempt a no-op); nothing is posted when nothing happened.
   */
  async runDigest(networkId: string): Promise<DigestRun> {
    const period = lastCompletedPeriod(this.options.digestSchedule, this.now());
    if (!period) return { status: 'off' };
    if (await this.repository.digest(networkId, period.from)) return { status: 'alreadyDone', period };
    const [updates, meetings, decisions, agencies] = await Promise.all([
      this.repository.list(networkId, period),
      this.options.sources.meetings(networkId),
      this.options.sources.decisions(networkId),
      this.agencies(networkId),
    ]);
    const digest = buildDigest(period, updates, meetings ?? [], decisions ?? []);
    let channels = 0;
    if (digest) {
      const conversations = await this.options.conversations.installedChannels(networkId);
      channels = conversations.length;
      if (channels > 0) {
        const { language, timeZone } = await preferencesFor(this.options.preferences, networkId);
        const card = this.options.cards.render(cardTemplates.digest, digestCardData(language, digest, agencies, timeZone));
        await this.options.outbox.enqueue(
          networkId,
          `digest:${period.from}`,
          conversations.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })),
          cardMessage(card),
        );
      }
    }
    await this.repository.recordDigest({
      id: digestDocumentId(period.from),
      networkId,
      type: UPDATE_DOCUMENT_TYPES.digest,
      periodStart: period.from,
      periodEnd: period.to,
      status: digest ? 'posted' : 'empty',
      channels,
      updates: digest?.updateCount ?? 0,
      at: this.now().toISOString(),
    });
    if (!digest) return { status: 'empty', period };
    this.options.logger.info({ networkId, period, channels, updates: digest.updateCount }, 'digest posted');
    return { status: 'posted', period, channels, updates: digest.updateCount };
  }

  /** The figures of the report to the regional network for a period. */
  async report(networkId: string, actorId: string, period: Period): Promise<ReportFigures> {
    await this.authorize(networkId, actorId, 'downloadReport');
    const { sources } = this.options;
    const [updates, meetings, decisions, statements, workingGroups, workplans, agencies] = await Promise.all([
      this.repository.list(networkId, period),
      sources.meetings(networkId),
      sources.decisions(networkId),
      sources.statements(networkId),
      sources.workingGroups(networkId),
      sources.workplans(networkId, periodYears(period), period.to),
      this.agencies(networkId),
    ]);
    return reportFigures({ period, now: this.now(), agencyCodes: agencies.map((agency) => agency.code), updates, meetings, decisions, statements, workingGroups, workplans });
  }
}
