/**
 * The Azure adapter: Cosmos DB for NoSQL, one container partitioned on `/networkId`. Every
 * operation names its partition, so point reads cost 1 RU and queries never fan out.
 *
 * A document's `ttl` is Cosmos DB's own per-item TTL: it counts from the item's last write, and
 * the service stops returning the item once it has run out and deletes it in the background.
 * Cosmos honours a per-item `ttl` only in a container whose `defaultTtl` is set (-1: items
 * without one never expire), so open() makes sure it is (infra/modules/cosmos.bicep sets it too).
 */
import { CosmosClient, type Container, type ItemDefinition, type SqlParameter } from '@azure/cosmos';
import type { TokenCredential } from '@azure/identity';
import {
  MAX_DOCUMENT_BYTES,
  MAX_ID_LENGTH,
  projectedFields,
  assertStorableDocument,
  assertValidQuery,
  type CountQuery,
  type DocumentQuery,
  type DocumentStore,
  type QueryCondition,
  type ScalarValue,
  type StoredDocument,
  type Versioned,
} from './document-store';
import { isStoreUnavailable, StoreConflictError, StoreError, StoreNotFoundError } from './errors';

export const PARTITION_KEY_PATH = '/networkId';

export type CosmosOperation = 'get' | 'create' | 'replace' | 'upsert' | 'delete' | 'query';

/** The container's defaultTtl: TTL on, per item; an item without `ttl` never expires. */
export const CONTAINER_DEFAULT_TTL = -1;

/**
 * The container's indexing policy: every path (queries may filter on any field of their type),
 * except the ETag and the payloads no query ever filters on (`unindexed`, from open-store.ts).
 * Every indexed value costs request units on each write and delete (0.2 RU per term), and a
 * rendered card holds hundreds of them. infra/modules/cosmos.bicep declares the same policy.
 */
export function containerIndexingPolicy(unindexed: readonly string[]) {
  return {
    indexingMode: 'consistent' as const,
    automatic: true,
    includedPaths: [{ path: '/*' }],
    excludedPaths: [{ path: '/"_etag"/?' }, ...unindexed.map((path) => ({ path }))],
  };
}

export interface CosmosDocumentStoreOptions {
  readonly endpoint: string;
  /** Account key (local emulator, tests); without it `credential` is required. */
  readonly key?: string;
  /** Entra ID credential (managed identity in Azure). Needs a Cosmos DB data-plane role. */
  readonly credential?: TokenCredential;
  readonly databaseId: string;
  readonly containerId: string;
  /** Called with the request units of every response, failed ones included (they cost too). */
  readonly onRequestCharge?: (operation: CosmosOperation, requestUnits: number) => void;
  /** Paths left out of the container's index (see containerIndexingPolicy); none by default. */
  readonly unindexedPaths?: readonly string[];
  /**
   * Whether the client follows the regions the account advertises. Defaults to on for https and
   * off for plain http: a local emulator or test server advertises an https address it does not
   * serve, and following it fails every request.
   */
  readonly enableEndpointDiscovery?: boolean;
}

/** Properties Cosmos adds to every item; features never see them. */
const SYSTEM_PROPERTIES = ['_rid', '_self', '_ts', '_attachments', '_etag'] as const;

/**
 * Cosmos refuses `/ \ ? #` in ids (the SDK checks some, the gateway breaks on the others), and
 * `%` followed by hex digits breaks point reads on some gateways, so those are escaped as `~XX`
 * (hex code) — with `~` itself escaped, which keeps the mapping reversible. `%` is deliberately
 * not the escape character: `%2F` in an id is the very case the service mishandles.
 */
