/**
 * The work-plan page's pure pieces (no React, no DOM; unit-tested): the activity form's state and
 * its translation into the API's body (checked in the page by the slice's own `validateActivity`),
 * and the chart's percentages and label wrapping.
 */
import type { ActivityContent } from '../../workplan/model';
import type { RawActivity } from '../../workplan/workplan-rules';

export interface IndicatorRow {
  readonly id?: string;
  readonly labelFr: string;
  readonly labelEn: string;
  readonly unit: string;
  readonly baseline: string;
  readonly target: string;
}

export interface FormState {
  readonly descriptionFr: string;
  readonly descriptionEn: string;
  readonly objectives: readonly number[];
  readonly leadAgency: string;
  readonly contributing: readonly string[];
  readonly partners: string;
  readonly workingGroupId: string;
  readonly periodKind: 'quarters' | 'dates';
  readonly from: string;
  readonly to: string;
  readonly start: string;
  readonly end: string;
  readonly indicators: readonly IndicatorRow[];
  readonly budgetAmount: string;
  readonly currency: string;
  readonly fundingSource: string;
  readonly status: string;
}

/** The form for an activity being edited, or an empty one led by `leadAgency`. */
export function formState(content: ActivityContent | undefined, leadAgency: string): FormState {
  if (!content) {
    return { descriptionFr: '', descriptionEn: '', objectives: [], leadAgency, contributing: [], partners: '', workingGroupId: '', periodKind: 'quarters', from: '1', to: '4', start: '', end: '', indicators: [], budgetAmount: '', currency: 'USD', fundingSource: '', status: 'planned' };
  }
  const period = content.period;
  return {
    descriptionFr: content.description.fr ?? '',
    descriptionEn: content.description.en ?? '',
    objectives: content.objectives,
    leadAgency: content.leadAgency,
    contributing: content.contributingAgencies,
    partners: content.externalPartners.join('\n'),
    workingGroupId: content.workingGroupId ?? '',
    periodKind: period.kind,
    from: period.kind === 'quarters' ? String(period.from) : '1',
    to: period.kind === 'quarters' ? String(period.to) : '4',
    start: period.kind === 'dates' ? period.start : '',
    end: period.kind === 'dates' ? period.end : '',
    indicators: content.indicators.map((indicator) => ({ id: indicator.id, labelFr: indicator.label.fr ?? '', labelEn: indicator.label.en ?? '', unit: indicator.unit, baseline: String(indicator.baseline), target: String(indicator.target) })),
    budgetAmount: content.budget ? String(content.budget.amount) : '',
    currency: content.budget?.currency ?? 'USD',
    fundingSource: content.budget?.fundingSource ?? '',
    status: content.status,
  };
}

/** A typed number, or NaN for an empty box (the rule refuses it; `Number('')` would be 0). */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));

/** The form as the API's body (`POST|PUT /workplan/:year/activities`). */
export function rawActivity(state: FormState): RawActivity {
  const budgetGiven = state.budgetAmount.trim() !== '' || state.fundingSource.trim() !== '';
  return {
    description: { ...(state.descriptionFr.trim() ? { fr: state.descriptionFr } : {}), ...(state.descriptionEn.trim() ? { en: state.descriptionEn } : {}) },
    objectives: [...state.objectives].sort((a, b) => a - b),
    leadAgency: state.leadAgency,
    contributingAgencies: [...state.contributing],
    externalPartners: state.partners.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
    ...(state.workingGroupId ? { workingGroupId: state.workingGroupId } : {}),
    period: state.periodKind === 'quarters' ? { kind: 'quarters', from: Number(state.from), to: Number(state.to) } : { kind: 'dates', start: state.start, end: state.end },
    indicators: state.indicators.map((row) => ({
      ...(row.id ? { id: row.id } : {}),
      label: { ...(row.labelFr.trim() ? { fr: row.labelFr } : {}), ...(row.labelEn.trim() ? { en: row.labelEn } : {}) },
      unit: row.unit,
      baseline: numberOf(row.baseline),
      target: numberOf(row.target),
    })),
    ...(budgetGiven ? { budget: { amount: numberOf(state.budgetAmount), currency: state.currency, ...(state.fundingSource.trim() ? { fundingSource: state.fundingSource.trim() } : {}) } } : {}),
    status: state.status,
  };
}

/** 0–1 → a whole percentage, clamped. */
export const percent = (progress: number): number => Math.round(Math.max(0, Math.min(1, progress)) * 100);

/** Words into lines of at most `max` characters (a longer word gets its own line). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
