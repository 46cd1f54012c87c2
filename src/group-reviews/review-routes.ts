/**
 * The working-group review edge in the bot: a member's view answered in the consultation card
 * (`groupReview.comment`) and the reader's own card (`groupReview.view`, Teams' refresh). Card
 * data is attacker-controlled: validated, then the service decides; refusals are answered in the
 * reader's language with nothing changed.
 */
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import { actorIdentity, actorOf, featureActions } from '../bot/card-actions';
import { GroupReviewError } from './errors';
import { GROUP_REVIEW_COMMENT_VERB, GROUP_REVIEW_VIEW_VERB } from './review-cards';
import type { GroupReviewService } from './review-service';

const { cardAction } = featureActions({
  wrongNetworkKey: 'groupReview.error.wrongNetwork',
  refusedLog: 'working-group review action refused',
  refusalOf: refusalOfAny([GroupReviewError]),
});

export interface GroupReviewRouteDependencies {
  readonly reviews: GroupReviewService;
}

const id = z.string().trim().min(1).max(100);
const reviewCard = z.object({ networkId: id, groupId: id });
// Longer than allowed so an over-long comment gets the rules' own message.
const commentData = reviewCard.extend({ position: z.string().max(40).default(''), text: z.string().max(5000).default('') });

export function registerGroupReviewRoutes<TState extends TurnState>(app: Application<TState>, deps: GroupReviewRouteDependencies): void {
  const { reviews } = deps;
  app.adaptiveCards.actionExecute(GROUP_REVIEW_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, reviewCard, data, async (input, { networkId, language }) => reviews.reviewCard(networkId, actorOf(context), input.groupId, language)),
  );
  app.adaptiveCards.actionExecute(GROUP_REVIEW_COMMENT_VERB, async (context, _state, data) =>
    cardAction(context, commentData, data, async (input, { networkId, language }) => reviews.commentFromCard(networkId, actorIdentity(context), input.groupId, { position: input.position, text: input.text }, language)),
  );
}
