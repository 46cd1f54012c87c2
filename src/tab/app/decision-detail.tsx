/**
 * One decision: its text, stage and outcome, each ExCom agency's position (or none yet) and,
 * opened from its row, the history of its positions (position-history.tsx), the
 * consultation comments by agency for those who read them (the server leaves them out for the
 * others, who get a count), the reader's agency's position form for an ExCom representative,
 * and for co-chairs: extend the deadline, close now after a confirmation dialog.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import { StageBadge, type DecisionSummary } from './decisions-page';
import { useNetworkZone, zoneTimesText } from './network-zone';
import { HistoryToggle, PositionHistory, type Position, type PositionVoice } from './position-history';
import { agencyLabel, format, formatDate, useTab, utcToWallTime, wallTimeToUtc } from './shared';

const POSITIONS: readonly Position[] = ['agree', 'agreeWithReservations', 'standAside', 'object'];

/** GET /decisions/:id (src/decisions/decision-views.ts DecisionReaderView). */
interface DecisionDetailView {
  readonly decision: Omit<DecisionSummary, 'answered' | 'excomAgencies'> & {
    readonly text: { readonly fr?: string; readonly en?: string };
    readonly consultationDeadline?: string;
    readonly excomAgencies: readonly string[];
    readonly createdBy?: string;
    readonly tally: { readonly answered: readonly string[]; readonly pending: readonly string[] };
    readonly positions: readonly { readonly agencyCode: string; readonly position: Position; readonly comment?: string; readonly castAt: string; readonly castBy?: string; readonly history?: readonly PositionVoice[] }[];
  };
  readonly comments?: readonly { readonly agencyCode: string; readonly author: string; readonly text: string; readonly at: string }[];
  readonly commentCount: number;
}

export default function DecisionDetail({ decisionId }: { decisionId: string }) {
  const { api, t, language, me, agencies, navigate } = useTab();
  // Days on the network's clocks, as its cards show them.
  const zone = useNetworkZone();
  const [view, setView] = useState<DecisionDetailView>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  // The agencies whose history the reader opened (closed by default: the table stays short).
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggleHistory = (code: string) => setExpanded((open) => (open.has(code) ? new Set([...open].filter((entry) => entry !== code)) : new Set([...open, code])));
  const fail = useCallback((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError), [t]);
  const load = useCallback(() => {
    api.call<DecisionDetailView>('GET', `/decisions/${decisionId}`).then(setView, fail);
  }, [api, decisionId, fail]);
  useEffect(load, [load]);

  const change = async (path: string, body: unknown, done: (answer: { registerNumber?: string }) => string) => {
    setError(undefined);
    try {
      const answer = await api.call<{ registerNumber?: string }>('POST', `/decisions/${decisionId}/${path}`, body);
      setNotice(done(answer));
      load();
    } catch (failure) {
      fail(failure);
    }
  };

  if (!view) return error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : <Spinner label={t.loading} />;
  const { decision } = view;
  const agency = (code: string) => agencyLabel(agencies, code, language);
  const open = decision.phase !== 'closed';
  const text = decision.text[language] ?? decision.text.fr ?? decision.text.en ?? '';
  const ownAgency = me.member?.agencyCode;
  const castsPosition = open && decision.phase === 'excom' && ownAgency !== undefined && decision.excomAgencies.includes(ownAgency) && me.allowed.includes('castAgencyPosition');
  const positionOf = new Map(decision.positions.map((position) => [position.agencyCode, position]));

  return (
    <section aria-labelledby="decision-title">
      <Button appearance="transparent" onClick={() => navigate('#/decisions')}>← {t.backToDecisions}</Button>
      <div className="page-head">
        <Title2 as="h1" id="decision-title">{decision.title}</Title2>
        <StageBadge decision={decision} t={t} />
      </div>
      <p className="muted" data-testid="decision-facts">
        {[decision.registerNumber, t[`mode_${decision.mode}`], format(t.dueOn, { date: formatDate(decision.deadline, language, zone) }), decision.createdBy].filter(Boolean).join(' · ')}
      </p>
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {text && (
        <>
          <Title3 as="h2">{t.decisionText}</Title3>
          <div className="decision-text" lang={decision.text[language] ? language : decision.text.fr ? 'fr' : 'en'}>{text}</div>
        </>
      )}

      <Title3 as="h2" id="positions-title">{t.positionsByAgency}</Title3>
      <div className="table-scroll">
        <Table size="small" aria-labelledby="positions-title" data-testid="positions">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.agency}</TableHeaderCell>
              <TableHeaderCell>{t.colPosition}</TableHeaderCell>
              <TableHeaderCell>{t.colComment}</TableHeaderCell>
              <TableHeaderCell>{t.colBy}</TableHeaderCell>
              <TableHeaderCell>{t.dec_colHistory}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {decision.excomAgencies.flatMap((code) => {
              const position = positionOf.get(code);
              const history = position?.history ?? [];
              const shown = expanded.has(code) && history.length > 0;
              return [
                <TableRow key={code}>
                  <TableCell>{agency(code)}</TableCell>
                  <TableCell>{position ? t[`position_${position.position}`] : <span className="muted">{t.noPositionYet}</span>}</TableCell>
                  <TableCell>{position?.comment ?? ''}</TableCell>
                  <TableCell>{position ? format(t.castByOn, { name: position.castBy ?? '', date: formatDate(position.castAt, language, zone) }).replace(/^, /, '') : ''}</TableCell>
                  <TableCell>{history.length > 0 && <HistoryToggle agencyCode={code} agencyName={agency(code)} count={history.length} expanded={shown} onToggle={() => toggleHistory(code)} />}</TableCell>
                </TableRow>,
                ...(shown
                  ? [
                      <TableRow key={`${code}-history`}>
                        <TableCell colSpan={5}>
                          <PositionHistory agencyCode={code} agencyName={agency(code)} history={history} />
                        </TableCell>
                      </TableRow>,
                    ]
                  : []),
              ];
            })}
          </TableBody>
        </Table>
      </div>

      {castsPosition && ownAgency && <PositionForm agencyName={agency(ownAgency)} onCast={(position, comment) => change('position', { position, ...(comment.trim() ? { comment } : {}) }, () => t.positionRecorded)} />}

      <Title3 as="h2">{t.consultationComments}</Title3>
      {view.comments ? (
        view.comments.length === 0 ? (
          <p className="muted">{t.noComments}</p>
        ) : (
          <ul className="updates" data-testid="comments">
            {view.comments.map((comment, index) => (
              <li key={index} className="update">
                <strong>{agency(comment.agencyCode)}</strong> — {comment.author} <span className="muted">{formatDate(comment.at, language, zone)}</span>
                <div className="decision-text">{comment.text}</div>
              </li>
            ))}
          </ul>
        )
      ) : (
        <p className="muted">{format(t.commentCount, { count: view.commentCount }, language)}</p>
      )}

      {open && me.allowed.includes('closeOrExtendDecision') && (
        <CoChairActions
          deadline={decision.deadline}
          onExtend={(deadline) => change('extend', { deadline }, () => t.extended)}
          onClose={() => change('close', {}, (answer) => format(t.closedNotice, { number: answer.registerNumber ?? '' }))}
        />
      )}
    </section>
  );
}

