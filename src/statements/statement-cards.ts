/**
 * View models of the statement cards, bound to adaptiveCards/statement.json and
 * statementForm.json. Titles, purposes, texts, comments and names are user text: they only go
 * into TextRun elements (or input values), so Markdown and `${…}` in them show literally. The
 * reader's own view (their agency's clearance, what they may do) is computed per person; the
 * channel copy carries a `refresh` so Teams asks for each reader's view.
 *
 * Names: the channel copy is read by whoever sits in the channel, pending people included, so
 * it names agencies only; a personal view names the requester, the drafter and the
 * representative who cleared only for a confirmed member (`seesNames`, the rule of
 * statement-views.ts `readsNames`), as the statement API does.
 */
import { translate, type Language, type MessageKey } from '../i18n';
import { MAX_COMMENT_LENGTH } from '../agency-voices/voice-rules';
import { formatInstant, paragraph, run, type ActionData, type Choice, type Paragraph } from '../cards/card-text';
import { confirmationCardData, pluralOf, type ConfirmationCardData } from '../cards/confirmation';
import { GCM_OBJECTIVES } from '../updates/model';
import { objectiveTitle } from '../updates/update-cards';
import type { StatementDocument, StatementVersion } from './model';
import { CLEARANCE_POSITIONS, STATEMENT_LANGUAGES, diffBase, diffByLanguage, requiredLanguages, type ClearancePosition, type ClearanceState, type DiffSummary, type StatementLanguage } from './statement-rules';

export const STATEMENT_REQUEST_VERB = 'statement.request';
export const STATEMENT_VIEW_VERB = 'statement.view';
export const STATEMENT_DRAFT_VERB = 'statement.draft';
export const STATEMENT_SUBMIT_VERB = 'statement.submit';
export const STATEMENT_CLEAR_VERB = 'statement.clear';
export const STATEMENT_DELIVER_VERB = 'statement.deliver';
export const STATEMENT_NAME_DRAFTER_VERB = 'statement.nameDrafter';

/** Longest text per language: two of them in a drafting card stay under Teams' 28 KB. */
export const MAX_STATEMENT_TEXT = 5000;

export interface StatementViewer {
  readonly language: Language;
  /** The zone dates are shown in: the network's (settings/); absent → Guinea's. */
  readonly timeZone?: string;
  /** A card for one person; false for the channel copy. */
  readonly personal: boolean;
  readonly agencyCode?: string;
  readonly canDraft: boolean;
  readonly canClear: boolean;
  readonly canDeliver: boolean;
  readonly canNameDrafter: boolean;
  /**
   * Confirmed members read who requested, drafted and cleared; pending people and the shared
   * channel copy never read a person's name (statement-views.ts). Absent = no names.
   */
  readonly seesNames?: boolean;
  /** Agencies a co-chair may name to draft (code → name in the reader's language). */
  readonly agencies?: readonly Choice[];
}

export interface StatementCardData {
  readonly title: string;
  readonly headline: string;
  readonly status: string;
  readonly paragraphs: readonly Paragraph[];
  readonly hasPositions: boolean;
  readonly positionLabel: string;
  readonly positions: readonly Choice[];
  readonly selectedPosition: string;
  readonly commentLabel: string;
  readonly commentMaxLength: number;
  readonly hasDraft: boolean;
  readonly draftLabels: Readonly<Record<'textFr' | 'textEn' | 'deadlineDays' | 'draftingAgency', string>>;
  readonly textMaxLength: number;
  readonly draftFr: string;
  readonly draftEn: string;
  readonly hasAgencyChoice: boolean;
  readonly agencies: readonly Choice[];
  readonly selectedAgency: string;
  readonly actions: readonly ActionData[];
}

const tr = (language: Language) => (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values);
const POSITION_COLOR: Record<ClearancePosition, 'Good' | 'Attention'> = { approve: 'Good', requestChanges: 'Attention' };

