/**
 * One budget across instances: Teams' limits (about 50 calls per second per app, and each
 * conversation's windows) hold for the deployment as a whole, however many instances run, with
 * no setting to divide by hand.
 *
 * How: one instance at a time holds the *sending lease*, a document in the store, and only the
 * holder makes connector calls — at the full rate, with the whole app's and every
 * conversation's windows in its own limiter, exactly as a single instance. The others serve
 * turns and enqueue as usual and stand by; each renewal period they read the lease (one point
 * read) and take it over once it has run out (its holder crashed or stopped). Why not a share
 * of the rate per instance: Teams caps the app at ~50 calls/s, which one instance sends using a
 * small part of one core (bench:fanout: 2–3 ms of CPU per call), so splitting the calls adds
 * coordination (a split that must change safely under a sliding window, an owner per
 * conversation, the tail of a fan-out waiting on the slowest share) and no throughput.
 *
 * Why the limits hold across a hand-over: the holder calls only while `now < until - guard`,
 * where `guard` is the app's window plus its margin; another instance takes the lease only
 * once `now >= until + skew`. So the first call of a new holder comes at least a whole window
 * after the last call of the old one, whatever Teams counted before. A holder that cannot
 * renew (the store is down) stops calling by itself before anyone may take over. A graceful
 * stop writes `until = last call + guard` so a standby takes over at once rather than after a
 * whole lease. Clocks: `skew` is the clock difference between instances tolerated (App
 * Service hosts keep theirs synchronised far closer than the default).
 *
 * Idle, nobody holds it: the holder releases the lease (`until` = one guard after its last
 * call, the same hand-over as a graceful stop) once it has had nothing to send for
 * `idleReleaseMs`, and every instance stops reading it. An instance asks for it again
 * (`acquire`) when work is queued on it (`wake`) or its outbox poll finds due items; the
 * lease is then read, and taken at once if free, or watched until its holder releases it or
 * dies. Renewing every 5 s with nothing to send was a deployment's largest line on Cosmos DB
 * (6.15 M RU a month, npm run estimate:cost); idle, the lease now costs nothing, and a period of
 * sending costs one write to take it, one every renewal and one to release it.
 *
 * Not covered: a conversation's longer windows (60 per 30 s, 1,800 per hour) are in the old
 * holder's memory only, so a channel that was busy right before a hand-over may draw a 429,
 * which pauses it for Retry-After and retries: never lost, never doubled.
 */
import type { Logger } from '../logger';
import type { DocumentStore, StoredDocument, Versioned } from '../store/document-store';
import { StoreConflictError, StoreNotFoundError } from '../store/errors';

export const SENDING_LEASE_TYPE = 'delivery-sending-lease';
export const SENDING_LEASE_ID = 'delivery-sending-lease';
/**
 * The partition of documents about the deployment rather than one network (Teams' limits are
 * the bot app's, across every network it serves). Not a network id anyone would choose.
 */
export const DEPLOYMENT_PARTITION = '~deployment';

export interface SendingLeaseDocument extends StoredDocument {
  readonly type: typeof SENDING_LEASE_TYPE;
  /** The instance that may send. */
  readonly holder: string;
  /** Epoch ms, the holder's clock: the lease runs out then unless renewed. */
  readonly until: number;
  readonly updatedAt: string;
  /**
   * Retry-After pauses Teams asked for, epoch ms, still running when written: `app` for the
   * whole app (a 429 with no conversation, e.g. opening a 1:1), and per conversation id. The
   * next holder starts with them, so a Retry-After outlives the instance that received it.
   */
  readonly pauses?: ThrottlePauses;
}

export interface ThrottlePauses {
  readonly app?: number;
  readonly conversations?: Readonly<Record<string, number>>;
}

/** Most conversations paused at once kept in the lease document (a storm: the longest pauses win). */
export const MAX_RECORDED_PAUSES = 500;

/** Both sets of pauses, each kept until the later of the two, without those over at `now` (pure). */
export function mergePauses(a: ThrottlePauses | undefined, b: ThrottlePauses | undefined, now: number): ThrottlePauses | undefined {
  const app = Math.max(a?.app ?? 0, b?.app ?? 0);
  const conversations = new Map<string, number>();
  for (const source of [a?.conversations, b?.conversations]) {
    for (const [id, until] of Object.entries(source ?? {})) if (until > now) conversations.set(id, Math.max(conversations.get(id) ?? 0, until));
  }
  const kept = [...conversations].sort((x, y) => y[1] - x[1]).slice(0, MAX_RECORDED_PAUSES);
  if (app <= now && kept.length === 0) return undefined;
  return { ...(app > now ? { app } : {}), ...(kept.length > 0 ? { conversations: Object.fromEntries(kept) } : {}) };
}

