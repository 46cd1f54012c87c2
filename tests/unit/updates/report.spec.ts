/**
 * The report to the regional network against a seeded data set in a real (temp SQLite) store:
 * meetings as the meetings slice stores them, decisions as the decisions slice stores them,
 * working groups, updates. The figures, then the HTML and Word renderings parsed back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import type { DocumentStore } from '../../../src/store/document-store';
import { openDocumentStore } from '../../../src/store/open-store';
import { reportDocx } from '../../../src/updates/report-docx';
import { reportHtml } from '../../../src/updates/report-html';
import { periodFromDays, reportFigures, type ReportFigures } from '../../../src/updates/report-rules';
import type { AgencyAttendance, AttendanceSummary } from '../../../src/meetings/meeting-model';
import { StoreReportSources, meetingFact } from '../../../src/updates/report-sources';
import { reportView } from '../../../src/updates/report-view';
import { sampleUpdate } from './card-samples';

const NETWORK = 'gn';
const PERIOD = periodFromDays('2026-01-01', '2026-03-31')!;
const CODES = GUINEA_DEFAULT_AGENCIES.map((agency) => agency.code);

const invitee = (aadObjectId: string, agencyCode: string) => ({ aadObjectId, tenantId: 't', name: aadObjectId, agencyCode, language: 'fr' });
const meeting = (id: string, fields: Record<string, unknown>) => ({
  id: `meeting:${id}`,
  networkId: NETWORK,
  type: 'meeting',
  meetingId: id,
  kind: 'regular',
  title: `Réunion ${id}`,
  status: 'scheduled',
  timeZone: 'Africa/Conakry',
  rsvps: {},
  invited: [invitee('a1', 'IOM'), invitee('a2', 'UNHCR'), invitee('a3', 'UNICEF'), invitee('a4', 'IOM')],
  ...fields,
});
const decision = (id: string, fields: Record<string, unknown>) => ({ id: `decision:${id}`, networkId: NETWORK, type: 'decision', decisionId: id, title: `Décision ${id}`, phase: 'closed', ...fields });

/** A well-formedness check for generated XML: balanced tags, quoted attributes, known entities. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    const between = body.slice(last, match.index);
    assert.ok(!/[<>]/.test(between), `stray markup before ${match[0]}: ${between.slice(0, 80)}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(between), `bad entity in ${between.slice(0, 80)}`);
    last = match.index + match[0].length;
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.equal(body.slice(last).trim(), '');
}

/** A statement document as the statements slice stores it (only what the report reads matters). */
const statement = (statementId: string, fields: Record<string, unknown>) => ({
  id: `statement:${statementId}`,
  networkId: NETWORK,
  type: 'statement',
  statementId,
  title: `Déclaration ${statementId}`,
  requestedAt: '2026-01-02T10:00:00.000Z',
  versions: [],
  ...fields,
});

