/**
 * `GET /api/v1/networks`: the networks the caller has a place in, for the tab's picker (shown only
 * to someone in two or more). Not scoped to a network itself — it is how the tab learns which
 * one to name on every other call.
 */
import type { Request, Response, Server } from 'restify';
import { API_PREFIX, errorReply, languageOf } from '../api/http';
import type { Authenticator } from '../api/authenticator';
import type { Logger } from '../logger';
import { runInTurnScope } from '../turn-scope/turn-scope';
import type { ApiNetworkScope } from './api-network-scope';
import { networkLabel } from './network-choice-card';

export function registerNetworksApi(server: Server, deps: { readonly scope: ApiNetworkScope; readonly networkIds: readonly string[]; readonly authenticator: Authenticator; readonly logger: Logger }): void {
  server.get(`${API_PREFIX}/networks`, async (req: Request, res: Response) =>
    runInTurnScope(async () => {
      const language = languageOf(req);
      try {
        const user = await deps.authenticator.authenticate(req.headers);
        const mine = deps.networkIds.length === 1 ? [...deps.networkIds] : await deps.scope.networksOf(user);
        res.send(200, { networks: mine.map((id) => ({ id, label: networkLabel(id) })), defaultNetwork: mine[0] ?? deps.networkIds[0] });
      } catch (error) {
        const { status, body } = errorReply(error, language);
        if (status >= 500) deps.logger.error({ err: error, url: req.url }, 'tab API request failed');
        res.send(status, body);
      }
    }),
  );
}
