/**
 * View models of the work-plan cards, bound to `adaptiveCards/workplanReport.json` (the quarterly
 * report a lead agency's focal point answers in the card) and `reportSummary.json` (the plan's
 * summary answering `plan` / `plan de travail` in chat). User text (descriptions, narratives)
 * only ever lands in TextRuns or input values, never in template expressions.
 */
import { formatDay, paragraph, run, type ActionData, type Choice, type Paragraph } from '../cards/card-text';
import { translate, type Language, type MessageKey } from '../i18n';
import { objectiveTitle } from '../updates/update-cards';
import { ACTIVITY_STATUSES, type ActionItemDocument, type ActivityContent, type ActivityStatus, type Quarter, type ReportDocument, type Texts } from './model';
import { NARRATIVE_MAX, isOverdue } from './workplan-rules';
import type { PlanView } from './workplan-views';

export const WORKPLAN_REPORT_VERB = 'workplan.report';
export const ACTION_ITEM_CLOSE_VERB = 'workplan.actionItem.close';
export const ACTION_ITEM_VIEW_VERB = 'workplan.actionItem.view';
export const WORKPLAN_REPORT_VIEW_VERB = 'workplan.reportView';
/** Input ids of indicator values on the report card: `value_<indicatorId>`. */
export const indicatorInputId = (indicatorId: string) => `value_${indicatorId}`;

// Input.Number needs a bound; a percentage stops at 100.
const NUMBER_MAX = 1e12;

export interface ReportCardSource {
  readonly networkId: string;
  readonly year: number;
  readonly quarter: Quarter;
  readonly planVersion: number;
  readonly activityId: string;
  readonly content: ActivityContent;
  readonly report?: ReportDocument;
  /** The reader may report (the lead agency's focal point or alternate, the plan open). */
  readonly mayReport: boolean;
  /** What just happened, shown on top (a report saved). */
  readonly notice?: string;
}

export interface ReportCardData {
  readonly title: string;
  readonly activity: string;
  readonly subtitle: string;
  readonly paragraphs: readonly Paragraph[];
  readonly hasForm: boolean;
  readonly labels: { readonly status: string; readonly statusRequired: string; readonly narrative: string; readonly evidence: string };
  readonly statuses: readonly Choice[];
  readonly selectedStatus: string;
  readonly indicators: readonly { readonly inputId: string; readonly label: string; readonly max: number; readonly value: number }[];
  readonly narrativeMaxLength: number;
  readonly narrative: string;
  readonly evidenceUrl: string;
  readonly actions: readonly ActionData[];
  /** Teams asks for the reader's current card whenever a 1:1 copy is shown: after an amendment it shows the version in force. */
  readonly refresh: { readonly verb: string; readonly data: Readonly<Record<string, string>> };
}

const UNIT_KEYS = { count: 'workplan.unit.count', people: 'workplan.unit.people', percent: 'workplan.unit.percent', days: 'workplan.unit.days', usd: 'workplan.unit.usd', gnf: 'workplan.unit.gnf' } as const;

export const textIn = (language: Language, texts: Texts): string => texts[language] ?? texts.fr ?? texts.en ?? '';
export const statusLabel = (language: Language, status: ActivityStatus): string => translate(language, `workplan.status.${status}` as MessageKey);

