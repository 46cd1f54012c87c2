/**
 * The meetings edge in the bot: the RSVP buttons of the convocation card (Action.Execute).
 * Card data is attacker-controlled: it is validated with zod, its network checked against the
 * turn's, and the answer is recorded for the person who clicked (never for an id in the data).
 * The card then shows that person's answer and the attendance per agency.
 */
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { answerInvokeWithError } from '../bot/invoke-responses';
import { turnInfo } from '../bot/turn-info';
import { translate, type Language, type MessageKey } from '../i18n';
import { NETWORK_ERROR_STATUS, NetworkError } from '../network/errors';
import { RSVP_VERB, VIEW_VERB } from './meeting-cards';
import { MEETING_ERROR_STATUS, MeetingError } from './meeting-errors';
import { RSVP_RESPONSES } from './meeting-model';
import type { MeetingService } from './meeting-service';
import { actorOf } from '../bot/card-actions';

export interface MeetingRouteDependencies {
  readonly meetings: MeetingService;
}

const viewData = z.object({ networkId: z.string().trim().min(1).max(200), meetingId: z.string().uuid() });
const rsvpData = z.object({
  networkId: z.string().trim().min(1).max(200),
  meetingId: z.string().uuid(),
  response: z.enum(RSVP_RESPONSES),
  delegateId: z.string().trim().max(64).optional(),
});

/** Teams tells the reader's IANA zone in the clientInfo entity (`timezone`), or `localTimezone`. */
export function readerTimeZone(activity: TurnContext['activity']): string | undefined {
  if (typeof activity.localTimezone === 'string' && activity.localTimezone !== '') return activity.localTimezone;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as { timezone?: unknown } | undefined;
  return typeof clientInfo?.timezone === 'string' ? clientInfo.timezone : undefined;
}

export function meetingErrorMessage(language: Language, error: MeetingError | NetworkError): string {
  const key = (error instanceof MeetingError ? `meetings.error.${error.code}` : `network.error.${error.code}`) as MessageKey;
  return translate(language, key, { details: error.message });
}

export function registerMeetingRoutes<TState extends TurnState>(app: Application<TState>, deps: MeetingRouteDependencies): void {
  const { meetings } = deps;

  app.adaptiveCards.actionExecute(VIEW_VERB, async (context, _state, data) => {
    const { networkId, language } = turnInfo(context);
    const actorId = actorOf(context);
    const parsed = viewData.safeParse(data);
    if (!parsed.success || !actorId || parsed.data.networkId !== networkId) {
      await answerInvokeWithError(context, 400, 'InvalidCardData', translate(language, 'error.invalidCardData'));
      return '';
    }
    try {
      return await meetings.viewFor(networkId, actorId, parsed.data.meetingId, language, readerTimeZone(context.activity));
    } catch (error) {
      if (!(error instanceof MeetingError) && !(error instanceof NetworkError)) throw error;
      const status = error instanceof MeetingError ? MEETING_ERROR_STATUS[error.code] : NETWORK_ERROR_STATUS[error.code];
      await answerInvokeWithError(context, status, error.code, meetingErrorMessage(language, error));
      return '';
    }
  });

  app.adaptiveCards.actionExecute(RSVP_VERB, async (context, _state, data) => {
    const { networkId, language, logger } = turnInfo(context);
    const actorId = actorOf(context);
    const parsed = rsvpData.safeParse(data);
    if (!parsed.success || !actorId) {
      await answerInvokeWithError(context, 400, 'InvalidCardData', translate(language, 'error.invalidCardData'));
      return '';
    }
    if (parsed.data.networkId !== networkId) {
      await answerInvokeWithError(context, 400, 'wrongNetwork', translate(language, 'network.error.wrongNetwork'));
      return '';
    }
    try {
      const { meetingId, response, delegateId } = parsed.data;
      const meeting = await meetings.rsvp(networkId, actorId, meetingId, response, delegateId);
      // In a 1:1 chat the card is the reader's own; elsewhere the answer replaces the message for
      // everyone, so it stays the shared view and Teams refreshes each invitee's own view.
      return context.activity.conversation?.conversationType === 'personal'
        ? await meetings.readerCard(networkId, actorId, meeting, language, readerTimeZone(context.activity))
        : await meetings.sharedCard(networkId, meeting);
    } catch (error) {
      if (!(error instanceof MeetingError) && !(error instanceof NetworkError)) throw error;
      logger.info({ code: error.code, reason: error.message }, 'RSVP refused');
      const status = error instanceof MeetingError ? MEETING_ERROR_STATUS[error.code] : NETWORK_ERROR_STATUS[error.code];
      await answerInvokeWithError(context, status, error.code, meetingErrorMessage(language, error));
      return '';
    }
  });
}
