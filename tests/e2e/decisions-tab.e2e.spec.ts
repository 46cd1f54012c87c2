/**
 * The decisions API as the tab's Decisions page uses it, through the real HTTP endpoint: an
 * ExCom representative casts their agency's position (then it leaves their My work), anyone else
 * is refused with nothing recorded, an objection needs its reason, and only co-chairs extend or
 * close; the register and its CSV are readable by members, not by strangers.
 */
import assert from 'node:assert/strict';
import { withMyWorkNetwork, type MyWorkNetwork } from '../support/my-work-fixture';
import type { TeamsUser } from '../support/teams-activities';

describe('decisions API for the tab', function () {
  this.timeout(60_000);
  let net!: MyWorkNetwork;
  withMyWorkNetwork((started) => (net = started));

  const call = async (user: TeamsUser, method: 'GET' | 'POST', path: string, body?: unknown, language = 'fr') => {
    const response = await fetch(`${net.app.url}/api/v1${path}`, {
      method,
      headers: { 'x-reseau-dev-user': user.aadObjectId, 'accept-language': language, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, json: (text.startsWith('{') ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined };
  };
  const answered = async () => ((await call(net.rc, 'GET', `/decisions/${net.decisionId}`)).json as { decision: { tally: { answered: string[] } } }).decision.tally.answered;

  it('refuses a position from a member of a non-ExCom agency, a pending member and a stranger, recording nothing', async () => {
    for (const user of [net.members.ibrahima, net.pending, net.stranger]) {
      const refused = await call(user, 'POST', `/decisions/${net.decisionId}/position`, { position: 'agree' });
      assert.equal(refused.status, 403, user.name);
    }
    assert.deepEqual(await answered(), []);
  });

  it('an objection without its reason is refused in the reader’s language; a made-up position is a 400', async () => {
    const objection = await call(net.fatou, 'POST', `/decisions/${net.decisionId}/position`, { position: 'object' }, 'en');
    assert.equal(objection.status, 400);
    assert.equal(objection.json?.code, 'commentRequired');
    assert.match(String(objection.json?.message), /objection/i);
    assert.equal((await call(net.fatou, 'POST', `/decisions/${net.decisionId}/position`, { position: 'veto' })).status, 400);
    assert.deepEqual(await answered(), []);
  });

  it('the ExCom focal point casts UNHCR’s position from the tab; it leaves their My work', async () => {
    const cast = await call(net.fatou, 'POST', `/decisions/${net.decisionId}/position`, { position: 'agreeWithReservations', comment: 'Sous réserve du budget.' });
    assert.equal(cast.status, 200, cast.text);
    const decision = cast.json as { positions: { agencyCode: string; position: string; comment: string; castBy: string }[] };
    assert.deepEqual(decision.positions.map(({ agencyCode, position, comment, castBy }) => ({ agencyCode, position, comment, castBy })), [
      { agencyCode: 'UNHCR', position: 'agreeWithReservations', comment: 'Sous réserve du budget.', castBy: 'Fatou Bangoura' },
    ]);
    const myWork = (await call(net.fatou, 'GET', '/my-work')).json as { counts: { position: number } };
    assert.equal(myWork.counts.position, 0);
  });

  it('refuses a decision’s bad input saying what to fix in the reader’s language, not in English written in code; nothing is stored', async () => {
    const before = (await call(net.rc, 'GET', `/decisions/${net.decisionId}`)).json as { decision: { deadline: string } };
    const earlier = new Date(Date.parse(before.decision.deadline) - 3_600_000).toISOString();
    const notLater = await call(net.rc, 'POST', `/decisions/${net.decisionId}/extend`, { deadline: earlier });
    assert.equal(notLater.status, 400);
    assert.equal(notLater.json?.message, 'Saisie invalide\u202f; rien n’a été enregistré\u202f: la nouvelle échéance doit venir après l’actuelle');
    const deadline = new Date(Date.now() + 9 * 86_400_000).toISOString();
    const count = async () => ((await call(net.rc, 'GET', '/decisions')).json as { decisions: unknown[] }).decisions.length;
    const decisionsBefore = await count();
    const noText = await call(net.rc, 'POST', '/decisions', { title: 'Sans texte', text: {}, mode: 'consensus', deadline }, 'en');
    assert.equal(noText.status, 400);
    assert.equal(noText.json?.message, 'Invalid input; nothing was recorded: give the text in French, in English or in both');
    const consultation = await call(net.rc, 'POST', '/decisions', { title: 'Consultation trop tardive', text: { fr: 'Texte.' }, mode: 'consensus', deadline, consultationDeadline: new Date(Date.parse(deadline) + 3_600_000).toISOString() });
    assert.equal(consultation.status, 400);
    assert.match(String(consultation.json?.message), /la consultation doit finir avant l’échéance de la décision$/);
    assert.equal(await count(), decisionsBefore, 'no decision stored');
    assert.equal(((await call(net.rc, 'GET', `/decisions/${net.decisionId}`)).json as { decision: { deadline: string } }).decision.deadline, before.decision.deadline);
  });

  it('only co-chairs extend or close; the register and its CSV are for members only', async () => {
    const later = new Date(Date.now() + 9 * 86_400_000).toISOString();
    assert.equal((await call(net.fatou, 'POST', `/decisions/${net.decisionId}/extend`, { deadline: later })).status, 403);
    assert.equal((await call(net.fatou, 'POST', `/decisions/${net.decisionId}/close`, {})).status, 403);
    const extended = await call(net.rc, 'POST', `/decisions/${net.decisionId}/extend`, { deadline: later });
    assert.equal(extended.status, 200, extended.text);
    assert.equal(extended.json?.deadline, later);
    const closed = await call(net.rc, 'POST', `/decisions/${net.decisionId}/close`, {});
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json?.phase, 'closed');
    assert.match(String(closed.json?.registerNumber), /^DEC-\d{4}-\d{3}$/);
    const register = await call(net.members.ibrahima, 'GET', `/decisions?status=closed&year=${new Date().getUTCFullYear()}`);
    assert.equal(register.status, 200);
    assert.ok((register.json as { decisions: { title: string }[] }).decisions.some((entry) => entry.title === 'Adopter le plan de travail 2027'));
    assert.equal((await call(net.stranger, 'GET', '/decisions')).status, 403);
    const csv = await call(net.members.ibrahima, 'GET', '/decisions/export?status=closed');
    assert.equal(csv.status, 200);
    assert.match(csv.text, /Adopter le plan de travail 2027/);
  });
});
