/**
 * Sharing a migration update from the tab (until now only from chat): title, summary, http(s)
 * link, kind, source agency and GCM objectives, sent to POST /updates — the updates service's own
 * validation (update-rules validateUpdate), so the tab refuses exactly what the chat refuses, with
 * every field to fix named at once in the reader's language, and nothing stored. The objectives
 * are a grid of checkboxes that wraps to the width it has (a phone, Teams' side panel).
 */
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Select, Textarea, Title3 } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { agencyLabel, failureText, format, useTab } from './shared';

export interface UpdateCatalogue {
  readonly objectives: readonly { readonly number: number; readonly title: string }[];
  readonly kinds: readonly { readonly kind: string; readonly label: string }[];
}

interface Draft {
  title: string;
  summary: string;
  link: string;
  kind: string;
  agencyCode: string;
  objectives: number[];
}

export function ShareUpdateForm({ catalogue, onShared }: { catalogue: UpdateCatalogue | undefined; onShared: () => void }) {
  const { api, t, language, agencies, me } = useTab();
  const fresh = (): Draft => ({ title: '', summary: '', link: '', kind: catalogue?.kinds[0]?.kind ?? 'news', agencyCode: me.member?.agencyCode ?? '', objectives: [] });
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(fresh);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [sending, setSending] = useState(false);
  if (!me.allowed.includes('shareUpdate')) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const shared = await api.call<{ channels: number }>('POST', '/updates', {
        title: draft.title,
        ...(draft.summary.trim() ? { summary: draft.summary } : {}),
        ...(draft.link.trim() ? { link: draft.link.trim() } : {}),
        kind: draft.kind,
        agencyCode: draft.agencyCode,
        objectives: draft.objectives,
      });
      setNotice(shared.channels > 0 ? format(t.updateSharedChannels, { count: shared.channels }) : t.updateShared);
      setDraft(fresh());
      setOpen(false);
      onShared();
    } catch (failure) {
      setError(failureText(failure, t));
    } finally {
      setSending(false);
    }
  };
  const toggle = (number: number, checked: boolean) =>
    setDraft({ ...draft, objectives: checked ? [...draft.objectives, number].sort((a, b) => a - b) : draft.objectives.filter((other) => other !== number) });

  return (
    <section aria-labelledby="share-update-title" data-testid="share-update">
      <div className="page-head">
        <Title3 as="h2" id="share-update-title">{t.shareUpdate}</Title3>
        {!open && <Button appearance="primary" onClick={() => { setNotice(undefined); setOpen(true); }}>{t.shareUpdate}</Button>}
      </div>
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {open && (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="share-update-title">
          <p className="muted">{t.shareUpdateHelp}</p>
          <Field label={t.updateTitle} required>
            <Input name="updateTitle" value={draft.title} onChange={(_e, data) => setDraft({ ...draft, title: data.value })} />
          </Field>
          <Field label={t.updateSummary}>
            <Textarea name="updateSummary" value={draft.summary} resize="vertical" onChange={(_e, data) => setDraft({ ...draft, summary: data.value })} />
          </Field>
          <Field label={t.updateLink}>
            <Input type="url" name="updateLink" value={draft.link} onChange={(_e, data) => setDraft({ ...draft, link: data.value })} />
          </Field>
          <div className="row">
            <Field label={t.updateKind}>
              <Select name="updateKind" value={draft.kind} onChange={(_e, data) => setDraft({ ...draft, kind: data.value })}>
                {catalogue?.kinds.map((kind) => <option key={kind.kind} value={kind.kind}>{kind.label}</option>)}
              </Select>
            </Field>
            <Field label={t.updateAgency}>
              <Select name="updateAgency" value={draft.agencyCode} onChange={(_e, data) => setDraft({ ...draft, agencyCode: data.value })}>
                {agencies.map((agency) => <option key={agency.code} value={agency.code}>{agencyLabel(agencies, agency.code, language)}</option>)}
              </Select>
            </Field>
          </div>
          <fieldset>
            <legend>{t.updateObjectives}</legend>
            <div className="objective-grid">
              {catalogue?.objectives.map((objective) => (
                <Checkbox key={objective.number} name="objective" value={String(objective.number)} label={`${objective.number}. ${objective.title}`} checked={draft.objectives.includes(objective.number)} onChange={(_e, data) => toggle(objective.number, data.checked === true)} />
              ))}
            </div>
          </fieldset>
          {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
          <div className="actions">
            <Button appearance="primary" type="submit" disabled={sending}>{t.share}</Button>
            <Button onClick={() => { setOpen(false); setError(undefined); }}>{t.closeForm}</Button>
          </div>
        </form>
      )}
    </section>
  );
}
