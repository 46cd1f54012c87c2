/**
 * The tab API of the updates slice (`/api/v1/…`): the knowledge base (list and search with
 * filters), sharing from the tab, the GCM objectives for the filters, and the report to the
 * regional network as figures (JSON, with the summary card) or as a download (HTML, Word).
 * Thin edges: validate with zod, call the service as the authenticated user.
 */
import type { Request, Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiDependencies } from '../api/http';
import type { CardRenderer } from '../cards/card-renderer';
import { cardTemplates } from '../cards/templates';
import { UpdateError } from './errors';
import { GCM_OBJECTIVES, UPDATE_KINDS, type UpdateDocument } from './model';
import { periodFromDays } from './report-rules';
import { DOCX_CONTENT_TYPE, reportDocx } from './report-docx';
import { reportHtml } from './report-html';
import { reportView } from './report-view';
import { parseSearchText, type UpdateSearch } from './search-rules';
import { kindLabel, objectiveTitle, reportSummaryCardData } from './update-cards';
import { isUpdateKind, parseObjectives } from './update-rules';
import type { UpdatesService } from './updates-service';

export interface UpdatesApiDependencies extends ApiDependencies {
  readonly updates: UpdatesService;
  readonly cards: CardRenderer;
  readonly networkId: string;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const listQuery = z.object({
  q: z.string().max(500).optional(),
  from: day.optional(),
  to: day.optional(),
  skip: z.coerce.number().int().min(0).max(100_000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
const shareBody = z.object({
  title: z.string().max(1000),
  summary: z.string().max(5000).optional(),
  link: z.string().max(4000).optional(),
  kind: z.string().max(32),
  agencyCode: z.string().max(32),
  objectives: z.array(z.number().int()).max(23).default([]),
});
const reportQuery = z.object({ from: day, to: day, format: z.enum(['html', 'docx']).optional() });

function searchParams(request: Request): URLSearchParams {
  return new URL(request.url ?? '/', 'http://localhost').searchParams;
}

/** Filters from the query string: repeated or comma-separated `objective`, `kind`, `agency`. */
function filters(params: URLSearchParams): Omit<UpdateSearch, 'words' | 'from' | 'to'> {
  const many = (name: string) => params.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  const objectives = parseObjectives(many('objective'));
  if (!objectives) throw new UpdateError('invalidUpdate', 'objective filter out of 1–23', ['objectives']);
  const kinds = many('kind');
  if (!kinds.every(isUpdateKind)) throw new UpdateError('invalidUpdate', 'unknown kind filter', ['kind']);
  return { objectives, kinds: kinds.filter(isUpdateKind), agencies: many('agency').map((code) => code.toUpperCase()).slice(0, 50) };
}

/**
 * An update as every reader receives it, pending people included: updates are publications,
 * posted to the network channel with the sharer's name and agency, so a pending reader reads
 * what the channel shows. Never the stored document: no ids but updateId, no object id of the
 * sharer, no search terms, no origin. (The report's figures are per agency and per objective.)
 */
const publicUpdate = (update: UpdateDocument) => ({
  updateId: update.updateId,
  title: update.title,
  summary: update.summary,
  link: update.link ?? null,
  kind: update.kind,
  agencyCode: update.agencyCode,
  objectives: update.objectives,
  sharedBy: update.sharedBy.name,
  sharedAt: update.sharedAt,
});

export function registerUpdatesApi(server: Server, deps: UpdatesApiDependencies): void {
  const { updates, networkId } = deps;

  apiRoute(server, 'get', '/updates', deps, async ({ user, request }) => {
    const params = searchParams(request);
    const query = listQuery.parse(Object.fromEntries(params));
    const period = query.from || query.to ? periodFromDays(query.from ?? '2000-01-01', query.to ?? '2999-12-31') : undefined;
    if ((query.from || query.to) && !period) throw new UpdateError('invalidPeriod', `period ${query.from}–${query.to}`);
    // Words typed in the box may name an agency or an objective too, as in the message extension.
    const typed = parseSearchText(query.q ?? '', await updates.agencies(networkId));
    const chosen = filters(params);
    const search: UpdateSearch = {
      words: typed.words,
      objectives: chosen.objectives.length > 0 ? chosen.objectives : typed.objectives,
      kinds: chosen.kinds.length > 0 ? chosen.kinds : typed.kinds,
      agencies: chosen.agencies.length > 0 ? chosen.agencies : typed.agencies,
      ...(period ? { from: period.from, to: period.to } : {}),
    };
    const page = await updates.search(networkId, user.aadObjectId, search, { skip: query.skip ?? 0, limit: query.limit ?? 25 });
    return { body: { total: page.total, updates: page.updates.map(publicUpdate) } };
  });

  apiRoute(server, 'post', '/updates', deps, async ({ user, request }) => {
    const body = shareBody.parse(request.body);
    const { update, channels } = await updates.share(networkId, { aadObjectId: user.aadObjectId, name: user.name ?? '' }, body, 'tab');
    return { status: 201, body: { update: publicUpdate(update), channels } };
  });

  apiRoute(server, 'get', '/updates/objectives', deps, async ({ language }) => ({
    body: {
      objectives: GCM_OBJECTIVES.map((number) => ({ number, title: objectiveTitle(language, number) })),
      kinds: UPDATE_KINDS.map((kind) => ({ kind, label: kindLabel(language, kind) })),
    },
  }));

  apiRoute(server, 'get', '/reports', deps, async ({ user, request, language }) => {
    const query = reportQuery.parse(Object.fromEntries(searchParams(request)));
    const period = periodFromDays(query.from, query.to);
    if (!period) throw new UpdateError('invalidPeriod', `period ${query.from}–${query.to}`);
    const figures = await updates.report(networkId, user.aadObjectId, period);
    return { body: { figures: { ...figures, updates: { ...figures.updates, list: figures.updates.list.map(publicUpdate) } }, card: deps.cards.render(cardTemplates.reportSummary, reportSummaryCardData(language, figures)) } };
  });

  // Downloads are binary (Word) and named: served here rather than through apiRoute's JSON/text reply.
  apiRoute(server, 'get', '/reports/download', deps, async ({ user, request, language }) => {
    const query = reportQuery.parse(Object.fromEntries(searchParams(request)));
    const period = periodFromDays(query.from, query.to);
    if (!period) throw new UpdateError('invalidPeriod', `period ${query.from}–${query.to}`);
    const figures = await updates.report(networkId, user.aadObjectId, period);
    const view = reportView(language, figures, await updates.agencies(networkId));
    const name = `reseau-rapport-${query.from}-${query.to}`;
    return query.format === 'docx'
      ? { body: await reportDocx(view), contentType: DOCX_CONTENT_TYPE, fileName: `${name}.docx` }
      : { body: reportHtml(view), contentType: 'text/html; charset=utf-8', fileName: `${name}.html` };
  });
}
