/**
 * Irreversible card actions (closing a decision, publishing a statement, sending the member list
 * to everyone, leaving the network) ask first, then say what happened. The first click carries no
 * confirm flag: its handler answers with a confirmation card in place of the card clicked (what
 * will happen, that it cannot be undone, Confirm and Back). Only Confirm's data carries
 * `confirm: true`, and the server acts only on it: data without it — an old card, or data altered
 * on the way — gets the confirmation again, never the action.
 */
import { z } from 'zod';
import { plural, translate, type Language } from '../i18n';
import type { AdaptiveCardJson } from './card-renderer';
import type { Paragraph } from './card-text';

/** The card data field Confirm carries; `true` as JSON (or "true" from an Action.Submit fallback). */
export const confirmField = { confirm: z.union([z.literal(true), z.literal('true')]).optional() };

export function isConfirmed(input: { readonly confirm?: true | 'true' | undefined }): boolean {
  return input.confirm === true || input.confirm === 'true';
}

/** An Action.Execute with a style (a confirmation's Confirm is destructive or positive). */
export interface StyledCardAction {
  readonly title: string;
  readonly verb: string;
  readonly style: 'default' | 'positive' | 'destructive';
  readonly data: Readonly<Record<string, string | boolean>>;
}

export interface ConfirmationCardData {
  readonly title: string;
  readonly paragraphs: readonly Paragraph[];
  readonly warning: string;
  readonly actions: readonly StyledCardAction[];
}

/**
 * The confirmation of one irreversible action: `confirm` is the action itself, its data with the
 * flag added; `back` (the card's own view verb, when it has one) puts the card back as it was.
 */
export function confirmationCardData(options: {
  readonly language: Language;
  readonly title: string;
  readonly paragraphs: readonly Paragraph[];
  /** What cannot be undone, said plainly. */
  readonly warning: string;
  readonly confirm: { readonly title: string; readonly verb: string; readonly data: Readonly<Record<string, string>>; readonly style?: 'destructive' | 'positive' };
  readonly back?: { readonly verb: string; readonly data: Readonly<Record<string, string>> };
}): ConfirmationCardData {
  const { confirm, back } = options;
  return {
    title: options.title,
    paragraphs: options.paragraphs,
    warning: options.warning,
    actions: [
      { title: confirm.title, verb: confirm.verb, style: confirm.style ?? 'destructive', data: { ...confirm.data, confirm: true } },
      ...(back ? [{ title: translate(options.language, 'cards.confirm.back'), verb: back.verb, style: 'default' as const, data: back.data }] : []),
    ],
  };
}

/**
 * The card with what just happened said on top (the app's own words, never user text: it goes
 * into a TextBlock): `good` when it went as asked, `warning` when the person must know more
 * (e.g. it reached no channel).
 */
export function withOutcome(card: AdaptiveCardJson, lines: readonly string[], tone: 'good' | 'warning'): AdaptiveCardJson {
  const body = Array.isArray(card.body) ? (card.body as unknown[]) : [];
  const notice = { type: 'Container', style: tone, items: lines.map((text, index) => ({ type: 'TextBlock', text, wrap: true, ...(index === 0 ? { weight: 'Bolder' } : {}) })) };
  return { ...card, body: [notice, ...body] };
}

/** `one` or `other` of a count's message in the reader's language (French counts 0 as one): src/i18n's `plural`. */
export const pluralOf: <K>(language: Language, count: number, keys: { readonly one: K; readonly other: K }) => K = plural;
