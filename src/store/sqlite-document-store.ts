/**
 * The embedded adapter: one SQLite file under the data directory, so a local run or a small
 * deployment needs no Azure resource. better-sqlite3 is synchronous; each call is short (one
 * indexed statement), so wrapping it in async methods keeps the port's shape without a worker.
 *
 * Documents are JSON in one table indexed by (network, id) and (network, type). A query on a
 * field would read every document of its type in the partition; the declared indexes
 * (`indexes`, see DeclaredIndex) are partial expression indexes on
 * `json_extract(body, '$.<path>')` after (network, type), holding only the rows of their type:
 * a lookup on those fields reads only the matching rows, and a write touches only the indexes
 * of its own type (each index a write touches is pages written and checkpointed). SQLite only
 * uses an expression index when the query spells the very same expression, and a partial one
 * when the query's WHERE implies the index's, hence JSON paths and indexed types are written
 * into the query text as literals (safe: FIELD_PATH_PATTERN and INDEXED_TYPE_PATTERN admit no
 * quote).
 *
 * A document with a `ttl` gets an expiry time (`expires_at`, epoch ms, this store's clock) at
 * each write; every read and conditional write treats a row past it as absent, a create may
 * take its id, and `purgeExpired` deletes such rows in batches (Cosmos DB's TTL, the same rule).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  MAX_DOCUMENT_BYTES,
  assertStorableDocument,
  assertValidIndex,
  assertValidQuery,
  FIELD_PATH_PATTERN,
  projectedFields,
  type CountQuery,
  type DocumentQuery,
  type DeclaredIndex,
  type DocumentStore,
  type QueryCondition,
  type ScalarValue,
  type StoredDocument,
  type Versioned,
} from './document-store';
import { StoreConflictError, StoreError, StoreNotFoundError } from './errors';

export type SqliteDocumentStoreOptions = (
  | { readonly dataDir: string; readonly fileName: string; readonly busyTimeoutMs?: number }
  /** A private in-memory database, gone when closed: for tests that need no file. */
  | { readonly inMemory: true }
) & {
  /**
   * Secondary indexes to keep, created when missing each time the file is opened (so a file
   * written before an index was declared gets it, built over the documents already there).
   */
  readonly indexes?: readonly DeclaredIndex[];
  /** The clock `ttl` is counted on (epoch ms); tests move it by hand. */
  readonly now?: () => number;
};

/** The table's own indexes (by type, by expiry): every other "documents_by_…" is a field index from before typed ones. */
const KEPT_UNTYPED_INDEXES: ReadonlySet<string> = new Set(['documents_by_type', 'documents_by_expiry']);

/**
 * Bumped when the table layout changes, so a later version can migrate an older file. 2: the
 * `expires_at` column (document ttl). A version that knows only 1 would ignore expiry and keep
 * a re-written document's old expiry, so it refuses a file at 2.
 */
const SCHEMA_VERSION = 2;

// A row is live while it has no expiry or its expiry is still ahead (@now bound by each caller).
const LIVE = '(expires_at IS NULL OR expires_at > @now)';

// Statement texts vary only with the query's shape (operators, paths count, an indexed type), which code fixes;
// the bound keeps a runaway caller from growing the cache without limit all the same.
const MAX_CACHED_STATEMENTS = 256;

interface Row {
  readonly id: string;
  readonly etag: string;
  readonly body: string;
}

type Parameters = Record<string, string | number | null>;