/** How long the holder keeps the lease with nothing to send before releasing it (default). */
export const SENDING_LEASE_IDLE_RELEASE_MS = 30_000;

export interface SendingLeaseTiming {
  /** How long a renewal keeps the lease. */
  readonly leaseMs: number;
  /** The holder's calls stop this long before `until`: the app's window plus its margin. */
  readonly guardMs: number;
  /** Clock difference between instances that is tolerated. */
  readonly skewMs: number;
}

export type LeaseStep =
  | { readonly kind: 'create' | 'renew' | 'takeOver'; readonly until: number }
  | { readonly kind: 'standBy'; /** When to look again at the earliest. */ readonly retryAt: number };

/** What an instance does with the lease as it finds it (pure). */
export function nextLeaseStep(current: SendingLeaseDocument | undefined, me: string, now: number, timing: SendingLeaseTiming): LeaseStep {
  const until = now + timing.leaseMs;
  if (!current) return { kind: 'create', until };
  if (current.holder === me) return { kind: 'renew', until };
  const free = current.until + timing.skewMs;
  return now >= free ? { kind: 'takeOver', until } : { kind: 'standBy', retryAt: free };
}

/** Whether `me` may make a connector call now under the lease as last written (pure). */
export function mayCallUnder(lease: Pick<SendingLeaseDocument, 'holder' | 'until'> | undefined, me: string, now: number, timing: SendingLeaseTiming): boolean {
  return lease !== undefined && lease.holder === me && now < lease.until - timing.guardMs;
}

export interface SendingLeaseOptions {
  readonly store: DocumentStore;
  readonly instanceId: string;
  readonly logger: Logger;
  /** How often the lease is renewed by its holder and looked at by the others (default 5 s). */
  readonly renewMs?: number;
  /** Default 3 renewals: a holder survives two failed renewals in a row. */
  readonly leaseMs?: number;
  /** Default 1,025 ms: Teams' one-second app window and the dispatcher's 25 ms margin. */
  readonly guardMs?: number;
  /** Default 500 ms. */
  readonly skewMs?: number;
  /**
   * The holder releases the lease after this long with nothing to send (default 30 s: a
   * period of sending then costs about 6 renewals more than its own length, and a message
   * queued soon after the last one finds the lease still held, with its windows in memory).
   */
  readonly idleReleaseMs?: number;
  readonly now?: () => number;
}

export class SendingLease {
  private readonly timing: SendingLeaseTiming;
  private readonly renewMs: number;
  private readonly idleReleaseMs: number;
  private readonly now: () => number;
  // The lease as this instance last wrote it while holding it (kept after a release: this
  // instance is then the last holder, see isLastHolder).
  private held: Versioned<SendingLeaseDocument> | undefined;
  // The lease as last read or written here; undefined before the first look.
  private lastSeen: SendingLeaseDocument | undefined;
  private seenAny = false;
  // This instance has work to send: it takes the lease when free, watches it meanwhile.
  private wanted = false;
  // Asked for at start only: taken if free, not waited for if another instance holds it.
  private wantedAtStart = false;
  private idleSince: number | undefined;
  private releasing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private running = false;
  private onChange: () => void = () => undefined;
  private lastCallAt: number | undefined;
  // Pauses known here (received by this instance, or read from the lease), and whether some of
  // them are not in the stored lease yet.
  private knownPauses: ThrottlePauses | undefined;
  private unsavedPauses = false;

