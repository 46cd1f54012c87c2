/**
 * The Knowledge page: sharing an update (share-update-form.tsx), the network's migration
 * updates with filters (GCM objective, kind, agency, period) and search, and the report to the regional network for a chosen period,
 * downloaded as HTML or Word. Rights are checked by the server; the page only asks.
 */
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Title2, Title3 } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from './api';
import { ShareUpdateForm, type UpdateCatalogue } from './share-update-form';
import { agencyLabel, formatDate, saveFile, useTab } from './shared';
import { format, type TabLanguage } from './strings';

interface UpdateRow {
  readonly updateId: string;
  readonly title: string;
  readonly summary: string;
  readonly link: string | null;
  readonly kind: string;
  readonly agencyCode: string;
  readonly objectives: readonly number[];
  readonly sharedBy: string;
  readonly sharedAt: string;
}
type Catalogue = UpdateCatalogue;
interface Filters {
  q: string;
  objective: string;
  kind: string;
  agency: string;
  from: string;
  to: string;
}

// The page's own words, so the shared strings file stays the meetings pages' one.
const WORDS = {
  fr: {
    title: 'Connaissances — actualités migratoires',
    search: 'Rechercher',
    searchPlaceholder: 'Mots-clés, agence (OIM, HCR…) ou objectif (10)',
    objective: 'Objectif du Pacte mondial',
    kind: 'Type',
    agency: 'Agence',
    from: 'Du',
    to: 'Au',
    all: 'Tous',
    apply: 'Filtrer',
    reset: 'Effacer les filtres',
    results: '{count, plural, one {# actualité} other {# actualités}}',
    none: 'Aucune actualité ne correspond.',
    open: 'Ouvrir le lien',
    sharedBy: 'Partagé par {name} le {date}',
    more: 'Afficher plus',
    report: 'Rapport au Réseau régional',
    reportHelp: 'Réunions et participation par agence, décisions, déclarations conjointes, actualités par objectif et groupes de travail sur la période choisie.',
    downloadHtml: 'Télécharger (HTML)',
    downloadWord: 'Télécharger (Word)',
    reportPeriod: 'Choisissez le début et la fin de la période.',
  },
  en: {
    title: 'Knowledge — migration updates',
    search: 'Search',
    searchPlaceholder: 'Keywords, agency (IOM, UNHCR…) or objective (10)',
    objective: 'Global Compact objective',
    kind: 'Kind',
    agency: 'Agency',
    from: 'From',
    to: 'To',
    all: 'All',
    apply: 'Filter',
    reset: 'Clear filters',
    results: '{count, plural, one {# update} other {# updates}}',
    none: 'No update matches.',
    open: 'Open link',
    sharedBy: 'Shared by {name} on {date}',
    more: 'Show more',
    report: 'Report to the Regional Network',
    reportHelp: 'Meetings and attendance by agency, decisions, joint statements, updates by objective and working groups over the chosen period.',
    downloadHtml: 'Download (HTML)',
    downloadWord: 'Download (Word)',
    reportPeriod: 'Choose the start and the end of the period.',
  },
} as const satisfies Record<TabLanguage, Record<string, string>>;

const PAGE = 25;
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
const EMPTY: Filters = { q: '', objective: '', kind: '', agency: '', from: '', to: '' };

function queryString(filters: Filters, skip: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  params.set('skip', String(skip));
  params.set('limit', String(PAGE));
  return `?${params.toString()}`;
}

