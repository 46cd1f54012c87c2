/**
 * First behaviour of the bot: welcome a conversation once per installation, answer `help` /
 * `aide`, switch the help card's language in place, and hint at `help` for anything else.
 * Handlers only translate the activity, call the service and render a card.
 */
import { ActivityTypes, MessageFactory, TurnContext, type Activity } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { cardTemplates } from '../cards/templates';
import type { CardRenderer } from '../cards/card-renderer';
import { channelConversationId, channelTypeOf, type ChannelInfo, type ConversationScope, type Installation } from '../delivery/conversation-installations';
import type { ConversationService } from '../delivery/conversation-service';
import { translate } from '../i18n';
import { answerInvokeWithError, answerMessageExtensionWithMessage, ADAPTIVE_CARD_ACTION } from './invoke-responses';
import { tenantOf } from './tenant-gate';
import { turnInfo } from './turn-info';
import { HELP_LANGUAGE_VERB, HELP_VERB, helpCardData, welcomeCardData, type AwaitingCounts } from './welcome-help-cards';
import { TAB_ROUTES, type TabLink } from '../cards/tab-links';
import type { MyWorkService } from '../my-work/my-work-service';
import { NetworkError } from '../network/errors';
import type { MembershipService } from '../network/membership-service';

export interface WelcomeHelpDependencies {
  readonly conversations: ConversationService;
  readonly cards: CardRenderer;
  /** What awaits the reader, counted on their help card in a 1:1 chat (src/my-work). */
  readonly myWork?: Pick<MyWorkService, 'myWork'>;
  /** Where the help card's "Open My work" points (src/cards/tab-links.ts). */
  readonly tabLink?: TabLink;
  /** Keeps the language a member picks with the help card's switch (on their member record). */
  readonly languages?: Pick<MembershipService, 'chooseLanguage'>;
}

const HELP_COMMAND = /^\s*\/?(help|aide|\?)\s*[.!]?\s*$/i;

// The help card names no network; card data that names one must name the conversation's own.
const helpActionData = z.object({ language: z.enum(['fr', 'en']), networkId: z.string().optional() });

export function registerWelcomeHelpRoutes<TState extends TurnState>(app: Application<TState>, deps: WelcomeHelpDependencies): void {
  // Every message refreshes the stored reference (only written when it changed), so proactive
  // delivery reaches conversations that existed before the bot recorded installs, and follows
  // a moved service URL. A failure here must not cost the member their answer.
  app.turn('beforeTurn', async (context) => {
    if (context.activity.type !== ActivityTypes.Message) return true;
    const { networkId, logger } = turnInfo(context);
    try {
      await deps.conversations.recordObserved(installationFrom(context.activity, networkId));
    } catch (error) {
      logger.warn({ err: error }, 'could not record the conversation reference of a message');
    }
    return true;
  });

  // Teams announces an installation twice (installationUpdate, then conversationUpdate with the
  // bot among membersAdded); both are handled and the service welcomes only once.
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = String(context.activity.action ?? '');
    if (action.startsWith('add')) await welcomeIfNewInstallation(context, deps);
    else if (action.startsWith('remove')) {
      const { networkId } = turnInfo(context);
      await deps.conversations.recordRemoval(networkId, context.activity.conversation.id);
    }
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((member) => member.id === botId)) {
      await welcomeIfNewInstallation(context, deps);
    }
  });

  app.message(HELP_COMMAND, async (context) => {
    const { language } = turnInfo(context);
    await context.sendActivity(MessageFactory.attachment(deps.cards.attachment(cardTemplates.help, helpCardData(language, await awaitingFor(context, deps)))));
  });

  app.adaptiveCards.actionExecute(HELP_VERB, async (context, _state, data) => {
    const parsed = helpActionData.safeParse(data);
    if (!parsed.success) {
      await answerInvokeWithError(context, 400, 'InvalidCardData', translate(turnInfo(context).language, 'error.invalidCardData'));
      return '';
    }
    return deps.cards.render(cardTemplates.help, helpCardData(parsed.data.language, await awaitingFor(context, deps)));
  });

  // The help card's language switch: the card answers in the other language (for the reader
  // only: an Action.Execute's answer replaces the card for who clicked), and a member keeps that
  // language for every card and reminder sent to them. Someone not in the network has no record
  // to keep it on: the card still switches.
  app.adaptiveCards.actionExecute(HELP_LANGUAGE_VERB, async (context, _state, data) => {
    const parsed = helpActionData.safeParse(data);
    if (!parsed.success) {
      await answerInvokeWithError(context, 400, 'InvalidCardData', translate(turnInfo(context).language, 'error.invalidCardData'));
      return '';
    }
    const { language, networkId } = parsed.data;
    if (networkId !== undefined && networkId !== turnInfo(context).networkId) {
      await answerInvokeWithError(context, 400, 'wrongNetwork', translate(turnInfo(context).language, 'network.error.wrongNetwork'));
      return '';
    }
    const kept = await keepLanguage(context, deps, language);
    return deps.cards.render(cardTemplates.help, helpCardData(language, await awaitingFor(context, deps), kept));
  });
}

