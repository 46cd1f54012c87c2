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
