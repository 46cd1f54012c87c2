/**
 * `npm run demo` (scripts/demo.ts): a lived-in network loaded through the services into a temp
 * SQLite store — the counts a newcomer sees, the same data after a second run, and a Cosmos DB
 * store refused with a clear message and a non-zero exit code.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { demoMembers, loadDemo, playgroundPeople } from '../../scripts/demo';
import { GUINEA_DEFAULT_AGENCIES } from '../../src/network/default-directory';

const ROOT = path.resolve(__dirname, '../..');
// Bookkeeping of delivery and scheduling, which the app keeps changing as it runs; the rest is the network's data.
const MOVING = new Set(['outbox', 'outbox-tally', 'delivery-sending-lease', 'updateDigest']);

interface Row {
  readonly id: string;
  readonly type: string;
  readonly body: string;
}

function documents(dataDir: string): Row[] {
  const db = new Database(path.join(dataDir, 'reseau.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT id, type, body FROM documents WHERE network_id = 'gn' ORDER BY id").all() as Row[];
  } finally {
    db.close();
  }
}
const ofType = (rows: readonly Row[], type: string) => rows.filter((row) => row.type === type).map((row) => JSON.parse(row.body) as Record<string, unknown>);

describe('npm run demo', function () {
  this.timeout(120_000);
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'reseau-demo-'));
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads a lived-in Guinea network through the services, and a second run adds nothing', async () => {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const first = await loadDemo(env);
    const loaded = documents(dataDir);
    const second = await loadDemo(env);
    assert.deepEqual(second.created, {}, 'the second run adds nothing');
    const again = documents(dataDir);
    const stable = (rows: readonly Row[]) => rows.filter((row) => !MOVING.has(row.type)).map((row) => `${row.type} ${row.id}`);
    assert.deepEqual(stable(again), stable(loaded), 'the same documents after a second run');

    // The 17 agencies, about 40 confirmed members with a focal point for every agency.
    const [directory] = ofType(again, 'directory');
    assert.deepEqual((directory?.agencies as { code: string }[]).map((agency) => agency.code), GUINEA_DEFAULT_AGENCIES.map((agency) => agency.code));
    const members = ofType(again, 'member');
    assert.equal(first.members, members.length);
    assert.ok(members.length >= 38 && members.length <= 45, `${members.length} members`);
    assert.ok(members.every((member) => member.status === 'confirmed'));
    const focalAgencies = new Set(members.filter((member) => member.agencyRole === 'focalPoint').map((member) => member.agencyCode));
    assert.equal(focalAgencies.size, 17, 'a focal point for every agency');
    assert.ok(members.filter((member) => member.agencyRole === 'alternate').length >= 8, 'alternates too');
    assert.equal(members.filter((member) => member.secretariat === true).length, 1, 'a secretariat');

    // The Playground's current user is the co-chair; its other people are members of their agencies.
    const { people } = playgroundPeople();
    const { coChair } = demoMembers(people);
    const chair = members.find((member) => member.aadObjectId === coChair.aadObjectId);
    assert.deepEqual([chair?.name, chair?.agencyCode, chair?.agencyRole], ['Aminata Camara', 'RCO', 'focalPoint']);
    for (const person of people) assert.ok(members.some((member) => member.aadObjectId === person.aadObjectId), `${person.name} is a member`);

    // A past meeting with RSVPs and minutes, an upcoming one with RSVPs.
    const now = Date.now();
    const meetings = ofType(again, 'meeting');
    const past = meetings.filter((meeting) => Date.parse(String(meeting.end)) < now);
    const upcoming = meetings.filter((meeting) => Date.parse(String(meeting.start)) > now);
    assert.deepEqual([past.length, upcoming.length], [1, 1]);
    assert.ok(past[0]?.minutes, 'the past meeting has minutes');
    assert.ok(ofType(again, 'meetingRsvp').length >= 40, 'RSVPs to both');

    // A member poll with answers, an adopted and an open ExCom decision (plus the plan's), a statement in clearance.
    assert.equal(ofType(again, 'poll').length, 1);
    assert.ok(ofType(again, 'pollAnswer').length >= 20);
    const decisions = ofType(again, 'decision');
    assert.deepEqual(decisions.map((decision) => `${decision.phase}:${(decision.outcome as { state?: string } | undefined)?.state ?? '-'}`).sort(), ['closed:adopted', 'closed:adopted', 'excom:-']);
    const [statement] = ofType(again, 'statement');
    assert.equal(statement?.status, 'clearance');

    // Two dozen updates across GCM objectives; the year's plan adopted with reports.
    const updates = ofType(again, 'migrationUpdate');
    assert.equal(updates.length, 24);
    const objectives = new Set(updates.flatMap((update) => update.objectives as number[]));
    assert.ok(objectives.size >= 18, `${objectives.size} GCM objectives covered`);
    const [plan] = ofType(again, 'workplan');
    assert.equal(plan?.status, 'adopted');
    assert.ok(ofType(again, 'workplanReport').length >= 3);
    // Every change went through the services: each is in the audit trail.
    assert.ok(ofType(again, 'audit').length >= members.length);
  });

  for (const env of [{ STORE_KIND: 'cosmos' }, { COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/' }]) {
    it(`refuses a Cosmos DB store (${Object.keys(env)[0]}) with a clear message, a non-zero exit code and nothing written`, () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'reseau-demo-refused-'));
      try {
        const run = spawnSync(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', path.join(ROOT, 'scripts/demo.ts')], {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: dir, ...env },
          encoding: 'utf8',
          timeout: 60_000,
        });
        assert.notEqual(run.status, 0);
        assert.match(run.stderr, /embedded SQLite store only.*nothing was written/s);
        assert.deepEqual(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout, '', 'no store file created');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
