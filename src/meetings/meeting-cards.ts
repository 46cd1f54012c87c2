/**
 * View models of the meeting card (adaptiveCards/meetingCard.json): the convocation (with RSVP
 * buttons), the reminder and the minutes. Titles, agenda items, places, names and links are
 * user text: they only go into TextRun elements (and URLs into OpenUrl actions), so Markdown,
 * HTML and `${…}` in them show literally.
 */
import type { AdaptiveCardJson, CardRenderer } from '../cards/card-renderer';
import { cardTemplates } from '../cards/templates';
import { formatDay } from '../cards/card-text';
import { translate, type Language, type MessageKey } from '../i18n';
import { agencyName } from '../network/membership-cards';
import type { Agency } from '../network/model';
import type { DelegateCandidate } from './meeting-rules';
import { formatWhen } from './meeting-rules';
import type { Rsvp, RsvpResponse, StoredMeeting } from './meeting-model';

export const RSVP_VERB = 'meetings.rsvp';
/** Teams asks for a reader's own view with this verb: of a channel card, and of their 1:1 card when they look at it again. */
export const VIEW_VERB = 'meetings.view';
/** "Delegate to a colleague": the reader's own card again, with their agency's colleagues to choose from. */
export const DELEGATE_FORM_VERB = 'meetings.delegateForm';
// Teams refreshes a card automatically for at most 60 users (refresh.userIds).
export const MAX_REFRESH_USERS = 60;

interface Run {
  readonly text: string;
  readonly weight: 'Default' | 'Bolder';
  readonly subtle: boolean;
}
interface Paragraph {
  readonly runs: readonly Run[];
}
interface Section {
  readonly label: string;
  readonly paragraphs: readonly Paragraph[];
}
export interface MeetingCardData {
  readonly heading: string;
  readonly title: string;
  readonly banner: string;
  readonly bannerColor: 'Attention' | 'Warning' | 'Good' | 'Default';
  readonly sections: readonly Section[];
  readonly executes: readonly { title: string; verb: string; style: string; data: Record<string, string> }[];
  /** The button that opens the delegation form (a reader's own card, form closed). */
  readonly delegate: { readonly show: boolean; readonly title: string; readonly verb: string; readonly data: Record<string, string> };
  /** The delegation form, open: the reader's colleagues, the first one chosen. */
  readonly delegation: {
    readonly show: boolean;
    readonly title: string;
    readonly label: string;
    readonly submit: string;
    readonly verb: string;
    readonly data: Record<string, string>;
    readonly value: string;
    readonly choices: readonly { title: string; value: string }[];
  };
  readonly links: readonly { title: string; url: string }[];
  /** Shared cards (channels): Teams fetches each listed invitee's own view with VIEW_VERB. */
  readonly refresh: { readonly show: boolean; readonly verb: string; readonly data: Record<string, string>; readonly userIds: readonly string[] };
}

const atLeast0 = (count: number) => Math.max(0, count);
const run = (text: string, bold = false, subtle = false): Run => ({ text, weight: bold ? 'Bolder' : 'Default', subtle });
const paragraph = (...runs: Run[]): Paragraph => ({ runs: runs.filter((r) => r.text !== '') });

export interface MeetingCardView {
  readonly kind: 'convocation' | 'reminder' | 'minutes';
  readonly networkId: string;
  readonly agencies: readonly Agency[];
  /** Where the .ics is downloaded (absolute URL). */
  readonly icsUrl: string;
  /** The meeting's page in the tab (a Teams deep link, or its web address), when there is one. */
  readonly tabUrl?: string;
  /** The zone to show times in: the reader's when known (invoke), else the convocation's. */
  readonly timeZone?: string;
  /**
   * Whether this copy may carry the online meeting link (meeting-views.ts maySeeOnlineLink):
   * a confirmed invitee's own card, a co-chair's or the secretariat's. Absent = never: channel
   * copies are read by everyone in the channel, pending people included.
   */
  readonly onlineLink?: boolean;
  /**
   * The person reading (their own copy): their answer, and — only when they asked to delegate
   * (DELEGATE_FORM_VERB) — their agency's colleagues to choose from. Absent on channel copies.
   */
  readonly reader?: { readonly aadObjectId: string; readonly answer?: Rsvp; readonly colleagues?: readonly DelegateCandidate[] };
}

export function rsvpText(language: Language, rsvp: Rsvp | undefined): string {
  if (!rsvp) return translate(language, 'meetings.rsvp.noAnswer');
  const answer = translate(language, `meetings.rsvp.${rsvp.response}` as MessageKey);
  return rsvp.delegate ? answer + translate(language, 'meetings.card.delegatedTo', { name: rsvp.delegate.name }) : answer;
}

