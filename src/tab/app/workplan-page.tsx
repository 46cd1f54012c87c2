/**
 * Plan de travail / Work plan: the year's plan as the reader may see it (GET /workplan/:year,
 * a view model made for their role), by GCM objective or by lead agency, each activity's
 * progress, a chart of progress per objective, the overdue action items, and — only for whom the
 * server's view says so — drafting (add / edit / withdraw an activity), the lifecycle steps (open
 * the consultation, submit for adoption by ExCom, each after a confirmation), what an amendment
 * changes against the version in force, who has and has not reported this quarter, and the CSV
 * export. The server checks every right again.
 */
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Tab,
  TabList,
  Textarea,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ActivityStatus, Quarter } from '../../workplan/model';
import type { ActionItemView, CommentsByActivity } from '../../workplan/workplan-service';
import type { ActivityView, PlanView } from '../../workplan/workplan-views';
import { ApiError } from './api';
import { ConfirmDialog } from './confirm-dialog';
import { AmendmentChanges } from './workplan-changes-list';
import { periodText, textIn } from './workplan-changes';
import { ActivityForm, type WorkingGroupOption } from './workplan-activity-form';
import { ObjectiveChart } from './workplan-chart';
import { useNetworkZone, zoneTimesText } from './network-zone';
import { formState, percent, rawActivity } from './workplan-input';
import { agencyLabel, format, formatDate, saveFile, useTab, utcToWallTime, wallTimeToUtc } from './shared';
import type { TabLanguage, TabStrings } from './strings';

interface ReportingStatus {
  readonly quarter: Quarter;
  readonly version: number;
  readonly reported: readonly string[];
  readonly missing: readonly { readonly agencyCode: string; readonly activityIds: readonly string[] }[];
}

const STATUS_COLOUR: Record<ActivityStatus, 'informative' | 'brand' | 'success' | 'warning' | 'subtle'> = {
  planned: 'informative',
  ongoing: 'brand',
  done: 'success',
  delayed: 'warning',
  cancelled: 'subtle',
};

const quarterOf = (date: Date): Quarter => (Math.floor(date.getUTCMonth() / 3) + 1) as Quarter;

type Failure = (failure: unknown) => void;

