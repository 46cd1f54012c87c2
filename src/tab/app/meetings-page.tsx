/** The list: upcoming and past meetings, and when the next regular meeting is due. */
import { Badge, Button, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Title2, Title3 } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MeetingKind } from '../../meetings/meeting-model';
import { ApiError } from './api';
import { format, formatDate, formatRange, useTab } from './shared';
import type { TabLanguage, TabStrings } from './strings';

interface MeetingSummary {
  readonly meetingId: string;
  readonly kind: MeetingKind;
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly invited: number;
  readonly answered: number;
  readonly hasMinutes: boolean;
}
/** GET /polls/best-slots: time-slot polls and their best dated slot, for those who may convene. */
interface PollBestSlot {
  readonly pollId: string;
  readonly question: string;
  readonly open: boolean;
  readonly timeZone: string;
  readonly respondents: number;
  readonly best: { readonly label: string; readonly start: string; readonly end: string; readonly yes: number; readonly ifNeedBe: number };
}
interface BestSlotList {
  readonly mayConvene: boolean;
  readonly polls: readonly PollBestSlot[];
}
interface MeetingList {
  readonly meetings: readonly MeetingSummary[];
  readonly nextRegular: { readonly due?: string; readonly overdue: boolean };
}

export function MeetingsPage() {
  const { api, t, language, me, navigate } = useTab();
  const [list, setList] = useState<MeetingList>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.call<MeetingList>('GET', '/meetings').then(setList, (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError));
  }, [api, t]);

  if (error) return <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>;
  if (!list) return <Spinner label={t.loading} />;
  const now = Date.now();
  const upcoming = list.meetings.filter((meeting) => Date.parse(meeting.end) >= now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = list.meetings.filter((meeting) => Date.parse(meeting.end) < now);
  const due = list.nextRegular.due;

  return (
    <section aria-labelledby="meetings-title">
      <div className="page-head">
        <Title2 as="h1" id="meetings-title">{t.meetings}</Title2>
        {me.allowed.includes('convene') && (
          <Button appearance="primary" onClick={() => navigate('#/new')}>
            {t.newConvocation}
          </Button>
        )}
      </div>
      <MessageBar intent={list.nextRegular.overdue ? 'warning' : 'info'} className="due">
        <MessageBarBody data-testid="next-regular">
          {due ? format(list.nextRegular.overdue ? t.nextRegularOverdue : t.nextRegularDue, { date: formatDate(due, language) }) : t.nextRegularNone}
        </MessageBarBody>
      </MessageBar>
      {me.allowed.includes('convene') && <BestSlots />}
      <Title3 as="h2">{t.upcoming}</Title3>
      <MeetingTable meetings={upcoming} t={t} language={language} />
      <Title3 as="h2">{t.past}</Title3>
      <MeetingTable meetings={past} t={t} language={language} />
    </section>
  );
}

function MeetingTable({ meetings, t, language }: { meetings: readonly MeetingSummary[]; t: TabStrings; language: TabLanguage }) {
  if (meetings.length === 0) return <p className="muted">{t.none}</p>;
  return (
    <Table size="small" aria-label={t.meetings}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t.colTitle}</TableHeaderCell>
          <TableHeaderCell>{t.colWhen}</TableHeaderCell>
          <TableHeaderCell>{t.colAnswers}</TableHeaderCell>
          <TableHeaderCell>{t.colStatus}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {meetings.map((meeting) => (
          <TableRow key={meeting.meetingId}>
            <TableCell>
              <a href={`#/meetings/${meeting.meetingId}`} className="meeting-link">
                {meeting.title}
              </a>
              <div className="muted">{t[`kind_${meeting.kind}` as keyof TabStrings]}</div>
            </TableCell>
            <TableCell>{formatRange(meeting.start, meeting.end, language)}</TableCell>
            <TableCell>{format(t.answersOf, { answered: meeting.answered, invited: meeting.invited })}</TableCell>
            <TableCell>
              {meeting.status === 'cancelled' ? (
                <Badge color="danger">{t.statusCancelled}</Badge>
              ) : meeting.hasMinutes ? (
                <Badge color="success">{t.statusMinutes}</Badge>
              ) : (
                <Badge color="informative">{t.statusScheduled}</Badge>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The New convocation form's route, pre-filled with a poll's best slot (title = the question). */
export function slotPrefill(poll: PollBestSlot, source: string): string {
  const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);
  const params = new URLSearchParams({ start: poll.best.start, end: poll.best.end, timeZone: poll.timeZone, title: clip(poll.question), source: clip(source) });
  return `#/new?${params.toString()}`;
}

/**
 * Time-slot polls (open ones marked as such) whose best slot has times, each with one button to
 * a pre-filled convocation. The server lists them only to those who may convene.
 */
function BestSlots() {
  const { api, t, language, navigate } = useTab();
  const [list, setList] = useState<BestSlotList>();
  useEffect(() => {
    api.call<BestSlotList>('GET', '/polls/best-slots').then(setList, () => setList({ mayConvene: false, polls: [] }));
  }, [api]);
  if (!list?.mayConvene) return null;
  return (
    <section aria-labelledby="best-slots-title" data-testid="best-slots">
      <Title3 as="h2" id="best-slots-title">{t.bestSlots}</Title3>
      <p className="muted">{t.bestSlotsHelp}</p>
      {list.polls.length === 0 ? (
        <p className="muted">{t.bestSlotsNone}</p>
      ) : (
        <Table size="small" aria-label={t.bestSlots}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colPoll}</TableHeaderCell>
              <TableHeaderCell>{t.colBestSlot}</TableHeaderCell>
              <TableHeaderCell>{t.colStatus}</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.polls.map((poll) => (
              <TableRow key={poll.pollId}>
                <TableCell>{poll.question}</TableCell>
                <TableCell>
                  <div>{poll.best.label}</div>
                  <div className="muted">{formatRange(poll.best.start, poll.best.end, language, poll.timeZone)}</div>
                  <div className="muted">{format(t.slotVotes, { yes: poll.best.yes, ifNeedBe: poll.best.ifNeedBe, respondents: poll.respondents }, language)}</div>
                </TableCell>
                <TableCell>{poll.open ? <Badge color="warning">{t.pollOpen}</Badge> : <Badge color="success">{t.pollClosed}</Badge>}</TableCell>
                <TableCell>
                  <Button appearance="primary" size="small" onClick={() => navigate(slotPrefill(poll, format(t.pollSource, { question: poll.question })))}>
                    {t.conveneOnSlot}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
