/**
 * A test acting as a person in the tab: a tab API call with the dev sign-in of local mode (JSON
 * answers parsed, CSV and other downloads kept raw). Taps on cards: ./card-actions.ts.
 */
import type { TeamsUser } from './teams-activities';

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