  constructor(private readonly options: SendingLeaseOptions) {
    this.renewMs = options.renewMs ?? 5_000;
    this.timing = {
      leaseMs: options.leaseMs ?? 3 * this.renewMs,
      guardMs: options.guardMs ?? 1_025,
      skewMs: options.skewMs ?? 500,
    };
    if (!(this.timing.leaseMs > this.renewMs + this.timing.guardMs)) {
      throw new RangeError(`The sending lease (${this.timing.leaseMs} ms) must outlast a renewal period and the guard (${this.renewMs} + ${this.timing.guardMs} ms).`);
    }
    this.idleReleaseMs = options.idleReleaseMs ?? SENDING_LEASE_IDLE_RELEASE_MS;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Starts by taking the lease if it is free (a restart after a crash may have the dead one's
   * work to finish; released after the idle period if there is nothing to send); held by
   * another, it is left to it. `onChange` is called whenever this instance gains or loses the
   * right to send.
   */
  start(onChange: () => void): void {
    if (this.running) return;
    this.running = true;
    this.wanted = true;
    this.wantedAtStart = true;
    this.onChange = onChange;
    this.schedule(0);
  }

  /**
   * This instance has work to send: take the lease now if it is free (or ours), else watch it
   * (one read per renewal period) and take it once its holder released it or it ran out.
   */
  acquire(): void {
    this.idleSince = undefined;
    this.wantedAtStart = false;
    if (this.wanted || !this.running) return;
    this.wanted = true;
    if (!this.timer && !this.ticking) this.schedule(0);
    else if (this.timer && !this.holding()) {
      // Looking again later (a standby's period): look now instead.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule(0);
    }
  }

  /** Whether this instance wants to send and another holds the lease (or it could not be renewed). */
  isWaiting(): boolean {
    return this.wanted && !this.mayCall();
  }

  /**
   * Whether this instance held the lease last, or nobody ever did: it keeps watching the outbox
   * at the idle poll rate; the others look less often (the dispatcher's standbyPollMaxMs).
   */
  isLastHolder(): boolean {
    return !this.seenAny || this.lastSeen === undefined || this.lastSeen.holder === this.options.instanceId;
  }

  /**
   * The holder tells whether it has anything in hand: after `idleReleaseMs` with nothing, the
   * lease is released (free one guard after the last call) and nobody renews or reads it.
   */
  noteIdle(idle: boolean): void {
    if (!idle || !this.holding()) {
      this.idleSince = undefined;
      return;
    }
    const now = this.now();
    this.idleSince ??= now;
    if (now - this.idleSince >= this.idleReleaseMs && !this.releasing) {
      this.releasing = this.release().finally(() => {
        this.releasing = undefined;
      });
    }
  }

  /**
   * Whether this instance may make a connector call now. On the lease's own clock, real time:
   * what matters is the time between two instances' calls, whatever clock a test injects
   * into the dispatcher.
   */
  mayCall(): boolean {
    return mayCallUnder(this.held?.document, this.options.instanceId, this.now(), this.timing);
  }

  /** A connector call starts now: the lease, once handed over, is free one guard after the last. */
  noteCall(): void {
    this.lastCallAt = this.now();
  }

  /**
   * Teams asked to wait `delayMs` (Retry-After) for a conversation, or for the whole app
   * when `conversationId` is undefined. Written into the lease at once (one renewal, not at the
   * next period), so an instance that takes over after this one died still honours it.
   */
  notePause(conversationId: string | undefined, delayMs: number): void {
    const now = this.now();
    const until = now + delayMs;
    const before = this.knownPauses;
    this.knownPauses = mergePauses(before, conversationId === undefined ? { app: until } : { conversations: { [conversationId]: until } }, now);
    const previous = conversationId === undefined ? before?.app : before?.conversations?.[conversationId];
    if (previous !== undefined && previous >= until) return;
    this.unsavedPauses = true;
    if (this.running && this.timer && this.held) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule(0);
    }
  }

  /**
   * The pauses still running, as this instance knows them (its own, and those it read from the
   * lease), as how long each has left: the dispatcher applies them on its own clock.
   */
  remainingPauses(): { readonly appMs: number; readonly conversations: readonly (readonly [string, number])[] } {
    const now = this.now();
    const pauses = mergePauses(this.knownPauses, undefined, now);
    return {
      appMs: Math.max(0, (pauses?.app ?? 0) - now),
      conversations: Object.entries(pauses?.conversations ?? {}).map(([id, until]) => [id, until - now] as const),
    };
  }

  /**
   * Stops renewing; a holder hands the lease over: free one guard after its last call (or now),
   * so a standby takes over without waiting for the lease to run out.
   */
  async stop(): Promise<void> {
    const { lastCallAt } = this;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.releasing;
    await this.handOver(lastCallAt);
    this.held = undefined;
  }

