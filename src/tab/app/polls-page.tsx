/**
 * Sondages / Polls: the network's open polls and the latest closed ones, each with the reader's
 * own answer (GET /polls — never anyone else's), and for those who may create one (`createPoll`)
 * the new-poll form: single or multiple choice, or time slots picked as a date and two times in
 * Conakry time (written as the chat reads them, so the server's own slot rules accept or refuse
 * them with the expected format). A poll's results and the answer form are on its own page.
 */
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Title2, Title3 } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { PollListItemView } from '../../decisions/decision-views';
import { slotExample, slotRowText, type SlotRow } from './poll-slots';
import { useNetworkZone, zoneTimesText } from './network-zone';
import { zonePlace } from '../../settings/model';
import { failureText, format, useTab, utcToWallTime, wallTimeToUtc } from './shared';
import type { TabLanguage, TabStrings } from './strings';

/** Slots, deadlines and the chat's reading of slots are in Guinea's time. */
export const POLL_ZONE = 'Africa/Conakry';
const KINDS = ['single', 'multiple', 'timeSlots'] as const;
type PollKind = (typeof KINDS)[number];

/** A deadline with its time, in the reader's own zone. */
export function formatWhen(iso: string, language: TabLanguage): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The reader's answer in a few words: the chosen labels, or for slots those said yes / if need be. */
export function answerSummary(poll: Pick<PollListItemView, 'kind' | 'options'>, answer: NonNullable<PollListItemView['yourAnswer']>, t: TabStrings): string {
  const label = (id: string) => poll.options.find((option) => option.optionId === id)?.label ?? id;
  if (poll.kind !== 'timeSlots') return answer.choices.map(label).join(', ');
  // In the poll's order, whatever order the answers were given in.
  return poll.options
    .flatMap((option) => {
      const value = answer.slots?.[option.optionId];
      return value ? [`${option.label} : ${t[`slot_${value}`]}`] : [];
    })
    .join(' · ');
}

export default function PollsPage() {
  const { api, t, language, me, navigate } = useTab();
  const [polls, setPolls] = useState<readonly PollListItemView[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.call<{ polls: PollListItemView[] }>('GET', '/polls').then((body) => setPolls(body.polls), (failure: unknown) => setError(failureText(failure, t)));
  }, [api, t]);

  const open = (polls ?? []).filter((poll) => poll.status === 'open').sort((a, b) => a.deadline.localeCompare(b.deadline));
  const closed = (polls ?? []).filter((poll) => poll.status === 'closed');
  return (
    <section aria-labelledby="polls-title">
      <div className="page-head">
        <Title2 as="h1" id="polls-title">{t.polls}</Title2>
        {me.allowed.includes('createPoll') && <Button appearance="primary" onClick={() => navigate('#/polls/new')}>{t.newPoll}</Button>}
      </div>
      <p className="muted">{t.pollsHelp}</p>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!polls ? (
        !error && <Spinner label={t.loading} />
      ) : (
        <>
          <Title3 as="h2">{t.pollsOpenTitle}</Title3>
          <PollTable polls={open} empty={t.noOpenPolls} label={t.pollsOpenTitle} t={t} language={language} />
          <Title3 as="h2">{t.pollsClosedTitle}</Title3>
          <PollTable polls={closed} empty={t.noClosedPolls} label={t.pollsClosedTitle} t={t} language={language} />
        </>
      )}
    </section>
  );
}

