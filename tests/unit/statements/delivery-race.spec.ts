/**
 * Issue 12 §5: statement delivery re-checks the clearances inside its ETag-guarded write.
 * Clearances are one document per agency, so before this an agency requesting changes between
 * delivery's read and its write went unseen and the statement was delivered anyway. The store
 * here runs a clearance at exactly that moment.
 */
import assert from 'node:assert/strict';
import type { DocumentStore, StoredDocument } from '../../../src/store/document-store';
import { StatementError } from '../../../src/statements/errors';
import { agencyVoiceDocumentId, type AgencyVoiceDocument } from '../../../src/agency-voices/model';
import { STATEMENT_DOCUMENT_TYPES, statementDocumentId, type StatementDocument } from '../../../src/statements/model';
import type { StatementsService } from '../../../src/statements/statements-service';
import { EXCOM, excomFocalPoints, statementsOver } from './statements-fixture';
import { NETWORK, identity, membershipFixture, type Fixture } from '../network/membership-fixture';

type Identity = ReturnType<typeof identity>;

/** Runs `before` once, just before the first write that `when` picks, then lets the write through. */
function interceptingStore(store: DocumentStore, when: (document: StoredDocument) => boolean, before: () => Promise<void>): DocumentStore {
  let armed = true;
  const intercept = async (document: StoredDocument) => {
    if (armed && when(document)) {
      armed = false;
      await before();
    }
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'replace' || property === 'create') {
        return async (document: StoredDocument, ...rest: unknown[]) => {
          await intercept(document);
          return (value as (...args: unknown[]) => unknown).call(target, document, ...rest);
        };
      }
      return value.bind(target);
    },
  });
}

