/**
 * The network's language, time zone and reminder offsets on the Settings page (co-chairs): the
 * language as a choice of two, the zone searched among the zones the browser knows (West
 * Africa's first), the meeting reminder and up to three decision reminders in hours. Each field
 * says what is wrong beside it before anything is sent; the server checks the same and its
 * refusal is shown beside the field it names. Saves with PUT /settings (only these fields).
 */
import { Button, Combobox, Field, Input, Option, Radio, RadioGroup } from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from './api';
import { format, useTab } from './shared';
import type { TabStrings } from './strings';
import { DECISION_REMINDERS_MAX, REMINDER_HOURS_MAX, REMINDER_HOURS_MIN, WEST_AFRICAN_TIME_ZONES, type NetworkLanguage, type SettingsView } from '../../settings/model';

type FieldName = 'timeZone' | 'meetingReminderHours' | 'decisionReminderHours';
type Errors = Partial<Record<FieldName, string>>;

interface Form {
  readonly language: NetworkLanguage;
  readonly timeZone: string;
  readonly meetingReminderHours: string;
  /** One box per possible reminder; empty boxes are no reminder. */
  readonly decisionReminderHours: readonly string[];
}

/** The server's refusal codes, by the field they are about. */
const FIELD_OF_CODE: Readonly<Record<string, FieldName>> = { unknownTimeZone: 'timeZone', invalidMeetingReminder: 'meetingReminderHours', invalidDecisionReminders: 'decisionReminderHours' };

/** Every zone the browser knows, West Africa's first (those it knows). */
function zoneChoices(): readonly string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const isKnown = (zone: string) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  };
  const first = WEST_AFRICAN_TIME_ZONES.filter(isKnown);
  return [...first, ...known.filter((zone) => !(first as readonly string[]).includes(zone))];
}

const formOf = (network: SettingsView['network']): Form => ({
  language: network.language,
  timeZone: network.timeZone,
  meetingReminderHours: String(network.meetingReminderHours),
  decisionReminderHours: Array.from({ length: DECISION_REMINDERS_MAX }, (_unused, index) => (network.decisionReminderHours[index] !== undefined ? String(network.decisionReminderHours[index]) : '')),
});

const wholeHours = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
const inRange = (hours: number) => Number.isInteger(hours) && hours >= REMINDER_HOURS_MIN && hours <= REMINDER_HOURS_MAX;

/** What is wrong with the form, field by field, as the server's rules would say (settings-rules.ts). */
export function formProblems(form: Form, zones: readonly string[], t: TabStrings): Errors {
  const errors: { -readonly [K in FieldName]?: string } = {};
  if (!zones.includes(form.timeZone)) errors.timeZone = format(t.set_zoneUnknown, { zone: form.timeZone.slice(0, 64) });
  if (!inRange(wholeHours(form.meetingReminderHours))) errors.meetingReminderHours = t.set_hoursRange;
  const offsets = form.decisionReminderHours.filter((text) => text.trim() !== '').map(wholeHours);
  if (offsets.length === 0) errors.decisionReminderHours = t.set_remindersNone;
  else if (!offsets.every(inRange)) errors.decisionReminderHours = t.set_hoursRange;
  else if (new Set(offsets).size !== offsets.length) errors.decisionReminderHours = t.set_remindersRepeated;
  return errors;
}

