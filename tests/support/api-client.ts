/**
 * The two ways a test acts as a person on a running Réseau: a tab API call with the dev sign-in
 * of local mode (JSON answers parsed, CSV and other downloads kept raw), and a tap on a card
 * (an `adaptiveCard/action` invoke through /api/messages, from a 1:1 chat unless told).
 */
import { postActivity, type BotResponse } from './bot-client';
import { adaptiveCardAction, teamsConversation, type TeamsConversation, type TeamsUser } from './teams-activities';

export interface ApiAnswer {
  readonly status: number;
  /** The JSON body; `{}` for a download (CSV, .ics, HTML, Markdown), whose text is `raw`. */
  readonly body: Record<string, unknown>;
  readonly raw: string;
  readonly headers: Headers;
}

/** `as` undefined: an anonymous call (no sign-in at all). `headers` are added last (e.g. the request's network). */
export async function apiCall(
  baseUrl: string,
  method: string,
  path: string,
  as: Pick<TeamsUser, 'aadObjectId'> | undefined,
  body?: unknown,
  language = 'fr-FR',
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'accept-language': language, ...(as ? { 'x-reseau-dev-user': as.aadObjectId } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const raw = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    // Downloads are not JSON.
  }
  return { status: response.status, body: json, raw, headers: response.headers };
}

export function cardTap(
  app: { readonly url: string; readonly connector: { readonly serviceUrl: string } },
  user: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  options: { readonly locale?: string; readonly conversation?: TeamsConversation } = {},
): Promise<BotResponse> {
  return postActivity(
    app.url,
    adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user, conversation: options.conversation ?? teamsConversation('personal'), locale: options.locale ?? 'fr-FR', verb, data }),
  );
}
