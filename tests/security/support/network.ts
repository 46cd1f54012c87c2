/**
 * A network with every role the abuse suite needs, built from outside only: people write to
 * the bot, click the join card, and a co-chair (named in NETWORK_ADMINS by object id) confirms
 * them from the confirmation card. Then helpers to act as anyone over the bot (card clicks)
 * and over the tab API (dev sign-in of local mode; in production mode, a Bot Framework token
 * on every activity and a Teams SSO token on every API call, both from the local Entra), and `unchanged`, which proves that a
 * refused request changed nothing: every document of the partition (content and ETag,
 * outbox included) and nothing sent to Teams.
 */
import assert from 'node:assert/strict';
import type { BotResponse } from '../../support/bot-client';
import type { LocalEntra } from '../../support/local-entra';
import { startReseauUnderTest, type ReseauUnderTest } from '../../support/reseau-under-test';
import { cardIn, refusalOf } from '../../support/card-actions';
import {
  TEST_TENANT_ID,
  adaptiveCardAction,
  botInstalled,
  message,
  teamsConversation,
  teamsUser,
  type TeamsConversation,
  type TeamsUser,
} from '../../support/teams-activities';

export const NETWORK = 'gn';
export const START = new Date('2026-03-02T09:00:00Z');
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
/** The tab's Entra app in production-mode networks (AAD_APP_CLIENT_ID): the audience of their API tokens. */
export const TAB_CLIENT_ID = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';

/** What a refused reader sees, in each language: the refusal always says nothing happened or why. */
export const REFUSED_FR = /rien n’a été|ne permet pas|en attente de confirmation|Seuls les membres|réservé|Connexion requise|n’est disponible qu’en mode local|pas encore membre|invalide|n’existe pas|C’est clos|plus acceptées|ne correspond pas/i;
export const REFUSED_EN = /nothing was|does not allow|awaiting confirmation|Only network members|reserved|Sign-in required|only available in local mode|not yet a member|invalid|does not exist|is closed|no longer accepted|does not match/i;

export interface Person {
  readonly user: TeamsUser;
  readonly chat: TeamsConversation;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: { code?: string; message?: string } & Record<string, unknown>;
  readonly raw: string;
  readonly headers: Headers;
}

export interface ApiOptions {
  readonly language?: 'fr' | 'en';
  /** Extra headers (e.g. an Authorization header instead of the dev sign-in). */
  readonly headers?: Record<string, string>;
  /** Send this text as the body, as is. */
  readonly rawBody?: string;
  readonly contentType?: string;
}

export interface ClickOptions {
  readonly locale?: string;
  readonly conversation?: TeamsConversation;
  readonly replyToId?: string;
  readonly id?: string;
  readonly tenantId?: string;
}

export interface SecurityNetwork {
  readonly app: ReseauUnderTest & { readonly clock: { now: Date } };
  readonly channel: TeamsConversation;
  /** Resident Coordinator: permanent co-chair (NETWORK_ADMINS `<oid>=cochair`). */
  readonly rc: Person;
  /** RCO officer given the secretariat role explicitly (NETWORK_ADMINS `<oid>=secretariat`). */
  readonly secretariat: Person;
  /** Focal point of each ExCom agency. */
  readonly reps: Readonly<Record<(typeof EXCOM)[number], Person>>;
  /** Focal point of WFP: not ExCom, and another agency's focal point for everyone else. */
  readonly wfpFocal: Person;
  /** Plain member of WFP. */
  readonly member: Person;
  /** Plain member of an ExCom agency (UNDP): not its voice. */
  readonly undpMember: Person;
  /** Asked to join UNICEF as alternate; nobody confirmed them. */
  readonly pending: Person;
  /** Never talked to the bot. */
  readonly stranger: Person;
  api(as: Person | undefined, method: string, path: string, body?: unknown, options?: ApiOptions): Promise<ApiAnswer>;
  click(as: Person, verb: string, data: Record<string, unknown>, options?: ClickOptions): Promise<BotResponse>;
  say(as: Person, words: string, options?: { locale?: string; conversation?: TeamsConversation }): Promise<BotResponse>;
  /** Waits until every queued proactive message went out (moving the clock past Teams' rate windows). */
  settle(): Promise<void>;
  /**
   * Runs `act` on a settled network and proves it changed nothing: the partition (content and
   * ETag of every document, outbox included) is as before and nothing reached Teams.
   */
  unchanged<T>(act: () => Promise<T>, what?: string): Promise<T>;
  person(name: string, overrides?: Partial<TeamsUser>): Person;
  stop(): Promise<void>;
}

