/**
 * Serves the built tab (Vite output in dist/tab) under /tab: hashed assets cached for a year,
 * the page itself never cached (so a deployment is picked up at once), every /tab URL that is
 * not an asset answered with the page (the app routes with the hash; /tab/config and
 * /tab/auth-end are pages of the same app). When the tab was not built, a bilingual page says
 * so instead of a blank frame in Teams.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
// Teams hosts tabs in frames of these origins; no one else may frame the tab.
const TAB_FRAME_ANCESTORS = "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.cloud.microsoft https://*.office.com https://*.cloud.microsoft https://*.skype.com";

/** The tab: its own files only, inside Teams only. */
export const TAB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // @microsoft/teams-js is bundled into the tab's own script by Vite and talks to Teams with
  // postMessage: no script from another origin. It does fetch the list of Teams host origins
  // it trusts from Microsoft's CDN at start-up (falling back to its bundled copy), hence that
  // one origin besides the API.
  "script-src 'self'",
  "connect-src 'self' https://res.cdn.office.net",
  // Fluent UI v9 (Griffel) adds its CSS rules in <style> elements at run time; without
  // 'unsafe-inline' the tab is unstyled. Styles cannot run code: scripts stay 'self' only.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  TAB_FRAME_ANCESTORS,
].join('; ');

const ASSET = /^\/tab\/assets\/([\w.-]{1,200})$/;

export interface TabResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

/** dist/tab beside the package.json this code belongs to, whether run from src/ (tsx) or dist/src/. */
export function defaultTabDirectory(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'tab');
    dir = path.dirname(dir);
  }
  return path.resolve(from, '..', '..', 'dist', 'tab');
}

export class TabAssets {
  private page: Promise<Buffer | undefined> | undefined;

  constructor(private readonly directory: string = defaultTabDirectory()) {}

  async respond(urlPath: string): Promise<TabResponse> {
    const security = { 'x-content-type-options': 'nosniff', 'content-security-policy': TAB_CONTENT_SECURITY_POLICY };
    const asset = ASSET.exec(urlPath);
    if (asset?.[1]) {
      const file = path.join(this.directory, 'assets', asset[1]);
      try {
        const body = await readFile(file);
        const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
        // Vite puts a content hash in every asset name: a changed file is a new URL.
        return { status: 200, headers: { ...security, 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' }, body };
      } catch {
        return { status: 404, headers: { ...security, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' }, body: 'Not found' };
      }
    }
    const page = await this.indexPage();
    return {
      status: 200,
      headers: { ...security, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
      body: page ?? tabNotBuiltPage(),
    };
  }

  private indexPage(): Promise<Buffer | undefined> {
    // Read once; a missing build is looked for again on the next request (it may appear later).
    this.page ??= readFile(path.join(this.directory, 'index.html')).catch(() => {
      this.page = undefined;
      return undefined;
    });
    return this.page;
  }
}

/** What /tab shows when the tab was not built (`npm run build:tab`): not a blank frame. */
export function tabNotBuiltPage(): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Réseau</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; margin: 2rem; color: #242424; background: #fff; }
  @media (prefers-color-scheme: dark) { body { color: #fff; background: #1f1f1f; } }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  p { max-width: 42rem; line-height: 1.5; }
  .en { opacity: .8; }
</style>
</head>
<body>
<main>
  <h1>Réseau</h1>
  <p>L’onglet du Réseau des Nations Unies sur les migrations en Guinée n’est pas disponible sur ce serveur pour le moment : il n’a pas été construit (<code>npm run build:tab</code>). Le bot fonctionne normalement.</p>
  <p class="en" lang="en">The tab of the UN Network on Migration in Guinea is not available on this server right now: it was not built (<code>npm run build:tab</code>). The bot works as usual.</p>
</main>
</body>
</html>
`;
}