export class SqliteDocumentStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Types some declared index covers: their queries name the type as a literal (see above). */
  private readonly indexedTypes: ReadonlySet<string>;
  private readonly now: () => number;
  private closed = false;

  constructor(options: SqliteDocumentStoreOptions) {
    this.now = options.now ?? (() => Date.now());
    if ('inMemory' in options) {
      this.db = new Database(':memory:');
    } else {
      mkdirSync(options.dataDir, { recursive: true });
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      this.db = new Database(path.join(options.dataDir, options.fileName), {
        timeout: busyTimeoutMs,
      });
      // WAL lets readers run while one writer commits (several server processes may share the
      // file); NORMAL is durable across application crashes under WAL and much faster than FULL.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // Wait for another process's write lock instead of failing at once with SQLITE_BUSY.
      this.db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    }
    this.indexedTypes = new Set((options.indexes ?? []).map((index) => index.type));
    try {
      this.migrate(options.indexes ?? []);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async get<T extends StoredDocument>(networkId: string, id: string): Promise<Versioned<T> | undefined> {
    const row = this.statement(`SELECT id, etag, body FROM documents WHERE network_id = @networkId AND id = @id AND ${LIVE}`).get({ networkId, id, now: this.now() }) as
      | Row
      | undefined;
    return row ? toVersioned<T>(row) : undefined;
  }

  async create<T extends StoredDocument>(document: T): Promise<Versioned<T>> {
    const { body, etag, expiresAt, now } = this.prepareWrite(document);
    // An expired row not purged yet is absent to readers: a create takes its id.
    const result = this.statement(
      `INSERT INTO documents (network_id, id, type, etag, body, expires_at) VALUES (@networkId, @id, @type, @etag, @body, @expiresAt)
       ON CONFLICT (network_id, id) DO UPDATE SET type = excluded.type, etag = excluded.etag, body = excluded.body, expires_at = excluded.expires_at
       WHERE NOT ${LIVE.replaceAll('expires_at', 'documents.expires_at')}`,
    ).run({ networkId: document.networkId, id: document.id, type: document.type, etag, body, expiresAt, now });
    if (result.changes === 0) {
      throw new StoreConflictError(
        'already_exists',
        `Cannot create document "${document.id}" in network "${document.networkId}": that id is already taken.`,
      );
    }
    return writtenVersion<T>(body, etag);
  }

  async replace<T extends StoredDocument>(document: T, ifMatch: string): Promise<Versioned<T>> {
    const { body, etag, expiresAt, now } = this.prepareWrite(document);
    const update = this.statement(
      `UPDATE documents SET type = @type, etag = @etag, body = @body, expires_at = @expiresAt
       WHERE network_id = @networkId AND id = @id AND etag = @ifMatch AND ${LIVE}`,
    );
    const parameters = { type: document.type, etag, body, expiresAt, networkId: document.networkId, id: document.id, ifMatch, now };
    // The usual case, one statement in its own implicit transaction: an explicit BEGIN IMMEDIATE …
    // COMMIT around it cost twice the update itself under a burst (issue 13).
    const outcome =
      update.run(parameters).changes > 0
        ? 'replaced'
        : // Nothing changed: again in one transaction, so the "why" lookup sees the same state as the update.
          this.db
            .transaction(() => {
              if (update.run(parameters).changes > 0) return 'replaced';
              return this.exists(document.networkId, document.id, now) ? 'etag_mismatch' : 'not_found';
            })
            .immediate();
    if (outcome === 'not_found') {
      throw new StoreNotFoundError(
        `Cannot replace document "${document.id}" in network "${document.networkId}": it does not exist (deleted meanwhile?).`,
      );
    }
    if (outcome === 'etag_mismatch') {
      throw new StoreConflictError(
        'etag_mismatch',
        `Cannot replace document "${document.id}" in network "${document.networkId}": it changed since it was read.`,
      );
    }
    return writtenVersion<T>(body, etag);
  }

  async upsert<T extends StoredDocument>(document: T): Promise<Versioned<T>> {
    const { body, etag, expiresAt } = this.prepareWrite(document);
    this.statement(
      `INSERT INTO documents (network_id, id, type, etag, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (network_id, id) DO UPDATE SET type = excluded.type, etag = excluded.etag, body = excluded.body, expires_at = excluded.expires_at`,
    ).run(document.networkId, document.id, document.type, etag, body, expiresAt);
    return writtenVersion<T>(body, etag);
  }

  async delete(networkId: string, id: string, ifMatch?: string): Promise<void> {
    this.assertOpen();
    const now = this.now();
    const outcome = this.db
      .transaction(() => {
        const result =
          ifMatch === undefined
            ? this.statement(`DELETE FROM documents WHERE network_id = @networkId AND id = @id AND ${LIVE}`).run({ networkId, id, now })
            : this.statement(`DELETE FROM documents WHERE network_id = @networkId AND id = @id AND etag = @ifMatch AND ${LIVE}`).run({ networkId, id, ifMatch, now });
        if (result.changes > 0) return 'deleted';
        return this.exists(networkId, id, now) ? 'etag_mismatch' : 'not_found';
      })
      .immediate();
    if (outcome === 'not_found') {
      throw new StoreNotFoundError(`Cannot delete document "${id}" in network "${networkId}": it does not exist.`);
    }
    if (outcome === 'etag_mismatch') {
      throw new StoreConflictError(
        'etag_mismatch',
        `Cannot delete document "${id}" in network "${networkId}": it changed since it was read.`,
      );
    }
  }

  async query<T extends StoredDocument>(networkId: string, query: DocumentQuery): Promise<Versioned<T>[]> {
    const { sql, parameters } = querySql(networkId, query, this.indexedTypes, this.now());
    const rows = this.statement(sql).all(parameters) as Row[];
    return rows.map((row) => toVersioned<T>(row));
  }

  async count(networkId: string, query: CountQuery): Promise<number> {
    const { sql, parameters } = querySql(networkId, { type: query.type, ...(query.where ? { where: query.where } : {}) }, this.indexedTypes, this.now(), 'COUNT(*) AS count');
    return (this.statement(sql).get(parameters) as { count: number }).count;
  }

  /**
   * How SQLite would run `query` (EXPLAIN QUERY PLAN, one line per step, e.g. "SEARCH documents
   * USING INDEX …"): for tests and operators checking that a lookup is served by an index.
   */
  explainQuery(networkId: string, query: DocumentQuery): string[] {
    const { sql, parameters } = querySql(networkId, query, this.indexedTypes, this.now());
    const steps = this.statement(`EXPLAIN QUERY PLAN ${sql}`).all(parameters) as { detail: string }[];
    return steps.map((step) => step.detail);
  }

  async purgeExpired(networkId: string, limit: number): Promise<number> {
    // Served by documents_by_expiry: finds the expired rows without reading the live ones.
    const result = this.statement(
      `DELETE FROM documents WHERE rowid IN (SELECT rowid FROM documents WHERE network_id = ? AND expires_at <= ? LIMIT ?)`,
    ).run(networkId, this.now(), Math.max(1, Math.trunc(limit)));
    return result.changes;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  private migrate(indexes: readonly DeclaredIndex[]): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        network_id TEXT NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (network_id, id)
      );
      CREATE INDEX IF NOT EXISTS documents_by_type ON documents (network_id, type);
    `);
    // Schema 2: the expiry of a document with a ttl (NULL = none). Added to a file written by
    // schema 1, whose documents have none.
    const columns = this.db.pragma('table_info(documents)') as { name: string }[];
    if (!columns.some((column) => column.name === 'expires_at')) this.db.exec('ALTER TABLE documents ADD COLUMN expires_at INTEGER');
    this.db.exec('CREATE INDEX IF NOT EXISTS documents_by_expiry ON documents (network_id, expires_at) WHERE expires_at IS NOT NULL');
    // Files from before typed indexes have field indexes over every row ("documents_by_<paths>"):
    // their upkeep cost every write of any type. The typed ones below replace them.
    const untyped = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND name LIKE 'documents_by_%'`).all() as { name: string }[];
    for (const { name } of untyped) {
      if (!KEPT_UNTYPED_INDEXES.has(name)) this.db.exec(`DROP INDEX IF EXISTS "${name.replace(/"/g, '""')}"`);
    }
    // A typed index no longer declared (its lookup changed) only costs its type's writes: gone.
    const declaredNames = new Set(indexes.map((index) => `documents_${index.type}_by_${index.paths.join('+')}`));
    const typed = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND name LIKE 'documents\\_%\\_by\\_%' ESCAPE '\\' AND name NOT LIKE 'documents_by_%'`).all() as { name: string }[];
    for (const { name } of typed) {
      if (!declaredNames.has(name)) this.db.exec(`DROP INDEX IF EXISTS "${name.replace(/"/g, '""')}"`);
    }
    // Additive and harmless to an older version of Réseau (it keeps them up to date without
    // knowing, and answers the same without one it declared), so declaring one needs no schema
    // version bump.
    for (const index of indexes) {
      assertValidIndex(index);
      const expressions = index.paths.map((fieldPath) => `json_extract(body, ${jsonPathLiteral(fieldPath)})`);
      this.db.exec(
        `CREATE INDEX IF NOT EXISTS "documents_${index.type}_by_${index.paths.join('+')}" ON documents (network_id, type, ${expressions.join(', ')}) WHERE type = '${index.type}'`,
      );
    }
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'unavailable',
        `The SQLite file was written by a newer version of Réseau (schema ${version}, this one knows ${SCHEMA_VERSION}).`,
      );
    }
    if (version < SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  private prepareWrite(document: StoredDocument): { body: string; etag: string; expiresAt: number | null; now: number } {
    this.assertOpen();
    assertStorableDocument(document);
    const body = JSON.stringify(document);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new StoreError(
        'too_large',
        `Document "${document.id}" is ${bytes} bytes as JSON; the store accepts at most ${MAX_DOCUMENT_BYTES}.`,
      );
    }
    const now = this.now();
    return { body, etag: randomUUID(), expiresAt: document.ttl === undefined ? null : now + document.ttl * 1000, now };
  }

  private exists(networkId: string, id: string, now: number): boolean {
    return this.statement(`SELECT 1 FROM documents WHERE network_id = @networkId AND id = @id AND ${LIVE}`).get({ networkId, id, now }) !== undefined;
  }

  private statement(sql: string): Database.Statement {
    this.assertOpen();
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('unavailable', 'The SQLite document store is closed.');
  }
}

