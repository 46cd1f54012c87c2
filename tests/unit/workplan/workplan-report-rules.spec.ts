/**
 * The work plan in the regional report and in the annual review's progress pack: the version in
 * force at the period's end, the activities running in the period by GCM objective, indicator
 * values as known at the period's end (property: reports on later quarters change nothing), and
 * the section rendered in French and English, in HTML (SVG chart on a 0–100 scale, themes) and Word.
 */
import assert from 'node:assert/strict';
import { TRAINING, activityDocument, reportDocument } from './documents';
import fc from 'fast-check';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import type { ActionItemDocument, ActivityContent, ActivityDocument, PlanDocument, Quarter, ReportDocument } from '../../../src/workplan/model';
import { activitySpan, periodYears, progressPackData, workplanReportData, type WorkplanFacts } from '../../../src/workplan/workplan-report-rules';
import { reportFigures } from '../../../src/updates/report-rules';
import { reportView } from '../../../src/updates/report-view';
import { reportHtml } from '../../../src/updates/report-html';
import { documentXml } from '../../../src/updates/report-docx';
import { progressPackView } from '../../../src/workplan/workplan-pack';

const NETWORK = 'gn';
const Q1 = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
const Q2 = { from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
const actor = { aadObjectId: 'a1', name: 'Coordonnatrice' };

const training: ActivityContent = { ...TRAINING, description: { fr: 'Former les agents <police>', en: 'Train border officers' } };
const meals: ActivityContent = { ...training, description: { fr: 'Repas aux points de transit' }, objectives: [15], leadAgency: 'WFP', contributingAgencies: [], period: { kind: 'dates', start: '2026-04-01', end: '2026-09-30' }, indicators: [{ id: 'i1', label: { fr: 'Repas' }, unit: 'count', baseline: 0, target: 10000 }] };
const survey: ActivityContent = { ...training, description: { fr: 'Enquête', en: 'Survey' }, objectives: [7], leadAgency: 'UNHCR', period: { kind: 'quarters', from: 1, to: 1 }, indicators: [], status: 'cancelled' };

const plan = (adoptedAt = '2026-01-20T10:00:00.000Z'): PlanDocument => ({
  id: 'workplan:2026',
  networkId: NETWORK,
  type: 'workplan',
  planYear: 2026,
  title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' },
  status: 'adopted',
  versions: [{ version: 1, decisionId: 'd1', registerNumber: 'DEC-2026-001', adoptedAt }],
  createdBy: actor,
  createdAt: '2026-01-05T00:00:00.000Z',
  updatedAt: adoptedAt,
});
const activity = (activityId: string, content: ActivityContent, proposedAt: string): ActivityDocument => activityDocument(activityId, content, proposedAt);
const report = (activityId: string, quarter: Quarter, value: number | undefined, status: ReportDocument['status'] = 'ongoing'): ReportDocument =>
  reportDocument(activityId, quarter, { status, values: value === undefined ? [] : [{ indicatorId: 'i1', value, unit: 'people' }], narrative: '' }, new Date(Date.UTC(2026, quarter * 3, 5)).toISOString());
const facts = (reports: ReportDocument[] = [report('a', 1, 30), report('a', 2, 60)], adoptedAt?: string): WorkplanFacts => ({
  plan: plan(adoptedAt),
  activities: [activity('a', training, '2026-01-06T00:00:00.000Z'), activity('b', meals, '2026-01-07T00:00:00.000Z'), activity('c', survey, '2026-01-08T00:00:00.000Z')],
  reports,
});

describe('work plan in the report: figures', () => {
  it('Q1: the activities running in it by objective, the values reported on Q1 only, a cancelled one listed without progress', () => {
    const data = workplanReportData(facts(), Q1);
    assert.equal(data.version, 1);
    assert.equal(data.registerNumber, 'DEC-2026-001');
    assert.deepEqual(data.objectives.map((section) => [section.objective, section.progress, section.activities.map((row) => row.activityId)]), [[7, 0.25, ['a', 'c']], [11, 0.25, ['a']]]);
    const a = data.objectives[0]!.activities[0]!;
    assert.deepEqual([a.status, a.progress, a.indicators[0]?.value, a.indicators[0]?.progress], ['ongoing', 0.25, 30, 0.25]);
    assert.equal(data.objectives[0]!.activities[1]!.progress, undefined);
  });

  it('Q2: the later report counts, an activity given in dates appears from its start, one of Q1 only is gone', () => {
    const data = workplanReportData(facts(), Q2);
    assert.deepEqual(data.objectives.map((section) => [section.objective, section.progress, section.activities.map((row) => row.activityId)]), [[7, 0.5, ['a']], [11, 0.5, ['a']], [15, 0, ['b']]]);
  });

  it('a past period is reported on the version then in force, read from its snapshot, not on an amendment adopted since', () => {
    const amended: ActivityContent = { ...training, indicators: [{ ...training.indicators[0]!, target: 150 }] };
    const base = facts([report('a', 1, 30), report('a', 2, 75)]);
    const later: WorkplanFacts = {
      ...base,
      plan: { ...base.plan, versions: [...base.plan.versions, { version: 2, decisionId: 'd2', registerNumber: 'DEC-2026-007', adoptedAt: '2026-05-01T00:00:00.000Z' }] },
      activities: base.activities.map((entry) => (entry.activityId === 'a' ? { ...entry, content: amended, adopted: { version: 2, content: amended } } : { ...entry, adopted: { version: 2, content: entry.content } })),
      snapshots: [{ id: 'workplan-version:2026:1', networkId: NETWORK, type: 'workplanVersion', planYear: 2026, version: 1, state: 'adopted', title: base.plan.title, activities: base.activities.map((entry) => ({ activityId: entry.activityId, content: entry.content })), submittedAt: '2026-01-15T00:00:00.000Z' }],
    };
    const q1 = workplanReportData(later, Q1);
    assert.deepEqual([q1.version, q1.registerNumber, q1.objectives[0]?.activities[0]?.indicators[0]?.target], [1, 'DEC-2026-001', 120]);
    const q2 = workplanReportData(later, Q2);
    assert.deepEqual([q2.version, q2.objectives[0]?.activities[0]?.indicators[0]?.target, q2.objectives[0]?.progress], [2, 150, 0.5]);
  });

  it('a plan adopted after the period says "not adopted by then": no activity listed', () => {
    const data = workplanReportData(facts(undefined, '2026-04-10T00:00:00.000Z'), Q1);
    assert.equal(data.version, 0);
    assert.deepEqual(data.objectives, []);
  });

  it('property: reports on quarters after the period change nothing; progress stays within 0–1; an activity is under each of its objectives', () => {
    const quarter = fc.constantFrom<Quarter>(1, 2, 3, 4);
    const aReport = fc.record({ activityId: fc.constantFrom('a', 'b', 'c'), quarter, value: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }), status: fc.constantFrom('planned', 'ongoing', 'done', 'delayed', 'cancelled' as const) });
    fc.assert(
      fc.property(fc.uniqueArray(aReport, { selector: (entry) => `${entry.activityId}:${entry.quarter}`, maxLength: 12 }), quarter, (raw, reportQuarter) => {
        const period = { from: new Date(Date.UTC(2026, (reportQuarter - 1) * 3, 1)).toISOString(), to: new Date(Date.UTC(2026, reportQuarter * 3, 1)).toISOString() };
        const all = raw.map((entry) => report(entry.activityId, entry.quarter, entry.value, entry.status));
        const upToPeriod = all.filter((entry) => entry.quarter <= reportQuarter);
        const data = workplanReportData(facts(all), period);
        assert.deepEqual(data, workplanReportData(facts(upToPeriod), period));
        for (const section of data.objectives) {
          assert.ok(section.progress >= 0 && section.progress <= 1);
          for (const row of section.activities) {
            assert.ok(row.objectives.includes(section.objective));
            const span = activitySpan(2026, facts().activities.find((entry) => entry.activityId === row.activityId)!.content);
            assert.ok(span.from < Date.parse(period.to) && span.to > Date.parse(period.from), 'runs in the period');
          }
        }
      }),
    );
  });

  it('the years a period touches (its end exclusive)', () => {
    assert.deepEqual(periodYears(Q1), [2026]);
    assert.deepEqual(periodYears({ from: '2025-10-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }), [2025, 2026]);
  });
});

describe('work plan in the report: rendered', () => {
  const figures = (workplans: WorkplanFacts[] | undefined) =>
    reportFigures({ period: Q1, now: new Date('2026-03-31T12:00:00Z'), agencyCodes: ['IOM', 'WFP', 'UNHCR'], updates: [], meetings: [], decisions: [], statements: [], workingGroups: [], workplans });

  it('HTML in French: the section, the chart on a 0–100 scale with its track, each objective with activities, lead, indicator against baseline/target, status', () => {
    const html = reportHtml(reportView('fr', figures([facts()]), GUINEA_DEFAULT_AGENCIES));
    const section = html.slice(html.indexOf('<h2>Plan de travail par objectif du Pacte mondial</h2>'));
    assert.match(section, /Plan de travail 2026, version 1 en vigueur \(décision DEC-2026-001\)\u202f: 2 activités sur la période\./);
    assert.deepEqual([...section.matchAll(/data-goal="(\d+)" data-progress="(\d+)"/g)].map((match) => [match[1], match[2]]), [['7', '25'], ['11', '25']]);
    assert.equal((section.match(/class="chart-track"/g) ?? []).length, 2);
    assert.match(section, /<h3>Objectif 7\. [^<]+ — avancement 25 %<\/h3>/);
    assert.match(section, /<td>Former les agents &lt;police&gt;<\/td><td>[^<]*\(IOM\)<\/td><td>Agents formés\u202f: 30 \(0 → 120 personnes, 25 %\)<\/td><td>En cours<\/td><td>25 %<\/td>/);
    assert.match(section, /<td>Enquête<\/td>[^\n]*<td>Annulée<\/td><td>—<\/td>/);
    // Themes and print: colours from classes, with dark, forced-colours and print rules.
    for (const rule of ['prefers-color-scheme: dark', 'forced-colors: active', '@media print']) assert.ok(html.includes(rule), rule);
    assert.ok(!/<rect[^>]*fill="#/.test(section), 'no hard-coded bar colour in the SVG');
  });

  it('HTML in English, descriptions in English where written; "none in this period" instead of an empty table; no plan at all said so', () => {
    const english = reportHtml(reportView('en', figures([facts()]), GUINEA_DEFAULT_AGENCIES));
    assert.match(english, /<h2>Work plan by GCM objective<\/h2>/);
    assert.match(english, /<td>Train border officers<\/td>/);
    assert.match(english, /Officers trained: 30 \(0 → 120 people, 25%\)/);
    const quiet = { ...facts([]), activities: [activity('b', meals, '2026-01-07T00:00:00.000Z')] };
    const none = reportHtml(reportView('en', figures([quiet]), GUINEA_DEFAULT_AGENCIES));
    assert.match(none, /No activity of the plan in this period\./);
    assert.ok(!none.slice(none.indexOf('Work plan by GCM objective')).includes('<table>'));
    assert.match(reportHtml(reportView('en', figures([]), GUINEA_DEFAULT_AGENCIES)), /No work plan for this period\./);
    assert.match(reportHtml(reportView('fr', figures([facts(undefined, '2026-05-01T00:00:00.000Z')]), GUINEA_DEFAULT_AGENCIES)), /Plan de travail 2026\u202f: pas encore adopté par le Comité exécutif à la fin de la période\./);
  });

  it('Word: the section with a shaded-cell chart on 0–100 (25 % = 5 of 20 cells), a Heading 2 per objective', () => {
    const xml = documentXml(reportView('en', figures([facts()]), GUINEA_DEFAULT_AGENCIES));
    const section = xml.slice(xml.indexOf('Work plan by GCM objective'));
    const filled = section.split('<w:tr>').map((row) => (row.match(/w:fill="1F6FB2"/g) ?? []).length).filter((count) => count > 0);
    assert.deepEqual(filled, [5, 5]);
    assert.match(section, /<w:pStyle w:val="Heading2"\/><\/w:pPr><w:r><w:t xml:space="preserve">Objective 7\./);
    assert.match(section, /25 %/);
  });
});

describe('the annual review progress pack: figures', () => {
  const item = (itemId: string, due: string, status: 'open' | 'done'): ActionItemDocument => ({ id: `workplan-action:${itemId}`, networkId: NETWORK, type: 'workplanActionItem', itemId, planYear: 2026, text: `Action ${itemId}`, ownerAgency: 'UNHCR', due, status, createdBy: actor, createdAt: '2026-01-01T00:00:00.000Z' });

  it('by agency, reports per quarter started (expected vs in, who owes), overdue action items oldest first', () => {
    const pack = progressPackData(facts([report('a', 1, 30)]), [item('x', '2026-05-01', 'open'), item('y', '2026-04-02', 'open'), item('z', '2026-03-01', 'done'), item('w', '2026-06-01', 'open')], new Date('2026-05-20T00:00:00Z'));
    assert.deepEqual(pack.byAgency.map((row) => [row.agencyCode, row.activities, row.progress, row.byStatus]), [['IOM', 1, 0.25, { ongoing: 1 }], ['UNHCR', 1, 0, { cancelled: 1 }], ['WFP', 1, 0, { planned: 1 }]]);
    assert.deepEqual(pack.quarters, [{ quarter: 1, expected: 1, reported: 1, missingAgencies: [] }, { quarter: 2, expected: 2, reported: 0, missingAgencies: ['IOM', 'WFP'] }]);
    assert.deepEqual(pack.overdue.map((entry) => entry.itemId), ['y', 'x']);
  });

  it('a plan not adopted yet: each section says so in a sentence, no empty table (fr and en)', () => {
    const draft = { ...facts([]), plan: { ...plan(), status: 'draft' as const, versions: [] } };
    for (const [language, sentences] of [
      ['fr', ['pas encore adopté', 'Aucune activité du plan en vigueur à ce jour.', 'Aucun trimestre commencé avec un plan adopté.', 'Aucune action à mener en retard.']],
      ['en', ['not yet adopted', 'No activity of the plan in force to date.', 'No quarter started with an adopted plan.', 'No overdue action item.']],
    ] as const) {
      const view = progressPackView(language, progressPackData(draft, [], new Date('2026-05-20T00:00:00Z')), GUINEA_DEFAULT_AGENCIES, new Date('2026-05-20T00:00:00Z'));
      assert.equal(view.sections.length, 4);
      assert.ok(view.sections.every((section) => section.blocks.every((block) => block.kind === 'paragraph')), 'no table, no chart');
      const text = JSON.stringify(view);
      for (const sentence of sentences) assert.ok(text.includes(sentence), sentence);
    }
  });
});