/** One language's "+N words, −M words" and its changed passages. */
function languageChangeParagraphs(changes: DiffSummary, language: Language, textLanguage: StatementLanguage): Paragraph[] {
  const t = tr(language);
  const label = run(`${t(`statements.languageLabel.${textLanguage}`)}${t('statements.labelSeparator')}`, { bold: true });
  if (changes.added === 0 && changes.removed === 0) return [paragraph(label, run(t('statements.changes.none'), { subtle: true }))];
  const added = t(pluralOf(language, changes.added, { one: 'statements.changes.added.one', other: 'statements.changes.added.other' }), { count: changes.added });
  const removed = t(pluralOf(language, changes.removed, { one: 'statements.changes.removed.one', other: 'statements.changes.removed.other' }), { count: changes.removed });
  const counts = [...(changes.added > 0 ? [added] : []), ...(changes.removed > 0 ? [removed] : [])];
  const lines = [paragraph(label, run(counts.join(', ')))];
  for (const excerpt of changes.excerpts) {
    lines.push(paragraph(run(excerpt.kind === 'added' ? '+ ' : '− ', { bold: true, color: excerpt.kind === 'added' ? 'Good' : 'Attention' }), run(excerpt.text, { subtle: excerpt.kind === 'removed' })));
  }
  if (changes.truncated) lines.push(paragraph(run(t('statements.changes.more'), { subtle: true })));
  return lines;
}

/**
 * What changed since the version the reader compares with (statement-rules `diffBase`: what
 * their agency last cleared, the previous round, the previous version), language by language.
 */
export function changeParagraphs(statement: Pick<StatementDocument, 'versions' | 'clearance' | 'voicedVersions'>, shown: StatementVersion, language: Language, agencyCode?: string): Paragraph[] {
  const base = diffBase(statement, shown.number, agencyCode);
  const before = base && statement.versions.find((version) => version.number === base.version);
  if (!base || !before) return [];
  const t = tr(language);
  const lines = [paragraph(run(t(`statements.changes.since.${base.reason}`, { from: base.version }), { bold: true }))];
  const byLanguage = diffByLanguage(before.text, shown.text);
  for (const textLanguage of STATEMENT_LANGUAGES) {
    const changes = byLanguage[textLanguage];
    if (changes) lines.push(...languageChangeParagraphs(changes, language, textLanguage));
  }
  return lines;
}

// Each paragraph is its own RichTextBlock (~120 bytes of JSON around the text): with both
// languages of 5,000 characters, their changes, a 2,000-character purpose and the clearance, a
// card stays under Teams' 28 KB only if the paragraphs past this many share the last block
// (joined by blank lines, nothing dropped).
const MAX_TEXT_BLOCKS = 12;

function textBlocks(body: string): string[] {
  const blocks = body.split(/\n{2,}/);
  return blocks.length <= MAX_TEXT_BLOCKS ? blocks : [...blocks.slice(0, MAX_TEXT_BLOCKS - 1), blocks.slice(MAX_TEXT_BLOCKS - 1).join('\n\n')];
}

/**
 * Both language versions of a text, each under its label (the network's language first); a
 * language the request named that is not written yet says so.
 */
export function bilingualParagraphs(text: StatementVersion['text'], required: readonly StatementLanguage[], language: Language): Paragraph[] {
  const t = tr(language);
  return STATEMENT_LANGUAGES.flatMap((textLanguage) => {
    const body = text[textLanguage];
    if (!body && !required.includes(textLanguage)) return [];
    const label = paragraph(run(t(`statements.languageLabel.${textLanguage}`), { bold: true, color: 'Accent' }));
    if (!body) return [label, paragraph(run(t('statements.text.missing'), { subtle: true }))];
    return [label, ...textBlocks(body).map((block) => paragraph(run(block)))];
  });
}

