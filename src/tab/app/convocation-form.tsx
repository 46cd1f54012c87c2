/**
 * New convocation (and edit): every field of a convocation. Times are typed on the wall clock
 * of the chosen time zone (Africa/Conakry by default) and sent as UTC instants. The server
 * validates everything again; its refusal is shown as it words it.
 */
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Spinner, Title2 } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { ConvocationInput, LocationKind, MeetingDocument, MeetingKind } from '../../meetings/meeting-model';
import { ApiError } from './api';
import { FALLBACK_ZONE, useNetworkZone } from './network-zone';
import { agencyLabel, format, useTab, utcToWallTime, wallTimeToUtc } from './shared';
import type { TabStrings } from './strings';

const KINDS: readonly MeetingKind[] = ['regular', 'extraordinary', 'excom', 'workingGroup', 'annualReview'];
const LOCATIONS: readonly LocationKind[] = ['iomOffice', 'unrco', 'online', 'other'];
const ZONES = ['Africa/Conakry', 'Africa/Dakar', 'Africa/Abidjan', 'Europe/Geneva', 'Europe/Paris', 'America/New_York', 'UTC'];

interface FormState {
  kind: MeetingKind;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  locationKind: LocationKind;
  locationDetails: string;
  onlineUrl: string;
  agenda: { title: string; agencyCode: string }[];
  documents: { title: string; url: string }[];
  inviteesKind: 'all' | 'excom' | 'workingGroup' | 'agencies';
  groupId: string;
  agencyCodes: string[];
  guests: { name: string; organisation: string }[];
}

function emptyForm(): FormState {
  // A sensible default: two weeks from now, 10:00–12:00 in Conakry.
  const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  return {
    kind: 'regular',
    title: '',
    start: `${day}T10:00`,
    end: `${day}T12:00`,
    timeZone: 'Africa/Conakry',
    locationKind: 'iomOffice',
    locationDetails: '',
    onlineUrl: '',
    agenda: [{ title: '', agencyCode: '' }],
    documents: [],
    inviteesKind: 'all',
    groupId: '',
    agencyCodes: [],
    guests: [],
  };
}

function fromConvocation(input: ConvocationInput): FormState {
  return {
    kind: input.kind,
    title: input.title,
    start: utcToWallTime(input.start, input.timeZone),
    end: utcToWallTime(input.end, input.timeZone),
    timeZone: input.timeZone,
    locationKind: input.location.kind,
    locationDetails: input.location.details ?? '',
    onlineUrl: input.onlineUrl ?? '',
    agenda: input.agenda.map((item) => ({ title: item.title, agencyCode: item.agencyCode ?? '' })),
    documents: input.documents.map((doc) => ({ ...doc })),
    inviteesKind: input.invitees.kind,
    groupId: input.invitees.kind === 'workingGroup' ? input.invitees.groupId : '',
    agencyCodes: input.invitees.kind === 'agencies' ? [...input.invitees.agencyCodes] : [],
    guests: input.externalGuests.map((guest) => ({ name: guest.name, organisation: guest.organisation })),
  };
}

function toConvocation(form: FormState): ConvocationInput {
  const invitees: ConvocationInput['invitees'] =
    form.inviteesKind === 'workingGroup' ? { kind: 'workingGroup', groupId: form.groupId } : form.inviteesKind === 'agencies' ? { kind: 'agencies', agencyCodes: form.agencyCodes } : { kind: form.inviteesKind };
  return {
    kind: form.kind,
    title: form.title,
    start: wallTimeToUtc(form.start, form.timeZone),
    end: wallTimeToUtc(form.end, form.timeZone),
    timeZone: form.timeZone,
    location: { kind: form.locationKind, ...(form.locationDetails.trim() ? { details: form.locationDetails.trim() } : {}) },
    ...(form.onlineUrl.trim() ? { onlineUrl: form.onlineUrl.trim() } : {}),
    agenda: form.agenda.filter((item) => item.title.trim() !== '').map((item) => ({ title: item.title, ...(item.agencyCode ? { agencyCode: item.agencyCode } : {}) })),
    documents: form.documents.filter((doc) => doc.title.trim() !== '' || doc.url.trim() !== ''),
    invitees,
    externalGuests: form.guests.filter((guest) => guest.name.trim() !== ''),
  };
}

