/**
 * Pure rules for sharing an update: what a valid update is. No SDK, no store: the service
 * passes the raw form values and the directory's agency codes.
 */
import { GCM_OBJECTIVE_COUNT, UPDATE_KINDS, type UpdateInput, type UpdateKind } from './model';
import type { UpdateProblem } from './errors';

export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const SUMMARY_MAX = 2000;
export const LINK_MAX = 2000;

/** The raw values of the form, the message action or the tab, before validation. */
export interface RawUpdate {
  readonly title?: unknown;
  readonly summary?: unknown;
  readonly link?: unknown;
  readonly kind?: unknown;
  readonly agencyCode?: unknown;
  /** An array of numbers or strings, or a ChoiceSet's comma-separated value ("3,10"). */
  readonly objectives?: unknown;
}

export type UpdateValidation = { readonly ok: true; readonly input: UpdateInput } | { readonly ok: false; readonly problems: readonly UpdateProblem[] };

// Control characters (except tab and newline) have no business in a title or summary; they
// could hide text in a card or break the report.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(CONTROL, '').trim() : '';
}

/**
 * An absolute http(s) URL, or undefined when it is not one. Everything else is refused:
 * `javascript:` and `data:` run or carry content in the reader's client, `ftp:` and `file:`
 * do not open in Teams, and relative or protocol-relative links point nowhere.
 */
export function safeLink(value: string): string | undefined {
  if (value.length > LINK_MAX || /\s/.test(value)) return undefined;
  if (!/^https?:\/\//i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // user:password@host hides the real host from a reader glancing at the link.
  if (url.username || url.password || url.hostname === '') return undefined;
  return url.toString();
}

/** "3, 10", ["3", 10], 7 → [3, 7, 10]; undefined when any value is not an objective 1–23. */
export function parseObjectives(value: unknown): number[] | undefined {
  if (value === undefined || value === null || value === '') return [];
  const parts: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;\s]+/).filter((part) => part !== '') : [value];
  const numbers = new Set<number>();
  for (const part of parts) {
    const number = typeof part === 'number' ? part : typeof part === 'string' && /^\d{1,2}$/.test(part.trim()) ? Number(part.trim()) : NaN;
    if (!Number.isInteger(number) || number < 1 || number > GCM_OBJECTIVE_COUNT) return undefined;
    numbers.add(number);
  }
  return [...numbers].sort((a, b) => a - b);
}

export function isUpdateKind(value: unknown): value is UpdateKind {
  return typeof value === 'string' && (UPDATE_KINDS as readonly string[]).includes(value);
}

/** Validates and normalises an update; every wrong field is reported at once. */
export function validateUpdate(raw: RawUpdate, agencyCodes: readonly string[]): UpdateValidation {
  const problems: UpdateProblem[] = [];
  const title = text(raw.title).replace(/\s+/g, ' ');
  if (title.length < TITLE_MIN || title.length > TITLE_MAX) problems.push('title');
  const summary = text(raw.summary);
  if (summary.length > SUMMARY_MAX) problems.push('summary');
  const rawLink = text(raw.link);
  const link = rawLink === '' ? undefined : safeLink(rawLink);
  if (rawLink !== '' && !link) problems.push('link');
  const kind = text(raw.kind);
  if (!isUpdateKind(kind)) problems.push('kind');
  const agencyCode = text(raw.agencyCode).toUpperCase();
  if (!agencyCodes.includes(agencyCode)) problems.push('agency');
  const objectives = parseObjectives(raw.objectives);
  if (!objectives) problems.push('objectives');
  if (problems.length > 0 || !isUpdateKind(kind) || !objectives) return { ok: false, problems };
  return { ok: true, input: { title, summary, ...(link ? { link } : {}), kind, agencyCode, objectives } };
}

/**
 * A chat message turned into a draft update (message action): its first line as the title,
 * the text as the summary, its first http(s) link. Teams sends message bodies as HTML.
 */
export function draftFromMessage(html: string): { title: string; summary: string; link?: string } {
  const links = [...html.matchAll(/href="([^"]+)"/gi)].map((match) => decodeEntities(match[1] ?? ''));
  const plain = decodeEntities(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h\d)>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(CONTROL, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
  const inText = plain.match(/https?:\/\/[^\s<>"]+/gi) ?? [];
  const link = [...links, ...inText].map((candidate) => safeLink(candidate)).find((candidate) => candidate !== undefined);
  const firstLine = (plain.split('\n')[0] ?? '').trim();
  const title = firstLine.length > TITLE_MAX ? `${firstLine.slice(0, TITLE_MAX - 1)}…` : firstLine;
  const summary = plain.length > SUMMARY_MAX ? `${plain.slice(0, SUMMARY_MAX - 1)}…` : plain;
  return { title, summary, ...(link ? { link } : {}) };
}

function decodeEntities(value: string): string {
  return value
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