export interface NetworkOptions {
  /** Extra environment (ALLOWED_TENANTS, AAD_APP_CLIENT_ID…). */
  readonly env?: NodeJS.ProcessEnv;
  /** Skip the people (for suites that only need the server). */
  readonly bare?: boolean;
  /**
   * Production mode against this local Entra (see the harness' `production`): every activity
   * is signed with a Bot Framework channel token, every API call carries the person's Teams
   * SSO token (audience TAB_CLIENT_ID), and there is no dev sign-in.
   */
  readonly production?: { readonly entra: LocalEntra };
}

/** Asserts a refusal: status, one of the codes, and a message in the reader's language. */
export function assertRefused(actual: { status: number; code: string | undefined; message: string | undefined }, expected: { status: number | readonly number[]; codes: readonly string[]; language?: 'fr' | 'en'; message?: RegExp }, what = ''): void {
  const statuses = typeof expected.status === 'number' ? [expected.status] : expected.status;
  assert.ok(statuses.includes(actual.status), `${what}: status ${actual.status}, expected ${statuses.join('|')} (${actual.code}: ${actual.message})`);
  assert.ok(expected.codes.includes(String(actual.code)), `${what}: code ${actual.code}, expected one of ${expected.codes.join(', ')} (${actual.message})`);
  assert.equal(typeof actual.message, 'string', `${what}: a message the user reads`);
  assert.match(String(actual.message), expected.message ?? (expected.language === 'en' ? REFUSED_EN : REFUSED_FR), what);
}

export function assertApiRefused(answer: ApiAnswer, expected: { status: number | readonly number[]; codes: readonly string[]; language?: 'fr' | 'en'; message?: RegExp }, what = ''): void {
  assertRefused({ status: answer.status, code: answer.body.code, message: answer.body.message }, expected, `${what} ${answer.raw.slice(0, 300)}`);
}

export function assertCardRefused(response: BotResponse, expected: { status: number | readonly number[]; codes: readonly string[]; language?: 'fr' | 'en'; message?: RegExp }, what = ''): void {
  const refusal = refusalOf(response);
  assertRefused({ status: refusal.statusCode, code: refusal.code, message: refusal.message }, expected, what);
}

