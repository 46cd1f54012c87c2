/**
 * The updates edge in the bot: the commands `partager`/`share` (a form card) and
 * `actualités`/`updates` (the latest updates), the form's Action.Execute submit, and the
 * message extension — the search command (`composeExtension/query`, inserting an update card
 * into any chat, with `selectItem` re-reading the chosen update) and the message action that
 * turns a chat message into an update (`fetchTask` opens the prefilled form, `submitAction`
 * shares it). Handlers only translate the activity, call the service and render a card.
 */
import { CardFactory, MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import type { AdaptiveCardJson, CardRenderer } from '../cards/card-renderer';
import { cardTemplates } from '../cards/templates';
import { translate, type Language } from '../i18n';
import { answerInvokeWithError } from '../bot/invoke-responses';
import { turnInfo } from '../bot/turn-info';
import { actorOf, featureActions } from '../bot/card-actions';
import { UpdateError } from './errors';
import type { UpdateDocument } from './model';
import { REPORT_VERB, SEARCH_COMMAND_ID, SHARE_ACTION_COMMAND_ID, SHARE_VERB, reportSummaryCardData, updateFormCardData, type FormValues } from './update-cards';
import { DEFAULT_REPORT_PERIOD, REPORT_PERIODS, reportPeriod, type ReportPeriodChoice } from './report-rules';
import { draftFromMessage, parseObjectives } from './update-rules';
import type { UpdatesService } from './updates-service';

export interface UpdatesRouteDependencies {
  readonly updates: UpdatesService;
  readonly cards: CardRenderer;
}

const command = (words: string) => new RegExp(`^\\s*\\/?(${words})\\s*[.!]?\\s*$`, 'i');
export const SHARE_COMMAND = command('partager|share|partager une actualit[ée]|share an update');
export const UPDATES_COMMAND = command('actualit[ée]s|updates|news|derni[èe]res actualit[ée]s|latest updates');
// `rapport` alone covers the current quarter to date (today included); `rapport 2026-01-01
// 2026-03-31` a chosen period. The card offers quarter, year or dates (REPORT_VERB).
export const REPORT_COMMAND = /^\s*\/?(?:rapport|report)(?:\s+(\d{4}-\d{2}-\d{2})\s+(\d{4}-\d{2}-\d{2}))?\s*[.!]?\s*$/i;

// The report card's picker: a period among REPORT_PERIODS, and for `custom` two days as typed
// in Input.Date (validated and bounded by reportPeriod, which refuses what cannot be a period).
const reportData = z.object({
  networkId: z.string().trim().min(1).max(100),
  period: z.enum(REPORT_PERIODS),
  from: z.string().trim().max(10).optional(),
  to: z.string().trim().max(10).optional(),
});
const reportActions = featureActions({
  wrongNetworkKey: 'network.error.wrongNetwork',
  refusedLog: 'report refused',
  refusalOf: refusalOfAny([UpdateError]),
});

// Teams' message extension pages by 25 at most; a chat reply shows a short carousel.
const SEARCH_PAGE_MAX = 25;
const LATEST_COUNT = 5;

// Card data is attacker-controlled: bounded strings only; the rules then check every value.
const field = (max: number) => z.string().max(max).optional();
const shareData = z.object({
  networkId: z.string().trim().min(1).max(200),
  title: field(1000),
  summary: field(5000),
  link: field(4000),
  kind: field(32),
  agencyCode: field(32),
  objectives: z.union([z.string().max(200), z.array(z.union([z.string().max(4), z.number()])).max(23)]).optional(),
});
type ShareData = z.infer<typeof shareData>;
const selectedItem = z.object({ updateId: z.string().trim().min(1).max(100) });

export function registerUpdatesRoutes<TState extends TurnState>(app: Application<TState>, deps: UpdatesRouteDependencies): void {
  const { updates, cards } = deps;

  const formCard = async (networkId: string, language: Language, actorId: string, values: FormValues, execute: boolean, error?: string): Promise<AdaptiveCardJson> => {
    const agencies = await updates.agencies(networkId);
    const agencyCode = values.agencyCode ?? (await updates.defaultAgency(networkId, actorId));
    return cards.render(
      cardTemplates.updateForm,
      updateFormCardData(language, { networkId, agencies, values: { ...values, ...(agencyCode ? { agencyCode } : {}) }, execute, ...(error ? { error } : {}) }),
    );
  };

  app.message(SHARE_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    try {
      await updates.assertMayShare(networkId, actorOf(context));
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      await context.sendActivity(error.userMessage(language));
      return;
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(await formCard(networkId, language, actorOf(context), {}, true))));
  });

  app.message(UPDATES_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    try {
      const page = await updates.searchText(networkId, actorOf(context), '', { limit: LATEST_COUNT });
      if (page.updates.length === 0) {
        await context.sendActivity(translate(language, 'updates.list.empty'));
        return;
      }
      const agencies = await updates.agencies(networkId);
      await context.sendActivity(MessageFactory.carousel(page.updates.map((update) => CardFactory.adaptiveCard(updates.updateCard(language, update, agencies))), translate(language, 'updates.list.title')));
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      await context.sendActivity(error.userMessage(language));
    }
  });

  /** The report card for a period choice (validated and bounded by report-rules), with its picker. */
  const reportCard = async (networkId: string, actorId: string, language: Language, choice: ReportPeriodChoice, custom: { from?: string; to?: string } = {}) => {
    const now = updates.clock();
    const period = reportPeriod(choice, now, custom);
    if (!period) throw new UpdateError('invalidPeriod', `period ${choice} ${custom.from ?? ''}–${custom.to ?? ''}`);
    const figures = await updates.report(networkId, actorId, period);
    return cards.render(cardTemplates.reportSummary, reportSummaryCardData(language, figures, { networkId, choice, today: now.toISOString().slice(0, 10) }));
  };

  app.message(REPORT_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    const [, from, to] = REPORT_COMMAND.exec(context.activity.text ?? '') ?? [];
    await reportActions.replyOrExplain(context, language, async () => {
      const card = await reportCard(networkId, actorOf(context), language, from && to ? 'custom' : DEFAULT_REPORT_PERIOD, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    });
  });

  // Another period chosen on the card: the same card, in place, for that period.
  app.adaptiveCards.actionExecute(REPORT_VERB, async (context, _state, data) =>
    reportActions.cardAction(context, reportData, data, async (input, { networkId, language }) =>
      reportCard(networkId, actorOf(context), language, input.period, input.period === 'custom' ? { ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}) } : {}),
    ),
  );

  app.adaptiveCards.actionExecute(SHARE_VERB, async (context, _state, data) => {
    const { networkId, language } = turnInfo(context);
    const input = await validCardData(context, data, networkId, language);
    if (!input) return '';
    try {
      // Clicks on the same form card share once (the card's message id names it).
      const cardKey = context.activity.replyToId ? `card:${context.activity.conversation.id}:${context.activity.replyToId}` : undefined;
      const { update, channels } = await updates.share(networkId, actorAccount(context), rawUpdate(input), 'chat', cardKey);
      return updates.updateCard(language, update, await updates.agencies(networkId), postedNotice(language, channels));
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      turnInfo(context).logger.info({ code: error.code, reason: error.message }, 'update refused');
      // A form with wrong fields comes back with what was typed and what to fix.
      if (error.code === 'invalidUpdate') return formCard(networkId, language, actorOf(context), formValues(input), true, error.userMessage(language));
      await answerInvokeWithError(context, error.status === 404 ? 404 : 403, error.code, error.userMessage(language));
      return '';
    }
  });

  app.messageExtensions.query(SEARCH_COMMAND_ID, async (context, _state, query) => {
    const { networkId, language } = turnInfo(context);
    const text = typeof query.parameters.query === 'string' ? query.parameters.query.slice(0, 500) : '';
    try {
      const page = await updates.searchText(networkId, actorOf(context), text, { skip: query.skip, limit: Math.min(SEARCH_PAGE_MAX, Math.max(1, query.count)) });
      const agencies = await updates.agencies(networkId);
      return { type: 'result', attachmentLayout: 'list', attachments: page.updates.map((update) => searchResult(updates.updateCard(language, update, agencies), update)) };
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      return { type: 'message', text: error.userMessage(language) };
    }
  });

  // Choosing a result inserts the update's card, read again so it is current.
  app.messageExtensions.selectItem(async (context, _state, item) => {
    const { networkId, language } = turnInfo(context);
    const parsed = selectedItem.safeParse(item);
    if (!parsed.success) return { type: 'message', text: translate(language, 'error.invalidCardData') };
    try {
      const update = await updates.get(networkId, actorOf(context), parsed.data.updateId);
      return { type: 'result', attachmentLayout: 'list', attachments: [CardFactory.adaptiveCard(updates.updateCard(language, update, await updates.agencies(networkId)))] };
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      return { type: 'message', text: error.userMessage(language) };
    }
  });

  app.messageExtensions.fetchTask(SHARE_ACTION_COMMAND_ID, async (context) => {
    const { networkId, language } = turnInfo(context);
    const actorId = actorOf(context);
    const payload = (context.activity.value as { messagePayload?: { body?: { content?: unknown } } } | undefined)?.messagePayload;
    const content = typeof payload?.body?.content === 'string' ? payload.body.content.slice(0, 20_000) : '';
    try {
      await updates.assertMayShare(networkId, actorId);
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      return error.userMessage(language);
    }
    const draft = draftFromMessage(content);
    const card = await formCard(networkId, language, actorId, draft, false);
    return { title: translate(language, 'updates.messageAction.title'), card: CardFactory.adaptiveCard(card), width: 'large', height: 'large' };
  });

  app.messageExtensions.submitAction(SHARE_ACTION_COMMAND_ID, async (context, _state, data) => {
    const { networkId, language } = turnInfo(context);
    const parsed = shareData.safeParse(data);
    if (!parsed.success) return translate(language, 'error.invalidCardData');
    if (parsed.data.networkId !== networkId) return translate(language, 'network.error.wrongNetwork');
    try {
      // Sharing the same chat message twice gives the first update back.
      const messageId = (context.activity.value as { messagePayload?: { id?: unknown } } | undefined)?.messagePayload?.id;
      const messageKey = typeof messageId === 'string' && messageId !== '' ? `message:${context.activity.conversation.id}:${messageId.slice(0, 100)}` : undefined;
      await updates.share(networkId, actorAccount(context), rawUpdate(parsed.data), 'messageAction', messageKey);
      return translate(language, 'updates.search.shared');
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      if (error.code !== 'invalidUpdate') return error.userMessage(language);
      const card = await formCard(networkId, language, actorOf(context), formValues(parsed.data), false, error.userMessage(language));
      return { title: translate(language, 'updates.messageAction.title'), card: CardFactory.adaptiveCard(card) };
    }
  });
}

