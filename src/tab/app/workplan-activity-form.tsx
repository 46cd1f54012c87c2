/**
 * Adding or editing a work-plan activity. The form is checked by the work-plan slice's own rule
 * (`validateActivity`, the one the API applies) against the directory and the working groups
 * before anything is sent, so each problem is shown beside its field in the reader's language;
 * what only the server can know (rights, a plan frozen meanwhile, an edit that crossed another)
 * comes back as the server's message. Nothing is stored unless the whole activity is valid.
 */
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Textarea, Title3 } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ACTIVITY_STATUSES, CURRENCIES, INDICATOR_UNITS, type ActivityContent } from '../../workplan/model';
import { validateActivity, type ActivityProblem } from '../../workplan/workplan-rules';
import { formState, rawActivity, type FormState, type IndicatorRow } from './workplan-input';
import { ApiError } from './api';
import { agencyLabel, format, useTab } from './shared';
import type { TabStrings } from './strings';

export interface WorkingGroupOption {
  readonly groupId: string;
  readonly name: string;
}

const GCM_OBJECTIVES = Array.from({ length: 23 }, (_unused, index) => index + 1);

export interface ActivityFormProps {
  readonly year: number;
  /** Editing: the activity's id, revision and working copy. */
  readonly editing?: { readonly activityId: string; readonly revision: number; readonly content: ActivityContent };
  /** Drafters choose any lead agency; a member proposes for their own agency only. */
  readonly anyLeadAgency: boolean;
  readonly workingGroups: readonly WorkingGroupOption[];
  /** GCM objective titles in the reader's language (the updates slice's catalogue), by number. */
  readonly objectiveTitles: ReadonlyMap<number, string>;
  readonly onSaved: (message: string) => void;
  readonly onCancel: () => void;
}

