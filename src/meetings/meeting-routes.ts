/**
 * The meetings edge in the bot: the convocation card's actions (Action.Execute) — the RSVP
 * buttons, the delegation form and Teams' refresh of a reader's own view. Card data is
 * attacker-controlled: it is validated with zod, its network checked against the turn's
 * (featureActions), and the answer is recorded for the person who clicked (never for an id in
 * the data). The card then shows that person's answer and the attendance per agency.
 */
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import { actorOf, featureActions } from '../bot/card-actions';
import { NetworkError } from '../network/errors';
import { DELEGATE_FORM_VERB, RSVP_VERB, VIEW_VERB } from './meeting-cards';
import { MeetingError } from './meeting-errors';
import { RSVP_RESPONSES } from './meeting-model';
import type { MeetingService } from './meeting-service';

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


const { cardAction } = featureActions({
  wrongNetworkKey: 'network.error.wrongNetwork',
  refusedLog: 'meeting action refused',
  refusalOf: refusalOfAny([MeetingError, NetworkError]),
});

export function registerMeetingRoutes<TState extends TurnState>(app: Application<TState>, deps: MeetingRouteDependencies): void {
  const { meetings } = deps;

  app.adaptiveCards.actionExecute(VIEW_VERB, (context, _state, data) =>
    cardAction(context, viewData, data, ({ meetingId }, { networkId, language }) => meetings.viewFor(networkId, actorOf(context), meetingId, language, readerTimeZone(context.activity))),
  );

  app.adaptiveCards.actionExecute(DELEGATE_FORM_VERB, (context, _state, data) =>
    cardAction(context, viewData, data, ({ meetingId }, { networkId, language }) => meetings.delegationForm(networkId, actorOf(context), meetingId, language, readerTimeZone(context.activity))),
  );

  app.adaptiveCards.actionExecute(RSVP_VERB, (context, _state, data) =>
    cardAction(context, rsvpData, data, async ({ meetingId, response, delegateId }, { networkId, language }) => {
      const answered = await meetings.rsvp(networkId, actorOf(context), meetingId, response, delegateId);
      // In a 1:1 chat the card is the reader's own; elsewhere the answer replaces the message for
      // everyone, so it stays the shared view and Teams refreshes each invitee's own view.
      return context.activity.conversation?.conversationType === 'personal'
        ? meetings.readerCard(networkId, answered, language, readerTimeZone(context.activity))
        : meetings.sharedCard(networkId, answered.meeting);
    }),
  );
}
