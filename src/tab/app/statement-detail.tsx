/**
 * One joint statement: the version that matters now in both languages (each labelled), what
 * changed in each language since the version the reader compares with (by default the one their
 * agency last answered, else the previous round or version — any other on request), the
 * versions, and the clearance of the version submitted per ExCom agency (who cleared, when).
 * What a reader may do comes from the server (`rights`, from the permissions table): drafting a
 * version per language and submitting it, their agency's clearance (the card's own service
 * call), delivery after a confirmation dialog, and the final text once published.
 */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Subtitle2,
  Textarea,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from './api';
import { ConfirmDialog } from './confirm-dialog';
import { agencyLabel, format, formatDate, saveFile, useTab } from './shared';
import { useNetworkZone } from './network-zone';
import { RowsTable, STATEMENT_LANGUAGES, StatusBadge, type StatementLanguage } from './statements-page';
import type { StatementText } from '../../statements/model';
import type { ClearancePosition, DiffSegment } from '../../statements/statement-rules';
import type { StatementReaderView } from '../../statements/statement-views';

type Text = StatementText;
type Segment = DiffSegment;
/** GET /statements/:id: the reader's view model, made on the server (src/statements/statement-views.ts). */
type StatementDetailView = StatementReaderView;

export default function StatementDetail({ statementId }: { statementId: string }) {
  const { api, t, language, me, agencies } = useTab();
  // Days on the network's clocks, as the statement's cards show them.
  const zone = useNetworkZone();
  const [view, setView] = useState<StatementDetailView>();
  const [from, setFrom] = useState<number>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const fail = useCallback((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError), [t]);
  const load = useCallback(() => {
    api.call<StatementDetailView>('GET', `/statements/${statementId}${from ? `?from=${from}` : ''}`).then(setView, fail);
  }, [api, statementId, from, fail]);
  useEffect(load, [load]);

  /** A change through the API; the page then shows what the server says now. */
  const change = async (path: string, body: unknown, done: (answer: { notice?: string }) => string): Promise<boolean> => {
    setError(undefined);
    setNotice(undefined);
    try {
      const answer = await api.call<{ notice?: string }>('POST', `/statements/${statementId}/${path}`, body);
      setNotice(done(answer));
      load();
      return true;
    } catch (failure) {
      fail(failure);
      return false;
    }
  };
  const download = async (format: 'html' | 'md') => {
    try {
      saveFile(await api.download(`/statements/${statementId}/final?format=${format}`));
    } catch (failure) {
      fail(failure);
    }
  };

  if (!view) return error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : <Spinner label={t.loading} />;
  const { statement, clearance, comparison } = view;
  const rights = view.rights ?? { draft: false, nameDrafter: false, clear: false, deliver: false };
  const agency = (code: string) => agencyLabel(agencies, code, language);
  const shownNumber = statement.delivered?.version ?? (statement.status === 'clearance' ? statement.clearance?.version : undefined) ?? statement.latestVersion;
  const shown = statement.versions.find((version) => version.number === shownNumber);
  const latest = statement.versions.at(-1);
  const shownLanguages = STATEMENT_LANGUAGES.filter((code) => statement.languages.includes(code) || shown?.text[code]);
  const inClearance = statement.status === 'clearance' && clearance !== undefined && statement.clearance !== undefined;
  const ownAgency = me.member?.agencyCode;
  const facts = [
    format(t.requestedByOn, { who: statement.requestedBy.name ?? (statement.requestedBy.agencyCode ? agency(statement.requestedBy.agencyCode) : '—'), date: formatDate(statement.requestedAt, language, zone) }),
    statement.draftingAgency ? format(t.draftingAgencyIs, { agency: agency(statement.draftingAgency) }) : '',
    statement.languages.map((code) => t[`language_${code}`]).join(' · '),
  ];

  return (
    <section aria-labelledby="statement-title">
      <Button appearance="transparent" onClick={() => { window.location.hash = '#/statements'; }}>← {t.backToStatements}</Button>
      <div className="page-head">
        <Title2 as="h1" id="statement-title">{statement.title}</Title2>
        <StatusBadge status={statement.status} validated={clearance?.validated} t={t} />
      </div>
      <p className="muted" data-testid="statement-facts">{facts.filter(Boolean).join(' · ')}</p>
      {statement.purpose && <p className="decision-text">{statement.purpose}</p>}
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}

      {statement.status === 'delivered' && statement.delivered && (
        <div className="actions" data-testid="delivered">
          <strong>{format(t.deliveredOnVersion, { date: formatDate(statement.delivered.at, language, zone), number: statement.delivered.version })}</strong>
          <Button onClick={() => void download('html')}>{t.downloadHtml}</Button>
          <Button onClick={() => void download('md')}>{t.downloadMd}</Button>
        </div>
      )}

      <Title3 as="h2" id="text-title">{shown ? (shown.createdBy ? format(t.versionBy, { number: shown.number, who: shown.createdBy, date: formatDate(shown.createdAt, language, zone) }) : format(t.versionN, { number: shown.number })) : t.finalText}</Title3>
      {!shown ? (
        // A pending reader reads no draft before delivery (the server withholds it).
        <p className="muted">{statement.latestVersion > 0 ? t.draftWithheld : t.noVersionYet}</p>
      ) : (
        <div className="bilingual" data-testid="statement-text">
          {shownLanguages.map((code) => (
            <div key={code}>
              <Subtitle2 as="h3">{t[`language_${code}`]}</Subtitle2>
              {shown.text[code] ? <div className="decision-text" lang={code}>{shown.text[code]}</div> : <p className="muted">{t.textMissing}</p>}
            </div>
          ))}
        </div>
      )}

      {comparison && (
        <section aria-labelledby="changes-title">
          <Title3 as="h2" id="changes-title">{t.changesTitle}</Title3>
          <div className="row">
            <Field label={t.compareWith}>
              <Select name="compareWith" value={String(comparison.from)} onChange={(_e, data) => setFrom(Number(data.value))}>
                {statement.versions.filter((version) => version.number !== comparison.to).map((version) => (
                  <option key={version.number} value={version.number}>{format(t.versionN, { number: version.number })}</option>
                ))}
              </Select>
            </Field>
          </div>
          <p data-testid="changes-since">{format(t[`changesSince_${comparison.reason}`], { from: comparison.from })} → {format(t.versionN, { number: comparison.to })}. <span className="muted">{t.diffLegend}</span></p>
          <div className="bilingual" data-testid="changes">
            {STATEMENT_LANGUAGES.filter((code) => comparison.languages[code]).map((code) => (
              <div key={code}>
                <Subtitle2 as="h3">{t[`language_${code}`]}</Subtitle2>
                <Diff segments={comparison.languages[code] ?? []} lang={code} />
              </div>
            ))}
          </div>
        </section>
      )}

      {clearance && statement.clearance && (
        <section aria-labelledby="clearance-title">
          <Title3 as="h2" id="clearance-title">{format(t.clearanceTitle, { number: clearance.version })}</Title3>
          <p className="muted">
            {format(t.clearanceCount, { approved: clearance.approved.length, total: statement.clearance.excomAgencies.length })} · {format(t.clearanceDue, { date: formatDate(statement.clearance.deadline, language, zone) })}
          </p>
          <RowsTable
            name={{ 'aria-labelledby': 'clearance-title' }}
            testId="clearance"
            headers={[t.agency, t.colClearancePosition, t.colComment, t.colBy]}
            rows={statement.clearance.excomAgencies.map((code) => {
              const voice = clearance.voices?.find((entry) => entry.agencyCode === code);
              return {
                key: code,
                cells: [
                  agency(code),
                  voice ? t[`clearance_${voice.position}`] : <span className="muted">{t.clearance_none}</span>,
                  voice?.comment ?? '',
                  voice ? (voice.by ? format(t.clearedByOn, { name: voice.by, date: formatDate(voice.at, language, zone) }) : formatDate(voice.at, language, zone)) : '',
                ],
              };
            })}
          />
        </section>
      )}

      {rights.clear && inClearance && ownAgency && (
        <ClearanceForm
          key={clearance.version}
          agencyName={agency(ownAgency)}
          version={clearance.version}
          current={clearance.voices?.find((voice) => voice.agencyCode === ownAgency)?.position}
          onClear={(position, comment) => change('clearances', { version: clearance.version, position, ...(comment.trim() ? { comment } : {}) }, () => t.clearanceRecorded)}
        />
      )}

      {rights.deliver && inClearance && clearance.validated && (
        <DeliverAction version={clearance.version} onDeliver={() => change('deliver', { version: clearance.version }, (answer) => answer.notice ?? format(t.deliveredOnVersion, { date: formatDate(new Date().toISOString(), language, zone), number: clearance.version }))} />
      )}

      {rights.nameDrafter && (
        <DrafterForm current={statement.draftingAgency} onName={(agencyCode) => change('drafting-agency', { agencyCode }, () => format(t.drafterNamed, { agency: agency(agencyCode) }))} />
      )}

      {rights.draft && (
        <DraftForm
          key={latest?.number ?? 0}
          latest={latest}
          languages={statement.languages}
          submittable={latest !== undefined && !(inClearance && clearance.version === latest.number)}
          onSave={(text) => change('versions', { text }, () => format(t.versionSaved, { number: (latest?.number ?? 0) + 1 }))}
          onSubmit={(version) => change('submit', { version }, () => format(t.versionSubmitted, { number: version }))}
        />
      )}

      {statement.versions.length > 0 && (
        <section aria-labelledby="versions-title">
          <Title3 as="h2" id="versions-title">{t.versionsTitle}</Title3>
          <RowsTable
            name={{ 'aria-labelledby': 'versions-title' }}
            testId="versions"
            headers={[t.colVersion, t.colWrittenBy, t.colWhen, t.colWords]}
            rows={statement.versions.map((version) => ({
              key: version.number,
              cells: [version.number, version.createdBy ?? '', formatDate(version.createdAt, language, zone), version.changes ? format(t.wordsChanged, { added: version.changes.added, removed: version.changes.removed }) : '—'],
            }))}
          />
        </section>
      )}
    </section>
  );
}

