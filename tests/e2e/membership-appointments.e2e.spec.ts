/**
 * The secretariat manages and confirms members of every agency, but who represents a governing
 * agency (IOM, RCO, the rotating co-chair — who co-chair — and the ExCom agencies) is for
 * co-chairs: over the tab API (local mode, dev sign-in), a secretariat member can neither make
 * themself nor anyone else an IOM or RCO focal point or alternate — by a change, by confirming
 * a request, or by a CSV import — and the store is unchanged.
 */
import assert from 'node:assert/strict';
import type { MemberDocument } from '../../src/network/model';
import { postActivity } from '../support/bot-client';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, adaptiveCardAction, message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';

describe('appointments to co-chair seats over the tab API', function () {
  this.timeout(60_000);
  let app: ReseauUnderTest;
  const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
  const officer = teamsUser({ name: 'Officier RCO', email: 'officier@un.org', userPrincipalName: 'officier@un.org' });
  const other = teamsUser({ name: 'Autre membre', email: 'autre@who.int', userPrincipalName: 'autre@who.int' });
  const candidate = teamsUser({ name: 'Candidate OIM', email: 'candidate@iom.int', userPrincipalName: 'candidate@iom.int' });

  const api = async (method: string, path: string, user: TeamsUser, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { 'x-reseau-dev-user': user.aadObjectId, 'x-reseau-dev-tenant': TEST_TENANT_ID, 'accept-language': 'fr-FR', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>, text };
  };
  /**
   * Every membership document of the network (members, audit trail, directory, rotation), to
   * prove a refusal wrote nothing; the outbox and conversation references move on their own.
   */
  const MEMBERSHIP_TYPES = new Set(['member', 'audit', 'directory', 'cochairRotation', 'workingGroup']);
  const everything = () => JSON.stringify(app.partition(NETWORK).filter((doc) => MEMBERSHIP_TYPES.has(String(doc.type))));

  beforeEach(async () => {
    // A bare object id in NETWORK_ADMINS is the secretariat grant.
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${TEST_TENANT_ID}/${rc.aadObjectId}=cochair, ${TEST_TENANT_ID}/${officer.aadObjectId}` } });
    assert.ok(((await api('GET', '/me', rc)).body.roles as string[]).includes('coChair'));
    const me = await api('GET', '/me', officer);
    assert.ok((me.body.roles as string[]).includes('secretariat') && !(me.body.roles as string[]).includes('coChair'), me.text);
    // A WHO member, imported bound by the co-chair…
    const imported = await api('POST', '/members/import', rc, { csv: `agency,name,role,objectId,tenantId\nWHO,Autre membre,member,${other.aadObjectId},${TEST_TENANT_ID}\n` });
    assert.equal(imported.body.created, 1, imported.text);
    // …and someone asking, in the bot, to join as IOM focal point (pending).
    const chat = teamsConversation('personal');
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: candidate, conversation: chat, text: 'bonjour' }));
    await postActivity(
      app.url,
      adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: candidate, conversation: chat, verb: 'network.join', data: { networkId: NETWORK, agencyCode: 'IOM', agencyRole: 'focalPoint' } }),
    );
    assert.equal((await app.store.get<MemberDocument>(NETWORK, `member:${candidate.aadObjectId.toLowerCase()}`))?.document.status, 'pending');
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('refuses a secretariat member making themself or anyone an IOM or RCO focal point or alternate, confirming an IOM focal point, or importing one — and changes nothing', async () => {
    const before = everything();
    const self = `member:${officer.aadObjectId.toLowerCase()}`;
    const someone = `member:${other.aadObjectId.toLowerCase()}`;
    const attempts: [string, string, unknown, string][] = [
      [`/members/${self}`, 'PUT', { agencyCode: 'IOM', agencyRole: 'focalPoint' }, 'ownMembership'],
      [`/members/${self}`, 'PUT', { agencyCode: 'IOM', agencyRole: 'alternate' }, 'ownMembership'],
      [`/members/${self}`, 'PUT', { agencyRole: 'alternate' }, 'ownMembership'],
      [`/members/${someone}`, 'PUT', { agencyCode: 'IOM', agencyRole: 'focalPoint' }, 'appointmentReserved'],
      [`/members/${someone}`, 'PUT', { agencyCode: 'IOM', agencyRole: 'alternate' }, 'appointmentReserved'],
      [`/members/${someone}`, 'PUT', { agencyCode: 'RCO', agencyRole: 'alternate' }, 'appointmentReserved'],
      [`/members/member:${candidate.aadObjectId.toLowerCase()}/confirm`, 'POST', { agencyCode: 'IOM' }, 'appointmentReserved'],
    ];
    for (const [path, method, body, code] of attempts) {
      const answer = await api(method, path, officer, body);
      assert.equal(answer.status, 403, `${method} ${path} ${JSON.stringify(body)}: ${answer.text}`);
      assert.equal(answer.body.code, code, answer.text);
      if (code === 'appointmentReserved') assert.match(String(answer.body.message), /Seul un coprésident/);
    }
    const imported = await api('POST', '/members/import', officer, {
      csv: `agency,name,email,role,objectId\nIOM,Officier RCO,,focal point,${officer.aadObjectId}\nRCO,Complice,complice@un.org,alternate,\nIOM,Autre membre,,alternate,${other.aadObjectId}\n`,
    });
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual((imported.body.rejected as { line: number; rejection: string }[]).map((row) => [row.line, row.rejection]), [
      [2, 'ownMembership'],
      [3, 'appointmentReserved'],
      [4, 'appointmentReserved'],
    ]);
    assert.deepEqual([imported.body.created, imported.body.updated], [0, 0]);

    assert.ok(everything() === before, 'the store is unchanged');
    assert.ok(!((await api('GET', '/me', officer)).body.roles as string[]).includes('coChair'));
    assert.ok(!((await api('GET', '/me', other)).body.roles as string[]).includes('coChair'));
    // The co-chair may: the refusal is about who decides, not about the request.
    assert.equal((await api('POST', `/members/member:${candidate.aadObjectId.toLowerCase()}/confirm`, rc, { agencyCode: 'IOM' })).status, 200);
  });
});
