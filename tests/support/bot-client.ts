// Posts activities to the bot's real HTTP endpoint the way the Bot Connector does, so e2e
// tests go through restify, the adapter and the turn pipeline exactly as in production.

export interface BotResponse {
  status: number;
  /** Parsed JSON when the answer is JSON (invoke responses), else the raw text ('' if none). */
  body: unknown;
  headers: Record<string, string>;
}

export interface PostOptions {
  headers?: Record<string, string>;
  /** Abort after this long; an invoke must be answered within 5 s in Teams. Default 10 s. */
  timeoutMs?: number;
}

async function send(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<BotResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  if (text.length > 0 && /json/i.test(response.headers.get('content-type') ?? '')) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // Keep the text: a malformed JSON answer is itself something a test wants to see.
    }
  }
  return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers.entries()) };
}

function endpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/messages`;
}

/** POST `activity` as JSON to `${baseUrl}/api/messages`. */
export function postActivity(baseUrl: string, activity: unknown, options: PostOptions = {}): Promise<BotResponse> {
  return send(
    endpoint(baseUrl),
    JSON.stringify(activity),
    { 'Content-Type': 'application/json; charset=utf-8', ...options.headers },
    options.timeoutMs ?? 10_000,
  );
}

/** POST a body as-is, for malformed-input tests (broken JSON, wrong content type…). */
export function postRaw(
  baseUrl: string,
  rawBody: string,
  contentType = 'application/json',
  options: PostOptions = {},
): Promise<BotResponse> {
  return send(endpoint(baseUrl), rawBody, { 'Content-Type': contentType, ...options.headers }, options.timeoutMs ?? 10_000);
}
