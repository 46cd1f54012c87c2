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

/** Guinea's zone (UTC+0 all year): the zone of a network that chose none (settings/). */
export const DEFAULT_CARD_TIME_ZONE = 'Africa/Conakry';

// Building an Intl.DateTimeFormat costs far more than formatting with it, and cards format on
// every render: one formatter per (language, zone, style) for the life of the process, built the
// first time a pair is asked (a deployment serves a handful of networks, so a handful of zones).
const FORMATS = new Map<string, Intl.DateTimeFormat>();
const STYLES = {
  instant: { dateStyle: 'long', timeStyle: 'short' },
  day: { day: 'numeric', month: 'long', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatterOf(style: keyof typeof STYLES, language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${language}|${timeZone}`;
  let format = FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeOf(language), { ...STYLES[style], timeZone });
    FORMATS.set(key, format);
  }
  return format;
}

/**
 * A day as people read it ("12 mars 2026", "12 March 2026"), never as stored: an instant (the
 * day it is in `timeZone`, the network's), or a `YYYY-MM-DD` day (a calendar day: no zone moves it).
 */
export function formatDay(language: Language, isoOrDay: string, timeZone: string = DEFAULT_CARD_TIME_ZONE): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(isoOrDay)) return formatterOf('day', language, 'UTC').format(new Date(`${isoOrDay}T12:00:00Z`));
  return formatterOf('day', language, timeZone).format(new Date(isoOrDay));
}

/** Deadlines are set and shown in the network's time (Guinea's, UTC+0 all year, unless its co-chairs chose another). */
export function formatInstant(iso: string, language: Language, timeZone: string = DEFAULT_CARD_TIME_ZONE): string {
  return formatterOf('instant', language, timeZone).format(new Date(iso));
}

/** How many formatters were built (a test checks they are built once per pair). */
export function builtDateFormats(): number {
  return FORMATS.size;
}
