/**
 * View models of the poll and decision cards: plain data built from i18n strings and the
 * documents, bound to adaptiveCards/poll.json, decision.json and decisionForm.json. Questions,
 * titles, texts, options, comments and names are user text: they only go into TextRun
 * elements (or choice titles, which Teams shows as plain text), so Markdown and `${…}` in them
 * show literally. The reader's own view (their answer, their agency's position, what they may
 * do) is computed per person; copies without a reader carry a `refresh` so Teams asks for it.
 */
import { zonePlace } from '../settings/model';
import { formatInstant, localeOf, paragraph, run, type ActionData, type Choice, type Paragraph, type Run } from '../cards/card-text';
import { confirmationCardData, type ConfirmationCardData } from '../cards/confirmation';
import { labelled, translate, type Language, type MessageKey } from '../i18n';
import { MAX_COMMENT_LENGTH } from '../agency-voices/voice-rules';
import { POSITIONS, type Position } from './consensus-rules';
import { decisionSummary, type DecisionSummary } from './decision-rules';
import type { CommentDocument, CommentsShown, DecisionDocument, PollAnswerDocument, PollDocument } from './model';
import { SLOT_ANSWERS } from './model';
import type { PollResults } from './poll-rules';
import { anonymisedResults } from './decision-views';
import { DEFAULT_POLL_TIME_ZONE, bestSlot, convocationPrefill, localDateTime } from './slot-rules';
import type { TabLink } from '../cards/tab-links';

export const POLL_ANSWER_VERB = 'poll.answer';
export const POLL_VIEW_VERB = 'poll.view';
export const DECISION_CREATE_VERB = 'decision.create';
export const DECISION_COMMENT_VERB = 'decision.comment';
export const DECISION_POSITION_VERB = 'decision.position';
export const DECISION_VIEW_VERB = 'decision.view';
export const DECISION_CLOSE_VERB = 'decision.close';
export const DECISION_EXTEND_VERB = 'decision.extend';

// Teams allows at most 60 user ids in refresh.userIds; larger audiences get 1:1 cards.
export const MAX_REFRESH_USER_IDS = 60;

export interface PollCardData {
  readonly title: string;
  readonly question: string;
  readonly status: string;
  readonly paragraphs: readonly Paragraph[];
  readonly hasChoices: boolean;
  readonly multiple: boolean;
  readonly choiceLabel: string;
  readonly choices: readonly Choice[];
  readonly selected: string;
  readonly slots: readonly { readonly label: string; readonly inputId: string; readonly value: string; readonly choices: readonly Choice[] }[];
  readonly actions: readonly ActionData[];
  /** Action.OpenUrl buttons: the tab's New convocation form pre-filled with the best slot. */
  readonly links: readonly { readonly title: string; readonly url: string }[];
}

export interface DecisionCardData {
  readonly title: string;
  readonly headline: string;
  readonly status: string;
  readonly paragraphs: readonly Paragraph[];
  readonly hasPositions: boolean;
  readonly positionLabel: string;
  readonly positions: readonly Choice[];
  readonly selectedPosition: string;
  readonly hasComment: boolean;
  readonly commentLabel: string;
  readonly commentMaxLength: number;
  readonly hasDeadlineInput: boolean;
  readonly deadlineLabel: string;
  readonly actions: readonly ActionData[];
}

export interface DecisionFormCardData {
  readonly title: string;
  readonly intro: string;
  readonly labels: Readonly<Record<'title' | 'textFr' | 'textEn' | 'mode' | 'consultation' | 'deadline' | 'reminders', string>>;
  readonly modes: readonly Choice[];
  readonly remindersDefault: string;
  readonly submit: ActionData;
}

const tr = (language: Language) => (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values);


// Slots are shown in their poll's zone: a handful of zones in practice, kept per (language, zone).
const SLOT_FORMATS = new Map<string, { readonly day: Intl.DateTimeFormat; readonly time: Intl.DateTimeFormat }>();
const MAX_SLOT_FORMATS = 64;

