/**
 * The pieces of text cards are built from, shared by every feature's view models: runs (a piece
 * of text with its weight, colour, subtlety — user text only ever goes into these), paragraphs of
 * runs, actions and choices, and instants as people read them.
 */
import type { Language } from '../i18n';

export interface Run {
  readonly text: string;
  readonly weight: 'Default' | 'Bolder';
  readonly subtle: boolean;
  readonly color: 'Default' | 'Good' | 'Attention' | 'Warning' | 'Accent';
}
export interface Paragraph {
  readonly runs: readonly Run[];
}
export interface ActionData {
  readonly title: string;
  readonly verb: string;
  readonly data: Readonly<Record<string, string>>;
}
export interface Choice {
  readonly title: string;
  readonly value: string;
}

export const run = (text: string, options: { bold?: boolean; subtle?: boolean; color?: Run['color'] } = {}): Run => ({
  text,
  weight: options.bold ? 'Bolder' : 'Default',
  subtle: options.subtle ?? false,
  color: options.color ?? 'Default',
});
export const paragraph = (...runs: Run[]): Paragraph => ({ runs: runs.filter((r) => r.text !== '') });

// Teams refreshes a card automatically for at most 60 users (refresh.userIds), named by MRI:
// 8:orgid:<Entra object id> is one.
export const MAX_REFRESH_USER_IDS = 60;
export const userMri = (aadObjectId: string) => `8:orgid:${aadObjectId.toLowerCase()}`;

/** The locale cards format dates in, per language. */
export const localeOf = (language: Language) => (language === 'fr' ? 'fr-FR' : 'en-GB');

// Building an Intl.DateTimeFormat costs far more than formatting with it, and cards format on
// every render: one formatter per language (and zone) for the life of the process.
const INSTANT_FORMATS: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  fr: new Intl.DateTimeFormat(localeOf('fr'), { dateStyle: 'long', timeStyle: 'short', timeZone: 'Africa/Conakry' }),
  en: new Intl.DateTimeFormat(localeOf('en'), { dateStyle: 'long', timeStyle: 'short', timeZone: 'Africa/Conakry' }),
};

const DAY_FORMATS: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  fr: new Intl.DateTimeFormat(localeOf('fr'), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Africa/Conakry' }),
  en: new Intl.DateTimeFormat(localeOf('en'), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Africa/Conakry' }),
};

/**
 * A day as people read it ("12 mars 2026", "12 March 2026"), never as stored: an instant, or a
 * `YYYY-MM-DD` day (taken at noon in Conakry, so no zone moves it to the day before).
 */
export function formatDay(language: Language, isoOrDay: string): string {
  return DAY_FORMATS[language].format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? `${isoOrDay}T12:00:00Z` : isoOrDay));
}

/** Deadlines are set and shown in Guinea's time (UTC+0 all year). */
export function formatInstant(iso: string, language: Language): string {
  return INSTANT_FORMATS[language].format(new Date(iso));
}
