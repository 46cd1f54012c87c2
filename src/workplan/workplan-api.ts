/**
 * The tab API of the work-plan slice (`/api/v1/workplan…`): the plan of a year as the reader may
 * see it, drafting (activities, consultation comments), submission to ExCom, amendments, the
 * diff between versions, quarterly reports, who has reported, the CSV export, and action items.
 * Thin edges: validate with zod, call the service as the authenticated user; WorkplanErrors map
 * themselves to a status (ApiMappableError), and so do the decisions slice's refusals of a
 * submission's decision.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiContext, type ApiDependencies, type ApiReply } from '../api/http';
import { translate } from '../i18n';
import { DOCX_CONTENT_TYPE } from '../updates/report-docx';
import { ACTIVITY_STATUSES, CURRENCIES, INDICATOR_UNITS, type Actor, type Quarter } from './model';
import type { WorkplanService } from './workplan-service';
import type { RawActivity } from './workplan-rules';

export interface WorkplanApiDependencies extends ApiDependencies {
  readonly workplan: WorkplanService;
  readonly networkId: string;
}

// Bounds a little above the rules' own: zod refuses absurd payloads before any work, the rules
// refuse what is merely too much with a precise message.
const texts = (max: number) => z.object({ fr: z.string().max(max).optional(), en: z.string().max(max).optional() }).strict();
const quarter = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const activityBody = z
  .object({
    description: texts(2100),
    objectives: z.array(z.number()).max(23),
    leadAgency: z.string().max(16),
    contributingAgencies: z.array(z.string().max(16)).max(40).default([]),
    externalPartners: z.array(z.string().max(300)).max(40).default([]),
    workingGroupId: z.string().max(100).optional(),
    period: z.union([
      z.object({ kind: z.literal('quarters'), from: z.number(), to: z.number() }).strict(),
      z.object({ kind: z.literal('dates'), start: z.string().max(10), end: z.string().max(10) }).strict(),
    ]),
    indicators: z
      .array(z.object({ id: z.string().max(20).optional(), label: texts(400), unit: z.enum(INDICATOR_UNITS), baseline: z.number(), target: z.number() }).strict())
      .max(20)
      .default([]),
    budget: z.object({ amount: z.number(), currency: z.enum(CURRENCIES), fundingSource: z.string().max(300).optional() }).strict().optional(),
    status: z.enum(ACTIVITY_STATUSES).optional(),
  })
  .strict();
const planBody = z.object({ year: z.number().int(), title: z.object({ fr: z.string().max(300), en: z.string().max(300) }).strict() }).strict();
const revisionBody = z.object({ revision: z.number().int().min(1) }).strict();
const commentBody = z.object({ text: z.string().max(2100) }).strict();
const submitBody = z
  .object({ mode: z.enum(['consensus', 'silenceProcedure']), deadline: z.string().max(40), reminderOffsetsMinutes: z.array(z.number().int()).max(10).optional() })
  .strict();
const reportBody = z
  .object({
    quarter,
    planVersion: z.number().int().min(0),
    status: z.string().max(20),
    // A unit the indicator does not have is the rules' refusal (wrongUnit), not a schema error.
    values: z.array(z.object({ indicatorId: z.string().max(20), value: z.number(), unit: z.string().max(20) }).strict()).max(20).default([]),
    narrative: z.string().max(1100).default(''),
    evidenceUrl: z.string().max(2100).optional(),
    updateId: z.string().max(100).optional(),
  })
  .strict();
const actionItemsBody = z
  .object({
    meetingId: z.string().max(100).optional(),
    items: z.array(z.object({ text: z.string().max(1100), ownerAgency: z.string().max(16), due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict()).min(1).max(100),
  })
  .strict();
const year = (value: unknown) => z.coerce.number().int().min(2000).max(2100).parse(value);
const idParam = (value: unknown) => z.string().regex(/^[\w-]{1,100}$/).parse(value);
const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
const reportingQuery = z.object({ quarter: z.coerce.number().pipe(quarter) });
const itemsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), open: z.enum(['true', 'false']).optional() });

/** No query parser is mounted: the query string is read from the URL. */
const searchParams = (context: ApiContext) => Object.fromEntries(new URL(context.request.url ?? '/', 'http://localhost').searchParams);

function activityInput(body: z.infer<typeof activityBody>): RawActivity {
  return { ...body, ...(body.budget ? { budget: body.budget } : {}) };
}