export function KnowledgePage() {
  const { api, language, agencies, t } = useTab();
  const words = WORDS[language];
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<UpdateRow[]>();
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string>();
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [downloading, setDownloading] = useState(false);
  const fail = (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError);

  useEffect(() => {
    api.call<Catalogue>('GET', '/updates/objectives').then(setCatalogue, fail);
  }, [api]);
  useEffect(() => {
    setRows(undefined);
    api.call<{ total: number; updates: UpdateRow[] }>('GET', `/updates${queryString(filters, 0)}`).then((page) => {
      setRows(page.updates);
      setTotal(page.total);
      setError(undefined);
    }, fail);
  }, [api, filters]);

  const more = () =>
    api.call<{ total: number; updates: UpdateRow[] }>('GET', `/updates${queryString(filters, rows?.length ?? 0)}`).then((page) => setRows([...(rows ?? []), ...page.updates]), fail);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft });
  };
  const download = async (format: 'html' | 'docx') => {
    setDownloading(true);
    try {
      saveFile(await api.download(`/reports/download?from=${period.from}&to=${period.to}&format=${format}`));
    } catch (failure) {
      fail(failure);
    } finally {
      setDownloading(false);
    }
  };
  const objectiveTitle = (number: number) => catalogue?.objectives.find((objective) => objective.number === number)?.title ?? '';
  const kindLabel = (kind: string) => catalogue?.kinds.find((candidate) => candidate.kind === kind)?.label ?? kind;

  return (
    <section aria-labelledby="knowledge-title">
      <div className="page-head">
        <Title2 as="h1" id="knowledge-title">{words.title}</Title2>
      </div>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <ShareUpdateForm catalogue={catalogue} onShared={() => setFilters({ ...filters })} />
      <form className="form" onSubmit={submit} aria-label={words.search}>
        <Field label={words.search}>
          <Input type="search" name="q" value={draft.q} placeholder={words.searchPlaceholder} onChange={(_e, data) => setDraft({ ...draft, q: data.value })} />
        </Field>
        <div className="row">
          <Field label={words.objective}>
            <Select name="objective" value={draft.objective} onChange={(_e, data) => setDraft({ ...draft, objective: data.value })}>
              <option value="">{words.all}</option>
              {catalogue?.objectives.map((objective) => (
                <option key={objective.number} value={String(objective.number)}>{`${objective.number}. ${objective.title}`}</option>
              ))}
            </Select>
          </Field>
          <Field label={words.kind}>
            <Select name="kind" value={draft.kind} onChange={(_e, data) => setDraft({ ...draft, kind: data.value })}>
              <option value="">{words.all}</option>
              {catalogue?.kinds.map((kind) => (
                <option key={kind.kind} value={kind.kind}>{kind.label}</option>
              ))}
            </Select>
          </Field>
          <Field label={words.agency}>
            <Select name="agency" value={draft.agency} onChange={(_e, data) => setDraft({ ...draft, agency: data.value })}>
              <option value="">{words.all}</option>
              {agencies.map((agency) => (
                <option key={agency.code} value={agency.code}>{agencyLabel(agencies, agency.code, language)}</option>
              ))}
            </Select>
          </Field>
          <Field label={words.from}>
            <Input type="date" name="from" value={draft.from} onChange={(_e, data) => setDraft({ ...draft, from: data.value })} />
          </Field>
          <Field label={words.to}>
            <Input type="date" name="to" value={draft.to} onChange={(_e, data) => setDraft({ ...draft, to: data.value })} />
          </Field>
        </div>
        <div className="actions">
          <Button appearance="primary" type="submit">{words.apply}</Button>
          <Button onClick={() => { setDraft(EMPTY); setFilters(EMPTY); }}>{words.reset}</Button>
        </div>
      </form>

      {!rows ? (
        <Spinner label={t.loading} />
      ) : (
        <>
          <p className="muted" data-testid="update-count">{format(words.results, { count: total }, language)}</p>
          {rows.length === 0 && <p className="muted">{words.none}</p>}
          <ul className="updates" aria-label={words.title}>
            {rows.map((update) => (
              <li key={update.updateId} className="update">
                <div>
                  <Badge appearance="tint">{kindLabel(update.kind)}</Badge> <span className="muted">{agencyLabel(agencies, update.agencyCode, language)}</span>
                </div>
                <Title3 as="h2" className="update-title">{update.title}</Title3>
                {update.summary && <p>{update.summary}</p>}
                {update.objectives.length > 0 && (
                  <ul className="objectives">
                    {update.objectives.map((number) => (
                      <li key={number}>{`${number}. ${objectiveTitle(number)}`}</li>
                    ))}
                  </ul>
                )}
                <p className="muted">
                  {fill(words.sharedBy, { name: update.sharedBy || '—', date: formatDate(update.sharedAt, language) })}
                  {update.link && (
                    <>
                      {' · '}
                      <a href={update.link} target="_blank" rel="noopener noreferrer">{words.open}</a>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
          {rows.length < total && <Button onClick={() => void more()}>{words.more}</Button>}
        </>
      )}

      <Title3 as="h2">{words.report}</Title3>
      <p className="muted">{words.reportHelp}</p>
      <div className="row">
        <Field label={words.from}>
          <Input type="date" name="reportFrom" value={period.from} onChange={(_e, data) => setPeriod({ ...period, from: data.value })} />
        </Field>
        <Field label={words.to}>
          <Input type="date" name="reportTo" value={period.to} onChange={(_e, data) => setPeriod({ ...period, to: data.value })} />
        </Field>
      </div>
      <div className="actions">
        <Button disabled={!period.from || !period.to || downloading} onClick={() => void download('html')}>{words.downloadHtml}</Button>
        <Button disabled={!period.from || !period.to || downloading} onClick={() => void download('docx')}>{words.downloadWord}</Button>
        {(!period.from || !period.to) && <span className="muted">{words.reportPeriod}</span>}
      </div>
    </section>
  );
}
