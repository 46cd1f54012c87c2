import assert from 'node:assert/strict';
import { STRINGS, format } from '../../../src/tab/app/strings';

describe('the tab’s words', () => {
  it('say counts with real plurals in each language (issue 15)', () => {
    assert.equal(format(STRINGS.fr.reminded, { count: 1 }, 'fr'), 'Rappel envoyé à 1 personne.');
    assert.equal(format(STRINGS.fr.reminded, { count: 3 }, 'fr'), 'Rappel envoyé à 3 personnes.');
    assert.equal(format(STRINGS.en.reminded, { count: 1 }, 'en'), 'Reminder sent to 1 person.');
    assert.equal(format(STRINGS.en.commentCount, { count: 0 }, 'en'), '0 consultation comments.');
    assert.equal(format(STRINGS.fr.commentCount, { count: 0 }, 'fr'), '0 commentaire de consultation.');
  });

  it('have no "(s)", no **, no space before an English colon, and French punctuation with a narrow no-break space', () => {
    const texts = (language: 'fr' | 'en') => Object.entries(STRINGS[language]).map(([key, value]) => `${key}: ${value.replace(/\{\w+, plural,/g, '')}`);
    assert.deepEqual(texts('fr').concat(texts('en')).filter((text) => /\p{L}\((s|e|es)\)|\*\*/u.test(text)), []);
    assert.deepEqual(texts('en').filter((text) => /\s[:;?!]/.test(text.slice(text.indexOf(': ') + 2))), []);
    assert.deepEqual(texts('fr').filter((text) => /[ \u00a0][:;?!]|«[^\u202f]|[^\u202f]»/.test(text.slice(text.indexOf(': ') + 2))), []);
  });
});
