/**
 * Pure search over updates: normalised terms, the message extension's one-box query
 * ("OIM 10 traite" = agency IOM, objective 10, the word "traite"), filters and ranking, and an
 * in-memory inverted index that answers a search over thousands of updates in well under a
 * millisecond per word (see bench/search.bench.ts).
 */
import { GCM_OBJECTIVE_COUNT, UPDATE_KINDS, type UpdateDocument, type UpdateKind } from './model';

// Words too common to tell updates apart, in the network's two languages.
const STOP_WORDS = new Set(
  'le la les un une des de du d l et ou en au aux a à pour par sur dans avec sans ce ces cette son sa ses est sont the an and or of to in on for by with from at is are this that its'
    .split(' ')
    .map((word) => fold(word)),
);

/** Lower case, accents removed: "Études" and "etudes" are the same word. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The distinct search terms of a text, in order of first appearance. */
export function terms(value: string): string[] {
  const seen = new Set<string>();
  for (const word of fold(value).split(/[^a-z0-9]+/)) {
    if (word.length < 2 && !/^\d$/.test(word)) continue;
    if (STOP_WORDS.has(word)) continue;
    seen.add(word);
  }
  return [...seen];
}

/** Terms stored on an update document: what its title, summary, agency and kind are found by. */
export function updateTerms(update: Pick<UpdateDocument, 'title' | 'summary' | 'agencyCode' | 'kind'>): string[] {
  return [...new Set([...terms(update.title), ...terms(update.summary), fold(update.agencyCode), update.kind.toLowerCase()])];
}

export interface UpdateSearch {
  /** Every word must match (as a prefix of a term: the last one is often being typed). */
  readonly words: readonly string[];
  /** Any of these objectives; empty = all. */
  readonly objectives: readonly number[];
  readonly kinds: readonly UpdateKind[];
  readonly agencies: readonly string[];
  /** ISO instants, [from, to). */
  readonly from?: string;
  readonly to?: string;
}

export const EMPTY_SEARCH: UpdateSearch = { words: [], objectives: [], kinds: [], agencies: [] };

const KIND_WORDS: Readonly<Record<string, UpdateKind>> = {
  news: 'news',
  actualite: 'news',
  actualites: 'news',
  nouvelle: 'news',
  nouvelles: 'news',
  data: 'data',
  donnee: 'data',
  donnees: 'data',
  study: 'study',
  studies: 'study',
  etude: 'study',
  etudes: 'study',
  document: 'document',
  documents: 'document',
  event: 'event',
  events: 'event',
  evenement: 'event',
  evenements: 'event',
  alert: 'alert',
  alerts: 'alert',
  alerte: 'alert',
  alertes: 'alert',
};
const OBJECTIVE_WORDS = new Set(['objectif', 'objectifs', 'objective', 'objectives', 'obj', 'gcm', 'pmm']);

export interface AgencyAlias {
  readonly code: string;
  readonly name: { readonly fr: string; readonly en: string };
}

/**
 * The message extension has one text box: numbers 1–23 (alone, `#10`, `objectif 10`) pick
 * objectives, agency codes or short names (OIM, PNUD, UNHCR) pick agencies, kind words
 * (étude, data, alerte) pick kinds, and the rest are words to find.
 */
