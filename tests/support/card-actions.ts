/**
 * What an e2e test does with cards as a person in Teams, and reads back as Teams would: tap a
 * card's action (an `adaptiveCard/action` invoke through the real /api/messages), say something
 * in a chat, read the card or the refusal the invoke answered, and find what reached someone's
 * 1:1 chat through the fake connector. One module for every e2e and security file.
 */
import assert from 'node:assert/strict';
import { parseAdaptiveCard } from './adaptive-card-parser';
import { postActivity, type BotResponse } from './bot-client';
import type { FakeConnector, WireActivity } from './fake-connector';
import { adaptiveCardAction, message, teamsConversation, type TeamsActivity, type TeamsConversation, type TeamsUser } from './teams-activities';

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ERROR_TYPE = 'application/vnd.microsoft.error';

/** The running app as these helpers need it. */
export interface CardApp {
  readonly url: string;
  readonly connector: Pick<FakeConnector, 'serviceUrl' | 'calls' | 'activities'>;
  /** The harness' own post (signed as Teams signs it in production mode), used when present. */
  readonly post?: (activity: TeamsActivity) => Promise<BotResponse>;
}

/** What sending to the app needs: where it listens and where its answers go. */
type TeamsApp = Pick<CardApp, 'url' | 'post'> & { readonly connector: Pick<CardApp['connector'], 'serviceUrl'> };

/** What Teams puts around the person's activity. */
export interface TapOptions {
  /** Where the card or chat is (default: a new 1:1 chat). */
  readonly conversation?: TeamsConversation;
  /** The person's Teams language (default fr-FR). */
  readonly locale?: string;
  /** The activity's tenant, when it is not the test tenant (a second tenant's channel). */
  readonly tenantId?: string;
}

function envelope(app: TeamsApp, user: TeamsUser, options: TapOptions) {
  return {
    serviceUrl: app.connector.serviceUrl,
    user,
    conversation: options.conversation ?? teamsConversation('personal'),
    locale: options.locale ?? 'fr-FR',
    ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
  };
}

function send(app: TeamsApp, activity: TeamsActivity): Promise<BotResponse> {
  return app.post ? app.post(activity) : postActivity(app.url, activity);
}

/** A tap on a card's `Action.Execute` by `user`, answered as Teams gets it (the invoke response). */
export function cardTap(app: TeamsApp, user: TeamsUser, verb: string, data: Record<string, unknown>, options: TapOptions = {}): Promise<BotResponse> {
  return send(app, adaptiveCardAction({ ...envelope(app, user, options), verb, data }));
}

/** Teams refreshing a card `user` opens (its `refresh.action`, sent with trigger `automatic`). */
export function cardRefresh(app: TeamsApp, user: TeamsUser, action: { readonly verb: string; readonly data?: Record<string, unknown> }, options: TapOptions = {}): Promise<BotResponse> {
  return send(app, adaptiveCardAction({ ...envelope(app, user, options), verb: action.verb, data: action.data ?? {}, trigger: 'automatic' }));
}

/**
 * `cardTap` on the app a suite starts in `beforeEach` (read when tapping), with the suite's own
 * defaults (its channel, its locale); each tap may still override them.
 */
export function cardTapper(app: () => CardApp, defaults: () => TapOptions = () => ({})) {
  return (user: TeamsUser, verb: string, data: Record<string, unknown>, options: TapOptions = {}): Promise<BotResponse> => cardTap(app(), user, verb, data, { ...defaults(), ...options });
}

/** A message typed by `user` (in a new 1:1 chat and fr-FR unless told). */
export function chatMessage(app: TeamsApp, user: TeamsUser, words: string, options: TapOptions = {}): Promise<BotResponse> {
  return send(app, message({ ...envelope(app, user, options), text: words }));
}

/**
 * The card an invoke answered with (fails, showing the answer, when it was anything else);
 * `parsed`: and one the Adaptive Cards parser reads without a problem.
 */
export function cardIn<Card = Record<string, unknown>>(response: BotResponse, options: { readonly parsed?: boolean } = {}): Card {
  const body = response.body as { type?: string; value?: Card };
  assert.equal(body?.type, CARD_TYPE, `expected a card, got ${JSON.stringify(response.body).slice(0, 600)}`);
  if (options.parsed) assert.deepEqual(parseAdaptiveCard(body.value).problems, []);
  return (body.value ?? {}) as Card;
}

/** A refused invoke as the reader gets it: its status, code and message. */
export interface CardRefusal {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
}

/** The refusal an invoke answered with (fails, showing the answer, when it was anything else). */
export function refusalOf(response: BotResponse): CardRefusal {
  const body = response.body as { statusCode?: number; type?: string; value?: { code?: string; message?: string } };
  assert.equal(body?.type, ERROR_TYPE, `expected a refusal, got ${JSON.stringify(response.body).slice(0, 600)}`);
  return { statusCode: Number(body.statusCode), code: String(body.value?.code), message: String(body.value?.message) };
}

/** The Adaptive Card of an activity the app sent (its first attachment). */
export function cardOfActivity<Card = Record<string, unknown>>(activity: WireActivity | undefined): Card {
  return activity?.attachments?.[0]?.content as Card;
}

/** The 1:1 conversations the outbox opened for `user` (Teams may hand out the same one again). */
export function oneToOnes(app: CardApp, user: TeamsUser): string[] {
  return app.connector.calls
    .filter(
      (call) =>
        call.kind === 'createConversation' &&
        call.status < 300 &&
        ((call.body as { members?: { id: string }[] }).members ?? []).some((member) => member.id.toLowerCase() === user.aadObjectId.toLowerCase() || member.id === user.id),
    )
    .map((call) => (call.response as { id: string }).id);
}

/** Every card that reached `user`'s 1:1 chats whose JSON matches `pattern`. */
export function cardsTo<Card = Record<string, unknown>>(app: CardApp, user: TeamsUser, pattern: RegExp): Card[] {
  return [...new Set(oneToOnes(app, user))]
    .flatMap((conversationId) => app.connector.activities({ conversationId }).map((activity) => cardOfActivity<Card>(activity)))
    .filter((card) => pattern.test(JSON.stringify(card)));
}

/** The sends (new posts and new 1:1 chats) that reached Teams and match `pattern`. */
export function sendsMatching(app: CardApp, pattern: RegExp) {
  return app.connector.calls.filter((call) => (call.kind === 'send' || call.kind === 'createConversation') && call.status < 300 && pattern.test(JSON.stringify(call.body)));
}

/** Someone with their own 1:1 chat with the bot (and their Teams language, fr-FR unless told). */
export interface ChatPerson {
  readonly user: TeamsUser;
  readonly chat: TeamsConversation;
  readonly locale?: string;
}

/**
 * `say` and `click` for people who each act from their own chat, in their own language, on the
 * app a suite starts in `beforeEach`; a click may come from elsewhere (a channel's card).
 */
export function ownChatActions(app: () => TeamsApp) {
  const where = (who: ChatPerson, conversation = who.chat): TapOptions => ({ conversation, ...(who.locale !== undefined ? { locale: who.locale } : {}) });
  return {
    say: (who: ChatPerson, words: string, conversation?: TeamsConversation) => chatMessage(app(), who.user, words, where(who, conversation)),
    click: (who: ChatPerson, verb: string, data: Record<string, unknown>, conversation?: TeamsConversation) => cardTap(app(), who.user, verb, data, where(who, conversation)),
  };
}
