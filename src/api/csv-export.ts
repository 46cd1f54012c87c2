/**
 * Every CSV the app hands out goes through here. Spreadsheets run a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, even after leading spaces
 * (`  =HYPERLINK(...)`), so a member's display name or a decision title could run code on a
 * co-chair's machine (CSV injection). Such a cell is prefixed with an apostrophe, which
 * spreadsheets show as text and do not display.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

/** The cell as a spreadsheet will show it, never run it. */
export function defuseCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A CSV document: a header line, then one line per row, every cell defused. A UTF-8 byte order
 * mark first, so Excel opens French accents correctly.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  const cells = rows.map((row) => row.map((cell) => defuseCsvCell(cell === null || cell === undefined ? '' : String(cell))));
  return `\uFEFF${stringify([[...header], ...cells])}`;
}
