/**
 * The tab API of the network settings (`/api/v1/settings`, co-chairs): read the channels and
 * the network's defaults, choose the ExCom and general channels. Thin edge: zod, the service
 * as the authenticated user, the view model; rights and the installation check are the service's.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiDependencies } from '../api/http';
import type { SettingsService } from './settings-service';

export interface SettingsApiDependencies extends ApiDependencies {
  readonly settings: SettingsService;
  readonly networkId: string;
}

// A Teams channel conversation id (19:…@thread.tacv2 / @thread.skype); null = no choice.
const channelId = z.string().min(1).max(300).nullable();
const settingsBody = z.object({ excomChannelId: channelId, generalChannelId: channelId }).strict();

export function registerSettingsApi(server: Server, deps: SettingsApiDependencies): void {
  const { settings, networkId } = deps;

  apiRoute(server, 'get', '/settings', deps, async ({ user }) => ({ body: await settings.view(networkId, user.aadObjectId) }));

  apiRoute(server, 'put', '/settings', deps, async ({ user, request }) => {
    const body = settingsBody.parse(request.body);
    return { body: await settings.update(networkId, user.aadObjectId, body) };
  });
}