/**
 * A card's data. The attendance shown is `meeting.attendance` (meeting-rules withOwnAnswer
 * brings the reader's own answer into it first); nothing here reads an invitee list.
 */
export function meetingCardData(language: Language, meeting: StoredMeeting, view: MeetingCardView): MeetingCardData {
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values);
  const agencyLabel = (code: string) => {
    const agency = view.agencies.find((candidate) => candidate.code === code);
    return agency ? agencyName(agency, language) : code;
  };
  const kind = t(`meetings.kind.${meeting.kind}` as MessageKey);
  const cancelled = meeting.status === 'cancelled';
  const heading = t(view.kind === 'minutes' ? 'meetings.card.minutes' : view.kind === 'reminder' ? 'meetings.card.reminder' : 'meetings.card.convocation', { kind });
  const where = [t(`meetings.location.${meeting.location.kind}` as MessageKey), meeting.location.details ?? ''].filter((part) => part.trim() !== '').join(' — ');

  const sections: Section[] = [
    { label: t('meetings.card.when'), paragraphs: [paragraph(run(formatWhen(meeting.start, meeting.end, view.timeZone ?? meeting.timeZone, language)))] },
    {
      label: t('meetings.card.where'),
      paragraphs: [
        paragraph(run(where)),
        ...(meeting.onlineUrl ? [paragraph(run(view.onlineLink ? meeting.onlineUrl : t('meetings.card.onlineLinkForInvitees'), false, true))] : []),
      ],
    },
  ];
  if (view.kind !== 'minutes' && meeting.agenda.length > 0) {
    sections.push({
      label: t('meetings.card.agenda'),
      paragraphs: meeting.agenda.map((item, index) =>
        paragraph(run(`${index + 1}. `), run(item.title), ...(item.agencyCode ? [run(t('meetings.card.presentedBy', { agency: agencyLabel(item.agencyCode) }), false, true)] : [])),
      ),
    });
  }
  if (view.kind !== 'minutes' && meeting.documents.length > 0) {
    sections.push({ label: t('meetings.card.documents'), paragraphs: meeting.documents.map((doc) => paragraph(run(doc.title, true), run(' '), run(doc.url, false, true))) });
  }
  if (view.kind !== 'minutes' && meeting.externalGuests.length > 0) {
    sections.push({ label: t('meetings.card.guests'), paragraphs: meeting.externalGuests.map((guest) => paragraph(run(guest.name), run(` (${guest.organisation})`, false, true))) });
  }
  if (view.kind === 'minutes' && meeting.minutes) {
    const minutes = meeting.minutes;
    sections.push({ label: t('meetings.card.minutesText'), paragraphs: minutes.text.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => paragraph(run(line))) });
    sections.push({ label: t('meetings.card.attendance'), paragraphs: [paragraph(run(minutes.attendance.map(agencyLabel).join(', ')))] });
    if (minutes.actionItems.length > 0) {
      sections.push({
        label: t('meetings.card.actionItems'),
        paragraphs: minutes.actionItems.map((item) => paragraph(run(item.text), run(t('meetings.card.actionItemDue', { agency: agencyLabel(item.agencyCode), due: formatDay(language, item.due) }), false, true))),
      });
    }
    if (minutes.links.length > 0) {
      sections.push({ label: t('meetings.card.links'), paragraphs: minutes.links.map((link) => paragraph(run(link.title, true), run(' '), run(link.url, false, true))) });
    }
  }
  if (view.kind !== 'minutes' && !cancelled) {
    if (view.reader) {
      const mine = view.reader.answer;
      sections.push({
        label: '',
        paragraphs: [mine ? paragraph(run(t('meetings.card.yourAnswer'), true), run(rsvpText(language, mine))) : paragraph(run(t('meetings.card.noAnswerYet'), true))],
      });
    }
    sections.push({
      label: t('meetings.card.summary'),
      paragraphs: meeting.attendance.agencies.map((row) =>
        paragraph(
          run(`${agencyLabel(row.agencyCode)} — `, true),
          run(summaryLine(language, row)),
        ),
      ),
    });
  }

  const rsvpData = (response: RsvpResponse) => ({ networkId: view.networkId, meetingId: meeting.meetingId, response });
  const open = !cancelled && view.kind !== 'minutes';
  const executes = open
    ? (['inPerson', 'online', 'declined'] as const).map((response) => ({
        title: t(`meetings.card.answer.${response}` as MessageKey),
        verb: RSVP_VERB,
        style: response === 'declined' ? 'default' : 'positive',
        data: rsvpData(response),
      }))
    : [];
  const colleagues = view.reader?.colleagues ?? [];
  return {
    heading,
    title: meeting.title,
    banner: cancelled ? t('meetings.card.cancelled') : meeting.sequence > 0 && view.kind === 'convocation' ? t('meetings.card.updated', { sequence: meeting.sequence + 1 }) : '',
    bannerColor: cancelled ? 'Attention' : 'Warning',
    sections,
    executes,
    delegate: {
      show: open && view.reader !== undefined && view.reader.colleagues === undefined,
      title: t('meetings.card.delegate'),
      verb: DELEGATE_FORM_VERB,
      data: { networkId: view.networkId, meetingId: meeting.meetingId },
    },
    delegation: {
      show: open && colleagues.length > 0,
      title: t('meetings.card.delegate'),
      label: t('meetings.card.delegateLabel'),
      submit: t('meetings.card.delegateSubmit'),
      verb: RSVP_VERB,
      data: rsvpData('delegated'),
      // Chosen already (the current delegate, else the first colleague): the form never sends an empty choice.
      value: colleagues.find((colleague) => colleague.aadObjectId.toLowerCase() === view.reader?.answer?.delegate?.aadObjectId)?.aadObjectId ?? colleagues[0]?.aadObjectId ?? '',
      choices: colleagues.map((colleague) => ({ title: colleague.name, value: colleague.aadObjectId })),
    },
    refresh: {
      // Never on a reader's view: teams-ai answers an invoke whose card has a refresh by
      // replacing the message for everyone (see withRefreshFor for their delivered copy).
      show: !view.reader && view.kind === 'convocation' && !cancelled && meeting.refreshFor.length > 0,
      verb: VIEW_VERB,
      data: { networkId: view.networkId, meetingId: meeting.meetingId },
      userIds: meeting.refreshFor.slice(0, MAX_REFRESH_USERS).map(userMri),
    },
    links: [
      ...(view.kind !== 'minutes' ? [{ title: t('meetings.card.ics'), url: view.icsUrl }] : []),
      ...(open && meeting.onlineUrl && view.onlineLink ? [{ title: t('meetings.card.join'), url: meeting.onlineUrl }] : []),
      ...(view.tabUrl ? [{ title: t('meetings.card.openInTab'), url: view.tabUrl }] : []),
    ],
  };
}