export function ConvocationForm({ meetingId, prefill = '' }: { meetingId?: string; /** `start=…&end=…&title=…&source=…` */ prefill?: string }) {
  const { api, t, language, agencies, navigate } = useTab();
  // A poll's best slot is turned into a draft by the server: the form waits for it rather than
  // show the default times, which the draft would then replace under the co-chair's typing.
  const fromSlot = !meetingId && Boolean(new URLSearchParams(prefill).get('start'));
  const [form, setForm] = useState<FormState | undefined>(meetingId || fromSlot ? undefined : emptyForm());
  const [groups, setGroups] = useState<{ groupId: string; name: string }[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [source, setSource] = useState<string>();
  const [draftProblem, setDraftProblem] = useState<string>();
  // A new convocation's times are typed in the network's zone (settings), once the server said which.
  const networkZone = useNetworkZone();
  useEffect(() => {
    if (!meetingId && !prefill) setForm((current) => (current && current.timeZone === FALLBACK_ZONE ? { ...current, timeZone: networkZone } : current));
  }, [networkZone, meetingId, prefill]);

  useEffect(() => {
    api.call<{ workingGroups: { groupId: string; name: string }[] }>('GET', '/working-groups').then((answer) => setGroups(answer.workingGroups), () => setGroups([]));
    if (meetingId) {
      api.call<{ meeting: MeetingDocument }>('GET', `/meetings/${meetingId}`).then(
        (detail) => setForm(fromConvocation(detail.meeting)),
        (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError),
      );
    } else if (fromSlot) {
      const params = new URLSearchParams(prefill);
      // The seam for a time-slot poll's best slot: the server turns it into a full draft.
      api
        .call<{ draft: ConvocationInput; source?: string }>('POST', '/meetings/draft', { start: params.get('start'), end: params.get('end') ?? '', timeZone: params.get('timeZone') ?? undefined, title: params.get('title') ?? undefined, source: params.get('source') ?? undefined })
        .then(
          (answer) => {
            setForm(fromConvocation(answer.draft));
            setSource(answer.source);
          },
          // No draft (a slot refused, the server unreachable): an empty form, and why it is empty.
          (failure: unknown) => {
            setForm(emptyForm());
            setDraftProblem(format(t.prefillFailed, { reason: failure instanceof ApiError ? failure.message : t.networkError }));
          },
        );
    }
  }, [api, meetingId, prefill, fromSlot, t]);

  if (!form) return error ? <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar> : <Spinner label={t.loading} />;
  const set = (patch: Partial<FormState>) => setForm({ ...form, ...patch });
  const sortedAgencies = [...agencies].sort((a, b) => agencyLabel(agencies, a.code, language).localeCompare(agencyLabel(agencies, b.code, language), language));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = meetingId ? await api.call<MeetingDocument>('PUT', `/meetings/${meetingId}`, toConvocation(form)) : await api.call<MeetingDocument>('POST', '/meetings', toConvocation(form));
      navigate(`#/meetings/${saved.meetingId}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    } finally {
      setBusy(false);
    }
  }

  const label = (key: keyof TabStrings) => t[key];
  return (
    <form onSubmit={(event) => void submit(event)} className="form" aria-labelledby="form-title">
      <Title2 as="h1" id="form-title">{meetingId ? t.editConvocation : t.newConvocation}</Title2>
      {source && <MessageBar intent="info"><MessageBarBody>{format(t.prefilled, { source })}</MessageBarBody></MessageBar>}
      {draftProblem && <MessageBar intent="warning" role="alert"><MessageBarBody>{draftProblem}</MessageBarBody></MessageBar>}
      <Field label={t.kind}>
        <Select value={form.kind} onChange={(_e, data) => set({ kind: data.value as MeetingKind })} name="kind">
          {KINDS.map((kind) => <option key={kind} value={kind}>{label(`kind_${kind}` as keyof TabStrings)}</option>)}
        </Select>
      </Field>
      <Field label={t.title} required>
        <Input value={form.title} onChange={(_e, data) => set({ title: data.value })} name="title" maxLength={200} />
      </Field>
      <div className="row">
        <Field label={t.start} required>
          <Input type="datetime-local" value={form.start} onChange={(_e, data) => set({ start: data.value })} name="start" />
        </Field>
        <Field label={t.end} required>
          <Input type="datetime-local" value={form.end} onChange={(_e, data) => set({ end: data.value })} name="end" />
        </Field>
        <Field label={t.timeZone}>
          <Select value={form.timeZone} onChange={(_e, data) => set({ timeZone: data.value })} name="timeZone">
            {(ZONES.includes(form.timeZone) ? ZONES : [form.timeZone, ...ZONES]).map((zone) => <option key={zone} value={zone}>{zone}</option>)}
          </Select>
        </Field>
      </div>
      <Field label={t.location}>
        <RadioGroup layout="horizontal" value={form.locationKind} onChange={(_e, data) => set({ locationKind: data.value as LocationKind })}>
          {LOCATIONS.map((kind) => <Radio key={kind} value={kind} label={label(`location_${kind}` as keyof TabStrings)} />)}
        </RadioGroup>
      </Field>
      <div className="row">
        <Field label={t.locationDetails} required={form.locationKind === 'other'}>
          <Input value={form.locationDetails} onChange={(_e, data) => set({ locationDetails: data.value })} name="locationDetails" />
        </Field>
        <Field label={t.onlineUrl} required={form.locationKind === 'online'}>
          <Input type="url" value={form.onlineUrl} onChange={(_e, data) => set({ onlineUrl: data.value })} name="onlineUrl" placeholder="https://teams.microsoft.com/…" />
        </Field>
      </div>

      <fieldset>
        <legend>{t.agenda}</legend>
        {form.agenda.map((item, index) => (
          <div className="row" key={index}>
            <Field label={format(t.agendaItem, { n: index + 1 })}>
              <Input value={item.title} name={`agenda-${index}`} onChange={(_e, data) => set({ agenda: form.agenda.map((other, i) => (i === index ? { ...other, title: data.value } : other)) })} />
            </Field>
            <Field label={t.presentingAgency}>
              <Select value={item.agencyCode} onChange={(_e, data) => set({ agenda: form.agenda.map((other, i) => (i === index ? { ...other, agencyCode: data.value } : other)) })}>
                <option value="">{t.noAgency}</option>
                {sortedAgencies.map((agency) => <option key={agency.code} value={agency.code}>{agencyLabel(agencies, agency.code, language)}</option>)}
              </Select>
            </Field>
            <Button appearance="subtle" onClick={() => set({ agenda: form.agenda.filter((_item, i) => i !== index) })}>{t.remove}</Button>
          </div>
        ))}
        <Button onClick={() => set({ agenda: [...form.agenda, { title: '', agencyCode: '' }] })}>{t.addAgendaItem}</Button>
      </fieldset>

      <fieldset>
        <legend>{t.documents}</legend>
        {form.documents.map((doc, index) => (
          <div className="row" key={index}>
            <Field label={t.documentTitle}>
              <Input value={doc.title} onChange={(_e, data) => set({ documents: form.documents.map((other, i) => (i === index ? { ...other, title: data.value } : other)) })} />
            </Field>
            <Field label={t.documentUrl}>
              <Input type="url" value={doc.url} onChange={(_e, data) => set({ documents: form.documents.map((other, i) => (i === index ? { ...other, url: data.value } : other)) })} />
            </Field>
            <Button appearance="subtle" onClick={() => set({ documents: form.documents.filter((_doc, i) => i !== index) })}>{t.remove}</Button>
          </div>
        ))}
        <Button onClick={() => set({ documents: [...form.documents, { title: '', url: '' }] })}>{t.addDocument}</Button>
      </fieldset>

      <fieldset>
        <legend>{t.invitees}</legend>
        <RadioGroup value={form.inviteesKind} onChange={(_e, data) => set({ inviteesKind: data.value as FormState['inviteesKind'] })} disabled={Boolean(meetingId)}>
          <Radio value="all" label={t.inviteesAll} />
          <Radio value="excom" label={t.inviteesExcom} />
          <Radio value="workingGroup" label={t.inviteesWorkingGroup} disabled={groups.length === 0} />
          <Radio value="agencies" label={t.inviteesAgencies} />
        </RadioGroup>
        {form.inviteesKind === 'workingGroup' && (
          <Field label={t.workingGroup}>
            <Select value={form.groupId} onChange={(_e, data) => set({ groupId: data.value })} disabled={Boolean(meetingId)}>
              <option value="" />
              {groups.map((group) => <option key={group.groupId} value={group.groupId}>{group.name}</option>)}
            </Select>
          </Field>
        )}
        {form.inviteesKind === 'agencies' && (
          <div className="checks">
            {sortedAgencies.map((agency) => (
              <Checkbox
                key={agency.code}
                label={agencyLabel(agencies, agency.code, language)}
                checked={form.agencyCodes.includes(agency.code)}
                disabled={Boolean(meetingId)}
                onChange={(_e, data) => set({ agencyCodes: data.checked ? [...form.agencyCodes, agency.code] : form.agencyCodes.filter((code) => code !== agency.code) })}
              />
            ))}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>{t.guests}</legend>
        {form.guests.map((guest, index) => (
          <div className="row" key={index}>
            <Field label={t.guestName}>
              <Input value={guest.name} onChange={(_e, data) => set({ guests: form.guests.map((other, i) => (i === index ? { ...other, name: data.value } : other)) })} />
            </Field>
            <Field label={t.guestOrganisation}>
              <Input value={guest.organisation} onChange={(_e, data) => set({ guests: form.guests.map((other, i) => (i === index ? { ...other, organisation: data.value } : other)) })} />
            </Field>
            <Button appearance="subtle" onClick={() => set({ guests: form.guests.filter((_guest, i) => i !== index) })}>{t.remove}</Button>
          </div>
        ))}
        <Button onClick={() => set({ guests: [...form.guests, { name: '', organisation: '' }] })}>{t.addGuest}</Button>
      </fieldset>

      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <div className="actions">
        <Button appearance="primary" type="submit" disabled={busy}>{meetingId ? t.saveChanges : t.issue}</Button>
        <Button appearance="secondary" onClick={() => navigate(meetingId ? `#/meetings/${meetingId}` : '#/meetings')}>{t.back}</Button>
      </div>
    </form>
  );
}
