/**
 * The weekly digest on a clock the test sets (posted to the network channel once, grouped by
 * GCM objective, nothing when nothing happened) and the report downloads of the tab API
 * (HTML and Word, parsed back), end to end on the real app.
 */
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { postActivity } from '../support/bot-client';
import { cardIn, cardTap, chatMessage, refusalOf } from '../support/card-actions';
import type { WireActivity } from '../support/fake-connector';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const MONDAY = new Date('2026-03-02T09:00:00Z');
const text = (value: unknown) => JSON.stringify(value);

describe('updates digest and report, end to end', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let clock: { now: Date };
  let rc: TeamsUser;
  let rcChat: TeamsConversation;
  let channel: TeamsConversation;

  const at = (iso: string) => {
    clock.now = new Date(iso);
  };
  const share = (fields: Record<string, unknown>) =>
    cardTap(app, rc, 'updates.share', { networkId: NETWORK, summary: '', link: '', kind: 'news', agencyCode: 'IOM', ...fields }, { conversation: rcChat });
  const digestPosts = () =>
    app.connector.calls.filter((call) => call.kind === 'send' && call.conversationId === channel.id && call.status < 300 && /Synthèse du réseau/.test(text(call.body)));

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    app = await startReseauUnderTest({ clockStart: MONDAY, env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, DIGEST_SCHEDULE: 'weekly:mon@08:00' } });
    clock = app.clock!;
    rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email }]);
    await chatMessage(app, rc, 'bonjour', { conversation: rcChat });
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: channel }));
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('posts the week’s digest to the channel once, grouped by objective, and none for a quiet week', async () => {
    at('2026-03-03T10:00:00Z');
    await share({ title: 'Rapport sur la traite à Conakry', objectives: '10' });
    at('2026-03-04T10:00:00Z');
    await share({ title: 'Profils de vulnérabilité des migrants de retour', objectives: '7,10', agencyCode: 'UNICEF', kind: 'study' });
    at('2026-03-05T10:00:00Z');
    await share({ title: 'Fête de la diaspora à Labé', objectives: '' });

    // Before the week ends the digest of the previous (empty) week is all there is.
    assert.equal((await app.reseau.updates.runDigest(NETWORK)).status, 'alreadyDone');
    at('2026-03-09T08:05:00Z');
    const run = await app.reseau.updates.runDigest(NETWORK);
    assert.deepEqual(run, { status: 'posted', period: { from: '2026-03-02T08:00:00.000Z', to: '2026-03-09T08:00:00.000Z' }, channels: 1, updates: 3 });

    const call = await app.connector.waitFor((candidate) => candidate.kind === 'send' && candidate.conversationId === channel.id && /Synthèse du réseau/.test(text(candidate.body)), 10_000);
    const card = (call.body as WireActivity).attachments?.[0]?.content;
    assert.deepEqual(parseAdaptiveCard(card).problems, []);
    const json = text(card);
    assert.match(json, /Synthèse du réseau — 2 mars 2026 au 9 mars 2026/);
    assert.match(json, /3 actualités, 0 réunion tenue, 0 décision prise/);
    const headings = [...json.matchAll(/Objectif (\d+) —|Sans objectif du Pacte mondial/g)].map((match) => match[1] ?? 'none');
    assert.deepEqual(headings, ['7', '10', 'none'], 'objectives in order, updates without one last');
    // An update about objectives 7 and 10 appears under both.
    assert.equal(json.split('Profils de vulnérabilité des migrants de retour').length - 1, 2);

    assert.equal((await app.reseau.updates.runDigest(NETWORK)).status, 'alreadyDone');
    at('2026-03-16T09:00:00Z');
    assert.equal((await app.reseau.updates.runDigest(NETWORK)).status, 'empty', 'a quiet week has no digest');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(digestPosts().length, 1);
  });

  it('`rapport` covers the current quarter including today, and the card picks another period (quarter, year, dates), refusing one that cannot be (issue 15)', async () => {
    const say = (words: string, locale = 'fr-FR') => chatMessage(app, rc, words, { conversation: rcChat, locale });
    const lastCard = () => app.connector.activities({ conversationId: rcChat.id }).at(-1)?.attachments?.[0]?.content as { actions?: { verb?: string; data?: Record<string, unknown> }[] };
    const updatesFact = (card: unknown) => /"title":"Actualités par objectif du Pacte mondial","value":"(\d+)"/.exec(text(card))?.[1];
    const pick = (data: Record<string, unknown>, locale = 'fr-FR') => cardTap(app, rc, 'updates.report', { networkId: NETWORK, ...data }, { conversation: rcChat, locale });
    at('2025-12-15T10:00:00Z');
    await share({ title: 'Bilan de décembre', objectives: '1' });
    at('2026-02-10T10:00:00Z');
    await share({ title: 'Données de février', objectives: '1' });
    at('2026-05-20T09:00:00Z');
    await share({ title: 'Partagé ce matin', objectives: '23' });

    // A new quarter: what was shared this morning is in the report, the earlier quarter is not.
    await say('rapport');
    const card = lastCard();
    assert.deepEqual(parseAdaptiveCard(card).problems, []);
    assert.match(text(card), /Rapport au Réseau régional — 1 avril 2026 au 20 mai 2026/);
    assert.match(text(card), /Trimestre en cours, à ce jour \(aujourd’hui compris\)/);
    assert.equal(updatesFact(card), '1');
    assert.match(text(card), /Partagé ce matin|23\. \(1\)/);
    const show = card.actions?.find((action) => action.verb === 'updates.report');
    assert.ok(show, text(card.actions));
    assert.match(text(card), /"id":"period".*"value":"quarter"/);
    assert.match(text(card), /"type":"Input.Date","id":"from".*"value":"2026-04-01"/);

    // Other periods, chosen on the card, answer with the card for that period in place.
    const answered = async (data: Record<string, unknown>) => {
      return cardIn<unknown>(await pick(data), { parsed: true });
    };
    const previousQuarter = await answered({ period: 'previousQuarter' });
    assert.match(text(previousQuarter), /1 janvier 2026 au 31 mars 2026/);
    assert.equal(updatesFact(previousQuarter), '1');
    assert.equal(updatesFact(await answered({ period: 'year' })), '2');
    const lastYear = await answered({ period: 'previousYear' });
    assert.match(text(lastYear), /1 janvier 2025 au 31 décembre 2025/);
    assert.equal(updatesFact(lastYear), '1');
    const custom = await answered({ period: 'custom', from: '2025-12-01', to: '2026-05-20' });
    assert.match(text(custom), /1 décembre 2025 au 20 mai 2026/);
    assert.equal(updatesFact(custom), '3');
    // Dates are ignored unless "dates chosen" is picked.
    assert.equal(updatesFact(await answered({ period: 'quarter', from: '2020-01-01', to: '2020-01-02' })), '1');

    // What cannot be a period is refused in the reader's language, and what is not a choice is altered data.
    for (const [data, locale, message] of [
      [{ period: 'custom', from: '2026-02-30', to: '2026-03-31' }, 'fr-FR', /^Période invalide\u202f: indiquez deux dates qui existent/],
      [{ period: 'custom', from: '2026-05-21', to: '2026-06-30' }, 'en-US', /^Invalid period: .*the start today at the latest/],
      [{ period: 'custom', from: '2026-03-31', to: '2026-01-01' }, 'fr-FR', /^Période invalide/],
      [{ period: 'custom' }, 'fr-FR', /^Période invalide/],
      [{ period: 'decade' }, 'fr-FR', /données invalides/],
    ] as const) {
      assert.match(refusalOf(await pick(data, locale)).message, message, text(data));
    }
  });

  it('downloads the report as HTML and as Word with the figures of the period, and refuses a stranger', async () => {
    at('2026-01-15T10:00:00Z');
    await share({ title: 'Janvier : <b>données</b> ${title}', objectives: '1,10', kind: 'data' });
    at('2026-02-10T10:00:00Z');
    await share({ title: 'Février : traite', objectives: '10', agencyCode: 'UNODC' });
    at('2026-04-02T10:00:00Z');
    await share({ title: 'Avril : hors période', objectives: '23' });
    const headers = { 'x-reseau-dev-user': rc.aadObjectId };

    const json = await fetch(`${app.url}/api/v1/reports?from=2026-01-01&to=2026-03-31`, { headers });
    assert.equal(json.status, 200);
    const { figures, card } = (await json.json()) as {
      figures: { updates: { total: number; byObjective: { objective: number; count: number }[] }; statements: { recorded: boolean } };
      card: unknown;
    };
    assert.equal(figures.updates.total, 2);
    assert.deepEqual(figures.updates.byObjective.filter((row) => row.count > 0), [{ objective: 1, count: 1 }, { objective: 10, count: 2 }]);
    assert.equal(figures.statements.recorded, true, 'joint statements are recorded by Réseau');
    assert.deepEqual(parseAdaptiveCard(card).problems, []);
    assert.match(text(card), /Rapport au Réseau régional — 1 janvier 2026 au 31 mars 2026/);

    const html = await fetch(`${app.url}/api/v1/reports/download?from=2026-01-01&to=2026-03-31&format=html`, { headers });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-disposition') ?? '', /attachment; filename="reseau-rapport-2026-01-01-2026-03-31.html"/);
    const page = await html.text();
    assert.match(page, /<h1>Rapport au Réseau régional des Nations Unies sur les migrations<\/h1>/);
    assert.match(page, /Janvier : &lt;b&gt;données&lt;\/b&gt; \$\{title\}/, 'titles show as typed, never as markup');
    assert.ok(!page.includes('<b>données</b>'));
    const bars = [...page.matchAll(/data-objective="(\d+)" data-count="(\d+)"/g)].map((match) => [Number(match[1]), Number(match[2])]);
    assert.equal(bars.length, 23);
    assert.deepEqual(bars.filter(([, count]) => count! > 0), [[1, 1], [10, 2]]);
    assert.match(page, /Aucune déclaration conjointe publiée sur la période\./);

    const word = await fetch(`${app.url}/api/v1/reports/download?from=2026-01-01&to=2026-03-31&format=docx`, { headers: { ...headers, 'accept-language': 'en-GB' } });
    assert.equal(word.status, 200);
    assert.equal(word.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(Buffer.from(await word.arrayBuffer()));
    const documentXml = await zip.file('word/document.xml')?.async('string');
    assert.ok(documentXml);
    assert.match(documentXml, /Report to the Regional UN Network on Migration/);
    assert.match(documentXml, /Janvier : &lt;b&gt;données&lt;\/b&gt; \$\{title\}/);
    assert.ok(!documentXml.includes('Avril'), 'updates outside the period are left out');

    // In chat, `rapport <from> <to>` answers with the summary card.
    await chatMessage(app, rc, 'rapport 2026-01-01 2026-03-31', { conversation: rcChat });
    const summary = app.connector.activities({ conversationId: rcChat.id }).at(-1)?.attachments?.[0]?.content;
    assert.match(text(summary), /Rapport au Réseau régional — 1 janvier 2026 au 31 mars 2026/);
    assert.match(text(summary), /"title":"Actualités par objectif du Pacte mondial","value":"2"/);
    assert.match(text(summary), /"title":"Déclarations conjointes publiées","value":"0"/);

    const stranger = await fetch(`${app.url}/api/v1/reports/download?from=2026-01-01&to=2026-03-31&format=docx`, { headers: { 'x-reseau-dev-user': teamsUser().aadObjectId } });
    assert.equal(stranger.status, 403);
    const badPeriod = await fetch(`${app.url}/api/v1/reports/download?from=2026-03-31&to=2026-01-01`, { headers });
    assert.equal(badPeriod.status, 400);
  });

  it('serves the knowledge base to the tab with filters and search', async () => {
    at('2026-03-03T10:00:00Z');
    await share({ title: 'Traite : rapport national', objectives: '10', kind: 'study' });
    await share({ title: 'Données retours', objectives: '21', kind: 'data', agencyCode: 'UNHCR' });
    const headers = { 'x-reseau-dev-user': rc.aadObjectId };
    const get = async (query: string) => {
      const response = await fetch(`${app.url}/api/v1/updates${query}`, { headers });
      return { status: response.status, body: (await response.json()) as { total: number; updates: { title: string }[]; code?: string } };
    };
    assert.equal((await get('')).body.total, 2);
    assert.deepEqual((await get('?objective=10')).body.updates.map((update) => update.title), ['Traite : rapport national']);
    assert.deepEqual((await get('?kind=data&agency=UNHCR')).body.updates.map((update) => update.title), ['Données retours']);
    assert.deepEqual((await get('?q=rapport')).body.updates.map((update) => update.title), ['Traite : rapport national']);
    assert.equal((await get('?from=2026-03-04&to=2026-03-31')).body.total, 0);
    assert.equal((await get('?objective=24')).status, 400);

    const posted = await fetch(`${app.url}/api/v1/updates`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Depuis l’onglet', kind: 'news', agencyCode: 'RCO', objectives: [3], link: 'javascript:alert(1)' }),
    });
    assert.equal(posted.status, 400);
    assert.match(((await posted.json()) as { message: string }).message, /http:\/\/ ou https:\/\//);
  });
});