export function registerWorkplanApi(server: Server, deps: WorkplanApiDependencies): void {
  const { workplan, networkId } = deps;
  // WorkplanErrors, and the DecisionErrors of a submission's decision, map themselves (ApiMappableError).
  const route = (method: 'get' | 'post' | 'put', path: string, handler: (context: ApiContext) => Promise<ApiReply>) => apiRoute(server, method, path, deps, handler);
  const actor = ({ user }: ApiContext): Actor => ({ aadObjectId: user.aadObjectId, name: user.name ?? user.aadObjectId });
  const params = (context: ApiContext) => context.request.params as Record<string, unknown>;

  // Static paths first: `action-items` is not a year.
  route('get', '/workplan/action-items', async (context) => {
    const query = itemsQuery.parse(searchParams(context));
    return { body: await workplan.actionItems(networkId, context.user.aadObjectId, query.year, query.open === 'true') };
  });
  route('post', '/workplan/action-items', async (context) => {
    const body = actionItemsBody.parse(context.request.body);
    const items = body.items.map((item) => ({ ...item, ...(body.meetingId ? { meetingId: body.meetingId } : {}) }));
    return { status: 201, body: await workplan.trackActionItems(networkId, actor(context), items) };
  });
  route('post', '/workplan/action-items/from-minutes', async (context) => {
    const { meetingId } = z.object({ meetingId: z.string().max(100) }).strict().parse(context.request.body);
    return { status: 201, body: await workplan.trackMinutes(networkId, actor(context), meetingId) };
  });
  route('post', '/workplan/action-items/:itemId/close', async (context) => ({ body: await workplan.closeActionItem(networkId, actor(context), idParam(params(context).itemId)) }));

  route('post', '/workplan', async (context) => {
    const body = planBody.parse(context.request.body);
    await workplan.createPlan(networkId, actor(context), body);
    return { status: 201, body: await workplan.plan(networkId, context.user.aadObjectId, body.year) };
  });
  // The years with a plan: the page opens a year only when it has one (no 404 to show for "none yet").
  route('get', '/workplan', async (context) => ({ body: { years: await workplan.planYears(networkId, context.user.aadObjectId) } }));
  route('get', '/workplan/:year', async (context) => ({ body: await workplan.plan(networkId, context.user.aadObjectId, year(params(context).year)) }));

  // Lifecycle: each answers with the plan as its author may now read it.
  const step = (path: string, run: (context: ApiContext, planYear: number) => Promise<unknown>) =>
    route('post', `/workplan/:year/${path}`, async (context) => {
      const planYear = year(params(context).year);
      await run(context, planYear);
      return { body: await workplan.plan(networkId, context.user.aadObjectId, planYear) };
    });
  step('consultation', (context, planYear) => workplan.openConsultation(networkId, context.user.aadObjectId, planYear));
  step('amendment', (context, planYear) => workplan.openAmendment(networkId, context.user.aadObjectId, planYear));
  step('close', (context, planYear) => workplan.closePlan(networkId, context.user.aadObjectId, planYear));
  step('submit', (context, planYear) => workplan.submit(networkId, actor(context), planYear, submitBody.parse(context.request.body)));

  route('post', '/workplan/:year/activities', async (context) => {
    const activity = await workplan.proposeActivity(networkId, actor(context), year(params(context).year), activityInput(activityBody.parse(context.request.body)));
    return { status: 201, body: { activityId: activity.activityId, revision: activity.revision, content: activity.content } };
  });
  route('put', '/workplan/:year/activities/:activityId', async (context) => {
    const body = z.object({ revision: z.number().int().min(1), activity: activityBody }).strict().parse(context.request.body);
    const activity = await workplan.updateActivity(networkId, actor(context), year(params(context).year), idParam(params(context).activityId), body.revision, activityInput(body.activity));
    return { body: { activityId: activity.activityId, revision: activity.revision, content: activity.content } };
  });
  route('post', '/workplan/:year/activities/:activityId/withdraw', async (context) => {
    const { revision } = revisionBody.parse(context.request.body);
    const activity = await workplan.withdrawActivity(networkId, actor(context), year(params(context).year), idParam(params(context).activityId), revision);
    return { body: { activityId: activity.activityId, revision: activity.revision, withdrawn: true } };
  });
  route('post', '/workplan/:year/activities/:activityId/comments', async (context) => {
    const { text } = commentBody.parse(context.request.body);
    const comment = await workplan.comment(networkId, actor(context), year(params(context).year), idParam(params(context).activityId), text);
    return { status: 201, body: { commentId: comment.commentId, activityId: comment.activityId, agencyCode: comment.agencyCode, text: comment.text, at: comment.at } };
  });
  route('get', '/workplan/:year/comments', async (context) => ({ body: await workplan.comments(networkId, context.user.aadObjectId, year(params(context).year)) }));
  route('post', '/workplan/:year/activities/:activityId/reports', async (context) => {
    const body = reportBody.parse(context.request.body);
    const report = await workplan.report(networkId, actor(context), year(params(context).year), idParam(params(context).activityId), { ...body, quarter: body.quarter as Quarter });
    const { networkId: _network, type: _type, id: _id, ...view } = report;
    return { status: 201, body: view };
  });
  // The amendment in progress against the version in force (the diff above needs two snapshots; a draft has none yet).
  route('get', '/workplan/:year/changes', async (context) => ({ body: await workplan.changes(networkId, context.user.aadObjectId, year(params(context).year)) }));
  route('get', '/workplan/:year/diff', async (context) => {
    const query = diffQuery.parse(searchParams(context));
    return { body: await workplan.diff(networkId, context.user.aadObjectId, year(params(context).year), query.from, query.to) };
  });
  route('get', '/workplan/:year/reporting', async (context) => {
    const query = reportingQuery.parse(searchParams(context));
    return { body: await workplan.reportingStatus(networkId, context.user.aadObjectId, year(params(context).year), query.quarter as Quarter) };
  });
  route('get', '/workplan/:year/progress-pack.docx', async (context) => {
    const planYear = year(params(context).year);
    const body = await workplan.progressPack(networkId, context.user.aadObjectId, planYear, context.language);
    return { body, contentType: DOCX_CONTENT_TYPE, fileName: `${translate(context.language, 'workplan.pack.fileName')}-${planYear}.docx` };
  });
  route('get', '/workplan/:year/export', async (context) => {
    const planYear = year(params(context).year);
    const csv = await workplan.exportCsv(networkId, context.user.aadObjectId, planYear);
    return { body: csv, contentType: 'text/csv; charset=utf-8', fileName: `plan-de-travail-${planYear}.csv` };
  });
}
