/**
 * Outbox items in the document store: the only module that knows how they are queried and
 * written. Every write that may race (claim, outcome, update) is conditional on the ETag.
 */
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError, StoreNotFoundError } from '../store/errors';
import { withConcurrencyRetry } from '../store/retry';
import { DELIVERY_STATUS_FIELDS, tallyDelta, type DeliveryStatusItem } from './delivery-status';
import type { DeliveryTally } from './delivery-tally';
import { claimItem, DEFAULT_OUTBOX_RETENTION, isDue, OUTBOX_TYPE, withRetention, type OutboxItem, type OutboxRetention, type OutboxStatus } from './outbox-rules';

export interface OutboxRepositoryOptions {
  /** How long final items are kept (their store ttl). */
  readonly retention?: OutboxRetention;
  /** Where every write adds what it changes in its message's counts; none = not counted. */
  readonly tally?: DeliveryTally;
}

/**
 * Every item written here goes through `withRetention` (a final item carries its `ttl`, one in
 * play none) and, once written, adds to its message's tally the difference the write made:
 * whoever wrote it, whatever status it moved to, the counts follow.
 */
export class OutboxRepository {
  private readonly retention: OutboxRetention;
  private readonly tally: DeliveryTally | undefined;

  constructor(
    private readonly store: DocumentStore,
    options: OutboxRepositoryOptions = {},
  ) {
    this.retention = options.retention ?? DEFAULT_OUTBOX_RETENTION;
    this.tally = options.tally;
  }

  /** Creates the item; `false` when an item with that id (same message, same recipient) exists. */
  async createIfAbsent(item: OutboxItem): Promise<boolean> {
    try {
      await this.write(undefined, item);
      return true;
    } catch (error) {
      if (error instanceof StoreConflictError && error.code === 'already_exists') return false;
      throw error;
    }
  }

  get(networkId: string, id: string): Promise<Versioned<OutboxItem> | undefined> {
    return this.store.get<OutboxItem>(networkId, id);
  }

  /**
   * Items to try now: queued ones whose time has come and sending ones whose lease expired.
   * Served by the (status, dueAt) index: a poll reads the due items, not every item ever sent.
   */
  due(networkId: string, now: number, limit: number): Promise<Versioned<OutboxItem>[]> {
    return this.store.query<OutboxItem>(networkId, {
      type: OUTBOX_TYPE,
      where: [
        { path: 'status', op: 'in', values: ['queued', 'sending'] },
        { path: 'dueAt', op: '<=', value: now },
      ],
      orderBy: { path: 'dueAt', direction: 'asc' },
      limit,
    });
  }

  /**
   * The items of one message, with their ETags (so a caller can write them without reading
   * each again). One query on `messageKey`, an indexed field (STORE_INDEXES in
   * src/store/open-store.ts): it reads the items of that key only, however many messages were
   * ever sent, and finds nothing cheaply for a key that was never sent.
   */
  byMessageKey(networkId: string, messageKey: string): Promise<Versioned<OutboxItem>[]> {
    return this.store.query<OutboxItem>(networkId, {
      type: OUTBOX_TYPE,
      where: [{ path: 'messageKey', op: '=', value: messageKey }],
    });
  }

  /** The ids of the items of one message (same indexed query, ids only): who already has it. */
  async idsByMessageKey(networkId: string, messageKey: string): Promise<Set<string>> {
    const found = await this.store.query(networkId, {
      type: OUTBOX_TYPE,
      where: [{ path: 'messageKey', op: '=', value: messageKey }],
      fields: [],
    });
    return new Set(found.map((entry) => entry.document.id));
  }

  /**
   * The failed and abandoned items of one message still kept, with only what a status shows
   * of them (no activity): served by the (messageKey, status) index, so it reads the failures
   * and none of the delivered copies.
   */
  async failuresByMessageKey(networkId: string, messageKey: string): Promise<DeliveryStatusItem[]> {
    return this.statusItems(networkId, messageKey, ['failed', 'dead']);
  }

  /**
   * Every item of one message still kept, with only what a status shows of them: the recount
   * after a crash lost an instance's last counts (k rows for k copies; see OutboxService.status).
   */
  async statusItemsByMessageKey(networkId: string, messageKey: string): Promise<DeliveryStatusItem[]> {
    return this.statusItems(networkId, messageKey);
  }

  private async statusItems(networkId: string, messageKey: string, statuses?: readonly OutboxStatus[]): Promise<DeliveryStatusItem[]> {
    const found = await this.store.query<DeliveryStatusItem>(networkId, {
      type: OUTBOX_TYPE,
      where: [{ path: 'messageKey', op: '=', value: messageKey }, ...(statuses ? [{ path: 'status', op: 'in' as const, values: statuses }] : [])],
      fields: DELIVERY_STATUS_FIELDS,
    });
    return found.map((entry) => entry.document);
  }

  /**
   * Takes the lease if nobody wrote the item since it was read; undefined when another
   * instance claimed or changed it first (it is theirs, or it will come back in a later poll).
   */
  async claim(candidate: Versioned<OutboxItem>, owner: string, now: number, leaseMs: number): Promise<Versioned<OutboxItem> | undefined> {
    if (!isDue(candidate.document, now)) return undefined;
    try {
      const claimed = await this.write(candidate, claimItem(candidate.document, owner, now, leaseMs));
      const { lease } = candidate.document;
      // Its last holder's lease ran out with no outcome written: that try may or may not have
      // reached Teams. Counted, so the status can say a copy may have been received twice.
      if (candidate.document.status === 'sending' && lease && lease.owner !== owner) {
        this.tally?.add(candidate.document.networkId, candidate.document.messageKey, { ambiguous: 1 });
      }
      return claimed;
    } catch (error) {
      if (error instanceof StoreConflictError || error instanceof StoreNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Puts a queued item back in the store to be due at `until` (its conversation is full for a
   * while). On a conflict someone else changed it first: their version stands.
   */
  async defer(candidate: Versioned<OutboxItem>, until: number): Promise<void> {
    try {
      await this.write(candidate, { ...candidate.document, dueAt: until });
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }

  /**
   * Read-modify-write with retry on conflict; `mutate` returns undefined for "nothing to
   * write". Resolves the stored version (written or current), undefined if the item is gone.
   */
  async modify(
    networkId: string,
    id: string,
    mutate: (current: OutboxItem) => OutboxItem | undefined,
    known?: Versioned<OutboxItem>,
  ): Promise<Versioned<OutboxItem> | undefined> {
    return withConcurrencyRetry(async (attempt) => {
      // The first try may start from the version in hand; a conflict means it is stale.
      const current = attempt === 1 && known ? known : await this.store.get<OutboxItem>(networkId, id);
      if (!current) return undefined;
      const next = mutate(current.document);
      if (!next) return current;
      return this.write(current, next);
    });
  }

  /** Creates (no `current`) or replaces if unchanged since `current` was read, then counts the change. */
  private async write(current: Versioned<OutboxItem> | undefined, next: OutboxItem): Promise<Versioned<OutboxItem>> {
    const item = withRetention(next, this.retention);
    const written = current ? await this.store.replace(item, current.etag) : await this.store.create(item);
    this.tally?.add(item.networkId, item.messageKey, tallyDelta(current?.document, written.document));
    return written;
  }
}
