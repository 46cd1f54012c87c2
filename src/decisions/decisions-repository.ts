/**
 * The decisions documents in the store: knows the store and the document shapes, nothing of
 * the rules. Documents several people write at once (a decision receiving positions, the
 * register counter) are changed with ETags and retried; a poll answer is its own document per
 * person, so concurrent voters never touch the same document.
 */
import { SharedReadCache } from '../network/shared-read-cache';
import { CoalescingWriter } from '../store/coalescing-writer';
import type { DocumentStore, Versioned } from '../store/document-store';
import { updateDocument, withConcurrencyRetry } from '../store/retry';
import { answerAlreadyRecorded, rememberRequest } from './poll-rules';
import { StoreConflictError, StoreNotFoundError } from '../store/errors';
import { DecisionError } from './errors';
import {
  DECISION_DOCUMENT_TYPES,
  POLL_AUDIENCE_PAGE,
  decisionDocumentId,
  pollAnswerDocumentId,
  pollAudienceDocumentId,
  pollDocumentId,
  pollTallyDocumentId,
  registerCounterId,
  type Audience,
  type CommentDocument,
  type CommentsShown,
  type DecisionDocument,
  type PollAnswerDocument,
  type PollAudienceDocument,
  type PollDocument,
  type PollTallyDocument,
  type RegisterCounterDocument,
} from './model';

// 6 ExCom agencies × 3 representatives may write one decision at the same instant: enough
// tries for all of them to land, each backing off with jitter.
const HOT_DOCUMENT_RETRY = { attempts: 30, baseDelayMs: 2, maxDelayMs: 100 } as const;

/**
 * How old the tally shards of other voters may be in the card a voter gets back. One instance
 * sees its own writes at once, so only the answers counted by another instance reach the card
 * this late (the voter's own shard is always the one just written); a burst of answers reads
 * each shard about once per this time instead of every shard per answer. Five seconds, like the
 * role documents (network/shared-read-cache.ts): "a tally at most a few seconds old".
 */
export const POLL_TALLY_FRESH_MS = 5_000;
// Shards of the polls answered lately; a poll has POLL_TALLY_SHARDS of them.
const RECENT_TALLIES_KEPT = 4_096;

/** A shard sealed by the close since it was read: the late delta is not counted (see README). */
class SealedShard extends Error {}

export class DecisionsRepository {
  private readonly tallyWrites = new CoalescingWriter();
  /** The last version of each tally shard this process read or wrote (see POLL_TALLY_FRESH_MS). */
  private readonly recentTallies: SharedReadCache<Versioned<PollTallyDocument> | undefined>;

  constructor(
    private readonly store: DocumentStore,
    tallyFreshMs = POLL_TALLY_FRESH_MS,
  ) {
    this.recentTallies = new SharedReadCache(tallyFreshMs, () => performance.now(), RECENT_TALLIES_KEPT);
  }

  getPoll(networkId: string, pollId: string): Promise<Versioned<PollDocument> | undefined> {
    return this.store.get<PollDocument>(networkId, pollDocumentId(pollId));
  }

  createPoll(poll: PollDocument): Promise<Versioned<PollDocument>> {
    return this.store.create(poll);
  }

  updatePoll(networkId: string, pollId: string, mutate: (poll: PollDocument) => PollDocument): Promise<Versioned<PollDocument>> {
    return updateDocument<PollDocument>(this.store, networkId, pollDocumentId(pollId), mutate, HOT_DOCUMENT_RETRY);
  }

