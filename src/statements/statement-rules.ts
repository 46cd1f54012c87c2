/**
 * Pure rules of joint statements (DESIGN.md §2): numbered versions, a word-level summary of
 * what changed between two versions, and ExCom clearance of one exact version through the
 * one-voice-per-agency machinery of src/agency-voices. No SDK, no store.
 */
import type { VoiceRound } from '../agency-voices/model';
import { currentVoices, tally, type Voice, type VoiceRecord, type VoiceSummary } from '../agency-voices/voice-rules';
import { nextDue } from '../scheduling/reminders';
import { dueInstant } from '../scheduling/instants';

export type ClearancePosition = 'approve' | 'requestChanges';
export const CLEARANCE_POSITIONS: readonly ClearancePosition[] = ['approve', 'requestChanges'];
/** A request for changes says which changes (DESIGN.md §2). */
export const COMMENT_REQUIRED_FOR: ReadonlySet<ClearancePosition> = new Set(['requestChanges']);

// ---- word diff ------------------------------------------------------------------------------

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  /** A few changed passages, each bounded, for the card: `-old words` / `+new words`. */
  readonly excerpts: readonly { readonly kind: 'added' | 'removed'; readonly text: string }[];
  /** More changed passages than shown. */
  readonly truncated: boolean;
}

export const MAX_DIFF_EXCERPTS = 6;
export const MAX_EXCERPT_CHARS = 160;
// The LCS table is words × words; past this many cells the diff falls back to a coarse
// "everything after the common prefix and suffix changed", which stays correct in counts.
const MAX_LCS_CELLS = 4_000_000;

const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== '');

type Op = { readonly kind: 'same' | 'added' | 'removed'; readonly word: string };

/** The edit script from `before` to `after`, word by word (longest common subsequence). */
export function wordDiff(before: string, after: string): Op[] {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head: Op[] = a.slice(0, start).map((word) => ({ kind: 'same', word }));
  const tail: Op[] = a.slice(endA).map((word) => ({ kind: 'same', word }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_LCS_CELLS) {
    return [...head, ...midA.map((word): Op => ({ kind: 'removed', word })), ...midB.map((word): Op => ({ kind: 'added', word })), ...tail];
  }
  // lcs[i][j] = length of the LCS of midA[i..] and midB[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const middle: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (midA[i] === midB[j]) {
      middle.push({ kind: 'same', word: midA[i]! });
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      middle.push({ kind: 'removed', word: midA[i]! });
      i += 1;
    } else {
      middle.push({ kind: 'added', word: midB[j]! });
      j += 1;
    }
  }
  while (i < n) middle.push({ kind: 'removed', word: midA[i++]! });
  while (j < m) middle.push({ kind: 'added', word: midB[j++]! });
  return [...head, ...middle, ...tail];
}

/** "+N words, −M words" and a few bounded excerpts of the changed passages. */
export function diffSummary(before: string, after: string): DiffSummary {
  const ops = wordDiff(before, after);
  const runs: { kind: 'added' | 'removed'; words: string[] }[] = [];
  ops.forEach((op, index) => {
    if (op.kind === 'same') return;
    const last = runs.at(-1);
    if (last && last.kind === op.kind && ops[index - 1]?.kind === op.kind) last.words.push(op.word);
    else runs.push({ kind: op.kind, words: [op.word] });
  });
  const added = ops.filter((op) => op.kind === 'added').length;
  const removed = ops.filter((op) => op.kind === 'removed').length;
  return {
    added,
    removed,
    excerpts: runs.slice(0, MAX_DIFF_EXCERPTS).map((entry) => ({ kind: entry.kind, text: bounded(entry.words.join(' ')) })),
    truncated: runs.length > MAX_DIFF_EXCERPTS,
  };
}

function bounded(text: string): string {
  return text.length <= MAX_EXCERPT_CHARS ? text : `${text.slice(0, MAX_EXCERPT_CHARS - 1)}…`;
}

/** The changes between two versions, over both languages (a language absent on one side counts whole). */
export function versionChanges(before: { fr?: string; en?: string }, after: { fr?: string; en?: string }): DiffSummary {
  const parts = (['fr', 'en'] as const).map((language) => diffSummary(before[language] ?? '', after[language] ?? ''));
  const excerpts = parts.flatMap((part) => part.excerpts);
  return {
    added: parts.reduce((sum, part) => sum + part.added, 0),
    removed: parts.reduce((sum, part) => sum + part.removed, 0),
    excerpts: excerpts.slice(0, MAX_DIFF_EXCERPTS),
    truncated: excerpts.length > MAX_DIFF_EXCERPTS || parts.some((part) => part.truncated),
  };
}