export function ActivityForm({ year, editing, anyLeadAgency, workingGroups, objectiveTitles, onSaved, onCancel }: ActivityFormProps) {
  const { api, t, language, me, agencies } = useTab();
  const ownAgency = me.member?.agencyCode ?? '';
  const [state, setState] = useState<FormState>(() => formState(editing?.content, anyLeadAgency ? '' : ownAgency));
  const [problems, setProblems] = useState<readonly ActivityProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<FormState>) => setState((current) => ({ ...current, ...change }));
  const setIndicator = (index: number, change: Partial<IndicatorRow>) => set({ indicators: state.indicators.map((row, at) => (at === index ? { ...row, ...change } : row)) });
  const leadChoices = anyLeadAgency ? agencies : agencies.filter((agency) => agency.code === ownAgency || agency.code === editing?.content.leadAgency);
  const problem = (field: ActivityProblem): { validationState?: 'error'; validationMessage?: string } =>
    problems.includes(field) ? { validationState: 'error', validationMessage: t[`wp_problem_${field}` as keyof TabStrings] } : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const raw = rawActivity(state);
    const checked = validateActivity(raw, { year, agencies: new Set(agencies.map((agency) => agency.code)), workingGroups: new Set(workingGroups.map((group) => group.groupId)) });
    setError(undefined);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      if (editing) await api.call('PUT', `/workplan/${year}/activities/${editing.activityId}`, { revision: editing.revision, activity: raw });
      else await api.call('POST', `/workplan/${year}/activities`, raw);
      onSaved(editing ? t.wp_activityUpdated : t.wp_activityAdded);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form wp-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="wp-form-title">
      <Title3 as="h2" id="wp-form-title">{editing ? t.wp_editActivity : t.wp_addActivity}</Title3>
      {problems.length > 0 && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{format(t.wp_fixFields, { count: problems.length })}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t.wp_descriptionFr} {...problem('description')}>
        <Textarea name="descriptionFr" value={state.descriptionFr} onChange={(_e, data) => set({ descriptionFr: data.value })} resize="vertical" />
      </Field>
      <Field label={t.wp_descriptionEn} hint={t.wp_descriptionHint}>
        <Textarea name="descriptionEn" value={state.descriptionEn} onChange={(_e, data) => set({ descriptionEn: data.value })} resize="vertical" />
      </Field>
      <fieldset aria-describedby={problems.includes('objectives') ? 'wp-objectives-error' : undefined}>
        <legend>{t.wp_objectives}</legend>
        {problems.includes('objectives') && <span id="wp-objectives-error" className="wp-field-error">{t.wp_problem_objectives}</span>}
        <div className="checks">
          {GCM_OBJECTIVES.map((objective) => (
            <Checkbox
              key={objective}
              name="objectives"
              value={String(objective)}
              label={objectiveTitles.get(objective) ? `${objective}. ${objectiveTitles.get(objective)}` : String(objective)}
              checked={state.objectives.includes(objective)}
              onChange={(_e, data) => set({ objectives: data.checked ? [...state.objectives, objective] : state.objectives.filter((value) => value !== objective) })}
            />
          ))}
        </div>
      </fieldset>
      <div className="row">
        <Field label={t.wp_leadAgency} {...problem('leadAgency')}>
          <Select name="leadAgency" value={state.leadAgency} onChange={(_e, data) => set({ leadAgency: data.value })}>
            {anyLeadAgency && <option value="" />}
            {leadChoices.map((agency) => (
              <option key={agency.code} value={agency.code}>{agencyLabel(agencies, agency.code, language)}</option>
            ))}
          </Select>
        </Field>
        <Field label={t.wp_status} {...problem('status')}>
          <Select name="status" value={state.status} onChange={(_e, data) => set({ status: data.value })}>
            {ACTIVITY_STATUSES.map((status) => (
              <option key={status} value={status}>{t[`wp_status_${status}`]}</option>
            ))}
          </Select>
        </Field>
        <Field label={t.wp_workingGroup} {...problem('workingGroup')}>
          <Select name="workingGroupId" value={state.workingGroupId} onChange={(_e, data) => set({ workingGroupId: data.value })}>
            <option value="">{t.wp_noWorkingGroup}</option>
            {workingGroups.map((group) => (
              <option key={group.groupId} value={group.groupId}>{group.name}</option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset aria-describedby={problems.includes('contributingAgencies') ? 'wp-contributing-error' : undefined}>
        <legend>{t.wp_contributing}</legend>
        {problems.includes('contributingAgencies') && <span id="wp-contributing-error" className="wp-field-error">{t.wp_problem_contributingAgencies}</span>}
        <div className="checks">
          {agencies
            .filter((agency) => agency.code !== state.leadAgency)
            .map((agency) => (
              <Checkbox
                key={agency.code}
                name="contributing"
                value={agency.code}
                label={agencyLabel(agencies, agency.code, language)}
                checked={state.contributing.includes(agency.code)}
                onChange={(_e, data) => set({ contributing: data.checked ? [...state.contributing, agency.code] : state.contributing.filter((code) => code !== agency.code) })}
              />
            ))}
        </div>
      </fieldset>
      <Field label={t.wp_partners} hint={t.wp_partnersHint} {...problem('externalPartners')}>
        <Textarea name="partners" value={state.partners} onChange={(_e, data) => set({ partners: data.value })} resize="vertical" />
      </Field>
      <fieldset>
        <legend>{t.wp_period}</legend>
        <RadioGroup layout="horizontal" value={state.periodKind} onChange={(_e, data) => set({ periodKind: data.value as FormState['periodKind'] })} aria-label={t.wp_period}>
          <Radio value="quarters" label={t.wp_periodQuarters} />
          <Radio value="dates" label={t.wp_periodDates} />
        </RadioGroup>
        {state.periodKind === 'quarters' ? (
          <div className="row">
            <Field label={t.wp_fromQuarter} {...problem('period')}>
              <Select name="fromQuarter" value={state.from} onChange={(_e, data) => set({ from: data.value })}>
                {[1, 2, 3, 4].map((quarter) => <option key={quarter} value={String(quarter)}>{format(t.wp_quarterShort, { quarter })}</option>)}
              </Select>
            </Field>
            <Field label={t.wp_toQuarter}>
              <Select name="toQuarter" value={state.to} onChange={(_e, data) => set({ to: data.value })}>
                {[1, 2, 3, 4].map((quarter) => <option key={quarter} value={String(quarter)}>{format(t.wp_quarterShort, { quarter })}</option>)}
              </Select>
            </Field>
          </div>
        ) : (
          <div className="row">
            <Field label={t.wp_startDay} {...problem('period')}>
              <Input type="date" name="start" value={state.start} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(_e, data) => set({ start: data.value })} />
            </Field>
            <Field label={t.wp_endDay}>
              <Input type="date" name="end" value={state.end} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(_e, data) => set({ end: data.value })} />
            </Field>
          </div>
        )}
      </fieldset>
      <fieldset aria-describedby={problems.includes('indicators') ? 'wp-indicators-error' : undefined}>
        <legend>{t.wp_indicators}</legend>
        {problems.includes('indicators') && <span id="wp-indicators-error" className="wp-field-error" role="status">{t.wp_problem_indicators}</span>}
        {state.indicators.map((row, index) => (
          <div className="row wp-indicator" key={index} role="group" aria-label={format(t.wp_indicatorN, { n: index + 1 })}>
            <Field label={t.wp_indicatorLabelFr}>
              <Input name={`indicatorLabelFr${index}`} value={row.labelFr} onChange={(_e, data) => setIndicator(index, { labelFr: data.value })} />
            </Field>
            <Field label={t.wp_indicatorLabelEn}>
              <Input name={`indicatorLabelEn${index}`} value={row.labelEn} onChange={(_e, data) => setIndicator(index, { labelEn: data.value })} />
            </Field>
            <Field label={t.wp_unit}>
              <Select name={`indicatorUnit${index}`} value={row.unit} onChange={(_e, data) => setIndicator(index, { unit: data.value })}>
                {INDICATOR_UNITS.map((unit) => <option key={unit} value={unit}>{t[`wp_unit_${unit}`]}</option>)}
              </Select>
            </Field>
            <Field label={t.wp_baseline}>
              <Input name={`indicatorBaseline${index}`} inputMode="decimal" value={row.baseline} onChange={(_e, data) => setIndicator(index, { baseline: data.value })} />
            </Field>
            <Field label={t.wp_target}>
              <Input name={`indicatorTarget${index}`} inputMode="decimal" value={row.target} onChange={(_e, data) => setIndicator(index, { target: data.value })} />
            </Field>
            <Button onClick={() => set({ indicators: state.indicators.filter((_row, at) => at !== index) })}>{t.remove}</Button>
          </div>
        ))}
        <Button onClick={() => set({ indicators: [...state.indicators, { labelFr: '', labelEn: '', unit: 'count', baseline: '0', target: '' }] })}>{t.wp_addIndicator}</Button>
      </fieldset>
      <fieldset>
        <legend>{t.wp_budget}</legend>
        <div className="row">
          <Field label={t.wp_budgetAmount} {...problem('budget')}>
            <Input name="budgetAmount" inputMode="decimal" value={state.budgetAmount} onChange={(_e, data) => set({ budgetAmount: data.value })} />
          </Field>
          <Field label={t.wp_currency}>
            <Select name="currency" value={state.currency} onChange={(_e, data) => set({ currency: data.value })}>
              {CURRENCIES.map((currency) => <option key={currency} value={currency}>{currency}</option>)}
            </Select>
          </Field>
          <Field label={t.wp_fundingSource}>
            <Input name="fundingSource" value={state.fundingSource} onChange={(_e, data) => set({ fundingSource: data.value })} />
          </Field>
        </div>
      </fieldset>
      <div className="actions">
        <Button appearance="primary" type="submit" disabled={busy}>{editing ? t.wp_saveActivity : t.wp_addActivity}</Button>
        <Button onClick={onCancel}>{t.wp_cancel}</Button>
      </div>
    </form>
  );
}
