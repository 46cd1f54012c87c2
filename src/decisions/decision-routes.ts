/**
 * The decisions edge in the bot: the commands `sondage`/`poll`, `nouvelle décision`/`new
 * decision` and `décisions`/`decisions`, and the card verbs (answer a poll, comment, cast the
 * agency's position, close, extend, refresh a view). Handlers validate the card data (it is
 * attacker-controlled), call the service and answer with the reader's own card; refusals are
 * DecisionErrors answered in the reader's language, with nothing changed.
 */
import { MessageFactory } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson, type CardRenderer } from '../cards/card-renderer';
import { formatInstant } from '../cards/card-text';
import { zonePlace } from '../settings/model';
import { confirmField, isConfirmed } from '../cards/confirmation';
import { cardTemplates } from '../cards/templates';
import { translate } from '../i18n';
import { fieldProblem } from '../api/input-problems';
import { answerCardActionWithMessage } from '../bot/invoke-responses';
import { turnInfo } from '../bot/turn-info';
import { channelConversationId } from '../delivery/conversation-installations';
import { actorIdentity, actorOf, featureActions } from '../bot/card-actions';
import {
  DECISION_CLOSE_VERB,
  DECISION_COMMENT_VERB,
  DECISION_CREATE_VERB,
  DECISION_EXTEND_VERB,
  DECISION_POSITION_VERB,
  DECISION_VIEW_VERB,
  POLL_ANSWER_VERB,
  POLL_VIEW_VERB,
  decisionFormCardData,
} from './decision-cards';
import type { DecisionsService } from './decisions-service';
import { DecisionError } from './errors';
import type { PollKind } from './model';
import { pickedInstant, slotExamples } from './slot-rules';

const { cardAction, replyOrExplain } = featureActions({
  wrongNetworkKey: 'decisions.error.wrongNetwork',
  refusedLog: 'decision action refused',
  refusalOf: refusalOfAny([DecisionError]),
});

export interface DecisionRouteDependencies {
  readonly decisions: DecisionsService;
  readonly cards: CardRenderer;
}

const command = (words: string) => new RegExp(`^\\s*\\/?(${words})\\s*[.!]?\\s*$`, 'i');
export const REGISTER_COMMAND = command('décisions|decisions|registre|register|registre des décisions|decision register');
export const NEW_DECISION_COMMAND = command('nouvelle décision|nouvelle decision|new decision');
export const POLL_COMMAND = /^\s*\/?(sondage|poll)(\s+[\s\S]*)?$/i;

// Card data is attacker-controlled: bounded strings only, checked against the turn and the store.
const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().max(max).optional();
const pollData = z.object({ networkId: id, pollId: id });
const pollAnswerData = pollData.extend({ choices: text(2000) }).catchall(z.unknown());
const decisionData = z.object({ networkId: id, decisionId: id });
const commentData = decisionData.extend({ comment: text(10_000) });
// Longer than the 2,000 allowed so an over-long reason gets its own clear message.
const positionData = decisionData.extend({ agencyCode: z.string().trim().max(32).optional(), position: z.string().max(64).default(''), comment: text(10_000) });
const dateTime = { deadlineDate: text(20), deadlineTime: text(10) };
const extendData = decisionData.extend(dateTime);
const closeData = decisionData.extend(confirmField);
const createData = z.object({
  networkId: id,
  title: z.string().max(200).default(''),
  textFr: text(8000),
  textEn: text(8000),
  mode: z.enum(['consensus', 'silenceProcedure']).default('consensus'),
  consultationDate: text(20),
  consultationTime: text(10),
  ...dateTime,
  reminders: text(100),
});

// Polls created by a command close after three days unless the tab sets another deadline.
const CHAT_POLL_DAYS = 3;

