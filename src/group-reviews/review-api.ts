/**
 * The tab API of working-group reviews (`/api/v1/working-groups/:groupId/review…`): the review as
 * the reader may see it, opening it early (ExCom, co-chairs), a member's view during the
 * consultation, and the proposal put to ExCom (co-chairs). Thin edges: zod, then the service as
 * the authenticated user; GroupReviewErrors and the decisions slice's refusals map themselves.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiContext, type ApiDependencies, type ApiReply } from '../api/http';
import type { GroupReviewService } from './review-service';

export interface GroupReviewApiDependencies extends ApiDependencies {
  readonly reviews: GroupReviewService;
  readonly networkId: string;
}

// A little above the rules' own bounds: zod refuses absurd payloads, the rules name what is wrong.
const commentBody = z.object({ position: z.string().max(20), text: z.string().max(2100).default('') }).strict();
const proposalBody = z
  .object({
    outcome: z.string().max(20),
    changes: z.object({ name: z.string().max(300).optional(), objective: z.string().max(4100).optional(), reviewEveryMonths: z.number().optional() }).strict().optional(),
    mode: z.enum(['consensus', 'silenceProcedure']),
    deadline: z.string().max(40),
    reminderOffsetsMinutes: z.array(z.number().int()).max(10).optional(),
  })
  .strict();

export function registerGroupReviewApi(server: Server, deps: GroupReviewApiDependencies): void {
  const { reviews, networkId } = deps;
  const route = (method: 'get' | 'post', path: string, handler: (context: ApiContext) => Promise<ApiReply>) => apiRoute(server, method, path, deps, handler);
  const groupId = (context: ApiContext) => String((context.request.params as Record<string, unknown>).groupId ?? '');
  const actor = ({ user }: ApiContext) => ({ aadObjectId: user.aadObjectId, name: user.name ?? user.aadObjectId });
  // Every change answers with the review as its author may now read it.
  const read = (context: ApiContext) => reviews.review(networkId, context.user.aadObjectId, groupId(context));

  route('get', '/working-groups/:groupId/review', async (context) => ({ body: await read(context) }));
  route('post', '/working-groups/:groupId/review', async (context) => {
    await reviews.open(networkId, context.user.aadObjectId, groupId(context));
    return { body: await read(context) };
  });
  route('post', '/working-groups/:groupId/review/comments', async (context) => {
    await reviews.comment(networkId, actor(context), groupId(context), commentBody.parse(context.request.body));
    return { status: 201, body: await read(context) };
  });
  route('post', '/working-groups/:groupId/review/decision', async (context) => {
    const body = proposalBody.parse(context.request.body);
    await reviews.propose(networkId, actor(context), groupId(context), body);
    return { body: await read(context) };
  });
}