export function statementCardData(statement: StatementDocument, state: ClearanceState | undefined, viewer: StatementViewer, networkId: string): StatementCardData {
  const t = tr(viewer.language);
  const ids = { networkId, statementId: statement.statementId };
  const latest = statement.versions.at(-1);
  const lines: Paragraph[] = [];
  const agencyName = (code: string) => viewer.agencies?.find((agency) => agency.value === code)?.title ?? code;
  // Only a personal view for a confirmed member names people; the shared copy never does.
  const names = viewer.personal && viewer.seesNames === true;
  const requester = statement.requestedBy;
  const requestedBy = names ? `${requester.name}${requester.agencyCode ? ` (${agencyName(requester.agencyCode)})` : ''}` : requester.agencyCode ? agencyName(requester.agencyCode) : '—';
  lines.push(paragraph(run(t('statements.requestedBy'), { bold: true }), run(requestedBy)));
  if (statement.purpose) lines.push(paragraph(run(t('statements.purpose'), { bold: true }), run(statement.purpose)));
  if (statement.gcmObjectives.length > 0) lines.push(paragraph(run(t('statements.objectives'), { bold: true }), run(statement.gcmObjectives.join(', '))));
  if (statement.draftingAgency) lines.push(paragraph(run(t('statements.draftingAgency'), { bold: true }), run(agencyName(statement.draftingAgency))));

  const clearance = statement.clearance;
  const shownVersion =
    statement.status === 'delivered'
      ? statement.versions.find((version) => version.number === statement.delivered?.version)
      : clearance && statement.status === 'clearance'
        ? statement.versions.find((version) => version.number === clearance.version)
        : latest;
  const drafting = viewer.personal && viewer.canDraft && statement.status !== 'delivered';
  // A pending person's own view shows no draft before delivery, as the API does; the channel
  // copy must carry the text ExCom clears.
  const draftWithheld = viewer.personal && viewer.seesNames !== true && statement.status !== 'delivered';
  if (shownVersion && draftWithheld) {
    lines.push(paragraph(run(t('statements.version', { number: shownVersion.number }), { bold: true, color: 'Accent' })));
    lines.push(paragraph(run(t('statements.draftWithheld'), { subtle: true })));
  } else if (shownVersion) {
    lines.push(
      paragraph(
        run(t('statements.version', { number: shownVersion.number }), { bold: true, color: 'Accent' }),
        run(` — ${names ? `${shownVersion.createdBy.name}, ` : ''}${formatInstant(shownVersion.createdAt, viewer.language, viewer.timeZone)}`, { subtle: true }),
      ),
    );
    // A representative compares with what their agency last cleared; the channel with the previous round.
    lines.push(...changeParagraphs(statement, shownVersion, viewer.language, viewer.personal ? viewer.agencyCode : undefined));
    // The drafter edits the text in the inputs below; everyone else reads both languages here.
    if (!drafting) lines.push(...bilingualParagraphs(shownVersion.text, requiredLanguages(statement), viewer.language));
  } else {
    lines.push(paragraph(run(t('statements.noVersionYet'), { subtle: true })));
  }

  if (clearance && state && statement.status === 'drafting' && latest && latest.number > clearance.version) {
    lines.push(paragraph(run(t('statements.clearance.superseded', { number: clearance.version, latest: latest.number }), { bold: true, color: 'Warning' })));
  }
  if (clearance && state) {
    lines.push(paragraph(run(t('statements.clearance.of', { number: clearance.version, deadline: formatInstant(clearance.deadline, viewer.language, viewer.timeZone) }), { bold: true })));
    lines.push(
      paragraph(
        run(t('statements.clearance.count', { approved: state.approved.length, total: clearance.excomAgencies.length }), { bold: true, color: state.validated ? 'Good' : 'Default' }),
        run(state.pending.length > 0 ? ` — ${t('statements.clearance.pending', { agencies: state.pending.map(agencyName).join(', ') })}` : '', { subtle: true }),
      ),
    );
    for (const agency of clearance.excomAgencies) {
      const voice = state.voices.get(agency);
      lines.push(
        paragraph(
          run(t('statements.clearance.agency', { agency: agencyName(agency) }), { bold: true }),
          run(voice ? t(`statements.position.${voice.position}`) : t('statements.clearance.none'), voice ? { color: POSITION_COLOR[voice.position] } : { subtle: true }),
          run(voice?.comment ? ` — ${voice.comment}` : '', { subtle: true }),
        ),
      );
    }
    if (viewer.agencyCode && clearance.excomAgencies.includes(viewer.agencyCode)) {
      const own = state.voices.get(viewer.agencyCode);
      lines.push(
        paragraph(
          run(t('statements.clearance.yourAgency', { agency: viewer.agencyCode }), { bold: true, color: 'Accent' }),
          run(own ? t(`statements.position.${own.position}`) : t('statements.clearance.none')),
          run(own && names ? ` (${own.castBy.name})` : '', { subtle: true }),
        ),
      );
    }
  }
  if (statement.status === 'delivered' && statement.delivered) {
    lines.push(paragraph(run(t('statements.deliveredOn', { date: formatInstant(statement.delivered.at, viewer.language, viewer.timeZone), number: statement.delivered.version }), { bold: true, color: 'Good' })));
  }

  const inClearance = statement.status === 'clearance' && !!clearance && !!state;
  const canClear = viewer.personal && inClearance && viewer.canClear;
  const actions: ActionData[] = [];
  if (canClear) actions.push({ title: t('statements.action.clear'), verb: STATEMENT_CLEAR_VERB, data: { ...ids, agencyCode: viewer.agencyCode ?? '', version: String(clearance.version) } });
  if (drafting) {
    actions.push({ title: t('statements.action.saveVersion'), verb: STATEMENT_DRAFT_VERB, data: ids });
    if (latest && !(inClearance && clearance.version === latest.number)) {
      actions.push({ title: t('statements.action.submit', { number: latest.number }), verb: STATEMENT_SUBMIT_VERB, data: { ...ids, version: String(latest.number) } });
    }
  }
  if (viewer.personal && viewer.canDeliver && inClearance && state.validated) {
    actions.push({ title: t('statements.action.deliver', { number: clearance.version }), verb: STATEMENT_DELIVER_VERB, data: { ...ids, version: String(clearance.version) } });
  }
  const nameDrafter = viewer.personal && viewer.canNameDrafter && statement.status !== 'delivered' && (viewer.agencies?.length ?? 0) > 0;
  if (nameDrafter) actions.push({ title: t('statements.action.nameDrafter'), verb: STATEMENT_NAME_DRAFTER_VERB, data: ids });
  if (!viewer.personal && statement.status !== 'delivered') actions.push({ title: t('statements.action.view'), verb: STATEMENT_VIEW_VERB, data: ids });
  const own = viewer.agencyCode ? state?.voices.get(viewer.agencyCode) : undefined;

  return {
    title: t(statement.status === 'clearance' ? 'statements.card.clearanceTitle' : statement.status === 'delivered' ? 'statements.card.deliveredTitle' : 'statements.card.title'),
    headline: statement.title,
    status: statement.status === 'clearance' && state?.validated ? t('statements.status.validated') : t(`statements.status.${statement.status}`),
    paragraphs: lines,
    hasPositions: canClear,
    positionLabel: t('statements.position.label'),
    positions: CLEARANCE_POSITIONS.map((position) => ({ title: t(`statements.position.${position}`), value: position })),
    selectedPosition: own?.position ?? '',
    commentLabel: t('statements.position.commentLabel'),
    commentMaxLength: MAX_COMMENT_LENGTH,
    hasDraft: drafting,
    draftLabels: labels(viewer.language),
    textMaxLength: MAX_STATEMENT_TEXT,
    draftFr: latest?.text.fr ?? '',
    draftEn: latest?.text.en ?? '',
    hasAgencyChoice: nameDrafter,
    agencies: viewer.agencies ?? [],
    selectedAgency: statement.draftingAgency ?? '',
    actions,
  };
}

