/**
 * The statements edge in the bot: the command `déclaration`/`statement` (the request form) and
 * the card verbs (request, view, name the drafting agency, save a version, submit, clear,
 * deliver). Handlers validate the card data (it is attacker-controlled), call the service and
 * answer with the reader's own card; refusals are StatementErrors answered in the reader's
 * language, with nothing changed.
 */
import { MessageFactory } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import type { CardRenderer } from '../cards/card-renderer';
import { confirmField, isConfirmed } from '../cards/confirmation';
import { cardTemplates } from '../cards/templates';
import { translate } from '../i18n';
import { answerCardActionWithMessage } from '../bot/invoke-responses';
import { turnInfo } from '../bot/turn-info';
import { actorIdentity, actorOf, featureActions } from '../bot/card-actions';
import { StatementError } from './errors';
import {
  STATEMENT_CLEAR_VERB,
  STATEMENT_DELIVER_VERB,
  STATEMENT_DRAFT_VERB,
  STATEMENT_NAME_DRAFTER_VERB,
  STATEMENT_REQUEST_VERB,
  STATEMENT_SUBMIT_VERB,
  STATEMENT_VIEW_VERB,
  statementFormCardData,
} from './statement-cards';
import type { StatementsService } from './statements-service';

const { cardAction } = featureActions({
  wrongNetworkKey: 'statements.error.wrongNetwork',
  refusedLog: 'statement action refused',
  refusalOf: refusalOfAny([StatementError]),
});

export interface StatementRouteDependencies {
  readonly statements: StatementsService;
  readonly cards: CardRenderer;
}

export const STATEMENT_COMMAND = /^\s*\/?(déclaration|declaration|déclaration conjointe|declaration conjointe|statement|joint statement)\s*[.!]?\s*$/i;

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().max(max).optional();
const statementData = z.object({ networkId: id, statementId: id });
const versionField = z.coerce.number().int().min(1).max(10_000);
const requestData = z.object({ networkId: id, title: z.string().max(200).default(''), purpose: text(2000), objectives: text(200), languages: text(20) });
// Longer than allowed so an over-long text gets its own clear message from the service.
const draftData = statementData.extend({ textFr: text(20_000), textEn: text(20_000) });
const submitData = statementData.extend({ version: versionField, deadlineDays: z.coerce.number().int().min(1).max(60).optional() });
const clearData = statementData.extend({ agencyCode: z.string().trim().max(32).optional(), version: versionField, position: z.string().max(64).default(''), comment: text(10_000) });
const deliverData = statementData.extend({ version: versionField.optional(), ...confirmField });
const nameData = statementData.extend({ draftingAgency: z.string().trim().min(1).max(32) });

export function registerStatementRoutes<TState extends TurnState>(app: Application<TState>, deps: StatementRouteDependencies): void {
  const { statements, cards } = deps;

  app.message(STATEMENT_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    try {
      await statements.assertMayRequest(networkId, actorOf(context));
      await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.statementForm, statementFormCardData(language, networkId))));
    } catch (error) {
      if (!(error instanceof StatementError)) throw error;
      await context.sendActivity(error.userMessage(language));
    }
  });

  app.adaptiveCards.actionExecute(STATEMENT_REQUEST_VERB, async (context, _state, data) =>
    cardAction(context, requestData, data, async (input, { networkId, language }) => {
      const objectives = (input.objectives ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '').map(Number);
      const languages = (input.languages ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
      const statement = await statements.request(networkId, actorIdentity(context), { title: input.title, purpose: input.purpose ?? '', gcmObjectives: objectives, languages });
      await answerCardActionWithMessage(context, translate(language, 'statements.requested', { title: statement.title }));
      return '';
    }),
  );

  app.adaptiveCards.actionExecute(STATEMENT_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, statementData, data, async (input, { networkId, language }) => statements.card(networkId, input.statementId, actorOf(context), language)),
  );

  app.adaptiveCards.actionExecute(STATEMENT_NAME_DRAFTER_VERB, async (context, _state, data) =>
    cardAction(context, nameData, data, async (input, { networkId, language }) => {
      await statements.nameDraftingAgency(networkId, input.statementId, actorOf(context), input.draftingAgency);
      return statements.card(networkId, input.statementId, actorOf(context), language);
    }),
  );

  app.adaptiveCards.actionExecute(STATEMENT_DRAFT_VERB, async (context, _state, data) =>
    cardAction(context, draftData, data, async (input, { networkId, language }) => {
      await statements.addVersion(networkId, input.statementId, actorIdentity(context), { ...(input.textFr ? { fr: input.textFr } : {}), ...(input.textEn ? { en: input.textEn } : {}) });
      return statements.card(networkId, input.statementId, actorOf(context), language);
    }),
  );

  app.adaptiveCards.actionExecute(STATEMENT_SUBMIT_VERB, async (context, _state, data) =>
    cardAction(context, submitData, data, async (input, { networkId, language }) => {
      const days = input.deadlineDays;
      const deadline = days ? new Date(statements.clock().getTime() + days * 24 * 3600_000).toISOString() : undefined;
      await statements.submit(networkId, input.statementId, actorIdentity(context), { version: input.version, ...(deadline ? { deadline } : {}) });
      return statements.card(networkId, input.statementId, actorOf(context), language);
    }),
  );

  app.adaptiveCards.actionExecute(STATEMENT_CLEAR_VERB, async (context, _state, data) =>
    cardAction(context, clearData, data, async (input, { networkId, language }) => {
      // The clearer's own card comes from what the clearance read and wrote; the others follow.
      return statements.clearFromCard(
        networkId,
        input.statementId,
        actorIdentity(context),
        {
          ...(input.agencyCode ? { agencyCode: input.agencyCode } : {}),
          version: input.version,
          position: input.position,
          ...(input.comment !== undefined ? { comment: input.comment } : {}),
          // Teams may deliver the same invoke twice: its activity id makes it count once.
          ...(context.activity.id ? { requestId: context.activity.id } : {}),
        },
        language,
      );
    }),
  );

  // Irreversible: the first click asks (cards/confirmation.ts); only Confirm's flag publishes.
  app.adaptiveCards.actionExecute(STATEMENT_DELIVER_VERB, async (context, _state, data) =>
    cardAction(context, deliverData, data, async (input, { networkId, language }) =>
      isConfirmed(input)
        ? statements.deliverAndView(networkId, input.statementId, actorIdentity(context), input.version, language)
        : statements.deliverConfirmation(networkId, input.statementId, actorOf(context), input.version, language),
    ),
  );
}



