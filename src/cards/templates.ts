/**
 * Every card template the app sends, in one registry: features add theirs here, and the card
 * test renders each of them in every language.
 */
import help from '../../adaptiveCards/help.json';
import welcome from '../../adaptiveCards/welcome.json';
import type { CardTemplate } from './card-renderer';

export const cardTemplates = {
  welcome,
  help,
} as const satisfies Record<string, CardTemplate>;

export type CardName = keyof typeof cardTemplates;
