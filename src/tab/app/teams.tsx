/**
 * The Teams host, when there is one: locale, theme (default, dark, high contrast) and the SSO
 * token. Outside Teams (a plain browser, the browser tests) none of this exists and the tab
 * falls back to the browser's language and the light theme.
 */
import { authTokenRequest, channelContextOf, type ChannelContext } from './channel-context';

// teams-js is loaded only when a Teams host may be there: on import it fetches the list of
// Teams origins from Microsoft's CDN, a request a page opened outside Teams must not make.
type TeamsJs = typeof import('@microsoft/teams-js');
let teamsJs: Promise<TeamsJs> | undefined;
/** The teams-js module, loaded once (only ever called once a Teams host may be there). */
export const loadTeamsJs = (): Promise<TeamsJs> => (teamsJs ??= import('@microsoft/teams-js'));

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export interface Host {
  readonly inTeams: boolean;
  readonly locale: string;
  readonly theme: TeamsTheme;
  /** The sub-entity id of the deep link that opened the tab (`decisions/<id>`), if any. */
  readonly subPageId?: string;
  /** The channel the tab is in (a shared channel's host tenant and team), when in one. */
  readonly channel?: ChannelContext;
  onThemeChange(handler: (theme: TeamsTheme) => void): void;
  token(): Promise<string>;
}

const asTheme = (value: string | undefined): TeamsTheme => (value === 'dark' || value === 'contrast' ? value : 'default');

// Teams always hosts a tab in an iframe (web) or a webview that sets a parent/opener; a page
// opened directly has neither, and teams-js would wait for a host that never answers.
function maybeHosted(): boolean {
  try {
    return window.parent !== window || Boolean(window.opener) || /Teams\//.test(navigator.userAgent);
  } catch {
    return true;
  }
}

export async function connectToHost(): Promise<Host> {
  const browser: Host = {
    inTeams: false,
    locale: navigator.language,
    theme: 'default',
    onThemeChange: () => undefined,
    token: () => Promise.reject(new Error('not in Teams')),
  };
  if (!maybeHosted()) return browser;
  try {
    const { app, authentication } = await loadTeamsJs();
    await Promise.race([app.initialize(), new Promise((_resolve, reject) => setTimeout(() => reject(new Error('no Teams host')), 4000))]);
    const context = await app.getContext();
    app.notifySuccess();
    const channel = channelContextOf(context);
    return {
      inTeams: true,
      locale: context.app.locale,
      theme: asTheme(context.app.theme),
      ...(context.page.subPageId ? { subPageId: context.page.subPageId } : {}),
      ...(channel.kind !== 'none' ? { channel } : {}),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme))),
      // An external member of a shared channel signs in with their home tenant, not the host's.
      token: () => authentication.getAuthToken(authTokenRequest(channel)),
    };
  } catch {
    return browser;
  }
}