function slotFormats(language: Language, timeZone: string) {
  const key = `${language} ${timeZone}`;
  let formats = SLOT_FORMATS.get(key);
  if (!formats) {
    const locale = localeOf(language);
    formats = {
      day: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
    };
    // Zones come from poll documents: bounded so no input can grow the cache without end.
    if (SLOT_FORMATS.size >= MAX_SLOT_FORMATS) SLOT_FORMATS.clear();
    SLOT_FORMATS.set(key, formats);
  }
  return formats;
}

// ---- polls ----------------------------------------------------------------------------------

export interface PollViewer {
  readonly language: Language;
  /** The reader's own answer, when the card is for one person. */
  readonly answer?: PollAnswerDocument;
  /** A card for one person (1:1 or a refreshed view); false for the shared copy. */
  readonly personal: boolean;
}

/** A slot's start and end in the poll's zone, e.g. `mardi 12 mai 2026, 10:00 – 12:00`. */
export function formatSlot(start: string, end: string, language: Language, timeZone: string = DEFAULT_POLL_TIME_ZONE): string {
  const formats = slotFormats(language, timeZone);
  const day = formats.day.format(new Date(start));
  const time = formats.time;
  const sameDay = localDateTime(new Date(start), timeZone).day === localDateTime(new Date(end), timeZone).day && Date.parse(end) - Date.parse(start) < 86_400_000;
  const endText = sameDay ? time.format(new Date(end)) : formatInstant(end, language);
  return `${day}, ${time.format(new Date(start))} – ${endText}`;
}

/**
 * `tabLink` (src/cards/tab-links.ts), when it gives an address, adds to a closed time-slot poll's card a
 * button opening the tab's New convocation form pre-filled with the best slot.
 */
