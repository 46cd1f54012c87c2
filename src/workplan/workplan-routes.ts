/**
 * The work-plan edge in the bot: the quarterly report answered in its card (`workplan.report`),
 * the reader's own view of that card (`workplan.reportView`, Teams' refresh), and `plan` /
 * `plan de travail` / `work plan` in chat for the plan's summary card (linked to the tab's page).
 * Handlers validate the card data (attacker-controlled), call the service and answer with the
 * reader's own card; refusals are WorkplanErrors answered in the reader's language, with nothing changed.
 */
import { CardFactory, MessageFactory } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import { actorIdentity, actorOf, featureActions } from '../bot/card-actions';
import { turnInfo } from '../bot/turn-info';
import { translate } from '../i18n';
import { WorkplanError } from './errors';
import type { Quarter } from './model';
import { ACTION_ITEM_CLOSE_VERB, ACTION_ITEM_VIEW_VERB, WORKPLAN_REPORT_VERB, WORKPLAN_REPORT_VIEW_VERB, indicatorInputId } from './workplan-cards';
import type { WorkplanService } from './workplan-service';

const { cardAction, replyOrExplain } = featureActions({
  wrongNetworkKey: 'workplan.error.wrongNetwork',
  refusedLog: 'work-plan action refused',
  refusalOf: refusalOfAny([WorkplanError]),
});

export interface WorkplanRouteDependencies {
  readonly workplan: WorkplanService;
}

export const WORKPLAN_COMMAND = /^\s*\/?(plan|plan de travail|work ?plan)\s*[.!?]?\s*$/i;

const id = z.string().trim().min(1).max(100);
const reportCard = z.object({
  networkId: id,
  year: z.coerce.number().int().min(2000).max(2100),
  activityId: id,
  quarter: z.coerce.number().int().min(1).max(4),
  planVersion: z.coerce.number().int().min(0).max(10_000),
});
// Inputs arrive as strings; longer than allowed so an over-long text gets the rules' own message.
const reportData = reportCard
  .extend({ status: z.string().max(40).default(''), narrative: z.string().max(5000).default(''), evidenceUrl: z.string().max(5000).default('') })
  .catchall(z.unknown());

const actionItemCard = z.object({ networkId: id, itemId: z.string().trim().regex(/^[\w-]{1,100}$/) });

export function registerWorkplanRoutes<TState extends TurnState>(app: Application<TState>, deps: WorkplanRouteDependencies): void {
  const { workplan } = deps;

  app.message(WORKPLAN_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    await replyOrExplain(context, language, async () => {
      const card = await workplan.summaryCard(networkId, actorOf(context), language);
      if (card) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      else await context.sendActivity(translate(language, 'workplan.summary.none', { year: workplan.clock().getUTCFullYear() }));
    });
  });

  app.adaptiveCards.actionExecute(WORKPLAN_REPORT_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, reportCard, data, async (input, { networkId, language }) => workplan.reportCard(networkId, actorOf(context), input.year, input.activityId, input.quarter as Quarter, language)),
  );

  app.adaptiveCards.actionExecute(WORKPLAN_REPORT_VERB, async (context, _state, data) =>
    cardAction(context, reportData, data, async (input, { networkId, language }) => {
      // Each indicator's input is `value_<indicatorId>`; an empty one is not reported.
      const values = Object.entries(input)
        .filter(([key, value]) => key.startsWith(indicatorInputId('')) && value !== '' && value !== undefined && value !== null)
        .map(([key, value]) => ({ indicatorId: key.slice(indicatorInputId('').length), value: Number(value), unit: '' }));
      return workplan.reportFromCard(
        networkId,
        actorIdentity(context),
        input.year,
        input.activityId,
        {
          quarter: input.quarter as Quarter,
          planVersion: input.planVersion,
          status: input.status,
          narrative: input.narrative,
          ...(input.evidenceUrl.trim() ? { evidenceUrl: input.evidenceUrl } : {}),
          values,
          // The card's inputs are in the indicators' own units: the service fills them in.
          inIndicatorUnits: true,
        },
        language,
      );
    }),
  );

  app.adaptiveCards.actionExecute(ACTION_ITEM_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, actionItemCard, data, async (input, { networkId, language }) => workplan.actionItemCard(networkId, actorOf(context), input.itemId, language)),
  );

  app.adaptiveCards.actionExecute(ACTION_ITEM_CLOSE_VERB, async (context, _state, data) =>
    cardAction(context, actionItemCard, data, async (input, { networkId, language }) => workplan.closeActionItemFromCard(networkId, actorIdentity(context), input.itemId, language)),
  );
}
