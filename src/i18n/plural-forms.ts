/**
 * The plural forms of a catalogue string, `{count, plural, one {# membre} other {# membres}}`
 * (the ICU message syntax's subset the catalogues use): no dependency, so the tab's own strings
 * (src/tab/app/strings.ts) choose their forms with the same code as the bot's (src/i18n).
 */
const PLURAL_START = /\{(\w+), plural,/g;

/**
 * Each `{name, plural, one {…} other {…}}` of a trusted catalogue string replaced by the form
 * `values[name]` takes (`select` says which: the language's plural rules), `#` by the number.
 * A count that is missing or not a number leaves `{name}` visible.
 */
export function withPluralForms(template: string, values: Readonly<Record<string, string | number>>, select: (count: number) => 'one' | 'other'): string {
  let out = '';
  let from = 0;
  for (const match of template.matchAll(PLURAL_START)) {
    const start = match.index ?? 0;
    if (start < from) continue;
    const parsed = pluralForms(template, start + match[0].length);
    if (!parsed) continue;
    const count = Number(values[match[1] ?? '']);
    const form = Number.isFinite(count) ? ((select(count) === 'one' ? parsed.forms.one : undefined) ?? parsed.forms.other ?? '') : `{${match[1]}}`;
    out += template.slice(from, start) + form.replaceAll('#', Number.isFinite(count) ? String(count) : `{${match[1]}}`);
    from = parsed.end;
  }
  return out + template.slice(from);
}

/** `one {…} other {…}}` from `at`: the forms and where the whole plural ends, or undefined when malformed. */
function pluralForms(text: string, at: number): { readonly forms: Record<string, string>; readonly end: number } | undefined {
  const forms: Record<string, string> = {};
  let index = at;
  for (;;) {
    while (text[index] === ' ') index += 1;
    if (text[index] === '}') return { forms, end: index + 1 };
    const name = /^[\w=]+/.exec(text.slice(index))?.[0];
    if (!name) return undefined;
    index += name.length;
    while (text[index] === ' ') index += 1;
    if (text[index] !== '{') return undefined;
    let depth = 0;
    const open = index;
    for (; index < text.length; index += 1) {
      if (text[index] === '{') depth += 1;
      else if (text[index] === '}' && --depth === 0) break;
    }
    if (depth !== 0) return undefined;
    forms[name] = text.slice(open + 1, index);
    index += 1;
  }
}