/** A word diff: added passages underlined, removed ones struck through (also named for screen readers). */
function Diff({ segments, lang }: { segments: readonly Segment[]; lang: StatementLanguage }) {
  const { t } = useTab();
  if (!segments.some((segment) => segment.kind !== 'same')) return <p className="muted">{t.noChange}</p>;
  return (
    <p className="decision-text diff" lang={lang}>
      {segments.map((segment, index) => {
        const spaced = `${index > 0 ? ' ' : ''}${segment.text}`;
        if (segment.kind === 'added') return <ins key={index} aria-label={`${t.diffAdded}: ${segment.text}`}>{spaced}</ins>;
        if (segment.kind === 'removed') return <del key={index} aria-label={`${t.diffRemoved}: ${segment.text}`}>{spaced}</del>;
        return <span key={index}>{spaced}</span>;
      })}
    </p>
  );
}

function ClearanceForm({ agencyName, version, current, onClear }: { agencyName: string; version: number; current?: ClearancePosition; onClear: (position: ClearancePosition, comment: string) => Promise<boolean> }) {
  const { t } = useTab();
  const [position, setPosition] = useState<ClearancePosition>(current ?? 'approve');
  const [comment, setComment] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onClear(position, comment)) setComment('');
  };
  return (
    <form className="form" aria-labelledby="own-clearance-title" onSubmit={(event) => void submit(event)}>
      <Title3 as="h2" id="own-clearance-title">{format(t.yourClearance, { agency: agencyName, number: version })}</Title3>
      <RadioGroup name="clearance" value={position} onChange={(_e, data) => setPosition(data.value as ClearancePosition)} aria-labelledby="own-clearance-title">
        <Radio value="approve" label={t.clearance_approve} />
        <Radio value="requestChanges" label={t.clearance_requestChanges} />
      </RadioGroup>
      <Field label={t.clearanceComment} required={position === 'requestChanges'}>
        <Textarea name="clearanceComment" value={comment} maxLength={2000} required={position === 'requestChanges'} onChange={(_e, data) => setComment(data.value)} />
      </Field>
      <Button appearance="primary" type="submit">{t.sendClearance}</Button>
    </form>
  );
}

