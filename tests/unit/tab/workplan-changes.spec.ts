/**
 * An amendment's changes in words, as the work-plan page lists them: each changed field "before →
 * after" in the reader's language (agencies by name, dates and numbers as people read them,
 * statuses and units in words), a description changed in one language shown in that language,
 * real plurals in the summary, added then withdrawn then changed.
 */
import assert from 'node:assert/strict';
import type { ActivityContent } from '../../../src/workplan/model';
import { TRAINING } from '../workplan/documents';
import { versionDiff } from '../../../src/workplan/workplan-rules';
import { planChangesView } from '../../../src/workplan/workplan-views';
import { STRINGS, format, type TabLanguage } from '../../../src/tab/app/strings';
import { changesSummary, fieldLines, orderedChanges, valueText, type ChangeWords } from '../../../src/tab/app/workplan-changes';

const NAMES: Record<string, Record<TabLanguage, string>> = { IOM: { fr: 'OIM (IOM)', en: 'IOM' }, UNHCR: { fr: 'HCR (UNHCR)', en: 'UNHCR' }, WFP: { fr: 'PAM (WFP)', en: 'WFP' } };
const words = (language: TabLanguage): ChangeWords => ({
  t: STRINGS[language],
  language,
  agency: (code) => NAMES[code]?.[language] ?? code,
  workingGroup: (id) => (id === 'wg-return' ? 'Retour et réintégration' : id),
});
const lines = (before: ActivityContent, after: ActivityContent, language: TabLanguage) => {
  const [change] = versionDiff([{ activityId: 'a', content: before }], [{ activityId: 'a', content: after }]);
  assert.ok(change?.change === 'changed');
  return fieldLines(change.fields, words(language)).map((line) => format(STRINGS[language].wp_changeLine, { field: line.label, before: line.before, after: line.after }));
};

const N = '\u202f';

describe('work plan page: an amendment’s changes in words', () => {
  it('says each changed field before → after in French, dates and numbers as a French reader reads them', () => {
    const after: ActivityContent = {
      ...TRAINING,
      leadAgency: 'WFP',
      contributingAgencies: [],
      period: { kind: 'dates', start: '2026-04-01', end: '2026-09-30' },
      indicators: [{ id: 'i1', label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 10000 }],
      budget: { amount: 50000, currency: 'USD', fundingSource: 'MPTF' },
      workingGroupId: 'wg-return',
      status: 'ongoing',
    };
    assert.deepEqual(lines(TRAINING, after, 'fr'), [
      `Agence chef de file${N}: OIM (IOM) → PAM (WFP)`,
      `Agences contributrices${N}: HCR (UNHCR) → —`,
      `Groupe de travail${N}: Aucun → Retour et réintégration`,
      `Période${N}: T1–T4 → 1 avr. 2026 – 30 sept. 2026`,
      `Indicateurs${N}: Agents formés${N}: de 0 à 120 personnes → Agents formés${N}: de 0 à 10${N}000 personnes`,
      `Budget${N}: — → 50${N}000 USD (MPTF)`,
      `Statut${N}: Prévue → En cours`,
    ]);
  });

  it('says them in English for an English reader', () => {
    const after: ActivityContent = { ...TRAINING, objectives: [7, 11, 23], externalPartners: ['Police', 'Red Cross'], period: { kind: 'quarters', from: 2, to: 2 }, status: 'delayed' };
    assert.deepEqual(lines(TRAINING, after, 'en'), ['GCM objectives: 7, 11 → 7, 11, 23', 'External partners: — → Police; Red Cross', 'Period: Q1–Q4 → Q2', 'Status: Planned → Delayed']);
  });

  it('shows a description changed in one language in that language, and a line per language when both changed (the reader’s first)', () => {
    assert.deepEqual(lines(TRAINING, { ...TRAINING, description: { fr: 'Former les agents', en: 'Train border officers' } }, 'fr'), [`Description en anglais${N}: Train officers → Train border officers`]);
    assert.deepEqual(lines(TRAINING, { ...TRAINING, description: { fr: 'Former les policiers', en: 'Train police' } }, 'en'), ['Description in English: Train officers → Train police', 'Description in French: Former les agents → Former les policiers']);
    assert.deepEqual(lines(TRAINING, { ...TRAINING, description: { fr: 'Former les agents' } }, 'en'), ['Description in English: Train officers → —']);
  });

  it('words an unset field as nothing, a working group that is gone by its id', () => {
    assert.equal(valueText('budget', undefined, words('fr')), '—');
    assert.equal(valueText('workingGroupId', undefined, words('en')), STRINGS.en.wp_noWorkingGroup);
    assert.equal(valueText('workingGroupId', 'wg-gone', words('en')), 'wg-gone');
  });

  it('counts the changes with real plurals and lists added, then withdrawn, then changed', () => {
    const inForce = { version: 1, activities: [{ activityId: 'a', content: TRAINING }, { activityId: 'b', content: { ...TRAINING, description: { fr: 'Cartographier' } } }, { activityId: 'c', content: { ...TRAINING, description: { fr: 'Accueillir' } } }] };
    const draft = [{ activityId: 'a', content: { ...TRAINING, status: 'done' as const } }, { activityId: 'd', content: { ...TRAINING, description: { fr: 'Zèbre', en: 'Added one' } } }];
    const { changes } = planChangesView(2026, inForce, { activities: draft });
    assert.deepEqual(orderedChanges(changes, 'fr').map((change) => [change.change, change.activityId]), [['added', 'd'], ['removed', 'c'], ['removed', 'b'], ['changed', 'a']]);
    assert.equal(changesSummary(changes, STRINGS.fr, 'fr'), '1 activité ajoutée, 2 retirées, 1 modifiée.');
    assert.equal(changesSummary(changes, STRINGS.en, 'en'), '1 activity added, 2 withdrawn, 1 changed.');
    assert.equal(changesSummary([], STRINGS.en, 'en'), '0 activities added, 0 withdrawn, 0 changed.');
    assert.equal(changesSummary([], STRINGS.fr, 'fr'), '0 activité ajoutée, 0 retirée, 0 modifiée.');
  });
});