describe('report to the regional network (seeded data set)', () => {
  let dataDir: string;
  let store: DocumentStore;
  let figures: ReportFigures;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-report-'));
    store = await openDocumentStore({ kind: 'sqlite', dataDir });
    const documents = [
      // Held in the period, minutes recorded: IOM and UNHCR present.
      meeting('m1', { start: '2026-01-20T10:00:00.000Z', minutes: { attendance: ['IOM', 'UNHCR'], text: '', links: [], actionItems: [] } }),
      // Held, no minutes: attendance from RSVPs (IOM in person via a4, UNICEF online, UNHCR declined).
      meeting('m2', { start: '2026-03-10T10:00:00.000Z', rsvps: { a4: { response: 'inPerson' }, a3: { response: 'online' }, a2: { response: 'declined' } } }),
      meeting('m3', { start: '2026-02-10T10:00:00.000Z', status: 'cancelled' }),
      meeting('m4', { start: '2026-04-10T10:00:00.000Z' }),
      meeting('m5', { start: '2025-12-10T10:00:00.000Z' }),
      decision('d1', { registerNumber: 'DEC-2026-001', closedAt: '2026-01-25T10:00:00.000Z', outcome: { state: 'adopted', reservations: [], standingAside: [] } }),
      decision('d2', { registerNumber: 'DEC-2026-002', closedAt: '2026-02-25T10:00:00.000Z', outcome: { state: 'noConsensus', objecting: ['UNHCR'], silent: [] } }),
      decision('d3', { phase: 'excom', outcome: { state: 'open' } }),
      decision('d4', { registerNumber: 'DEC-2026-003', closedAt: '2026-04-02T10:00:00.000Z', outcome: { state: 'adopted', reservations: [], standingAside: [] } }),
      statement('s1', { status: 'delivered', delivered: { at: '2026-02-14T10:00:00.000Z', version: 2 } }),
      statement('s2', { status: 'delivered', delivered: { at: '2026-04-14T10:00:00.000Z', version: 1 } }),
      statement('s3', { status: 'clearance' }),
      { id: 'working-group:g1', networkId: NETWORK, type: 'workingGroup', groupId: 'g1', name: 'Données migratoires', objective: 'Harmoniser les données', memberIds: ['a', 'b', 'c'], externalPartners: [{ name: 'X', organisation: 'INS' }], chairId: 'a', reviewDate: '2026-06-30' },
      { id: 'working-group:g2', networkId: NETWORK, type: 'workingGroup', groupId: 'g2', name: 'Retours', objective: 'Suivre les retours', memberIds: ['a'], externalPartners: [], chairId: 'a', reviewDate: '2026-01-31', status: 'closed', reviewState: 'closed' },
    ];
    for (const document of documents) await store.create(document);
    const updates = [
      sampleUpdate({ updateId: 'u1', title: 'Janvier <i>données</i>', objectives: [1, 10], agencyCode: 'IOM', kind: 'data', sharedAt: '2026-01-05T00:00:00.000Z' }),
      sampleUpdate({ updateId: 'u2', title: 'Février traite', objectives: [10], agencyCode: 'UNODC', kind: 'study', sharedAt: '2026-02-05T00:00:00.000Z' }),
      sampleUpdate({ updateId: 'u3', title: 'Mars sans objectif', objectives: [], agencyCode: 'IOM', kind: 'news', sharedAt: '2026-03-31T23:59:59.000Z' }),
      sampleUpdate({ updateId: 'u4', title: 'Avril hors période', objectives: [23], agencyCode: 'IOM', kind: 'news', sharedAt: '2026-04-01T00:00:00.000Z' }),
    ].map((update) => ({ ...update, id: `update:${update.updateId}` }));
    const sources = new StoreReportSources(store);
    figures = reportFigures({
      period: PERIOD,
      now: new Date('2026-03-31T12:00:00Z'),
      agencyCodes: CODES,
      updates,
      meetings: await sources.meetings(NETWORK),
      decisions: await sources.decisions(NETWORK),
      statements: await sources.statements(NETWORK),
      workingGroups: await sources.workingGroups(NETWORK),
      workplans: await sources.workplans(NETWORK, [2026], PERIOD.to),
    });
  });
  after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('counts meetings held in the period and attendance by agency (minutes first, RSVPs otherwise)', () => {
    assert.deepEqual(figures.meetings.held.map((held) => [held.id, held.attendanceFrom]), [['meeting:m1', 'minutes'], ['meeting:m2', 'rsvp']]);
    assert.deepEqual(figures.meetings.attendance, [
      { agencyCode: 'IOM', invited: 2, attended: 2 },
      { agencyCode: 'UNHCR', invited: 2, attended: 1 },
      { agencyCode: 'UNICEF', invited: 2, attended: 1 },
    ]);
  });

  it('lists decisions closed in the period with their outcome', () => {
    assert.deepEqual(figures.decisions.list.map((row) => [row.registerNumber, row.outcome]), [['DEC-2026-001', 'adopted'], ['DEC-2026-002', 'noConsensus']]);
    assert.equal(figures.decisions.adopted, 1);
    assert.equal(figures.decisions.noConsensus, 1);
  });

  it('counts updates per objective (all 23), per kind and per agency, the last second of the period included', () => {
    assert.equal(figures.updates.total, 3);
    assert.equal(figures.updates.byObjective.length, 23);
    assert.deepEqual(figures.updates.byObjective.filter((row) => row.count > 0), [{ objective: 1, count: 1 }, { objective: 10, count: 2 }]);
    assert.equal(figures.updates.withoutObjective, 1);
    assert.deepEqual(figures.updates.byAgency, [{ agencyCode: 'IOM', count: 2 }, { agencyCode: 'UNODC', count: 1 }]);
    assert.deepEqual(figures.updates.byKind.filter((row) => row.count > 0).map((row) => row.kind), ['news', 'data', 'study']);
  });

  it('lists the joint statements delivered in the period (not those in clearance or delivered later), and lists working groups', () => {
    assert.equal(figures.statements.recorded, true);
    assert.deepEqual(figures.statements.list.map((row) => [row.id, row.title, row.deliveredAt]), [['statement:s1', 'Déclaration s1', '2026-02-14T10:00:00.000Z']]);
    assert.deepEqual(figures.workingGroups.list, [
      { name: 'Données migratoires', objective: 'Harmoniser les données', members: 3, externalPartners: 1, reviewDate: '2026-06-30' },
      { name: 'Retours', objective: 'Suivre les retours', members: 1, externalPartners: 0, reviewDate: '2026-01-31', closed: true },
    ]);
    assert.match(reportHtml(reportView('en', figures, GUINEA_DEFAULT_AGENCIES)), /<td>Retours<\/td><td>Suivre les retours<\/td><td>Closed by the Executive Committee at its review\.<\/td>/);
  });

  it('renders an HTML page with the chart of the 23 objectives and every title escaped', () => {
    const html = reportHtml(reportView('fr', figures, GUINEA_DEFAULT_AGENCIES));
    const bars = [...html.matchAll(/data-objective="(\d+)" data-count="(\d+)"/g)].map((match) => Number(match[2]));
    assert.equal(bars.length, 23);
    assert.equal(bars[9], 2);
    assert.match(html, /Janvier &lt;i&gt;données&lt;\/i&gt;/);
    assert.match(html, /DEC-2026-002<\/td><td>[^<]*<\/td><td>Décision d2<\/td><td>pas de consensus/);
    assert.match(html, /Déclarations conjointes publiées<\/h2>[\s\S]*<td>Déclaration s1<\/td>/, 'the statement delivered in the period is listed');
    // The statements table says what it lists (issue 15), not "Décision".
    assert.match(html, /Déclarations conjointes publiées<\/h2>\n<table>\n<thead><tr><th>Date<\/th><th>Déclaration conjointe<\/th><\/tr><\/thead>/);
    // A working group's review day as people read it, not as stored.
    assert.match(html, /revue le 30 juin 2026/);
    assert.ok(!/revue le 2026-/.test(html));
    assert.ok(!html.includes('Pas encore enregistré dans Réseau'), 'every section is recorded now');
    assert.match(html, /\(d’après les réponses, compte rendu non saisi\)/);
    assert.match(html, /Plan de travail par objectif du Pacte mondial<\/h2>\n<p>Aucun plan de travail pour cette période\.<\/p>/, 'no plan: said, not an empty table');
    assert.ok(!/<script/i.test(html));
  });

  it('renders a valid Word package: content types, relationships, well-formed XML, shaded bars for the chart', async () => {
    const buffer = await reportDocx(reportView('en', figures, GUINEA_DEFAULT_AGENCIES));
    assert.equal(buffer.subarray(0, 2).toString(), 'PK');
    const zip = await JSZip.loadAsync(buffer);
    assert.deepEqual(Object.keys(zip.files).filter((name) => !name.endsWith('/')).sort(), ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'word/_rels/document.xml.rels', 'word/document.xml', 'word/styles.xml']);
    for (const name of Object.keys(zip.files).filter((file) => file.endsWith('.xml') || file.endsWith('.rels'))) {
      assertWellFormedXml((await zip.file(name)?.async('string')) ?? '');
    }
    const contentTypes = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
    assert.match(contentTypes, /PartName="\/word\/document.xml" ContentType="application\/vnd.openxmlformats-officedocument.wordprocessingml.document.main\+xml"/);
    const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
    assert.match(document, /Report to the Regional UN Network on Migration/);
    assert.match(document, /Prevent, combat and eradicate trafficking in persons/);
    assert.match(document, /Janvier &lt;i&gt;données&lt;\/i&gt;/);
    // Objective 10 has the most updates: its bar fills all 20 cells; objective 1 half of them.
    const filled = document.split('<w:tr>').map((row) => (row.match(/w:fill="1F6FB2"/g) ?? []).length);
    assert.deepEqual(filled.filter((count) => count > 0), [10, 20]);
  });
});

describe('report sources: a meeting as the meetings slice stores it now', () => {
  it('reads invited and represented agencies from the meeting’s attendance summary (one invitation document per person)', () => {
    const agency = (agencyCode: string, represented: boolean): AgencyAttendance => ({ agencyCode, invited: 2, inPerson: represented ? 1 : 0, online: 0, declined: represented ? 0 : 1, delegated: 0, noAnswer: 1, represented });
    const attendance: AttendanceSummary = { asOf: '2026-03-10T09:00:00.000Z', invited: 6, answered: 3, agencies: [agency('IOM', true), agency('UNHCR', false), agency('WFP', true)] };
    const fact = meetingFact({ id: 'meeting:m9', networkId: NETWORK, type: 'meeting', title: 'Réunion', kind: 'regular', start: '2026-03-10T10:00:00.000Z', status: 'scheduled', attendance });
    assert.deepEqual(fact?.invitedAgencies, ['IOM', 'UNHCR', 'WFP']);
    assert.deepEqual(fact?.attendedAgencies, ['IOM', 'WFP']);
    assert.equal(fact?.attendanceFrom, 'rsvp');
  });
});