/**
 * The version a write stored. Its document is parsed from the JSON written (a copy, so the
 * caller's object and the store's never share state, as with a read) only when first read:
 * most writers keep just the ETag, and that parse was a whole copy of the document per write —
 * an ExCom position's agency record, for one (issue 13).
 */
function writtenVersion<T extends StoredDocument>(body: string, etag: string): Versioned<T> {
  let document: T | undefined;
  return {
    etag,
    get document(): T {
      return (document ??= JSON.parse(body) as T);
    },
  };
}

function toVersioned<T extends StoredDocument>(row: Row): Versioned<T> {
  return { document: JSON.parse(row.body) as T, etag: row.etag };
}

/**
 * The SQL of `query` (the same for running and explaining it), live rows only at `now`;
 * `selected` replaces the columns a document is read from (a count).
 */
function querySql(networkId: string, query: DocumentQuery, indexedTypes: ReadonlySet<string>, now: number, selected?: string): { sql: string; parameters: Parameters } {
  assertValidQuery(query);
  const parameters: Parameters = { networkId, now };
  // A type some partial index covers is spelled as a literal (it passed INDEXED_TYPE_PATTERN
  // when declared), so SQLite can see that the query's rows are the index's.
  const typeClause = indexedTypes.has(query.type) ? `type = '${query.type}'` : 'type = @type';
  if (!indexedTypes.has(query.type)) parameters.type = query.type;
  const clauses = ['network_id = @networkId', typeClause, LIVE];
  (query.where ?? []).forEach((condition, index) => clauses.push(conditionSql(condition, index, parameters)));
  let sql = `SELECT ${selected ?? `id, etag, ${query.fields ? projectionSql(query.fields) : 'body'} AS body`} FROM documents WHERE ${clauses.join(' AND ')}`;
  if (query.orderBy) {
    // The id tie-break makes equal keys come back in a stable order from one call to the next.
    sql += ` ORDER BY json_extract(body, ${jsonPathLiteral(query.orderBy.path)}) ${query.orderBy.direction === 'desc' ? 'DESC' : 'ASC'}, id ASC`;
  }
  if (query.limit !== undefined) {
    parameters.limit = query.limit;
    sql += ' LIMIT @limit';
  }
  return { sql, parameters };
}

