/**
 * The tab API of the network settings (`/api/v1/settings`, co-chairs): read the channels and
 * the network's language, zone and reminders; change any of them (partial update). Thin edge: zod, the service
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
// Each part optional (absent = unchanged); ranges and zones are the rules' (settings-rules.ts), with their own errors.
const settingsBody = z
  .object({
    excomChannelId: channelId.optional(),
    generalChannelId: channelId.optional(),
    language: z.enum(['fr', 'en']).optional(),
    timeZone: z.string().max(100).optional(),
    meetingReminderHours: z.number().optional(),
    decisionReminderHours: z.array(z.number()).max(10).optional(),
  })
  .strict();

export function registerSettingsApi(server: Server, deps: SettingsApiDependencies): void {
  const { settings, networkId } = deps;

  apiRoute(server, 'get', '/settings', deps, async ({ user }) => ({ body: await settings.view(networkId, user.aadObjectId) }));

  // The network's language and zone, for every reader's forms (the zone date pickers read times in):
  // any reader of the network (pending included) gets them, nobody else; the rest stays co-chairs'.
  apiRoute(server, 'get', '/settings/network', deps, async ({ user }) => ({ body: await settings.networkBasics(networkId, user.aadObjectId) }));

  apiRoute(server, 'put', '/settings', deps, async ({ user, request }) => {
    const body = settingsBody.parse(request.body);
    return { body: await settings.update(networkId, user.aadObjectId, body) };
  });
}