export function NetworkPreferencesForm({ settings, onSaved }: { readonly settings: SettingsView; readonly onSaved: (saved: SettingsView) => void }) {
  const { api, t } = useTab();
  const zones = useMemo(zoneChoices, []);
  const [form, setForm] = useState<Form>(() => formOf(settings.network));
  const [zoneQuery, setZoneQuery] = useState(settings.network.timeZone);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);
  const shownZones = useMemo(() => {
    const query = zoneQuery.trim().toLowerCase().replace(/\s+/g, '_');
    // A zone shown as chosen lists every zone (to pick another); a part of a name lists those containing it.
    const chosen = zones.some((zone) => zone.toLowerCase() === query);
    const matching = query === '' || chosen ? zones : zones.filter((zone) => zone.toLowerCase().includes(query));
    // Long lists are slow to open in Teams' side panel: the first 60 matches (typing narrows them).
    return matching.slice(0, 60);
  }, [zoneQuery, zones]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const problems = formProblems(form, zones, t);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const saved = await api.call<SettingsView>('PUT', '/settings', {
        language: form.language,
        timeZone: form.timeZone,
        meetingReminderHours: wholeHours(form.meetingReminderHours),
        decisionReminderHours: form.decisionReminderHours.filter((text) => text.trim() !== '').map(wholeHours),
      });
      setForm(formOf(saved.network));
      setZoneQuery(saved.network.timeZone);
      onSaved(saved);
    } catch (error) {
      const field = error instanceof ApiError ? FIELD_OF_CODE[error.code] : undefined;
      if (field && error instanceof ApiError) setErrors({ [field]: error.message });
      else setFailure(error instanceof ApiError ? error.message : t.networkError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void save(event)} aria-labelledby="settings-network" noValidate>
      <Field label={t.set_language}>
        <RadioGroup layout="horizontal" name="networkLanguage" value={form.language} onChange={(_e, data) => setForm({ ...form, language: data.value as NetworkLanguage })}>
          <Radio value="fr" label={t.set_lang_fr} />
          <Radio value="en" label={t.set_lang_en} />
        </RadioGroup>
      </Field>
      <Field label={t.set_timeZone} hint={t.set_zoneHint} validationMessage={errors.timeZone} validationState={errors.timeZone ? 'error' : 'none'}>
        <Combobox
          name="timeZone"
          freeform
          value={zoneQuery}
          selectedOptions={[form.timeZone]}
          onChange={(event) => {
            setZoneQuery(event.target.value);
            setForm({ ...form, timeZone: event.target.value.trim() });
          }}
          onOptionSelect={(_e, data) => {
            if (!data.optionValue) return;
            setForm({ ...form, timeZone: data.optionValue });
            setZoneQuery(data.optionValue);
          }}
        >
          {shownZones.map((zone) => (
            <Option key={zone} value={zone} text={zone}>
              {zone}
            </Option>
          ))}
        </Combobox>
      </Field>
      <Field label={t.set_meetingReminders} hint={t.set_meetingHint} validationMessage={errors.meetingReminderHours} validationState={errors.meetingReminderHours ? 'error' : 'none'}>
        <Input name="meetingReminderHours" type="number" min={REMINDER_HOURS_MIN} max={REMINDER_HOURS_MAX} step={1} inputMode="numeric" contentAfter="h" value={form.meetingReminderHours} onChange={(_e, data) => setForm({ ...form, meetingReminderHours: data.value })} />
      </Field>
      <Field label={t.set_decisionReminders} hint={t.set_decisionHint} validationMessage={errors.decisionReminderHours} validationState={errors.decisionReminderHours ? 'error' : 'none'}>
        <div className="row">
          {form.decisionReminderHours.map((value, index) => (
            <Input
              key={index}
              name={`decisionReminderHours${index + 1}`}
              aria-label={format(t.set_decisionReminderN, { n: index + 1 })}
              type="number"
              min={REMINDER_HOURS_MIN}
              max={REMINDER_HOURS_MAX}
              step={1}
              inputMode="numeric"
              contentAfter="h"
              value={value}
              onChange={(_e, data) => setForm({ ...form, decisionReminderHours: form.decisionReminderHours.map((other, at) => (at === index ? data.value : other)) })}
            />
          ))}
        </div>
      </Field>
      {failure && <p role="alert" className="error">{failure}</p>}
      <Button type="submit" appearance="primary" disabled={saving}>{t.set_saveNetwork}</Button>
    </form>
  );
}
