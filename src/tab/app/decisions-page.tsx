/**
 * Décisions / Decisions: the register with its filters (year of the register number, outcome,
 * state) and CSV export, and — for co-chairs — the form that opens a decision. Everything is
 * the decisions API's (src/decisions/decisions-api.ts); rights are the server's, the page only
 * hides what `/me` says the reader may not do.
 */
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Spinner, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, Title2 } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from './api';
import { format, formatDate, saveFile, useTab, wallTimeToUtc, utcToWallTime } from './shared';
import { FALLBACK_ZONE, useNetworkZone, zoneTimesText } from './network-zone';
import type { TabStrings } from './strings';

/** Until the network's zone is known (network-zone.tsx): Guinea's. */
export const DECISION_ZONE = FALLBACK_ZONE;

export interface DecisionSummary {
  readonly decisionId: string;
  readonly title: string;
  readonly mode: 'consensus' | 'silenceProcedure';
  readonly phase: 'consultation' | 'excom' | 'closed';
  readonly deadline: string;
  readonly registerNumber?: string;
  readonly outcome?: 'adopted' | 'noConsensus';
  readonly answered: number;
  readonly excomAgencies: number;
}

/** The register's filters as the API reads them (a query string), kept in the page's hash. */
export function registerQuery(filters: { readonly year: string; readonly outcome: string; readonly status: string }): string {
  const params = new URLSearchParams();
  if (filters.year) params.set('year', filters.year);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.status) params.set('status', filters.status);
  return params.toString();
}

export function StageBadge({ decision, t }: { decision: Pick<DecisionSummary, 'phase' | 'outcome'>; t: TabStrings }) {
  if (decision.phase !== 'closed') return <Badge color="warning">{t[`phase_${decision.phase}`]}</Badge>;
  return decision.outcome === 'adopted' ? <Badge color="success">{t.outcome_adopted}</Badge> : <Badge color="danger">{t.outcome_noConsensus}</Badge>;
}

