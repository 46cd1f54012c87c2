/**
 * Issue 12 §5 from outside, over HTTP (local mode, dev sign-in header): every CSV export cell
 * that a spreadsheet would run as a formula comes out defused, and every date a person types
 * (tab API, chat command, card form) exists on the calendar and is bounded, or is refused with
 * the feature's clear message and nothing stored.
 */
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { DecisionDocument } from '../../src/decisions/model';
import { cardTap, chatMessage, refusalOf } from '../support/card-actions';
import { confirmedMember } from '../support/network-members';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { TEST_TENANT_ID, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;

// What spreadsheets run as formulas (CSV injection), as a member could type them.
const FORMULAS = ['=HYPERLINK("http://x","y")', '  =1+1', '+1', '-1', '@SUM(A1)', '\t=cmd|\'/c calc\'!A1', '\r=1+2'];
// A cell a spreadsheet would run: a formula start, also after leading blanks.
const RUNS_AS_FORMULA = /^\s*[=+\-@\t\r]/;

// Dates that Date.parse accepts (or rolls over) and that no deadline may be.
const IMPOSSIBLE = ['2026-02-30T17:00:00Z', '2026-04-31T17:00:00Z', '2026-03-10T25:00:00Z', '2026-03-10T24:01:00Z'];
const UNBOUNDED = ['+275760-09-13T00:00:00Z', '+010000-01-01T00:00:00Z', '2099-03-10T17:00:00Z', '2028-03-03T09:00:00Z'];

describe('dates and exports, from outside (issue 12 §5)', function () {
  this.timeout(60_000);
  let app: ReseauWithClock;
  let rc: TeamsUser;
  const reps: Record<string, TeamsUser> = {};
  let wfp: TeamsUser;

  const api = async (method: string, path: string, as: TeamsUser, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { 'x-reseau-dev-user': as.aadObjectId, 'accept-language': 'fr', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // Kept as sent: fetch's text() would drop a byte order mark.
    const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // CSV downloads are not JSON.
    }
    return { status: response.status, body: json, raw, contentType: response.headers.get('content-type') ?? '' };
  };
  const count = async (type: string) => (await app.store.query(NETWORK, { type })).length;
  const at = (hours: number) => new Date(START.getTime() + hours * 3600_000).toISOString();

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    app = await startReseauWithClock(START, { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });
    const rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
    await chatMessage(app, rc, 'bonjour', { conversation: rcChat });
    for (const agency of EXCOM) reps[agency] = await confirmedMember(app.reseau, rc, { name: `Point focal ${agency}`, agency, role: 'focalPoint' });
    wfp = await confirmedMember(app.reseau, rc, { name: 'Ibrahima Sylla', agency: 'WFP', role: 'member' });
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('the decision register CSV defuses every formula: titles, reservations and objections as typed', async () => {
    for (const formula of FORMULAS) {
      const created = await api('POST', '/decisions', rc, { title: formula, text: { fr: 'Texte.' }, mode: 'consensus', deadline: at(72) });
      assert.equal(created.status, 201, `${JSON.stringify(formula)}: ${created.raw}`);
      const decisionId = (created.body as { decisionId: string }).decisionId;
      const position = await cardTap(app, reps.UNICEF!, 'decision.position', { networkId: NETWORK, decisionId, agencyCode: 'UNICEF', position: 'object', comment: formula });
      assert.notEqual((position.body as { type?: string }).type, 'application/vnd.microsoft.error', JSON.stringify(position.body));
      assert.equal((await api('POST', `/decisions/${decisionId}/close`, rc)).status, 200);
    }
    const csv = await api('GET', '/decisions/export', wfp);
    assert.equal(csv.status, 200, csv.raw);
    assert.match(csv.contentType, /^text\/csv/);
    assert.ok(csv.raw.startsWith('\uFEFF'), 'a BOM for Excel');
    const rows = parse(csv.raw.slice(1), { relax_column_count: false }) as string[][];
    assert.equal(rows.length, FORMULAS.length + 1);
    for (const row of rows.slice(1)) {
      for (const cell of row) assert.ok(!RUNS_AS_FORMULA.test(cell), `a cell a spreadsheet would run: ${JSON.stringify(cell)}`);
    }
    const titles = rows.slice(1).map((row) => row[1]);
    // Titles are stored trimmed (a tab or CR first is trimmed away): each still comes out defused.
    for (const formula of FORMULAS) assert.ok(titles.includes(`'${formula.trim()}`), `${JSON.stringify(formula)} → ${JSON.stringify(titles)}`);
    const objections = rows.slice(1).map((row) => row[8] ?? '');
    assert.ok(objections.some((cell) => cell.includes('UNICEF: =HYPERLINK("http://x","y")')), 'the reason as typed, after the agency');
  });

  it('deadlines from the tab API: impossible or unbounded dates are refused (400, invalidInput), nothing stored', async () => {
    const poll = (deadline: string, options: unknown[] = ['A', 'B'], kind = 'single') => api('POST', '/polls', rc, { question: 'Q ?', kind, options, deadline });
    const decision = (deadline: string, consultationDeadline?: string) =>
      api('POST', '/decisions', rc, { title: 'T', text: { fr: 'x' }, mode: 'consensus', deadline, ...(consultationDeadline ? { consultationDeadline } : {}) });
    for (const bad of [...IMPOSSIBLE, ...UNBOUNDED, 'May 5 2026', '2026-03-10']) {
      for (const [what, response] of [
        ['poll', await poll(bad)],
        ['decision', await decision(bad)],
        ['consultation', await decision(at(200), bad)],
      ] as const) {
        assert.equal(response.status, 400, `${what} ${bad}: ${response.raw}`);
        assert.equal(response.body.code, 'invalidInput', `${what} ${bad}`);
        assert.match(String(response.body.message), /^Saisie invalide\u202f; rien n’a été enregistré\u202f: /);
        // The field by its label, never its code name (issue 15).
        assert.match(String(response.body.message), what === 'consultation' ? /Fin de la consultation\u202f: / : /Échéance\u202f: /, `${what} ${bad}`);
        assert.doesNotMatch(String(response.body.message), /deadline|Deadline/);
      }
    }
    assert.equal(await count('poll'), 0);
    assert.equal(await count('decision'), 0);

    // Slots from the API: a slot on 30 February or three years ahead is refused with invalidSlot.
    for (const slot of [
      { label: 'trente février', start: '2026-02-30T10:00:00Z', end: '2026-02-30T12:00:00Z' },
      { label: 'dans trois ans', start: '2029-03-10T10:00:00Z', end: '2029-03-10T12:00:00Z' },
      { label: 'sans fin', start: '2026-03-10T10:00:00Z', end: '+275760-09-13T00:00:00Z' },
    ]) {
      const response = await poll(at(48), [slot], 'timeSlots');
      assert.equal(response.status, 400, response.raw);
      assert.equal(response.body.code, 'invalidSlot');
    }
    assert.equal(await count('poll'), 0);

    // Extending a decision: same rules, the deadline unchanged.
    const created = await decision(at(48));
    assert.equal(created.status, 201, created.raw);
    const decisionId = (created.body as { decisionId: string }).decisionId;
    for (const bad of [...IMPOSSIBLE, ...UNBOUNDED]) {
      const extended = await api('POST', `/decisions/${decisionId}/extend`, rc, { deadline: bad });
      assert.equal(extended.status, 400, `${bad}: ${extended.raw}`);
    }
    const stored = (await app.store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
    assert.equal(stored?.deadline, at(48));
    assert.deepEqual(stored?.extensions, []);
  });

  it('the chat: a decision form with 30 February or 25:00 and a slot poll with 31/02 are refused with their clear message', async () => {
    for (const [deadlineDate, deadlineTime] of [
      ['2026-02-30', '17:00'],
      ['2026-03-10', '25:00'],
      ['2099-03-10', '17:00'],
    ] as const) {
      const response = await cardTap(app, rc, 'decision.create', { networkId: NETWORK, title: 'Feuille de route', textFr: 'Texte.', mode: 'consensus', deadlineDate, deadlineTime });
      const refused = refusalOf(response);
      assert.equal(refused.code, 'invalidInput', `${deadlineDate} ${deadlineTime}`);
      assert.match(refused.message, /Saisie invalide/);
    }
    assert.equal(await count('decision'), 0);

    const chat = teamsConversation('groupChat');
    app.connector.setRoster(chat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID }]);
    await chatMessage(app, rc, 'sondage créneaux Réunion de mars ? | 31/02 10:00-12:00 | 12/03 10:00-12:00', { conversation: chat });
    const reply = app.connector.activities({ conversationId: chat.id }).at(-1);
    assert.match(String(reply?.text ?? ''), /Créneau refusé\u202f; rien n’a été enregistré\u202f: «\u202f31\/02 10:00-12:00\u202f»/);
    assert.equal(await count('poll'), 0);
  });

  it('meetings from the tab API: a start that does not exist or more than two years ahead is refused (invalidConvocation)', async () => {
    const convene = (start: string, end: string) =>
      api('POST', '/meetings', rc, { kind: 'regular', title: 'Réunion', start, end, timeZone: 'Africa/Conakry', location: { kind: 'iomOffice' }, agenda: [], documents: [], invitees: { kind: 'all' }, externalGuests: [] });
    for (const [start, end] of [
      ['2026-02-30T10:00:00Z', '2026-02-30T12:00:00Z'],
      ['2026-03-10T25:00:00Z', '2026-03-10T26:00:00Z'],
      ['+275760-09-12T10:00:00Z', '+275760-09-12T12:00:00Z'],
      ['2029-03-10T10:00:00Z', '2029-03-10T12:00:00Z'],
    ] as const) {
      const response = await convene(start, end);
      assert.equal(response.status, 400, `${start}: ${response.raw}`);
      assert.equal(response.body.code, 'invalidConvocation', start);
      assert.match(String(response.body.message), /^Convocation refusée\u202f; rien n’a été envoyé\u202f: /);
      assert.match(String(response.body.message), /: (Début|Fin)\u202f: /);
      assert.doesNotMatch(String(response.body.message), /\b(start|end):/);
    }
    assert.equal(await count('meeting'), 0);
    assert.equal((await convene('2026-03-10T10:00:00Z', '2026-03-10T12:00:00Z')).status, 201);
  });

  it('report periods: days that do not exist are refused (400, invalidPeriod)', async () => {
    for (const [from, to] of [
      ['2026-02-30', '2026-03-31'],
      ['2026-01-01', '2026-04-31'],
      ['2026-03-01', '+275760-01-01'],
    ] as const) {
      const response = await api('GET', `/reports?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, wfp);
      assert.equal(response.status, 400, `${from} – ${to}: ${response.raw}`);
    }
    assert.equal((await api('GET', '/reports?from=2026-01-01&to=2026-03-31', wfp)).status, 200);
  });
});