const ID_CHARACTERS_TO_ESCAPE = /[~%/\\?#]/g;
const ESCAPED_ID_CHARACTER = /~([0-9A-F]{2})/g;

export function encodeCosmosId(id: string): string {
  return id.replace(ID_CHARACTERS_TO_ESCAPE, (character) => `~${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeCosmosId(id: string): string {
  return id.replace(ESCAPED_ID_CHARACTER, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export class CosmosDocumentStore implements DocumentStore {
  readonly kind = 'cosmos' as const;
  private closed = false;

  private constructor(
    private readonly client: CosmosClient,
    private readonly container: Container,
    private readonly onRequestCharge: CosmosDocumentStoreOptions['onRequestCharge'],
  ) {}

  /**
   * Connects and creates the database and container when missing. The SDK reads before it
   * creates, so with an Entra ID identity (which may not create resources through the data
   * plane) this works as long as the infrastructure created them first.
   */
  static async open(options: CosmosDocumentStoreOptions): Promise<CosmosDocumentStore> {
    if (!options.key && !options.credential) {
      throw new TypeError(`Cosmos DB at ${options.endpoint} needs either an account key or an Entra ID credential.`);
    }
    const client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: options.credential }),
      connectionPolicy: {
        enableEndpointDiscovery: options.enableEndpointDiscovery ?? !options.endpoint.startsWith('http:'),
      },
      userAgentSuffix: 'reseau',
    });
    try {
      const { database } = await client.databases.createIfNotExists({ id: options.databaseId });
      const indexingPolicy = containerIndexingPolicy(options.unindexedPaths ?? []);
      const { container, resource } = await database.containers.createIfNotExists({
        id: options.containerId,
        partitionKey: { paths: [PARTITION_KEY_PATH] },
        defaultTtl: CONTAINER_DEFAULT_TTL,
        indexingPolicy,
      });
      // A container made before TTL was used (or by hand) has none: per-item ttl would be
      // ignored and expired items kept and returned. Turn it on; an identity that may not
      // change containers (Entra data-plane role) fails here, naming the fix.
      // A container made before a payload was left out of the index still indexes it: the app
      // works the same, its writes cost more. Narrow the policy (Cosmos re-indexes in the
      // background); an identity that may not only gets a warning — the Bicep templates set it.
      const excluded = new Set((resource?.indexingPolicy?.excludedPaths ?? []).map((entry) => entry.path));
      const missing = indexingPolicy.excludedPaths.filter((entry) => !excluded.has(entry.path));
      const ttlMissing = resource?.defaultTtl === undefined;
      if (resource && (ttlMissing || missing.length > 0)) {
        try {
          await container.replace({
            ...resource,
            defaultTtl: CONTAINER_DEFAULT_TTL,
            ...(missing.length > 0 ? { indexingPolicy: { ...(resource.indexingPolicy ?? indexingPolicy), excludedPaths: [...(resource.indexingPolicy?.excludedPaths ?? []), ...missing] } } : {}),
          });
        } catch (error) {
          if (ttlMissing) {
            throw new Error(
              `its defaultTtl is not set and this identity cannot set it (${describe(error)}); set defaultTtl to -1 on the container (infra/modules/cosmos.bicep does)`,
              { cause: error },
            );
          }
          process.emitWarning(
            `Cosmos DB container "${options.containerId}" still indexes ${missing.map((entry) => entry.path).join(', ')} and this identity cannot change that (${describe(error)}): writes cost more request units until infra/modules/cosmos.bicep is deployed.`,
            { code: 'RESEAU_COSMOS_INDEXING_POLICY' },
          );
        }
      }
      return new CosmosDocumentStore(client, container, options.onRequestCharge);
    } catch (error) {
      client.dispose();
      throw new StoreError(
        'unavailable',
        `Cannot open Cosmos DB container "${options.databaseId}/${options.containerId}" at ${options.endpoint}: ${describe(error)}`,
        { cause: error },
      );
    }
  }

  async get<T extends StoredDocument>(networkId: string, id: string): Promise<Versioned<T> | undefined> {
    this.assertOpen();
    if (id.length > MAX_ID_LENGTH) return undefined;
    const response = await this.call('get', `read document "${id}" in network "${networkId}"`, () =>
      this.container.item(encodeCosmosId(id), networkId).read<ItemDefinition>(),
    );
    // The SDK answers a missing item with a 404 response rather than an error.
    if (response.statusCode === 404 || !response.resource) return undefined;
    return fromCosmos<T>(response.resource);
  }

  async create<T extends StoredDocument>(document: T): Promise<Versioned<T>> {
    const body = this.toCosmos(document);
    const response = await this.call('create', `create document "${document.id}" in network "${document.networkId}"`, () =>
      this.container.items.create(body),
    );
    return fromCosmos<T>(requireResource(response.resource, 'create'));
  }

  async replace<T extends StoredDocument>(document: T, ifMatch: string): Promise<Versioned<T>> {
    const body = this.toCosmos(document);
    const response = await this.call('replace', `replace document "${document.id}" in network "${document.networkId}"`, () =>
      this.container.item(body.id, document.networkId).replace(body, { accessCondition: { type: 'IfMatch', condition: ifMatch } }),
    );
    return fromCosmos<T>(requireResource(response.resource, 'replace'));
  }

  async upsert<T extends StoredDocument>(document: T): Promise<Versioned<T>> {
    const body = this.toCosmos(document);
    const response = await this.call('upsert', `upsert document "${document.id}" in network "${document.networkId}"`, () =>
      this.container.items.upsert(body),
    );
    return fromCosmos<T>(requireResource(response.resource, 'upsert'));
  }

  async delete(networkId: string, id: string, ifMatch?: string): Promise<void> {
    this.assertOpen();
    const what = `delete document "${id}" in network "${networkId}"`;
    if (id.length > MAX_ID_LENGTH) throw new StoreNotFoundError(`Cannot ${what}: it does not exist.`);
    await this.call('delete', what, () =>
      this.container
        .item(encodeCosmosId(id), networkId)
        .delete(ifMatch === undefined ? undefined : { accessCondition: { type: 'IfMatch', condition: ifMatch } }),
    );
  }

  async query<T extends StoredDocument>(networkId: string, query: DocumentQuery): Promise<Versioned<T>[]> {
    this.assertOpen();
    assertValidQuery(query);
    const { clauses, parameters } = whereOf(networkId, query);
    // A projection keeps `_etag`: the caller may write a document it found this way.
    // Fields are projected as one object with explicit names: Cosmos DB names a projected
    // `c["x"]` itself, and an object literal leaves no doubt; an absent field stays absent.
    const selected = query.fields
      ? `VALUE {${[...projectedFields(query.fields).map((field) => `${JSON.stringify(field)}: ${propertyAccess(field)}`), '"_etag": c._etag'].join(', ')}}`
      : '*';
    let text = `SELECT${query.limit === undefined ? '' : ' TOP @limit'} ${selected} FROM c WHERE ${clauses.join(' AND ')}`;
    if (query.limit !== undefined) parameters.push({ name: '@limit', value: query.limit });
    if (query.orderBy) {
      text += ` ORDER BY ${propertyAccess(query.orderBy.path)} ${query.orderBy.direction === 'desc' ? 'DESC' : 'ASC'}`;
    }
    const response = await this.call('query', `query "${query.type}" documents in network "${networkId}"`, () =>
      // The partition key option keeps the query on one partition, never a cross-partition fan-out.
      this.container.items.query<ItemDefinition>({ query: text, parameters }, { partitionKey: networkId }).fetchAll(),
    );
    return response.resources.map((resource) => fromCosmos<T>(resource));
  }

  async count(networkId: string, query: CountQuery): Promise<number> {
    this.assertOpen();
    assertValidQuery(query);
    const { clauses, parameters } = whereOf(networkId, query);
    const text = `SELECT VALUE COUNT(1) FROM c WHERE ${clauses.join(' AND ')}`;
    const response = await this.call('query', `count "${query.type}" documents in network "${networkId}"`, () =>
      this.container.items.query<number>({ query: text, parameters }, { partitionKey: networkId }).fetchAll(),
    );
    // A single-partition aggregate comes back as one value (none when nothing matched on some servers).
    return response.resources.reduce((sum, value) => sum + value, 0);
  }

  /** Cosmos DB deletes expired items itself (and never returns them meanwhile): nothing to do. */
  async purgeExpired(): Promise<number> {
    this.assertOpen();
    return 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await this.container.read();
    } catch (error) {
      throw new StoreError('unavailable', `Cosmos DB did not answer a container read: ${describe(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.dispose();
  }

  private toCosmos(document: StoredDocument): ItemDefinition & { id: string } {
    this.assertOpen();
    assertStorableDocument(document);
    const body = { ...document, id: encodeCosmosId(document.id) };
    // Checked here because Cosmos answers 413 only after the upload, and the test server never does.
    const bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new StoreError(
        'too_large',
        `Document "${document.id}" is ${bytes} bytes as JSON; Cosmos DB accepts at most ${MAX_DOCUMENT_BYTES}.`,
      );
    }
    return body;
  }

  /** Runs one SDK call, reports its charge and turns SDK errors into typed store errors. */
  private async call<R extends { requestCharge?: number }>(
    operation: CosmosOperation,
    what: string,
    run: () => Promise<R>,
  ): Promise<R> {
    this.assertOpen();
    let response: R;
    try {
      response = await run();
    } catch (error) {
      this.report(operation, chargeOf(error));
      throw toStoreError(error, what);
    }
    this.report(operation, response.requestCharge);
    return response;
  }

  private report(operation: CosmosOperation, requestUnits: number | undefined): void {
    if (this.onRequestCharge && requestUnits !== undefined && Number.isFinite(requestUnits)) {
      this.onRequestCharge(operation, requestUnits);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('unavailable', 'The Cosmos DB document store is closed.');
  }
}

function fromCosmos<T extends StoredDocument>(resource: ItemDefinition): Versioned<T> {
  const etag = resource._etag;
  if (typeof etag !== 'string') throw new StoreError('unavailable', 'Cosmos DB returned a document without an _etag.');
  const document: Record<string, unknown> = { ...resource, id: decodeCosmosId(String(resource.id)) };
  for (const property of SYSTEM_PROPERTIES) delete document[property];
  return { document: document as unknown as T, etag };
}

function requireResource(resource: ItemDefinition | undefined, operation: CosmosOperation): ItemDefinition {
  if (!resource) throw new StoreError('unavailable', `Cosmos DB answered a ${operation} without the stored document.`);
  return resource;
}

/**
 * Builds `c["a"]["b"]` from a path that passed FIELD_PATH_PATTERN: bracket notation because a
 * segment may be a reserved word in Cosmos SQL (`c.value` does not parse, `c["value"]` does).
 */
function propertyAccess(fieldPath: string): string {
  return `c${fieldPath
    .split('.')
    .map((segment) => `[${JSON.stringify(segment)}]`)
    .join('')}`;
}

/** The WHERE clauses of a query on one partition, every value a parameter. */
function whereOf(networkId: string, query: CountQuery): { clauses: string[]; parameters: SqlParameter[] } {
  const parameters: SqlParameter[] = [
    { name: '@networkId', value: networkId },
    { name: '@type', value: query.type },
  ];
  const clauses = ['c.networkId = @networkId', 'c.type = @type'];
  for (const condition of query.where ?? []) clauses.push(conditionSql(condition, parameters));
  return { clauses, parameters };
}

function conditionSql(condition: QueryCondition, parameters: SqlParameter[]): string {
  const field = propertyAccess(condition.path);
  // Ids are stored escaped, so a condition on the id compares against the escaped form.
  const stored = (value: ScalarValue): ScalarValue =>
    condition.path === 'id' && typeof value === 'string' ? encodeCosmosId(value) : value;
  const bind = (value: SqlParameter['value']): string => {
    const name = `@p${parameters.length - 2}`;
    parameters.push({ name, value });
    return name;
  };
  switch (condition.op) {
    case 'exists':
      return `IS_DEFINED(${field})`;
    case 'missing':
      return `NOT IS_DEFINED(${field})`;
    case 'startsWith':
      return `STARTSWITH(${field}, ${bind(stored(condition.value))})`;
    case 'contains':
      return `ARRAY_CONTAINS(${field}, ${bind(condition.value)})`;
    case 'in':
      return `ARRAY_CONTAINS(${bind(condition.values.map(stored))}, ${field})`;
    default:
      return `${field} ${condition.op} ${bind(stored(condition.value))}`;
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

function chargeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { requestCharge, headers } = error as { requestCharge?: unknown; headers?: Record<string, unknown> };
  if (typeof requestCharge === 'number') return requestCharge;
  const header = headers?.['x-ms-request-charge'];
  return header === undefined ? undefined : Number(header);
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return status === undefined ? String(message) : `HTTP ${status}: ${message}`;
}

function toStoreError(error: unknown, what: string): Error {
  if (error instanceof StoreError) return error;
  switch (statusOf(error)) {
    case 404:
      return new StoreNotFoundError(`Cannot ${what}: it does not exist.`, { cause: error });
    case 409:
      return new StoreConflictError('already_exists', `Cannot ${what}: that id is already taken.`, { cause: error });
    case 412:
      return new StoreConflictError('etag_mismatch', `Cannot ${what}: it changed since it was read.`, { cause: error });
    case 413:
      return new StoreError('too_large', `Cannot ${what}: Cosmos DB says the document is too large.`, { cause: error });
    case 400:
      // A malformed request is a bug here, not an outage: keep the SDK's error for its details.
      return error instanceof Error ? error : new Error(`Cannot ${what}: ${describe(error)}`);
    default:
      // A programming error raised on our side of the SDK (no HTTP status, no network cause)
      // is a bug, not an outage: the turn reports it with a reference instead of "try again".
      if (statusOf(error) === undefined && (error instanceof TypeError || error instanceof RangeError) && !isStoreUnavailable(error)) return error;
      // Throttling beyond the SDK's own retries, timeouts, auth and network failures.
      return new StoreError('unavailable', `Cannot ${what}: ${describe(error)}`, { cause: error });
  }
}
