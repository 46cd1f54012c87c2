/** The tab API of "My work" (`GET /api/v1/my-work`): the reader's own list, made for them. */
import type { Server } from 'restify';
import { apiRoute, type ApiDependencies } from '../api/http';
import type { MyWorkService } from './my-work-service';

export interface MyWorkApiDependencies extends ApiDependencies {
  readonly myWork: MyWorkService;
  readonly networkId: string;
}

export function registerMyWorkApi(server: Server, deps: MyWorkApiDependencies): void {
  apiRoute(server, 'get', '/my-work', deps, async ({ user }) => ({ body: await deps.myWork.myWork(deps.networkId, user.aadObjectId) }));
}
