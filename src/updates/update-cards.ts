/**
 * View models of the updates cards (update, share form, digest, report summary): plain data
 * from i18n strings and user text, bound to adaptiveCards/update*.json, digest.json and
 * reportSummary.json by the card renderer. User text only ever lands in TextRuns or inputs.
 */
import { formatDay } from '../cards/card-text';
import { agencyName as sharedAgencyName } from '../network/membership-cards';
import { translate, type Language, type MessageKey } from '../i18n';
import type { Agency } from '../network/model';
import type { Digest } from './digest-rules';
import { GCM_OBJECTIVES, UPDATE_KINDS, type Period, type UpdateDocument, type UpdateKind } from './model';
import { REPORT_PERIODS, type ReportFigures, type ReportPeriodChoice } from './report-rules';

/** The period picker of a report card in chat (the tab API's card has none). */
export interface ReportPicker {
  readonly networkId: string;
  readonly choice: ReportPeriodChoice;
  /** Today, `YYYY-MM-DD`: the last day a period may end. */
  readonly today: string;
}

export const SHARE_VERB = 'updates.share';
/** The report card's "Show" action: the same card for the period chosen in it. */
export const REPORT_VERB = 'updates.report';
export const SEARCH_COMMAND_ID = 'searchUpdates';
export const SHARE_ACTION_COMMAND_ID = 'shareAsUpdate';

// A digest card stays well under Teams' 28 KB with this many update lines; the rest is in the tab.
export const DIGEST_MAX_LINES = 40;

export const objectiveTitle = (language: Language, objective: number): string => translate(language, `updates.objective.${objective}` as MessageKey);
export const kindLabel = (language: Language, kind: UpdateKind): string => translate(language, `updates.kind.${kind}` as MessageKey);

/** An agency as every card and the tab name it (src/network/membership-cards.ts), or its code when unknown. */
export function agencyName(language: Language, agencies: readonly Agency[], code: string): string {
  const agency = agencies.find((candidate) => candidate.code === code);
  return agency ? sharedAgencyName(agency, language) : code;
}

/** A date as the network reads it: day month year, in the zone given (Guinea's when none) — src/cards/card-text.ts. */
export { formatDay };

/** The first and last day of a half-open period, for "from … to …" lines: the days its instants fall on in `timeZone`. */
export function periodDays(language: Language, period: Period, timeZone?: string): { from: string; to: string } {
  return { from: formatDay(language, period.from, timeZone), to: formatDay(language, new Date(Date.parse(period.to) - 1).toISOString(), timeZone) };
}

export interface UpdateCardData {
  readonly notice: string;
  readonly kindAgency: string;
  readonly title: string;
  readonly summary: string;
  readonly objectivesLabel: string;
  readonly objectives: readonly { readonly number: string; readonly title: string }[];
  readonly sharedBy: string;
  readonly link: string;
  readonly openLink: string;
}

/** `timeZone`: the day it was shared, in the network's zone (settings/); absent → Guinea's. */
export function updateCardData(language: Language, update: UpdateDocument, agencies: readonly Agency[], notice = '', timeZone?: string): UpdateCardData {
  return {
    notice,
    kindAgency: translate(language, 'updates.card.kindAgency', { kind: kindLabel(language, update.kind), agency: agencyName(language, agencies, update.agencyCode) }),
    title: update.title,
    summary: update.summary,
    objectivesLabel: translate(language, 'updates.card.objectives'),
    objectives: update.objectives.map((objective) => ({ number: `${objective}. `, title: objectiveTitle(language, objective) })),
    sharedBy: translate(language, 'updates.card.sharedBy', { name: update.sharedBy.name || '—', date: formatDay(language, update.sharedAt, timeZone) }),
    link: update.link ?? '',
    openLink: translate(language, 'updates.card.openLink'),
  };
}

export interface FormValues {
  readonly title?: string;
  readonly summary?: string;
  readonly link?: string;
  readonly kind?: string;
  readonly agencyCode?: string;
  readonly objectives?: readonly number[];
}

/**
 * The share form: an Action.Execute card in a conversation, or (`execute: false`) the
 * Action.Submit card of the message action's task module, where Action.Execute does not run.
 */
export function updateFormCardData(
  language: Language,
  options: { readonly networkId: string; readonly agencies: readonly Agency[]; readonly values?: FormValues; readonly execute: boolean; readonly error?: string },
) {
  const t = (key: MessageKey) => translate(language, key);
  const values = options.values ?? {};
  return {
    heading: t(options.execute ? 'updates.form.title' : 'updates.messageAction.title'),
    intro: t('updates.form.intro'),
    error: options.error ?? '',
    labels: {
      title: t('updates.form.titleLabel'),
      titleError: t('updates.form.titleError'),
      summary: t('updates.form.summaryLabel'),
      link: t('updates.form.linkLabel'),
      linkError: t('updates.form.linkError'),
      kind: t('updates.form.kindLabel'),
      agency: t('updates.form.agencyLabel'),
      objectives: t('updates.form.objectivesLabel'),
    },
    values: {
      title: values.title ?? '',
      summary: values.summary ?? '',
      link: values.link ?? '',
      kind: values.kind ?? 'news',
      agencyCode: values.agencyCode ?? '',
      objectives: (values.objectives ?? []).join(','),
    },
    kinds: UPDATE_KINDS.map((kind) => ({ title: kindLabel(language, kind), value: kind })),
    agencies: options.agencies.map((agency) => ({ title: agencyName(language, options.agencies, agency.code), value: agency.code })),
    objectiveChoices: GCM_OBJECTIVES.map((objective) => ({ title: `${objective}. ${objectiveTitle(language, objective)}`, value: String(objective) })),
    submit: t('updates.form.submit'),
    execute: options.execute,
    verb: SHARE_VERB,
    data: { networkId: options.networkId },
  };
}