// ---- bilingual texts (issue 15 item 8) ------------------------------------------------------

export type StatementLanguage = 'fr' | 'en';
/** The order both versions are shown in: the network's language first. */
export const STATEMENT_LANGUAGES: readonly StatementLanguage[] = ['fr', 'en'];
/** The network works in French first (DESIGN.md §1): a text stored without a language is French. */
export const NETWORK_LANGUAGE: StatementLanguage = 'fr';

type BilingualText = { readonly fr?: string; readonly en?: string };

/**
 * A version's text as stored, read per language. Statements from before texts were kept per
 * language stored one string: it counts as the network's language.
 */
export function textByLanguage(stored: unknown, networkLanguage: StatementLanguage = NETWORK_LANGUAGE): BilingualText {
  if (typeof stored === 'string') return stored.trim() === '' ? {} : { [networkLanguage]: stored };
  if (!stored || typeof stored !== 'object') return {};
  const text = stored as Record<string, unknown>;
  return Object.fromEntries(STATEMENT_LANGUAGES.flatMap((language) => (typeof text[language] === 'string' && text[language] !== '' ? [[language, text[language]]] : [])));
}

/**
 * The languages a statement is cleared and published in: those its request named, or — for a
 * request that named none (the API without `languages`, statements from before) — the network's.
 */
export function requiredLanguages(statement: { readonly languages?: readonly string[] }): StatementLanguage[] {
  const named = STATEMENT_LANGUAGES.filter((language) => statement.languages?.includes(language));
  return named.length > 0 ? named : [NETWORK_LANGUAGE];
}

/** The languages a version still lacks before it can go to clearance (none: it may be submitted). */
export function missingLanguages(text: BilingualText, required: readonly StatementLanguage[]): StatementLanguage[] {
  return required.filter((language) => (text[language] ?? '').trim() === '');
}

/** One passage of a full diff: words unchanged, added or removed, in reading order. */
export interface DiffSegment {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
}

/** The whole edit script as passages (consecutive words of one kind joined by a space), for the tab. */
export function diffSegments(before: string, after: string): DiffSegment[] {
  const segments: { kind: DiffSegment['kind']; words: string[] }[] = [];
  for (const op of wordDiff(before, after)) {
    const last = segments.at(-1);
    if (last && last.kind === op.kind) last.words.push(op.word);
    else segments.push({ kind: op.kind, words: [op.word] });
  }
  return segments.map((segment) => ({ kind: segment.kind, text: segment.words.join(' ') }));
}

/** What changed in each language between two versions; a language absent on both sides is left out. */
export function diffByLanguage(before: BilingualText, after: BilingualText): Partial<Record<StatementLanguage, DiffSummary>> {
  return Object.fromEntries(
    STATEMENT_LANGUAGES.flatMap((language) => (before[language] === undefined && after[language] === undefined ? [] : [[language, diffSummary(before[language] ?? '', after[language] ?? '')]])),
  );
}

/** The passages of each language between two versions (the tab's full diff); absent on both sides: left out. */
export function segmentsByLanguage(before: BilingualText, after: BilingualText): Partial<Record<StatementLanguage, DiffSegment[]>> {
  return Object.fromEntries(
    STATEMENT_LANGUAGES.flatMap((language) => (before[language] === undefined && after[language] === undefined ? [] : [[language, diffSegments(before[language] ?? '', after[language] ?? '')]])),
  );
}

/** Why a reader is shown the changes from one version: what their agency last cleared, the previous round, or the previous version. */
export type DiffBaseReason = 'yourAgency' | 'previousRound' | 'previousVersion';

/** The versions an ExCom agency gave a voice on: the latest, and the one before it. */
export interface VoicedVersions {
  readonly latest: number;
  readonly previous?: number;
}

/** After an agency's voice on `version`: the version before it is remembered as what it last saw. */
export function withVoicedVersion(voiced: Readonly<Record<string, VoicedVersions>> | undefined, agencyCode: string, version: number): Record<string, VoicedVersions> {
  const current = voiced?.[agencyCode];
  if (current?.latest === version) return { ...voiced };
  return { ...voiced, [agencyCode]: current ? { latest: version, previous: current.latest } : { latest: version } };
}

/**
 * The version a reader compares `shown` with: the one their agency last gave a voice on before
 * it (an ExCom representative), else the version submitted in the round before (everyone
 * reading the clearance), else the version just before. Undefined for a first version.
 */
