/**
 * The thin edge every feature's card actions share: who is acting, validation of the card's
 * data (tampered data never reaches a service), the check that the card belongs to this
 * turn's network, and a feature's coded refusals answered in the invoke response (or, for
 * chat commands, as a reply) in the reader's language.
 */
import type { TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { AdaptiveCardJson } from '../cards/card-renderer';
import { askedLanguage, withOtherLanguageAction } from '../cards/card-language';
import { translate, type Language, type MessageKey } from '../i18n';
import { answerInvokeWithError } from './invoke-responses';
import { turnInfo } from './turn-info';

/** The Entra object id of whoever sent the activity, lower-cased as stored; '' when absent. */
export function actorOf(context: TurnContext): string {
  return (context.activity.from?.aadObjectId ?? '').toLowerCase();
}

export function actorIdentity(context: TurnContext): { aadObjectId: string; name: string } {
  return { aadObjectId: actorOf(context), name: (context.activity.from?.name ?? '').trim() };
}

/** A feature's refusal: the status for the invoke, its code, and the message for the reader. */
export interface Refusal {
  readonly status: 400 | 403 | 404 | 409;
  readonly code: string;
  readonly message: string;
}

export interface FeatureActionOptions {
  /** The refusal an error stands for, or undefined when it is not one of the feature's (rethrown). */
  readonly refusalOf: (error: unknown, language: Language) => Refusal | undefined;
  /** Shown when card data names another network than the turn's. */
  readonly wrongNetworkKey: MessageKey;
  /** Log message for a refused action, e.g. 'decision action refused'. */
  readonly refusedLog: string;
}

export interface FeatureActions {
  /** Validates card data, checks its network, runs the action and maps refusals to the invoke answer. */
  cardAction<S extends z.ZodTypeAny>(
    context: TurnContext,
    schema: S,
    data: unknown,
    run: (input: z.infer<S>, info: { networkId: string; language: Language }) => Promise<AdaptiveCardJson | string>,
  ): Promise<AdaptiveCardJson | string>;
  /** Runs a chat command; a refusal becomes a reply instead of an apology for a failed turn. */
  replyOrExplain(context: TurnContext, language: Language, run: () => Promise<void>): Promise<void>;
}

export function featureActions(options: FeatureActionOptions): FeatureActions {
  return {
    async cardAction(context, schema, data, run) {
      const { networkId, logger } = turnInfo(context);
      // "Read in English" on a shared card: this reader's answer in the language asked for.
      const asked = askedLanguage(data);
      const language = asked ?? turnInfo(context).language;
      const parsed = schema.safeParse(data);
      if (!parsed.success || !actorOf(context)) {
        await answerInvokeWithError(context, 400, 'InvalidCardData', translate(language, 'error.invalidCardData'));
        return '';
      }
      if ((parsed.data as { networkId?: unknown }).networkId !== networkId) {
        await answerInvokeWithError(context, 400, 'wrongNetwork', translate(language, options.wrongNetworkKey));
        return '';
      }
      try {
        const answer = await run(parsed.data, { networkId, language });
        // The way back to the other language, on the card answered in the one asked for.
        const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
        return asked && typeof answer === 'object' && typeof verb === 'string' ? withOtherLanguageAction(answer, asked, verb, data as Record<string, unknown>) : answer;
      } catch (error) {
        const refusal = options.refusalOf(error, language);
        if (!refusal) throw error;
        logger.info({ code: refusal.code, reason: error instanceof Error ? error.message : String(error) }, options.refusedLog);
        await answerInvokeWithError(context, refusal.status, refusal.code, refusal.message);
        return '';
      }
    },
    async replyOrExplain(context, language, run) {
      try {
        await run();
      } catch (error) {
        const refusal = options.refusalOf(error, language);
        if (!refusal) throw error;
        await context.sendActivity(refusal.message);
      }
    },
  };
}
