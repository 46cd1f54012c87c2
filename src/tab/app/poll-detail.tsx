/**
 * One poll: its results as the server lets this reader see them (GET /polls/:id — an anonymous
 * poll comes with totals per option only, for everyone, co-chairs and its author included; names
 * only for confirmed readers of a named poll), the reader's own answer form while it is open
 * (POST /polls/:id/answer: the card's rules, one answer per person), and for a time-slot poll and
 * someone who may convene, its best dated slot with one button to a pre-filled convocation.
 */
import { Badge, Button, Checkbox, MessageBar, MessageBarBody, ProgressBar, Radio, RadioGroup, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Title2, Title3 } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PollReaderView } from '../../decisions/decision-views';
import { bestSlot, convocationPrefill, DEFAULT_POLL_TIME_ZONE } from '../../decisions/slot-rules';
import { answerSummary, formatWhen } from './polls-page';
import { failureText, format, formatRange, useTab } from './shared';
import type { TabStrings } from './strings';

const SLOT_ANSWERS = ['yes', 'ifNeedBe', 'no'] as const;
type SlotAnswer = (typeof SLOT_ANSWERS)[number];

export default function PollDetail({ pollId }: { pollId: string }) {
  const { api, t, language, me, navigate } = useTab();
  const [view, setView] = useState<PollReaderView>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const load = useCallback(() => {
    api.call<PollReaderView>('GET', `/polls/${encodeURIComponent(pollId)}`).then(setView, (failure: unknown) => setError(failureText(failure, t)));
  }, [api, pollId, t]);
  useEffect(load, [load]);

  if (!view) return error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : <Spinner label={t.loading} />;
  const { poll, results } = view;
  const zone = poll.timeZone ?? DEFAULT_POLL_TIME_ZONE;
  const open = poll.status === 'open';
  const best = poll.kind === 'timeSlots' && me.allowed.includes('convene') ? bestSlot(results.options.map((result) => ({ option: { id: result.optionId, label: result.label, ...(result.start && result.end ? { start: result.start, end: result.end } : {}) }, count: result.count, ifNeedBe: result.ifNeedBe }))) : undefined;

  return (
    <article aria-labelledby="poll-title">
      <Button appearance="transparent" onClick={() => navigate('#/polls')}>← {t.backToPolls}</Button>
      <div className="page-head">
        <div>
          <div className="muted">{t[`pollKind_${poll.kind}`]}</div>
          <Title2 as="h1" id="poll-title" className="poll-question">{poll.question}</Title2>
        </div>
        <div className="actions">
          {poll.anonymous && <Badge appearance="outline" size="large">{t.anonymousBadge}</Badge>}
          {open ? <Badge color="warning" size="large">{t.pollOpen}</Badge> : <Badge color="success" size="large">{t.pollClosed}</Badge>}
        </div>
      </div>
      <p data-testid="poll-facts">
        {format(t.closesOn, { date: formatWhen(poll.deadline, language) })}
        {poll.createdBy ? <> · {format(t.askedBy, { name: poll.createdBy })}</> : null}
        <br />
        <span className="muted">{format(t.respondentsOf, { count: results.respondents, audience: poll.audienceSize })}</span>
      </p>
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}

      <Title3 as="h2">{t.results}</Title3>
      {poll.anonymous && <p className="muted" data-testid="anonymous-note">{t.anonymousResults}</p>}
      <div className="table-scroll">
        <Table size="small" aria-label={t.results} data-testid="poll-results">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colOption}</TableHeaderCell>
              <TableHeaderCell>{t.colVotes}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {results.options.map((result) => (
              <TableRow key={result.optionId}>
                <TableCell>
                  <div className="option-label">{result.label}</div>
                  {result.start && result.end && <div className="muted">{formatRange(result.start, result.end, language, zone)} ({zone})</div>}
                </TableCell>
                <TableCell>
                  <div>{poll.kind === 'timeSlots' ? format(t.slotCountsLine, { yes: result.count, ifNeedBe: result.ifNeedBe, no: result.no }) : format(t.optionCount, { count: result.count })}</div>
                  <ProgressBar value={results.respondents === 0 ? 0 : result.count / results.respondents} thickness="large" aria-label={result.label} />
                  {result.names && result.names.length > 0 && <div className="muted">{format(t.chosenBy, { names: result.names.join(', ') })}</div>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      {best && (
        <section aria-labelledby="poll-best-slot" data-testid="poll-best-slot">
          <Title3 as="h2" id="poll-best-slot">{format(t.bestSlotIs, { slot: best.option.label })}</Title3>
          <p className="muted">{formatRange(best.option.start, best.option.end, language, zone)} · {format(t.slotVotes, { yes: best.yes, ifNeedBe: best.ifNeedBe, respondents: results.respondents })}</p>
          <Button appearance="primary" onClick={() => navigate(convocationPrefill(poll.question, best.option, format(t.pollSource, { question: poll.question }), zone))}>{t.conveneOnSlot}</Button>
        </section>
      )}

      <Title3 as="h2">{t.yourAnswer}</Title3>
      {view.yourAnswer && <p data-testid="your-answer">{answerSummary(poll, view.yourAnswer, t)}</p>}
      {!open ? (
        <p className="muted">{t.pollIsClosed}</p>
      ) : me.allowed.includes('answerPoll') ? (
        <AnswerForm
          view={view}
          t={t}
          onAnswered={() => {
            setError(undefined);
            setNotice(t.pollAnswerRecorded);
            load();
          }}
          onFailed={(message) => {
            setNotice(undefined);
            setError(message);
          }}
        />
      ) : null}
    </article>
  );
}

function AnswerForm({ view, t, onAnswered, onFailed }: { view: PollReaderView; t: TabStrings; onAnswered: () => void; onFailed: (message: string) => void }) {
  const { api } = useTab();
  const { poll } = view;
  const [choices, setChoices] = useState<string[]>(() => [...(view.yourAnswer?.choices ?? [])]);
  const [slots, setSlots] = useState<Record<string, SlotAnswer>>(() => ({ ...(view.yourAnswer?.slots ?? {}) }));
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    try {
      // One id per click: a request the browser retries is counted once, as a redelivered card invoke.
      const requestId = globalThis.crypto.randomUUID();
      await api.call('POST', `/polls/${encodeURIComponent(poll.pollId)}/answer`, poll.kind === 'timeSlots' ? { slots, requestId } : { choices, requestId });
      onAnswered();
    } catch (failure) {
      onFailed(failureText(failure, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} aria-label={t.yourAnswer}>
      {poll.kind === 'single' && (
        <RadioGroup name="choice" value={choices[0] ?? ''} aria-label={poll.question} onChange={(_e, data) => setChoices([data.value])}>
          {poll.options.map((option) => <Radio key={option.optionId} value={option.optionId} label={option.label} />)}
        </RadioGroup>
      )}
      {poll.kind === 'multiple' && (
        <div className="checks" role="group" aria-label={poll.question}>
          {poll.options.map((option) => (
            <Checkbox key={option.optionId} label={option.label} checked={choices.includes(option.optionId)} onChange={(_e, data) => setChoices(data.checked ? [...choices, option.optionId] : choices.filter((other) => other !== option.optionId))} />
          ))}
        </div>
      )}
      {poll.kind === 'timeSlots' &&
        poll.options.map((option) => (
          <div key={option.optionId} className="slot-answer" role="group" aria-labelledby={`slot-${option.optionId}`}>
            <span id={`slot-${option.optionId}`} className="option-label">{option.label}</span>
            <RadioGroup layout="horizontal" name={`slot-${option.optionId}`} value={slots[option.optionId] ?? ''} aria-labelledby={`slot-${option.optionId}`} onChange={(_e, data) => setSlots({ ...slots, [option.optionId]: data.value as SlotAnswer })}>
              {SLOT_ANSWERS.map((answer) => <Radio key={answer} value={answer} label={t[`slot_${answer}`]} />)}
            </RadioGroup>
          </div>
        ))}
      <Button appearance="primary" type="submit" disabled={sending}>{view.yourAnswer ? t.changeAnswer : t.sendAnswer}</Button>
    </form>
  );
}