export default function DecisionsPage({ query }: { query: string }) {
  const { api, t, language, me, navigate } = useTab();
  // Deadlines on the network's clocks, as the decisions' cards show them.
  const zone = useNetworkZone();
  const initial = new URLSearchParams(query);
  const [filters, setFilters] = useState({ year: initial.get('year') ?? '', outcome: initial.get('outcome') ?? '', status: initial.get('status') ?? '' });
  const [decisions, setDecisions] = useState<readonly DecisionSummary[]>();
  const [error, setError] = useState<string>();
  const fail = (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError);
  const search = registerQuery(filters);

  useEffect(() => {
    setDecisions(undefined);
    api.call<{ decisions: DecisionSummary[] }>('GET', `/decisions${search ? `?${search}` : ''}`).then((list) => setDecisions(list.decisions), fail);
    // The filters stay in the address: a reload or a shared link shows the same register.
    window.history.replaceState(null, '', `#/decisions${search ? `?${search}` : ''}`);
  }, [api, search]);

  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, index) => String(thisYear - index));
  const exportCsv = async () => {
    try {
      const file = await api.download(`/decisions/export${search ? `?${search}` : ''}`);
      saveFile({ blob: file.blob, filename: file.filename === 'download' ? `decisions${filters.year ? `-${filters.year}` : ''}.csv` : file.filename });
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <section aria-labelledby="decisions-title">
      <div className="page-head">
        <Title2 as="h1" id="decisions-title">{t.decisions}</Title2>
        {me.allowed.includes('createDecision') && (
          <Button appearance="primary" onClick={() => navigate('#/decisions/new')}>{t.openDecision}</Button>
        )}
      </div>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      <form className="filters" aria-label={t.filters} onSubmit={(event) => event.preventDefault()}>
        {(
          [
            ['year', t.filterYear, years.map((year) => [year, year])],
            ['outcome', t.filterOutcome, [['adopted', t.outcome_adopted], ['noConsensus', t.outcome_noConsensus]]],
            ['status', t.filterStatus, [['open', t.state_open], ['closed', t.state_closed]]],
          ] as const
        ).map(([name, label, choices]) => (
          <Field key={name} label={label}>
            <Select name={name} value={filters[name]} onChange={(_e, data) => setFilters({ ...filters, [name]: data.value })}>
              <option value="">{t.any}</option>
              {choices.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
            </Select>
          </Field>
        ))}
        <Button onClick={() => void exportCsv()}>{t.exportCsv}</Button>
      </form>
      {!decisions ? (
        <Spinner label={t.loading} />
      ) : decisions.length === 0 ? (
        <p className="muted">{t.noDecisions}</p>
      ) : (
        <div className="table-scroll">
          <Table size="small" aria-label={t.register}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.colNumber}</TableHeaderCell>
                <TableHeaderCell>{t.colDecision}</TableHeaderCell>
                <TableHeaderCell>{t.colStage}</TableHeaderCell>
                <TableHeaderCell>{t.colDeadline}</TableHeaderCell>
                <TableHeaderCell>{t.colAgencies}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {decisions.map((decision) => (
                <TableRow key={decision.decisionId}>
                  <TableCell>{decision.registerNumber ?? '—'}</TableCell>
                  <TableCell>
                    <a href={`#/decisions/${decision.decisionId}`} className="meeting-link">{decision.title}</a>
                    <div className="muted">{t[`mode_${decision.mode}`]}</div>
                  </TableCell>
                  <TableCell><StageBadge decision={decision} t={t} /></TableCell>
                  <TableCell>{formatDate(decision.deadline, language, zone)}</TableCell>
                  <TableCell>{format(t.answeredOf, { answered: decision.answered, total: decision.excomAgencies })}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

/** Co-chairs: a decision with or without a consultation of all members, by consensus or silence procedure. */
export function NewDecisionForm() {
  const { api, t, navigate } = useTab();
  // Deadlines are typed on the network's clocks (settings), and the form says which.
  const zone = useNetworkZone();
  const inDays = (days: number) => utcToWallTime(new Date(Date.now() + days * 86_400_000).toISOString(), DECISION_ZONE).slice(0, 11) + '17:00';
  const [form, setForm] = useState({ title: '', fr: '', en: '', mode: 'consensus' as 'consensus' | 'silenceProcedure', consult: false, consultationDeadline: inDays(7), deadline: inDays(14) });
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const created = await api.call<{ decisionId: string }>('POST', '/decisions', {
        title: form.title,
        text: { ...(form.fr.trim() ? { fr: form.fr } : {}), ...(form.en.trim() ? { en: form.en } : {}) },
        mode: form.mode,
        deadline: wallTimeToUtc(form.deadline, zone),
        ...(form.consult ? { consultationDeadline: wallTimeToUtc(form.consultationDeadline, zone) } : {}),
      });
      navigate(`#/decisions/${created.decisionId}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
      setSaving(false);
    }
  };
  return (
    <section aria-labelledby="new-decision-title">
      <Button appearance="transparent" onClick={() => navigate('#/decisions')}>← {t.backToDecisions}</Button>
      <Title2 as="h1" id="new-decision-title">{t.openDecision}</Title2>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      <form className="form" onSubmit={(event) => void submit(event)}>
        <Field label={t.decisionTitle} required>
          <Input name="title" value={form.title} maxLength={200} onChange={(_e, data) => setForm({ ...form, title: data.value })} />
        </Field>
        <Field label={t.textFr}>
          <Textarea name="textFr" value={form.fr} resize="vertical" onChange={(_e, data) => setForm({ ...form, fr: data.value })} />
        </Field>
        <Field label={t.textEn}>
          <Textarea name="textEn" value={form.en} resize="vertical" onChange={(_e, data) => setForm({ ...form, en: data.value })} />
        </Field>
        <Field label={t.procedure} hint={form.mode === 'consensus' ? t.consensusHelp : t.silenceHelp}>
          <RadioGroup name="mode" value={form.mode} onChange={(_e, data) => setForm({ ...form, mode: data.value as 'consensus' | 'silenceProcedure' })}>
            <Radio value="consensus" label={t.mode_consensus} />
            <Radio value="silenceProcedure" label={t.mode_silenceProcedure} />
          </RadioGroup>
        </Field>
        <Switch name="consult" checked={form.consult} label={t.withConsultation} onChange={(_e, data) => setForm({ ...form, consult: data.checked })} />
        <div className="row">
          {form.consult && (
            <Field label={t.consultationDeadline} hint={zoneTimesText(t, zone)}>
              <Input type="datetime-local" name="consultationDeadline" value={form.consultationDeadline} onChange={(_e, data) => setForm({ ...form, consultationDeadline: data.value })} />
            </Field>
          )}
          <Field label={t.decisionDeadline} hint={zoneTimesText(t, zone)}>
            <Input type="datetime-local" name="deadline" value={form.deadline} onChange={(_e, data) => setForm({ ...form, deadline: data.value })} />
          </Field>
        </div>
        <Button appearance="primary" type="submit" disabled={saving}>{t.createDecision}</Button>
      </form>
    </section>
  );
}
