/**
 * On a meeting's page, for every member and not only those who manage it: their own answer to the
 * convocation (in person, online, declined — POST /meetings/:id/rsvp, the card's rules and cost)
 * or a delegation to a confirmed colleague of the agency they were invited for (the same people
 * the card's form lists: GET /meetings/:id/colleagues), and the meeting's documents, each opened
 * or downloaded (the app's own files — the annual review's progress pack — with the reader's sign-in).
 */
import { Button, Field, MessageBar, MessageBarBody, Select, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import type { DocumentLink, RsvpResponse } from '../../meetings/meeting-model';
import { agencyLabel, failureText, format, saveFile, useTab } from './shared';
import type { TabStrings } from './strings';

/** GET /meetings/:id's `yourInvitation` (src/meetings/meeting-views.ts ReaderInvitationView). */
export interface YourInvitation {
  readonly agencyCode: string;
  readonly response?: RsvpResponse;
  readonly delegateName?: string;
}

const ANSWERS = ['inPerson', 'online', 'declined'] as const;

/** The reader's answer in words, as the people table writes it. */
export function answerText(t: TabStrings, response: RsvpResponse | undefined, delegateName?: string): string {
  if (!response) return t.rsvp_none;
  return response === 'delegated' ? format(t.rsvp_delegated, { name: delegateName ?? '' }) : t[`rsvp_${response}`];
}

export function MeetingAnswer({ meetingId, invitation, onAnswered }: { meetingId: string; invitation: YourInvitation; onAnswered: () => void }) {
  const { api, t, language, agencies } = useTab();
  const [colleagues, setColleagues] = useState<readonly { id: string; name: string }[]>();
  const [delegateId, setDelegateId] = useState('');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    setError(undefined);
    try {
      setNotice(await work());
    } catch (failure) {
      setNotice(undefined);
      setError(failureText(failure, t));
    } finally {
      setBusy(false);
    }
  };
  const answer = (response: (typeof ANSWERS)[number]) =>
    run(async () => {
      await api.call('POST', `/meetings/${meetingId}/rsvp`, { response });
      onAnswered();
      return t.rsvpRecorded;
    });
  const openDelegation = () =>
    run(async () => {
      const listed = (await api.call<{ colleagues: { id: string; name: string }[] }>('GET', `/meetings/${meetingId}/colleagues`)).colleagues;
      setColleagues(listed);
      setDelegateId(listed[0]?.id ?? '');
      return undefined;
    });
  const delegate = () =>
    run(async () => {
      const answered = await api.call<{ delegateName?: string }>('POST', `/meetings/${meetingId}/rsvp`, { response: 'delegated', delegateId });
      setColleagues(undefined);
      onAnswered();
      return format(t.delegatedTo, { name: answered.delegateName ?? '' });
    });

  return (
    <section aria-labelledby="your-rsvp" data-testid="your-rsvp">
      <Title3 as="h2" id="your-rsvp">{t.yourRsvp}</Title3>
      <p>
        {format(t.yourRsvpIs, { answer: answerText(t, invitation.response, invitation.delegateName) })}
        <br />
        <span className="muted">{format(t.invitedFor, { agency: agencyLabel(agencies, invitation.agencyCode, language) })}</span>
      </p>
      <div className="actions">
        {ANSWERS.map((response) => (
          <Button key={response} appearance={invitation.response === response ? 'primary' : 'secondary'} aria-pressed={invitation.response === response} disabled={busy} onClick={() => void answer(response)}>
            {t[`rsvp_${response}`]}
          </Button>
        ))}
        {!colleagues && <Button appearance="transparent" disabled={busy} onClick={() => void openDelegation()}>{t.delegateTo}</Button>}
      </div>
      {colleagues &&
        (colleagues.length === 0 ? (
          <p className="muted">{t.noColleague}</p>
        ) : (
          <div className="row">
            <Field label={t.delegateTo}>
              <Select name="delegate" value={delegateId} onChange={(_e, data) => setDelegateId(data.value)}>
                {colleagues.map((colleague) => <option key={colleague.id} value={colleague.id}>{colleague.name}</option>)}
              </Select>
            </Field>
            <Button appearance="primary" disabled={busy || delegateId === ''} onClick={() => void delegate()}>{t.delegate}</Button>
          </div>
        ))}
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
    </section>
  );
}

/** The path under /api/v1 of a document this app serves (it needs the reader's sign-in), else undefined. */
export function ownApiPath(url: string, origin: string): string | undefined {
  try {
    const parsed = new URL(url, origin);
    if (parsed.origin !== origin || !parsed.pathname.startsWith('/api/v1/')) return undefined;
    return `${parsed.pathname.slice('/api/v1'.length)}${parsed.search}`;
  } catch {
    return undefined;
  }
}

export function MeetingDocuments({ documents }: { documents: readonly DocumentLink[] }) {
  const { api, t } = useTab();
  const [error, setError] = useState<string>();
  const download = async (path: string) => {
    try {
      setError(undefined);
      saveFile(await api.download(path));
    } catch (failure) {
      setError(failureText(failure, t));
    }
  };
  return (
    <section aria-labelledby="meeting-documents" data-testid="meeting-documents">
      <Title3 as="h2" id="meeting-documents">{t.meetingDocuments}</Title3>
      {documents.length === 0 ? (
        <p className="muted">{t.noDocuments}</p>
      ) : (
        <ul className="documents">
          {documents.map((document, index) => {
            const own = ownApiPath(document.url, window.location.origin);
            return (
              <li key={`${index}-${document.url}`}>
                <span className="document-title">{document.title}</span>{' '}
                {own ? (
                  <Button size="small" onClick={() => void download(own)}>{t.download}</Button>
                ) : (
                  <a href={document.url} target="_blank" rel="noreferrer noopener" download>{t.download}</a>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
    </section>
  );
}
