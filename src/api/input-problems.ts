/**
 * What is wrong with a request's input, said to a person: each problem names the field by its
 * label in the reader's language (never its code name, "deadline:") and says what to do.
 * Used where a request body fails its schema (src/api/http.ts).
 */
import type { z } from 'zod';
import { translate, type Language, type MessageKey } from '../i18n';

// The fields people fill in across the tab's forms and the API; any other is "a field".
const LABELLED_FIELDS = [
  'title', 'text', 'summary', 'question', 'comment', 'deadline', 'start', 'end', 'from', 'to', 'period', 'url', 'kind',
  'agencyCode', 'agencyRole', 'language', 'objectives', 'choices', 'options', 'name', 'email', 'response', 'position',
  'timeZone', 'location', 'agenda', 'documents', 'invitees', 'externalGuests', 'csv', 'year', 'format', 'purpose',
] as const;
export type LabelledField = (typeof LABELLED_FIELDS)[number];

function fieldLabel(path: readonly (string | number)[], language: Language): string {
  // The closest named part of the path: `agenda.2.title` is an agenda item's title.
  const named = [...path].reverse().find((part): part is LabelledField => typeof part === 'string' && (LABELLED_FIELDS as readonly string[]).includes(part));
  return translate(language, (named ? `input.field.${named}` : 'input.field.other') as MessageKey);
}

function problemText(issue: z.ZodIssue, language: Language): string {
  switch (issue.code) {
    case 'invalid_type':
      return translate(language, issue.received === 'undefined' || issue.received === 'null' ? 'input.problem.missing' : 'input.problem.invalid');
    case 'too_small':
      return translate(language, 'input.problem.tooSmall', { minimum: String(issue.minimum) });
    case 'too_big':
      return translate(language, 'input.problem.tooBig', { maximum: String(issue.maximum) });
    case 'invalid_enum_value':
      return translate(language, 'input.problem.oneOf', { options: issue.options.join(', ') });
    default:
      return translate(language, 'input.problem.invalid');
  }
}

/** The problems of a refused input, one phrase each, in the reader's language. */
export function inputProblems(issues: readonly z.ZodIssue[], language: Language): string {
  return issues.map((issue) => translate(language, 'input.problem', { field: fieldLabel(issue.path, language), problem: problemText(issue, language) })).join(translate(language, 'input.problem.separator'));
}

/** A text said later, in whoever reads it's language: a feature error's details. */
export type InReaderLanguage = (language: Language) => string;

/** Details given as a text (a name, a number) or as words said in the reader's language. */
export function detailsIn(details: string | InReaderLanguage, language: Language): string {
  return typeof details === 'string' ? details : details(language);
}

/** Several problems as one phrase each, joined as the schema's problems are. */
export function problemList(problems: readonly InReaderLanguage[]): InReaderLanguage {
  return (language) => problems.map((problem) => problem(language)).join(translate(language, 'input.problem.separator'));
}

/** An agency code that is not in the network's directory. */
export const unknownAgency =
  (agency: string): InReaderLanguage =>
  (language) =>
    translate(language, 'input.unknownAgency', { agency });

/**
 * One problem of a field a service refused, for a feature error's details: said later, in the
 * reader's language ("Titre : trop long ou trop grand (au plus 200)"), never as built in code.
 */
export function fieldProblem(
  field: LabelledField,
  problem: 'missing' | 'invalid' | 'tooSmall' | 'tooBig',
  values: { readonly minimum?: number; readonly maximum?: number } = {},
): (language: Language) => string {
  const bound = { minimum: String(values.minimum ?? ''), maximum: String(values.maximum ?? '') };
  return (language) => translate(language, 'input.problem', { field: translate(language, `input.field.${field}`), problem: translate(language, `input.problem.${problem}`, bound) });
}
