/**
 * Finds the network of every bot turn before any feature runs (teams-bot.ts calls `route`), and
 * answers the turns that belong to no network yet: a team or group chat nobody registered, a
 * 1:1 chat of someone in several networks who has not chosen. A deployment of one network
 * routes everything to it without reading anything.
 *
 * Registering a conversation (the safest way that needs no operator): a co-chair of network X
 * writes `@Réseau register X` in the team or group chat. The bot checks, in X, that the writer
 * is recognised as themself (tenant + object id) and holds `registerConversation` (co-chairs
 * only). A conversation is registered once and never moved by a later command; an operator may
 * register one beforehand with NETWORK_INSTALLATIONS. A stranger naming a network gets nothing.
 */
import { ActivityTypes, MessageFactory, TurnContext } from 'botbuilder';
import { cardTemplates } from '../cards/templates';
import type { CardRenderer } from '../cards/card-renderer';
import type { ConversationService } from '../delivery/conversation-service';
import { translate, type Language } from '../i18n';
import type { Logger } from '../logger';
import type { MembershipService } from '../network/membership-service';
import { NetworkError } from '../network/errors';
import { answerCardActionWithMessage, answerInvokeWithError, answerMessageExtensionWithMessage, isAdaptiveCardAction } from '../bot/invoke-responses';
import { tenantOf } from '../bot/tenant-gate';
import { installationFrom, scopeOf } from '../bot/welcome-help-routes';
import type { RegisteredInstallation } from './deployment-networks';
import { networkChoiceCardData, networkLabel } from './network-choice-card';
import type { RoutingRepository } from './routing-repository';
import { CHOOSE_NETWORK_VERB, conversationKeyOf, isNetworkId, isSwitchCommand, personalRoute, registerCommandNetwork } from './routing-rules';

export type TurnRoute = { readonly kind: 'network'; readonly networkId: string } | { readonly kind: 'answered' };

export interface NetworkRouterOptions {
  /** The networks served, the default first. */
  readonly networkIds: readonly string[];
  /** NETWORK_INSTALLATIONS: registered by the operator. */
  readonly installations: readonly RegisteredInstallation[];
  readonly repository: RoutingRepository;
  readonly membership: Pick<MembershipService, 'standing' | 'recognise' | 'may'>;
  readonly conversations: Pick<ConversationService, 'recordInstallation'>;
  readonly cards: CardRenderer;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/** Registrations never move, so a known one is kept; the map is bounded all the same. */
const MAX_CACHED_REGISTRATIONS = 10_000;

export class NetworkRouter {
  private readonly configured: ReadonlyMap<string, string>;
  private readonly registered = new Map<string, string>();
  private readonly now: () => Date;

  constructor(private readonly options: NetworkRouterOptions) {
    this.configured = new Map(options.installations.map((entry) => [entry.conversationKey, entry.networkId]));
    this.now = options.now ?? (() => new Date());
  }

  get networkIds(): readonly string[] {
    return this.options.networkIds;
  }

  /** The network of this turn, or `answered` when the router answered it itself. Runs inside the turn's scope. */
  async route(context: TurnContext, language: Language): Promise<TurnRoute> {
    const { networkIds } = this.options;
    const activity = context.activity;
    const scope = scopeOf(activity);
    if (networkIds.length === 1 && networkIds[0] !== undefined) return { kind: 'network', networkId: networkIds[0] };
    if (scope === 'personal') return this.routePersonal(context, language);

    const teamId = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
    const key = conversationKeyOf(scope, activity.conversation.id, typeof teamId === 'string' ? teamId : undefined) ?? activity.conversation.id;
    // In a team or group chat the bot is @mentioned first; the command is what follows.
    const named = activity.type === ActivityTypes.Message ? registerCommandNetwork(TurnContext.removeRecipientMention(activity)) : undefined;
    const networkId = await this.registeredNetwork(key);
    if (named !== undefined) {
      await this.register(context, language, key, named, networkId);
      return { kind: 'answered' };
    }
    if (networkId !== undefined) return { kind: 'network', networkId };
    await this.refuseUnregistered(context, language, key);
    return { kind: 'answered' };
  }

  private async registeredNetwork(key: string): Promise<string | undefined> {
    const known = this.configured.get(key) ?? this.registered.get(key);
    if (known !== undefined) return known;
    const found = (await this.options.repository.registration(key))?.registeredNetworkId;
    if (found !== undefined && this.options.networkIds.includes(found)) {
      if (this.registered.size >= MAX_CACHED_REGISTRATIONS) this.registered.clear();
      this.registered.set(key, found);
      return found;
    }
    // A registration to a network this deployment no longer serves counts as none.
    return undefined;
  }

  private async register(context: TurnContext, language: Language, key: string, named: string, current: string | undefined): Promise<void> {
    const { networkIds, logger } = this.options;
    const reply = (text: string) => context.sendActivity(text);
    if (current !== undefined) {
      await reply(translate(language, 'routing.alreadyRegistered', { network: networkLabel(current) }));
      return;
    }
    if (!isNetworkId(named) || !networkIds.includes(named)) {
      await reply(translate(language, 'routing.unknownNetwork', { network: named.slice(0, 40), networks: networkIds.map(networkLabel).join(', ') }));
      return;
    }
    const aadObjectId = (context.activity.from?.aadObjectId ?? '').toLowerCase();
    const tenantId = tenantOf(context.activity) ?? '';
    if (!(await this.mayRegister(named, { aadObjectId, tenantId, name: context.activity.from?.name ?? '', language }))) {
      logger.info({ networkId: named, conversationKey: key }, 'refused to register a conversation: not a co-chair of that network');
      await reply(translate(language, 'routing.registerRefused', { network: networkLabel(named) }));
      return;
    }
    const saved = await this.options.repository.register({ conversationKey: key, networkId: named, by: { tenantId, aadObjectId }, at: this.now() });
    if (saved.registeredNetworkId !== named) {
      await reply(translate(language, 'routing.alreadyRegistered', { network: networkLabel(saved.registeredNetworkId) }));
      return;
    }
    this.registered.set(key, named);
    // The conversation the command was written in is now one of the network's: its notices go there.
    await this.options.conversations.recordInstallation(installationFrom(context.activity, named));
    logger.info({ networkId: named, conversationKey: key }, 'conversation registered to a network');
    await reply(translate(language, 'routing.registered', { network: networkLabel(named) }));
  }

