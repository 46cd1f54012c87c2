/**
 * The report to the regional network as a document-neutral view: sections of paragraphs,
 * tables and one chart, in the reader's language. The HTML and Word renderers only lay it out,
 * so both downloads always say the same thing.
 */
import { translate, type Language, type MessageKey } from '../i18n';
import type { Agency } from '../network/model';
import type { ReportFigures } from './report-rules';
import { agencyName, formatDay, kindLabel, objectiveTitle, periodDays } from './update-cards';
import { workplanBlocks } from './report-workplan-view';

export type ReportBlock =
  | { readonly kind: 'paragraph'; readonly text: string; readonly subtle?: boolean }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'heading'; readonly text: string }
  | {
      readonly kind: 'chart';
      readonly title: string;
      /**
       * `count`: bars scaled to the largest count; `percent`: counts are percentages drawn on a
       * 0–100 scale with the full track outlined, so 40 % reads as 40 % whatever the others are.
       */
      readonly scale?: 'count' | 'percent';
      readonly bars: readonly { readonly label: string; readonly title: string; readonly count: number }[];
    };

export interface ReportSection {
  readonly heading: string;
  readonly blocks: readonly ReportBlock[];
}

export interface ReportView {
  readonly language: Language;
  readonly title: string;
  readonly subtitle: string;
  readonly generated: string;
  readonly sections: readonly ReportSection[];
}

