/**
 * The outbox's rules, as pure functions over plain data (no SDK, no store, no clock of their
 * own): what an outbox item is, which one is due, how a claim, an update and the outcome of a
 * connector call change it, how long to wait before the next try, and what a failure means.
 *
 * One item = one message (its key) for one recipient. The item keeps the activity to deliver,
 * and, once delivered, the id Teams gave it, so a later update edits the card in place.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { MAX_REFRESH_USER_IDS, userMri } from '../cards/card-text';
import type { StoredDocument } from '../store/document-store';

export const OUTBOX_TYPE = 'outbox';

/**
 * queued → sending → sent | failed (permanent: blocked, uninstalled, refused) | dead (retries
 * exhausted). `sending` is a lease: an item whose lease expired is due again, so the items of
 * an instance that crashed are taken over by another one.
 */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'dead'];

/**
 * Who receives: a conversation the bot is in (channel, group chat or an existing 1:1), or a
 * member, for whom the 1:1 conversation is created when the bot has none yet.
 */
export type Recipient =
  | {
      readonly kind: 'conversation';
      readonly conversationId: string;
      /**
       * Set on a post that carries a message to members no 1:1 can reach (see channel-fallback.ts):
       * the n-th such post of the message in this channel, apart from the channel's own copy.
       */
      readonly mentionGroup?: number;
    }
  | {
      readonly kind: 'member';
      readonly aadObjectId: string;
      readonly tenantId: string;
      /** The Teams id (29:…) from the roster, when known; preferred to open the 1:1. */
      readonly userId?: string;
      readonly name?: string;
    };

/** A Bot Framework activity as JSON (type, text, attachments…), stored as it will be sent. */
export type OutboxActivity = Readonly<Record<string, unknown>>;

/** Where an item goes once resolved: the conversation and the regional service URL that serves it. */
export interface DeliveryTarget {
  readonly conversationId: string;
  readonly serviceUrl: string;
}

/** Why a delivery failed, in words a co-chair can act on (see src/i18n, `delivery.reason.*`). */
export type FailureReason =
  | 'blocked'
  | 'notInstalled'
  | 'conversationNotFound'
  | 'unknownConversation'
  | 'forbidden'
  | 'badRequest'
  | 'tooLarge'
  | 'unauthorized'
  | 'throttled'
  | 'serverError'
  | 'network'
  | 'unknown';

export interface OutboxError {
  readonly reason: FailureReason;
  readonly status?: number;
  readonly code?: string;
  /** The connector's own message, for the logs and support; the UI shows the reason. */
  readonly message: string;
  readonly at: string;
}

export interface OutboxItem extends StoredDocument {
  readonly type: typeof OUTBOX_TYPE;
  readonly messageKey: string;
  readonly recipient: Recipient;
  readonly recipientKey: string;
  /** Absent for a member whose 1:1 conversation is not created yet. */
  readonly target?: DeliveryTarget;
  readonly activity: OutboxActivity;
  /** Bumped by every update of the message; the recipient is up to date when it equals deliveredRevision. */
  readonly revision: number;
  readonly deliveredRevision?: number;
  /** The id Teams gave the delivered activity: what an update in place needs. */
  readonly sentActivityId?: string;
  readonly status: OutboxStatus;
  /** Failed tries of the pending operation; reset when it succeeds. */
  readonly attempts: number;
  /** Epoch ms: when a queued item may be tried, or when a sending item's lease expires. */
  readonly dueAt: number;
  readonly lease?: { readonly owner: string; readonly until: number };
  readonly lastError?: OutboxError;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt?: string;
  /**
   * A member no 1:1 could reach (an external member of a shared channel: Teams opens no 1:1
   * across tenants), reached instead by the channel post that @mentions them: that post's item.
   */
  readonly reachedInChannel?: { readonly conversationId: string; readonly carrierId: string };
  /** On that channel post's own item: the people it @mentions, and the message as it was before the mentions. */
  readonly carrier?: ChannelCarrier;
}

/** Someone @mentioned by a channel post that carries a message to them. */
export interface ChannelMention {
  readonly aadObjectId: string;
  readonly tenantId: string;
  /** The member's Teams id (29:…) when known; Teams also accepts the Entra object id in a mention. */
  readonly userId?: string;
  readonly name?: string;
  /** The recipient key of their own item (whose status says "reached in channel"). */
  readonly recipientKey: string;
}

export interface ChannelCarrier {
  readonly people: readonly ChannelMention[];
  /** The message as the feature made it, before the mentions were added. */
  readonly activity: OutboxActivity;
}