export function parseSearchText(text: string, agencies: readonly AgencyAlias[]): UpdateSearch {
  const aliases = new Map<string, string>();
  for (const agency of agencies) {
    for (const alias of [agency.code, agency.name.fr, agency.name.en]) {
      const key = fold(alias).replace(/[^a-z0-9]/g, '');
      if (key.length >= 2 && !/\s/.test(alias.trim())) aliases.set(key, agency.code);
    }
    aliases.set(fold(agency.code), agency.code);
  }
  const words: string[] = [];
  const objectives = new Set<number>();
  const kinds = new Set<UpdateKind>();
  const codes = new Set<string>();
  for (const raw of fold(text).split(/[^a-z0-9#]+/)) {
    const token = raw.replace(/^#/, '');
    if (token === '' || OBJECTIVE_WORDS.has(token)) continue;
    const objective = /^(?:o|obj)?(\d{1,2})$/.exec(token);
    if (objective && Number(objective[1]) >= 1 && Number(objective[1]) <= GCM_OBJECTIVE_COUNT) {
      objectives.add(Number(objective[1]));
      continue;
    }
    const agency = aliases.get(token);
    if (agency) {
      codes.add(agency);
      continue;
    }
    const kind = KIND_WORDS[token];
    if (kind) {
      kinds.add(kind);
      continue;
    }
    words.push(...terms(token));
  }
  return { words: [...new Set(words)], objectives: [...objectives].sort((a, b) => a - b), kinds: [...kinds], agencies: [...codes] };
}

/** What the index keeps of an update: enough to filter and rank, not the text itself. */
interface Entry {
  readonly id: string;
  readonly sharedAt: string;
  readonly kind: UpdateKind;
  readonly agencyCode: string;
  readonly objectives: readonly number[];
  readonly titleTerms: ReadonlySet<string>;
  readonly terms: readonly string[];
  readonly update: UpdateDocument;
}

export interface SearchHit {
  readonly id: string;
  readonly score: number;
}

export interface SearchPage {
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

/**
 * An inverted index of one network's updates: term → entries, plus the sorted list of terms
 * so a word finds every term it is a prefix of by binary search. Kept current by the service
 * on every write; rebuilt from the store when it may be stale.
 */
export class UpdateIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly postings = new Map<string, Set<string>>();
  private sortedTerms: string[] | undefined = [];

  get size(): number {
    return this.entries.size;
  }

  /** The indexed update with this document id. */
  get(id: string): UpdateDocument | undefined {
    return this.entries.get(id)?.update;
  }

  put(update: UpdateDocument): void {
    this.remove(update.id);
    const entry: Entry = {
      id: update.id,
      sharedAt: update.sharedAt,
      kind: update.kind,
      agencyCode: update.agencyCode,
      objectives: update.objectives,
      titleTerms: new Set(terms(update.title)),
      terms: update.terms,
      update,
    };
    this.entries.set(entry.id, entry);
    for (const term of entry.terms) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = new Set();
        this.postings.set(term, posting);
        this.sortedTerms = undefined;
      }
      posting.add(entry.id);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const term of entry.terms) {
      const posting = this.postings.get(term);
      posting?.delete(id);
      if (posting && posting.size === 0) {
        this.postings.delete(term);
        this.sortedTerms = undefined;
      }
    }
  }

  /** Best first (score, then most recent); `skip`/`limit` page through the ranked list. */
  search(query: UpdateSearch, page: { readonly skip?: number; readonly limit?: number } = {}): SearchPage {
    let candidates: Iterable<string> = this.entries.keys();
    const perWord: Set<string>[] = [];
    for (const word of query.words) {
      const matching = new Set<string>();
      for (const term of this.termsStartingWith(word)) for (const id of this.postings.get(term) ?? []) matching.add(id);
      if (matching.size === 0) return { total: 0, hits: [] };
      perWord.push(matching);
    }
    if (perWord.length > 0) {
      // Intersect starting from the smallest set: the rarest word bounds the work.
      perWord.sort((a, b) => a.size - b.size);
      const [smallest, ...others] = perWord as [Set<string>, ...Set<string>[]];
      candidates = [...smallest].filter((id) => others.every((set) => set.has(id)));
    }
    const hits: { id: string; score: number; sharedAt: string }[] = [];
    for (const id of candidates) {
      const entry = this.entries.get(id);
      if (!entry || !matchesFilters(entry, query)) continue;
      hits.push({ id, score: score(entry, query.words), sharedAt: entry.sharedAt });
    }
    hits.sort((a, b) => b.score - a.score || (a.sharedAt < b.sharedAt ? 1 : a.sharedAt > b.sharedAt ? -1 : 0) || (a.id < b.id ? -1 : 1));
    const skip = Math.max(0, page.skip ?? 0);
    const limit = Math.max(0, page.limit ?? 25);
    return { total: hits.length, hits: hits.slice(skip, skip + limit).map(({ id, score: value }) => ({ id, score: value })) };
  }

  private termsStartingWith(prefix: string): string[] {
    this.sortedTerms ??= [...this.postings.keys()].sort();
    const sorted = this.sortedTerms;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let index = low; index < sorted.length && (sorted[index] as string).startsWith(prefix); index += 1) found.push(sorted[index] as string);
    return found;
  }
}

export function matchesFilters(entry: Pick<Entry, 'kind' | 'agencyCode' | 'objectives' | 'sharedAt'>, query: UpdateSearch): boolean {
  if (query.kinds.length > 0 && !query.kinds.includes(entry.kind)) return false;
  if (query.agencies.length > 0 && !query.agencies.includes(entry.agencyCode)) return false;
  if (query.objectives.length > 0 && !entry.objectives.some((objective) => query.objectives.includes(objective))) return false;
  if (query.from !== undefined && entry.sharedAt < query.from) return false;
  if (query.to !== undefined && entry.sharedAt >= query.to) return false;
  return true;
}

/** A word found in the title counts more than one found in the summary; a whole word more than a prefix. */
function score(entry: Entry, words: readonly string[]): number {
  let total = 0;
  for (const word of words) {
    if (entry.titleTerms.has(word)) total += 4;
    else if ([...entry.titleTerms].some((term) => term.startsWith(word))) total += 3;
    else if (entry.terms.includes(word)) total += 2;
    else total += 1;
  }
  return total;
}

/** The naive way, kept as the benchmark's baseline: fold and scan every update's text per search. */
export function scanSearch(updates: readonly UpdateDocument[], query: UpdateSearch, limit = 25): string[] {
  const found = updates.filter((update) => {
    if (!matchesFilters(update, query)) return false;
    const text = fold(`${update.title} ${update.summary} ${update.agencyCode} ${update.kind}`);
    return query.words.every((word) => text.includes(word));
  });
  return found
    .sort((a, b) => (a.sharedAt < b.sharedAt ? 1 : -1))
    .slice(0, limit)
    .map((update) => update.id);
}

export const ALL_KINDS: readonly UpdateKind[] = UPDATE_KINDS;
