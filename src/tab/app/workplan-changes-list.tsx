/**
 * The amendment's changes on the work-plan page (GET /workplan/:year/changes, for confirmed
 * members): per activity added, withdrawn or changed against the version in force — each changed
 * field as "before → after" in the reader's language (workplan-changes.ts). Read again each time
 * the page reads the plan, so an edit or a withdrawal shows here at once.
 */
import { Badge, MessageBar, MessageBarBody, Spinner, Title3 } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ChangeView, PlanChangesView, PlanView } from '../../workplan/workplan-views';
import { changesSummary, fieldLines, orderedChanges, periodText, textIn, type ChangeWords } from './workplan-changes';
import type { WorkingGroupOption } from './workplan-activity-form';
import { agencyLabel, failureText, format, useTab } from './shared';

const KIND_COLOUR = { added: 'success', removed: 'danger', changed: 'warning' } as const;

export function AmendmentChanges({ plan, workingGroups }: { plan: PlanView; workingGroups: readonly WorkingGroupOption[] }) {
  const { api, t, language, agencies } = useTab();
  const [changes, setChanges] = useState<PlanChangesView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.call<PlanChangesView>('GET', `/workplan/${plan.year}/changes`).then(
      (read) => { setChanges(read); setError(undefined); },
      (failure: unknown) => setError(failureText(failure, t)),
    );
    // `plan` is a new object after every read of the plan: the changes follow it.
  }, [api, plan, t]);
  const words: ChangeWords = {
    t,
    language,
    agency: (code) => agencyLabel(agencies, code, language),
    workingGroup: (id) => workingGroups.find((group) => group.groupId === id)?.name ?? id,
  };
  return (
    <section aria-labelledby="wp-changes-heading" data-testid="amendment-changes" className="wp-changes">
      <Title3 as="h2" id="wp-changes-heading">
        {changes?.to ? format(t.wp_changesSubmittedTitle, { from: changes.from, to: changes.to }) : format(t.wp_changesTitle, { from: plan.version })}
      </Title3>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!changes && !error && <Spinner size="tiny" label={t.loading} />}
      {changes && changes.changes.length === 0 && <p className="muted">{t.wp_changesNone}</p>}
      {changes && changes.changes.length > 0 && (
        <>
          <p>{changesSummary(changes.changes, t, language)}</p>
          <ul className="work-list">
            {orderedChanges(changes.changes, language).map((change) => <ChangeItem key={change.activityId} change={change} words={words} />)}
          </ul>
        </>
      )}
    </section>
  );
}

/** One activity's change: a changed one field by field; an added or withdrawn one by its lead, period and objectives. */
function ChangeItem({ change, words }: { change: ChangeView; words: ChangeWords }) {
  const { t, language } = words;
  const whole = change.change === 'added' ? change.after : change.change === 'removed' ? change.before : undefined;
  return (
    <li className="work-item wp-change" data-change={change.change}>
      <div className="work-text">
        <strong>{textIn(language, change.description)}</strong>
        {change.change === 'changed' && (
          <ul className="wp-change-fields">
            {fieldLines(change.fields, words).map((line) => (
              <li key={`${line.field}${line.label}`}>{format(t.wp_changeLine, { field: line.label, before: line.before, after: line.after })}</li>
            ))}
          </ul>
        )}
        {whole && (
          <div className="muted">
            {[format(t.wp_ledBy, { agency: words.agency(whole.leadAgency) }), periodText(whole.period, t, language), format(t.wp_objectivesList, { objectives: whole.objectives.join(', ') })].join(' · ')}
          </div>
        )}
      </div>
      <div className="work-actions">
        <Badge appearance="tint" color={KIND_COLOUR[change.change]}>{t[`wp_change_${change.change}`]}</Badge>
      </div>
    </li>
  );
}
