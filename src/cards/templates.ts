/**
 * Every card template the app sends, in one registry: features add theirs here, and the card
 * test renders each of them in every language.
 */
import confirmation from '../../adaptiveCards/confirmation.json';
import decision from '../../adaptiveCards/decision.json';
import decisionForm from '../../adaptiveCards/decisionForm.json';
import help from '../../adaptiveCards/help.json';
import memberList from '../../adaptiveCards/memberList.json';
import membershipJoin from '../../adaptiveCards/membershipJoin.json';
import membershipNotice from '../../adaptiveCards/membershipNotice.json';
import poll from '../../adaptiveCards/poll.json';
import meetingCard from '../../adaptiveCards/meetingCard.json';
import welcome from '../../adaptiveCards/welcome.json';
import update from '../../adaptiveCards/update.json';
import updateForm from '../../adaptiveCards/updateForm.json';
import digest from '../../adaptiveCards/digest.json';
import reportSummary from '../../adaptiveCards/reportSummary.json';
import statement from '../../adaptiveCards/statement.json';
import statementForm from '../../adaptiveCards/statementForm.json';
import actionItem from '../../adaptiveCards/actionItem.json';
import workplanReport from '../../adaptiveCards/workplanReport.json';
import workplanSummary from '../../adaptiveCards/workplanSummary.json';
import groupReview from '../../adaptiveCards/groupReview.json';
import networkChoice from '../../adaptiveCards/networkChoice.json';
import type { CardTemplate } from './card-renderer';

export const cardTemplates = {
  welcome,
  help,
  membershipJoin,
  membershipNotice,
  memberList,
  meetingCard,
  poll,
  decision,
  decisionForm,
  update,
  updateForm,
  digest,
  reportSummary,
  statement,
  statementForm,
  workplanReport,
  workplanSummary,
  actionItem,
  groupReview,
  confirmation,
  networkChoice,
} as const satisfies Record<string, CardTemplate>;

export type CardName = keyof typeof cardTemplates;
