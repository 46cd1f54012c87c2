/**
 * The dispatcher: takes due outbox items from the store and delivers them through the
 * connector as fast as Teams allows and no faster.
 *
 * One pump loop per instance: it polls due items into a local queue and claims them ahead of
 * their turn with an ETag-conditional write (a lease), about a second's worth of calls at a
 * time. A claimed item waits in `ready` until its conversation and the app as a whole are
 * under their limits; then the limiter counts the call and the connector call starts in the
 * same tick, and the outcome is written when it answers. Claiming ahead keeps the claim's
 * store round trip (a Cosmos DB write, or a SQLite write stalled by a long query) out of the
 * gap between the moment the limiter counts a call and the moment Teams receives it: that gap
 * is what the limiter's margin must absorb. Instances share nothing but the store: the ETag
 * makes each claim win once, and an expired lease (a crashed instance) makes the item due
 * again for everyone; a claimed item not sent when the dispatcher stops is handed back.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { DocumentStore, Versioned } from '../store/document-store';
import { isStoreUnavailable } from '../store/errors';
import type { AvailabilityGate } from '../store/store-health';
import { ChannelFallback } from './channel-fallback';
import { ConnectorCallError, type ConnectorGateway } from './connector-gateway';
import type { ConversationService } from './conversation-service';
import { DeliveryTally } from './delivery-tally';
import type { SendingLease } from './sending-lease';
import { OutboxRepository } from './outbox-repository';
import {
  applyOutcome,
  claimItem,
  classifyFailure,
  conversationOf,
  DEFAULT_BACKOFF,
  INTERNAL_FAILURE_CODE,
  isDue,
  nextOperation,
  UNKNOWN_CONVERSATION_CODE,
  type BackoffPolicy,
  type ConnectorFailureInfo,
  type ConnectorOutcome,
  type DeliveryTarget,
  type OutboxItem,
  type OutboxOperation,
  type OutboxRetention,
  releaseItem,
} from './outbox-rules';
import { DEFAULT_GLOBAL_RATE_PER_SECOND, DeliveryRateLimiter, type CallStamp, type WindowRule } from './rate-limiter';

export interface DispatcherOptions {
  readonly store: DocumentStore;
  /** Partitions to deliver from (one per country network this deployment serves). */
  readonly networkIds: readonly string[];
  readonly gateway: ConnectorGateway;
  readonly conversations: ConversationService;
  readonly logger: Logger;
  /** Lease owner name; unique per running instance. */
  readonly instanceId?: string;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Calls per second for the whole app (Teams allows about 50 per app per tenant). */
  readonly globalRatePerSecond?: number;
  readonly conversationWindows?: readonly WindowRule[];
  readonly marginMs?: number;
  /** How long a claimed item is ours; after that another instance may take it. */
  readonly leaseMs?: number;
  /** How often the store is asked for due items when nothing wakes the dispatcher. */
  readonly pollIntervalMs?: number;
  /**
   * Idle, the interval doubles after each poll that found nothing, up to this (default 10 poll
   * intervals): on Cosmos DB a poll is a query per network, ~2.3 RU, and once a second it was
   * nearly all of an idle deployment's bill (npm run estimate:cost). Work queued by this process
   * wakes the dispatcher at once, a retry it scheduled is looked for when due; only work queued
   * by another instance waits, at most this long.
   */
  readonly idlePollMaxMs?: number;
  /**
   * With a sending lease: how far apart an instance that did not hold it last polls while nobody
   * sends (default 6 × idlePollMaxMs, a minute). Its own work takes the lease at once (`wake`);
   * this poll finds only work queued elsewhere whose sender is gone (a crash, or a retry due
   * after the last holder stopped), so it may be rare: each poll is a query per network.
   */
  readonly standbyPollMaxMs?: number;
  /** Items fetched per poll. */
  readonly batchSize?: number;
  /** Connector calls in flight at once (latency × rate: 100 ms × 50/s needs 5). */
  readonly maxInFlight?: number;
  /** Items claimed ahead of their turn, at most (default: a second of calls at the global rate). */
  readonly claimAhead?: number;
  /** Tries before an item is dead. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
  /** How long final items are kept (their store ttl); default DEFAULT_OUTBOX_RETENTION. */
  readonly retention?: OutboxRetention;
  /** Where outcomes are counted (shared with the OutboxService of this process); default its own. */
  readonly tally?: DeliveryTally;
  /**
   * With several instances: only the holder of this lease polls, claims and calls, so Teams'
   * limits hold for the deployment as a whole (see sending-lease.ts). None: this dispatcher
   * always sends (one instance, or tests of the dispatcher alone).
   */
  readonly sendingLease?: SendingLease;
  /**
   * Whether the store answers: while it does not, the dispatcher claims and polls nothing and
   * asks again every `retryMs` (a probe at most per interval), and resumes when it answers.
   */
  readonly availability?: AvailabilityGate;
}

