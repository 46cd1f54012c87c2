/**
 * Picks and opens the document-store adapter the configuration asks for. Store names live here
 * and nowhere else in code (the Bicep templates must use the same ones).
 */
import type { TokenCredential } from '@azure/identity';
import type { CosmosOperation } from './cosmos-document-store';
import type { DeclaredIndex, DocumentStore } from './document-store';
import { SqliteDocumentStore } from './sqlite-document-store';

export const STORE_NAMES = {
  /** Cosmos DB database. */
  database: 'reseau',
  /** Cosmos DB container, partitioned on /networkId. */
  container: 'documents',
  /** SQLite file under the data directory. */
  sqliteFile: 'reseau.sqlite',
} as const;

/**
 * Fields that lookups over a growing collection filter on, served from an index (see
 * DeclaredIndex), so their cost does not grow with the network's history. Each entry names
 * the lookup it is for; a new lookup on a growing collection declares its type and fields
 * here (the types are the features' document types, checked against them by the store's
 * contract tests).
 *
 * SQLite builds these as partial expression indexes (only the rows of their type) when a file
 * is opened. Cosmos DB needs nothing:
 * its container indexes every path (the SDK's default policy, and `includedPaths: /*` in
 * infra/modules/cosmos.bicep), and every query names its partition, so an equality filter on
 * these fields is an index seek there too. A narrower Cosmos policy must keep these paths.
 */
export const STORE_INDEXES: readonly DeclaredIndex[] = [
  // Outbox items of one message key (update in place), its failures (delivery status, with
  // `status`): one key among all messages ever sent.
  { type: 'outbox', paths: ['messageKey', 'status'] },
  // A message's delivery tally documents (one per instance that delivered it), among all ever sent.
  { type: 'outbox-tally', paths: ['messageKey'] },
  // The dispatcher's poll: queued/sending items whose time has come, among all ever sent.
  { type: 'outbox', paths: ['status', 'dueAt'] },
  // A member's 1:1 conversation, among every conversation the bot has (one per member).
  { type: 'conversation', paths: ['reference.user.aadObjectId'] },
  // The shared channels (a handful), among every conversation: where a message goes to the
  // members of other tenants whom no 1:1 can reach (delivery/channel-fallback.ts).
  { type: 'conversation', paths: ['channelType'] },
  // An agency's confirmed focal point (the seat's holder at a hand-over), among every member.
  { type: 'member', paths: ['agencyCode', 'agencyRole', 'status'] },
  // A meeting's invitations (the attendance recount, answers since the last summary), among the
  // invitations of every meeting ever issued.
  { type: 'meetingRsvp', paths: ['meetingId', 'answeredAt'] },
  // Members whose welcome or declined notice a crash left unqueued (the membership tick, at
  // start and every 15 minutes), among every member.
  { type: 'member', paths: ['noticeDue'] },
  // The latest comments of one decision, newest first (every comment turn and card), among the
  // comments of every decision ever consulted on.
  { type: 'decisionComment', paths: ['decisionId', 'at'] },
  // One poll's answers (the named poll's shared card, the close), among every poll's answers.
  { type: 'pollAnswer', paths: ['pollId'] },
  // A work plan's activities, comments, reports (of one quarter) and a year's action items,
  // among those of every year the network ever planned.
  { type: 'workplanActivity', paths: ['planYear'] },
  { type: 'workplanComment', paths: ['planYear'] },
  { type: 'workplanReport', paths: ['planYear', 'quarter'] },
  { type: 'workplanActionItem', paths: ['planYear', 'status'] },
  // "My work" (src/my-work): what is open now, among every poll, decision, statement, meeting
  // and member the network ever had — the open ones only are read.
  // (The tab's polls page: the open ones and the latest closed ones, newest first.)
  { type: 'poll', paths: ['status', 'createdAt'] },
  { type: 'decision', paths: ['phase'] },
  { type: 'statement', paths: ['status'] },
  { type: 'meeting', paths: ['status', 'start'] },
  { type: 'member', paths: ['status', 'agencyCode'] },
  // Working groups whose review is due (`waiting`, review date ≤ today) or awaits ExCom's decision
  // (the review tick), among every group; one review's members' comments, among every review's.
  { type: 'workingGroup', paths: ['reviewState', 'reviewDate'] },
  { type: 'workingGroupReviewComment', paths: ['reviewKey'] },
];

/**
 * Payloads no query ever filters on, left out of Cosmos DB's index (each indexed value costs
 * request units on every write and delete; SQLite indexes only STORE_INDEXES anyway): the
 * outbox's rendered activity, a whole Adaptive Card (src/delivery/outbox-rules.ts). A query on a
 * field under one of these would scan: keep them to payloads.
 */
export const UNINDEXED_PATHS: readonly string[] = ['/activity/*'];

export type StoreOptions =
  | { readonly kind: 'sqlite'; readonly dataDir: string; readonly fileName?: string }
  | {
      readonly kind: 'cosmos';
      readonly endpoint: string;
      readonly key?: string;
      readonly credential?: TokenCredential;
      readonly databaseId?: string;
      readonly containerId?: string;
      readonly onRequestCharge?: (operation: CosmosOperation, requestUnits: number) => void;
      readonly enableEndpointDiscovery?: boolean;
    };

export async function openDocumentStore(options: StoreOptions): Promise<DocumentStore> {
  if (options.kind === 'sqlite') {
    return new SqliteDocumentStore({ dataDir: options.dataDir, fileName: options.fileName ?? STORE_NAMES.sqliteFile, indexes: STORE_INDEXES });
  }
  // Loaded only for Cosmos DB: @azure/cosmos is ~320 modules (≈ 4.5 MB of heap, 6.5 MB of RSS)
  // that a SQLite deployment never runs; config.ts imports this file (STORE_NAMES). bench:memory.
  const { CosmosDocumentStore } = await import('./cosmos-document-store.js');
  return CosmosDocumentStore.open({
    ...options,
    databaseId: options.databaseId ?? STORE_NAMES.database,
    containerId: options.containerId ?? STORE_NAMES.container,
    unindexedPaths: UNINDEXED_PATHS,
  });
}