/** A result of the search: the update card to insert, with a compact preview for the list. */
function searchResult(card: AdaptiveCardJson, update: UpdateDocument): Attachment & { preview: Attachment } {
  const preview = CardFactory.thumbnailCard(update.title, update.summary.slice(0, 200), undefined, undefined, {
    tap: { type: 'invoke', title: update.title, value: { updateId: update.updateId } },
  });
  return { ...CardFactory.adaptiveCard(card), preview };
}

async function validCardData(context: TurnContext, data: unknown, networkId: string, language: Language): Promise<ShareData | undefined> {
  const parsed = shareData.safeParse(data);
  if (!parsed.success || !actorOf(context)) {
    await answerInvokeWithError(context, 400, 'InvalidCardData', translate(language, 'error.invalidCardData'));
    return undefined;
  }
  if (parsed.data.networkId !== networkId) {
    await answerInvokeWithError(context, 400, 'wrongNetwork', translate(language, 'network.error.wrongNetwork'));
    return undefined;
  }
  return parsed.data;
}

const rawUpdate = (input: ShareData) => ({
  title: input.title,
  summary: input.summary,
  link: input.link,
  kind: input.kind,
  agencyCode: input.agencyCode,
  objectives: input.objectives,
});

function formValues(input: ShareData): FormValues {
  const objectives = parseObjectives(input.objectives) ?? [];
  return {
    ...(input.title !== undefined ? { title: input.title.slice(0, 200) } : {}),
    ...(input.summary !== undefined ? { summary: input.summary.slice(0, 2000) } : {}),
    ...(input.link !== undefined ? { link: input.link.slice(0, 2000) } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.agencyCode !== undefined ? { agencyCode: input.agencyCode } : {}),
    objectives,
  };
}

function postedNotice(language: Language, channels: number): string {
  return channels > 0 ? translate(language, 'updates.card.posted', { channels }) : translate(language, 'updates.card.postedNoChannel');
}

/** The reader's Entra object id (lower case, as stored); empty when Teams gave none. */

function actorAccount(context: TurnContext): { aadObjectId: string; name: string } {
  return { aadObjectId: actorOf(context), name: (context.activity.from?.name ?? '').trim() };
}
