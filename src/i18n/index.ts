/**
 * Strings in French (default) and English, chosen from the reader's Teams locale.
 */
import { en } from './en';
import { fr, type MessageKey } from './fr';

export type { MessageKey };
export type Language = 'fr' | 'en';
export const DEFAULT_LANGUAGE: Language = 'fr';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

const catalogues: Record<Language, Record<MessageKey, string>> = { fr, en };

/** `en-US`, `EN`, `en_GB` → en; anything else (fr-FR, fr-CA, missing, unknown) → French, the network's language. */
export function languageFromLocale(locale: string | undefined | null): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' ? 'en' : DEFAULT_LANGUAGE;
}

/**
 * The string for `key` with `{name}` placeholders replaced by the given values. Values are
 * inserted as they are, once: a value that itself contains `{x}` or `${x}` stays literal.
 */
export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = catalogues[language][key];
  // Most strings have no placeholder: no regex pass (cards translate dozens of keys per render).
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : placeholder,
  );
}