/**
 * People @mentioned per channel post, at most. Teams does not document a ceiling for mentions in
 * a bot's message; its clients refuse to send a message with more than 20, so a post keeps to
 * that: more people make more posts, each with the same card.
 */
export const MENTIONS_PER_POST = 20;

/**
 * The activity a carrier posts: the message's own (card, actions, text) with a line that
 * @mentions each person first, so Teams notifies them — the same card they would have had 1:1.
 */
export function withMentions(activity: OutboxActivity, people: readonly ChannelMention[]): OutboxActivity {
  const tags = people.map((person) => ({ person, tag: `<at>${escapeMention(person.name || person.aadObjectId)}</at>` }));
  const mentions = tags.map(({ person, tag }) => ({
    type: 'mention',
    text: tag,
    mentioned: { id: person.userId ?? person.aadObjectId, name: person.name || person.aadObjectId },
  }));
  const previousText = typeof activity.text === 'string' && activity.text.trim() !== '' ? activity.text : undefined;
  const entities = Array.isArray(activity.entities) ? (activity.entities as unknown[]).filter((entity) => (entity as { type?: unknown })?.type !== 'mention') : [];
  const line = tags.map(({ tag }) => tag).join(', ');
  const attachments = Array.isArray(activity.attachments) ? { attachments: (activity.attachments as unknown[]).map((attachment) => refreshedFor(attachment, people)) } : {};
  return { ...activity, ...attachments, type: activity.type ?? 'message', text: previousText ? `${line} — ${previousText}` : line, textFormat: 'xml', entities: [...entities, ...mentions] };
}

/**
 * A card that refreshes for its reader (Universal Actions: `refresh.userIds`) refreshes, in the
 * channel, for each person the post @mentions too, so each of them sees their own view of it
 * (their answer, their agency's voice) as they would have in their 1:1; Teams takes 60 at most.
 */
function refreshedFor(attachment: unknown, people: readonly ChannelMention[]): unknown {
  const content = (attachment as { content?: { refresh?: { userIds?: unknown } } } | undefined)?.content;
  const userIds = content?.refresh?.userIds;
  if (!content?.refresh || !Array.isArray(userIds)) return attachment;
  const merged = [...new Set([...(userIds as string[]), ...people.map((person) => userMri(person.aadObjectId))])].slice(0, MAX_REFRESH_USER_IDS);
  return { ...(attachment as object), content: { ...content, refresh: { ...content.refresh, userIds: merged } } };
}

