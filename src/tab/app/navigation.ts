/**
 * The tab's pages, who sees each, and its routes. Pure (no React, no DOM): the navigation shows
 * a reader only the pages whose right the server's permissions table gives them (`/me`'s
 * `allowed`, computed by `may`) and only pages that exist — never a link to a missing place. A
 * route is the URL hash (`#/decisions/<id>`); a Teams deep link's sub-entity id is the same path
 * without `#/` (`decisions/<id>`), so a card opens the same page inside Teams and outside.
 */

/** Every page of the network's home, in the navigation's order. */
export const PAGE_IDS = ['myWork', 'meetings', 'polls', 'decisions', 'statements', 'updates', 'workplan', 'members', 'settings'] as const;
export type PageId = (typeof PAGE_IDS)[number];

interface PageEntry {
  /** The hash the navigation opens. */
  readonly hash: string;
  /** The right (permissions.ts action) the page needs: reading pages need `viewDirectory`, which any member has. */
  readonly needs: string;
  /** False until the page is built: such a page is never shown. */
  readonly built: boolean;
}

export const PAGES: Readonly<Record<PageId, PageEntry>> = {
  myWork: { hash: '#/', needs: 'viewDirectory', built: true },
  meetings: { hash: '#/meetings', needs: 'viewDirectory', built: true },
  // Members who may answer polls read the list and answer there; creating needs createPoll (the page's button).
  polls: { hash: '#/polls', needs: 'answerPoll', built: true },
  decisions: { hash: '#/decisions', needs: 'viewDirectory', built: true },
  statements: { hash: '#/statements', needs: 'viewDirectory', built: true },
  updates: { hash: '#/updates', needs: 'viewDirectory', built: true },
  workplan: { hash: '#/workplan', needs: 'viewDirectory', built: true },
  members: { hash: '#/members', needs: 'viewMemberList', built: true },
  settings: { hash: '#/settings', needs: 'manageSettings', built: true },
};

/** The pages this reader may use, in order. */
export function visiblePages(allowed: readonly string[]): PageId[] {
  return PAGE_IDS.filter((id) => PAGES[id].built && allowed.includes(PAGES[id].needs));
}

export type Route =
  | { readonly page: 'myWork' }
  | { readonly page: 'meetings' }
  | { readonly page: 'newConvocation'; readonly query: string }
  | { readonly page: 'meeting'; readonly meetingId: string; readonly edit: boolean }
  | { readonly page: 'decisions'; readonly query: string }
  | { readonly page: 'newDecision' }
  | { readonly page: 'decision'; readonly decisionId: string }
  | { readonly page: 'updates' }
  | { readonly page: 'polls' }
  | { readonly page: 'newPoll' }
  | { readonly page: 'poll'; readonly pollId: string }
  | { readonly page: 'members' }
  | { readonly page: 'settings' }
  | { readonly page: 'statements' }
  | { readonly page: 'newStatement' }
  | { readonly page: 'statement'; readonly statementId: string }
  | { readonly page: 'workplan' }
  | { readonly page: 'notFound' };

/** Which navigation entry a route belongs to (undefined: none is selected). */
export function pageOf(route: Route): PageId | undefined {
  switch (route.page) {
    case 'myWork':
      return 'myWork';
    case 'meetings':
    case 'newConvocation':
    case 'meeting':
      return 'meetings';
    case 'decisions':
    case 'newDecision':
    case 'decision':
      return 'decisions';
    case 'updates':
      return 'updates';
    case 'polls':
    case 'newPoll':
    case 'poll':
      return 'polls';
    case 'members':
      return 'members';
    case 'settings':
      return 'settings';
    case 'statements':
    case 'newStatement':
    case 'statement':
      return 'statements';
    case 'workplan':
      return 'workplan';
    default:
      return undefined;
  }
}

const MEETING = /^\/meetings\/([0-9a-f-]{36})(\/edit)?$/i;
const DECISION = /^\/decisions\/([\w-]{1,100})$/;
const POLL = /^\/polls\/([\w-]{1,100})$/;
const STATEMENT = /^\/statements\/([\w-]{1,100})$/;

/** `#/…` → the route; anything else is `notFound` (the page says so, with the navigation). */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const clean = path === '' ? '/' : path.replace(/\/+$/, '') || '/';
  if (clean === '/' || clean === '/my-work') return { page: 'myWork' };
  if (clean === '/meetings') return { page: 'meetings' };
  // `#/new` is the convocation form's address since the first tab (cards carry it).
  if (clean === '/new' || clean === '/meetings/new') return { page: 'newConvocation', query };
  if (clean === '/decisions') return { page: 'decisions', query };
  if (clean === '/decisions/new') return { page: 'newDecision' };
  // `#/knowledge` was the updates page's address before the navigation named it "Updates".
  if (clean === '/updates' || clean === '/knowledge') return { page: 'updates' };
  if (clean === '/polls') return { page: 'polls' };
  if (clean === '/polls/new') return { page: 'newPoll' };
  if (clean === '/members') return { page: 'members' };
  if (clean === '/settings') return { page: 'settings' };
  if (clean === '/workplan') return { page: 'workplan' };
  const meeting = MEETING.exec(clean);
  if (meeting?.[1]) return { page: 'meeting', meetingId: meeting[1].toLowerCase(), edit: Boolean(meeting[2]) };
  const decision = DECISION.exec(clean);
  if (decision?.[1]) return { page: 'decision', decisionId: decision[1] };
  const poll = POLL.exec(clean);
  if (poll?.[1]) return { page: 'poll', pollId: poll[1] };
  if (clean === '/statements') return { page: 'statements' };
  if (clean === '/statements/new') return { page: 'newStatement' };
  const statement = STATEMENT.exec(clean);
  if (statement?.[1]) return { page: 'statement', statementId: statement[1] };
  return { page: 'notFound' };
}

/**
 * The hash a Teams deep link's sub-entity id opens (`decisions/abc` → `#/decisions/abc`), or
 * undefined when it names no page (then the tab opens where it is).
 */
export function hashForSubEntity(subEntityId: string | undefined): string | undefined {
  if (!subEntityId) return undefined;
  const hash = `#/${subEntityId.replace(/^#?\/?/, '')}`;
  return parseRoute(hash).page === 'notFound' ? undefined : hash;
}
