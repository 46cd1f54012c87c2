/**
 * Mon travail / My work, the landing page: what awaits the reader (GET /my-work), grouped by
 * kind, soonest deadline first, each with its one-click action or the page where it is done.
 */
import { Badge, Button, MessageBar, MessageBarBody, Spinner, Title2, Title3 } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import { agencyLabel, format, formatDate, useTab } from './shared';
import type { TabStrings } from './strings';

const KINDS = ['poll', 'position', 'clearance', 'rsvp', 'confirmMember'] as const;
type Kind = (typeof KINDS)[number];

/** GET /my-work (src/my-work/my-work-rules.ts MyWorkView). */
interface MyWorkItem {
  readonly kind: Kind;
  readonly id: string;
  readonly title: string;
  readonly deadline?: string;
  readonly agencyCode?: string;
  readonly version?: number;
}
interface MyWork {
  readonly items: readonly MyWorkItem[];
  readonly counts: Readonly<Record<Kind, number>>;
}

export default function MyWorkPage() {
  const { api, t, me } = useTab();
  const [work, setWork] = useState<MyWork>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const load = useCallback(() => {
    api.call<MyWork>('GET', '/my-work').then(setWork, (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError));
  }, [api, t]);
  useEffect(load, [load]);

  // One click, then the list again from the server (the item leaves it once recorded).
  const act = async (run: () => Promise<unknown>, done: string) => {
    setError(undefined);
    try {
      await run();
      setNotice(done);
      load();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    }
  };

  return (
    <section aria-labelledby="my-work-title">
      <div className="page-head">
        <Title2 as="h1" id="my-work-title">{t.myWork}</Title2>
      </div>
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!work ? (
        !error && <Spinner label={t.loading} />
      ) : work.items.length === 0 ? (
        <p data-testid="my-work-empty">{me.member?.status === 'pending' ? t.myWorkPending : t.myWorkEmpty}</p>
      ) : (
        <>
          <p className="muted">{t.myWorkHelp}</p>
          {KINDS.filter((kind) => work.counts[kind] > 0).map((kind) => (
            <section key={kind} aria-labelledby={`mw-${kind}`} data-testid={`my-work-${kind}`}>
              <Title3 as="h2" id={`mw-${kind}`}>
                {t[`mw_${kind}`]} <Badge appearance="filled" color="brand" aria-label={String(work.counts[kind])}>{work.counts[kind]}</Badge>
              </Title3>
              <ul className="work-list">
                {work.items.filter((item) => item.kind === kind).map((item) => (
                  <li key={`${item.kind}:${item.id}`} className="work-item">
                    <WorkItem item={item} act={act} t={t} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </section>
  );
}

function WorkItem({ item, act, t }: { item: MyWorkItem; act: (run: () => Promise<unknown>, done: string) => Promise<void>; t: TabStrings }) {
  const { api, language, agencies, navigate } = useTab();
  const when = item.deadline ? format(item.kind === 'rsvp' ? t.meetingOn : t.dueOn, { date: formatDate(item.deadline, language) }) : undefined;
  return (
    <>
      <div className="work-text">
        <strong className="work-title">{item.title}</strong>
        {when && <div className="muted">{when}</div>}
        {item.kind === 'confirmMember' && item.agencyCode && <div className="muted">{format(t.agencyOf, { agency: agencyLabel(agencies, item.agencyCode, language) })}</div>}
        {item.kind === 'poll' && <div className="muted">{t.answerPollInChat}</div>}
        {item.kind === 'clearance' && <div className="muted">{format(t.clearInChannel, { version: item.version ?? 1 })}</div>}
      </div>
      <div className="work-actions">
        {item.kind === 'poll' && <Button appearance="primary" onClick={() => navigate(`#/polls/${item.id}`)}>{t.answerNow}</Button>}
        {item.kind === 'position' && (
          <Button appearance="primary" onClick={() => navigate(`#/decisions/${item.id}`)}>{t.givePosition}</Button>
        )}
        {item.kind === 'rsvp' && (
          <>
            {(['inPerson', 'online', 'declined'] as const).map((response) => (
              <Button key={response} appearance={response === 'inPerson' ? 'primary' : 'secondary'} onClick={() => void act(() => api.call('POST', `/meetings/${item.id}/rsvp`, { response }), t.rsvpRecorded)}>
                {t[`rsvp_${response}`]}
              </Button>
            ))}
            <Button appearance="transparent" onClick={() => navigate(`#/meetings/${item.id}`)}>{t.openMeeting}</Button>
          </>
        )}
        {item.kind === 'confirmMember' && (
          <Button appearance="primary" onClick={() => void act(() => api.call('POST', `/members/${encodeURIComponent(item.id)}/confirm`, {}), format(t.memberConfirmed, { name: item.title }))}>
            {t.confirmMember}
          </Button>
        )}
      </div>
    </>
  );
}