export function pollCardData(poll: PollDocument, allResults: PollResults, viewer: PollViewer, networkId: string, now: Date, tabLink?: TabLink): PollCardData {
  const t = tr(viewer.language);
  // Every variant (the voter's own view, the shared copy, the closed card, a reminder) reads
  // results through this: an anonymous poll's card carries counts per option, never who.
  const results = anonymisedResults(poll, allResults);
  const open = poll.status === 'open' && now.getTime() < Date.parse(poll.deadline);
  const slotLabel = (answer: string) => t(`decisions.poll.slot.${answer as 'yes' | 'ifNeedBe' | 'no'}`);
  const lines: Paragraph[] = [];
  lines.push(paragraph(run(t('decisions.poll.respondents', { count: results.respondents }), { bold: true })));
  for (const result of results.options) {
    const agencies = Object.entries(result.byAgency)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([agency, count]) => `${agency} ${count}`)
      .join(', ');
    const counts =
      poll.kind === 'timeSlots'
        ? t('decisions.poll.slotCounts', { yes: result.count, ifNeedBe: result.ifNeedBe, no: result.no })
        : t('decisions.poll.count', { count: result.count });
    lines.push(
      paragraph(
        run(result.option.label, { bold: true }),
        run(` — ${counts}`),
        run(agencies ? ` (${agencies})` : '', { subtle: true }),
        run(result.names.length > 0 ? ` · ${result.names.join(', ')}` : '', { subtle: true }),
      ),
    );
  }
  const best = poll.kind === 'timeSlots' ? bestSlot(results.options) : undefined;
  const timeZone = poll.timeZone ?? DEFAULT_POLL_TIME_ZONE;
  if (best) {
    lines.push(
      paragraph(
        run(t('decisions.poll.bestSlot'), { bold: true, color: 'Good' }),
        run(best.option.label, { bold: true }),
        run(` — ${formatSlot(best.option.start, best.option.end, viewer.language, timeZone)}`),
        run(` (${t('decisions.poll.slotCounts', { yes: best.yes, ifNeedBe: best.ifNeedBe, no: results.options.find((entry) => entry.option.id === best.option.id)?.no ?? 0 })})`, { subtle: true }),
      ),
    );
  }
  if (viewer.answer) {
    const own =
      poll.kind === 'timeSlots'
        ? poll.options.map((option) => `${labelled(viewer.language, option.label)}${slotLabel(viewer.answer?.slots?.[option.id] ?? 'no')}`).join(' · ')
        : poll.options.filter((option) => viewer.answer?.choices.includes(option.id)).map((option) => option.label).join(', ');
    lines.push(paragraph(run(t('decisions.poll.yourAnswer'), { bold: true, color: 'Accent' }), run(own)));
  } else if (viewer.personal && open) {
    lines.push(paragraph(run(t('decisions.poll.notAnswered'), { subtle: true })));
  }
  const kind = t(`decisions.poll.kind.${poll.kind}`);
  const status =
    (open ? t('decisions.poll.statusOpen', { kind, deadline: formatInstant(poll.deadline, viewer.language, poll.timeZone) }) : t('decisions.poll.statusClosed', { kind })) +
    (poll.anonymous ? ` · ${t('decisions.poll.anonymous')}` : '');
  const ids = { networkId, pollId: poll.pollId };
  const showInputs = open && viewer.personal;
  return {
    title: t('decisions.poll.title'),
    question: poll.question,
    status,
    paragraphs: lines,
    hasChoices: showInputs && poll.kind !== 'timeSlots',
    multiple: poll.kind === 'multiple',
    choiceLabel: t(poll.kind === 'multiple' ? 'decisions.poll.chooseMany' : 'decisions.poll.chooseOne'),
    choices: poll.options.map((option) => ({ title: option.label, value: option.id })),
    selected: viewer.answer?.choices.join(',') ?? '',
    slots: showInputs && poll.kind === 'timeSlots'
      ? poll.options.map((option) => ({
          label: option.label,
          inputId: `slot_${option.id}`,
          value: viewer.answer?.slots?.[option.id] ?? '',
          choices: SLOT_ANSWERS.map((answer) => ({ title: slotLabel(answer), value: answer })),
        }))
      : [],
    actions: !open
      ? []
      : showInputs
        ? [{ title: t(viewer.answer ? 'decisions.poll.change' : 'decisions.poll.answer'), verb: POLL_ANSWER_VERB, data: ids }]
        : [{ title: t('decisions.poll.open'), verb: POLL_VIEW_VERB, data: ids }],
    links: (() => {
      // The tab's New convocation form (a Teams deep link to the tab, or its web address).
      const url = best && !open ? tabLink?.(convocationPrefill(poll.question, best.option, t('decisions.poll.source', { question: poll.question }), timeZone)) : undefined;
      return url ? [{ title: t('decisions.poll.convene'), url }] : [];
    })(),
  };
}

// ---- decisions ------------------------------------------------------------------------------

export interface DecisionViewer {
  readonly language: Language;
  /** The zone deadlines are shown in: the network's (settings/); absent → Guinea's. */
  readonly timeZone?: string;
  /** A card for one person; false for a channel copy. */
  readonly personal: boolean;
  readonly agencyCode?: string;
  readonly canComment: boolean;
  readonly canCast: boolean;
  readonly canClose: boolean;
  /** ExCom representatives and co-chairs see the consultation comments grouped by agency. */
  readonly seesComments: boolean;
  /**
   * Confirmed members see which representative cast their agency's position; pending people
   * never read names (decision-views.ts). Absent = no names.
   */
  readonly seesNames?: boolean;
}

// With CARD_COMMENTS of them, at most 4,000 characters of comments on a card, whatever their length.
const CARD_COMMENT_CHARS = 500;

/** `text` cut at a word boundary near `max` characters, with an ellipsis when it was cut. */
function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const POSITION_COLOR: Record<Position, Run['color']> = { agree: 'Good', agreeWithReservations: 'Warning', standAside: 'Default', object: 'Attention' };

/**
 * `summary`: the decision's voices and tally when the caller computed them for this version
 * already (decisionSummary) — one turn or one refresh renders several views from one summary.
 */