function DraftForm({
  latest,
  languages,
  submittable,
  onSave,
  onSubmit,
}: {
  latest?: { readonly number: number; readonly text: Text };
  languages: readonly StatementLanguage[];
  submittable: boolean;
  onSave: (text: Text) => Promise<boolean>;
  onSubmit: (version: number) => Promise<boolean>;
}) {
  const { t } = useTab();
  const [text, setText] = useState<Text>(latest?.text ?? {});
  const label = { fr: t.draftTextFr, en: t.draftTextEn } as const;
  const missing = languages.filter((code) => !latest?.text[code]?.trim());
  const save = (event: FormEvent) => {
    event.preventDefault();
    void onSave(Object.fromEntries(STATEMENT_LANGUAGES.flatMap((code) => (text[code]?.trim() ? [[code, text[code]]] : []))));
  };
  return (
    <form className="form" aria-labelledby="draft-title" onSubmit={save}>
      <Title3 as="h2" id="draft-title">{t.draftTitle}</Title3>
      {STATEMENT_LANGUAGES.map((code) => (
        // Not `required`: a draft may be saved with one language; clearance waits for every language named.
        <Field key={code} label={label[code]} hint={languages.includes(code) ? t.draftLanguageNeeded : undefined}>
          <Textarea name={`text-${code}`} lang={code} value={text[code] ?? ''} maxLength={5000} resize="vertical" rows={6} onChange={(_e, data) => setText({ ...text, [code]: data.value })} />
        </Field>
      ))}
      <div className="actions">
        <Button type="submit">{t.saveVersion}</Button>
        {submittable && latest && (
          // The server refuses a version without a text in every language named; the page says so first.
          <Button appearance="primary" disabled={missing.length > 0} aria-describedby={missing.length > 0 ? 'submit-missing' : undefined} onClick={() => void onSubmit(latest.number)}>
            {format(t.submitVersion, { number: latest.number })}
          </Button>
        )}
        {submittable && missing.length > 0 && <span id="submit-missing" className="muted">{format(t.submitNeedsLanguages, { languages: missing.map((code) => t[`language_${code}`]).join(', ') })}</span>}
      </div>
    </form>
  );
}

