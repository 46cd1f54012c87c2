/**
 * Every card template the app sends, in one registry: features add theirs here, and the card
 * test renders each of them in every language.
 */
import help from '../../adaptiveCards/help.json';
import memberList from '../../adaptiveCards/memberList.json';
import membershipJoin from '../../adaptiveCards/membershipJoin.json';
import membershipNotice from '../../adaptiveCards/membershipNotice.json';
import welcome from '../../adaptiveCards/welcome.json';
import type { CardTemplate } from './card-renderer';

export const cardTemplates = {
  welcome,
  help,
  membershipJoin,
  membershipNotice,
  memberList,
} as const satisfies Record<string, CardTemplate>;

export type CardName = keyof typeof cardTemplates;