  /** Idle: the lease is handed over (free one guard after the last call); nobody renews or reads it until someone acquires it. */
  private async release(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (!this.running || !this.holding()) return;
    const before = this.mayCall();
    this.wanted = false;
    await this.handOver(this.lastCallAt);
    if (this.wanted && this.running && !this.timer && !this.ticking) this.schedule(0); // acquired again meanwhile
    if (this.mayCall() !== before) this.onChange();
  }

  /** Whether this instance holds the lease as last written, released or not. */
  private holding(): boolean {
    return this.held?.document.holder === this.options.instanceId && this.held.document.until > this.now() - this.timing.skewMs;
  }

  /** Writes the lease free from one guard after the last call (or now), keeping the pauses. */
  private async handOver(lastCallAt: number | undefined): Promise<void> {
    const held = this.held;
    if (!held || held.document.holder !== this.options.instanceId) return;
    const now = this.now();
    const until = Math.min(held.document.until, Math.max(now - this.timing.skewMs, (lastCallAt ?? Number.NEGATIVE_INFINITY) + this.timing.guardMs));
    if (until >= held.document.until && until <= now - this.timing.skewMs) return; // already free
    const pauses = mergePauses(held.document.pauses, this.knownPauses, now);
    const { pauses: _written, ...rest } = held.document;
    try {
      this.held = await this.options.store.replace<SendingLeaseDocument>({ ...rest, until, updatedAt: new Date(now).toISOString(), ...(pauses ? { pauses } : {}) }, held.etag);
      this.lastSeen = this.held.document;
    } catch (error) {
      // Someone took it, or the store is down: the lease then runs out on its own.
      this.held = undefined;
      this.options.logger.warn({ err: error }, 'could not hand over the sending lease; it runs out on its own');
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
      });
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const before = this.mayCall();
    let next: number | undefined = this.renewMs;
    try {
      next = await this.step();
      // A pause noted while this look was under way: written now rather than a period later.
      if (this.unsavedPauses && this.held && next !== undefined) next = 0;
    } catch (error) {
      // The store is down: keep what we have; mayCall() turns false on its own before anyone may take over.
      this.options.logger.warn({ err: error, instanceId: this.options.instanceId }, 'could not renew or read the sending lease');
    }
    if (this.mayCall() !== before) this.onChange();
    if (next !== undefined) this.schedule(next);
  }

  /** One look at the lease; resolves when to look again, or undefined: not until acquired. */
  private async step(): Promise<number | undefined> {
    const { store, instanceId } = this.options;
    const current = await store.get<SendingLeaseDocument>(DEPLOYMENT_PARTITION, SENDING_LEASE_ID);
    const now = this.now();
    this.seenAny = true;
    this.lastSeen = current?.document;
    // What the holder (this one or another) recorded: a standby learns it before taking over.
    this.knownPauses = mergePauses(this.knownPauses, current?.document.pauses, now);
    // Nothing to send here: only know who holds it (a restart after a crash: isLastHolder).
    if (!this.wanted) return undefined;
    const step = nextLeaseStep(current?.document, instanceId, now, this.timing);
    if (step.kind === 'standBy' && this.wantedAtStart) {
      // Another instance sends: it has the work; this one's polls find what it leaves.
      this.wanted = false;
      this.wantedAtStart = false;
      return undefined;
    }
    if (step.kind === 'standBy') {
      this.held = undefined;
      return Math.min(this.renewMs, step.retryAt - now);
    }
    const pauses = this.knownPauses;
    const document: SendingLeaseDocument = {
      id: SENDING_LEASE_ID,
      networkId: DEPLOYMENT_PARTITION,
      type: SENDING_LEASE_TYPE,
      holder: instanceId,
      until: step.until,
      updatedAt: new Date(now).toISOString(),
      ...(pauses ? { pauses } : {}),
    };
    const saving = this.unsavedPauses;
    this.unsavedPauses = false;
    try {
      this.held = current ? await store.replace(document, current.etag) : await store.create(document);
      this.lastSeen = this.held.document;
      if (step.kind !== 'renew') this.options.logger.info({ instanceId, from: current?.document.holder }, 'this instance now sends the deployment’s proactive messages');
    } catch (error) {
      if (saving) this.unsavedPauses = true;
      if (!(error instanceof StoreConflictError || error instanceof StoreNotFoundError)) throw error;
      // Another instance wrote first: it holds the lease; look again soon.
      this.held = undefined;
      return Math.min(this.renewMs, this.timing.skewMs);
    }
    return this.renewMs;
  }
}