/**
 * A JSON object of the listed top-level members of `body`, built in SQLite so the rest of a
 * large document is neither copied out nor parsed. json_each turns JSON true/false into 1/0,
 * hence the CASE. Names are literals that passed FIELD_NAME_PATTERN (checked by assertValidQuery).
 */
function projectionSql(fields: readonly string[]): string {
  const names = projectedFields(fields).map((field) => `'${field}'`);
  return (
    `(SELECT json_group_object(key, CASE type WHEN 'true' THEN json('true') WHEN 'false' THEN json('false') ELSE value END) ` +
    `FROM json_each(body) WHERE key IN (${names.join(', ')}))`
  );
}

/**
 * `'$.a.b'` as an SQL string literal. A literal, not a bound parameter, because SQLite matches
 * an expression index only against the same expression text (`json_extract(body, ?)` never
 * uses one). Safe: the path is checked against FIELD_PATH_PATTERN (letters, digits, _ and .).
 */
function jsonPathLiteral(fieldPath: string): string {
  if (!FIELD_PATH_PATTERN.test(fieldPath)) throw new TypeError(`Invalid field path ${JSON.stringify(fieldPath)}.`);
  return `'$.${fieldPath}'`;
}

/**
 * SQL for one condition. SQLite compares across storage classes (a number is less than any text)
 * and json_extract turns JSON true/false into 1/0, so every comparison first checks the JSON
 * type: the same rules as Cosmos DB, where values of different types never compare.
 */
