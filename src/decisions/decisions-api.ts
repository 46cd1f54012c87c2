/**
 * The tab API of the decisions slice (`/api/v1/…`): create a decision or a poll, read one,
 * close or extend, and the register with filters and its CSV export. Thin edges: validate
 * with zod, call the service as the authenticated user; DecisionErrors map themselves to a status.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiContext, type ApiDependencies, type ApiReply } from '../api/http';
import type { DecisionsService } from './decisions-service';
import { decisionReaderView, decisionSummaryView, decisionView, pollListItemView, pollReaderView, pollView } from './decision-views';
import { POLL_KINDS, SLOT_ANSWERS } from './model';
import { POSITIONS } from './consensus-rules';

export interface DecisionsApiDependencies extends ApiDependencies {
  readonly decisions: DecisionsService;
  readonly networkId: string;
}

const instant = z.string().max(40);
const minutes = z.array(z.number().int()).max(10);
const decisionBody = z
  .object({
    title: z.string().max(200),
    text: z.object({ fr: z.string().max(8000).optional(), en: z.string().max(8000).optional() }),
    mode: z.enum(['consensus', 'silenceProcedure']),
    consultationDeadline: instant.optional(),
    deadline: instant,
    reminderOffsetsMinutes: minutes.optional(),
  })
  .strict();
const pollBody = z
  .object({
    question: z.string().max(300),
    kind: z.enum(POLL_KINDS as unknown as [string, ...string[]]),
    // A label, or a time slot `{ label, start, end }` (ISO 8601 instants with an offset).
    options: z.array(z.union([z.string().max(200), z.object({ label: z.string().max(200), start: instant.optional(), end: instant.optional() }).strict()])).max(20),
    timeZone: z.string().max(64).optional(),
    anonymous: z.boolean().default(false),
    deadline: instant,
    reminderOffsetsMinutes: minutes.optional(),
  })
  .strict();
// An answer from the tab: option ids (single, multiple) or an answer per slot (time slots); the
// rules of the card's answer (poll-rules validateAnswer) decide what is valid. `requestId`: the
// page's own id for this click, so a retried request counts once (as a redelivered invoke).
const answerBody = z
  .object({
    choices: z.array(z.string().max(20)).max(20).default([]),
    slots: z.record(z.string().max(20), z.enum(SLOT_ANSWERS as unknown as [string, ...string[]])).optional(),
    requestId: z.string().max(100).optional(),
  })
  .strict()
  .refine((body) => body.slots === undefined || Object.keys(body.slots).length <= 20, { message: 'at most 20 slots' });
const extendBody = z.object({ deadline: instant }).strict();
// The comment's own rules (required for an objection or reservations, length) are the service's.
const positionBody = z.object({ position: z.enum(POSITIONS), comment: z.string().max(4000).optional() }).strict();
const registerQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  outcome: z.enum(['adopted', 'noConsensus']).optional(),
  mode: z.enum(['consensus', 'silenceProcedure']).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().max(200).optional(),
});
const idParam = (value: unknown) => z.string().regex(/^[\w-]{1,100}$/).parse(value);

export function registerDecisionsApi(server: Server, deps: DecisionsApiDependencies): void {
  const { decisions, networkId } = deps;
  // DecisionErrors map themselves to a status and a message in the reader's language (errors.ts).
  const route = (method: 'get' | 'post', path: string, handler: (context: ApiContext) => Promise<ApiReply>) => apiRoute(server, method, path, deps, handler);
  const actor = (context: ApiContext) => ({ aadObjectId: context.user.aadObjectId, name: context.user.name ?? '' });
  const query = (context: ApiContext) => registerQuery.parse(Object.fromEntries(new URL(context.request.url ?? '/', 'http://localhost').searchParams));

  // Every answer is a view made for the reader (decision-views.ts), never a stored document.
  route('get', '/decisions', async (context) => ({ body: { decisions: (await decisions.register(networkId, context.user.aadObjectId, stripUndefined(query(context)))).map(decisionSummaryView) } }));

  route('get', '/decisions/export', async (context) => ({
    body: await decisions.exportCsv(networkId, context.user.aadObjectId, stripUndefined(query(context))),
    contentType: 'text/csv; charset=utf-8',
  }));

  route('post', '/decisions', async (context) => {
    const body = decisionBody.parse(context.request.body);
    const decision = await decisions.createDecision(networkId, await decisions.named(networkId, actor(context)), {
      title: body.title,
      text: stripUndefined(body.text),
      mode: body.mode,
      deadline: body.deadline,
      ...(body.consultationDeadline ? { consultationDeadline: body.consultationDeadline } : {}),
      ...(body.reminderOffsetsMinutes ? { reminderOffsetsMinutes: body.reminderOffsetsMinutes } : {}),
    });
    return { status: 201, body: decisionView(decision, await decisions.readerOf(networkId, context.user.aadObjectId)) };
  });

  route('get', '/decisions/:decisionId', async (context) => {
    const { decision, comments, positionRecords, reader } = await decisions.decision(networkId, idParam(context.request.params.decisionId), context.user.aadObjectId);
    return { body: decisionReaderView(decision, comments, reader, positionRecords) };
  });

  route('post', '/decisions/:decisionId/close', async (context) => {
    const { closed, channels, lines } = await decisions.closeEarlyAndTell(networkId, idParam(context.request.params.decisionId), context.user.aadObjectId, context.language);
    // What happened, for the caller to show: the outcome and where it went (channels: 0 = nowhere).
    return { body: { ...decisionView(closed, await decisions.readerOf(networkId, context.user.aadObjectId)), reached: { channels }, notice: lines.join(' ') } };
  });

  route('post', '/decisions/:decisionId/extend', async (context) => {
    const body = extendBody.parse(context.request.body);
    const extended = await decisions.extendDeadline(networkId, idParam(context.request.params.decisionId), context.user.aadObjectId, body.deadline);
    return { body: decisionView(extended, await decisions.readerOf(networkId, context.user.aadObjectId)) };
  });

  // The reader's agency's one voice, from the decision's page (as from the ExCom card).
  route('post', '/decisions/:decisionId/position', async (context) => {
    const body = positionBody.parse(context.request.body);
    const decision = await decisions.castPosition(networkId, idParam(context.request.params.decisionId), await decisions.named(networkId, actor(context)), { position: body.position, ...(body.comment ? { comment: body.comment } : {}) });
    return { body: decisionView(decision, await decisions.readerOf(networkId, context.user.aadObjectId)) };
  });

  route('post', '/polls', async (context) => {
    const body = pollBody.parse(context.request.body);
    const poll = await decisions.createPoll(networkId, actor(context), {
      question: body.question,
      kind: body.kind as (typeof POLL_KINDS)[number],
      options: body.options.map((option) => (typeof option === 'string' ? option : stripUndefined(option))),
      ...(body.timeZone ? { timeZone: body.timeZone } : {}),
      anonymous: body.anonymous,
      deadline: body.deadline,
      ...(body.reminderOffsetsMinutes ? { reminderOffsetsMinutes: body.reminderOffsetsMinutes } : {}),
    });
    return { status: 201, body: pollView(poll, await decisions.readerOf(networkId, context.user.aadObjectId), decisions.clock()) };
  });

  // The Polls page: open polls and the latest closed ones, each with the reader's own answer only.
  route('get', '/polls', async (context) => {
    const { reader, polls } = await decisions.pollList(networkId, context.user.aadObjectId);
    return { body: { polls: polls.map(({ poll, answer }) => pollListItemView(poll, reader, decisions.clock(), answer)) } };
  });

  // The reader's own answer from the Polls page: the same rules, cost and tally as the card's.
  route('post', '/polls/:pollId/answer', async (context) => {
    const body = answerBody.parse(context.request.body);
    const pollId = idParam(context.request.params.pollId);
    const { answer } = await decisions.answerPoll(networkId, pollId, await decisions.named(networkId, actor(context)), {
      choices: body.choices,
      ...(body.slots ? { slots: body.slots } : {}),
      ...(body.requestId ? { requestId: body.requestId } : {}),
    });
    return { body: { pollId, yourAnswer: { choices: answer.choices, ...(answer.slots ? { slots: answer.slots } : {}) } } };
  });

  // Time-slot polls with their best slot, for those who may convene (the tab's Meetings page).
  route('get', '/polls/best-slots', async (context) => ({ body: await decisions.bestSlots(networkId, context.user.aadObjectId) }));

  route('get', '/polls/:pollId', async (context) => {
    const { poll, results, answer, reader } = await decisions.pollResults(networkId, idParam(context.request.params.pollId), context.user.aadObjectId);
    return { body: pollReaderView(poll, results, reader, decisions.clock(), answer) };
  });
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