export function diffBase(
  statement: { readonly versions: readonly { readonly number: number }[]; readonly clearance?: { readonly version: number; readonly previousVersion?: number }; readonly voicedVersions?: Readonly<Record<string, VoicedVersions>> },
  shown: number,
  agencyCode?: string,
): { readonly version: number; readonly reason: DiffBaseReason } | undefined {
  const exists = (number: number | undefined): number is number => number !== undefined && number < shown && statement.versions.some((version) => version.number === number);
  const voiced = agencyCode ? statement.voicedVersions?.[agencyCode] : undefined;
  const agencySaw = voiced?.latest === shown ? voiced.previous : voiced?.latest;
  if (exists(agencySaw)) return { version: agencySaw, reason: 'yourAgency' };
  const round = statement.clearance?.version === shown ? statement.clearance.previousVersion : undefined;
  if (exists(round)) return { version: round, reason: 'previousRound' };
  const before = statement.versions.filter((version) => version.number < shown).at(-1);
  return before ? { version: before.number, reason: 'previousVersion' } : undefined;
}

// ---- clearance ------------------------------------------------------------------------------

export interface ClearanceState {
  readonly version: number;
  readonly approved: readonly string[];
  readonly changesRequested: readonly string[];
  readonly pending: readonly string[];
  /** Each agency's voice that counts (its latest on this version). */
  readonly voices: ReadonlyMap<string, Voice<ClearancePosition>>;
  /** Every ExCom agency approved this version. */
  readonly validated: boolean;
}

/**
 * The clearance of one version from the records of that version only (one per agency):
 * validated iff every ExCom agency's current voice on it is `approve`.
 */
export function clearanceState(version: number, excomAgencies: readonly string[], records: readonly VoiceRecord<ClearancePosition>[]): ClearanceState {
  const agencies = new Set(excomAgencies);
  const merged: VoiceRecord<ClearancePosition> = { history: records.flatMap((record) => record.history) };
  const counted = tally(merged, agencies, CLEARANCE_POSITIONS);
  return {
    version,
    approved: counted.byPosition.approve,
    changesRequested: counted.byPosition.requestChanges,
    pending: counted.pending,
    voices: currentVoices(merged, agencies),
    validated: agencies.size > 0 && counted.byPosition.approve.length === agencies.size,
  };
}

export type ClearRefusal = 'notInClearance' | 'staleVersion';

/** May a clearance of `version` be recorded now? Only on the version under clearance. */
export function clearanceOpenFor(statement: { status: string; clearance?: { version: number } }, version: number): ClearRefusal | undefined {
  if (statement.status !== 'clearance' || !statement.clearance) return 'notInClearance';
  if (statement.clearance.version !== version) return 'staleVersion';
  return undefined;
}

/** Where the clearances of one version are kept, one document per agency (src/agency-voices/). */
export function clearanceRound(networkId: string, statementId: string, version: number): VoiceRound {
  return { networkId, kind: 'statement', subjectId: statementId, round: version };
}

// ---- the clearance summary and stale cards --------------------------------------------------

interface SummarisedStatement {
  readonly status: string;
  readonly clearance?: { readonly version: number; readonly excomAgencies: readonly string[]; readonly deadline: string; readonly reminderOffsetsMinutes: readonly number[]; readonly remindersSent: readonly number[] };
  readonly agencyVoices?: VoiceSummary<ClearancePosition>;
  readonly clearanceRevision?: number;
  readonly clearanceVoices?: { readonly version: number; readonly voices: readonly Voice<ClearancePosition>[] };
  readonly cardsStaleSince?: string;
  readonly dueAt?: string;
}

/** The statement's summary of clearances (one written before the agency-voices slice read under its former names). */
export function clearanceSummary(statement: SummarisedStatement): VoiceSummary<ClearancePosition> | undefined {
  if (statement.agencyVoices) return statement.agencyVoices;
  const legacy = statement.clearanceVoices;
  return legacy ? { round: legacy.version, revision: statement.clearanceRevision ?? 0, voices: legacy.voices } : undefined;
}

/** The statement with `summary` (the former names dropped). */
export function withClearanceSummary<T extends SummarisedStatement>(statement: T, summary: VoiceSummary<ClearancePosition>): T {
  const { clearanceVoices: _voices, clearanceRevision: _revision, ...rest } = statement;
  return { ...rest, agencyVoices: summary } as T;
}

