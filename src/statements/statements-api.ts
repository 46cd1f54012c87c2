/**
 * The tab API of the statements slice (`/api/v1/statements…`): request, read, name the drafting
 * agency, add a version, submit, deliver, and the final text as HTML or Markdown. Thin edges:
 * validate with zod, call the service as the authenticated user; StatementErrors map
 * themselves to a status (ApiMappableError).
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiContext, type ApiDependencies } from '../api/http';
import type { StatementDocument } from './model';
import { statementReaderView, statementView } from './statement-views';
import type { StatementsService } from './statements-service';

export interface StatementsApiDependencies extends ApiDependencies {
  readonly statements: StatementsService;
  readonly networkId: string;
}

const requestBody = z.object({ title: z.string().max(200), purpose: z.string().max(2000).optional(), gcmObjectives: z.array(z.number().int()).max(23).optional(), languages: z.array(z.string().max(8)).max(2).optional() }).strict();
const versionBody = z.object({ text: z.object({ fr: z.string().max(20_000).optional(), en: z.string().max(20_000).optional() }) }).strict();
const submitBody = z.object({ version: z.number().int().min(1).optional(), deadline: z.string().max(40).optional(), reminderOffsetsMinutes: z.array(z.number().int()).max(10).optional() }).strict();
const clearanceBody = z.object({ version: z.number().int().min(1).max(10_000), position: z.string().max(64), comment: z.string().max(10_000).optional() }).strict();
const detailQuery = z.object({ from: z.coerce.number().int().min(1).max(10_000).optional() });
const deliverBody = z.object({ version: z.number().int().min(1).optional() }).strict();
const drafterBody = z.object({ agencyCode: z.string().trim().min(1).max(32) }).strict();
const finalQuery = z.object({ format: z.enum(['html', 'md']).default('html') });
const idParam = (value: unknown) => z.string().regex(/^[\w-]{1,100}$/).parse(value);

export function registerStatementsApi(server: Server, deps: StatementsApiDependencies): void {
  const { statements, networkId } = deps;
  const actor = (context: ApiContext) => ({ aadObjectId: context.user.aadObjectId, name: context.user.name ?? '' });
  const statementId = (context: ApiContext) => idParam(context.request.params.statementId);

  // Every answer is a view made for the reader (statement-views.ts), never a stored document.
  const asRead = async (context: ApiContext, statement: StatementDocument) => statementView(statement, await statements.readerOf(networkId, context.user.aadObjectId));

  apiRoute(server, 'get', '/statements', deps, async (context) => {
    const [list, reader] = await Promise.all([statements.list(networkId, context.user.aadObjectId), statements.readerOf(networkId, context.user.aadObjectId)]);
    return { body: { statements: list.map((statement) => statementView(statement, reader)) } };
  });

  apiRoute(server, 'post', '/statements', deps, async (context) => {
    const body = requestBody.parse(context.request.body);
    return { status: 201, body: await asRead(context, await statements.request(networkId, actor(context), { title: body.title, purpose: body.purpose ?? '', gcmObjectives: body.gcmObjectives ?? [], ...(body.languages ? { languages: body.languages } : {}) })) };
  });

  apiRoute(server, 'get', '/statements/:statementId', deps, async (context) => {
    // ?from=N: the version the reader compares with (default: what their agency last cleared, the previous round…).
    const { from } = detailQuery.parse(Object.fromEntries(new URL(context.request.url ?? '/', 'http://localhost').searchParams));
    const found = await statements.statement(networkId, statementId(context), context.user.aadObjectId);
    return { body: statementReaderView(found.statement, found.clearance, await statements.readerOf(networkId, context.user.aadObjectId), from) };
  });

  // An ExCom representative's clearance from the tab: the card's own service call (the same reads and writes).
  apiRoute(server, 'post', '/statements/:statementId/clearances', deps, async (context) => {
    const body = clearanceBody.parse(context.request.body);
    const cleared = await statements.clear(networkId, statementId(context), actor(context), { version: body.version, position: body.position, ...(body.comment !== undefined ? { comment: body.comment } : {}) });
    return { body: statementReaderView(cleared.statement, cleared.clearance, cleared.reader) };
  });

  apiRoute(server, 'post', '/statements/:statementId/drafting-agency', deps, async (context) => {
    const body = drafterBody.parse(context.request.body);
    return { body: await asRead(context, await statements.nameDraftingAgency(networkId, statementId(context), context.user.aadObjectId, body.agencyCode)) };
  });

  apiRoute(server, 'post', '/statements/:statementId/versions', deps, async (context) => {
    const body = versionBody.parse(context.request.body);
    const text = { ...(body.text.fr !== undefined ? { fr: body.text.fr } : {}), ...(body.text.en !== undefined ? { en: body.text.en } : {}) };
    return { status: 201, body: await asRead(context, await statements.addVersion(networkId, statementId(context), actor(context), text)) };
  });

  apiRoute(server, 'post', '/statements/:statementId/submit', deps, async (context) => {
    const body = submitBody.parse(context.request.body ?? {});
    const submitted = await statements.submit(networkId, statementId(context), actor(context), {
      ...(body.version !== undefined ? { version: body.version } : {}),
      ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
      ...(body.reminderOffsetsMinutes !== undefined ? { reminderOffsetsMinutes: body.reminderOffsetsMinutes } : {}),
    });
    return { body: await asRead(context, submitted) };
  });

  apiRoute(server, 'post', '/statements/:statementId/deliver', deps, async (context) => {
    const body = deliverBody.parse(context.request.body ?? {});
    const { delivered, channels, lines } = await statements.deliverAndTell(networkId, statementId(context), actor(context), body.version, context.language);
    // What happened, for the caller to show: published, and where (channels: 0 = nowhere).
    return { body: { ...(await asRead(context, delivered)), reached: { channels }, notice: lines.join(' ') } };
  });

  apiRoute(server, 'get', '/statements/:statementId/final', deps, async (context) => {
    const { format } = finalQuery.parse(Object.fromEntries(new URL(context.request.url ?? '/', 'http://localhost').searchParams));
    const final = await statements.finalText(networkId, statementId(context), context.user.aadObjectId, format, context.language);
    return { body: final.body, contentType: final.contentType, fileName: final.fileName };
  });
}
