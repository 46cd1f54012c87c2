/**
 * The work-plan page's pure pieces: the activity form turned into the API's body and checked by
 * the slice's own rule (what the page shows beside each field is what the API would refuse), an
 * activity going through the form and back unchanged, and the chart's label wrapping.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ActivityContent } from '../../../src/workplan/model';
import { validateActivity } from '../../../src/workplan/workplan-rules';
import { formState, percent, rawActivity, wrapText, type FormState } from '../../../src/tab/app/workplan-input';

const CONTEXT = { year: 2026, agencies: new Set(['IOM', 'UNHCR', 'WFP']), workingGroups: new Set(['wg-return']) };
const check = (state: FormState) => validateActivity(rawActivity(state), CONTEXT);
const problems = (state: FormState) => {
  const checked = check(state);
  return checked.ok ? [] : [...checked.problems].sort();
};

const TRAINING: ActivityContent = {
  description: { fr: 'Former les agents', en: 'Train officers' },
  objectives: [7, 11],
  leadAgency: 'IOM',
  contributingAgencies: ['UNHCR'],
  externalPartners: ['Police de l’air et des frontières'],
  workingGroupId: 'wg-return',
  period: { kind: 'quarters', from: 1, to: 4 },
  indicators: [{ id: 'i1', label: { fr: 'Agents formés' }, unit: 'people', baseline: 0, target: 120 }],
  budget: { amount: 50000, currency: 'USD', fundingSource: 'MPTF' },
  status: 'ongoing',
};

describe('work plan page: the activity form and the chart', () => {
  it('an empty form is refused field by field, as the API would refuse it', () => {
    assert.deepEqual(problems(formState(undefined, '')), ['description', 'leadAgency', 'objectives']);
  });

  it('an empty number box is a missing number, not zero; a comma is a decimal point', () => {
    const base = formState(TRAINING, 'IOM');
    assert.deepEqual(problems({ ...base, indicators: [{ ...base.indicators[0]!, target: '' }] }), ['indicators']);
    assert.deepEqual(problems({ ...base, budgetAmount: '' }), ['budget'], 'a funding source without an amount');
    const decimal = check({ ...base, budgetAmount: '1250,5' });
    assert.equal(decimal.ok && decimal.content.budget?.amount, 1250.5);
    const noBudget = check({ ...base, budgetAmount: '', fundingSource: '' });
    assert.equal(noBudget.ok && noBudget.content.budget, undefined);
  });

  it('a period of dates outside the plan’s year, or quarters the wrong way round, is the period’s problem', () => {
    const base = formState(TRAINING, 'IOM');
    assert.deepEqual(problems({ ...base, periodKind: 'quarters', from: '3', to: '2' }), ['period']);
    assert.deepEqual(problems({ ...base, periodKind: 'dates', start: '2027-01-10', end: '2027-02-01' }), ['period']);
    const dates = check({ ...base, periodKind: 'dates', start: '2026-02-01', end: '2026-03-31' });
    assert.deepEqual(dates.ok && dates.content.period, { kind: 'dates', start: '2026-02-01', end: '2026-03-31' });
  });

  it('an activity opened in the form and saved untouched is the same activity (property)', () => {
    const activity = fc.record({
      objectives: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 5 }).map((list) => [...list].sort((a, b) => a - b)),
      leadAgency: fc.constantFrom('IOM', 'UNHCR', 'WFP'),
      from: fc.constantFrom(1, 2, 3, 4),
      span: fc.integer({ min: 0, max: 3 }),
      baseline: fc.integer({ min: 0, max: 100 }),
      target: fc.integer({ min: 0, max: 100 }),
      unit: fc.constantFrom('count', 'people', 'percent', 'days', 'usd', 'gnf'),
      status: fc.constantFrom('planned', 'ongoing', 'done', 'delayed', 'cancelled'),
    });
    fc.assert(
      fc.property(activity, (drawn) => {
        const content: ActivityContent = {
          ...TRAINING,
          objectives: drawn.objectives,
          leadAgency: drawn.leadAgency,
          contributingAgencies: ['IOM', 'UNHCR', 'WFP'].filter((code) => code !== drawn.leadAgency),
          period: { kind: 'quarters', from: drawn.from as 1, to: Math.min(4, drawn.from + drawn.span) as 4 },
          indicators: [{ id: 'i1', label: { fr: 'Valeur' }, unit: drawn.unit as 'count', baseline: drawn.baseline, target: drawn.target }],
          status: drawn.status as 'planned',
        };
        const again = check(formState(content, drawn.leadAgency));
        assert.deepEqual(again.ok && again.content, content);
      }),
    );
  });

  it('wraps a chart label within its width, every word kept in order; percentages are clamped whole numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zéè]{1,12}$/), { minLength: 1, maxLength: 30 }), fc.integer({ min: 12, max: 80 }), (words, max) => {
        const lines = wrapText(words.join(' '), max);
        assert.deepEqual(lines.join(' ').split(' '), words);
        for (const line of lines) assert.ok(line.length <= max || !line.includes(' '), `${line} within ${max}`);
      }),
    );
    assert.deepEqual(wrapText('10. Prévenir, combattre et éliminer la traite — 50 %', 20), ['10. Prévenir,', 'combattre et', 'éliminer la traite —', '50 %']);
    assert.deepEqual([percent(-0.2), percent(0.455), percent(1.7)], [0, 46, 100]);
  });
});