/** True when the reader's choice was kept on their member record. */
async function keepLanguage(context: TurnContext, deps: WelcomeHelpDependencies, language: 'fr' | 'en'): Promise<boolean> {
  const aadObjectId = context.activity.from?.aadObjectId;
  if (!deps.languages || !aadObjectId) return false;
  try {
    await deps.languages.chooseLanguage(turnInfo(context).networkId, aadObjectId, language);
    return true;
  } catch (error) {
    if (error instanceof NetworkError && error.code === 'notAMember') return false;
    throw error;
  }
}

/**
 * The reader's own counts, only in their 1:1 chat (in a channel or group chat the card is seen
 * by everyone, and counts are one person's). Someone not in the network, or a failure to count,
 * gets the help without them: help must always answer.
 */
async function awaitingFor(context: TurnContext, deps: WelcomeHelpDependencies): Promise<AwaitingCounts | undefined> {
  const aadObjectId = context.activity.from?.aadObjectId;
  if (!deps.myWork || !aadObjectId || scopeOf(context.activity) !== 'personal') return undefined;
  const { networkId, logger } = turnInfo(context);
  try {
    const { counts } = await deps.myWork.myWork(networkId, aadObjectId);
    const myWorkUrl = deps.tabLink?.(TAB_ROUTES.myWork());
    return { counts, ...(myWorkUrl ? { myWorkUrl } : {}) };
  } catch (error) {
    if (!(error instanceof NetworkError)) logger.warn({ err: error }, 'could not count what awaits the reader for the help card');
    return undefined;
  }
}

/** Registered last: whatever no feature claimed. */
export function registerFallbackRoutes<TState extends TurnState>(app: Application<TState>): void {
  app.activity(
    async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === ADAPTIVE_CARD_ACTION,
    async (context) => {
      const { language } = turnInfo(context);
      await answerInvokeWithError(context, 400, 'UnknownAction', translate(language, 'error.invalidCardData'));
    },
  );
  app.activity(
    async (context) => context.activity.type === ActivityTypes.Invoke && /^composeExtension\//.test(context.activity.name ?? ''),
    async (context) => {
      await answerMessageExtensionWithMessage(context, translate(turnInfo(context).language, 'error.notYetAvailable'));
    },
  );
  app.activity(ActivityTypes.Message, async (context) => {
    const { language } = turnInfo(context);
    await context.sendActivity(translate(language, 'hint.unknownText'));
  });
}

async function welcomeIfNewInstallation(context: TurnContext, deps: WelcomeHelpDependencies): Promise<void> {
  const { networkId, language } = turnInfo(context);
  const installation = installationFrom(context.activity, networkId);
  const { newInstallation } = await deps.conversations.recordInstallation(installation);
  if (!newInstallation) return;
  const data = welcomeCardData(language, installation.scope, context.activity.from?.name);
  await context.sendActivity(MessageFactory.attachment(deps.cards.attachment(cardTemplates.welcome, data)));
}

export function scopeOf(activity: Activity): ConversationScope {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

export function installationFrom(activity: Activity, networkId: string): Installation {
  const reference = TurnContext.getConversationReference(activity);
  const tenantId = tenantOf(activity);
  const teamId = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  const scope = scopeOf(activity);
  const channel = scope === 'channel' ? channelInfoOf(activity) : undefined;
  const conversationId = scope === 'channel' ? channelConversationId(activity.conversation.id) : activity.conversation.id;
  const channelType = scope === 'channel' ? channelTypeOf(activity.channelData) : undefined;
  return {
    networkId,
    scope,
    ...(tenantId ? { tenantId } : {}),
    ...(typeof teamId === 'string' ? { teamId } : {}),
    ...(channel ? { channel } : {}),
    ...(channelType ? { channelType } : {}),
    reference: {
      serviceUrl: reference.serviceUrl ?? activity.serviceUrl,
      channelId: reference.channelId ?? activity.channelId,
      conversation: {
        id: conversationId,
        ...(tenantId ? { tenantId } : {}),
        ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
        ...(activity.conversation.isGroup !== undefined ? { isGroup: activity.conversation.isGroup } : {}),
      },
      bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
      ...(scope === 'personal' && activity.from
        ? {
            user: {
              id: activity.from.id,
              ...(activity.from.name ? { name: activity.from.name } : {}),
              ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
            },
          }
        : {}),
    },
  };
}

/**
 * The channel's name and type (standard, shared, private) when Teams gives them (install events),
 * only when they are about this very conversation: a team event carries the team's General
 * conversation while its `channel` may name another channel.
 */
function channelInfoOf(activity: Activity): ChannelInfo | undefined {
  const said = (activity.channelData as { channel?: { id?: unknown; name?: unknown; type?: unknown } } | undefined)?.channel;
  if (typeof said?.id !== 'string' || said.id !== channelConversationId(activity.conversation.id)) return undefined;
  const name = typeof said?.name === 'string' && said.name.trim() ? said.name.trim().slice(0, 200) : undefined;
  const type = said?.type === 'standard' || said?.type === 'shared' || said?.type === 'private' ? said.type : undefined;
  return name !== undefined || type !== undefined ? { ...(name !== undefined ? { name } : {}), ...(type !== undefined ? { type } : {}) } : undefined;
}