  /** Recognised in that network as themself (tenant + object id; an admin entry is bound now), and a co-chair there. */
  private async mayRegister(networkId: string, identity: { aadObjectId: string; tenantId: string; name: string; language: Language }): Promise<boolean> {
    if (!identity.aadObjectId || !identity.tenantId) return false;
    try {
      const recognition = await this.options.membership.recognise(networkId, identity);
      if (recognition.kind === 'stranger') return false;
      return await this.options.membership.may(networkId, identity.aadObjectId, 'registerConversation');
    } catch (error) {
      if (error instanceof NetworkError) return false;
      throw error;
    }
  }

  /** Says how to register it, naming its id for the operator's NETWORK_INSTALLATIONS (members see that id in Teams anyway). */
  private async refuseUnregistered(context: TurnContext, language: Language, conversationKey: string): Promise<void> {
    const act = context.activity;
    const message = translate(language, 'routing.notRegistered', { networks: this.options.networkIds.map(networkLabel).join(', '), conversation: conversationKey });
    if (isAdaptiveCardAction(context)) await answerInvokeWithError(context, 403, 'conversationNotRegistered', message);
    else if (isMessageExtension(act)) await answerMessageExtensionWithMessage(context, message);
    else if (act.type === ActivityTypes.Invoke) await answerInvokeWithError(context, 403, 'conversationNotRegistered', message);
    else if (act.type === ActivityTypes.Message) await context.sendActivity(message);
    else if (act.type === ActivityTypes.InstallationUpdate && String(act.action ?? '').startsWith('add')) await context.sendActivity(message);
    // Other events (the bot's own conversationUpdate, reactions…) in a conversation of no network: nothing to do.
  }

  private async routePersonal(context: TurnContext, language: Language): Promise<TurnRoute> {
    const act = context.activity;
    const aadObjectId = (act.from?.aadObjectId ?? '').toLowerCase();
    const tenantId = tenantOf(act) ?? '';
    const { networkIds } = this.options;
    // Who is unnamed (no object id) has no network of their own: the default one answers as today.
    if (!aadObjectId) return { kind: 'network', networkId: networkIds[0] ?? '' };
    const standings = await Promise.all(networkIds.map((networkId) => this.options.membership.standing(networkId, tenantId, aadObjectId)));
    const candidates = networkIds.filter((_, index) => standings[index] !== undefined);
    const possible = candidates.length > 0 ? candidates : networkIds;

    if (isAdaptiveCardAction(context) && cardVerb(context) === CHOOSE_NETWORK_VERB) {
      const chosen = cardData(context).networkId;
      if (!isNetworkId(chosen) || !possible.includes(chosen)) {
        await answerInvokeWithError(context, 403, 'notInNetwork', translate(language, 'routing.error.notInNetwork'));
        return { kind: 'answered' };
      }
      await this.options.repository.choose(tenantId, aadObjectId, act.conversation.id, chosen, this.now());
      await answerCardActionWithMessage(context, translate(language, 'routing.chosen', { network: networkLabel(chosen) }));
      return { kind: 'answered' };
    }
    if (act.type === ActivityTypes.Message && isSwitchCommand(act.text) && possible.length > 1) {
      await this.askToChoose(context, language, possible);
      return { kind: 'answered' };
    }
    const cardNetworkId = isAdaptiveCardAction(context) ? cardData(context).networkId : undefined;
    const settled = personalRoute({ served: networkIds, candidates, ...(isNetworkId(cardNetworkId) ? { cardNetworkId } : {}) });
    if (settled.kind === 'network') return settled;
    const remembered = await this.options.repository.choice(tenantId, aadObjectId, act.conversation.id);
    const route = personalRoute({ served: networkIds, candidates, ...(remembered !== undefined ? { remembered } : {}) });
    if (route.kind === 'network') return route;

    if (isMessageExtension(act)) {
      await answerMessageExtensionWithMessage(context, translate(language, 'routing.chooseFirst'));
    } else if (act.type === ActivityTypes.Invoke) {
      await answerInvokeWithError(context, 409, 'networkRequired', translate(language, 'routing.chooseFirst'));
    } else if (act.type === ActivityTypes.Message || act.type === ActivityTypes.InstallationUpdate) {
      await this.askToChoose(context, language, route.networkIds);
    }
    return { kind: 'answered' };
  }

  private async askToChoose(context: TurnContext, language: Language, networkIds: readonly string[]): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(this.options.cards.attachment(cardTemplates.networkChoice, networkChoiceCardData(language, networkIds))));
  }
}

/** A message extension's invoke (search, insert, message action): answered in its own shape, not as an error. */
function isMessageExtension(act: TurnContext['activity']): boolean {
  return act.type === ActivityTypes.Invoke && /^composeExtension\//.test(act.name ?? '');
}

function cardVerb(context: TurnContext): unknown {
  return (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
}

function cardData(context: TurnContext): { networkId?: unknown } {
  const data = (context.activity.value as { action?: { data?: unknown } } | undefined)?.action?.data;
  return typeof data === 'object' && data !== null ? (data as { networkId?: unknown }) : {};
}