export async function startSecurityNetwork(options: NetworkOptions = {}): Promise<SecurityNetwork> {
  const rcUser = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
  const secUser = teamsUser({ name: 'Chargé du secrétariat', email: 'secretariat@un.org', userPrincipalName: 'secretariat@un.org' });
  const entra = options.production?.entra;
  const app = (await startReseauUnderTest({
    clockStart: START,
    env: { NETWORK_ADMINS: `${rcUser.aadObjectId}=cochair, ${secUser.aadObjectId}=secretariat`, ...(entra ? { AAD_APP_CLIENT_ID: TAB_CLIENT_ID } : {}), ...options.env },
    ...(options.production ? { production: options.production } : {}),
  })) as ReseauUnderTest & { readonly clock: { now: Date } };

  const person = (name: string, overrides: Partial<TeamsUser> = {}): Person => {
    const user = teamsUser({ name, ...overrides });
    const chat = teamsConversation('personal', { tenantId: user.tenantId });
    app.connector.setRoster(chat.id, [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId, email: user.email, userPrincipalName: user.userPrincipalName, tenantId: user.tenantId }]);
    return { user, chat };
  };
  const adopt = (user: TeamsUser): Person => {
    const chat = teamsConversation('personal', { tenantId: user.tenantId });
    app.connector.setRoster(chat.id, [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId, email: user.email, userPrincipalName: user.userPrincipalName, tenantId: user.tenantId }]);
    return { user, chat };
  };

  const say: SecurityNetwork['say'] = (as, words, sayOptions = {}) =>
    app.post(message({ serviceUrl: app.connector.serviceUrl, user: as.user, conversation: sayOptions.conversation ?? as.chat, tenantId: as.user.tenantId, locale: sayOptions.locale ?? 'fr-FR', text: words }));
  const click: SecurityNetwork['click'] = (as, verb, data, clickOptions = {}) =>
    app.post(
      adaptiveCardAction({
        serviceUrl: app.connector.serviceUrl,
        user: as.user,
        conversation: clickOptions.conversation ?? as.chat,
        tenantId: clickOptions.tenantId ?? (clickOptions.conversation ?? as.chat).tenantId,
        locale: clickOptions.locale ?? 'fr-FR',
        verb,
        data,
        ...(clickOptions.replyToId ? { replyToId: clickOptions.replyToId } : {}),
        ...(clickOptions.id ? { id: clickOptions.id } : {}),
      }),
    );
  const api: SecurityNetwork['api'] = async (as, method, path, body, apiOptions = {}) => {
    const signIn: Record<string, string> = !as ? {} : entra ? { authorization: `Bearer ${await entra.token({ tid: as.user.tenantId, oid: as.user.aadObjectId, aud: TAB_CLIENT_ID, name: as.user.name })}` } : { 'x-reseau-dev-user': as.user.aadObjectId };
    const headers: Record<string, string> = {
      'accept-language': apiOptions.language === 'en' ? 'en-GB' : 'fr-FR',
      ...signIn,
      ...(body !== undefined || apiOptions.rawBody !== undefined ? { 'content-type': apiOptions.contentType ?? 'application/json' } : {}),
      ...apiOptions.headers,
    };
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers,
      ...(apiOptions.rawBody !== undefined ? { body: apiOptions.rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const raw = await response.text();
    let parsed: ApiAnswer['body'] = {};
    try {
      const value = JSON.parse(raw) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as ApiAnswer['body'];
    } catch {
      // Downloads (CSV, HTML, Markdown, .ics) are not JSON.
    }
    return { status: response.status, body: parsed, raw, headers: response.headers };
  };
  // Card refreshes and membership notices start a window after the turn that asked for them
  // (src/cards/card-refresher.ts): waited for here, pending timers included.
  const cardsIdle = () => app.cardsIdle();
  const settle = async () => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      await cardsIdle();
      const busy = app.partition(NETWORK).some((doc) => (doc as { type?: string }).type === 'outbox' && ['queued', 'sending'].includes(String((doc as { status?: string }).status)));
      if (!busy) {
        // The delivery counts of what was just sent are written about a second later in the
        // background (src/delivery/delivery-tally.ts): written now, so they are not taken for
        // a change made by the request under test.
        await app.reseau.outbox.flushCounts();
        return;
      }
      if (Date.now() > deadline) assert.fail('timed out waiting for the outbox to be idle');
      app.clock.now = new Date(app.clock.now.getTime() + 5000);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  };
  const unchanged: SecurityNetwork['unchanged'] = async (act, what = 'refused request') => {
    await settle();
    const before = app.partition(NETWORK);
    const calls = app.connector.calls.filter((call) => call.kind !== 'getMember').length;
    const result = await act();
    // Let anything the request might have queued or scheduled run before looking.
    await cardsIdle();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const after = app.partition(NETWORK);
    assert.deepEqual(after, before, `${what}: the store changed (documents ${before.length} → ${after.length})`);
    const sent = app.connector.calls.filter((call) => call.kind !== 'getMember').slice(calls);
    assert.deepEqual(sent.map((call) => `${call.kind} ${call.path}`), [], `${what}: something was sent to Teams`);
    return result;
  };

  const channel = teamsConversation('channel');
  const rc = adopt(rcUser);
  const secretariat = adopt(secUser);
  const network = {
    app,
    channel,
    rc,
    secretariat,
    api,
    click,
    say,
    settle,
    unchanged,
    person,
    async stop() {
      await app.stop();
    },
  };
  const stranger = person('Inconnu Total');
  if (options.bare) {
    const nobody = person('Personne');
    return { ...network, reps: {} as SecurityNetwork['reps'], wfpFocal: nobody, member: nobody, undpMember: nobody, pending: nobody, stranger };
  }

  // Admins are recognised (and confirmed with their role) on first contact.
  await say(rc, 'bonjour');
  await say(secretariat, 'bonjour');
  await app.post(botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc.user }));

  const join = async (name: string, agencyCode: string, agencyRole: 'focalPoint' | 'alternate' | 'member', confirm = true): Promise<Person> => {
    const who = person(name);
    const joined = await click(who, 'network.join', { networkId: NETWORK, agencyCode, agencyRole });
    cardIn(joined);
    if (confirm) {
      const confirmed = await click(rc, 'network.member.confirm', { networkId: NETWORK, memberId: who.user.aadObjectId, agencyCode });
      cardIn(confirmed);
    }
    return who;
  };
  const reps = {} as Record<(typeof EXCOM)[number], Person>;
  for (const agency of EXCOM) reps[agency] = await join(`Point focal ${agency}`, agency, 'focalPoint');
  const wfpFocal = await join('Point focal PAM', 'WFP', 'focalPoint');
  const member = await join('Ibrahima Sylla', 'WFP', 'member');
  const undpMember = await join('Membre PNUD', 'UNDP', 'member');
  const pending = await join('Nouvelle UNICEF', 'UNICEF', 'alternate', false);
  await settle();
  return { ...network, reps, wfpFocal, member, undpMember, pending, stranger };
}