export function decisionCardData(
  decision: DecisionDocument,
  comments: CommentsShown,
  viewer: DecisionViewer,
  networkId: string,
  summary: DecisionSummary = decisionSummary(decision),
): DecisionCardData {
  const t = tr(viewer.language);
  const ids = { networkId, decisionId: decision.decisionId };
  const lines: Paragraph[] = [];
  const texts = [decision.text[viewer.language], decision.text[viewer.language === 'fr' ? 'en' : 'fr']].filter((text): text is string => !!text);
  if (texts[0]) lines.push(paragraph(run(texts[0])));
  if (texts[1] && !decision.text[viewer.language]) lines.push(paragraph(run(t('decisions.decision.onlyOtherLanguage'), { subtle: true })));
  lines.push(paragraph(run(t('decisions.decision.mode'), { bold: true }), run(t(`decisions.mode.${decision.mode}`))));
  const positionName = (position: Position) => t(`decisions.position.${position}`);

  if (decision.phase === 'consultation' && decision.consultationDeadline) {
    lines.push(paragraph(run(t('decisions.consultation.until', { deadline: formatInstant(decision.consultationDeadline, viewer.language, viewer.timeZone) }), { bold: true })));
  }
  lines.push(paragraph(run(t('decisions.decision.deadline', { deadline: formatInstant(decision.deadline, viewer.language, viewer.timeZone) }), { subtle: decision.phase === 'closed' })));

  if (decision.phase !== 'consultation') {
    const current = summary.tally;
    const latest = summary.current;
    lines.push(
      paragraph(
        run(t('decisions.tally.answered', { answered: current.answered.length, total: decision.excomAgencies.length }), { bold: true }),
        run(current.pending.length > 0 ? ` — ${t('decisions.tally.pending', { agencies: current.pending.join(', ') })}` : '', { subtle: true }),
      ),
    );
    for (const position of POSITIONS) {
      const agencies = current.byPosition[position];
      if (agencies.length === 0) continue;
      lines.push(paragraph(run(labelled(viewer.language, positionName(position)), { bold: true, color: POSITION_COLOR[position] }), run(agencies.join(', '))));
    }
    // Reservations and objections are part of the record: shown with the agency that made them.
    for (const agency of [...current.byPosition.agreeWithReservations, ...current.byPosition.object]) {
      const comment = latest.get(agency)?.comment;
      if (comment) lines.push(paragraph(run(labelled(viewer.language, agency), { bold: true }), run(comment, { subtle: true })));
    }
    if (viewer.agencyCode && decision.excomAgencies.includes(viewer.agencyCode)) {
      const own = latest.get(viewer.agencyCode);
      lines.push(
        paragraph(
          run(t('decisions.decision.yourAgency', { agency: viewer.agencyCode }), { bold: true, color: 'Accent' }),
          run(own ? positionName(own.position) : t('decisions.decision.noPositionYet')),
          run(own && viewer.seesNames ? ` (${own.castBy.name})` : '', { subtle: true }),
        ),
      );
    }
  }

  if (decision.phase === 'closed' && decision.outcome) {
    const outcome = decision.outcome;
    lines.push(
      paragraph(
        run(decision.registerNumber ? `${decision.registerNumber} — ` : '', { bold: true }),
        run(t(`decisions.outcome.${outcome.state}`), { bold: true, color: outcome.state === 'adopted' ? 'Good' : 'Attention' }),
        run(decision.closedAt ? ` (${formatInstant(decision.closedAt, viewer.language, viewer.timeZone)})` : '', { subtle: true }),
      ),
    );
  }

  if (viewer.seesComments && comments.total > 0) {
    lines.push(paragraph(run(t('decisions.consultation.commentsByAgency', { count: comments.total }), { bold: true })));
    if (comments.total > comments.latest.length) lines.push(paragraph(run(t('decisions.consultation.latestShown', { shown: comments.latest.length }), { subtle: true })));
    const byAgency = new Map<string, CommentDocument[]>();
    for (const comment of comments.latest) byAgency.set(comment.agencyCode, [...(byAgency.get(comment.agencyCode) ?? []), comment]);
    for (const agency of [...byAgency.keys()].sort()) {
      for (const comment of byAgency.get(agency) ?? []) {
        lines.push(paragraph(run(`${agency} — `, { bold: true }), run(labelled(viewer.language, comment.author.name), { subtle: true }), run(shortened(comment.text, CARD_COMMENT_CHARS))));
      }
    }
  } else if (comments.total > 0 && decision.phase === 'consultation') {
    lines.push(paragraph(run(t('decisions.consultation.commentCount', { count: comments.total }), { subtle: true })));
  }

  const inConsultation = decision.phase === 'consultation';
  const inExcom = decision.phase === 'excom';
  const personalOpen = viewer.personal && decision.phase !== 'closed';
  const canCast = personalOpen && inExcom && viewer.canCast;
  const canComment = personalOpen && inConsultation && viewer.canComment;
  const canClose = personalOpen && viewer.canClose;
  const actions: ActionData[] = [];
  if (canCast) actions.push({ title: t('decisions.action.cast'), verb: DECISION_POSITION_VERB, data: { ...ids, agencyCode: viewer.agencyCode ?? '' } });
  if (canComment) actions.push({ title: t('decisions.action.comment'), verb: DECISION_COMMENT_VERB, data: ids });
  if (canClose) {
    actions.push({ title: t('decisions.action.close'), verb: DECISION_CLOSE_VERB, data: ids });
    actions.push({ title: t('decisions.action.extend'), verb: DECISION_EXTEND_VERB, data: ids });
  }
  if (!viewer.personal && decision.phase !== 'closed') actions.push({ title: t('decisions.action.view'), verb: DECISION_VIEW_VERB, data: ids });
  const ownPosition = viewer.agencyCode ? summary.current.get(viewer.agencyCode)?.position : undefined;

  return {
    title: t(inConsultation ? 'decisions.consultation.title' : decision.phase === 'closed' ? 'decisions.outcome.title' : 'decisions.excom.title'),
    headline: decision.title,
    status: t(`decisions.phase.${decision.phase}`),
    paragraphs: lines,
    hasPositions: canCast,
    positionLabel: t('decisions.position.label'),
    positions: POSITIONS.map((position) => ({ title: positionName(position), value: position })),
    selectedPosition: ownPosition ?? '',
    hasComment: canCast || canComment,
    commentLabel: t(canCast ? 'decisions.position.commentLabel' : 'decisions.consultation.commentLabel'),
    commentMaxLength: MAX_COMMENT_LENGTH,
    hasDeadlineInput: canClose,
    deadlineLabel: t('decisions.action.extendLabel', { zone: zonePlace(viewer.timeZone) }),
    actions,
  };
}