function PositionForm({ agencyName, onCast }: { agencyName: string; onCast: (position: Position, comment: string) => Promise<void> }) {
  const { t } = useTab();
  const [position, setPosition] = useState<Position>('agree');
  const [comment, setComment] = useState('');
  return (
    <form className="form" aria-labelledby="position-title" onSubmit={(event) => { event.preventDefault(); void onCast(position, comment); }}>
      <Title3 as="h2" id="position-title">{format(t.yourAgencyPosition, { agency: agencyName })}</Title3>
      <RadioGroup name="position" value={position} onChange={(_e, data) => setPosition(data.value as Position)} aria-labelledby="position-title">
        {POSITIONS.map((value) => <Radio key={value} value={value} label={t[`position_${value}`]} />)}
      </RadioGroup>
      <Field label={t.positionComment} required={position === 'object' || position === 'agreeWithReservations'}>
        <Textarea name="positionComment" value={comment} maxLength={2000} onChange={(_e, data) => setComment(data.value)} />
      </Field>
      <Button appearance="primary" type="submit">{t.castPosition}</Button>
    </form>
  );
}

function CoChairActions({ deadline, onExtend, onClose }: { deadline: string; onExtend: (deadline: string) => Promise<void>; onClose: () => Promise<void> }) {
  const { t } = useTab();
  // The new deadline is typed on the network's clocks; the default (a week later) follows the zone once known.
  const zone = useNetworkZone();
  const suggested = utcToWallTime(new Date(Date.parse(deadline) + 7 * 86_400_000).toISOString(), zone);
  const [typed, setUntil] = useState<string>();
  const until = typed ?? suggested;
  return (
    <section aria-labelledby="cochair-title">
      <Title3 as="h2" id="cochair-title">{t.coChairActions}</Title3>
      <div className="row">
        <Field label={t.newDeadline} hint={zoneTimesText(t, zone)}>
          <Input type="datetime-local" name="newDeadline" value={until} onChange={(_e, data) => setUntil(data.value)} />
        </Field>
        <Button onClick={() => void onExtend(wallTimeToUtc(until, zone))}>{t.extend}</Button>
      </div>
      <div className="actions">
        <Dialog modalType="alert">
          <DialogTrigger disableButtonEnhancement>
            <Button appearance="primary">{t.closeNow}</Button>
          </DialogTrigger>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t.confirmCloseTitle}</DialogTitle>
              <DialogContent>{t.confirmCloseBody}</DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="secondary">{t.keepOpen}</Button>
                </DialogTrigger>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="primary" onClick={() => void onClose()}>{t.confirmClose}</Button>
                </DialogTrigger>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </div>
    </section>
  );
}