export function registerDecisionRoutes<TState extends TurnState>(app: Application<TState>, deps: DecisionRouteDependencies): void {
  const { decisions, cards } = deps;

  app.message(REGISTER_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    await replyOrExplain(context, language, async () => {
      await context.sendActivity(MessageFactory.attachment(cardAttachment(await decisions.registerCard(networkId, actorOf(context), language))));
    });
  });

  app.message(NEW_DECISION_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    await replyOrExplain(context, language, async () => {
      await decisions.assertMayCreateDecision(networkId, actorOf(context));
      const { timeZone } = await decisions.preferences(networkId);
      await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.decisionForm, decisionFormCardData(language, networkId, timeZone))));
    });
  });

  app.message(POLL_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    const parsed = parsePollCommand(context.activity.text ?? '');
    if (!parsed) {
      // Examples from today: a dated example in the past would be refused as typed.
      // In the network's zone, the one typed slots are read in.
      const { timeZone } = await decisions.preferences(networkId);
      const examples = slotExamples(decisions.clock(), timeZone);
      await context.sendActivity(translate(language, 'decisions.poll.usage', { example: examples.short, exampleIso: examples.iso, zone: zonePlace(timeZone) }));
      return;
    }
    await replyOrExplain(context, language, async () => {
      const deadline = new Date(decisions.clock().getTime() + CHAT_POLL_DAYS * 24 * 3600_000).toISOString();
      // Slots typed as `12/05 10:00-12:00` get their times in the network's zone (the service reads them).
      // In a channel the message arrives in its thread; the poll belongs to the channel (its roster).
      const personalChat = context.activity.conversation.conversationType === 'personal';
      await decisions.createPoll(networkId, actorIdentity(context), { ...parsed, deadline, conversationId: channelConversationId(context.activity.conversation.id), ...(personalChat ? { conversationLanguage: language } : {}) });
      await context.sendActivity(translate(language, 'decisions.poll.created'));
    });
  });

  app.adaptiveCards.actionExecute(POLL_ANSWER_VERB, async (context, _state, data) =>
    cardAction(context, pollAnswerData, data, async (input, { networkId, language }) => {
      const slots = Object.fromEntries(
        Object.entries(input)
          .filter(([key, value]) => key.startsWith('slot_') && typeof value === 'string')
          .map(([key, value]) => [key.slice('slot_'.length), String(value).slice(0, 20)]),
      );
      const choices = (input.choices ?? '').split(',').map((choice) => choice.trim()).filter((choice) => choice !== '');
      const requestId = context.activity.id ? { requestId: context.activity.id } : {};
      return decisions.answerPollAndView(networkId, input.pollId, actorIdentity(context), { choices, slots, ...requestId }, language);
    }),
  );

  app.adaptiveCards.actionExecute(POLL_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, pollData, data, async (input, { networkId, language }) => decisions.pollCard(networkId, input.pollId, actorOf(context), language)),
  );

  app.adaptiveCards.actionExecute(DECISION_CREATE_VERB, async (context, _state, data) =>
    cardAction(context, createData, data, async (input, { networkId, language }) => {
      // Typed on the network's clocks (settings, the cached read createDecision makes anyway).
      const { timeZone } = await decisions.preferences(networkId);
      const consultation = pickedInstant(input.consultationDate, input.consultationTime, timeZone);
      const decision = await decisions.createDecision(networkId, actorIdentity(context), {
        title: input.title,
        text: { ...(input.textFr ? { fr: input.textFr } : {}), ...(input.textEn ? { en: input.textEn } : {}) },
        mode: input.mode,
        ...(consultation ? { consultationDeadline: consultation } : {}),
        deadline: pickedInstant(input.deadlineDate, input.deadlineTime, timeZone) ?? '',
        reminderOffsetsMinutes: hoursList(input.reminders),
      });
      // Straight to the ExCom phase with no channel to show it: the co-chair is told so.
      const unseen = decision.phase === 'excom' && (await decisions.channelsReached(networkId, decision.decisionId)) === 0;
      await answerCardActionWithMessage(context, translate(language, unseen ? 'decisions.created.noChannel' : 'decisions.created', { title: decision.title }));
      return '';
    }),
  );

  app.adaptiveCards.actionExecute(DECISION_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, decisionData, data, async (input, { networkId, language }) => decisions.decisionCard(networkId, input.decisionId, actorOf(context), language)),
  );

  app.adaptiveCards.actionExecute(DECISION_COMMENT_VERB, async (context, _state, data) =>
    cardAction(context, commentData, data, async (input, { networkId, language }) =>
      decisions.commentAndView(networkId, input.decisionId, actorIdentity(context), input.comment ?? '', language),
    ),
  );

  app.adaptiveCards.actionExecute(DECISION_POSITION_VERB, async (context, _state, data) =>
    cardAction(context, positionData, data, async (input, { networkId, language }) => {
      // Answers with the voter's own card at once; the other copies are refreshed afterwards.
      return decisions.castPositionAndView(
        networkId,
        input.decisionId,
        actorIdentity(context),
        {
          ...(input.agencyCode ? { agencyCode: input.agencyCode } : {}),
          position: input.position,
          ...(input.comment !== undefined ? { comment: input.comment } : {}),
          // Teams may deliver the same invoke twice: its activity id makes it count once.
          ...(context.activity.id ? { requestId: context.activity.id } : {}),
        },
        language,
      );
    }),
  );

  // Irreversible: the first click asks (cards/confirmation.ts); only Confirm's flag closes.
  app.adaptiveCards.actionExecute(DECISION_CLOSE_VERB, async (context, _state, data) =>
    cardAction(context, closeData, data, async (input, { networkId, language }) =>
      isConfirmed(input) ? decisions.closeEarlyAndView(networkId, input.decisionId, actorOf(context), language) : decisions.closeConfirmation(networkId, input.decisionId, actorOf(context), language),
    ),
  );

  app.adaptiveCards.actionExecute(DECISION_EXTEND_VERB, async (context, _state, data) =>
    cardAction(context, extendData, data, async (input, { networkId, language }) => {
      if (!input.deadlineDate) throw DecisionError.invalidInput('Choose the new deadline.', fieldProblem('deadline', 'missing'));
      // Read on the clocks of the decision's zone (the one its card shows the deadline in).
      const extended = await decisions.extendDeadline(networkId, input.decisionId, actorOf(context), { date: input.deadlineDate, time: input.deadlineTime });
      await answerCardActionWithMessage(context, translate(language, 'decisions.extended', { deadline: formatInstant(extended.deadline, language, extended.timeZone) }));
      return '';
    }),
  );
}

