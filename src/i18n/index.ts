/**
 * Strings in French (default) and English, chosen from the reader's Teams locale.
 */
import { en } from './en';
import { fr, type MessageKey } from './fr';
import { withPluralForms } from './plural-forms';

export type { MessageKey };
export type Language = 'fr' | 'en';
export const DEFAULT_LANGUAGE: Language = 'fr';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

const catalogues: Record<Language, Record<MessageKey, string>> = { fr, en };

/**
 * `en-US`, `EN`, `en_GB` → en; `fr-FR`, `fr-CA` → fr; anything else (missing, unknown) → the
 * network's language (`fallback`: French unless its co-chairs chose English).
 */
export function languageFromLocale(locale: string | undefined | null, fallback: Language = DEFAULT_LANGUAGE): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' ? 'en' : primary === 'fr' ? 'fr' : fallback;
}

/**
 * The string for `key` with `{name}` placeholders replaced by the given values. Values are
 * inserted as they are, once: a value that itself contains `{x}` or `${x}` stays literal.
 * A count's words follow it: `{count, plural, one {# membre} other {# membres}}` in a catalogue
 * picks the form of `values.count` by the language's plural rules (`#` is the number).
 */
export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = catalogues[language][key];
  // Most strings have no placeholder: no regex pass (cards translate dozens of keys per render).
  if (!template.includes('{')) return template;
  // Plural forms are chosen in the catalogue's own text first, so a value is never parsed.
  const counted = template.includes(', plural,') ? withPluralForms(template, values, (count) => plural(language, count, { one: 'one', other: 'other' })) : template;
  return counted.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : placeholder,
  );
}

/**
 * A label followed by its colon as each language writes it: French with a narrow no-break space
 * before the colon ("Objection\u202f: "), English without ("Objection: ").
 */
export function labelled(language: Language, label: string): string {
  return language === 'fr' ? `${label}\u202f: ` : `${label}: `;
}

// One PluralRules per language for the life of the process (building one costs far more than asking it).
const PLURAL_RULES: Readonly<Record<Language, Intl.PluralRules>> = { fr: new Intl.PluralRules('fr-FR'), en: new Intl.PluralRules('en-GB') };

/**
 * The form of a count's words in a language: French says "0 membre, 1 membre, 2 membres",
 * English "0 members, 1 member, 2 members" (Intl.PluralRules). `other` when the language's
 * category (French `many` for millions) has no form of its own.
 */
export function plural<T>(language: Language, count: number, forms: { readonly one: T; readonly other: T }): T {
  return PLURAL_RULES[language].select(count) === 'one' ? forms.one : forms.other;
}