export function WorkplanPage() {
  const { api, t, me, language } = useTab();
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [plan, setPlan] = useState<PlanView | 'none'>();
  const [objectiveTitles, setObjectiveTitles] = useState<ReadonlyMap<number, string>>(new Map());
  const [workingGroups, setWorkingGroups] = useState<readonly WorkingGroupOption[]>([]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [form, setForm] = useState<{ readonly editing?: ActivityView } | undefined>();
  const [comments, setComments] = useState<ReadonlyMap<string, CommentsByActivity['byAgency']>>(new Map());
  const fail: Failure = useCallback((failure) => setError(failure instanceof ApiError ? failure.message : t.networkError), [t]);

  const load = useCallback(() => {
    // Ask which years have a plan first: a year without one is "none yet", not a failed request.
    api
      .call<{ years: number[] }>('GET', '/workplan')
      .then((known) => (known.years.includes(year) ? api.call<PlanView>('GET', `/workplan/${year}`) : Promise.reject(new ApiError(404, 'unknownPlan', ''))))
      .then(
      (read) => {
        setPlan(read);
        setError(undefined);
      },
      (failure: unknown) => (failure instanceof ApiError && failure.code === 'unknownPlan' ? setPlan('none') : fail(failure)),
    );
  }, [api, year, fail]);

  useEffect(() => {
    setPlan(undefined);
    load();
  }, [load]);
  useEffect(() => {
    api.call<{ objectives: { number: number; title: string }[] }>('GET', '/updates/objectives').then((catalogue) => setObjectiveTitles(new Map(catalogue.objectives.map((entry) => [entry.number, entry.title]))), fail);
    api.call<{ workingGroups: WorkingGroupOption[] }>('GET', '/working-groups').then((list) => setWorkingGroups(list.workingGroups), () => setWorkingGroups([]));
  }, [api, fail]);

  // The consultation's comments, for whom may comment (pending people read none), once the plan says there are some or may be.
  const readsComments = plan !== undefined && plan !== 'none' && me.allowed.includes('commentOnWorkplan') && (plan.comments > 0 || plan.may.comment);
  const loadComments = useCallback(() => {
    api.call<CommentsByActivity[]>('GET', `/workplan/${year}/comments`).then((list) => setComments(new Map(list.map((entry) => [entry.activityId, entry.byAgency]))), fail);
  }, [api, year, fail]);
  useEffect(() => {
    if (readsComments) loadComments();
    else setComments(new Map());
  }, [readsComments, loadComments]);

  const done = (message: string) => {
    setNotice(message);
    setForm(undefined);
    load();
  };
  const withdraw = async (activity: ActivityView) => {
    setNotice(undefined);
    try {
      await api.call('POST', `/workplan/${year}/activities/${activity.activityId}/withdraw`, { revision: activity.revision });
      done(format(t.wp_withdrawn, { name: textIn(language, activity.draft?.description ?? activity.content.description) }));
    } catch (failure) {
      fail(failure);
    }
  };
  // Back into the amendment as it was before its withdrawal (an update of the working copy clears `withdrawn`).
  const restore = async (activity: ActivityView) => {
    setNotice(undefined);
    const content = activity.draft ?? activity.content;
    try {
      await api.call('PUT', `/workplan/${year}/activities/${activity.activityId}`, { revision: activity.revision, activity: rawActivity(formState(content, content.leadAgency)) });
      done(format(t.wp_restored, { name: textIn(language, content.description) }));
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <section aria-labelledby="wp-title" className="wp-page">
      <div className="page-head">
        <Title2 as="h1" id="wp-title">{t.page_workplan}</Title2>
        <Field label={t.wp_year} orientation="horizontal">
          <Select name="year" value={String(year)} onChange={(_e, data) => { setNotice(undefined); setForm(undefined); setYear(Number(data.value)); }}>
            {[thisYear - 1, thisYear, thisYear + 1].map((option) => <option key={option} value={String(option)}>{option}</option>)}
          </Select>
        </Field>
      </div>
      {notice && (
        <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>
      )}
      {plan === undefined && !error && <Spinner label={t.loading} />}
      {plan === 'none' && <NoPlan year={year} mayCreate={me.allowed.includes('draftWorkplan')} onCreated={done} fail={fail} />}
      {plan !== undefined && plan !== 'none' && (
        <>
          <PlanHeader plan={plan} onChanged={done} fail={fail} />
          {form ? (
            <ActivityForm
              year={plan.year}
              {...(form.editing ? { editing: { activityId: form.editing.activityId, revision: form.editing.revision, content: form.editing.draft ?? form.editing.content } } : {})}
              anyLeadAgency={plan.may.draft}
              workingGroups={workingGroups}
              objectiveTitles={objectiveTitles}
              onSaved={done}
              onCancel={() => setForm(undefined)}
            />
          ) : (
            plan.may.propose && (
              <div className="actions">
                <Button appearance="primary" onClick={() => { setNotice(undefined); setForm({}); }}>{t.wp_addActivity}</Button>
              </div>
            )
          )}
          {plan.may.readChanges && (plan.status === 'amendmentDraft' || plan.status === 'amendmentSubmitted') && <AmendmentChanges plan={plan} workingGroups={workingGroups} />}
          <ProgressChart plan={plan} titles={objectiveTitles} />
          <Activities
            plan={plan}
            titles={objectiveTitles}
            comments={comments}
            onCommented={() => { setNotice(t.wp_commented); loadComments(); }}
            onEdit={(activity) => { setNotice(undefined); setForm({ editing: activity }); }}
            onWithdraw={(activity) => void withdraw(activity)}
            onRestore={(activity) => void restore(activity)}
          />
          {plan.may.viewReporting && plan.version > 0 && <Reporting year={plan.year} activities={plan.activities} />}
        </>
      )}
      <OverdueItems year={year} />
    </section>
  );
}

/** No plan for the year: drafters may create it; others are told who prepares it. */
function NoPlan({ year, mayCreate, onCreated, fail }: { year: number; mayCreate: boolean; onCreated: (message: string) => void; fail: Failure }) {
  const { api, t } = useTab();
  const [title, setTitle] = useState({ fr: format(t.wp_defaultTitleFr, { year }), en: format(t.wp_defaultTitleEn, { year }) });
  const create = async () => {
    try {
      await api.call('POST', '/workplan', { year, title });
      onCreated(format(t.wp_created, { year }));
    } catch (failure) {
      fail(failure);
    }
  };
  return (
    <>
      <MessageBar intent="info" role="status"><MessageBarBody>{format(t.wp_noPlan, { year })}</MessageBarBody></MessageBar>
      {mayCreate && (
        <form className="form" onSubmit={(event) => { event.preventDefault(); void create(); }}>
          <Title3 as="h2">{format(t.wp_createTitle, { year })}</Title3>
          <div className="row">
            <Field label={t.wp_titleFr} required>
              <Input name="titleFr" value={title.fr} onChange={(_e, data) => setTitle({ ...title, fr: data.value })} required />
            </Field>
            <Field label={t.wp_titleEn} required>
              <Input name="titleEn" value={title.en} onChange={(_e, data) => setTitle({ ...title, en: data.value })} required />
            </Field>
          </div>
          <Button appearance="primary" type="submit">{t.wp_create}</Button>
        </form>
      )}
    </>
  );
}

/** Title, stage, version in force and its decision, the export, and the lifecycle steps the reader may take. */
function PlanHeader({ plan, onChanged, fail }: { plan: PlanView; onChanged: (message: string) => void; fail: Failure }) {
  const { api, t, language, me } = useTab();
  const inForce = plan.versions.at(-1);
  const exportCsv = async () => {
    try {
      const file = await api.download(`/workplan/${plan.year}/export`);
      saveFile({ blob: file.blob, filename: file.filename === 'download' ? `plan-de-travail-${plan.year}.csv` : file.filename });
    } catch (failure) {
      fail(failure);
    }
  };
  const step = async (path: 'consultation' | 'amendment', message: string) => {
    try {
      await api.call('POST', `/workplan/${plan.year}/${path}`, {});
      onChanged(message);
    } catch (failure) {
      fail(failure);
    }
  };
  return (
    <div className="wp-head" data-testid="plan-head">
      <Title3 as="h2" className="wp-plan-title">{plan.title[language]}</Title3>
      <div className="wp-facts">
        <Badge appearance="tint" color="brand">{t[`wp_plan_${plan.status}`]}</Badge>
        <span>{inForce ? format(t.wp_inForce, { version: inForce.version, number: inForce.registerNumber, date: formatDate(inForce.adoptedAt, language) }) : t.wp_notAdoptedYet}</span>
        {plan.submission && <span>{format(t.wp_submitted, { version: plan.submission.version })} {plan.submission.decisionId && <a href={`#/decisions/${plan.submission.decisionId}`}>{t.wp_seeDecision}</a>}</span>}
        {plan.lastRefusal && <span>{format(t.wp_lastRefusal, { version: plan.lastRefusal.version })}</span>}
      </div>
      <div className="actions">
        <Button onClick={() => void exportCsv()}>{t.wp_exportCsv}</Button>
        {plan.may.draft && plan.status === 'draft' && (
          <ConfirmDialog
            trigger={t.wp_openConsultation}
            title={t.wp_confirmConsultationTitle}
            body={t.wp_confirmConsultationBody}
            keep={t.wp_cancel}
            confirm={t.wp_openConsultation}
            onConfirm={() => void step('consultation', t.wp_consultationOpened)}
          />
        )}
        {/* The view's `may.draft` is false once adopted (activities are frozen): opening an amendment is the drafting right itself. */}
        {me.allowed.includes('draftWorkplan') && plan.status === 'adopted' && (
          <ConfirmDialog trigger={t.wp_openAmendment} title={t.wp_confirmAmendmentTitle} body={t.wp_confirmAmendmentBody} keep={t.wp_cancel} confirm={t.wp_openAmendment} onConfirm={() => void step('amendment', t.wp_amendmentOpened)} />
        )}
        {plan.may.submit && <SubmitForAdoption plan={plan} onSubmitted={onChanged} fail={fail} />}
      </div>
    </div>
  );
}

/** Co-chairs submit the draft to ExCom: the procedure and deadline of its decision, then a confirmation. */
function SubmitForAdoption({ plan, onSubmitted, fail }: { plan: PlanView; onSubmitted: (message: string) => void; fail: Failure }) {
  const { api, t, language } = useTab();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'consensus' | 'silenceProcedure'>('consensus');
  // The adoption deadline is typed on the network's clocks (settings), and the dialog says which.
  const zone = useNetworkZone();
  const [typed, setDeadline] = useState<string>();
  const deadline = typed ?? utcToWallTime(new Date(Date.now() + 7 * 86_400_000).toISOString(), zone);
  const submit = async () => {
    setOpen(false);
    try {
      await api.call('POST', `/workplan/${plan.year}/submit`, { mode, deadline: wallTimeToUtc(deadline, zone) });
      onSubmitted(t.wp_submittedNotice);
    } catch (failure) {
      fail(failure);
    }
  };
  return (
    <Dialog modalType="alert" open={open} onOpenChange={(_e, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary">{t.wp_submit}</Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={(event) => { event.preventDefault(); void submit(); }}>
          <DialogBody>
            <DialogTitle>{t.wp_confirmSubmitTitle}</DialogTitle>
            <DialogContent className="form">
              <p>{format(t.wp_confirmSubmitBody, { count: plan.activities.filter((activity) => !activity.withdrawn).length }, language)}</p>
              <RadioGroup value={mode} onChange={(_e, data) => setMode(data.value as typeof mode)} aria-label={t.procedure}>
                <Radio value="consensus" label={t.wp_consensus} />
                <Radio value="silenceProcedure" label={t.wp_silence} />
              </RadioGroup>
              <Field label={t.decisionDeadline} hint={zoneTimesText(t, zone)} required>
                <Input type="datetime-local" name="deadline" value={deadline} onChange={(_e, data) => setDeadline(data.value)} required />
              </Field>
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">{t.wp_cancel}</Button>
              </DialogTrigger>
              <Button appearance="primary" type="submit">{t.wp_confirmSubmit}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function ProgressChart({ plan, titles }: { plan: PlanView; titles: ReadonlyMap<number, string> }) {
  const { t } = useTab();
  return (
    <section aria-labelledby="wp-chart-heading">
      <Title3 as="h2" id="wp-chart-heading">{t.wp_byObjectiveChart}</Title3>
      {plan.byObjective.length === 0 ? (
        <p className="muted">{t.wp_noActivities}</p>
      ) : (
        <ObjectiveChart t={t} bars={plan.byObjective.map((row) => ({ objective: row.objective, title: titles.get(row.objective) ?? '', activities: row.activities, progress: row.progress }))} />
      )}
    </section>
  );
}

/** The activities, grouped by GCM objective (an activity under each of its objectives) or by lead agency. */
interface ActivitiesProps {
  readonly plan: PlanView;
  readonly titles: ReadonlyMap<number, string>;
  readonly comments: ReadonlyMap<string, CommentsByActivity['byAgency']>;
  readonly onCommented: () => void;
  readonly onEdit: (activity: ActivityView) => void;
  readonly onWithdraw: (activity: ActivityView) => void;
  readonly onRestore: (activity: ActivityView) => void;
}

function Activities({ plan, titles, comments, onCommented, onEdit, onWithdraw, onRestore }: ActivitiesProps) {
  const { t, language, agencies } = useTab();
  const [grouping, setGrouping] = useState<'objective' | 'agency'>('objective');
  // One withdrawn by the amendment stays in force (and reported on) until ExCom adopts it: listed, marked.
  const shown = plan.activities.filter((activity) => !activity.withdrawn || activity.inForce);
  const groups =
    grouping === 'objective'
      ? [...new Set(shown.flatMap((activity) => activity.content.objectives))].sort((a, b) => a - b).map((objective) => ({
          key: `o${objective}`,
          heading: `${objective}. ${titles.get(objective) ?? ''}`,
          activities: shown.filter((activity) => activity.content.objectives.includes(objective)),
        }))
      : [...new Set(shown.map((activity) => activity.content.leadAgency))].sort().map((code) => ({
          key: `a${code}`,
          heading: agencyLabel(agencies, code, language),
          activities: shown.filter((activity) => activity.content.leadAgency === code),
        }));
  return (
    <section aria-labelledby="wp-activities-heading">
      <Title3 as="h2" id="wp-activities-heading">{format(t.wp_activities, { count: shown.length })}</Title3>
      <TabList className="wp-grouping" selectedValue={grouping} onTabSelect={(_e, data) => setGrouping(data.value as typeof grouping)} aria-label={t.wp_groupBy}>
        <Tab value="objective">{t.wp_byObjective}</Tab>
        <Tab value="agency">{t.wp_byAgency}</Tab>
      </TabList>
      {groups.length === 0 && <p className="muted">{t.wp_noActivities}</p>}
      {groups.map((group) => (
        <section key={group.key} aria-label={group.heading} className="wp-group">
          <h3 className="wp-group-heading">{group.heading}</h3>
          <ul className="work-list">
            {group.activities.map((activity) => (
              <ActivityItem key={activity.activityId} activity={activity} amendment={plan.version > 0} onEdit={onEdit} onWithdraw={onWithdraw} onRestore={onRestore} t={t} language={language}>
                <Comments year={plan.year} activity={activity} byAgency={comments.get(activity.activityId) ?? []} mayComment={plan.may.comment} onCommented={onCommented} />
              </ActivityItem>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

interface ActivityItemProps {
  readonly activity: ActivityView;
  /** A version is in force: a withdrawal takes effect when ExCom adopts the amendment. */
  readonly amendment: boolean;
  readonly onEdit: (activity: ActivityView) => void;
  readonly onWithdraw: (activity: ActivityView) => void;
  readonly onRestore: (activity: ActivityView) => void;
  readonly t: TabStrings;
  readonly language: TabLanguage;
  readonly children?: ReactNode;
}

function ActivityItem({ activity, amendment, onEdit, onWithdraw, onRestore, t, language, children }: ActivityItemProps) {
  const { agencies } = useTab();
  const content = activity.content;
  const description = textIn(language, content.description);
  const progressLabel = activity.progress === undefined ? t.wp_noProgress : format(t.wp_progress, { percent: percent(activity.progress) });
  return (
    <li className="work-item wp-activity" data-activity={activity.activityId}>
      <div className="work-text">
        <strong>{description}</strong>
        <div className="muted">
          {format(t.wp_ledBy, { agency: agencyLabel(agencies, content.leadAgency, language) })}
          {content.contributingAgencies.length > 0 && ` · ${format(t.wp_with, { agencies: content.contributingAgencies.join(', ') })}`}
          {` · ${periodText(content.period, t, language)}`}
          {` · ${format(t.wp_objectivesList, { objectives: content.objectives.join(', ') })}`}
        </div>
        <div className="wp-progress">
          <ProgressBar value={activity.progress ?? 0} max={1} thickness="large" aria-label={`${description} — ${progressLabel}`} color={activity.status === 'delayed' ? 'warning' : activity.status === 'done' ? 'success' : 'brand'} />
          <span>{progressLabel}</span>
        </div>
        {content.indicators.length > 0 && (
          <ul className="wp-indicators">
            {content.indicators.map((indicator) => (
              <li key={indicator.id}>
                {format(t.wp_indicatorLine, {
                  label: textIn(language, indicator.label),
                  baseline: indicator.baseline,
                  target: indicator.target,
                  unit: t[`wp_unit_${indicator.unit}`],
                  latest: activity.latestValues[indicator.id] ?? '—',
                })}
              </li>
            ))}
          </ul>
        )}
        {activity.lastNarrative && <div className="muted">{format(t.wp_lastReport, { narrative: activity.lastNarrative })}</div>}
        {children}
      </div>
      <div className="work-actions">
        <Badge color={STATUS_COLOUR[activity.status]} appearance="tint">{t[`wp_status_${activity.status}`]}</Badge>
        {!activity.inForce && <Badge color="informative" appearance="outline">{t.wp_draftBadge}</Badge>}
        {activity.draft && !activity.withdrawn && <Badge color="warning" appearance="outline">{t.wp_amendedBadge}</Badge>}
        {activity.withdrawn && <Badge color="danger" appearance="outline">{t.wp_withdrawnBadge}</Badge>}
        {activity.withdrawn && activity.mayEdit && (
          <Button size="small" onClick={() => onRestore(activity)} aria-label={format(t.wp_restoreNamed, { name: description })}>
            {t.wp_restore}
          </Button>
        )}
        {activity.mayEdit && !activity.withdrawn && (
          <Button size="small" onClick={() => onEdit(activity)} aria-label={format(t.wp_editNamed, { name: description })}>
            {t.wp_edit}
          </Button>
        )}
        {/* The view's mayEdit is the service's rule for a withdrawal too (stage, the working copy's lead agency). */}
        {activity.mayEdit && !activity.withdrawn && (
          <ConfirmDialog
            trigger={t.wp_withdraw}
            triggerProps={{ size: 'small', appearance: 'secondary', 'aria-label': format(t.wp_withdrawNamed, { name: description }) }}
            title={format(t.wp_confirmWithdrawTitle, { name: description })}
            body={amendment ? t.wp_confirmWithdrawAmendmentBody : t.wp_confirmWithdrawBody}
            keep={t.wp_keepActivity}
            confirm={t.wp_withdraw}
            onConfirm={() => onWithdraw(activity)}
          />
        )}
      </div>
    </li>
  );
}

/** The consultation's comments on one activity, grouped by agency, and the box to add one while the consultation is open. */
function Comments({ year, activity, byAgency, mayComment, onCommented }: { year: number; activity: ActivityView; byAgency: CommentsByActivity['byAgency']; mayComment: boolean; onCommented: () => void }) {
  const { api, t, language, agencies } = useTab();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const count = byAgency.reduce((total, group) => total + group.comments.length, 0);
  if (count === 0 && !mayComment) return null;
  const name = textIn(language, activity.content.description);
  const send = async () => {
    try {
      await api.call('POST', `/workplan/${year}/activities/${activity.activityId}/comments`, { text });
      setText('');
      setError(undefined);
      onCommented();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    }
  };
  return (
    <div className="wp-comments">
      <div className="wp-comments-title">{format(t.wp_comments, { count })}</div>
      {byAgency.length > 0 && (
        <ul>
          {byAgency.map((group) => (
            <li key={group.agencyCode}>
              <strong>{agencyLabel(agencies, group.agencyCode, language)}</strong>
              <ul>
                {group.comments.map((comment, index) => <li key={index} className="wp-comment">{format(t.wp_commentLine, { text: comment.text, author: comment.author })}</li>)}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {mayComment && (
        <form className="wp-comment-form" onSubmit={(event) => { event.preventDefault(); void send(); }}>
          <Field label={format(t.wp_commentOn, { name })} {...(error ? { validationState: 'error' as const, validationMessage: error } : {})}>
            <Textarea name={`comment-${activity.activityId}`} value={text} onChange={(_e, data) => setText(data.value)} resize="vertical" />
          </Field>
          <Button type="submit" size="small" disabled={text.trim() === ''}>{t.wp_sendComment}</Button>
        </form>
      )}
    </div>
  );
}

/** Co-chairs and the secretariat: the lead agencies that have reported on a quarter, and those still owing. */
function Reporting({ year, activities }: { year: number; activities: readonly ActivityView[] }) {
  const { api, t, language, agencies } = useTab();
  const now = new Date();
  const [quarter, setQuarter] = useState<Quarter>(now.getUTCFullYear() === year ? quarterOf(now) : now.getUTCFullYear() > year ? 4 : 1);
  const [status, setStatus] = useState<ReportingStatus>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setStatus(undefined);
    api.call<ReportingStatus>('GET', `/workplan/${year}/reporting?quarter=${quarter}`).then(
      (read) => { setStatus(read); setError(undefined); },
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError),
    );
  }, [api, year, quarter, t]);
  const name = (activityId: string) => textIn(language, activities.find((activity) => activity.activityId === activityId)?.content.description ?? {}) || activityId;
  return (
    <section aria-labelledby="wp-reporting-heading" data-testid="reporting">
      <Title3 as="h2" id="wp-reporting-heading">{t.wp_reporting}</Title3>
      <Field label={t.wp_quarter} orientation="horizontal" className="wp-inline-field">
        <Select name="quarter" value={String(quarter)} onChange={(_e, data) => setQuarter(Number(data.value) as Quarter)}>
          {[1, 2, 3, 4].map((option) => <option key={option} value={String(option)}>{format(t.wp_quarterOfYear, { quarter: option, year })}</option>)}
        </Select>
      </Field>
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!status && !error && <Spinner size="tiny" label={t.loading} />}
      {status && (
        <div className="wp-reporting">
          <div>
            <h3 className="wp-group-heading">{format(t.wp_reported, { count: status.reported.length })}</h3>
            {status.reported.length === 0 ? <p className="muted">{t.wp_nobody}</p> : <ul>{status.reported.map((code) => <li key={code}>{agencyLabel(agencies, code, language)}</li>)}</ul>}
          </div>
          <div>
            <h3 className="wp-group-heading">{format(t.wp_missing, { count: status.missing.length })}</h3>
            {status.missing.length === 0 ? (
              <p className="muted">{t.wp_nobody}</p>
            ) : (
              <ul>
                {status.missing.map((entry) => (
                  <li key={entry.agencyCode}>
                    {agencyLabel(agencies, entry.agencyCode, language)} — {entry.activityIds.map(name).join(' ; ')}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * The open action items past their due date, of the year shown — and, for the current year, of
 * the previous one too (an item due in December is still overdue in January). Those the reader
 * may close (the server's `mayClose`) have the button.
 */
function OverdueItems({ year }: { year: number }) {
  const { api, t, language, agencies } = useTab();
  const [items, setItems] = useState<readonly ActionItemView[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    const years = year === new Date().getUTCFullYear() ? [year - 1, year] : [year];
    Promise.all(years.map((each) => api.call<ActionItemView[]>('GET', `/workplan/action-items?year=${each}&open=true`))).then(
      (read) => { setItems(read.flat().filter((item) => item.overdue)); setError(undefined); },
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError),
    );
  }, [api, year, t]);
  useEffect(load, [load]);
  const close = async (itemId: string) => {
    try {
      await api.call('POST', `/workplan/action-items/${itemId}/close`, {});
      load();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    }
  };
  return (
    <section aria-labelledby="wp-overdue-heading" data-testid="overdue">
      <Title3 as="h2" id="wp-overdue-heading">{t.wp_overdue}</Title3>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {items && items.length === 0 && <p className="muted">{t.wp_noOverdue}</p>}
      {items && items.length > 0 && (
        <ul className="work-list">
          {items.map((item) => (
            <li key={item.itemId} className="work-item">
              <div className="work-text">
                <span>{item.text}</span>
                <div className="muted">{format(t.wp_itemMeta, { agency: agencyLabel(agencies, item.ownerAgency, language), due: formatDate(`${item.due}T12:00:00Z`, language) })}</div>
              </div>
              <div className="work-actions">
                <Badge color="danger" appearance="tint">{t.wp_overdueBadge}</Badge>
                {item.mayClose && <Button size="small" onClick={() => void close(item.itemId)} aria-label={format(t.wp_markDoneNamed, { text: item.text })}>{t.wp_markDone}</Button>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