/** `sondage [multiple|créneaux] [anonyme] Question ? | A | B` → the poll, or undefined when malformed. */
export function parsePollCommand(raw: string): { question: string; kind: PollKind; options: string[]; anonymous: boolean } | undefined {
  const match = POLL_COMMAND.exec(raw);
  let rest = (match?.[2] ?? '').trim();
  let kind: PollKind = 'single';
  let anonymous = false;
  for (;;) {
    const word = /^(\S+)\s+/.exec(rest)?.[1]?.toLowerCase();
    if (word === 'multiple' || word === 'multi') kind = 'multiple';
    else if (word === 'créneaux' || word === 'creneaux' || word === 'slots') kind = 'timeSlots';
    else if (word === 'anonyme' || word === 'anonymous') anonymous = true;
    else break;
    rest = rest.slice(word.length).trim();
  }
  const [question, ...options] = rest.split('|').map((part) => part.trim());
  if (!question || options.filter((option) => option !== '').length < (kind === 'timeSlots' ? 1 : 2)) return undefined;
  return { question, kind, options: options.filter((option) => option !== ''), anonymous };
}

/** "48, 24" (hours before the deadline) → minutes; bad entries are refused by the service. */
function hoursList(value: string | undefined): number[] {
  if (!value || value.trim() === '') return [];
  return value.split(/[,;\s]+/).filter((part) => part !== '').map((part) => Math.round(Number(part) * 60));
}



function cardAttachment(card: AdaptiveCardJson) {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}