  async pollAnswers(networkId: string, pollId: string): Promise<PollAnswerDocument[]> {
    const found = await this.store.query<PollAnswerDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.pollAnswer, where: [{ path: 'pollId', op: '=', value: pollId }] });
    return found.map((entry) => entry.document);
  }

  getPollAnswer(networkId: string, pollId: string, aadObjectId: string): Promise<Versioned<PollAnswerDocument> | undefined> {
    return this.store.get<PollAnswerDocument>(networkId, pollAnswerDocumentId(pollId, aadObjectId));
  }

  /**
   * Writes the voter's answer (one write conditional on the version read), unless the invoke
   * `requestId` was already recorded on it (Teams redelivers an invoke it saw no answer to; a
   * captured one may be replayed): then the stored answer is returned unchanged, even if the
   * voter has changed it since. `previous` is the version this write replaced: the tally delta
   * of this turn goes from it to `answer`.
   */
  async saveAnswer(
    networkId: string,
    answer: Omit<PollAnswerDocument, 'revision' | 'requestIds'>,
    requestId?: string,
  ): Promise<{ readonly answer: PollAnswerDocument; readonly previous?: PollAnswerDocument; readonly changed: boolean }> {
    return withConcurrencyRetry(async () => {
      const existing = await this.getPollAnswer(networkId, answer.pollId, answer.aadObjectId);
      if (existing && answerAlreadyRecorded(existing.document, requestId)) return { answer: existing.document, changed: false };
      const requestIds = rememberRequest(existing?.document.requestIds, requestId);
      const document: PollAnswerDocument = { ...answer, revision: (existing?.document.revision ?? 0) + 1, ...(requestIds ? { requestIds } : {}) };
      const saved = existing ? await this.store.replace(document, existing.etag) : await this.store.create(document);
      return { answer: saved.document, ...(existing ? { previous: existing.document } : {}), changed: true };
    }, HOT_DOCUMENT_RETRY);
  }

  async pollTally(networkId: string, pollId: string, shard: number): Promise<Versioned<PollTallyDocument> | undefined> {
    return this.seen(networkId, pollTallyDocumentId(pollId, shard), await this.store.get<PollTallyDocument>(networkId, pollTallyDocumentId(pollId, shard)));
  }

  /** The poll's tally shards 0…shards-1, read by id at once (undefined: nobody counted there yet). */
  pollTallies(networkId: string, pollId: string, shards: number): Promise<(Versioned<PollTallyDocument> | undefined)[]> {
    return Promise.all(Array.from({ length: shards }, (_, shard) => this.pollTally(networkId, pollId, shard)));
  }

  /**
   * The same for a voter's card: each shard as this process last read or wrote it if that is
   * recent (POLL_TALLY_FRESH_MS), else read; shard `fresh` (the one the voter writes) read now.
   */
  recentPollTallies(networkId: string, pollId: string, shards: number, fresh: number): Promise<(Versioned<PollTallyDocument> | undefined)[]> {
    return Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        shard === fresh ? this.pollTally(networkId, pollId, shard) : this.recentTallies.read(`${networkId}\u0000${pollTallyDocumentId(pollId, shard)}`, () => this.pollTally(networkId, pollId, shard)),
      ),
    );
  }

  /** Remembers the version of a shard just read or written; returns it. */
  private seen<T extends Versioned<PollTallyDocument> | undefined>(networkId: string, id: string, tally: T): T {
    this.recentTallies.set(`${networkId}\u0000${id}`, tally);
    return tally;
  }

  /**
   * Applies `change` to one tally shard by a write conditional on the version given (read by the
   * caller, undefined = not created yet), re-reading it after a conflict with another voter of
   * the same shard. A sealed shard (the poll closed and was counted from its answers) is final:
   * returned unchanged, nothing written.
   */
  async updateTally(
    networkId: string,
    pollId: string,
    shard: number,
    read: Versioned<PollTallyDocument> | undefined,
    empty: () => PollTallyDocument,
    change: (tally: PollTallyDocument) => PollTallyDocument,
  ): Promise<Versioned<PollTallyDocument> | undefined> {
    // A shard that exists and is open: the deltas of the voters answering together land in one
    // write (about 1 voter in 8 shares a shard: 25 in a burst of 200).
    if (read && !read.document.sealed) {
      try {
        const { saved } = await this.tallyWrites.write<PollTallyDocument, undefined>({
          key: `${networkId}\u0000${read.document.id}`,
          read,
          reread: () => this.pollTally(networkId, pollId, shard),
          replace: async (tally, etag) => this.seen(networkId, tally.id, await this.store.replace(tally, etag)),
          change: (tally) => {
            if (tally.sealed) throw new SealedShard();
            return { document: change(tally), result: undefined };
          },
        });
        return saved;
      } catch (error) {
        if (!(error instanceof SealedShard)) throw error;
        return this.pollTally(networkId, pollId, shard);
      }
    }
    let current = read;
    return withConcurrencyRetry(async (attempt) => {
      if (attempt > 1) current = await this.pollTally(networkId, pollId, shard);
      if (current?.document.sealed) return current;
      const written = current ? await this.store.replace(change(current.document), current.etag) : await this.store.create(change(empty()));
      return this.seen(networkId, written.document.id, written);
    }, HOT_DOCUMENT_RETRY);
  }

  /** Writes a shard rebuilt from the answers, over the version read (StoreConflictError if it moved). */
  async writeTally(tally: PollTallyDocument, read: Versioned<PollTallyDocument> | undefined): Promise<Versioned<PollTallyDocument>> {
    return this.seen(tally.networkId, tally.id, read ? await this.store.replace(tally, read.etag) : await this.store.create(tally));
  }

  /** Creates shards built from the answers of a poll from before shards; one another turn created first is kept. */
  async createTallies(tallies: readonly PollTallyDocument[]): Promise<void> {
    await Promise.all(
      tallies.map(async (tally) => {
        try {
          await this.store.create(tally);
        } catch (error) {
          if (!(error instanceof StoreConflictError)) throw error;
        }
      }),
    );
  }

  /** Stores a poll's audience in pages of POLL_AUDIENCE_PAGE people; returns how many pages. */
  async createAudience(networkId: string, pollId: string, people: readonly Audience[]): Promise<number> {
    const pages = Math.max(1, Math.ceil(people.length / POLL_AUDIENCE_PAGE));
    for (let page = 0; page < pages; page += 1) {
      await this.store.create<PollAudienceDocument>({
        id: pollAudienceDocumentId(pollId, page),
        networkId,
        type: DECISION_DOCUMENT_TYPES.pollAudience,
        pollId,
        page,
        people: people.slice(page * POLL_AUDIENCE_PAGE, (page + 1) * POLL_AUDIENCE_PAGE),
      });
    }
    return pages;
  }

  /** The poll's audience: inline on polls from before audience documents, else its pages. */
  async audience(poll: PollDocument): Promise<readonly Audience[]> {
    if (poll.audience) return poll.audience;
    const pages = Math.max(1, Math.ceil((poll.audienceSize ?? 0) / POLL_AUDIENCE_PAGE));
    const found = await Promise.all(Array.from({ length: pages }, (_, page) => this.store.get<PollAudienceDocument>(poll.networkId, pollAudienceDocumentId(poll.pollId, page))));
    return found.flatMap((entry) => entry?.document.people ?? []);
  }

  async duePolls(networkId: string, now: Date): Promise<PollDocument[]> {
    const found = await this.store.query<PollDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.poll, where: [{ path: 'dueAt', op: '<=', value: now.toISOString() }] });
    return found.map((entry) => entry.document);
  }

  /**
   * The tab's list of polls in one state, newest first, at most `limit`: a query on the `poll`
   * index by `status` (STORE_INDEXES), so the open ones cost what is in flight; the closed ones
   * are the latest `limit` of the network's history.
   */
  async pollsByStatus(networkId: string, status: PollDocument['status'], limit: number): Promise<PollDocument[]> {
    const found = await this.store.query<PollDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.poll, where: [{ path: 'status', op: '=', value: status }], orderBy: { path: 'createdAt', direction: 'desc' }, limit });
    return found.map((entry) => entry.document);
  }

  /** Time-slot polls, newest first (the tab's "convene on the best slot" list). */
  async timeSlotPolls(networkId: string): Promise<PollDocument[]> {
    const found = await this.store.query<PollDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.poll, where: [{ path: 'kind', op: '=', value: 'timeSlots' }], orderBy: { path: 'createdAt', direction: 'desc' } });
    return found.map((entry) => entry.document);
  }

  getDecision(networkId: string, decisionId: string): Promise<Versioned<DecisionDocument> | undefined> {
    return this.store.get<DecisionDocument>(networkId, decisionDocumentId(decisionId));
  }

  createDecision(decision: DecisionDocument): Promise<Versioned<DecisionDocument>> {
    return this.store.create(decision);
  }

  async updateDecision(networkId: string, decisionId: string, mutate: (decision: DecisionDocument) => DecisionDocument): Promise<Versioned<DecisionDocument>> {
    try {
      return await updateDocument<DecisionDocument>(this.store, networkId, decisionDocumentId(decisionId), mutate, HOT_DOCUMENT_RETRY);
    } catch (error) {
      // An id of no decision of this network (another network's, a made-up one): the reader's 404, not a failure.
      if (error instanceof StoreNotFoundError) throw new DecisionError('unknownDecision', `No decision ${decisionId} in network ${networkId}.`);
      throw error;
    }
  }

  /** Writes `decision` only if it is still the version read with `etag` (StoreConflictError otherwise). */
  replaceDecision(decision: DecisionDocument, etag: string): Promise<Versioned<DecisionDocument>> {
    return this.store.replace(decision, etag);
  }

  async decisions(networkId: string): Promise<DecisionDocument[]> {
    const found = await this.store.query<DecisionDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.decision, orderBy: { path: 'createdAt', direction: 'desc' } });
    return found.map((entry) => entry.document);
  }

  async dueDecisions(networkId: string, now: Date): Promise<DecisionDocument[]> {
    const found = await this.store.query<DecisionDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.decision, where: [{ path: 'dueAt', op: '<=', value: now.toISOString() }] });
    return found.map((entry) => entry.document);
  }

  async addComment(comment: CommentDocument): Promise<void> {
    await this.store.create(comment);
  }

  /**
   * What a card shows of the consultation: the `limit` latest comments (oldest first) and how
   * many there are — bounded rows whatever the turnout: one query when there are at most
   * `limit`, a count besides when there are more.
   */
  async latestComments(networkId: string, decisionId: string, limit: number): Promise<CommentsShown> {
    const byDecision = [{ path: 'decisionId', op: '=', value: decisionId }] as const;
    const found = await this.store.query<CommentDocument>(networkId, { type: DECISION_DOCUMENT_TYPES.comment, where: byDecision, orderBy: { path: 'at', direction: 'desc' }, limit: limit + 1 });
    const latest = found.slice(0, limit).map((entry) => entry.document).reverse();
    const total = found.length <= limit ? found.length : await this.store.count(networkId, { type: DECISION_DOCUMENT_TYPES.comment, where: byDecision });
    return { latest, total };
  }

  /** Every comment of the decision, oldest first (the tab's detail and exports, not cards). */
  async comments(networkId: string, decisionId: string): Promise<CommentDocument[]> {
    const found = await this.store.query<CommentDocument>(networkId, {
      type: DECISION_DOCUMENT_TYPES.comment,
      where: [{ path: 'decisionId', op: '=', value: decisionId }],
      orderBy: { path: 'at', direction: 'asc' },
    });
    return found.map((entry) => entry.document);
  }

  /**
   * The decision's rank in `year`'s register. The counter is one document per network and
   * year, changed with its ETag: two decisions closing at the same instant get two ranks, and
   * asking again for the same decision (a retry, two scheduler passes) gives the same rank.
   */
  async registerRank(networkId: string, year: number, decisionId: string): Promise<number> {
    const id = registerCounterId(year);
    return withConcurrencyRetry(async () => {
      const current = await this.store.get<RegisterCounterDocument>(networkId, id);
      if (!current) {
        await this.store.create<RegisterCounterDocument>({ id, networkId, type: DECISION_DOCUMENT_TYPES.registerCounter, year, last: 1, assigned: { [decisionId]: 1 } });
        return 1;
      }
      const existing = current.document.assigned[decisionId];
      if (existing !== undefined) return existing;
      const next = current.document.last + 1;
      await this.store.replace({ ...current.document, last: next, assigned: { ...current.document.assigned, [decisionId]: next } }, current.etag);
      return next;
    }, HOT_DOCUMENT_RETRY);
  }
}

