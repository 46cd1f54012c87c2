/**
 * Issue 12 §5: the Markdown export of a statement's final text renders as typed. A line of `===`
 * or `---` under text made that text a heading (setext); headings, quotes, lists, fenced or
 * indented code, thematic breaks and HTML blocks typed at the start of a line must not change
 * the document's structure either.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownInline, markdownText } from '../../../src/statements/statement-rules';

// What starts a block in CommonMark (and GFM) at the beginning of a line.
const BLOCK_START = /^( {0,3})(#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|`{3,}|~{3,}|<|(\*[ \t]*){3,}$|(-[ \t]*){3,}$|(_[ \t]*){3,}$|=+[ \t]*$|\|)/;
const INDENTED_CODE = /^( {4}|\t)/;

/** The text a reader sees: escapes removed, no-break indentation back to spaces, trailing spaces (hard breaks) dropped. */
function asRead(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/^\u00A0+/, (indent) => ' '.repeat(indent.length)))
    .join('\n');
}

function assertNoStructure(markdown: string): void {
  for (const line of markdown.split('\n')) {
    assert.doesNotMatch(line, BLOCK_START, `a block starts at ${JSON.stringify(line)}`);
    assert.doesNotMatch(line, INDENTED_CODE, `indented code at ${JSON.stringify(line)}`);
  }
}

describe('statements: Markdown export of user text', () => {
  it('a line of === or --- under text does not make it a heading', () => {
    const out = markdownText('Titre piégé\n===\nAutre titre\n---\n  ===  \nfin');
    assert.equal(out, 'Titre piégé  \n\\===  \nAutre titre  \n\\---  \n\u00A0\u00A0\\===    \nfin');
    assertNoStructure(out);
  });

  it('headings, quotes, lists, fences, thematic breaks, HTML blocks and indented code stay text', () => {
    const typed = [
      '# Pas un titre',
      '### non plus',
      '> pas une citation',
      '- pas une liste',
      '+ ni celle-ci',
      '* ni celle-là',
      '1. ni une liste numérotée',
      '2) ni celle-ci',
      '```js',
      'alert(1)',
      '```',
      '~~~',
      '***',
      '___',
      '- - -',
      '<div onclick="x">html</div>',
      '<!-- commentaire -->',
      '',
      '    du code indenté ?',
      '\tavec une tabulation',
      '[lien]: https://example.org',
      '| a | b |',
      '&lt;b&gt; et &copy;',
      '![image](https://example.org/x.png) *gras* _it_ `code` ~~barré~~ \\ fin\\',
    ].join('\n');
    const out = markdownText(typed);
    assertNoStructure(out);
    assert.equal(asRead(out), typed.replace('\tavec', '    avec'), 'reads as typed once rendered (a tab indents like four spaces)');
  });

  it('paragraphs and line breaks as typed; Windows line ends too', () => {
    assert.equal(markdownText('Ligne 1\r\nLigne 2\r\n\r\nParagraphe 2'), 'Ligne 1  \nLigne 2\n\nParagraphe 2');
    assert.equal(markdownText('   \nx'), '\nx', 'a line of spaces stays a blank line');
  });

  it('the title is one line, inline markup escaped', () => {
    assert.equal(markdownInline('Titre\n===\n<b>x</b> *y*'), 'Titre === \\<b\\>x\\</b\\> \\*y\\*');
  });

  it('any text: no line starts a block, and it reads as typed (property)', () => {
    const pieces = fc.constantFrom('#', '>', '-', '+', '*', '_', '=', '`', '~', '<', '|', '1.', '2)', ' ', '    ', '\t', '\n', '\r\n', 'a', 'mot', '&amp;', '\\', '[', ']', '!');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const typed = parts.join('');
        const out = markdownText(typed);
        assertNoStructure(out);
        const normalised = typed
          .replace(/\r\n?/g, '\n')
          .split('\n')
          .map((line) => (line.trim() === '' ? '' : line.replace(/^[ \t]+/, (indent) => indent.replace(/\t/g, '    ')).replace(/[ \t]+$/, '')))
          .join('\n');
        assert.equal(asRead(out), normalised);
      }),
      { numRuns: 500 },
    );
  });
});
