/**
 * The other language one click away on a shared card (issue 15): a card posted to a channel
 * or a group chat is in the network's language (French); a reader who prefers the other one
 * clicks "Read in English" — an Action.Execute whose answer Teams shows to that reader only,
 * replacing their copy of the card — and gets the same card in English, with the way back.
 *
 * Any card verb that answers with a card honours it (src/bot/card-actions.ts): the asked
 * language travels in the action's data as `readIn`, beside the verb's own data.
 */
import { translate, type Language } from '../i18n';
import type { AdaptiveCardJson } from './card-renderer';

/** The field of an action's data that asks for the answer in a language. */
export const READ_IN_FIELD = 'readIn';

/** The language an action's data asks the answer in, if any (card data is untrusted: anything else is ignored). */
export function askedLanguage(data: unknown): Language | undefined {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[READ_IN_FIELD] : undefined;
  return value === 'fr' || value === 'en' ? value : undefined;
}

/**
 * The card with one more action at the end: the same view (`verb` with its `data`) in the
 * language other than `language`, titled in that other language so its readers recognise it.
 */
export function withOtherLanguageAction(card: AdaptiveCardJson, language: Language, verb: string, data: Readonly<Record<string, unknown>>): AdaptiveCardJson {
  const other: Language = language === 'fr' ? 'en' : 'fr';
  const { [READ_IN_FIELD]: _asked, ...viewData } = data;
  const actions = Array.isArray(card.actions) ? (card.actions as unknown[]) : [];
  return { ...card, actions: [...actions, { type: 'Action.Execute', title: translate(other, 'cards.readInThisLanguage'), verb, data: { ...viewData, [READ_IN_FIELD]: other } }] };
}
