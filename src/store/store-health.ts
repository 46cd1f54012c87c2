/**
 * Whether the store can be reached, as the app last saw it: what `/healthz` answers and what
 * background work (the dispatcher, the schedulers) waits on while the store is gone.
 *
 * Cheap by design: every store call the app makes already says whether the store answered
 * (`monitor` wraps the store so each one reports here), so a busy instance never probes; a
 * probe (`ping`) runs only when nothing was heard for `probeIntervalMs`, at most once per
 * interval however many health checks and paused tasks ask — a load balancer polling
 * `/healthz` every second costs one ping per interval, not one query per call.
 */
import type { Logger } from '../logger';
import type { DocumentStore } from './document-store';
import { isStoreUnavailable } from './errors';

export const STORE_HEALTH_DEFAULTS = {
  /** How long what was last heard from the store stands before a probe asks again. */
  probeIntervalMs: 2_000,
  /** A probe that takes longer than this counts as an outage. */
  probeTimeoutMs: 3_000,
} as const;

export interface StoreHealthState {
  readonly available: boolean;
  /** Short and safe to show (no stack, no host name): why the store is taken as unavailable. */
  readonly reason?: string;
  /** Epoch ms when this was last heard. */
  readonly at: number;
}

/** What background work asks before a pass: the store is reachable (probing at most once per interval). */
export interface AvailabilityGate {
  available(): Promise<boolean>;
  /** How often a paused task asks again. */
  readonly retryMs: number;
}

export interface StoreHealthOptions {
  readonly logger: Logger;
  readonly probeIntervalMs?: number;
  readonly probeTimeoutMs?: number;
  readonly now?: () => number;
}

export class StoreHealth implements AvailabilityGate {
  readonly retryMs: number;
  private readonly probeTimeoutMs: number;
  private readonly now: () => number;
  private state: StoreHealthState | undefined;
  private probing: Promise<StoreHealthState> | undefined;
  /** Store calls that answered and failed as outages, since start (logs, tests). */
  readonly counts = { probes: 0, outages: 0 };

  constructor(
    private readonly store: DocumentStore,
    private readonly options: StoreHealthOptions,
  ) {
    this.retryMs = options.probeIntervalMs ?? STORE_HEALTH_DEFAULTS.probeIntervalMs;
    this.probeTimeoutMs = options.probeTimeoutMs ?? STORE_HEALTH_DEFAULTS.probeTimeoutMs;
    this.now = options.now ?? (() => Date.now());
  }

  /** The store answered a call. */
  reportAnswer(): void {
    if (this.state && !this.state.available) this.options.logger.info('the store answers again');
    this.state = { available: true, at: this.now() };
  }

  /** A store call failed: an outage (see isStoreUnavailable) marks the store down; anything else is an answer. */
  reportFailure(error: unknown): void {
    if (!isStoreUnavailable(error)) {
      // A conflict, a missing document, a refused write: the store answered.
      this.reportAnswer();
      return;
    }
    this.counts.outages += 1;
    if (!this.state || this.state.available) this.options.logger.warn({ err: error }, 'the store is unavailable; background work pauses until it answers');
    this.state = { available: false, reason: 'store unavailable', at: this.now() };
  }

  /** The current state: what was heard within the interval, else one probe (shared by concurrent askers). */
  async check(): Promise<StoreHealthState> {
    const { state } = this;
    if (state && this.now() - state.at < this.retryMs) return state;
    this.probing ??= this.probe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  async available(): Promise<boolean> {
    return (await this.check()).available;
  }

  /** The store, reporting every call's answer or outage here. */
  monitor(store: DocumentStore = this.store): DocumentStore {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || property === 'close' || property === 'ping') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (!(result instanceof Promise)) return result;
          return result.then(
            (answer: unknown) => {
              this.reportAnswer();
              return answer;
            },
            (error: unknown) => {
              this.reportFailure(error);
              throw error;
            },
          );
        };
      },
    });
  }

  private async probe(): Promise<StoreHealthState> {
    this.counts.probes += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.ping(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('the store did not answer in time')), this.probeTimeoutMs);
        }),
      ]);
      this.reportAnswer();
    } catch (error) {
      // A ping that fails for any reason (even one not classed as an outage) means no answer.
      if (this.state?.available !== false) this.options.logger.warn({ err: error }, 'the store does not answer its health probe');
      this.state = { available: false, reason: 'store unavailable', at: this.now() };
    } finally {
      clearTimeout(timer);
    }
    return this.state as StoreHealthState;
  }
}