export function reportView(language: Language, figures: ReportFigures, agencies: readonly Agency[]): ReportView {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const days = periodDays(language, figures.period);
  const notRecorded: ReportBlock = { kind: 'paragraph', text: t('updates.report.notRecorded'), subtle: true };
  const agency = (code: string) => agencyName(language, agencies, code);
  const { meetings, decisions, statements, workingGroups, updates } = figures;

  const meetingBlocks: ReportBlock[] = !meetings.recorded
    ? [notRecorded]
    : meetings.held.length === 0
      ? [{ kind: 'paragraph', text: t('updates.report.meetingsNone') }]
      : [
          {
            kind: 'table',
            headers: [t('updates.report.date'), t('updates.report.meeting'), t('updates.report.attended')],
            rows: meetings.held.map((meeting) => [
              formatDay(language, meeting.start),
              meeting.title,
              `${meeting.attendedAgencies.join(', ') || '—'}${meeting.attendanceFrom === 'rsvp' ? ` ${t('updates.report.attendanceFromRsvp')}` : ''}`,
            ]),
          },
          { kind: 'paragraph', text: t('updates.report.attendance') },
          {
            kind: 'table',
            headers: [t('updates.report.agency'), t('updates.report.invited'), t('updates.report.attended')],
            rows: meetings.attendance.map((row) => [agency(row.agencyCode), String(row.invited), String(row.attended)]),
          },
        ];

  const decisionBlocks: ReportBlock[] = !decisions.recorded
    ? [notRecorded]
    : decisions.list.length === 0
      ? [{ kind: 'paragraph', text: t('updates.report.decisionsNone') }]
      : [
          { kind: 'paragraph', text: t('updates.report.decisionsLine', { adopted: decisions.adopted, noConsensus: decisions.noConsensus }) },
          {
            kind: 'table',
            headers: [t('updates.report.number'), t('updates.report.date'), t('updates.report.decision'), t('updates.report.outcome')],
            rows: decisions.list.map((decision) => [
              decision.registerNumber ?? '—',
              decision.closedAt ? formatDay(language, decision.closedAt) : '—',
              decision.title,
              t(`updates.outcome.${decision.outcome}` as MessageKey),
            ]),
          },
        ];

  const statementBlocks: ReportBlock[] = !statements.recorded
    ? [notRecorded]
    : statements.list.length === 0
      ? [{ kind: 'paragraph', text: t('updates.report.statementsNone') }]
      : [{ kind: 'table', headers: [t('updates.report.date'), t('updates.report.statementTitle')], rows: statements.list.map((statement) => [formatDay(language, statement.deliveredAt), statement.title]) }];

  const updateBlocks: ReportBlock[] = [
    { kind: 'paragraph', text: t('updates.report.updatesLine', { total: updates.total, without: updates.withoutObjective }) },
    {
      kind: 'chart',
      title: t('updates.report.chart'),
      bars: updates.byObjective.map((row) => ({ label: String(row.objective), title: objectiveTitle(language, row.objective), count: row.count })),
    },
    {
      kind: 'table',
      headers: [t('updates.report.objective'), t('updates.report.count')],
      rows: updates.byObjective.map((row) => [`${row.objective}. ${objectiveTitle(language, row.objective)}`, String(row.count)]),
    },
    { kind: 'paragraph', text: t('updates.report.byKind') },
    { kind: 'table', headers: [t('updates.form.kindLabel'), t('updates.report.count')], rows: updates.byKind.map((row) => [kindLabel(language, row.kind), String(row.count)]) },
    { kind: 'paragraph', text: t('updates.report.byAgency') },
    { kind: 'table', headers: [t('updates.report.agency'), t('updates.report.count')], rows: updates.byAgency.map((row) => [agency(row.agencyCode), String(row.count)]) },
  ];
  if (updates.list.length > 0) {
    updateBlocks.push(
      { kind: 'paragraph', text: t('updates.report.updateList') },
      {
        kind: 'table',
        headers: [t('updates.report.date'), t('updates.form.titleLabel'), t('updates.form.agencyLabel'), t('updates.report.objective'), t('updates.form.linkLabel')],
        rows: updates.list.map((update) => [formatDay(language, update.sharedAt), update.title, update.agencyCode, update.objectives.join(', ') || '—', update.link ?? '—']),
      },
    );
  }

  const groupBlocks: ReportBlock[] = !workingGroups.recorded
    ? [notRecorded]
    : workingGroups.list.length === 0
      ? [{ kind: 'paragraph', text: t('updates.report.workingGroupsNone') }]
      : [
          {
            kind: 'table',
            headers: [t('updates.report.workingGroups'), t('updates.report.objective'), ''],
            rows: workingGroups.list.map((group) => [
              group.name,
              group.objective,
              group.closed ? t('updates.report.groupClosed') : t('updates.report.groupLine', { members: group.members, partners: group.externalPartners, review: group.reviewDate ? formatDay(language, group.reviewDate) : '—' }),
            ]),
          },
        ];

  const count = (recorded: boolean, value: number) => (recorded ? String(value) : '—');
  return {
    language,
    title: t('updates.report.title'),
    subtitle: t('updates.report.subtitle', days),
    generated: t('updates.report.generated', { date: formatDay(language, figures.generatedAt) }),
    sections: [
      {
        heading: t('updates.report.summary'),
        blocks: [
          {
            kind: 'paragraph',
            text: t('updates.report.summaryLine', {
              meetings: count(meetings.recorded, meetings.held.length),
              decisions: count(decisions.recorded, decisions.list.length),
              statements: count(statements.recorded, statements.list.length),
              updates: updates.total,
            }),
          },
        ],
      },
      { heading: t('updates.report.meetings'), blocks: meetingBlocks },
      { heading: t('updates.report.decisions'), blocks: decisionBlocks },
      { heading: t('updates.report.statements'), blocks: statementBlocks },
      { heading: t('updates.report.updates'), blocks: updateBlocks },
      { heading: t('updates.report.workingGroups'), blocks: groupBlocks },
      {
        heading: t('updates.report.workplan'),
        blocks: !figures.workplan.recorded
          ? [notRecorded]
          : figures.workplan.plans.length === 0
            ? [{ kind: 'paragraph', text: t('updates.report.workplanNone') }]
            : figures.workplan.plans.flatMap((plan) => workplanBlocks(language, plan, agencies)),
      },
    ],
  };
}
