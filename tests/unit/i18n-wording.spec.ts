/**
 * The wording faults issue 15 (item 9) found, kept out for good: every text of the catalogues
 * and of the card templates is scanned. A fault names its key (or template) and the text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import { plural, translate, type MessageKey } from '../../src/i18n';

const TEMPLATES = path.resolve(__dirname, '../../adaptiveCards');
const SOURCES = path.resolve(__dirname, '../../src');
// The properties of a card element people read (not `min`, `id`, `verb`…).
const READ_BY_PEOPLE = new Set(['text', 'title', 'placeholder', 'label', 'fallbackText', 'altText', 'errorMessage', 'value']);

/** The texts people read: catalogue values without their placeholders' names and plural syntax. */
function readable(value: string): string {
  return value.replace(/\{\w+, plural,/g, '').replace(/\{\w+\}/g, '1');
}

/** Every string value of a card template (its texts, titles, placeholders), with where it is. */
function templateTexts(): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  const walk = (node: unknown, where: string) => {
    if (typeof node === 'string') {
      if (READ_BY_PEOPLE.has(where.slice(where.lastIndexOf('.') + 1))) found.push({ where, text: node });
    } else if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${where}[${index}]`));
    else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
  };
  for (const file of readdirSync(TEMPLATES).filter((name) => name.endsWith('.json'))) walk(JSON.parse(readFileSync(path.join(TEMPLATES, file), 'utf8')), file);
  return found;
}

function faults(catalogue: Record<string, string>, test: (text: string) => boolean): string[] {
  return Object.entries(catalogue)
    .filter(([, value]) => test(readable(value)))
    .map(([key, value]) => `${key}: ${value}`);
}

const PARENTHESISED_PLURAL = /\p{L}\((s|e|es|x|aux|ies|nes|le|les)\)/u;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
// A field's name as code spells it (`deadline:`, `agencyCode`), not a word of the language.
const FIELD_NAME = /\b[a-z]+[A-Z]\w*\b|\b(deadline|title|start|end|url|objectives|choices|kind):/;

describe('wording of the catalogues and the card templates', () => {
  it('says counts with real plurals, never "(s)"', () => {
    assert.deepEqual(faults(fr, (text) => PARENTHESISED_PLURAL.test(text)), []);
    assert.deepEqual(faults(en, (text) => PARENTHESISED_PLURAL.test(text)), []);
    assert.deepEqual(templateTexts().filter(({ text }) => PARENTHESISED_PLURAL.test(text)), []);
  });

  it('has no literal ** (Teams would show the stars) in catalogues or templates', () => {
    assert.deepEqual(faults(fr, (text) => text.includes('**')), []);
    assert.deepEqual(faults(en, (text) => text.includes('**')), []);
    assert.deepEqual(templateTexts().filter(({ text }) => text.includes('**')), []);
  });

  it('shows no ISO date to people (dates are formatted for the reader)', () => {
    assert.deepEqual(faults(fr, (text) => ISO_DATE.test(text)), []);
    assert.deepEqual(faults(en, (text) => ISO_DATE.test(text)), []);
    assert.deepEqual(templateTexts().filter(({ text }) => ISO_DATE.test(text)), []);
  });

  it('writes English without a space before : ; ? !', () => {
    assert.deepEqual(faults(en, (text) => /[\s\u00a0\u202f][:;?!]/.test(text)), []);
  });

  it('writes French with a narrow no-break space before ; ? ! and : (after a word), and inside « »', () => {
    // A colon straight after a digit or a letter is a time or an address (10:00, https:), not punctuation.
    assert.deepEqual(faults(fr, (text) => /[ \u00a0][:;?!]/.test(text)), [], 'a plain or wide no-break space');
    assert.deepEqual(faults(fr, (text) => /[^\s\u202f|][;?!]/.test(text)), [], 'no space at all');
    assert.deepEqual(faults(fr, (text) => /«[^\u202f]|[^\u202f]»/.test(text)), [], 'guillemets');
  });

  it('never shows a field’s code name in a message (no "deadline:", no camelCase)', () => {
    const errorKeys = (catalogue: Record<string, string>) => Object.fromEntries(Object.entries(catalogue).filter(([key]) => /error|invalid|refus/i.test(key)));
    assert.deepEqual(faults(errorKeys(fr), (text) => FIELD_NAME.test(text)), []);
    assert.deepEqual(faults(errorKeys(en), (text) => FIELD_NAME.test(text)), []);
  });

  it('picks the plural form by each language’s rules (French counts 0 and 1 as one)', () => {
    assert.equal(plural('fr', 0, { one: 'un', other: 'plusieurs' }), 'un');
    assert.equal(plural('en', 0, { one: 'one', other: 'many' }), 'many');
    assert.equal(plural('en', 1, { one: 'one', other: 'many' }), 'one');
    assert.equal(translate('en', 'network.memberList.count' as MessageKey, { count: 1 }), '1 member');
    assert.equal(translate('en', 'network.memberList.count' as MessageKey, { count: 2 }), '2 members');
    assert.equal(translate('fr', 'network.memberList.count' as MessageKey, { count: 0 }), '0 membre');
    assert.equal(translate('fr', 'updates.digest.intro', { updates: 1, meetings: 2, decisions: 0 }), '1 actualité, 2 réunions tenues, 0 décision prise.');
    assert.equal(translate('en', 'updates.digest.intro', { updates: 1, meetings: 2, decisions: 0 }), '1 update, 2 meetings held, 0 decisions taken.');
  });

  it('inserts a value literally even inside a plural form, and leaves a missing count visible', () => {
    assert.equal(translate('en', 'updates.report.groupLine', { members: 3, partners: 1, review: '{members, plural, one {x} other {y}} #' }), '3 members, 1 external partner, review on {members, plural, one {x} other {y}} #');
    assert.equal(translate('en', 'updates.report.groupLine', { partners: 1, review: 'x' }), '{members}, 1 external partner, review on x');
  });

  it('has both forms wherever a catalogue counts, in both languages', () => {
    for (const [key, value] of Object.entries(fr)) {
      const counted = [...value.matchAll(/\{(\w+), plural,/g)].map((match) => match[1]);
      for (const name of counted) assert.ok(new RegExp(`\\{${name}, plural, one \\{[^}]*\\} other \\{[^}]*\\}\\}`).test(value), `${key}: ${value}`);
    }
    for (const value of Object.values(en)) for (const name of [...value.matchAll(/\{(\w+), plural,/g)].map((match) => match[1])) assert.match(value, new RegExp(`\\{${name}, plural, one \\{[^}]*\\} other \\{[^}]*\\}\\}`));
  });

  it('builds no punctuated label in card code: a label with its colon comes from the catalogue (French typography)', () => {
    const labels = sourceFiles((file) => /-cards\.ts$|\/cards\/(card-text|confirmation)\.ts$/.test(file)).flatMap(({ where, source }) =>
      literalsOf(source)
        // "Agence :" built in code gets neither the narrow no-break space nor English's none.
        .filter((literal) => /\S?\s?:\s?$/.test(literal.text) && !/^(\w+|\d+:orgid):$/.test(literal.text))
        .map((literal) => `${where}:${literal.line}: ${JSON.stringify(literal.text)}`),
    );
    assert.deepEqual(labels, []);
  });

  it('gives readers the details of a refusal in their language: no English built in code for the decisions, statements, work plan and review errors', () => {
    const faultsFound: string[] = [];
    for (const { where, source } of sourceFiles((file) => /src\/(decisions|statements|workplan|group-reviews)\//.test(file) && !file.endsWith('errors.ts'))) {
      const visit = (node: ts.Node) => {
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^(Decision|Statement|Workplan|GroupReview)Error$/.test(node.expression.text)) {
          const [code, , details] = node.arguments ?? [];
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          // Refused input always says what to fix, in the reader's language (Statement/DecisionError.invalidInput, or details in the reader's language as 4th argument).
          if (/^(Statement|Decision)Error$/.test(node.expression.text) && code && ts.isStringLiteral(code) && code.text === 'invalidInput' && (node.arguments?.length ?? 0) < 4) faultsFound.push(`${where}:${line}: invalidInput without details`);
          // Details written in code (a sentence, field or status codes joined) are read as is by French readers.
          if (details && (ts.isStringLiteral(details) || ts.isNoSubstitutionTemplateLiteral(details) || ts.isTemplateExpression(details) || /\.join\(/.test(details.getText(source)))) {
            if (/\p{L}{2,}/u.test(details.getText(source).replace(/\$\{[^}]*\}/g, ''))) faultsFound.push(`${where}:${line}: ${details.getText(source)}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(faultsFound, []);
  });
});

/** The TypeScript sources under src/ (the tab's React app aside) that `pick` keeps, parsed. */
function sourceFiles(pick: (file: string) => boolean): { where: string; source: ts.SourceFile }[] {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== 'tab') walk(file);
      else if (entry.isFile() && file.endsWith('.ts') && pick(file)) files.push(file);
    }
  };
  walk(SOURCES);
  return files.map((file) => ({ where: path.relative(SOURCES, file), source: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true) }));
}

/** Every string literal and every literal part of a template in a source, with its line. */
function literalsOf(source: ts.SourceFile): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