export interface DispatcherStats {
  /** Times the store was asked for due items. */
  polls: number;
  delivered: number;
  updated: number;
  conversationsCreated: number;
  throttled: number;
  retried: number;
  failed: number;
  dead: number;
  lostClaims: number;
  /** Looks skipped because the store did not answer. */
  outagePauses: number;
}

export const DISPATCHER_DEFAULTS = {
  leaseMs: 60_000,
  pollIntervalMs: 1_000,
  batchSize: 200,
  maxInFlight: 32,
  maxAttempts: 8,
  // Teams counts a call when it arrives: leave room for the time between our count and its.
  // The count is taken when the call starts (its claim is already written) and moved to when
  // the loop next turns (restampUnwritten), so what is left is the jitter between the request
  // being written and Teams reading it. bench:fanout (fake connector in the same process, so
  // its reading is delayed by our own event loop and by the machine's load, worse than a
  // network): request written 1 ms after the count (p99 3–6 ms, max 8–19); read by the
  // connector p99 11–14 ms later, max 17–37; calls came 4–14 ms closer than counted, no 429.
  // With 50 ms and the count taken before the claim's write, a stall between the two (a
  // 1,000-item enqueue, a long query) made them come 50+ ms closer: 429s in 3 runs of 4 on a
  // loaded machine. Each ms here costs 1/1000 of the app's throughput.
  marginMs: 25,
} as const;

// A store that fails while an outcome is being written: try again for about ten seconds before
// leaving the item to its lease (it will then be tried again, possibly twice: logged loudly).
const OUTCOME_WRITE_ATTEMPTS = 6;

/** Wakes the pump early: new work, a freed slot, or stop. */
class Signal {
  private release: (() => void) | undefined;
  private pending = false;