/**
 * "Close now?" for a co-chair: the outcome closing now records, from the positions as they stand,
 * and that it cannot be undone. Confirm closes; Back shows the decision again.
 */
export function closeConfirmationCardData(decision: DecisionDocument, outcome: 'adopted' | 'noConsensus', language: Language, networkId: string): ConfirmationCardData {
  const t = tr(language);
  const ids = { networkId, decisionId: decision.decisionId };
  const tally = decisionSummary(decision).tally;
  return confirmationCardData({
    language,
    title: t('decisions.close.confirm.title'),
    paragraphs: [
      paragraph(run(decision.title, { bold: true })),
      paragraph(run(t('decisions.close.confirm.outcome')), run(t(`decisions.outcome.${outcome}`), { bold: true, color: outcome === 'adopted' ? 'Good' : 'Attention' })),
      paragraph(run(t('decisions.tally.answered', { answered: tally.answered.length, total: decision.excomAgencies.length }), { subtle: true })),
    ],
    warning: t('decisions.close.confirm.warning'),
    confirm: { title: t('decisions.close.confirm.action'), verb: DECISION_CLOSE_VERB, data: ids },
    back: { verb: DECISION_VIEW_VERB, data: ids },
  });
}

/** What a co-chair's close did, said on top of the closed card: the outcome and where it went. */
export function closedOutcomeLines(decision: DecisionDocument, channels: number, language: Language): { readonly lines: string[]; readonly tone: 'good' | 'warning' } {
  const t = tr(language);
  const outcome = t(`decisions.outcome.${decision.outcome?.state === 'adopted' ? 'adopted' : 'noConsensus'}`);
  const first = t('decisions.close.done', { number: decision.registerNumber ?? '', outcome });
  if (channels === 0) return { lines: [first, t('decisions.close.noChannel')], tone: 'warning' };
  return { lines: [first, t(channels === 1 ? 'decisions.close.channels.one' : 'decisions.close.channels.other', { count: channels })], tone: 'good' };
}

