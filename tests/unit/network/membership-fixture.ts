/**
 * A membership service over a temp SQLite store, with a clock the test moves and a notifier
 * that records what would be sent. People are seeded the way the network really gets them:
 * admins from the configuration, others by asking to join and being confirmed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../src/logger';
import type { NetworkAdmin } from '../../../src/network/admins';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { RecordingNotifier } from '../../../src/network/member-notifier';
import type { Identity } from '../../../src/network/membership-rules';
import { MembershipService, type RotationSettings } from '../../../src/network/membership-service';
import type { Agency, AgencyRole, AuditEntry, MemberDocument } from '../../../src/network/model';
import type { DocumentStore } from '../../../src/store/document-store';
import { openDocumentStore } from '../../../src/store/open-store';

export const NETWORK = 'gn';
export const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
/** Another allowed tenant: the same addresses and object ids from there are other people. */
export const OTHER_TENANT = '7a2d3b5f-4c8e-4d6a-8f1b-2e3c4d5e6f70';
/** Every agency's staff sign in from TENANT here (the directory names it), unless a test says otherwise. */
export const FIXTURE_AGENCIES: readonly Agency[] = GUINEA_DEFAULT_AGENCIES.map((agency) => ({ ...agency, tenantIds: [TENANT] }));

let sequence = 0;
/**
 * A person as the bot sees them: `email` stands for what the Teams roster returns for them
 * in their tenant (its email and userPrincipalName alike).
 */
export function identity(name: string, email?: string, language: 'fr' | 'en' = 'fr', tenantId = TENANT): Identity {
  sequence += 1;
  const hex = sequence.toString(16).padStart(12, '0');
  return { aadObjectId: `00000000-0000-4000-8000-${hex}`, tenantId, name, ...(email ? { email, rosterPrincipalName: email } : {}), language };
}

export interface Fixture {
  readonly store: DocumentStore;
  readonly service: MembershipService;
  readonly notifier: RecordingNotifier;
  readonly clock: { now: Date };
  /** The Resident Coordinator: co-chair (RCO focal point) from NETWORK_ADMINS. */
  readonly rc: Identity;
  /** An RCO officer: secretariat (the grant) from NETWORK_ADMINS. */
  readonly secretariat: Identity;
  /** A confirmed member of `agency` with `role`, confirmed by the RC. */
  member(name: string, agency: string, role: AgencyRole, email?: string): Promise<Identity>;
  pending(name: string, agency: string, role: AgencyRole, email?: string): Promise<Identity>;
  get(person: Identity): Promise<MemberDocument | undefined>;
  audit(): Promise<AuditEntry[]>;
  /** Every document in the partition, to assert that a refused change changed nothing. */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

export async function membershipFixture(options: { rotation?: RotationSettings; start?: Date; admins?: NetworkAdmin[]; agencies?: readonly Agency[] } = {}): Promise<Fixture> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-network-'));
  const store = await openDocumentStore({ kind: 'sqlite', dataDir });
  const notifier = new RecordingNotifier();
  const clock = { now: options.start ?? new Date('2026-03-02T08:00:00Z') };
  const rc = identity('Coordonnatrice Résidente', 'rc.guinea@un.org');
  const secretariat = identity('Officier RCO', 'rco.officer@un.org');
  const service = new MembershipService({
    store,
    notifier,
    logger: createLogger('silent'),
    admins: options.admins ?? [
      { aadObjectId: rc.aadObjectId, tenantId: TENANT, role: 'cochair' },
      { aadObjectId: secretariat.aadObjectId, role: 'secretariat' },
    ],
    defaultAgencies: options.agencies ?? FIXTURE_AGENCIES,
    rotation: options.rotation ?? { order: ['UNDP', 'UNHCR', 'UNICEF'], termMonths: 12, start: new Date('2026-01-01T00:00:00Z') },
    now: () => clock.now,
  });
  await service.firstContact(NETWORK, rc);
  await service.firstContact(NETWORK, secretariat);

  const pending = async (name: string, agency: string, role: AgencyRole, email?: string) => {
    const person = identity(name, email);
    await service.requestToJoin(NETWORK, person, agency, role);
    return person;
  };
  const snapshot = async () => {
    const types = ['directory', 'member', 'cochairRotation', 'workingGroup', 'audit'];
    const all = await Promise.all(types.map((type) => store.query(NETWORK, { type })));
    return JSON.stringify(all.flat().map((entry) => entry.document).sort((a, b) => a.id.localeCompare(b.id)));
  };
  return {
    store,
    service,
    notifier,
    clock,
    rc,
    secretariat,
    pending,
    async member(name, agency, role, email) {
      const person = await pending(name, agency, role, email);
      await service.confirm(NETWORK, rc.aadObjectId, person.aadObjectId, agency);
      return person;
    },
    get: async (person) => (await store.get<MemberDocument>(NETWORK, `member:${person.aadObjectId}`))?.document,
    audit: async () => (await store.query<AuditEntry>(NETWORK, { type: 'audit', orderBy: { path: 'at', direction: 'asc' } })).map((entry) => entry.document),
    snapshot,
    async close() {
      await service.cardsIdle();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