describe('statements: delivery and a clearance changing at the same moment', () => {
  let f: Fixture;
  let representatives: Record<string, Identity>;
  let inject: { when: (document: StoredDocument) => boolean; before: () => Promise<void> } | undefined;
  let statements: StatementsService;

  beforeEach(async () => {
    // Admins named by object id (never by email): the fixture's RC is the next identity it makes.
    const probe = Number.parseInt(identity('probe').aadObjectId.slice(-12), 16);
    const id = (n: number) => `00000000-0000-4000-8000-${(probe + n).toString(16).padStart(12, '0')}`;
    f = await membershipFixture({ admins: [{ aadObjectId: id(1), role: 'cochair' }, { aadObjectId: id(2), role: 'secretariat' }] });
    inject = undefined;
    const store = interceptingStore(
      f.store,
      (document) => inject?.when(document) ?? false,
      async () => inject?.before(),
    );
    statements = statementsOver(f, store);
    representatives = await excomFocalPoints(f);
  });
  afterEach(async () => {
    await f.close();
  });

  const rc = () => ({ aadObjectId: f.rc.aadObjectId, name: f.rc.name });
  const who = (agency: string) => ({ aadObjectId: representatives[agency]!.aadObjectId, name: representatives[agency]!.name });
  const refusal = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return 'accepted';
    } catch (error) {
      if (error instanceof StatementError) return error.code;
      throw error;
    }
  };

  /** A statement whose version 1 every ExCom agency approved. */
  async function validated(): Promise<string> {
    const statement = await statements.request(NETWORK, rc(), { title: 'Journée internationale des migrants' });
    await statements.addVersion(NETWORK, statement.statementId, rc(), { fr: 'Le Réseau rappelle…' });
    await statements.submit(NETWORK, statement.statementId, rc());
    for (const agency of EXCOM) await statements.clear(NETWORK, statement.statementId, who(agency), { agencyCode: agency, version: 1, position: 'approve' });
    return statement.statementId;
  }

  const clearanceDocumentId = (statementId: string, version: number, agency: string) => agencyVoiceDocumentId({ kind: 'statement', subjectId: statementId, round: version }, agency);
  const stored = async (statementId: string) => (await f.store.get<StatementDocument>(NETWORK, statementDocumentId(statementId)))?.document;
  const undpRecord = async (statementId: string) => (await f.store.get<AgencyVoiceDocument>(NETWORK, clearanceDocumentId(statementId, 1, 'UNDP')))?.document.record;

  it('an agency requesting changes between delivery’s check and its write stops the delivery', async () => {
    const statementId = await validated();
    let clearedMeanwhile = false;
    inject = {
      // Delivery's own write: the statement about to become delivered.
      when: (document) => document.type === STATEMENT_DOCUMENT_TYPES.statement && (document as StatementDocument).status === 'delivered',
      before: async () => {
        await statements.clear(NETWORK, statementId, who('UNDP'), { agencyCode: 'UNDP', version: 1, position: 'requestChanges', comment: 'Citer le PMM.' });
        clearedMeanwhile = true;
      },
    };
    assert.equal(await refusal(() => statements.deliver(NETWORK, statementId, rc())), 'notValidated');
    assert.ok(clearedMeanwhile, 'the clearance ran between the check and the write');
    const after = await stored(statementId);
    assert.equal(after?.status, 'clearance');
    assert.equal(after?.delivered, undefined);
    const view = await statements.statement(NETWORK, statementId, f.rc.aadObjectId);
    assert.deepEqual(view.clearance?.changesRequested, ['UNDP']);
    assert.equal(view.clearance?.validated, false);
  });

  it('a clearance whose document lands after the delivery won is taken back and refused, so the delivered record stays true', async () => {
    const statementId = await validated();
    let deliveredMeanwhile = false;
    inject = {
      // UNDP's request for changes about to be written, after clear() checked the statement was in clearance.
      when: (document) => document.id === clearanceDocumentId(statementId, 1, 'UNDP') && (document as AgencyVoiceDocument).record.history.some((voice) => voice.position === 'requestChanges'),
      before: async () => {
        await statements.deliver(NETWORK, statementId, rc());
        deliveredMeanwhile = true;
      },
    };
    assert.equal(await refusal(() => statements.clear(NETWORK, statementId, who('UNDP'), { agencyCode: 'UNDP', version: 1, position: 'requestChanges', comment: 'Trop tard.' })), 'delivered');
    assert.ok(deliveredMeanwhile);
    const after = await stored(statementId);
    assert.equal(after?.status, 'delivered');
    assert.deepEqual(after?.delivered?.approvals.map((approval) => approval.agencyCode), EXCOM);
    assert.deepEqual((await undpRecord(statementId))?.history.map((voice) => voice.position), ['approve'], 'the late request for changes is not left behind');
  });

  it('a clearance deadline exists on the calendar and is at most two years ahead (nothing is submitted otherwise)', async () => {
    const statement = await statements.request(NETWORK, rc(), { title: 'Déclaration' });
    await statements.addVersion(NETWORK, statement.statementId, rc(), { fr: 'Texte.' });
    for (const deadline of ['2026-02-30T17:00:00Z', '2026-03-05T25:00:00Z', '+275760-09-13T00:00:00Z', '2099-01-01T00:00:00Z', '2026-03-01T00:00:00Z', 'next week']) {
      assert.equal(await refusal(() => statements.submit(NETWORK, statement.statementId, rc(), { deadline })), 'invalidInput', deadline);
    }
    assert.equal((await stored(statement.statementId))?.status, 'drafting');
    const submitted = await statements.submit(NETWORK, statement.statementId, rc(), { deadline: '2026-03-05T17:00:00+01:00' });
    assert.equal(submitted.clearance?.deadline, '2026-03-05T16:00:00.000Z');
  });

  it('without a race, delivery still works and records every approval', async () => {
    const statementId = await validated();
    const delivered = await statements.deliver(NETWORK, statementId, rc());
    assert.equal(delivered.status, 'delivered');
    assert.equal(delivered.delivered?.approvals.length, EXCOM.length);
    assert.equal(await refusal(() => statements.deliver(NETWORK, statementId, rc())), 'delivered');
    assert.equal(await refusal(() => statements.deliver(NETWORK, 'nope', rc())), 'unknownStatement');
  });
});