/** The clearance state the summary on the statement gives (no other document read). */
export function summarisedClearanceState(statement: SummarisedStatement): ClearanceState | undefined {
  const clearance = statement.clearance;
  if (!clearance) return undefined;
  const summary = clearanceSummary(statement);
  return clearanceState(clearance.version, clearance.excomAgencies, [{ history: summary?.round === clearance.version ? summary.voices : [] }]);
}

/**
 * How long the scheduler leaves stale cards to the background refresh (which starts right
 * after the clearance's turn) before doing it itself: only a crash or a shutdown leaves them that long.
 */
export const CARDS_STALE_GRACE_MS = 5_000;

/** The next reminder to send in the round, when one is left before the deadline. */
export function reminderDueAt(statement: SummarisedStatement): string | undefined {
  const clearance = statement.clearance;
  if (statement.status !== 'clearance' || !clearance) return undefined;
  const left = clearance.reminderOffsetsMinutes.filter((minutes) => !clearance.remindersSent.includes(minutes));
  if (left.length === 0) return undefined;
  const next = nextDue(clearance.deadline, left, []);
  // Only reminders are scheduled: past the deadline the round stays open, without more reminders.
  return Date.parse(next) < Date.parse(clearance.deadline) ? next : undefined;
}

/** When the scheduler must look at the statement next: a reminder or stale cards, whichever first. */
export function statementDueAt(statement: SummarisedStatement): string | undefined {
  const reminder = reminderDueAt(statement);
  if (!statement.cardsStaleSince) return reminder;
  const stale = dueInstant(Date.parse(statement.cardsStaleSince) + CARDS_STALE_GRACE_MS);
  return reminder === undefined || Date.parse(stale) < Date.parse(reminder) ? stale : reminder;
}

/** The statement with `dueAt` set from what is left to do (absent when nothing is). */
export function withDue<T extends SummarisedStatement>(statement: T): T {
  const { dueAt: _dueAt, ...rest } = statement;
  const due = statementDueAt(statement);
  return (due === undefined ? rest : { ...rest, dueAt: due }) as T;
}

/** Marked in the clearance's own write: the copies of the cards are behind (first instant kept). */
export function markCardsStale<T extends SummarisedStatement>(statement: T, now: Date): T {
  return withDue({ ...statement, cardsStaleSince: statement.cardsStaleSince ?? now.toISOString() });
}

/** Every copy of the cards shows this version of the statement. */
export function markCardsFresh<T extends SummarisedStatement>(statement: T): T {
  const { cardsStaleSince: _stale, ...rest } = statement;
  return withDue(rest as T);
}

/** The next version number and what changed from the latest one. */
export function nextVersion(versions: readonly { number: number; text: { fr?: string; en?: string } }[], text: { fr?: string; en?: string }): { number: number; changes?: DiffSummary } {
  const last = versions.at(-1);
  if (!last) return { number: 1 };
  return { number: last.number + 1, changes: versionChanges(last.text, text) };
}

// ---- Markdown export ------------------------------------------------------------------------

// Characters that start inline markup anywhere: code, emphasis, links and images, HTML and
// autolinks, tables, strikethrough, entities (`&lt;` would show as `<`), and the escape itself.
const MARKDOWN_INLINE = /[\\`*_[\]<>|~&]/g;
const NBSP = '\u00A0';

/** One line of user text (a title) as Markdown: inline markup escaped, line breaks as spaces. */
export function markdownInline(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(MARKDOWN_INLINE, '\\$&');
}

/**
 * User text as Markdown that renders as typed: nothing in it can change the document's
 * structure. Inline markup is escaped everywhere; at the start of a line, after the indentation,
 * so are ATX headings (`#`), quotes (`>`), list markers (`-`, `+`, `*`, `1.`, `1)`), setext
 * underlines (`===`, `---`: under a line of text they would turn it into a heading) and thematic
 * breaks (`***`, `___`, `---`); fenced code (```, ~~~) and HTML blocks (`<div>`) start with an
 * escaped character. Indentation becomes no-break spaces, which still indent the text but never
 * make an indented code block. Lines of one paragraph end with a hard break, as typed.
 */
export function markdownText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines
    .map((line, index) => {
      if (line.trim() === '') return '';
      let out = line.replace(MARKDOWN_INLINE, '\\$&');
      out = out.replace(/^[ \t]+/, (indent) => NBSP.repeat(indent.replace(/\t/g, '    ').length));
      out = out.replace(/^(\u00A0*)([#>+=-])/, '$1\\$2').replace(/^(\u00A0*\d+)([.)])/, '$1\\$2');
      const next = lines[index + 1];
      return next !== undefined && next.trim() !== '' ? `${out}  ` : out;
    })
    .join('\n');
}
