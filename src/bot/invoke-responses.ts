/**
 * Answers to invoke activities. Teams waits for the HTTP response of an invoke (at most 5 s),
 * so errors are answered in that response rather than as a separate message.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';
// Content types of an adaptiveCard/action response body (Universal Actions protocol).
export const INVOKE_MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
export const INVOKE_ERROR_RESPONSE = 'application/vnd.microsoft.error';
export const ADAPTIVE_CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';

export function isAdaptiveCardAction(context: TurnContext): boolean {
  return context.activity.type === ActivityTypes.Invoke && context.activity.name === ADAPTIVE_CARD_ACTION;
}

async function sendInvokeResponse(context: TurnContext, status: number, body: unknown): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

/** A short message shown in place of the card's action, for the person who clicked. */
export async function answerCardActionWithMessage(context: TurnContext, message: string): Promise<void> {
  await sendInvokeResponse(context, 200, { statusCode: 200, type: INVOKE_MESSAGE_RESPONSE, value: message });
}

/** A card shown in place of the one whose action was clicked, for the person who clicked. */
export async function answerCardActionWithCard(context: TurnContext, card: object): Promise<void> {
  await sendInvokeResponse(context, 200, { statusCode: 200, type: ADAPTIVE_CARD_RESPONSE, value: card });
}

/**
 * A message extension command the app declares but does not handle yet (or no longer): Teams
 * shows the text in the compose box or the task module instead of a generic failure.
 */
export async function answerMessageExtensionWithMessage(context: TurnContext, message: string): Promise<void> {
  const name = context.activity.name ?? '';
  const body = name === 'composeExtension/fetchTask' || name === 'task/fetch'
    ? { task: { type: 'message', value: message } }
    : { composeExtension: { type: 'message', text: message } };
  await sendInvokeResponse(context, 200, body);
}

/**
 * An error for an invoke: card actions get the Universal Actions error shape (Teams shows the
 * message), other invokes the plain HTTP status.
 */
export async function answerInvokeWithError(
  context: TurnContext,
  statusCode: 400 | 403 | 404 | 409 | 500 | 503,
  code: string,
  message: string,
): Promise<void> {
  if (isAdaptiveCardAction(context)) {
    await sendInvokeResponse(context, 200, { statusCode, type: INVOKE_ERROR_RESPONSE, value: { code, message } });
  } else {
    await sendInvokeResponse(context, statusCode, { code, message });
  }
}
