/**
 * A decision's page shows each agency's position and its history (issue 16), through the real
 * HTTP endpoints of a deployment serving two networks (Guinea, Senegal): UNHCR changes its
 * position twice by clicking the ExCom card (its focal point, then its alternate, then its focal
 * point again); `GET /api/v1/decisions/:id` gives the three voices newest first, the latest
 * current, with who cast each and in what capacity for a confirmed member, without who for a
 * pending one. Senegal's co-chair — another network's person — is refused the page (in either
 * network) and the position, nothing of the decision reaches them and nothing is stored.
 */
import assert from 'node:assert/strict';
import { agencyVoiceDocumentId, type AgencyVoiceDocument } from '../../src/agency-voices/model';
import { RECORD_VOICES_LIMIT } from '../../src/agency-voices/voice-rules';
import { apiCall } from '../support/api-client';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const START = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

interface HistoryEntry {
  readonly position: string;
  readonly comment?: string;
  readonly castAt: string;
  readonly castBy?: string;
  readonly castByRole?: string;
  readonly status: string;
}
interface DecisionPage {
  readonly decision: { readonly positions: readonly { readonly agencyCode: string; readonly position: string; readonly history?: readonly HistoryEntry[] }[] };
}

describe('a decision’s page: each agency’s position and its history (NETWORK_IDS=gn,sn)', function () {
  this.timeout(120_000);
  const rcGn = teamsUser({ name: 'Coordonnatrice Guinée' });
  const rcSn = teamsUser({ name: 'Coordonnateur Sénégal' });
  const fatou = teamsUser({ name: 'Fatou Bangoura' });
  const moussa = teamsUser({ name: 'Moussa Keita' });
  const ibrahima = teamsUser({ name: 'Ibrahima Sylla' });
  const mariama = teamsUser({ name: 'Mariama Touré' });
  let app: ReseauUnderTest & { readonly clock: { now: Date } };
  let decisionId = '';

  const api = (as: TeamsUser, path: string, headers: Record<string, string> = {}) => apiCall(app.url, 'GET', path, as, undefined, 'fr-FR', headers);
  const click = (as: TeamsUser, position: string, comment?: string, networkId = 'gn') =>
    app.post(
      adaptiveCardAction({
        serviceUrl: app.connector.serviceUrl,
        user: as,
        conversation: teamsConversation('personal'),
        verb: 'decision.position',
        data: { networkId, decisionId, agencyCode: 'UNHCR', position, ...(comment ? { comment } : {}) },
      }),
    );
  const unhcrHistory = async (as: TeamsUser) => {
    const page = await api(as, `/decisions/${decisionId}`);
    assert.equal(page.status, 200, page.raw);
    return (page.body as unknown as DecisionPage).decision.positions.find((entry) => entry.agencyCode === 'UNHCR');
  };
  const unhcrRecord = () => app.partition('gn').find((doc) => doc.id === agencyVoiceDocumentId({ kind: 'decision', subjectId: decisionId, round: 1 }, 'UNHCR'));

  before(async function () {
    this.timeout(120_000);
    app = (await startReseauUnderTest({
      clockStart: START,
      env: { NETWORK_IDS: 'gn,sn', NETWORK_ADMINS_GN: `${rcGn.aadObjectId}=cochair`, NETWORK_ADMINS_SN: `${rcSn.aadObjectId}=cochair`, LOG_LEVEL: 'warn' },
    })) as ReseauUnderTest & { readonly clock: { now: Date } };
    for (const rc of [rcGn, rcSn]) await app.post(message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: teamsConversation('personal'), text: 'bonjour' }));
    await app.post(botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: teamsConversation('channel'), user: rcGn }));
    const join = async (user: TeamsUser, agency: string, role: 'focalPoint' | 'alternate' | 'member', confirm = true) => {
      await app.reseau.membership.requestToJoin('gn', { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, role);
      if (confirm) await app.reseau.membership.confirm('gn', rcGn.aadObjectId, user.aadObjectId, agency);
    };
    await join(fatou, 'UNHCR', 'focalPoint');
    await join(moussa, 'UNHCR', 'alternate');
    await join(ibrahima, 'WFP', 'member');
    await join(mariama, 'UNHCR', 'member', false);
    const created = await apiCall(app.url, 'POST', '/decisions', rcGn, { title: 'Adopter le plan de travail 2027', text: { fr: 'Proposition.' }, mode: 'consensus', deadline: new Date(START.getTime() + 5 * 24 * HOUR).toISOString() });
    assert.equal(created.status, 201, created.raw);
    decisionId = String(created.body.decisionId);
  });
  after(async () => {
    await app?.stop();
  });

  it('UNHCR changes its position twice on the card: the page gives three voices, newest first, the latest current, with who and in what capacity', async () => {
    for (const [as, position, comment] of [
      [fatou, 'object', 'Il manque la ligne budgétaire.'],
      [moussa, 'agreeWithReservations', 'Sous réserve du budget.'],
      [fatou, 'agree', undefined],
    ] as const) {
      const answered = await click(as, position, comment);
      assert.equal((answered.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(answered.body).slice(0, 300));
      app.clock.now = new Date(app.clock.now.getTime() + HOUR);
    }
    const unhcr = await unhcrHistory(ibrahima);
    assert.equal(unhcr?.position, 'agree', 'the position that counts');
    assert.deepEqual(unhcr?.history, [
      { position: 'agree', castAt: '2026-03-02T11:00:00.000Z', castBy: 'Fatou Bangoura', castByRole: 'focalPoint', status: 'current' },
      { position: 'agreeWithReservations', comment: 'Sous réserve du budget.', castAt: '2026-03-02T10:00:00.000Z', castBy: 'Moussa Keita', castByRole: 'alternate', status: 'replaced' },
      { position: 'object', comment: 'Il manque la ligne budgétaire.', castAt: '2026-03-02T09:00:00.000Z', castBy: 'Fatou Bangoura', castByRole: 'focalPoint', status: 'replaced' },
    ]);
  });

  it('a pending member reads the same history without who cast it; no object id or request id reaches anyone', async () => {
    const unhcr = await unhcrHistory(mariama);
    assert.deepEqual(unhcr?.history?.map((entry) => [entry.position, entry.status, entry.castBy, entry.castByRole]), [
      ['agree', 'current', undefined, undefined],
      ['agreeWithReservations', 'replaced', undefined, undefined],
      ['object', 'replaced', undefined, undefined],
    ]);
    for (const as of [mariama, ibrahima, rcGn]) {
      const raw = (await api(as, `/decisions/${decisionId}`)).raw;
      for (const trace of [fatou.aadObjectId, moussa.aadObjectId, '"requestId"', '"sequence"', '"etag"', 'decision-position']) assert.ok(!raw.includes(trace), `${as.name} reads ${trace}`);
    }
  });

  it('Senegal’s co-chair is refused the page in either network and the position; nothing of it reaches them, nothing is stored', async () => {
    const before = JSON.stringify(unhcrRecord());
    const secrets = ['Adopter le plan de travail 2027', 'Fatou Bangoura', 'Moussa Keita', 'Sous réserve du budget', 'Il manque la ligne'];
    const inSn = await api(rcSn, `/decisions/${decisionId}`);
    const inGn = await api(rcSn, `/decisions/${decisionId}`, { 'x-reseau-network': 'gn' });
    assert.equal(inSn.status, 404, inSn.raw);
    assert.equal(inGn.status, 403, inGn.raw);
    for (const answer of [inSn, inGn]) for (const secret of secrets) assert.ok(!answer.raw.includes(secret), `${secret} in ${answer.raw}`);

    for (const networkId of ['gn', 'sn']) {
      const refused = await click(rcSn, 'object', 'Non.', networkId);
      const body = JSON.stringify(refused.body);
      const error = refused.body as { type?: string; statusCode?: number; value?: { message?: string } };
      assert.equal(error.type, 'application/vnd.microsoft.error', `a position on Guinea’s decision from Senegal (${networkId}): ${body.slice(0, 300)}`);
      assert.ok(Number(error.statusCode) >= 400 && Number(error.statusCode) < 500, body);
      assert.match(String(error.value?.message), /rien n’a été enregistré/, body);
      for (const secret of secrets) assert.ok(!body.includes(secret), `${secret} in ${body}`);
    }
    assert.equal(JSON.stringify(unhcrRecord()), before, 'UNHCR’s record is unchanged');
    assert.equal((await unhcrHistory(ibrahima))?.history?.length, 3);
  });

  it('ten more voices later the page gives all thirteen, newest first, while UNHCR’s record keeps only its latest (the older ones archived after the cards’ refresh)', async () => {
    for (let index = 0; index < 10; index += 1) {
      const [as, position, comment] = index % 2 === 0 ? [moussa, 'object', `Objection ${index}.`] : [fatou, 'agree', undefined];
      const answered = await click(as, position, comment);
      assert.equal((answered.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(answered.body).slice(0, 300));
      app.clock.now = new Date(app.clock.now.getTime() + HOUR);
    }
    await app.reseau.decisions.cardsIdle();
    const record = unhcrRecord() as AgencyVoiceDocument | undefined;
    assert.ok(record && record.record.history.length <= RECORD_VOICES_LIMIT, `UNHCR’s record holds ${record?.record.history.length} voices`);
    assert.ok((record.archivedPages ?? 0) >= 1, 'the older voices are on an archive page');
    const unhcr = await unhcrHistory(ibrahima);
    assert.equal(unhcr?.position, 'agree', 'Fatou’s last click counts');
    const history = unhcr?.history ?? [];
    assert.equal(history.length, 13);
    assert.deepEqual(history.map((entry) => entry.status), ['current', ...Array<string>(12).fill('replaced')]);
    assert.ok(history.every((entry, index) => index === 0 || Date.parse(entry.castAt) < Date.parse(history[index - 1]!.castAt)), 'newest first');
    assert.deepEqual(history.slice(-3).map((entry) => [entry.position, entry.castBy]), [
      ['agree', 'Fatou Bangoura'],
      ['agreeWithReservations', 'Moussa Keita'],
      ['object', 'Fatou Bangoura'],
    ]);
    assert.deepEqual(history.filter((entry) => entry.position === 'object').map((entry) => entry.comment).slice(0, 5), ['Objection 8.', 'Objection 6.', 'Objection 4.', 'Objection 2.', 'Objection 0.']);
  });
});