/** A short list card: the register (closed, numbered) and the decisions still open. */
export function registerCardData(decisions: readonly DecisionDocument[], language: Language): DecisionCardData {
  const t = tr(language);
  const closed = decisions.filter((decision) => decision.phase === 'closed').sort((a, b) => (b.registerNumber ?? '').localeCompare(a.registerNumber ?? ''));
  const open = decisions.filter((decision) => decision.phase !== 'closed');
  const lines: Paragraph[] = [];
  if (open.length > 0) {
    lines.push(paragraph(run(t('decisions.register.open', { count: open.length }), { bold: true })));
    for (const decision of open) lines.push(paragraph(run(decision.title), run(` — ${t(`decisions.phase.${decision.phase}`)}, ${formatInstant(decision.deadline, language, decision.timeZone)}`, { subtle: true })));
  }
  lines.push(paragraph(run(t('decisions.register.closed', { count: closed.length }), { bold: true })));
  for (const decision of closed.slice(0, 30)) {
    lines.push(
      paragraph(
        run(`${decision.registerNumber ?? '—'} `, { bold: true }),
        run(decision.title),
        run(` — ${t(`decisions.outcome.${decision.outcome?.state ?? 'open'}`)}`, { color: decision.outcome?.state === 'adopted' ? 'Good' : 'Attention' }),
      ),
    );
  }
  if (decisions.length === 0) lines.push(paragraph(run(t('decisions.register.empty'), { subtle: true })));
  return { ...emptyInputs(language), title: t('decisions.register.title'), headline: t('app.networkName'), status: t('decisions.register.hint'), paragraphs: lines, actions: [] };
}

/** A reminder: what is awaited and by when. */
export function reminderCardData(language: Language, input: { title: string; question: string; deadline: string; timeZone?: string; action: ActionData }): DecisionCardData {
  const t = tr(language);
  return {
    ...emptyInputs(language),
    title: input.title,
    headline: input.question,
    status: t('decisions.reminder.until', { deadline: formatInstant(input.deadline, language, input.timeZone) }),
    paragraphs: [paragraph(run(t('decisions.reminder.body')))],
    actions: [input.action],
  };
}

function emptyInputs(language: Language): Omit<DecisionCardData, 'title' | 'headline' | 'status' | 'paragraphs' | 'actions'> {
  const t = tr(language);
  return {
    hasPositions: false,
    positionLabel: t('decisions.position.label'),
    positions: [],
    selectedPosition: '',
    hasComment: false,
    commentLabel: t('decisions.consultation.commentLabel'),
    commentMaxLength: MAX_COMMENT_LENGTH,
    hasDeadlineInput: false,
    deadlineLabel: t('decisions.action.extendLabel', { zone: zonePlace() }),
  };
}

export function decisionFormCardData(language: Language, networkId: string, timeZone?: string): DecisionFormCardData {
  const t = tr(language);
  return {
    title: t('decisions.form.title'),
    intro: t('decisions.form.intro', { zone: zonePlace(timeZone) }),
    labels: {
      title: t('decisions.form.titleLabel'),
      textFr: t('decisions.form.textFr'),
      textEn: t('decisions.form.textEn'),
      mode: t('decisions.form.mode'),
      consultation: t('decisions.form.consultation'),
      deadline: t('decisions.form.deadline'),
      reminders: t('decisions.form.reminders'),
    },
    modes: [
      { title: t('decisions.mode.consensus'), value: 'consensus' },
      { title: t('decisions.mode.silenceProcedure'), value: 'silenceProcedure' },
    ],
    remindersDefault: '48, 24',
    submit: { title: t('decisions.form.submit'), verb: DECISION_CREATE_VERB, data: { networkId } },
  };
}
