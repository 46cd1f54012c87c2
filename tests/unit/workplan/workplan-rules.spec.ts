/**
 * The pure rules of the work plan: a valid activity (GCM objectives, agencies, period within
 * the year, indicators), a valid quarterly report (unit of each value, evidence https only,
 * narrative bounded), the lifecycle, the diff between two versions, who has reported, progress
 * and overdue action items. Property-tested where a rule holds for every input.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { ACTIVITY_STATUSES, INDICATOR_UNITS, PLAN_STATUSES, type ActivityContent, type Quarter, type VersionActivity } from '../../../src/workplan/model';
import {
  NARRATIVE_MAX,
  activityProgress,
  allows,
  applyDiff,
  indicatorProgress,
  isDueSoon,
  isOverdue,
  periodQuarters,
  planClosesAt,
  progressByObjective,
  reportWindow,
  reportingState,
  statusAfterDecision,
  submittedStatus,
  validateActivity,
  validatePeriod,
  validateReport,
  versionDiff,
  type RawActivity,
} from '../../../src/workplan/workplan-rules';

const AGENCIES = new Set(GUINEA_DEFAULT_AGENCIES.map((agency) => agency.code));
const CONTEXT = { year: 2026, agencies: AGENCIES, workingGroups: new Set(['wg-data']) };
const VALID: RawActivity = {
  description: { fr: 'Former les agents aux frontières', en: 'Train border officials' },
  objectives: [11, 7],
  leadAgency: 'iom',
  contributingAgencies: ['UNHCR', 'IOM', 'UNHCR'],
  externalPartners: ['Direction de la police aux frontières'],
  workingGroupId: 'wg-data',
  period: { kind: 'quarters', from: 2, to: 3 },
  indicators: [{ label: { fr: 'Agents formés' }, unit: 'people', baseline: 0, target: 120 }],
  budget: { amount: 50_000, currency: 'USD', fundingSource: 'Fonds fiduciaire' },
};

const content = (overrides: Partial<ActivityContent> = {}): ActivityContent => {
  const result = validateActivity(VALID, CONTEXT);
  assert.ok(result.ok);
  return { ...result.content, ...overrides };
};

describe('work-plan rules: activities', () => {
  it('accepts a complete activity and normalises it (objectives sorted, agencies upper case, lead not among contributors, indicator ids)', () => {
    const result = validateActivity(VALID, CONTEXT);
    assert.deepEqual(result, {
      ok: true,
      content: {
        description: { fr: 'Former les agents aux frontières', en: 'Train border officials' },
        objectives: [7, 11],
        leadAgency: 'IOM',
        contributingAgencies: ['UNHCR'],
        externalPartners: ['Direction de la police aux frontières'],
        workingGroupId: 'wg-data',
        period: { kind: 'quarters', from: 2, to: 3 },
        indicators: [{ id: 'i1', label: { fr: 'Agents formés' }, unit: 'people', baseline: 0, target: 120 }],
        budget: { amount: 50_000, currency: 'USD', fundingSource: 'Fonds fiduciaire' },
        status: 'planned',
      },
    });
  });

  const refusals: [string, RawActivity, string][] = [
    ['an unknown GCM objective', { ...VALID, objectives: [24] }, 'objectives'],
    ['objective 0', { ...VALID, objectives: [0, 3] }, 'objectives'],
    ['no objective', { ...VALID, objectives: [] }, 'objectives'],
    ['no description', { ...VALID, description: { fr: '  ' } }, 'description'],
    ['a lead agency outside the directory', { ...VALID, leadAgency: 'ACME' }, 'leadAgency'],
    ['a contributing agency outside the directory', { ...VALID, contributingAgencies: ['ACME'] }, 'contributingAgencies'],
    ['an empty partner name', { ...VALID, externalPartners: [' '] }, 'externalPartners'],
    ['an unknown working group', { ...VALID, workingGroupId: 'wg-none' }, 'workingGroup'],
    ['quarters in the wrong order', { ...VALID, period: { kind: 'quarters', from: 3, to: 2 } }, 'period'],
    ['a quarter 5', { ...VALID, period: { kind: 'quarters', from: 1, to: 5 } }, 'period'],
    ['30 February', { ...VALID, period: { kind: 'dates', start: '2026-02-01', end: '2026-02-30' } }, 'period'],
    ['dates outside the plan year', { ...VALID, period: { kind: 'dates', start: '2026-11-01', end: '2027-01-15' } }, 'period'],
    ['end before start', { ...VALID, period: { kind: 'dates', start: '2026-05-01', end: '2026-04-01' } }, 'period'],
    ['a percentage above 100', { ...VALID, indicators: [{ label: { en: 'Share' }, unit: 'percent', baseline: 10, target: 120 }] }, 'indicators'],
    ['an unknown unit', { ...VALID, indicators: [{ label: { en: 'Kits' }, unit: 'kits', baseline: 0, target: 5 }] }, 'indicators'],
    ['a non-numeric target', { ...VALID, indicators: [{ label: { en: 'Kits' }, unit: 'count', baseline: 0, target: '5' }] }, 'indicators'],
    ['a negative budget', { ...VALID, budget: { amount: -1, currency: 'USD' } }, 'budget'],
    ['an unknown currency', { ...VALID, budget: { amount: 1, currency: 'XOF' } }, 'budget'],
    ['an unknown status', { ...VALID, status: 'paused' }, 'status'],
  ];
  for (const [what, raw, problem] of refusals) {
    it(`refuses ${what}`, () => {
      const result = validateActivity(raw, CONTEXT);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.problems.includes(problem as never), JSON.stringify(result));
    });
  }

  it('accepts every objective 1–23 and refuses every number outside (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 80 }), (objective) => {
        const result = validateActivity({ ...VALID, objectives: [objective] }, CONTEXT);
        assert.equal(result.ok, objective >= 1 && objective <= 23);
      }),
    );
  });

  it('accepts a date period exactly when both days exist in the plan year and start ≤ end (property)', () => {
    const day = fc.record({ year: fc.constantFrom(2025, 2026, 2027), month: fc.integer({ min: 1, max: 13 }), day: fc.integer({ min: 1, max: 32 }) });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const text = (d: typeof a) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
        const exists = (d: typeof a) => d.month <= 12 && d.day <= new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
        const period = validatePeriod({ kind: 'dates', start: text(a), end: text(b) }, 2026);
        const expected = exists(a) && exists(b) && a.year === 2026 && b.year === 2026 && text(a) <= text(b);
        assert.equal(period !== undefined, expected, `${text(a)} → ${text(b)}`);
        if (period) {
          const quarters = periodQuarters(period);
          assert.equal(quarters[0], Math.floor((a.month - 1) / 3) + 1);
          assert.equal(quarters.at(-1), Math.floor((b.month - 1) / 3) + 1);
        }
      }),
    );
  });
});

describe('work-plan rules: quarterly reports', () => {
  const activity = content({
    indicators: [
      { id: 'i1', label: { fr: 'Agents formés' }, unit: 'people', baseline: 0, target: 120 },
      { id: 'i2', label: { fr: 'Taux' }, unit: 'percent', baseline: 20, target: 60 },
    ],
  });

  it('accepts a report with values in the indicators’ own units and an https link', () => {
    const result = validateReport({ status: 'ongoing', values: [{ indicatorId: 'i1', value: 40, unit: 'people' }], narrative: ' Deux sessions tenues. ', evidenceUrl: 'https://www.iom.int/report' }, activity);
    assert.deepEqual(result, { ok: true, content: { status: 'ongoing', values: [{ indicatorId: 'i1', value: 40, unit: 'people' }], narrative: 'Deux sessions tenues.', evidence: { kind: 'link', url: 'https://www.iom.int/report' } } });
  });

  it('refuses a value in another unit than its indicator’s, naming both units', () => {
    const result = validateReport({ status: 'ongoing', values: [{ indicatorId: 'i2', value: 40, unit: 'people' }] }, activity);
    assert.deepEqual(result, { ok: false, problems: [{ code: 'wrongUnit', indicatorId: 'i2', expected: 'percent', got: 'people' }] });
  });

  for (const [what, raw, code] of [
    ['an indicator the activity does not have', { status: 'done', values: [{ indicatorId: 'i9', value: 1, unit: 'people' }] }, 'unknownIndicator'],
    ['a percentage of 140', { status: 'done', values: [{ indicatorId: 'i2', value: 140, unit: 'percent' }] }, 'value'],
    ['an http (not https) link', { status: 'done', evidenceUrl: 'http://www.iom.int/x' }, 'evidence'],
    ['a javascript: link', { status: 'done', evidenceUrl: 'javascript:alert(1)' }, 'evidence'],
    ['an update id that is not one', { status: 'done', updateId: '../../etc' }, 'evidence'],
    ['a narrative over the limit', { status: 'done', narrative: 'x'.repeat(NARRATIVE_MAX + 1) }, 'narrative'],
    ['an unknown status', { status: 'finished' }, 'status'],
  ] as const) {
    it(`refuses ${what}`, () => {
      const result = validateReport(raw as never, activity);
      assert.ok(!result.ok && result.problems.some((problem) => problem.code === code), JSON.stringify(result));
    });
  }

  it('accepts a value exactly when its unit is the indicator’s and it is a number that unit allows (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('i1', 'i2'), fc.constantFrom(...INDICATOR_UNITS), fc.double({ min: -10, max: 200, noNaN: true }), (indicatorId, unit, value) => {
        const indicator = activity.indicators.find((candidate) => candidate.id === indicatorId)!;
        const result = validateReport({ status: 'ongoing', values: [{ indicatorId, value, unit }] }, activity);
        const expected = unit === indicator.unit && value >= 0 && (unit !== 'percent' || value <= 100);
        assert.equal(result.ok, expected);
      }),
    );
  });

  it('takes reports on a quarter from its first day until the plan closes after the year’s grace', () => {
    assert.equal(reportWindow('adopted', 2026, 2, new Date('2026-03-31T23:59:59Z')), 'quarterNotStarted');
    assert.equal(reportWindow('adopted', 2026, 2, new Date('2026-04-01T00:00:00Z')), undefined);
    assert.equal(reportWindow('adopted', 2026, 4, new Date('2027-01-20T00:00:00Z')), undefined, 'Q4 is reported in January');
    assert.equal(reportWindow('adopted', 2026, 4, new Date(planClosesAt(2026))), 'planClosed');
    assert.equal(reportWindow('closed', 2026, 1, new Date('2026-05-01T00:00:00Z')), 'planClosed');
    assert.equal(reportWindow('draft', 2026, 1, new Date('2026-05-01T00:00:00Z')), 'notAdopted');
    assert.equal(reportWindow('amendmentDraft', 2026, 1, new Date('2026-05-01T00:00:00Z')), undefined, 'the version in force stays in force during an amendment');
  });
});

describe('work-plan rules: lifecycle', () => {
  it('allows editing only in drafts and consultation, comments only in consultation, reports only once adopted (every status)', () => {
    for (const status of PLAN_STATUSES) {
      assert.equal(allows(status, 'editActivities'), ['draft', 'consultation', 'amendmentDraft'].includes(status), status);
      assert.equal(allows(status, 'comment'), status === 'consultation', status);
      assert.equal(allows(status, 'report'), ['adopted', 'amendmentDraft', 'amendmentSubmitted'].includes(status), status);
    }
  });

  it('goes back to its draft when ExCom does not adopt, and to adopted when it does (property over statuses that submit)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLAN_STATUSES.filter((status) => allows(status, 'submit'))), fc.boolean(), (status, adopted) => {
        const submitted = submittedStatus(status);
        assert.equal(allows(submitted, 'editActivities'), false, 'a submitted version is frozen');
        const after = statusAfterDecision(submitted, adopted);
        assert.equal(after, adopted ? 'adopted' : status === 'amendmentDraft' ? 'amendmentDraft' : 'draft');
      }),
    );
  });
});

const statusArb = fc.constantFrom(...ACTIVITY_STATUSES);
const contentArb: fc.Arbitrary<ActivityContent> = fc.record({
  description: fc.record({ fr: fc.string({ minLength: 1, maxLength: 8 }) }),
  objectives: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 3 }).map((list) => list.sort((a, b) => a - b)),
  leadAgency: fc.constantFrom('IOM', 'UNHCR', 'WFP'),
  contributingAgencies: fc.subarray(['UNDP', 'UNICEF']),
  externalPartners: fc.subarray(['Croix-Rouge', 'OGDH']),
  period: fc.constantFrom<ActivityContent['period']>({ kind: 'quarters', from: 1, to: 4 }, { kind: 'dates', start: '2026-02-01', end: '2026-05-31' }),
  indicators: fc.constant([]),
  status: statusArb,
  // fast-check may build records without a prototype; stored documents are plain JSON.
}).map((record) => JSON.parse(JSON.stringify(record)) as ActivityContent);
const versionArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), contentArb), { selector: ([id]) => id, maxLength: 5 })
  .map((entries) => entries.map(([activityId, activityContent]) => ({ activityId, content: activityContent })).sort((x, y) => x.activityId.localeCompare(y.activityId)));

describe('work-plan rules: the diff between versions (property)', () => {
  it('applying the diff of two versions to the first gives the second, and a version has no diff with itself', () => {
    fc.assert(
      fc.property(versionArb, versionArb, (before: VersionActivity[], after: VersionActivity[]) => {
        assert.deepEqual(applyDiff(before, versionDiff(before, after)), after);
        assert.deepEqual(versionDiff(after, after), []);
      }),
    );
  });

  it('names exactly the fields that changed', () => {
    const a = content();
    const b = content({ status: 'delayed', period: { kind: 'quarters', from: 3, to: 4 } });
    const diff = versionDiff([{ activityId: 'x', content: a }], [{ activityId: 'x', content: b }, { activityId: 'y', content: a }]);
    assert.deepEqual(diff, [
      { activityId: 'x', change: 'changed', fields: [{ field: 'period', before: a.period, after: b.period }, { field: 'status', before: 'planned', after: 'delayed' }] },
      { activityId: 'y', change: 'added', after: a },
    ]);
  });
});

describe('work-plan rules: reporting and progress', () => {
  const activities: VersionActivity[] = [
    { activityId: 'a1', content: content({ leadAgency: 'IOM', period: { kind: 'quarters', from: 1, to: 2 } }) },
    { activityId: 'a2', content: content({ leadAgency: 'IOM', period: { kind: 'quarters', from: 2, to: 4 } }) },
    { activityId: 'a3', content: content({ leadAgency: 'UNHCR', period: { kind: 'quarters', from: 2, to: 2 } }) },
    { activityId: 'a4', content: content({ leadAgency: 'WFP', period: { kind: 'quarters', from: 2, to: 2 }, status: 'cancelled' }) },
  ];

  it('an agency has reported when every activity it leads that runs in the quarter has a report; cancelled ones owe none', () => {
    assert.deepEqual(reportingState(activities, 2, new Set(['a1'])), {
      quarter: 2,
      reported: [],
      missing: [
        { agencyCode: 'IOM', activityIds: ['a2'] },
        { agencyCode: 'UNHCR', activityIds: ['a3'] },
      ],
    });
    assert.deepEqual(reportingState(activities, 2, new Set(['a1', 'a2', 'a3'])).reported, ['IOM', 'UNHCR']);
  });

  it('every expected activity is either reported or missing, never both (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<Quarter>(1, 2, 3, 4), fc.subarray(['a1', 'a2', 'a3', 'a4']), (quarter, reportedIds) => {
        const state = reportingState(activities, quarter, new Set(reportedIds));
        const missingIds = state.missing.flatMap((entry) => entry.activityIds);
        for (const id of missingIds) assert.ok(!reportedIds.includes(id));
        for (const agency of state.reported) assert.ok(!state.missing.some((entry) => entry.agencyCode === agency));
      }),
    );
  });

  it('measures progress from baseline to target, clamped, counting down when the target is lower', () => {
    const up = { id: 'i1', label: { fr: 'x' }, unit: 'people' as const, baseline: 20, target: 120 };
    assert.equal(indicatorProgress(up, 70), 0.5);
    assert.equal(indicatorProgress(up, 500), 1);
    assert.equal(indicatorProgress(up, 0), 0);
    assert.equal(indicatorProgress({ ...up, baseline: 30, target: 10 }, 20), 0.5, 'days of delay going down');
    assert.equal(indicatorProgress(up, undefined), 0);
  });

  it('progress per objective is within 0–1 and counts an activity for each objective it serves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ objectives: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 4 }), progress: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }) })), (list) => {
        const rows = progressByObjective(list);
        for (const row of rows) {
          assert.ok(row.progress >= 0 && row.progress <= 1);
          assert.equal(row.activities, list.filter((activity) => activity.objectives.includes(row.objective)).length);
        }
      }),
    );
  });

  it('a cancelled activity has no progress; one without indicators is 1 when done', () => {
    assert.equal(activityProgress(content({ indicators: [] }), new Map(), 'cancelled'), undefined);
    assert.equal(activityProgress(content({ indicators: [] }), new Map(), 'done'), 1);
    assert.equal(activityProgress(content(), new Map([['i1', 60]]), 'ongoing'), 0.5);
  });
});

describe('work-plan rules: action items', () => {
  it('an open item is overdue the day after its due date, never when done, and due soon within 3 days before (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 10 }), fc.constantFrom('open' as const, 'done' as const), (offsetDays, status) => {
        const today = '2026-06-15';
        const due = new Date(Date.UTC(2026, 5, 15 + offsetDays)).toISOString().slice(0, 10);
        assert.equal(isOverdue({ status, due }, today), status === 'open' && offsetDays < 0);
        assert.equal(isDueSoon({ status, due }, today), status === 'open' && offsetDays >= 0 && offsetDays <= 3);
      }),
    );
  });
});