function conditionSql(condition: QueryCondition, index: number, parameters: Parameters): string {
  const jsonPath = jsonPathLiteral(condition.path);
  const field = { type: `json_type(body, ${jsonPath})`, value: `json_extract(body, ${jsonPath})` };
  const bind = (suffix: string, value: string | number | null): string => {
    const name = `v${index}_${suffix}`;
    parameters[name] = value;
    return `@${name}`;
  };

  switch (condition.op) {
    case 'exists':
      return `${field.type} IS NOT NULL`;
    case 'missing':
      return `${field.type} IS NULL`;
    case 'startsWith': {
      const prefix = bind('0', condition.value);
      return `(${field.type} = 'text' AND substr(${field.value}, 1, length(${prefix})) = ${prefix})`;
    }
    case 'contains': {
      // A scalar would pass through json_each as a one-element list; Cosmos only searches arrays.
      const element = { type: 'element.type', value: 'element.value' };
      return (
        `(${field.type} = 'array' AND EXISTS (SELECT 1 FROM json_each(body, ${jsonPath}) AS element ` +
        `WHERE ${typedComparison(element, '=', condition.value, (value) => bind('0', value))}))`
      );
    }
    case 'in': {
      if (condition.values.length === 0) return '0';
      // All text or all numbers (the usual case): one IN list, which an index can serve; an OR
      // of typed comparisons is the same test but the planner seldom uses an index for it.
      const kinds = new Set(condition.values.map((value) => typeof value));
      if (kinds.size === 1 && (kinds.has('string') || kinds.has('number'))) {
        const types = kinds.has('string') ? `'text'` : `'integer', 'real'`;
        const list = condition.values.map((value, valueIndex) => bind(String(valueIndex), value as string | number));
        return `(${field.type} IN (${types}) AND ${field.value} IN (${list.join(', ')}))`;
      }
      const alternatives = condition.values.map((value, valueIndex) =>
        typedComparison(field, '=', value, (bound) => bind(String(valueIndex), bound)),
      );
      return `(${alternatives.join(' OR ')})`;
    }
    case '!=':
      return `(${field.type} IS NOT NULL AND NOT ${typedComparison(field, '=', condition.value, (value) => bind('0', value))})`;
    default:
      // Equal to a string that no JSON array's or object's text can be (json_extract gives those
      // as their JSON text; numbers, booleans as 0/1 and null never equal a text): the type check
      // adds nothing, and without it an index on the field answers alone, no row's JSON read — a
      // decision's comment count read every comment's body, 0.12 ms at 300 comments (issue 13).
      // Not under a NOT: there null's unknown would drop the row where the type check keeps it.
      if (condition.op === '=' && typeof condition.value === 'string' && !/^\s*[[{]/.test(condition.value)) return `${field.value} = ${bind('0', condition.value)}`;
      return typedComparison(field, condition.op, condition.value, (value) => bind('0', value));
  }
}

function typedComparison(
  field: { readonly type: string; readonly value: string },
  op: '=' | '<' | '<=' | '>' | '>=',
  value: ScalarValue,
  bind: (value: string | number | null) => string,
): string {
  if (value === null) {
    // null only equals null; it is neither above nor below anything.
    return op === '=' || op === '<=' || op === '>=' ? `(${field.type} = 'null')` : '0';
  }
  if (typeof value === 'boolean') {
    // better-sqlite3 cannot bind booleans; JSON true/false read back as 1/0, false < true.
    return `(${field.type} IN ('true', 'false') AND ${field.value} ${op} ${bind(value ? 1 : 0)})`;
  }
  if (typeof value === 'number') {
    return `(${field.type} IN ('integer', 'real') AND ${field.value} ${op} ${bind(value)})`;
  }
  return `(${field.type} = 'text' AND ${field.value} ${op} ${bind(value)})`;
}
