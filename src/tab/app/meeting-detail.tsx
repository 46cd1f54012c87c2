/**
 * One meeting: the reader's own answer (and delegation) when invited, its documents, delivery
 * status from the outbox, attendance per agency and per person, who has not answered (and a
 * button to remind them), edit, cancel, .ics and the minutes.
 */
import { Badge, Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, Title2, Title3 } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { MeetingDocument, RsvpResponse } from '../../meetings/meeting-model';
import { ApiError } from './api';
import { MeetingAnswer, MeetingDocuments, type YourInvitation } from './meeting-answer';
import { agencyLabel, format, formatDate, formatRange, readerZone, useTab } from './shared';
import type { TabStrings } from './strings';

/** The reader's view of a meeting (src/meetings/meeting-views.ts): what their role may read. */
type MeetingView = Omit<MeetingDocument, 'id' | 'networkId' | 'type' | 'invited' | 'rsvps' | 'reminderOffsetHours' | 'reminders' | 'createdBy'> & { readonly icsPath: string };

interface Detail {
  readonly meeting: MeetingView;
  readonly attendance: readonly { agencyCode: string; invited: number; inPerson: number; online: number; declined: number; delegated: number; noAnswer: number; represented: boolean }[];
  /** Empty for a pending reader, as is nonResponders; delivery is absent for them. */
  readonly people: readonly { name: string; agencyCode: string; response?: RsvpResponse; delegateName?: string }[];
  readonly nonResponders: readonly { name: string; agencyCode: string }[];
  readonly delivery?: { readonly summary: string; readonly total: number; readonly delivered: number };
  readonly allowed: readonly string[];
  /** Confirmed invitees: their own invitation and answer. */
  readonly yourInvitation?: YourInvitation;
}

