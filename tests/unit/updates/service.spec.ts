/**
 * The updates service over a real (temp SQLite) store with two instances side by side, as
 * when several servers run: what one shares, the other finds once its index is refreshed, and
 * a digest period is posted by one of them only.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CardRenderer } from '../../../src/cards/card-renderer';
import { ConversationService } from '../../../src/delivery/conversation-service';
import { OutboxService } from '../../../src/delivery/outbox-service';
import { createLogger } from '../../../src/logger';
import type { MembershipService } from '../../../src/network/membership-service';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import type { Person } from '../../../src/network/roles';
import type { DocumentStore } from '../../../src/store/document-store';
import { openDocumentStore } from '../../../src/store/open-store';
import { parseDigestSchedule } from '../../../src/updates/digest-rules';
import { UpdateError } from '../../../src/updates/errors';
import type { ReportSources } from '../../../src/updates/report-sources';
import { EMPTY_SEARCH } from '../../../src/updates/search-rules';
import { UpdatesService } from '../../../src/updates/updates-service';

const NETWORK = 'gn';
const MEMBER = 'aaaaaaaa-1111-4222-8333-944455566677';
const PENDING = 'bbbbbbbb-1111-4222-8333-944455566677';

/** Membership as the updates slice sees it: the directory and who holds which role. */
const membership = {
  agencies: async () => GUINEA_DEFAULT_AGENCIES,
  person: async (_networkId: string, id: string): Promise<Person> =>
    id === MEMBER ? { aadObjectId: id, agencyCode: 'IOM', roles: new Set(['member']) } : id === PENDING ? { aadObjectId: id, roles: new Set(['pending']) } : { aadObjectId: id, roles: new Set() },
  profile: async () => ({ member: { name: 'Aminata Camara' } }),
} as unknown as MembershipService;
const noSources: ReportSources = { meetings: async () => [], decisions: async () => [], statements: async () => undefined, workingGroups: async () => [], workplans: async () => [] };

describe('updates service, two instances on one store', () => {
  let dataDir: string;
  let store: DocumentStore;
  let now: Date;
  const instance = (indexMaxAgeMs: number) => {
    const conversations = new ConversationService(store, () => now);
    return new UpdatesService({
      store,
      membership,
      outbox: new OutboxService(store, conversations, { now: () => now.getTime() }),
      conversations,
      cards: new CardRenderer(),
      sources: noSources,
      logger: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
      digestSchedule: parseDigestSchedule('weekly')!,
      now: () => now,
      indexMaxAgeMs,
    });
  };
  const share = (service: UpdatesService, title: string, actor = MEMBER) =>
    service.share(NETWORK, { aadObjectId: actor, name: '' }, { title, summary: '', kind: 'news', agencyCode: 'IOM', objectives: '3' }, 'tab');

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-updates-'));
    store = await openDocumentStore({ kind: 'sqlite', dataDir });
    now = new Date('2026-03-03T10:00:00Z');
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds its own update at once, and the other instance’s once its index is refreshed', async () => {
    const a = instance(60_000);
    const b = instance(0);
    assert.equal((await a.search(NETWORK, MEMBER, EMPTY_SEARCH)).total, 0, 'index built, empty');
    await share(a, 'Bulletin de Kankan');
    assert.equal((await a.search(NETWORK, MEMBER, { ...EMPTY_SEARCH, words: ['kankan'] })).total, 1);
    await share(b, 'Bulletin de Labé');
    // A keeps its fresh index for a minute; B rebuilds every time (max age 0) and sees both.
    assert.equal((await a.search(NETWORK, MEMBER, { ...EMPTY_SEARCH, words: ['labe'] })).total, 0);
    await b.search(NETWORK, MEMBER, EMPTY_SEARCH);
    assert.equal((await b.search(NETWORK, MEMBER, { ...EMPTY_SEARCH, words: ['bulletin'] })).total, 2);
  });

  it('names the sharer from their profile when the tab token carries no name', async () => {
    const { update } = await share(instance(0), 'Bulletin');
    assert.equal(update.sharedBy.name, 'Aminata Camara');
  });

  it('refuses a pending member with `forbidden` and a stranger with `notAMember`, and lets pending members read', async () => {
    const service = instance(0);
    await assert.rejects(share(service, 'Bulletin', PENDING), (error: unknown) => error instanceof UpdateError && error.code === 'forbidden');
    await assert.rejects(share(service, 'Bulletin', 'cccccccc-1111-4222-8333-944455566677'), (error: unknown) => error instanceof UpdateError && error.code === 'notAMember');
    assert.equal((await service.search(NETWORK, PENDING, EMPTY_SEARCH)).total, 0);
  });

  it('handles a digest period once across instances', async () => {
    const a = instance(0);
    const b = instance(0);
    await share(a, 'Bulletin');
    now = new Date('2026-03-09T09:00:00Z');
    const runs = await Promise.all([a.runDigest(NETWORK), b.runDigest(NETWORK)]);
    // No channel installed: the period is recorded as handled by whichever instance ran first.
    assert.ok(runs.some((run) => run.status === 'posted' || run.status === 'alreadyDone'));
    assert.equal((await a.runDigest(NETWORK)).status, 'alreadyDone');
  });
});
