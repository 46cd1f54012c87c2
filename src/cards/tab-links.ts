/**
 * Where a card's button opens a page of the tab. Inside Teams, a Teams deep link to the app's
 * personal static tab with the page as its sub-entity id (the tab reads it on load through
 * teams-js `app.getContext().page.subPageId` and opens that page); its `webUrl` is the tab's web
 * address, which Teams uses where it cannot open the app (a browser without Teams). Without a
 * Teams app id (local runs, the Agents Playground) the web address itself.
 *
 * A route is the tab's hash route (`#/decisions/<id>`, src/tab/app/navigation.ts); its
 * sub-entity id is the same path without `#/`.
 */

/** The personal static tab's entityId in appPackage/manifest.json (checked by a unit test). */
export const TAB_ENTITY_ID = 'home';
const TEAMS_DEEP_LINK_BASE = 'https://teams.microsoft.com/l/entity';

/** The link a card shows for a tab route, or undefined when the tab has no address to give. */
export type TabLink = (route: string) => string | undefined;

export interface TabLinkOptions {
  /** The Teams app's id (the manifest's `id`, TEAMS_APP_ID). */
  readonly teamsAppId?: string;
  /** The app's public base URL (evaluated at each link: the listening address is known late). */
  readonly publicUrl?: () => string | undefined;
}

export function tabLink(options: TabLinkOptions): TabLink {
  return (route) => {
    const base = options.publicUrl?.()?.replace(/\/+$/, '');
    const web = base && /^https?:\/\//.test(base) ? `${base}/tab${route}` : undefined;
    if (!options.teamsAppId) return web;
    const subEntityId = route.replace(/^#\/?/, '');
    const query = [
      ...(web ? [`webUrl=${encodeURIComponent(web)}`] : []),
      `label=${encodeURIComponent('Réseau')}`,
      `context=${encodeURIComponent(JSON.stringify({ subEntityId }))}`,
    ].join('&');
    return `${TEAMS_DEEP_LINK_BASE}/${encodeURIComponent(options.teamsAppId)}/${TAB_ENTITY_ID}?${query}`;
  };
}

/**
 * The tab routes cards link to, named once so a test can check each exists in the tab's
 * navigation (tests/unit/cards/tab-links.spec.ts): no card may point to a missing page.
 */
export const TAB_ROUTES = {
  myWork: (): string => '#/',
  meeting: (meetingId: string): string => `#/meetings/${meetingId}`,
  decisions: (): string => '#/decisions',
  decision: (decisionId: string): string => `#/decisions/${decisionId}`,
  updates: (): string => '#/updates',
  workplan: (): string => '#/workplan',
} as const;