// A name is data: it must not close the mention tag or open markup in the message.
function escapeMention(name: string): string {
  return name.replace(/[<>&]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&amp;'));
}

/** What the dispatcher must do next for an item. */
export type OutboxOperation = 'createConversation' | 'send' | 'update';

export function recipientKey(recipient: Recipient): string {
  if (recipient.kind === 'member') return `member:${recipient.tenantId.toLowerCase()}:${recipient.aadObjectId.toLowerCase()}`;
  return recipient.mentionGroup === undefined ? `conversation:${recipient.conversationId}` : `mentions:${recipient.mentionGroup}:${recipient.conversationId}`;
}

/**
 * The id derives from (message key, recipient) only, so enqueuing the same message for the same
 * recipient twice hits the same document. Hashed because Teams ids are long and the store caps
 * ids (see MAX_ID_LENGTH).
 */
export function outboxItemId(messageKey: string, recipient: Recipient): string {
  const digest = createHash('sha256').update(`${messageKey}\u0000${recipientKey(recipient)}`).digest('base64url');
  return `outbox:${digest}`;
}

export function newOutboxItem(input: {
  readonly networkId: string;
  readonly messageKey: string;
  readonly recipient: Recipient;
  readonly activity: OutboxActivity;
  readonly target?: DeliveryTarget;
  readonly now: number;
}): OutboxItem {
  const at = new Date(input.now).toISOString();
  return {
    id: outboxItemId(input.messageKey, input.recipient),
    networkId: input.networkId,
    type: OUTBOX_TYPE,
    messageKey: input.messageKey,
    recipient: input.recipient,
    recipientKey: recipientKey(input.recipient),
    ...(input.target ? { target: input.target } : {}),
    activity: input.activity,
    revision: 1,
    status: 'queued',
    attempts: 0,
    dueAt: input.now,
    createdAt: at,
    updatedAt: at,
  };
}

/** An item nobody can ever reach (its conversation is unknown): recorded as failed at once, so the status shows it. */
export function undeliverableOutboxItem(
  input: Parameters<typeof newOutboxItem>[0],
  error: { readonly reason: FailureReason; readonly message: string },
): OutboxItem {
  const item = newOutboxItem(input);
  return { ...item, status: 'failed', lastError: { ...error, at: item.createdAt } };
}

/**
 * A channel post that carries `messageKey` to people no 1:1 can reach, the `group`-th of the
 * message in that channel; due after `gatherMs`, so that the people refused within that time
 * are @mentioned in the one post.
 */
export function newCarrierItem(input: {
  readonly networkId: string;
  readonly messageKey: string;
  readonly target: DeliveryTarget;
  readonly group: number;
  readonly activity: OutboxActivity;
  readonly person: ChannelMention;
  readonly now: number;
  readonly gatherMs: number;
}): OutboxItem {
  const recipient: Recipient = { kind: 'conversation', conversationId: input.target.conversationId, mentionGroup: input.group };
  const item = newOutboxItem({ networkId: input.networkId, messageKey: input.messageKey, recipient, target: input.target, activity: withMentions(input.activity, [input.person]), now: input.now });
  return { ...item, carrier: { people: [input.person], activity: input.activity }, dueAt: input.now + input.gatherMs };
}

/** Whether more people may still be added to a carrier: it has not left, nor started to, and has room. */
export function carrierIsOpen(item: OutboxItem): boolean {
  return item.carrier !== undefined && item.status === 'queued' && item.sentActivityId === undefined && item.carrier.people.length < MENTIONS_PER_POST;
}

/** The carrier with one more person @mentioned; undefined when they are in it already or it is closed. */
export function addToCarrier(item: OutboxItem, person: ChannelMention, now: number): OutboxItem | undefined {
  if (!item.carrier || item.carrier.people.some((someone) => someone.recipientKey === person.recipientKey) || !carrierIsOpen(item)) return undefined;
  const people = [...item.carrier.people, person];
  return { ...item, carrier: { ...item.carrier, people }, activity: withMentions(item.carrier.activity, people), updatedAt: new Date(now).toISOString() };
}

/**
 * How long an item is kept once it is final, in seconds after its last write: a delivered copy
 * until it can no longer need an update in place, a failure until someone has followed it up.
 * The store deletes it then (its `ttl`); the message's status counts outlive it.
 */
export interface OutboxRetention {
  readonly deliveredSeconds: number;
  readonly failedSeconds: number;
}

const DAY_SECONDS = 24 * 60 * 60;
export const DEFAULT_OUTBOX_RETENTION: OutboxRetention = { deliveredSeconds: 60 * DAY_SECONDS, failedSeconds: 90 * DAY_SECONDS };

export function retentionFromDays(days: { readonly deliveredDays: number; readonly failedDays: number }): OutboxRetention {
  return { deliveredSeconds: Math.round(days.deliveredDays * DAY_SECONDS), failedSeconds: Math.round(days.failedDays * DAY_SECONDS) };
}

/**
 * The item as it must be written: a final one (sent, failed, dead) expires after its retention;
 * one still in play (queued, sending — an update sends a delivered copy back to the queue)
 * never does, so an expiry can never take a message before it went out.
 */
export function withRetention(item: OutboxItem, retention: OutboxRetention): OutboxItem {
  const ttl = item.status === 'sent' ? retention.deliveredSeconds : item.status === 'failed' || item.status === 'dead' ? retention.failedSeconds : undefined;
  if (ttl === item.ttl) return item;
  const { ttl: _previous, ...rest } = item;
  return ttl === undefined ? rest : { ...rest, ttl };
}

export function isDue(item: OutboxItem, now: number): boolean {
  return (item.status === 'queued' || item.status === 'sending') && item.dueAt <= now;
}

export function nextOperation(item: OutboxItem): OutboxOperation {
  if (!item.target) return 'createConversation';
  return item.sentActivityId === undefined ? 'send' : 'update';
}

/** The conversation the next call lands in (rate limits are per conversation); none for a creation. */
export function conversationOf(item: OutboxItem): string | undefined {
  return item.target?.conversationId;
}

/** Taking the item for one try: the lease makes other instances leave it alone until `now + leaseMs`. */
export function claimItem(item: OutboxItem, owner: string, now: number, leaseMs: number): OutboxItem {
  if (!isDue(item, now)) throw new Error(`Outbox item ${item.id} is not due (status ${item.status}); it cannot be claimed.`);
  return {
    ...item,
    status: 'sending',
    lease: { owner, until: now + leaseMs },
    dueAt: now + leaseMs,
    updatedAt: new Date(now).toISOString(),
  };
}

/**
 * Handing back a claim that was not used (the dispatcher stopped, or held it too long): due
 * again at once for any instance. Undefined when the lease is no longer ours.
 */
export function releaseItem(item: OutboxItem, owner: string, now: number): OutboxItem | undefined {
  if (item.status !== 'sending' || item.lease?.owner !== owner) return undefined;
  const { lease: _lease, ...unleased } = item;
  return { ...unleased, status: 'queued', dueAt: now, updatedAt: new Date(now).toISOString() };
}

/**
 * A new version of the message. A delivered copy goes back to the queue to be updated in
 * place; one being sent is left alone (the outcome sees the newer revision and queues the
 * update); a permanently failed one stays failed. Undefined when the content is the one the
 * item already holds: Teams has it (or is about to get it), so there is nothing to write and
 * no call to make — a card refresh that changes nothing for this recipient costs no write.
 */
export function applyNewRevision(item: OutboxItem, newActivity: OutboxActivity, now: number): OutboxItem | undefined {
  // A channel post that carries the message keeps @mentioning its people in every version.
  const activity = item.carrier ? withMentions(newActivity, item.carrier.people) : newActivity;
  if (isDeepStrictEqual(item.activity, activity)) return undefined;
  const base = {
    ...item,
    activity,
    ...(item.carrier ? { carrier: { ...item.carrier, activity: newActivity } } : {}),
    revision: item.revision + 1,
    updatedAt: new Date(now).toISOString(),
  };
  // Reached through a channel post: that post's own item is updated in place, and this copy
  // counts as up to date with it; asking Teams for a 1:1 again would only be refused again.
  if (item.reachedInChannel && item.status === 'sent') return { ...base, deliveredRevision: base.revision };
  if (item.carrier && item.status === 'queued' && item.sentActivityId === undefined) return base;
  if (item.status === 'sent') {
    const { lastError: _previous, ...rest } = base;
    return { ...rest, status: 'queued', attempts: 0, dueAt: now };
  }
  return base;
}

export type ConnectorOutcome =
  | { readonly kind: 'delivered'; readonly revision: number; readonly activityId?: string }
  /** No 1:1 could be opened; the message goes to them in a channel post that @mentions them. */
  | { readonly kind: 'reachedInChannel'; readonly conversationId: string; readonly carrierId: string }
  | { readonly kind: 'conversationReady'; readonly target: DeliveryTarget }
  | { readonly kind: 'failed'; readonly failure: ClassifiedFailure; readonly error: Omit<OutboxError, 'at'> };

export interface OutcomeContext {
  readonly owner: string;
  readonly now: number;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
}

/**
 * The item after one try. Returns undefined when there is nothing to write: the lease was
 * taken over by another instance and this failure is no longer ours to record. A delivery is
 * always recorded, even then, because forgetting it would make the message go out twice.
 */
export function applyOutcome(item: OutboxItem, outcome: ConnectorOutcome, context: OutcomeContext): OutboxItem | undefined {
  const at = new Date(context.now).toISOString();
  const ours = item.status === 'sending' && item.lease?.owner === context.owner;
  const { lease: _lease, lastError: _lastError, ...unleased } = item;

  if (outcome.kind === 'delivered') {
    const deliveredRevision = Math.max(outcome.revision, item.deliveredRevision ?? 0);
    const upToDate = deliveredRevision >= item.revision;
    // Someone else already recorded this very delivery (after taking over an expired lease).
    if (!ours && item.sentActivityId !== undefined && (item.deliveredRevision ?? 0) >= outcome.revision) return undefined;
    return {
      ...unleased,
      sentActivityId: item.sentActivityId ?? outcome.activityId,
      deliveredRevision,
      // An update arrived while this copy was on its way: queue the update right away.
      status: upToDate ? 'sent' : 'queued',
      attempts: 0,
      dueAt: context.now,
      sentAt: item.sentAt ?? at,
      updatedAt: at,
    };
  }
  if (!ours) return undefined;
  if (outcome.kind === 'reachedInChannel') {
    return {
      ...unleased,
      reachedInChannel: { conversationId: outcome.conversationId, carrierId: outcome.carrierId },
      deliveredRevision: item.revision,
      status: 'sent',
      attempts: 0,
      dueAt: context.now,
      sentAt: item.sentAt ?? at,
      updatedAt: at,
    };
  }
  if (outcome.kind === 'conversationReady') {
    return { ...unleased, target: outcome.target, status: 'queued', dueAt: context.now, updatedAt: at };
  }

  const error: OutboxError = { ...outcome.error, at };
  const { failure } = outcome;
  if (failure.disposition === 'permanent') {
    return { ...unleased, status: 'failed', lastError: error, dueAt: context.now, updatedAt: at };
  }
  const attempts = item.attempts + 1;
  if (attempts >= context.maxAttempts) {
    return { ...unleased, attempts, status: 'dead', lastError: error, dueAt: context.now, updatedAt: at };
  }
  const delayMs = failure.disposition === 'retryAfter' ? failure.delayMs : backoffDelayMs(attempts, context.backoff, context.random);
  return { ...unleased, attempts, status: 'queued', lastError: error, dueAt: context.now + delayMs, updatedAt: at };
}

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per attempt up to maxMs and the
 * delay is drawn in [ceiling/2, ceiling], so retries spread out (no thundering herd after a
 * 503) yet never come back sooner than half the ceiling.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/** A failed connector call as the edge reports it, without any SDK type. */
export interface ConnectorFailureInfo {
  /** HTTP status; absent when no answer came (connection refused, timeout). */
  readonly status?: number;
  /** The connector's error code (`ConversationBlockedByUser`…) or a network code (`ECONNRESET`). */
  readonly code?: string;
  readonly message: string;
  /** The Retry-After header as received (seconds or an HTTP date). */
  readonly retryAfter?: string;
}

export type ClassifiedFailure =
  | { readonly disposition: 'retryAfter'; readonly delayMs: number; readonly reason: FailureReason }
  | { readonly disposition: 'backoff'; readonly reason: FailureReason }
  | { readonly disposition: 'permanent'; readonly reason: FailureReason };

/** The code a resolver uses when there is no way to reach a recipient at all. */
export const UNKNOWN_CONVERSATION_CODE = 'UnknownConversation';
/** The code for a failure on our side during a try (not an answer from the connector). */
export const INTERNAL_FAILURE_CODE = 'Internal';

// A Retry-After longer than this is treated as this: an hour is Teams' longest window.
const MAX_RETRY_AFTER_MS = 60 * 60_000;
// Teams answers 429 without Retry-After at times; one second clears its shortest window.
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Seconds (`"3"`) or an HTTP date, relative to `now`; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(text) * 1000));
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