/** Object ids are GUIDs; one nobody ever used. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
export { TEST_TENANT_ID };

export interface Fixtures {
  readonly decisionId: string;
  readonly pollId: string;
  readonly anonymousPollId: string;
  readonly meetingId: string;
  /** Requested by a member, version 1 by the RC, submitted to ExCom. */
  readonly statementId: string;
  /** Only requested. */
  readonly requestedStatementId: string;
}

export const convocation = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'regular',
  title: 'Réunion ordinaire de mars',
  start: '2026-03-10T10:00:00Z',
  end: '2026-03-10T12:00:00Z',
  timeZone: 'Africa/Conakry',
  location: { kind: 'iomOffice' },
  onlineUrl: 'https://teams.microsoft.com/l/meetup-join/secret-link',
  agenda: [{ title: 'Point sur le PMM', agencyCode: 'IOM' }],
  documents: [],
  invitees: { kind: 'all' },
  externalGuests: [],
  ...overrides,
});

/** A decision, two polls, a meeting and two statements, created by the RC over the tab API. */
export async function createFixtures(net: SecurityNetwork): Promise<Fixtures> {
  const ok = (answer: ApiAnswer, what: string) => {
    assert.ok(answer.status >= 200 && answer.status < 300, `${what}: ${answer.status} ${answer.raw.slice(0, 400)}`);
    return answer.body;
  };
  const deadline = new Date(START.getTime() + 3 * DAY).toISOString();
  const decision = ok(await net.api(net.rc, 'POST', '/decisions', { title: 'Plan de travail 2026', text: { fr: 'Le Réseau adopte son plan de travail.' }, mode: 'consensus', deadline }), 'decision');
  const poll = ok(await net.api(net.rc, 'POST', '/polls', { question: 'Lieu de l’atelier ?', kind: 'single', options: ['Conakry', 'Kankan'], deadline }), 'poll');
  const anonymous = ok(await net.api(net.rc, 'POST', '/polls', { question: 'Sujet sensible ?', kind: 'single', options: ['Oui', 'Non'], anonymous: true, deadline }), 'anonymous poll');
  const meeting = ok(await net.api(net.rc, 'POST', '/meetings', convocation()), 'meeting');
  const statement = ok(await net.api(net.member, 'POST', '/statements', { title: 'Journée des migrants', purpose: 'Message commun' }), 'statement');
  const statementId = String(statement.statementId);
  ok(await net.api(net.rc, 'POST', `/statements/${statementId}/versions`, { text: { fr: 'Le Réseau rappelle les droits des migrants.' } }), 'version');
  ok(await net.api(net.rc, 'POST', `/statements/${statementId}/submit`, { version: 1 }), 'submit');
  const requested = ok(await net.api(net.member, 'POST', '/statements', { title: 'Retours volontaires' }), 'requested statement');
  await net.settle();
  return {
    decisionId: String(decision.decisionId),
    pollId: String(poll.pollId),
    anonymousPollId: String(anonymous.pollId),
    meetingId: String((meeting as { meetingId?: string; id?: string }).meetingId ?? ''),
    statementId,
    requestedStatementId: String(requested.statementId),
  };
}