function PollTable({ polls, empty, label, t, language }: { polls: readonly PollListItemView[]; empty: string; label: string; t: TabStrings; language: TabLanguage }) {
  if (polls.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-scroll">
      <Table size="small" aria-label={label}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.colQuestion}</TableHeaderCell>
            <TableHeaderCell>{t.colCloses}</TableHeaderCell>
            <TableHeaderCell>{t.colYourAnswer}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {polls.map((poll) => (
            <TableRow key={poll.pollId}>
              <TableCell>
                <a href={`#/polls/${poll.pollId}`} className="meeting-link">{poll.question}</a>
                <div className="muted">
                  {t[`pollKind_${poll.kind}`]}
                  {poll.anonymous && <> · <Badge appearance="outline" size="small">{t.anonymousBadge}</Badge></>}
                </div>
              </TableCell>
              <TableCell>{formatWhen(poll.deadline, language)}</TableCell>
              <TableCell>
                {poll.yourAnswer ? (
                  <>
                    <Badge color="success">{t.answered}</Badge> <span className="answer-summary">{answerSummary(poll, poll.yourAnswer, t)}</span>
                  </>
                ) : poll.status === 'open' ? (
                  <a href={`#/polls/${poll.pollId}`}>{t.answerNow}</a>
                ) : (
                  <span className="muted">{t.notAnswered}</span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

interface Draft {
  question: string;
  kind: PollKind;
  options: string[];
  slots: SlotRow[];
  anonymous: boolean;
  deadline: string;
}

const EMPTY_SLOT: SlotRow = { date: '', from: '', to: '' };

/** Members who may create polls: the question, its kind and options or slots, anonymity, the deadline (Conakry time). */
export function NewPollForm() {
  const { api, t, me, navigate } = useTab();
  // Slots and the deadline are typed in the network's zone (settings), and the form says which.
  const zone = useNetworkZone();
  const zoneText = zoneTimesText(t, zone);
  const inDays = (days: number) => utcToWallTime(new Date(Date.now() + days * 86_400_000).toISOString(), POLL_ZONE).slice(0, 11) + '17:00';
  const [draft, setDraft] = useState<Draft>({ question: '', kind: 'single', options: ['', ''], slots: [EMPTY_SLOT, EMPTY_SLOT], anonymous: false, deadline: inDays(3) });
  // Pickers whose typing the browser could not read (validity.badInput): their value is '' then.
  const [unreadable, setUnreadable] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  if (!me.allowed.includes('createPoll')) return <MessageBar intent="warning" role="status"><MessageBarBody>{t.notFound}</MessageBarBody></MessageBar>;

  const setSlot = (index: number, change: Partial<SlotRow>, input: HTMLInputElement) => {
    const key = `${index}-${Object.keys(change)[0] ?? ''}`;
    const next = new Set(unreadable);
    if (input.validity.badInput) next.add(key);
    else next.delete(key);
    setUnreadable(next);
    setDraft({ ...draft, slots: draft.slots.map((slot, i) => (i === index ? { ...slot, ...change } : slot)) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    let options: string[];
    if (draft.kind === 'timeSlots') {
      options = [];
      for (const [index, slot] of draft.slots.entries()) {
        const row = slotRowText(slot, ['date', 'from', 'to'].some((field) => unreadable.has(`${index}-${field}`)));
        if (row.kind === 'incomplete') {
          setError(format(t.slotIncomplete, { n: index + 1, example: slotExample(new Date()), zone: zonePlace(zone) }));
          return;
        }
        if (row.kind === 'slot') options.push(row.text);
      }
    } else {
      options = draft.options.filter((option) => option.trim() !== '');
    }
    setSaving(true);
    try {
      const created = await api.call<{ pollId: string }>('POST', '/polls', {
        question: draft.question,
        kind: draft.kind,
        options,
        ...(draft.kind === 'timeSlots' ? { timeZone: zone } : {}),
        anonymous: draft.anonymous,
        deadline: wallTimeToUtc(draft.deadline, zone),
      });
      navigate(`#/polls/${created.pollId}`);
    } catch (failure) {
      setError(failureText(failure, t));
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="new-poll-title">
      <Button appearance="transparent" onClick={() => navigate('#/polls')}>← {t.backToPolls}</Button>
      <Title2 as="h1" id="new-poll-title">{t.newPoll}</Title2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label={t.question} required>
          <Input name="question" value={draft.question} maxLength={300} onChange={(_e, data) => setDraft({ ...draft, question: data.value })} />
        </Field>
        <Field label={t.pollKind}>
          <RadioGroup name="kind" value={draft.kind} onChange={(_e, data) => setDraft({ ...draft, kind: data.value as PollKind })}>
            {KINDS.map((kind) => <Radio key={kind} value={kind} label={t[`pollKind_${kind}`]} />)}
          </RadioGroup>
        </Field>
        {draft.kind === 'timeSlots' ? (
          <fieldset>
            <legend>{t.pollKind_timeSlots}</legend>
            <p className="muted">{zoneText}</p>
            {draft.slots.map((slot, index) => (
              <div className="row slot-row" key={index} role="group" aria-label={format(t.slotTitle, { n: index + 1 })}>
                <Field label={`${format(t.slotTitle, { n: index + 1 })} — ${t.slotDate}`}>
                  <Input type="date" name={`slot-${index}-date`} value={slot.date} onChange={(event, data) => setSlot(index, { date: data.value }, event.target)} />
                </Field>
                <Field label={t.slotFrom}>
                  <Input type="time" name={`slot-${index}-from`} value={slot.from} onChange={(event, data) => setSlot(index, { from: data.value }, event.target)} />
                </Field>
                <Field label={t.slotTo}>
                  <Input type="time" name={`slot-${index}-to`} value={slot.to} onChange={(event, data) => setSlot(index, { to: data.value }, event.target)} />
                </Field>
                {draft.slots.length > 1 && (
                  <Button aria-label={format(t.removeSlot, { n: index + 1 })} onClick={() => setDraft({ ...draft, slots: draft.slots.filter((_slot, i) => i !== index) })}>✕</Button>
                )}
              </div>
            ))}
            {draft.slots.length < 20 && <Button onClick={() => setDraft({ ...draft, slots: [...draft.slots, EMPTY_SLOT] })}>{t.addSlot}</Button>}
          </fieldset>
        ) : (
          <fieldset>
            <legend>{t[`pollKind_${draft.kind}`]}</legend>
            {draft.options.map((option, index) => (
              <div className="row" key={index}>
                <Field label={format(t.pollOption, { n: index + 1 })}>
                  <Input name={`option-${index}`} value={option} maxLength={200} onChange={(_e, data) => setDraft({ ...draft, options: draft.options.map((other, i) => (i === index ? data.value : other)) })} />
                </Field>
                {draft.options.length > 2 && (
                  <Button aria-label={format(t.removeOption, { n: index + 1 })} onClick={() => setDraft({ ...draft, options: draft.options.filter((_option, i) => i !== index) })}>✕</Button>
                )}
              </div>
            ))}
            {draft.options.length < 20 && <Button onClick={() => setDraft({ ...draft, options: [...draft.options, ''] })}>{t.addOption}</Button>}
          </fieldset>
        )}
        <Switch name="anonymous" checked={draft.anonymous} label={t.anonymousSwitch} onChange={(_e, data) => setDraft({ ...draft, anonymous: data.checked })} />
        <Field label={t.pollDeadline} hint={zoneText}>
          <Input type="datetime-local" name="deadline" value={draft.deadline} onChange={(_e, data) => setDraft({ ...draft, deadline: data.value })} />
        </Field>
        <p className="muted">{t.pollAudience}</p>
        {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
        <Button appearance="primary" type="submit" disabled={saving}>{t.sendPoll}</Button>
      </form>
    </section>
  );
}