function labels(language: Language): StatementCardData['draftLabels'] {
  const t = tr(language);
  return { textFr: t('statements.draft.textFr'), textEn: t('statements.draft.textEn'), deadlineDays: t('statements.draft.deadlineDays'), draftingAgency: t('statements.draft.draftingAgency') };
}

/**
 * "Publish on behalf of the Network?" for a co-chair: the version, that every ExCom agency
 * approved it, where it will appear (or that no channel has the app), and that it is final.
 */
export function deliverConfirmationCardData(statement: StatementDocument, version: number, channels: number, language: Language, networkId: string): ConfirmationCardData {
  const t = tr(language);
  const ids = { networkId, statementId: statement.statementId };
  return confirmationCardData({
    language,
    title: t('statements.deliver.confirm.title'),
    paragraphs: [
      paragraph(run(statement.title, { bold: true })),
      paragraph(run(t('statements.deliver.confirm.version', { number: version, count: statement.clearance?.excomAgencies.length ?? 0 }))),
      paragraph(channels === 0 ? run(t('statements.deliver.confirm.noChannel'), { color: 'Warning' }) : run(t(pluralOf(language, channels, { one: 'statements.deliver.confirm.channels.one', other: 'statements.deliver.confirm.channels.other' }), { count: channels }))),
    ],
    warning: t('statements.deliver.confirm.warning'),
    confirm: { title: t('statements.deliver.confirm.action'), verb: STATEMENT_DELIVER_VERB, data: { ...ids, version: String(version) }, style: 'positive' },
    back: { verb: STATEMENT_VIEW_VERB, data: ids },
  });
}