/** Co-chairs: the agency whose focal point and alternates draft (they get the card to draft from). */
function DrafterForm({ current, onName }: { current?: string; onName: (agencyCode: string) => Promise<boolean> }) {
  const { t, agencies, language } = useTab();
  const [chosen, setChosen] = useState(current ?? '');
  return (
    <form className="form" aria-labelledby="drafter-title" onSubmit={(event) => { event.preventDefault(); if (chosen) void onName(chosen); }}>
      <Title3 as="h2" id="drafter-title">{t.nameDrafterTitle}</Title3>
      <div className="row">
        <Field label={t.agency}>
          <Select name="draftingAgency" value={chosen} onChange={(_e, data) => setChosen(data.value)}>
            <option value="" />
            {agencies.map((entry) => <option key={entry.code} value={entry.code}>{agencyLabel(agencies, entry.code, language)}</option>)}
          </Select>
        </Field>
        <Button type="submit" disabled={!chosen || chosen === current}>{t.nameDrafter}</Button>
      </div>
    </form>
  );
}

function DeliverAction({ version, onDeliver }: { version: number; onDeliver: () => Promise<boolean> }) {
  const { t } = useTab();
  return (
    <div className="actions">
      <ConfirmDialog
        trigger={format(t.deliverVersion, { number: version })}
        title={t.confirmDeliverTitle}
        body={format(t.confirmDeliverBody, { number: version })}
        keep={t.keepUnpublished}
        confirm={t.confirmDeliver}
        onConfirm={() => void onDeliver()}
      />
    </div>
  );
}