const MAX_SUMMARY_LINES = 4096;
const summaryLines = new Map<string, string>();

/**
 * An agency's attendance line ("2 sur place, 1 en ligne, …"). A card lists every agency on every
 * answer, and wording a line parses its five plural forms from the catalogue: a third of an
 * RSVP's card under a burst (issue 13). The same few count sets recur, so each is worded once.
 */
function summaryLine(language: Language, row: { readonly inPerson: number; readonly online: number; readonly delegated: number; readonly declined: number; readonly noAnswer: number }): string {
  // A count kept by deltas may dip below 0 for a moment (meeting-rules applyAttendanceDeltas).
  const counts = { inPerson: atLeast0(row.inPerson), online: atLeast0(row.online), delegated: atLeast0(row.delegated), declined: atLeast0(row.declined), noAnswer: atLeast0(row.noAnswer) };
  const key = `${language} ${counts.inPerson} ${counts.online} ${counts.delegated} ${counts.declined} ${counts.noAnswer}`;
  let line = summaryLines.get(key);
  if (line === undefined) {
    line = translate(language, 'meetings.card.summaryLine', counts);
    if (summaryLines.size >= MAX_SUMMARY_LINES) summaryLines.clear();
    summaryLines.set(key, line);
  }
  return line;
}

// Teams names users in refresh.userIds by MRI; 8:orgid:<Entra object id> is one.
const userMri = (aadObjectId: string) => `8:orgid:${aadObjectId.toLowerCase()}`;

/**
 * An invitee's delivered 1:1 copy, refreshed by Teams for its one reader whenever they look at
 * it again (VIEW_VERB): it shows the latest answers without the app rewriting every invitee's
 * copy after each answer. Only for copies the outbox sends — an invoke's answer never carries a
 * refresh (teams-ai would then replace the message for everyone in the conversation).
 */
export function withRefreshFor(card: AdaptiveCardJson, networkId: string, meetingId: string, aadObjectId: string): AdaptiveCardJson {
  return { ...card, refresh: { action: { type: 'Action.Execute', verb: VIEW_VERB, data: { networkId, meetingId } }, userIds: [userMri(aadObjectId)] } } as AdaptiveCardJson;
}

/** Renders the card; a personal view has no `refresh` (the templating leaves it null, which Teams should not see). */
export function renderMeetingCard(cards: CardRenderer, data: MeetingCardData): AdaptiveCardJson {
  const { refresh, ...card } = cards.render(cardTemplates.meetingCard, data) as AdaptiveCardJson & { refresh?: unknown };
  return (refresh == null ? card : { ...card, refresh }) as AdaptiveCardJson;
}
