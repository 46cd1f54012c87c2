/**
 * Déclarations / Statements: the requests and statements of the network (status, version,
 * clearance), and the form any confirmed member uses to request one — its languages ticked
 * (French and English by default: it is cleared and published in each). Everything is the
 * statements API's (src/statements/statements-api.ts); the page only hides what `/me` says the
 * reader may not do, and the server refuses it anyway.
 */
import { Badge, Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, Title2 } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from './api';
import { agencyLabel, formatDate, useTab } from './shared';
import type { TabStrings } from './strings';
import type { StatementLanguage } from '../../statements/statement-rules';
import type { StatementStatus } from '../../statements/model';
import type { StatementView } from '../../statements/statement-views';

export const STATEMENT_LANGUAGES: readonly StatementLanguage[] = ['fr', 'en'];
export type { StatementLanguage, StatementStatus };

/** GET /statements: each statement as made for the reader (the server's view model). */
export type StatementSummary = StatementView;

/** A small table of rows (the statements, a statement's versions, its clearance by agency), scrolling sideways in a narrow panel. */
export function RowsTable({ name, testId, headers, rows }: { name: { 'aria-label': string } | { 'aria-labelledby': string }; testId?: string; headers: readonly string[]; rows: readonly { key: string | number; cells: readonly ReactNode[] }[] }) {
  return (
    <div className="table-scroll">
      <Table size="small" {...name} data-testid={testId}>
        <TableHeader>
          <TableRow>
            {headers.map((header) => <TableHeaderCell key={header}>{header}</TableHeaderCell>)}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key}>
              {row.cells.map((cell, index) => <TableCell key={index}>{cell}</TableCell>)}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function StatusBadge({ status, validated, t }: { status: StatementStatus; validated?: boolean; t: TabStrings }) {
  if (status === 'delivered') return <Badge color="success">{t.statementStatus_delivered}</Badge>;
  if (status === 'clearance') return validated ? <Badge color="success" appearance="tint">{t.statementStatus_validated}</Badge> : <Badge color="warning">{t.statementStatus_clearance}</Badge>;
  return <Badge color="informative" appearance="tint">{t[`statementStatus_${status}`]}</Badge>;
}

export default function StatementsPage() {
  const { api, t, language, me, agencies, navigate } = useTab();
  const [statements, setStatements] = useState<readonly StatementSummary[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.call<{ statements: StatementSummary[] }>('GET', '/statements').then(
      (list) => setStatements(list.statements),
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError),
    );
  }, [api, t]);

  return (
    <section aria-labelledby="statements-title">
      <div className="page-head">
        <Title2 as="h1" id="statements-title">{t.statements}</Title2>
        {me.allowed.includes('requestStatement') && <Button appearance="primary" onClick={() => navigate('#/statements/new')}>{t.requestStatement}</Button>}
      </div>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!statements ? (
        error ? null : <Spinner label={t.loading} />
      ) : statements.length === 0 ? (
        <p className="muted">{t.noStatements}</p>
      ) : (
        <RowsTable
          name={{ 'aria-label': t.statementsList }}
          headers={[t.colStatement, t.colStatus, t.colVersion, t.colRequested]}
          rows={statements.map((statement) => ({
            key: statement.statementId,
            cells: [
              <>
                <a href={`#/statements/${statement.statementId}`} className="meeting-link">{statement.title}</a>
                <div className="muted">{[statement.languages.map((code) => t[`language_${code}`]).join(' · '), statement.requestedBy.agencyCode ? agencyLabel(agencies, statement.requestedBy.agencyCode, language) : ''].filter(Boolean).join(' — ')}</div>
              </>,
              <StatusBadge status={statement.status} t={t} />,
              statement.latestVersion > 0 ? statement.latestVersion : '—',
              formatDate(statement.requestedAt, language),
            ],
          }))}
        />
      )}
    </section>
  );
}

/** Any confirmed member: a title, why, and the languages (both ticked unless the requester says otherwise). */
export function NewStatementForm() {
  const { api, t, navigate } = useTab();
  const [form, setForm] = useState({ title: '', purpose: '', languages: [...STATEMENT_LANGUAGES] as StatementLanguage[] });
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const toggle = (code: StatementLanguage, checked: boolean) =>
    setForm({ ...form, languages: STATEMENT_LANGUAGES.filter((language) => (language === code ? checked : form.languages.includes(language))) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const created = await api.call<{ statementId: string }>('POST', '/statements', { title: form.title, purpose: form.purpose, languages: form.languages });
      navigate(`#/statements/${created.statementId}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
      setSaving(false);
    }
  };
  return (
    <section aria-labelledby="new-statement-title">
      <Button appearance="transparent" onClick={() => navigate('#/statements')}>← {t.backToStatements}</Button>
      <Title2 as="h1" id="new-statement-title">{t.requestStatement}</Title2>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      <form className="form" onSubmit={(event) => void submit(event)}>
        <Field label={t.statementTitle} required>
          <Input name="title" value={form.title} maxLength={200} required onChange={(_e, data) => setForm({ ...form, title: data.value })} />
        </Field>
        <Field label={t.statementPurpose}>
          <Textarea name="purpose" value={form.purpose} maxLength={2000} resize="vertical" onChange={(_e, data) => setForm({ ...form, purpose: data.value })} />
        </Field>
        <fieldset>
          <legend>{t.statementLanguages}</legend>
          <span className="muted">{t.statementLanguagesHint}</span>
          {STATEMENT_LANGUAGES.map((code) => (
            <Checkbox key={code} name={`language-${code}`} label={t[`language_${code}`]} checked={form.languages.includes(code)} onChange={(_e, data) => toggle(code, data.checked === true)} />
          ))}
        </fieldset>
        <Button appearance="primary" type="submit" disabled={saving || form.languages.length === 0}>{t.sendRequest}</Button>
      </form>
    </section>
  );
}