/** What a co-chair's delivery did, said on top of their card: published, and where. */
export function deliveredOutcomeLines(statement: StatementDocument, channels: number, language: Language): { readonly lines: string[]; readonly tone: 'good' | 'warning' } {
  const t = tr(language);
  const first = t('statements.deliver.done', { number: statement.delivered?.version ?? 0 });
  if (channels === 0) return { lines: [first, t('statements.deliver.noChannel')], tone: 'warning' };
  return { lines: [first, t(pluralOf(language, channels, { one: 'statements.deliver.channels.one', other: 'statements.deliver.channels.other' }), { count: channels })], tone: 'good' };
}

/** The card published in the network channel: "on behalf of the Network", the text delivered. */
export function deliveredCardData(statement: StatementDocument, language: Language): StatementCardData {
  const t = tr(language);
  const version = statement.versions.find((entry) => entry.number === statement.delivered?.version);
  return {
    ...emptyInputs(language),
    title: t('statements.card.onBehalf'),
    headline: statement.title,
    status: t('statements.deliveredOn', { date: formatInstant(statement.delivered?.at ?? statement.requestedAt, language, statement.timeZone), number: statement.delivered?.version ?? 0 }),
    // Published in both languages, each labelled.
    paragraphs: version ? bilingualParagraphs(version.text, requiredLanguages(statement), language) : [],
    actions: [],
  };
}

/** A reminder to an ExCom agency that has not cleared the version yet. */
export function reminderCardData(statement: StatementDocument, language: Language, networkId: string): StatementCardData {
  const t = tr(language);
  return {
    ...emptyInputs(language),
    title: t('statements.reminder.title'),
    headline: statement.title,
    status: t('statements.reminder.until', { number: statement.clearance?.version ?? 0, deadline: formatInstant(statement.clearance?.deadline ?? statement.requestedAt, language, statement.timeZone) }),
    paragraphs: [paragraph(run(t('statements.reminder.body')))],
    actions: [{ title: t('statements.action.open'), verb: STATEMENT_VIEW_VERB, data: { networkId, statementId: statement.statementId } }],
  };
}

function emptyInputs(language: Language): Omit<StatementCardData, 'title' | 'headline' | 'status' | 'paragraphs' | 'actions'> {
  const t = tr(language);
  return {
    hasPositions: false,
    positionLabel: t('statements.position.label'),
    positions: [],
    selectedPosition: '',
    commentLabel: t('statements.position.commentLabel'),
    commentMaxLength: MAX_COMMENT_LENGTH,
    hasDraft: false,
    draftLabels: labels(language),
    textMaxLength: MAX_STATEMENT_TEXT,
    draftFr: '',
    draftEn: '',
    hasAgencyChoice: false,
    agencies: [],
    selectedAgency: '',
  };
}

export interface StatementFormCardData {
  readonly title: string;
  readonly intro: string;
  readonly labels: Readonly<Record<'title' | 'purpose' | 'objectives' | 'languages', string>>;
  readonly objectives: readonly Choice[];
  /** French and English, both ticked: joint statements are bilingual unless the requester says otherwise. */
  readonly languages: readonly Choice[];
  readonly selectedLanguages: string;
  readonly submit: ActionData;
}

export function statementFormCardData(language: Language, networkId: string): StatementFormCardData {
  const t = tr(language);
  return {
    title: t('statements.form.title'),
    intro: t('statements.form.intro'),
    labels: { title: t('statements.form.titleLabel'), purpose: t('statements.form.purpose'), objectives: t('statements.form.objectives'), languages: t('statements.form.languages') },
    objectives: GCM_OBJECTIVES.map((number) => ({ title: `${number}. ${objectiveTitle(language, number)}`, value: String(number) })),
    languages: STATEMENT_LANGUAGES.map((code) => ({ title: t(`statements.languageLabel.${code}`), value: code })),
    selectedLanguages: STATEMENT_LANGUAGES.join(','),
    submit: { title: t('statements.form.submit'), verb: STATEMENT_REQUEST_VERB, data: { networkId } },
  };
}
