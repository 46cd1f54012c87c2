import assert from 'node:assert/strict';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import { languageFromLocale, translate } from '../../src/i18n';

describe('i18n', () => {
  it('answers in French by default and in English for any English locale', () => {
    assert.equal(languageFromLocale(undefined), 'fr');
    assert.equal(languageFromLocale(''), 'fr');
    assert.equal(languageFromLocale('fr-FR'), 'fr');
    assert.equal(languageFromLocale('fr-CA'), 'fr');
    assert.equal(languageFromLocale('pt-BR'), 'fr');
    assert.equal(languageFromLocale('en-US'), 'en');
    assert.equal(languageFromLocale('EN-gb'), 'en');
    assert.equal(languageFromLocale('en_GB'), 'en');
  });

  it('a locale naming neither French nor English (or none) gets the network’s language; French and English locales keep theirs', () => {
    assert.equal(languageFromLocale('pt-BR', 'en'), 'en');
    assert.equal(languageFromLocale(undefined, 'en'), 'en');
    assert.equal(languageFromLocale('fr-FR', 'en'), 'fr');
    assert.equal(languageFromLocale('en-US', 'fr'), 'en');
  });

  it('has every key in both languages, none empty', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(fr).sort());
    for (const [key, value] of [...Object.entries(fr), ...Object.entries(en)]) assert.ok(value.trim() !== '', key);
  });

  it('keeps the same placeholders in both languages', () => {
    // `{name}` and `{name, plural, …}` alike: a count may be said with its words in one language only.
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((match) => match[1]))].sort();
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      assert.deepEqual(placeholders(en[key]), placeholders(fr[key]), key);
    }
  });

  it('inserts values once and literally, even when they look like placeholders or templates', () => {
    const message = translate('en', 'error.turnFailed', { correlationId: '{correlationId} ${x}' });
    assert.ok(message.includes('give the secretariat this reference: {correlationId} ${x}.'));
  });
});