export function MeetingDetail({ meetingId }: { meetingId: string }) {
  const { api, t, language, agencies, navigate } = useTab();
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [confirmingCancel, setConfirmingCancel] = useState(false);

  const load = useCallback(() => {
    api.call<Detail>('GET', `/meetings/${meetingId}`).then(setDetail, (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError));
  }, [api, meetingId, t]);
  useEffect(() => {
    load();
    // Delivery and answers move while the page is open: refresh every few seconds.
    const timer = setInterval(load, 4000);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (run: () => Promise<string | undefined>) => {
    setError(undefined);
    try {
      setNotice(await run());
      load();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    }
  };

  if (!detail) return error ? <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar> : <Spinner label={t.loading} />;
  const { meeting } = detail;
  const cancelled = meeting.status === 'cancelled';
  const started = Date.parse(meeting.start) <= Date.now();
  const answer = (person: Detail['people'][number]) =>
    person.response ? (person.response === 'delegated' ? format(t.rsvp_delegated, { name: person.delegateName ?? '' }) : t[`rsvp_${person.response}` as keyof TabStrings]) : t.rsvp_none;
  const where = [t[`location_${meeting.location.kind}` as keyof TabStrings], meeting.location.details ?? ''].filter(Boolean).join(' — ');

  return (
    <article aria-labelledby="meeting-title">
      <Button appearance="transparent" onClick={() => navigate('#/meetings')}>← {t.back}</Button>
      <div className="page-head">
        <div>
          <div className="muted">{t[`kind_${meeting.kind}` as keyof TabStrings]}</div>
          <Title2 as="h1" id="meeting-title">{meeting.title}</Title2>
        </div>
        {cancelled ? <Badge color="danger" size="large">{t.statusCancelled}</Badge> : <Badge color="informative" size="large">{t.statusScheduled}</Badge>}
      </div>
      <p>
        <strong>{formatRange(meeting.start, meeting.end, language)}</strong>
        <br />
        <span className="muted">{format(t.shownIn, { zone: readerZone() })} · {format(t.convocationZone, { when: `${formatRange(meeting.start, meeting.end, language, meeting.timeZone)} (${meeting.timeZone})` })}</span>
      </p>
      <p>{where}{meeting.onlineUrl ? <> · <a href={meeting.onlineUrl} target="_blank" rel="noreferrer noopener">{meeting.onlineUrl}</a></> : null}</p>
      {meeting.agenda.length > 0 && (
        <ol className="agenda">
          {meeting.agenda.map((item, index) => (
            <li key={index}>{item.title}{item.agencyCode ? <span className="muted"> — {agencyLabel(agencies, item.agencyCode, language)}</span> : null}</li>
          ))}
        </ol>
      )}
      {cancelled && <MessageBar intent="warning"><MessageBarBody>{t.cancelled}</MessageBarBody></MessageBar>}
      {notice && <MessageBar intent="success"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}

      <div className="actions">
        <a href={meeting.icsPath} download>{t.ics}</a>
        {!cancelled && detail.allowed.includes('editMeeting') && <Button onClick={() => navigate(`#/meetings/${meeting.meetingId}/edit`)}>{t.edit}</Button>}
        {!cancelled && detail.allowed.includes('editMeeting') && !confirmingCancel && <Button onClick={() => setConfirmingCancel(true)}>{t.cancel}</Button>}
        {confirmingCancel && !cancelled && (
          <Button appearance="primary" onClick={() => void act(async () => { await api.call('POST', `/meetings/${meetingId}/cancel`, {}); setConfirmingCancel(false); return undefined; })}>
            {t.confirmCancel}
          </Button>
        )}
      </div>

      {!cancelled && detail.yourInvitation && detail.allowed.includes('rsvp') && Date.parse(meeting.end) > Date.now() && <MeetingAnswer meetingId={meeting.meetingId} invitation={detail.yourInvitation} onAnswered={load} />}
      <MeetingDocuments documents={meeting.documents} />

      {detail.delivery && (
        <>
          <Title3 as="h2">{t.delivery}</Title3>
          <p data-testid="delivery">{detail.delivery.summary}</p>
        </>
      )}

      <Title3 as="h2">{t.attendanceByAgency}</Title3>
      <Table size="small" aria-label={t.attendanceByAgency} data-testid="attendance">
        <TableHeader>
          <TableRow>
            {[t.agency, t.invited, t.inPerson, t.online, t.delegated, t.declined, t.noAnswer, t.represented].map((heading) => <TableHeaderCell key={heading}>{heading}</TableHeaderCell>)}
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.attendance.map((row) => (
            <TableRow key={row.agencyCode}>
              <TableCell>{agencyLabel(agencies, row.agencyCode, language)}</TableCell>
              <TableCell>{row.invited}</TableCell>
              <TableCell>{row.inPerson}</TableCell>
              <TableCell>{row.online}</TableCell>
              <TableCell>{row.delegated}</TableCell>
              <TableCell>{row.declined}</TableCell>
              <TableCell>{row.noAnswer}</TableCell>
              <TableCell>{row.represented ? <Badge color="success">{t.yes}</Badge> : <Badge color="subtle">{t.no}</Badge>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Title3 as="h2">{t.people}</Title3>
      <Table size="small" aria-label={t.people} data-testid="people">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.person}</TableHeaderCell>
            <TableHeaderCell>{t.agency}</TableHeaderCell>
            <TableHeaderCell>{t.answer}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.people.map((person, index) => (
            <TableRow key={`${index}-${person.name}`}>
              <TableCell>{person.name}</TableCell>
              <TableCell>{agencyLabel(agencies, person.agencyCode, language)}</TableCell>
              <TableCell>{answer(person)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Title3 as="h2">{t.nonResponders}</Title3>
      {detail.nonResponders.length === 0 ? (
        <p>{t.everyoneAnswered}</p>
      ) : (
        <ul data-testid="non-responders">
          {detail.nonResponders.map((person, index) => <li key={`${index}-${person.name}`}>{person.name} <span className="muted">({agencyLabel(agencies, person.agencyCode, language)})</span></li>)}
        </ul>
      )}
      {!cancelled && detail.allowed.includes('remindInvitees') && detail.nonResponders.length > 0 && (
        <div className="actions">
          <Button onClick={() => void act(async () => format(t.reminded, { count: (await api.call<{ recipients: number }>('POST', `/meetings/${meetingId}/remind`, {})).recipients }, language))}>{t.remind}</Button>
        </div>
      )}

      {(meeting.minutes || (!cancelled && detail.allowed.includes('recordMinutes'))) && <Title3 as="h2">{t.minutes}</Title3>}
      {meeting.minutes ? (
        <div className="minutes">
          {meeting.minutes.text.split('\n').map((line, index) => <p key={index}>{line}</p>)}
          <p><strong>{t.attendance}:</strong> {meeting.minutes.attendance.map((code) => agencyLabel(agencies, code, language)).join(', ')}</p>
          {meeting.minutes.actionItems.length > 0 && (
            <ul>{meeting.minutes.actionItems.map((item, index) => <li key={index}>{item.text} — {agencyLabel(agencies, item.agencyCode, language)}, {formatDate(`${item.due}T12:00:00Z`, language)}</li>)}</ul>
          )}
        </div>
      ) : !cancelled && detail.allowed.includes('recordMinutes') ? (
        started ? <MinutesForm meetingId={meetingId} invitedAgencies={detail.attendance.map((row) => row.agencyCode)} onSaved={() => void act(async () => t.minutesRecorded)} /> : <p className="muted">{t.minutesAfter}</p>
      ) : null}
    </article>
  );
}

function MinutesForm({ meetingId, invitedAgencies, onSaved }: { meetingId: string; invitedAgencies: readonly string[]; onSaved: () => void }) {
  const { api, t, language, agencies } = useTab();
  const [text, setText] = useState('');
  const [present, setPresent] = useState<string[]>([]);
  const [actions, setActions] = useState<{ text: string; agencyCode: string; due: string }[]>([]);
  const [links, setLinks] = useState<{ title: string; url: string }[]>([]);
  const [error, setError] = useState<string>();

  const save = async () => {
    try {
      await api.call('POST', `/meetings/${meetingId}/minutes`, { text, attendance: present, actionItems: actions.filter((item) => item.text.trim() !== ''), links: links.filter((link) => link.url.trim() !== '') });
      onSaved();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    }
  };
  return (
    <div className="form">
      <Field label={t.minutesText}>
        <Textarea value={text} onChange={(_e, data) => setText(data.value)} rows={5} resize="vertical" />
      </Field>
      <fieldset>
        <legend>{t.attendance}</legend>
        <div className="checks">
          {invitedAgencies.map((code) => (
            <Checkbox key={code} label={agencyLabel(agencies, code, language)} checked={present.includes(code)} onChange={(_e, data) => setPresent(data.checked ? [...present, code] : present.filter((other) => other !== code))} />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t.actionItems}</legend>
        {actions.map((item, index) => (
          <div className="row" key={index}>
            <Field label={t.actionText}><Input value={item.text} onChange={(_e, data) => setActions(actions.map((other, i) => (i === index ? { ...other, text: data.value } : other)))} /></Field>
            <Field label={t.actionAgency}>
              <Select value={item.agencyCode} onChange={(_e, data) => setActions(actions.map((other, i) => (i === index ? { ...other, agencyCode: data.value } : other)))}>
                {agencies.map((agency) => <option key={agency.code} value={agency.code}>{agencyLabel(agencies, agency.code, language)}</option>)}
              </Select>
            </Field>
            <Field label={t.actionDue}><Input type="date" value={item.due} onChange={(_e, data) => setActions(actions.map((other, i) => (i === index ? { ...other, due: data.value } : other)))} /></Field>
          </div>
        ))}
        <Button onClick={() => setActions([...actions, { text: '', agencyCode: agencies[0]?.code ?? '', due: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }])}>{t.addAction}</Button>
      </fieldset>
      <fieldset>
        <legend>{t.links}</legend>
        {links.map((link, index) => (
          <div className="row" key={index}>
            <Field label={t.documentTitle}><Input value={link.title} onChange={(_e, data) => setLinks(links.map((other, i) => (i === index ? { ...other, title: data.value } : other)))} /></Field>
            <Field label={t.documentUrl}><Input type="url" value={link.url} onChange={(_e, data) => setLinks(links.map((other, i) => (i === index ? { ...other, url: data.value } : other)))} /></Field>
          </div>
        ))}
        <Button onClick={() => setLinks([...links, { title: '', url: '' }])}>{t.addLink}</Button>
      </fieldset>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      <Button appearance="primary" onClick={() => void save()}>{t.recordMinutes}</Button>
    </div>
  );
}
