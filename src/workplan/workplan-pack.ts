/**
 * The annual review's progress pack as a report view (the regional report's Word builder lays it
 * out): the plan's progress by GCM objective (the report's work-plan blocks: chart and tables),
 * by lead agency, who reported on each quarter started, and the overdue action items. Every list
 * that is empty says so in a sentence instead of an empty table.
 */
import { translate, type Language, type MessageKey } from '../i18n';
import type { Agency } from '../network/model';
import { percent, workplanBlocks } from '../updates/report-workplan-view';
import type { ReportBlock, ReportView } from '../updates/report-view';
import { agencyName, formatDay } from '../updates/update-cards';
import { ACTIVITY_STATUSES } from './model';
import { statusLabel } from './workplan-cards';
import type { ProgressPackData } from './workplan-report-rules';

export function progressPackView(language: Language, data: ProgressPackData, agencies: readonly Agency[], now: Date): ReportView {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const agency = (code: string) => agencyName(language, agencies, code);
  const none = (key: MessageKey): ReportBlock[] => [{ kind: 'paragraph', text: t(key) }];
  const title = data.plan.title[language] || data.plan.title.fr;

  const byAgency: ReportBlock[] =
    data.byAgency.length === 0
      ? none('workplan.pack.noActivities')
      : [
          {
            kind: 'table',
            headers: [t('updates.report.leadAgency'), t('workplan.pack.activities'), t('updates.report.progress'), t('updates.report.status')],
            rows: data.byAgency.map((row) => [
              agency(row.agencyCode),
              String(row.activities),
              `${percent(row.progress)} %`,
              ACTIVITY_STATUSES.filter((status) => row.byStatus[status]).map((status) => `${statusLabel(language, status)} ${row.byStatus[status]}`).join(', '),
            ]),
          },
        ];

  const quarters: ReportBlock[] =
    data.quarters.length === 0
      ? none('workplan.pack.noQuarter')
      : [
          {
            kind: 'table',
            headers: [t('workplan.pack.quarter'), t('workplan.pack.expected'), t('workplan.pack.reported'), t('workplan.pack.missing')],
            rows: data.quarters.map((row) => [`${language === 'fr' ? 'T' : 'Q'}${row.quarter}`, String(row.expected), String(row.reported), row.missingAgencies.map(agency).join(', ') || '—']),
          },
        ];

  const overdue: ReportBlock[] =
    data.overdue.length === 0
      ? none('workplan.pack.noOverdue')
      : [
          {
            kind: 'table',
            headers: [t('workplan.pack.due'), t('workplan.pack.owner'), t('workplan.pack.action')],
            rows: data.overdue.map((item) => [formatDay(language, `${item.due}T12:00:00Z`), agency(item.ownerAgency), item.text]),
          },
        ];

  return {
    language,
    title: t('workplan.pack.title', { year: data.plan.year }),
    subtitle: t('workplan.pack.subtitle', { title }),
    generated: t('updates.report.generated', { date: formatDay(language, now.toISOString()) }),
    sections: [
      { heading: t('updates.report.workplan'), blocks: workplanBlocks(language, data.plan, agencies) },
      { heading: t('workplan.pack.byAgency'), blocks: byAgency },
      { heading: t('workplan.pack.byQuarter'), blocks: quarters },
      { heading: t('workplan.pack.overdue'), blocks: overdue },
    ],
  };
}
