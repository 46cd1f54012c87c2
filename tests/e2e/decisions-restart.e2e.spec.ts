/**
 * The decisions scheduler survives a restart: due times live in the documents, so an app
 * started after the deadline (a deploy, a crash) closes and numbers what fell due meanwhile.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { DecisionDocument } from '../../src/decisions/model';
import { createLogger } from '../../src/logger';
import { startReseau } from '../../src/main';
import { startFakeConnector } from '../support/fake-connector';
import { TEST_TENANT_ID, teamsUser } from '../support/teams-activities';

describe('decisions: the scheduler after a restart', function () {
  this.timeout(30_000);

  it('closes at the next start a silence procedure whose deadline passed while the app was down, and numbers it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-restart-'));
    const connector = await startFakeConnector();
    const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });
    const clock = { now: new Date('2026-03-02T09:00:00Z') };
    try {
      const first = await startReseau(config, { logger: createLogger('silent'), now: () => clock.now });
      await first.membership.firstContact('gn', { aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID, name: rc.name, email: 'rc.guinee@un.org', language: 'fr' });
      const created = await first.decisions.createDecision('gn', { aadObjectId: rc.aadObjectId, name: rc.name }, {
        title: 'Calendrier 2026',
        text: { fr: 'Calendrier des réunions.' },
        mode: 'silenceProcedure',
        deadline: '2026-03-05T17:00:00Z',
      });
      await first.stop();

      clock.now = new Date('2026-03-06T08:00:00Z');
      const second = await startReseau(config, { logger: createLogger('silent'), now: () => clock.now });
      try {
        // The scheduler's first pass runs at start; wait for it rather than calling tick.
        const deadline = Date.now() + 10_000;
        let decision: DecisionDocument | undefined;
        while (Date.now() < deadline) {
          decision = (await second.store.get<DecisionDocument>('gn', created.id))?.document;
          if (decision?.registerNumber) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        assert.equal(decision?.outcome?.state, 'adopted');
        assert.equal(decision?.closeReason, 'deadline');
        assert.equal(decision?.registerNumber, 'DEC-2026-001');
      } finally {
        await second.stop();
      }
    } finally {
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