/**
 * `timeZone`: the period's first and last days and the meetings' days in the network's zone
 * (settings/); absent → Guinea's. The period's bounds are the schedule's (DIGEST_SCHEDULE, UTC).
 */
export function digestCardData(language: Language, digest: Digest, agencies: readonly Agency[], timeZone?: string) {
  const days = periodDays(language, digest.period, timeZone);
  let lines = 0;
  let hidden = 0;
  const groups = [];
  for (const group of digest.groups) {
    const items = [];
    for (const update of group.updates) {
      if (lines >= DIGEST_MAX_LINES) {
        hidden += 1;
        continue;
      }
      lines += 1;
      items.push({ title: update.title, meta: ` — ${kindLabel(language, update.kind)}, ${agencyName(language, agencies, update.agencyCode)}` });
    }
    if (items.length === 0) continue;
    groups.push({
      heading:
        group.objective === null
          ? translate(language, 'updates.objective.none')
          : `${translate(language, 'updates.objective.label', { number: group.objective })} — ${objectiveTitle(language, group.objective)}`,
      items,
    });
  }
  return {
    title: translate(language, 'updates.digest.title', days),
    intro: translate(language, 'updates.digest.intro', { updates: digest.updateCount, meetings: digest.meetings.length, decisions: digest.decisions.length }),
    updatesHeading: translate(language, 'updates.digest.updates'),
    groups,
    more: hidden > 0 ? translate(language, 'updates.digest.moreUpdates', { count: hidden }) : '',
    meetingsHeading: translate(language, 'updates.digest.meetings'),
    meetings: digest.meetings.map((meeting) => ({ title: meeting.title, meta: ` — ${formatDay(language, meeting.start, timeZone)}` })),
    decisionsHeading: translate(language, 'updates.digest.decisions'),
    decisions: digest.decisions.map((decision) => ({
      title: decision.title,
      meta: ` — ${[decision.registerNumber, translate(language, `updates.outcome.${decision.outcome}` as MessageKey)].filter(Boolean).join(', ')}`,
    })),
  };
}

export function reportSummaryCardData(language: Language, figures: ReportFigures, picker?: ReportPicker) {
  const days = periodDays(language, figures.period);
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const notRecorded = t('updates.report.notRecorded');
  const count = (recorded: boolean, value: number) => (recorded ? String(value) : notRecorded);
  const top = [...figures.updates.byObjective]
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count || a.objective - b.objective)
    .slice(0, 3);
  return {
    title: t('updates.report.cardTitle', days),
    summary: t('updates.report.subtitle', days),
    facts: [
      { title: t('updates.report.meetings'), value: count(figures.meetings.recorded, figures.meetings.held.length) },
      {
        title: t('updates.report.decisions'),
        value: figures.decisions.recorded
          ? `${figures.decisions.list.length} — ${t('updates.report.decisionsLine', { adopted: figures.decisions.adopted, noConsensus: figures.decisions.noConsensus })}`
          : notRecorded,
      },
      { title: t('updates.report.statements'), value: count(figures.statements.recorded, figures.statements.list.length) },
      { title: t('updates.report.updates'), value: String(figures.updates.total) },
      { title: t('updates.report.workingGroups'), value: count(figures.workingGroups.recorded, figures.workingGroups.list.length) },
    ],
    topHeading: t('updates.report.topObjectives'),
    top: top.map((row) => ({ label: `${row.objective}. (${row.count}) `, title: objectiveTitle(language, row.objective) })),
    download: t('updates.report.cardDownload'),
    ...reportPickerData(language, figures, picker),
  };
}

/** The period the card shows, named, and the inputs to choose another one (quarter, year, dates). */
function reportPickerData(language: Language, figures: ReportFigures, picker: ReportPicker | undefined) {
  const t = (key: MessageKey) => translate(language, key);
  if (!picker) return { hasPicker: false, periodName: '', periodLabel: '', period: '', periodChoices: [], fromLabel: '', from: '', toLabel: '', to: '', today: '', actions: [] };
  const lastDay = new Date(Date.parse(figures.period.to) - 1).toISOString().slice(0, 10);
  return {
    hasPicker: true,
    periodName: t(`updates.report.period.${picker.choice}`),
    periodLabel: t('updates.report.periodLabel'),
    period: picker.choice,
    periodChoices: REPORT_PERIODS.map((choice) => ({ title: t(`updates.report.period.${choice}`), value: choice })),
    fromLabel: t('updates.report.fromLabel'),
    from: figures.period.from.slice(0, 10),
    toLabel: t('updates.report.toLabel'),
    to: lastDay,
    today: picker.today,
    actions: [{ title: t('updates.report.show'), verb: REPORT_VERB, data: { networkId: picker.networkId } }],
  };
}
