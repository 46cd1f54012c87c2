/**
 * Bilingual statements (issue 15 item 8): the word diff per language, property-tested, and the
 * rules around it — which version a reader compares with, which languages clearance needs, and
 * how a text stored before languages were kept reads.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CardRenderer, TEAMS_CARD_MAX_BYTES } from '../../../src/cards/card-renderer';
import { cardTemplates } from '../../../src/cards/templates';
import { MAX_STATEMENT_TEXT, statementCardData } from '../../../src/statements/statement-cards';
import {
  diffBase,
  diffByLanguage,
  diffSegments,
  diffSummary,
  missingLanguages,
  requiredLanguages,
  segmentsByLanguage,
  textByLanguage,
  clearanceState,
  withVoicedVersion,
  wordDiff,
} from '../../../src/statements/statement-rules';
import { parseAdaptiveCard } from '../../support/adaptive-card-parser';
import { sampleStatement } from './card-samples';

const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];

// Small vocabularies make shared words (and so interesting diffs) likely.
const word = fc.constantFrom('le', 'Réseau', 'salue', 'plan', 'national', 'migration', 'droits', 'des', 'migrants', '${x}', '**gras**', 'à');
const text = fc.array(word, { maxLength: 30 }).map((words) => words.join(' '));
const wordsOf = (value: string) => value.split(/\s+/).filter((entry) => entry !== '');

describe('statement rules: word diff, properties', () => {
  it('is an edit script: the words kept and removed give the old text, the words kept and added the new one', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const ops = wordDiff(before, after);
        assert.deepEqual(ops.filter((op) => op.kind !== 'added').map((op) => op.word), wordsOf(before));
        assert.deepEqual(ops.filter((op) => op.kind !== 'removed').map((op) => op.word), wordsOf(after));
      }),
      { numRuns: 300 },
    );
  });

  it('is minimal: the words kept are a longest common subsequence (checked against a plain LCS)', () => {
    const lcs = (a: string[], b: string[]): number => {
      const row = new Array<number>(b.length + 1).fill(0);
      for (const x of a) {
        let diagonal = 0;
        for (let j = 1; j <= b.length; j += 1) {
          const up = row[j]!;
          row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
          diagonal = up;
        }
      }
      return row[b.length]!;
    };
    fc.assert(
      fc.property(text, text, (before, after) => {
        assert.equal(wordDiff(before, after).filter((op) => op.kind === 'same').length, lcs(wordsOf(before), wordsOf(after)));
      }),
      { numRuns: 300 },
    );
  });

  it('finds nothing between a text and itself, and swaps added and removed when reversed', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        assert.deepEqual(diffSummary(before, before), { added: 0, removed: 0, excerpts: [], truncated: false });
        const forward = diffSummary(before, after);
        const backward = diffSummary(after, before);
        assert.equal(forward.added, backward.removed);
        assert.equal(forward.removed, backward.added);
      }),
      { numRuns: 300 },
    );
  });

  it('segments cover the whole script: same + removed read as the old text, same + added as the new, no two neighbours of one kind', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = diffSegments(before, after);
        const read = (skip: string) => segments.filter((segment) => segment.kind !== skip).flatMap((segment) => wordsOf(segment.text));
        assert.deepEqual(read('added'), wordsOf(before));
        assert.deepEqual(read('removed'), wordsOf(after));
        segments.forEach((segment, index) => assert.notEqual(segment.kind, segments[index - 1]?.kind));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps each language to itself: a change in English leaves the French diff empty, and counts add up to the texts’ own diffs', () => {
    fc.assert(
      fc.property(text, text, text, (fr, enBefore, enAfter) => {
        const byLanguage = diffByLanguage({ fr, en: enBefore }, { fr, en: enAfter });
        assert.equal(byLanguage.fr?.added, 0);
        assert.equal(byLanguage.fr?.removed, 0);
        assert.equal(byLanguage.en?.added, diffSummary(enBefore, enAfter).added);
        assert.equal(byLanguage.en?.removed, diffSummary(enBefore, enAfter).removed);
      }),
      { numRuns: 200 },
    );
  });

  it('a language added in a new version counts whole; a language absent on both sides is left out', () => {
    const added = diffByLanguage({ fr: 'Le Réseau salue le plan.' }, { fr: 'Le Réseau salue le plan.', en: 'The Network welcomes the plan.' });
    assert.deepEqual(Object.keys(added), ['fr', 'en']);
    assert.equal(added.en?.added, 5);
    assert.equal(added.en?.removed, 0);
    assert.deepEqual(Object.keys(segmentsByLanguage({ fr: 'a' }, { fr: 'a b' })), ['fr']);
    assert.deepEqual(segmentsByLanguage({ fr: 'a' }, { fr: 'a b' }).fr, [{ kind: 'same', text: 'a' }, { kind: 'added', text: 'b' }]);
  });
});

describe('statement rules: languages', () => {
  it('clearance needs the languages the request named; a request that named none needs the network’s (French)', () => {
    assert.deepEqual(requiredLanguages({ languages: ['en', 'fr'] }), ['fr', 'en']);
    assert.deepEqual(requiredLanguages({ languages: ['en'] }), ['en']);
    assert.deepEqual(requiredLanguages({}), ['fr']);
    assert.deepEqual(missingLanguages({ fr: 'Texte' }, ['fr', 'en']), ['en']);
    assert.deepEqual(missingLanguages({ fr: 'Texte', en: '   ' }, ['fr', 'en']), ['en']);
    assert.deepEqual(missingLanguages({ fr: 'Texte', en: 'Text' }, ['fr', 'en']), []);
  });

  it('a text stored as one string (before languages were kept) reads as the network’s language', () => {
    assert.deepEqual(textByLanguage('Le Réseau salue le plan.'), { fr: 'Le Réseau salue le plan.' });
    assert.deepEqual(textByLanguage('The plan.', 'en'), { en: 'The plan.' });
    assert.deepEqual(textByLanguage({ fr: 'Texte', en: 'Text', de: 'Text' }), { fr: 'Texte', en: 'Text' });
    assert.deepEqual(textByLanguage(undefined), {});
  });
});

describe('statement rules: which version a reader compares with', () => {
  const versions = [1, 2, 3, 4].map((number) => ({ number }));

  it('a representative: the version their agency last gave a voice on, not the one shown', () => {
    let voiced = withVoicedVersion(undefined, 'UNHCR', 1);
    assert.deepEqual(diffBase({ versions, voicedVersions: voiced }, 3, 'UNHCR'), { version: 1, reason: 'yourAgency' });
    // Clearing version 3 itself: the comparison stays with what the agency saw before it.
    voiced = withVoicedVersion(voiced, 'UNHCR', 3);
    voiced = withVoicedVersion(voiced, 'UNHCR', 3);
    assert.deepEqual(voiced.UNHCR, { latest: 3, previous: 1 });
    assert.deepEqual(diffBase({ versions, voicedVersions: voiced }, 3, 'UNHCR'), { version: 1, reason: 'yourAgency' });
    assert.deepEqual(diffBase({ versions, voicedVersions: voiced }, 4, 'UNHCR'), { version: 3, reason: 'yourAgency' });
  });

  it('the channel and agencies that never answered: the version of the previous round, else the previous version', () => {
    assert.deepEqual(diffBase({ versions, clearance: { version: 4, previousVersion: 2 } }, 4), { version: 2, reason: 'previousRound' });
    assert.deepEqual(diffBase({ versions, clearance: { version: 4, previousVersion: 2 } }, 4, 'UNDP'), { version: 2, reason: 'previousRound' });
    assert.deepEqual(diffBase({ versions, clearance: { version: 4 } }, 4), { version: 3, reason: 'previousVersion' });
    assert.equal(diffBase({ versions }, 1), undefined);
  });
});

describe('statement card: both languages and their changes', () => {
  it('a reviewer’s card with two full 5,000-character texts in many paragraphs, rewritten in both languages, the longest title and purpose, stays under Teams’ 28 KB and drops no word', () => {
    const paragraphs = (seed: string) => Array.from({ length: 45 }, (_, index) => `${seed} ${index} `.repeat(20).slice(0, 105)).join('\n\n').slice(0, MAX_STATEMENT_TEXT);
    const base = sampleStatement('Titre');
    const statement = {
      ...base,
      title: 'T'.repeat(200),
      purpose: 'Objet '.repeat(400).slice(0, 2000),
      versions: [
        { ...base.versions[0]!, text: { fr: paragraphs('ancien texte'), en: paragraphs('old text') } },
        { ...base.versions[1]!, text: { fr: paragraphs('nouveau passage'), en: paragraphs('new passage') } },
      ],
    };
    const viewer = { language: 'fr' as const, personal: true, agencyCode: 'UNHCR', canDraft: false, canClear: true, canDeliver: false, canNameDrafter: false, seesNames: true };
    const card = new CardRenderer().render(cardTemplates.statement, statementCardData(statement, clearanceState(2, EXCOM, []), viewer, 'gn'));
    const json = JSON.stringify(card);
    assert.match(json, /"Français\u202f: ".*"Anglais\u202f: "/s);
    assert.ok(Buffer.byteLength(json) < TEAMS_CARD_MAX_BYTES, `${Buffer.byteLength(json)} bytes`);
    assert.deepEqual(parseAdaptiveCard(card).problems, []);
    for (const [language, body] of Object.entries(statement.versions[1]!.text)) {
      for (const word of ['nouveau passage 0', 'nouveau passage 44', 'new passage 0', 'new passage 44']) if (body.includes(word)) assert.ok(json.includes(word), `${language}: ${word}`);
    }
  });
});
