/**
 * Two instances on one store racing every scheduler: each instance's pass of a job that fell
 * due runs at the same moment as the other's (as two App Service instances' timers would), and
 * the job is done once — one digest, one register number per decision, one reminder per agency,
 * one handover announcement — however the two interleave.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { DecisionDocument } from '../../src/decisions/model';
import { createLogger } from '../../src/logger';
import { startReseau, type RunningReseau } from '../../src/main';
import { postActivity } from '../support/bot-client';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { botInstalled, message, teamsConversation, teamsUser, TEST_TENANT_ID, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'];

describe('faults: two instances racing every scheduler', function () {
  this.timeout(90_000);
  // One clock for both instances that moves with real time (the dispatchers pace on it) and
  // that the test moves forward to make jobs due.
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const jumpTo = (iso: string) => {
    offset = Date.parse(iso) - Date.now();
  };
  let dataDir: string;
  let connector: FakeConnector;
  let a: RunningReseau;
  let b: RunningReseau;
  const rc = teamsUser({ name: 'Coordonnatrice Résidente' });
  const channel = teamsConversation('channel');
  const reps: Record<string, TeamsUser> = {};

  const sends = (pattern: RegExp) => connector.calls.filter((call) => call.kind === 'send' && call.status < 300 && pattern.test(JSON.stringify(call.body)));
  /** Waits for `count` sends matching `pattern`, then a little longer for a second copy that should not come. */
  const settled = async (pattern: RegExp, count: number) => {
    const deadline = Date.now() + 20_000;
    while (sends(pattern).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return sends(pattern);
  };

  before(async () => {
    jumpTo('2026-06-01T07:00:00Z');
    dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-race-'));
    connector = await startFakeConnector();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NETWORK_ADMINS: `${rc.aadObjectId}=cochair`,
      ROTATION_ORDER: 'UNDP,UNHCR',
      ROTATION_TERM_MONTHS: '12',
      ROTATION_START: '2026-01-01',
      DIGEST_SCHEDULE: 'weekly:mon@08:00',
    };
    // Two instances, each its own store connection to the one file, as two App Service instances.
    a = await startReseau(loadConfig(env), { logger: createLogger('silent'), now });
    b = await startReseau(loadConfig(env), { logger: createLogger('silent'), now });
    await postActivity(a.url, message({ serviceUrl: connector.serviceUrl, user: rc, conversation: teamsConversation('personal'), text: 'bonjour' }));
    await postActivity(b.url, botInstalled({ serviceUrl: connector.serviceUrl, user: rc, conversation: channel }));
    for (const agency of EXCOM) {
      const user = teamsUser({ name: `Point focal ${agency}` });
      await a.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, 'focalPoint');
      await b.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      reps[agency] = user;
    }
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the weekly digest: posted once to the channel', async () => {
    jumpTo('2026-06-02T10:00:00Z');
    const shared = await a.updates.share(NETWORK, { aadObjectId: rc.aadObjectId, name: rc.name }, { title: 'Rapport sur la traite à Conakry', summary: '', kind: 'news', agencyCode: 'IOM', objectives: '10' }, 'tab');
    assert.ok(shared);
    jumpTo('2026-06-08T08:05:00Z');
    const runs = await Promise.all([a.updates.runDigest(NETWORK), b.updates.runDigest(NETWORK), a.updates.runDigest(NETWORK), b.updates.runDigest(NETWORK)]);
    // Each pass may find the digest not yet recorded and enqueue it: the outbox key makes every
    // enqueue after the first a no-op, so the channel gets it once.
    assert.ok(runs.some((run) => run.status === 'posted'), JSON.stringify(runs));
    assert.equal((await settled(/Synthèse du réseau/, 1)).length, 1);
    assert.equal((await a.updates.runDigest(NETWORK)).status, 'alreadyDone');
  });

  it('decisions at their deadline: each closed once, register numbers 001 and 002 with none consumed twice', async () => {
    const actor = { aadObjectId: rc.aadObjectId, name: rc.name };
    const created = await Promise.all(
      ['Plan de travail', 'Calendrier des réunions'].map((title) => a.decisions.createDecision(NETWORK, actor, { title, text: { fr: title }, mode: 'silenceProcedure', deadline: '2026-06-10T17:00:00Z' })),
    );
    jumpTo('2026-06-10T17:01:00Z');
    await Promise.all([a.decisions.tick(NETWORK), b.decisions.tick(NETWORK), b.decisions.tick(NETWORK)]);
    const numbers: string[] = [];
    for (const decision of created) {
      const stored = (await a.store.get<DecisionDocument>(NETWORK, `decision:${decision.decisionId}`))?.document;
      assert.equal(stored?.phase, 'closed');
      numbers.push(String(stored?.registerNumber));
    }
    assert.deepEqual(numbers.sort(), ['DEC-2026-001', 'DEC-2026-002']);
  });

  it('statement clearance reminders: each agency that has not cleared reminded once', async () => {
    const actor = { aadObjectId: rc.aadObjectId, name: rc.name };
    jumpTo('2026-06-15T09:00:00Z');
    const requested = await a.statements.request(NETWORK, actor, { title: 'Journée mondiale des réfugiés' });
    await a.statements.addVersion(NETWORK, requested.statementId, actor, { fr: 'Le Réseau se tient aux côtés des réfugiés.' });
    await b.statements.submit(NETWORK, requested.statementId, actor, { deadline: '2026-06-17T09:00:00Z', reminderOffsetsMinutes: [24 * 60] });
    await b.statements.clear(NETWORK, requested.statementId, { aadObjectId: reps.IOM!.aadObjectId, name: reps.IOM!.name }, { agencyCode: 'IOM', version: 1, position: 'approve' });
    jumpTo('2026-06-16T09:01:00Z');
    await Promise.all([a.statements.tick(NETWORK), b.statements.tick(NETWORK), a.statements.tick(NETWORK)]);
    const reminders = await settled(/déclaration conjointe à valider|joint statement to clear/, EXCOM.length - 1);
    assert.equal(reminders.length, EXCOM.length - 1, 'one reminder per agency that has not cleared');
    assert.equal(new Set(reminders.map((call) => call.conversationId)).size, EXCOM.length - 1, 'each to a different agency');
  });

  it('a meeting’s automatic reminder 48 h before: sent once to each invitee who has not answered', async () => {
    jumpTo('2026-06-16T10:00:00Z');
    const meeting = await a.meetings.convene(NETWORK, rc.aadObjectId, {
      kind: 'regular',
      title: 'Réunion ordinaire de juin',
      start: '2026-06-20T10:00:00Z',
      end: '2026-06-20T12:00:00Z',
      timeZone: 'Africa/Conakry',
      location: { kind: 'iomOffice' },
      agenda: [{ title: 'Point sur le PMM', agencyCode: 'IOM' }],
      documents: [],
      invitees: { kind: 'all' },
      externalGuests: [],
    } as unknown as Parameters<RunningReseau['meetings']['convene']>[2]);
    assert.ok(meeting.meetingId);
    await b.meetings.rsvp(NETWORK, reps.IOM!.aadObjectId, meeting.meetingId, 'inPerson');
    jumpTo('2026-06-18T11:00:00Z');
    const reminded = await Promise.all([a.meetings.tick(NETWORK), b.meetings.tick(NETWORK), a.meetings.tick(NETWORK)]);
    assert.equal(reminded.reduce((sum, count) => sum + count, 0), 1, `the meeting reminded by one pass (${reminded.join(', ')})`);
    const reminders = await settled(/Rappel — Réunion ordinaire\u202f: merci de répondre/, 1);
    assert.equal(reminders.length, EXCOM.length, "the co-chair and the five agencies that have not answered");
    assert.equal(new Set(reminders.map((call) => call.conversationId)).size, reminders.length, 'nobody reminded twice');
  });

  it('the co-chair rotation at the end of the term: one handover, announced once', async () => {
    jumpTo('2027-01-01T00:05:00Z');
    await Promise.all([a.membership.tick(NETWORK), b.membership.tick(NETWORK), a.membership.tick(NETWORK), b.membership.tick(NETWORK)]);
    assert.equal((await settled(/Passation de la coprésidence/, 1)).length, 1);
    assert.equal((await b.membership.rotation(NETWORK))?.current.agencyCode, 'UNHCR');
  });
});
