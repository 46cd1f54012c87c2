/**
 * The work-plan section of the report (and of the annual review's progress pack) as report
 * blocks: a line saying which version was in force, the chart of progress per GCM objective
 * (percentages on a 0–100 scale), then per objective a table of its activities with their lead
 * agency, indicator progress (latest value against baseline and target, in the indicator's unit),
 * status and progress. Texts typed in two languages show in the reader's (the other as fallback).
 */
import { translate, type Language, type MessageKey } from '../i18n';
import type { Agency } from '../network/model';
import { statusLabel, textIn } from '../workplan/workplan-cards';
import type { ActivityProgressRow, WorkplanReportData } from '../workplan/workplan-report-rules';
import { distinctActivities } from '../workplan/workplan-report-rules';
import type { ReportBlock } from './report-view';
import { agencyName, objectiveTitle } from './update-cards';

/** 0–1 → whole percent, as every reader of the report sees it. */
export const percent = (progress: number): number => Math.round(progress * 100);

export function workplanBlocks(language: Language, data: WorkplanReportData, agencies: readonly Agency[]): ReportBlock[] {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const title = data.title[language] || data.title.fr;
  if (data.version === 0) return [{ kind: 'paragraph', text: t('updates.report.workplanNotAdopted', { title }) }];
  const activities = distinctActivities(data);
  const line: ReportBlock = { kind: 'paragraph', text: t('updates.report.workplanLine', { title, version: data.version, number: data.registerNumber ?? '—', activities: activities.length }) };
  if (activities.length === 0) return [line, { kind: 'paragraph', text: t('updates.report.workplanNoActivities') }];
  return [
    line,
    {
      kind: 'chart',
      scale: 'percent',
      title: t('updates.report.workplanChart', { title }),
      bars: data.objectives.map((section) => ({ label: String(section.objective), title: objectiveTitle(language, section.objective), count: percent(section.progress) })),
    },
    ...data.objectives.flatMap((section): ReportBlock[] => [
      { kind: 'heading', text: t('updates.report.workplanObjective', { objective: section.objective, title: objectiveTitle(language, section.objective), progress: percent(section.progress) }) },
      activityTable(language, section.activities, agencies),
    ]),
  ];
}

export function activityTable(language: Language, rows: readonly ActivityProgressRow[], agencies: readonly Agency[]): ReportBlock {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  return {
    kind: 'table',
    headers: [t('updates.report.activity'), t('updates.report.leadAgency'), t('updates.report.indicators'), t('updates.report.status'), t('updates.report.progress')],
    rows: rows.map((row) => [
      textIn(language, row.description),
      agencyName(language, agencies, row.leadAgency),
      row.indicators.length === 0
        ? '—'
        : row.indicators
            .map((indicator) =>
              t('updates.report.indicatorLine', {
                label: textIn(language, indicator.label),
                value: indicator.value === undefined ? t('updates.report.notReported') : number(language, indicator.value),
                baseline: number(language, indicator.baseline),
                target: number(language, indicator.target),
                unit: t(`workplan.unit.${indicator.unit}` as MessageKey),
                progress: percent(indicator.progress),
              }),
            )
            .join('\n'),
      statusLabel(language, row.status),
      row.progress === undefined ? '—' : `${percent(row.progress)} %`,
    ]),
  };
}

function number(language: Language, value: number): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}