/**
 * What a failure means for the item: 429 waits what Teams asks; 412, 5xx, 408 and network
 * errors back off and retry; 403/404 mean the member blocked the bot or it is no longer
 * installed, and 400/413 mean the message itself is wrong: retrying those can never succeed.
 */
export function classifyFailure(failure: ConnectorFailureInfo, now: number, operation?: OutboxOperation): ClassifiedFailure {
  const { status, code = '' } = failure;
  // Raised before any call: the bot has no conversation or service URL to reach the recipient.
  if (code === UNKNOWN_CONVERSATION_CODE) return { disposition: 'permanent', reason: 'unknownConversation' };
  // Our side failed (the store while opening a 1:1, say): worth another try, but not Teams' fault.
  if (code === INTERNAL_FAILURE_CODE) return { disposition: 'backoff', reason: 'unknown' };
  if (status === undefined) return { disposition: 'backoff', reason: 'network' };
  // Teams refuses to open a 1:1 with a member who does not have the app.
  if (operation === 'createConversation' && (status === 403 || status === 404)) {
    return { disposition: 'permanent', reason: /blocked/i.test(code) ? 'blocked' : 'notInstalled' };
  }
  if (status === 429) {
    return { disposition: 'retryAfter', delayMs: parseRetryAfterMs(failure.retryAfter, now) ?? DEFAULT_RETRY_AFTER_MS, reason: 'throttled' };
  }
  if (status === 403) {
    if (/blocked/i.test(code)) return { disposition: 'permanent', reason: 'blocked' };
    if (/roster|notinstalled|notfound|uninstall/i.test(code)) return { disposition: 'permanent', reason: 'notInstalled' };
    return { disposition: 'permanent', reason: 'forbidden' };
  }
  if (status === 404) {
    if (/roster|notinstalled|uninstall/i.test(code)) return { disposition: 'permanent', reason: 'notInstalled' };
    if (/conversation/i.test(code)) return { disposition: 'permanent', reason: 'conversationNotFound' };
    return { disposition: 'permanent', reason: 'notInstalled' };
  }
  if (status === 413) return { disposition: 'permanent', reason: 'tooLarge' };
  // 401: the bot's own credentials are wrong; an operator can fix that, so retry for a while.
  if (status === 401) return { disposition: 'backoff', reason: 'unauthorized' };
  if (status === 408 || status === 412 || status >= 500) return { disposition: 'backoff', reason: 'serverError' };
  if (status >= 400) return { disposition: 'permanent', reason: 'badRequest' };
  return { disposition: 'backoff', reason: 'unknown' };
}
