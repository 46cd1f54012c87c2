/**
 * npm run bench:search — the message extension's search with 5,000 updates in the store,
 * through the real service (rights check, one-box query parsing, the per-network index),
 * against the way without an index measured in the same run: read every update from the store
 * and scan its text (and, for scale, the same scan over updates already in memory).
 * Prints a table; the last line is one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startReseau } from '../src/main';
import { GUINEA_DEFAULT_AGENCIES } from '../src/network/default-directory';
import { UPDATE_KINDS, type UpdateDocument } from '../src/updates/model';
import { parseSearchText, scanSearch, updateTerms } from '../src/updates/search-rules';
import { UpdatesRepository } from '../src/updates/updates-repository';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 5000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 400);
const BASELINE_SEARCHES = Number(process.env.BENCH_BASELINE_SEARCHES ?? 60);
const NETWORK = 'gn';
/** The co-chair searching: NETWORK_ADMINS names people by tenant and Entra object id, never by email. */
const ADMIN = { aadObjectId: '0c3a1f5e-1111-4222-8333-944455566677', tenantId: '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f', email: 'rc.guinee@un.org' };

const WORDS = (
  'migration migrants retour volontaire réintégration traite personnes trafic frontières Conakry Kankan Boké Labé Nzérékoré diaspora transferts fonds ' +
  'données enquête étude rapport atelier formation protection enfants femmes jeunes emploi recrutement éthique santé éducation identité documents ' +
  'consulaire coopération sécurité vulnérabilité déplacement climat sécheresse inondation crise alerte évaluation profilage statistiques recensement'
).split(' ');
const QUERIES = ['traite', 'retour volontaire', 'OIM 10', 'données 21 HCR', 'frontières', 'étude migr', 'diaspora transferts', 'alerte inondation Kankan', 'objectif 7', 'rapp', 'UNICEF enfants', ''];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function seedUpdates(count: number): UpdateDocument[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const phrase = (length: number) => Array.from({ length }, () => pick(WORDS)).join(' ');
  return Array.from({ length: count }, (_, index) => {
    const input = {
      title: phrase(6 + Math.floor(next() * 6)),
      summary: phrase(30 + Math.floor(next() * 40)),
      kind: pick(UPDATE_KINDS),
      agencyCode: pick(GUINEA_DEFAULT_AGENCIES).code,
      objectives: [...new Set([1 + Math.floor(next() * 23), 1 + Math.floor(next() * 23)])].sort((a, b) => a - b),
    };
    const updateId = `bench-${index}`;
    return {
      id: `update:${updateId}`,
      networkId: NETWORK,
      type: 'migrationUpdate',
      updateId,
      ...input,
      link: `https://example.org/${index}`,
      sharedBy: { aadObjectId: ADMIN.aadObjectId, name: 'Bench' },
      sharedAt: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(),
      origin: 'tab',
      terms: updateTerms(input),
    };
  });
}

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

async function timed(runs: number, run: (query: string) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const query = QUERIES[index % QUERIES.length] as string;
    const start = process.hrtime.bigint();
    await run(query);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-bench-search-'));
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NETWORK_ADMINS: `${ADMIN.tenantId}/${ADMIN.aadObjectId}=cochair`, DIGEST_SCHEDULE: 'off' });
  const reseau = await startReseau(config, { logger: createLogger('silent', silent) });
  try {
    await reseau.membership.firstContact(NETWORK, { aadObjectId: ADMIN.aadObjectId, tenantId: ADMIN.tenantId, name: 'Bench', email: ADMIN.email, language: 'fr' });
    const updates = seedUpdates(UPDATES);
    const seedStart = Date.now();
    for (const update of updates) await reseau.store.create(update);
    console.log(`seeded ${UPDATES} updates in ${Date.now() - seedStart} ms (${reseau.store.kind})`);

    const indexStart = process.hrtime.bigint();
    const first = await reseau.updates.searchText(NETWORK, ADMIN.aadObjectId, 'traite');
    const indexBuildMs = Number(process.hrtime.bigint() - indexStart) / 1e6;
    if (first.total === 0) throw new Error('the bench data set should contain "traite"');

    const repository = new UpdatesRepository(reseau.store);
    // Warm both paths, then measure.
    await timed(50, (query) => reseau.updates.searchText(NETWORK, ADMIN.aadObjectId, query));
    const indexed = await timed(SEARCHES, (query) => reseau.updates.searchText(NETWORK, ADMIN.aadObjectId, query));
    const storeScan = await timed(BASELINE_SEARCHES, async (query) => scanSearch(await repository.list(NETWORK), parseSearchText(query, GUINEA_DEFAULT_AGENCIES)));
    const memoryScan = await timed(SEARCHES, (query) => scanSearch(updates, parseSearchText(query, GUINEA_DEFAULT_AGENCIES)));

    const rows = [
      ['indexed (service: rights + parse + index)', indexed],
      ['baseline: read all from store + scan', storeScan],
      ['baseline: scan in memory (no store read)', memoryScan],
    ] as const;
    console.log(`first search (builds the index from the store): ${round(indexBuildMs, 1)} ms`);
    for (const [name, samples] of rows) {
      console.log(`${name.padEnd(45)} p50 ${round(percentile([...samples], 50)).toString().padStart(8)} ms   p99 ${round(percentile([...samples], 99)).toString().padStart(8)} ms   (${samples.length} searches)`);
    }
    const p50 = percentile(indexed, 50);
    console.log(
      JSON.stringify({
        bench: 'search',
        updates: UPDATES,
        store: reseau.store.kind,
        searches: SEARCHES,
        p50_ms: round(p50),
        p99_ms: round(percentile(indexed, 99)),
        index_build_ms: round(indexBuildMs, 1),
        baseline_store_scan_p50_ms: round(percentile(storeScan, 50)),
        baseline_store_scan_p99_ms: round(percentile(storeScan, 99)),
        baseline_memory_scan_p50_ms: round(percentile(memoryScan, 50)),
        speedup_vs_store_scan_p50: round(percentile(storeScan, 50) / p50, 1),
        target_p50_ms: 50,
        meets_target: p50 < 50,
      }),
    );
  } finally {
    await reseau.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