  notify(): void {
    if (this.release) {
      const release = this.release;
      this.release = undefined;
      release();
    } else {
      this.pending = true;
    }
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.release = undefined;
        resolve();
      }, Math.max(0, ms));
      this.release = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export class Dispatcher {
  readonly instanceId: string;
  readonly stats: DispatcherStats = { polls: 0, delivered: 0, updated: 0, conversationsCreated: 0, throttled: 0, retried: 0, failed: 0, dead: 0, lostClaims: 0, outagePauses: 0 };
  private readonly repository: OutboxRepository;
  private readonly tally: DeliveryTally;
  private readonly limiter: DeliveryRateLimiter;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly settings: Required<Pick<DispatcherOptions, 'leaseMs' | 'pollIntervalMs' | 'idlePollMaxMs' | 'standbyPollMaxMs' | 'batchSize' | 'maxInFlight' | 'claimAhead' | 'maxAttempts' | 'backoff'>>;
  private readonly signal = new Signal();
  // Due items read from the store, not yet claimed, by id; the newest version read wins.
  private readonly queue = new Map<string, Versioned<OutboxItem>>();
  // Items claimed by this instance, waiting for the limits to let their call go, in claim order.
  private readonly ready = new Map<string, Versioned<OutboxItem>>();
  // Conversations with an item in `ready` or being claimed: one waits per conversation, so a
  // busy channel's backlog stays in the store, unleased, instead of holding leases here.
  private readonly waitingConversations = new Set<string>();
  // Items being claimed, called or deferred (their promise is in inFlight), with how many such
  // steps are under way: a claim's bookkeeping may end after the call it led to has started,
  // and that must not make the item look free while its call is in flight (a poll would then
  // claim it again once its lease looks expired, and send it twice).
  private readonly started = new Map<string, number>();
  private claiming = 0;
  private calling = 0;
  // Calls counted whose requests may not be written yet (see restampUnwritten).
  private readonly unwritten: { stamp: CallStamp; startedAt: number }[] = [];
  private restampScheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private nextPollAt = 0;
  private lastPollFull = false;
  // The poll under way while this instance sends: it runs beside the calls, never in front of
  // them (see pollBesideCalls); its failure is raised in the loop, as one awaited there would be.
  private polling: Promise<void> | undefined;
  private pollFailure: { readonly error: unknown } | undefined;
  // How long the next poll waits after the last one found nothing (doubling while idle), and the
  // earliest retry this dispatcher scheduled that no poll has picked up yet.
  private idleWaitMs = 0;
  private nextRetryAt = Number.POSITIVE_INFINITY;
  // Work was queued by this process (wake) while it does not hold the sending lease.
  private workQueuedHere = false;
  private readonly channelFallback: ChannelFallback;

  constructor(private readonly options: DispatcherOptions) {
    this.instanceId = options.instanceId ?? `dispatcher-${randomUUID().slice(0, 8)}`;
    this.tally = options.tally ?? new DeliveryTally(options.store, { logger: options.logger });
    this.repository = new OutboxRepository(options.store, { ...(options.retention ? { retention: options.retention } : {}), tally: this.tally });
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.channelFallback = new ChannelFallback({ repository: this.repository, conversations: options.conversations, gateway: options.gateway, now: this.now, logger: options.logger });
    this.limiter = new DeliveryRateLimiter({
      ...(options.globalRatePerSecond !== undefined ? { globalRatePerSecond: options.globalRatePerSecond } : {}),
      ...(options.conversationWindows ? { conversationWindows: options.conversationWindows } : {}),
      marginMs: options.marginMs ?? DISPATCHER_DEFAULTS.marginMs,
    });
    this.settings = {
      leaseMs: options.leaseMs ?? DISPATCHER_DEFAULTS.leaseMs,
      pollIntervalMs: options.pollIntervalMs ?? DISPATCHER_DEFAULTS.pollIntervalMs,
      idlePollMaxMs: options.idlePollMaxMs ?? 10 * (options.pollIntervalMs ?? DISPATCHER_DEFAULTS.pollIntervalMs),
      standbyPollMaxMs: options.standbyPollMaxMs ?? 6 * (options.idlePollMaxMs ?? 10 * (options.pollIntervalMs ?? DISPATCHER_DEFAULTS.pollIntervalMs)),
      batchSize: options.batchSize ?? DISPATCHER_DEFAULTS.batchSize,
      maxInFlight: options.maxInFlight ?? DISPATCHER_DEFAULTS.maxInFlight,
      claimAhead: options.claimAhead ?? Math.max(1, Math.ceil(options.globalRatePerSecond ?? DEFAULT_GLOBAL_RATE_PER_SECOND)),
      maxAttempts: options.maxAttempts ?? DISPATCHER_DEFAULTS.maxAttempts,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.nextPollAt = 0;
    this.options.sendingLease?.start(() => {
      if (this.maySend()) {
        this.adoptPauses();
        this.nextPollAt = 0;
        this.idleWaitMs = 0;
      }
      this.signal.notify();
    });
    this.loop = this.run();
    this.options.logger.debug({ instanceId: this.instanceId }, 'delivery dispatcher started');
  }

  /** Stops taking new items and resolves once every try in flight has written its outcome. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.signal.notify();
    await this.loop;
    await this.polling;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    // Claimed but not sent: hand them back now rather than make everyone wait for the lease.
    await Promise.allSettled([...this.ready.values()].map((claimed) => this.release(claimed)));
    this.ready.clear();
    this.waitingConversations.clear();
    this.loop = undefined;
    this.queue.clear();
    await this.options.sendingLease?.stop();
    // The counts of the last outcomes, so a status read anywhere sees everything this instance did.
    await this.tally.flush();
    this.options.logger.debug({ instanceId: this.instanceId, ...this.stats }, 'delivery dispatcher stopped');
  }

  /**
   * The Retry-After pauses recorded in the sending lease (by the instance that held it before,
   * or by this one) apply to this limiter: a new holder does not call a conversation, or the
   * app, that Teams asked to wait.
   */
  private adoptPauses(): void {
    const lease = this.options.sendingLease;
    if (!lease?.mayCall()) return;
    const now = this.now();
    const { appMs, conversations } = lease.remainingPauses();
    if (appMs > 0) this.limiter.pause(undefined, now + appMs);
    for (const [conversationId, remainingMs] of conversations) this.limiter.pause(conversationId, now + remainingMs);
  }

  /** New work was queued: look at the store now rather than at the next poll. */
  wake(): void {
    this.nextPollAt = 0;
    this.idleWaitMs = 0;
    this.workQueuedHere = true;
    this.signal.notify();
  }

  /** Whether this instance may send now (always, without a sending lease). */
  private maySend(): boolean {
    return this.options.sendingLease?.mayCall() ?? true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.pollFailure) {
          const { error } = this.pollFailure;
          this.pollFailure = undefined;
          throw error;
        }
        const now = this.now();
        if (!this.maySend()) {
          const lease = this.options.sendingLease as SendingLease;
          if (this.workQueuedHere) lease.acquire();
          this.workQueuedHere = false;
          // Another instance sends (or this one lost the lease): hand back what was claimed and
          // wait to be woken by the lease, polling nothing meanwhile.
          if (lease.isWaiting()) await this.standBy();
          // Nobody sends: look for work now and then; take the lease when there is some.
          else await this.watchWhileNobodySends(lease, now);
          continue;
        }
        this.workQueuedHere = false;
        if (this.options.availability && !(await this.options.availability.available())) {
          // The store is gone: nothing can be claimed or recorded. Calls in flight finish and
          // retry their outcome writes; the rest waits for the store (queued work resumes).
          this.stats.outagePauses += 1;
          await this.signal.wait(this.options.availability.retryMs);
          // Read the store as soon as it answers, whatever the dispatcher's clock says.
          this.nextPollAt = 0;
          continue;
        }
        if (now >= this.nextPollAt || (this.queue.size === 0 && this.lastPollFull)) {
          if (this.queue.size >= this.settings.claimAhead) {
            // A second of work is already in hand, read by an earlier poll: asking again now
            // would read the same items again. Look when the queue runs dry (or a tick later).
            this.lastPollFull = true;
            this.nextPollAt = now + this.settings.pollIntervalMs;
          } else {
            this.pollBesideCalls(now);
          }
        }
        if (!this.running) break;
        await this.signal.wait(this.startReady(this.now()));
      } catch (error) {
        // The store is down or a bug: keep the loop alive and try again after a poll interval.
        const outage = isStoreUnavailable(error);
        if (outage) this.options.logger.warn({ instanceId: this.instanceId, reason: error instanceof Error ? error.message : String(error) }, 'delivery paused: the store is unavailable');
        else this.options.logger.error({ err: error, instanceId: this.instanceId }, 'delivery dispatcher loop failed; retrying');
        this.nextPollAt = this.now() + this.settings.pollIntervalMs;
        await this.signal.wait(this.settings.pollIntervalMs);
        // After an outage, look again at once (real time has passed, whatever the dispatcher's clock says).
        if (outage) this.nextPollAt = 0;
      }
    }
  }

  /**
   * Nobody holds the sending lease (idle): poll the outbox at the idle rate (the last holder) or
   * the standby rate (the others), and ask for the lease as soon as a poll finds due items.
   */
  private async watchWhileNobodySends(lease: SendingLease, now: number): Promise<void> {
    if (this.ready.size > 0 || this.inFlight.size > 0) {
      await this.standBy();
      return;
    }
    if (this.options.availability && !(await this.options.availability.available())) {
      await this.signal.wait(this.options.availability.retryMs);
      this.nextPollAt = 0;
      return;
    }
    if (now >= this.nextPollAt) {
      await this.polling;
      await this.refill(now);
      if (this.queue.size > 0) lease.acquire();
    }
    if (this.running && !this.maySend() && !lease.isWaiting()) await this.signal.wait(Math.max(0, this.nextPollAt - this.now()));
  }

  private async standBy(): Promise<void> {
    const claimed = [...this.ready.values()];
    this.ready.clear();
    this.waitingConversations.clear();
    this.queue.clear();
    await Promise.allSettled(claimed.map((item) => this.release(item)));
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.running && !this.maySend()) await this.signal.wait(this.settings.pollIntervalMs);
  }

  /**
   * Reads the store for due items without holding up the calls of items already claimed: one
   * query per network in turn, each a round trip (a Cosmos DB protocol server that scans its
   * container answered one in up to a second under bench:scale, and a deployment serving many
   * networks makes a poll as many queries), and a loop awaiting the poll made no call meanwhile,
   * however many items were ready — a second without a call in every 3,000-copy fan-out. At
   * most one poll at a time; the loop is woken when it ends.
   */
  private pollBesideCalls(now: number): void {
    if (this.polling) return;
    this.polling = this.refill(now)
      .catch((error: unknown) => {
        this.pollFailure = { error };
      })
      .finally(() => {
        this.polling = undefined;
        this.signal.notify();
      });
  }

  private async refill(now: number): Promise<void> {
    this.nextPollAt = now + this.settings.pollIntervalMs;
    let full = false;
    for (const networkId of this.options.networkIds) {
      const due = await this.repository.due(networkId, now, this.settings.batchSize);
      if (due.length >= this.settings.batchSize) full = true;
      // Shuffled so that instances polling the same items do not all fight for the same one first.
      for (const entry of shuffle(due, this.random)) {
        if (!this.started.has(entry.document.id) && !this.ready.has(entry.document.id)) this.queue.set(entry.document.id, entry);
      }
    }
    this.lastPollFull = full;
    this.limiter.sweep(now);
    this.stats.polls += 1;
    this.backOffWhenIdle(now);
  }

  /** After a poll: nothing found and nothing in hand → wait longer next time (see idlePollMaxMs). */
  private backOffWhenIdle(now: number): void {
    if (now >= this.nextRetryAt) this.nextRetryAt = Number.POSITIVE_INFINITY;
    const idle = this.queue.size === 0 && this.ready.size === 0 && this.started.size === 0 && this.inFlight.size === 0;
    // Nothing in hand for a while: the holder releases the sending lease (it costs nothing idle).
    this.options.sendingLease?.noteIdle(idle && this.nextRetryAt - now > this.settings.pollIntervalMs);
    if (!idle) {
      this.idleWaitMs = 0;
      return;
    }
    const lease = this.options.sendingLease;
    const maxWaitMs = lease && !lease.mayCall() && !lease.isLastHolder() ? this.settings.standbyPollMaxMs : this.settings.idlePollMaxMs;
    this.idleWaitMs = Math.min(maxWaitMs, Math.max(this.settings.pollIntervalMs, this.idleWaitMs * 2));
    this.nextPollAt = Math.min(now + this.idleWaitMs, Math.max(now + this.settings.pollIntervalMs, this.nextRetryAt));
  }

  /**
   * Starts the call of every claimed item the limits allow now, then claims ahead what the
   * next second may send; resolves how long to wait before looking again.
   */
  private startReady(now: number): number {
    // A poll under way wakes the loop when it ends; until then the next poll's time is not ours to wait for.
    let wakeIn = this.polling ? this.settings.pollIntervalMs : Math.max(0, this.nextPollAt - now);
    this.restampUnwritten();
    for (const [id, claimed] of this.ready) {
      if (this.calling >= this.settings.maxInFlight) break; // a finishing call notifies
      const conversationId = conversationOf(claimed.document);
      // Read the clock again: starting a call takes a little time, and the count must not be earlier than the call.
      const at = this.now();
      if ((claimed.document.lease?.until ?? 0) - at < this.settings.leaseMs / 2) {
        // Held too long (a long 429 pause): hand it back rather than call on a lease about to expire.
        this.unready(id, claimed);
        this.track(id, this.release(claimed));
        continue;
      }
      if (!this.maySend()) break; // the loop hands the claims back
      const decision = this.limiter.check(conversationId, at);
      if (decision.allowed) {
        this.options.sendingLease?.noteCall();
        this.unwritten.push({ stamp: this.limiter.record(conversationId, at), startedAt: performance.now() });
        this.unready(id, claimed);
        this.track(id, this.attempt(claimed));
        continue;
      }
      if (decision.scope === 'global') {
        wakeIn = Math.min(wakeIn, decision.globalRetryAfterMs);
        break;
      }
      wakeIn = Math.min(wakeIn, decision.retryAfterMs);
    }
    if (this.unwritten.length > 0 && !this.restampScheduled) {
      this.restampScheduled = true;
      setImmediate(() => {
        this.restampScheduled = false;
        this.restampUnwritten();
        this.unwritten.length = 0;
      });
    }
    for (const [id, candidate] of this.queue) {
      if (this.ready.size + this.claiming >= this.settings.claimAhead) break; // a finishing claim or call notifies
      const conversationId = conversationOf(candidate.document);
      if (conversationId !== undefined && this.waitingConversations.has(conversationId)) continue;
      const decision = this.limiter.check(conversationId, now);
      const conversationWait = decision.allowed || decision.scope === 'global' ? 0 : decision.retryAfterMs;
      if (conversationWait > this.settings.pollIntervalMs && candidate.document.status === 'queued') {
        // This conversation is full for a while (a busy channel): push the item back in the
        // store so polls keep bringing other conversations' items instead of this one.
        this.queue.delete(id);
        this.track(id, this.defer(candidate, now + conversationWait));
        continue;
      }
      this.queue.delete(id);
      if (conversationId !== undefined) this.waitingConversations.add(conversationId);
      this.track(id, this.claimAhead(candidate, conversationId));
    }
    return wakeIn;
  }

  /**
   * Calls just started write their requests once the event loop gets to them; if other work
   * (an enqueue of a thousand items, a long query, a GC pause) holds the loop first, they leave
   * later than counted, and the next window's calls would reach Teams less than a window after
   * them. Until the loop has turned once (setImmediate runs after that turn's I/O), such calls
   * count as leaving no earlier than any later look at the limits, so no decision frees a slot
   * on the strength of a count taken before a stall.
   */
  private restampUnwritten(): void {
    const elapsedNow = performance.now();
    for (const call of this.unwritten) {
      // Real time elapsed, added to the dispatcher's clock: an injected clock (tests, a clock
      // moved by hand) still gets the stall's length, never the jump of the clock itself.
      call.stamp = this.limiter.restamp(call.stamp, call.stamp.at + (elapsedNow - call.startedAt));
      call.startedAt = elapsedNow;
    }
  }

  private unready(id: string, claimed: Versioned<OutboxItem>): void {
    this.ready.delete(id);
    const conversationId = conversationOf(claimed.document);
    if (conversationId !== undefined) this.waitingConversations.delete(conversationId);
  }

  private async claimAhead(candidate: Versioned<OutboxItem>, conversationId: string | undefined): Promise<void> {
    this.claiming += 1;
    let claimed: Versioned<OutboxItem> | undefined;
    try {
      claimed = await this.repository.claim(candidate, this.instanceId, this.now(), this.settings.leaseMs);
    } catch (error) {
      // The store failed (an outage): the item stays as it was in the store; the next look reads it again.
      this.nextPollAt = 0;
      throw error;
    } finally {
      this.claiming -= 1;
      if (!claimed && conversationId !== undefined) this.waitingConversations.delete(conversationId);
    }
    if (!claimed) {
      this.stats.lostClaims += 1;
      return;
    }
    if (!this.running) {
      if (conversationId !== undefined) this.waitingConversations.delete(conversationId);
      await this.release(claimed);
      return;
    }
    this.ready.set(claimed.document.id, claimed);
  }

  /** Gives a claimed item back to the queue, due now; on a conflict the newer version stands. */
  private async release(claimed: Versioned<OutboxItem>): Promise<void> {
    try {
      await this.repository.modify(claimed.document.networkId, claimed.document.id, (current) => releaseItem(current, this.instanceId, this.now()), claimed);
      // Due now: the next look reads the store again rather than wait for the poll interval on
      // the dispatcher's clock (a clock that does not move, as a test's between its steps, would
      // leave it there).
      this.nextPollAt = 0;
    } catch (error) {
      // The lease will expire on its own; the item is due again then.
      this.options.logger.warn({ err: error, itemId: claimed.document.id }, 'could not hand back a claimed outbox item; it waits for its lease');
    }
  }

  private track(id: string, work: Promise<void>): void {
    this.started.set(id, (this.started.get(id) ?? 0) + 1);
    const tracked = work
      .catch((error: unknown) => this.options.logger.error({ err: error, itemId: id }, 'delivery try failed unexpectedly'))
      .finally(() => {
        this.inFlight.delete(tracked);
        const steps = (this.started.get(id) ?? 1) - 1;
        if (steps > 0) this.started.set(id, steps);
        else this.started.delete(id);
        this.signal.notify();
      });
    this.inFlight.add(tracked);
  }

  private async defer(candidate: Versioned<OutboxItem>, until: number): Promise<void> {
    await this.repository.defer(candidate, until);
  }

  /** One try of one claimed item: one connector call, started before any await, then its outcome. */
  private async attempt(claimed: Versioned<OutboxItem>): Promise<void> {
    const item = claimed.document;
    const operation = nextOperation(item);
    let outcome: ConnectorOutcome;
    this.calling += 1;
    const calling = this.call(item, operation);
    const log = this.options.logger.child({ itemId: item.id, messageKey: item.messageKey, recipient: item.recipientKey, operation });
    try {
      outcome = await calling;
      if (operation === 'createConversation') {
        // Reached in a shared channel instead (channel-fallback.ts): no conversation was opened.
        if (outcome.kind === 'conversationReady') this.stats.conversationsCreated += 1;
      } else if (operation === 'update') this.stats.updated += 1;
      else this.stats.delivered += 1;
      log.debug('delivery call succeeded');
    } catch (error) {
      const info = failureInfo(error);
      const now = this.now();
      const failure = classifyFailure(info, now, operation);
      if (failure.disposition === 'retryAfter') {
        this.stats.throttled += 1;
        this.limiter.pause(conversationOf(item), now + failure.delayMs);
        // Recorded where the other instances' dispatchers see it, should one of them take over.
        this.options.sendingLease?.notePause(conversationOf(item), failure.delayMs);
      }
      outcome = { kind: 'failed', failure, error: { reason: failure.reason, message: info.message, ...(info.status !== undefined ? { status: info.status } : {}), ...(info.code !== undefined ? { code: info.code } : {}) } };
      const details = { status: info.status, code: info.code, reason: failure.reason, attempts: item.attempts + 1 };
      if (failure.disposition === 'permanent') log.warn(details, 'delivery failed permanently');
      else log.info(details, 'delivery failed; will retry');
    } finally {
      this.calling -= 1;
    }
    const written = await this.persistOutcome(claimed, outcome);
    if (!written) return;
    const { status } = written.document;
    if (status === 'failed' && outcome.kind === 'failed') this.stats.failed += 1;
    else if (status === 'dead') {
      this.stats.dead += 1;
      log.warn({ reason: written.document.lastError?.reason }, 'delivery abandoned after the last retry');
    } else if ((status === 'queued' || status === 'sending') && outcome.kind === 'failed') {
      this.stats.retried += 1;
      if (status === 'queued') this.nextRetryAt = Math.min(this.nextRetryAt, written.document.dueAt);
    }
    // A 1:1 just opened, or an update that arrived meanwhile: the outcome was written as the
    // next claim (see persistOutcome), so it waits for its turn without another write.
    if (this.running && status === 'sending' && written.document.lease?.owner === this.instanceId) this.ready.set(written.document.id, written);
    else if (this.running && isDue(written.document, this.now())) this.queue.set(written.document.id, written);
  }

  private async call(item: OutboxItem, operation: OutboxOperation): Promise<ConnectorOutcome> {
    if (operation === 'createConversation') {
      try {
        return { kind: 'conversationReady', target: await this.openPersonalConversation(item) };
      } catch (error) {
        // Teams opens no 1:1 with an external member of a shared channel: reach them there.
        if (!(error instanceof ConnectorCallError) || !ChannelFallback.covers(error, this.now())) throw error;
        const inChannel = await this.channelFallback.reach(item);
        if (!inChannel) throw error;
        return inChannel;
      }
    }
    const target = item.target as DeliveryTarget;
    if (operation === 'send') {
      const sent = await this.options.gateway.send(target, item.activity);
      return { kind: 'delivered', revision: item.revision, ...(sent.activityId ? { activityId: sent.activityId } : {}) };
    }
    await this.options.gateway.update(target, item.sentActivityId as string, item.activity);
    return { kind: 'delivered', revision: item.revision };
  }

  /** The member's 1:1: the one stored (someone else may have opened it), else a new one, stored. */
  private async openPersonalConversation(item: OutboxItem): Promise<DeliveryTarget> {
    const { recipient, networkId } = item;
    if (recipient.kind !== 'member') {
      throw new ConnectorCallError({ code: UNKNOWN_CONVERSATION_CODE, message: `Conversation ${recipient.conversationId} is unknown to the bot.` });
    }
    const { conversations, gateway } = this.options;
    const existing = await conversations.findPersonal(networkId, recipient.tenantId, recipient.aadObjectId);
    if (existing) return { conversationId: existing.conversationId, serviceUrl: existing.reference.serviceUrl };
    const route = await conversations.routeForTenant(networkId, recipient.tenantId);
    if (!route) {
      throw new ConnectorCallError({ code: UNKNOWN_CONVERSATION_CODE, message: `No Teams service URL is known for tenant ${recipient.tenantId}: the bot was never installed there.` });
    }
    const created = await gateway.createPersonalConversation({
      serviceUrl: route.serviceUrl,
      tenantId: recipient.tenantId,
      aadObjectId: recipient.aadObjectId,
      ...(recipient.userId ? { userId: recipient.userId } : {}),
      ...(route.bot ? { bot: route.bot } : {}),
    });
    await conversations.recordCreatedPersonal({
      networkId,
      conversationId: created.conversationId,
      serviceUrl: created.serviceUrl,
      tenantId: recipient.tenantId,
      aadObjectId: recipient.aadObjectId,
      ...(recipient.userId ? { userId: recipient.userId } : {}),
      ...(route.bot ? { bot: route.bot } : {}),
    });
    return { conversationId: created.conversationId, serviceUrl: created.serviceUrl };
  }

  private async persistOutcome(claimed: Versioned<OutboxItem>, outcome: ConnectorOutcome): Promise<Versioned<OutboxItem> | undefined> {
    const { networkId, id } = claimed.document;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const mutate = (current: OutboxItem) => {
          const now = this.now();
          const next = applyOutcome(current, outcome, { owner: this.instanceId, now, maxAttempts: this.settings.maxAttempts, backoff: this.settings.backoff, random: this.random });
          // Due again at once (a 1:1 just opened, an update that came meanwhile): keep the
          // lease in the same write instead of a claim after it.
          return next && this.running && isDue(next, now) ? claimItem(next, this.instanceId, now, this.settings.leaseMs) : next;
        };
        return await this.repository.modify(networkId, id, mutate, attempt === 1 ? claimed : undefined);
      } catch (error) {
        if (attempt >= OUTCOME_WRITE_ATTEMPTS) {
          this.options.logger.error(
            { err: error, itemId: id, outcome: outcome.kind },
            'could not record a delivery outcome; the item will be tried again when its lease expires',
          );
          return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}

function failureInfo(error: unknown): ConnectorFailureInfo {
  if (error instanceof ConnectorCallError) return error;
  // Not a connector answer (a store error while opening a 1:1, a bug): retry with backoff.
  return { message: error instanceof Error ? error.message : String(error), code: INTERNAL_FAILURE_CODE };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