export function reportCardData(source: ReportCardSource, language: Language): ReportCardData {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const { content, report } = source;
  const paragraphs: Paragraph[] = [];
  if (source.notice) paragraphs.push(paragraph(run(source.notice, { bold: true, color: 'Good' })));
  if (report) paragraphs.push(paragraph(run(t('workplan.card.reportedBy', { name: report.reportedBy.name, status: statusLabel(language, report.status) }), { subtle: true })));
  else paragraphs.push(paragraph(run(t('workplan.card.notReported'), { subtle: true })));
  for (const indicator of content.indicators) {
    const reported = report?.values.find((value) => value.indicatorId === indicator.id)?.value;
    paragraphs.push(
      paragraph(
        run(`${textIn(language, indicator.label)} — `),
        run(t('workplan.card.indicatorLine', { baseline: indicator.baseline, target: indicator.target, unit: t(UNIT_KEYS[indicator.unit]), value: reported ?? '—' }), { subtle: true }),
      ),
    );
  }
  if (!source.mayReport) paragraphs.push(paragraph(run(t('workplan.card.readOnly'), { subtle: true })));
  const data = { networkId: source.networkId, year: String(source.year), activityId: source.activityId, quarter: String(source.quarter), planVersion: String(source.planVersion) };
  return {
    title: t('workplan.card.reportTitle', { quarter: source.quarter, year: source.year }),
    activity: textIn(language, content.description),
    subtitle: t('workplan.card.reportSubtitle', {
      lead: content.leadAgency,
      version: source.planVersion,
      objectives: content.objectives.map((objective) => `${objective}. ${objectiveTitle(language, objective)}`).join(' · '),
    }),
    paragraphs,
    hasForm: source.mayReport,
    labels: { status: t('workplan.card.status'), statusRequired: t('workplan.card.statusRequired'), narrative: t('workplan.card.narrative', { max: NARRATIVE_MAX }), evidence: t('workplan.card.evidence') },
    statuses: source.mayReport ? ACTIVITY_STATUSES.map((status) => ({ title: statusLabel(language, status), value: status })) : [],
    selectedStatus: report?.status ?? (content.status === 'planned' ? 'ongoing' : content.status),
    indicators: source.mayReport
      ? content.indicators.map((indicator) => ({
          inputId: indicatorInputId(indicator.id),
          label: `${textIn(language, indicator.label)} (${t(UNIT_KEYS[indicator.unit])})`,
          max: indicator.unit === 'percent' ? 100 : NUMBER_MAX,
          value: report?.values.find((value) => value.indicatorId === indicator.id)?.value ?? indicator.baseline,
        }))
      : [],
    narrativeMaxLength: NARRATIVE_MAX,
    narrative: report?.narrative ?? '',
    evidenceUrl: report?.evidence?.kind === 'link' ? report.evidence.url : '',
    actions: source.mayReport ? [{ title: t(report ? 'workplan.card.reportAgain' : 'workplan.card.send'), verb: WORKPLAN_REPORT_VERB, data }] : [],
    refresh: { verb: WORKPLAN_REPORT_VIEW_VERB, data },
  };
}

/** The plan's summary in chat (reportSummary.json): status, version and decision, progress per objective, who can send the detail. */
export function planSummaryCardData(view: PlanView, language: Language, tabUrl?: string) {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const inForce = view.versions.at(-1);
  const activities = view.activities.filter((activity) => activity.inForce || view.version === 0);
  const reported = activities.filter((activity) => Object.keys(activity.reports).length > 0).length;
  return {
    title: textIn(language, view.title),
    summary: inForce ? t('workplan.summary.adopted', { version: inForce.version, number: inForce.registerNumber }) : t('workplan.summary.notAdopted', { status: t(`workplan.planStatus.${view.status}` as MessageKey) }),
    facts: [
      { title: t('workplan.summary.status'), value: t(`workplan.planStatus.${view.status}` as MessageKey) },
      { title: t('workplan.summary.activities'), value: String(activities.length) },
      { title: t('workplan.summary.reported'), value: `${reported}/${activities.length}` },
    ],
    topHeading: t('workplan.summary.byObjective'),
    top: view.byObjective.map((row) => ({ label: `${row.objective}. ${Math.round(row.progress * 100)} % — `, title: objectiveTitle(language, row.objective) })),
    // Without an address for the tab (no public URL, no Teams app id) the card says who sends the detail.
    note: t(tabUrl ? 'workplan.summary.inTab' : 'workplan.summary.tab'),
    links: tabUrl ? [{ title: t('workplan.summary.openTab'), url: tabUrl }] : [],
  };
}

/** An action item's card (`actionItem.json`): sent to the owner agency before the due date, closable there. */
export function actionItemCardData(item: ActionItemDocument, options: { readonly networkId: string; readonly today: string; readonly mayClose: boolean; readonly notice?: string }, language: Language) {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const overdue = isOverdue(item, options.today);
  const paragraphs: Paragraph[] = [];
  if (options.notice) paragraphs.push(paragraph(run(options.notice, { bold: true, color: 'Good' })));
  if (overdue) paragraphs.push(paragraph(run(t('workplan.actionItem.overdue'), { bold: true, color: 'Attention' })));
  if (item.status === 'done' && item.closedBy) paragraphs.push(paragraph(run(t('workplan.actionItem.closedBy', { name: item.closedBy.name }), { subtle: true })));
  const data = { networkId: options.networkId, itemId: item.itemId };
  return {
    title: t('workplan.actionItem.title'),
    text: item.text,
    facts: [
      { title: t('workplan.actionItem.owner'), value: item.ownerAgency },
      // A calendar day (no zone moves it), as people read one.
      { title: t('workplan.actionItem.due'), value: formatDay(language, item.due) },
      { title: t('workplan.actionItem.status'), value: t(item.status === 'done' ? 'workplan.actionItem.done' : 'workplan.actionItem.open') },
    ],
    paragraphs,
    actions: options.mayClose && item.status === 'open' ? [{ title: t('workplan.actionItem.close'), verb: ACTION_ITEM_CLOSE_VERB, data }] : [],
    refresh: { verb: ACTION_ITEM_VIEW_VERB, data },
  };
}
