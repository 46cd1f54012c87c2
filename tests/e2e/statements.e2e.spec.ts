/**
 * Joint statements end to end: the request from the chat, drafting by the agency the co-chairs
 * name, the clearance card in the channel updated in place, each ExCom agency's clearance of an
 * exact version clicked through the real /api/messages, reminders on a controllable clock, and
 * delivery on behalf of the Network with its final text from the tab API (dev sign-in).
 */
import assert from 'node:assert/strict';
import { agencyVoiceDocumentId, type AgencyVoiceDocument } from '../../src/agency-voices/model';
import { RECORD_VOICES_LIMIT } from '../../src/agency-voices/voice-rules';
import type { StatementDocument } from '../../src/statements/model';
import { apiCall } from '../support/api-client';
import { postActivity } from '../support/bot-client';
import { cardIn, cardOfActivity, cardsTo, cardTapper, chatMessage, refusalOf } from '../support/card-actions';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import { lastDeliveredActivity, type RecordedCall, type WireActivity } from '../support/fake-connector';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { TEST_TENANT_ID, botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
const HOUR = 3600_000;

type CardJson = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, string>; title?: string }[]; refresh?: { action: { verb: string; data?: Record<string, string> } } } & Record<string, unknown>;
type StatementView = { statement: StatementDocument; clearance?: { version: number; validated: boolean; approved: string[]; changesRequested: string[]; pending: string[] } };
const text = (value: unknown) => JSON.stringify(value);

describe('joint statements cleared by ExCom in channel, through /api/messages', function () {
  this.timeout(60_000);
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let rcChat: TeamsConversation;
  let channel: TeamsConversation;
  const reps: Record<string, TeamsUser> = {};
  let iomAlternate: TeamsUser;
  let wfp: TeamsUser;
  let unicefMember: TeamsUser;

  const api = (method: string, path: string, as: TeamsUser, body?: unknown) => apiCall(app.url, method, path, as, body);
  // The clearance card is in the channel: taps come from there unless told.
  const click = cardTapper(() => app, () => ({ conversation: channel }));
  const say = (who: TeamsUser, words: string, conversation: TeamsConversation, locale = 'fr-FR') => chatMessage(app, who, words, { conversation, locale });
  const channelSends = (pattern: RegExp) => app.connector.calls.filter((call) => call.kind === 'send' && call.status < 300 && call.conversationId === channel.id && pattern.test(text(call.body)));
  const channelUpdates = (pattern: RegExp) => app.connector.calls.filter((call: RecordedCall) => call.kind === 'update' && call.status < 300 && call.conversationId === channel.id && pattern.test(text(call.body)));
  const waitUntil = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      // Time passes while we wait: the dispatcher's rate windows (Teams' limits) run on this clock.
      app.clock.now = new Date(app.clock.now.getTime() + 1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const view = async (statementId: string, as: TeamsUser = wfp) => {
    const found = await api('GET', `/statements/${statementId}`, as);
    assert.equal(found.status, 200, found.raw);
    return found.body as unknown as StatementView;
  };
  /** A statement requested, drafted by the co-chair and submitted through the tab API. */
  const submittedByApi = async (title: string, textFr: string, body: Record<string, unknown> = {}): Promise<StatementDocument> => {
    const requested = await api('POST', '/statements', wfp, { title, purpose: 'Journée internationale des migrants', gcmObjectives: [17] });
    assert.equal(requested.status, 201, requested.raw);
    const statementId = (requested.body as unknown as StatementDocument).statementId;
    assert.equal((await api('POST', `/statements/${statementId}/versions`, rc, { text: { fr: textFr } })).status, 201);
    const submitted = await api('POST', `/statements/${statementId}/submit`, rc, body);
    assert.equal(submitted.status, 200, submitted.raw);
    return submitted.body as unknown as StatementDocument;
  };
  const clear = (who: TeamsUser, statementId: string, agencyCode: string, version: number, position = 'approve', comment?: string) =>
    click(who, 'statement.clear', { networkId: NETWORK, statementId, agencyCode, version: String(version), position, ...(comment !== undefined ? { comment } : {}) });

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    app = await startReseauWithClock(START, { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });
    rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
    await say(rc, 'bonjour', rcChat);
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
    const join = async (name: string, agency: string, role: 'focalPoint' | 'alternate' | 'member', language: 'fr' | 'en' = 'fr') => {
      const user = teamsUser({ name });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language }, agency, role);
      await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      return user;
    };
    for (const agency of EXCOM) reps[agency] = await join(`Point focal ${agency}`, agency, 'focalPoint', agency === 'UNHCR' ? 'en' : 'fr');
    iomAlternate = await join('Suppléant OIM', 'IOM', 'alternate');
    wfp = await join('Ibrahima Sylla', 'WFP', 'member');
    unicefMember = await join('Chargée de programme UNICEF', 'UNICEF', 'member');
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('from a request in chat to delivery: drafted by the named agency, cleared by the six ExCom agencies on the card in the channel, delivered on behalf of the Network with its final text', async () => {
    // Any member asks for a statement from the chat.
    const wfpChat = teamsConversation('personal');
    await say(wfp, 'déclaration', wfpChat);
    const form = cardOfActivity<CardJson>(app.connector.activities({ conversationId: wfpChat.id }).at(-1));
    assert.match(text(form), /Demander une déclaration conjointe/);
    assert.deepEqual(parseAdaptiveCard(form).problems, []);
    const requested = await click(wfp, 'statement.request', { ...(form.actions?.[0]?.data ?? {}), title: 'Journée des migrants <b>2026</b>', purpose: 'Message commun', objectives: '7,17' }, { conversation: wfpChat });
    assert.match(String((requested.body as { value: string }).value), /Demande de déclaration «\u202fJournée des migrants <b>2026<\/b>\u202f» envoyée aux coprésidents/);
    const listed = await api('GET', '/statements', wfp);
    const [statement] = (listed.body.statements as StatementDocument[]);
    assert.ok(statement);
    assert.deepEqual(statement.gcmObjectives, [7, 17]);
    const ids = { networkId: NETWORK, statementId: statement.statementId };

    // The co-chairs get it 1:1 and name UNHCR to draft; WFP may not draft.
    await waitUntil(() => app.connector.activities({ conversationId: rcChat.id }).some((activity) => /Journée des migrants/.test(text(activity))), 'the request to the co-chairs');
    const named = cardIn<CardJson>(await click(rc, 'statement.nameDrafter', { ...ids, draftingAgency: 'UNHCR' }, { conversation: wfpChat }));
    assert.match(text(named), /Agence chargée de la rédaction\u202f: .*UNHCR/);
    // UNHCR's focal point gets the card to draft from, with the text inputs.
    await waitUntil(() => cardsTo<CardJson>(app, reps.UNHCR!, /Journée des migrants/).length === 1, 'the card to the drafting agency');
    assert.match(text(cardsTo<CardJson>(app, reps.UNHCR!, /Journée des migrants/)[0]), /"id":"textFr"/);
    assert.equal(refusalOf(await click(wfp, 'statement.draft', { ...ids, textFr: 'Texte du PAM' })).code, 'forbidden');
    const drafted = cardIn<CardJson>(await click(reps.UNHCR!, 'statement.draft', { ...ids, textFr: 'Le Réseau rappelle les droits des migrants.', textEn: 'The Network recalls the rights of migrants.' }, { locale: 'en-US' }));
    assert.match(text(drafted), /Version 1/);
    assert.ok(drafted.actions?.some((action) => action.verb === 'statement.submit' && action.data?.version === '1'));

    // Submitted: the clearance card goes to the channel, asking each reader for their own view.
    cardIn<CardJson>(await click(reps.UNHCR!, 'statement.submit', { ...ids, version: '1', deadlineDays: '5' }, { locale: 'en-US' }));
    await waitUntil(() => channelSends(/Journée des migrants/).length === 1, 'the clearance card in the channel');
    const posted = cardOfActivity<CardJson>(channelSends(/Journée des migrants/)[0]?.body as WireActivity);
    assert.deepEqual(parseAdaptiveCard(posted).problems, []);
    assert.equal(posted.refresh?.action.verb, 'statement.view');
    assert.match(text(posted), /0\/6 agences ont approuvé/);
    assert.match(text(posted), /Le Réseau rappelle les droits des migrants/);

    // Each ExCom agency clears version 1; each reader sees their own agency's state.
    const before = cardIn<CardJson>(await click(reps.UNDP!, 'statement.view', ids));
    assert.match(text(before), /Votre agence \(UNDP\)\u202f: ","weight":"Bolder".*"pas encore de réponse"/);
    for (const [index, agency] of EXCOM.entries()) {
      if (index === 5) {
        const early = await api('POST', `/statements/${statement.statementId}/deliver`, rc, {});
        assert.equal(early.status, 409, 'delivery before the sixth approval is refused');
        assert.equal(early.body.code, 'notValidated');
      }
      const card = cardIn<CardJson>(await clear(agency === 'IOM' ? iomAlternate : reps[agency]!, statement.statementId, agency, 1));
      assert.match(text(card), new RegExp(`Votre agence \\(${agency}\\)\u202f: .*Approuve`));
      assert.match(text(card), new RegExp(`${index + 1}/6 agences ont approuvé`));
    }
    // The card in the channel was updated in place for everyone.
    await waitUntil(() => channelUpdates(/6\/6 agences ont approuvé/).length >= 1, 'the channel card updated');
    const validated = await view(statement.statementId);
    assert.equal(validated.clearance?.validated, true);

    // Only a co-chair delivers; the card offers it to them now.
    assert.equal((await api('POST', `/statements/${statement.statementId}/deliver`, reps.OHCHR!, {})).status, 403, 'OHCHR does not co-chair');
    const rcView = cardIn<CardJson>(await click(rc, 'statement.view', ids));
    const deliverAction = rcView.actions?.find((action) => action.verb === 'statement.deliver');
    assert.ok(deliverAction, text(rcView.actions));
    // Asked first (issue 15): only the confirmation's flag publishes.
    const asked = cardIn<CardJson>(await click(rc, 'statement.deliver', deliverAction.data ?? {}));
    const confirmDelivery = asked.actions?.find((action) => action.verb === 'statement.deliver');
    const delivered = cardIn<CardJson>(await click(rc, 'statement.deliver', confirmDelivery?.data ?? {}));
    assert.match(text(delivered), /Publiée le .* \(version 1\)/);
    await waitUntil(() => channelSends(/Au nom du Réseau des Nations Unies sur les migrations en Guinée/).length === 1, 'the statement delivered in the channel');
    const publication = cardOfActivity<CardJson>(channelSends(/Au nom du Réseau/)[0]?.body as WireActivity);
    assert.match(text(publication), /Le Réseau rappelle les droits des migrants/);
    assert.deepEqual(parseAdaptiveCard(publication).problems, []);

    // Status delivered with date and version, and every agency's clearance of that version.
    const after = (await view(statement.statementId)).statement;
    assert.equal(after.status, 'delivered');
    assert.equal(after.delivered?.version, 1);
    assert.match(after.delivered?.at ?? '', /^2026-03-0\d/);
    assert.deepEqual(after.delivered?.approvals.map((approval) => approval.agencyCode).sort(), [...EXCOM].sort());
    assert.equal(after.delivered?.approvals.find((approval) => approval.agencyCode === 'IOM')?.by.name, 'Suppléant OIM');
    assert.equal(refusalOf(await click(rc, 'statement.deliver', deliverAction.data ?? {})).code, 'delivered', 'delivered once');

    // The final text as documents, user text escaped.
    const html = await api('GET', `/statements/${statement.statementId}/final?format=html`, wfp);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.match(html.raw, /<h1>Journée des migrants &lt;b&gt;2026&lt;\/b&gt;<\/h1>/);
    assert.match(html.raw, /Au nom du Réseau des Nations Unies sur les migrations en Guinée/);
    assert.match(html.raw, /The Network recalls the rights of migrants\./);
    const md = await api('GET', `/statements/${statement.statementId}/final?format=md`, wfp);
    assert.match(md.headers.get('content-type') ?? '', /text\/markdown/);
    assert.match(md.headers.get('content-disposition') ?? '', /statement-.*-v1\.md/);
    assert.match(md.raw, /^# Journée des migrants \\<b\\>2026\\<\/b\\>\n/, 'markup in user text shows as typed');
    assert.match(md.raw, /\*Au nom du Réseau des Nations Unies sur les migrations en Guinée\*/);
    assert.match(md.raw, /\nLe Réseau rappelle les droits des migrants\.\n/);

    // The report to the regional network lists it.
    const report = await api('GET', '/reports?from=2026-03-01&to=2026-03-31', wfp);
    const figures = report.body.figures as { statements: { recorded: boolean; list: { title: string }[] } };
    assert.equal(figures.statements.recorded, true);
    assert.deepEqual(figures.statements.list.map((row) => row.title), ['Journée des migrants <b>2026</b>']);
  });

  it('the co-chair’s own 1:1 copy follows the clearance: the count after each approval and, once all six approved the same version, the Deliver action; delivered, it says so (issue 15)', async () => {
    const statement = await submittedByApi('Protection des enfants migrants', 'Le Réseau appelle à protéger les enfants migrants.');
    const { statementId } = statement;
    const ownCopy = async (who: TeamsUser) => {
      const items = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `statement:${statementId}:request` }] });
      const item = items.map((entry) => entry.document).find((candidate) => candidate.recipient.kind === 'member' && candidate.recipient.aadObjectId === who.aadObjectId.toLowerCase());
      return cardOfActivity<CardJson>(lastDeliveredActivity(app.connector, item));
    };
    const settled = async (pattern: RegExp, what: string) => {
      await app.cardsIdle();
      const deadline = Date.now() + 10_000;
      while (!pattern.test(text(await ownCopy(rc)))) {
        if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${text(await ownCopy(rc))}`);
        app.clock.now = new Date(app.clock.now.getTime() + 1000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await settled(/0\/6 agences ont approuvé/, 'the co-chair’s copy of the submitted version');
    for (const [index, agency] of EXCOM.entries()) {
      cardIn<CardJson>(await clear(reps[agency]!, statementId, agency, 1));
      await settled(new RegExp(`${index + 1}/6 agences ont approuvé`), `${index + 1}/6 on the co-chair’s copy`);
      const deliver = (await ownCopy(rc)).actions?.find((action) => action.verb === 'statement.deliver');
      assert.equal(Boolean(deliver), index === 5, `Deliver offered only once all six approved (${index + 1}/6)`);
    }
    // The channel copy asks Teams for the co-chair's own view at once (not only on demand).
    const channelCopy = cardOfActivity<CardJson>(channelSends(/Protection des enfants migrants/)[0]?.body as WireActivity) as CardJson & { refresh?: { userIds?: string[] } };
    assert.ok(channelCopy.refresh?.userIds?.includes(`8:orgid:${rc.aadObjectId.toLowerCase()}`), text(channelCopy.refresh));
    // Delivered from the tab: her 1:1 copy no longer offers Deliver and says it was published.
    assert.equal((await api('POST', `/statements/${statementId}/deliver`, rc, {})).status, 200);
    await settled(/Publiée le/, 'the co-chair’s copy marked delivered');
    assert.equal((await ownCopy(rc)).actions?.some((action) => action.verb === 'statement.deliver'), false);
  });

  it('a new version resets clearances, the card shows what changed, and approving the older version is refused', async () => {
    const statement = await submittedByApi('Retours volontaires', 'Le Réseau soutient les retours volontaires.');
    await waitUntil(() => channelSends(/Retours volontaires/).length === 1, 'the clearance card of version 1');
    for (const agency of ['IOM', 'UNDP', 'UNHCR']) cardIn<CardJson>(await clear(reps[agency]!, statement.statementId, agency, 1));
    assert.deepEqual((await view(statement.statementId)).clearance?.approved, ['IOM', 'UNDP', 'UNHCR']);

    const same = await api('POST', `/statements/${statement.statementId}/versions`, rc, { text: { fr: 'Le Réseau soutient les retours volontaires.' } });
    assert.equal(same.status, 400, 'an unchanged text is not a new version (it would only reset clearances)');
    assert.deepEqual((await view(statement.statementId)).clearance?.approved, ['IOM', 'UNDP', 'UNHCR']);
    const v2 = await api('POST', `/statements/${statement.statementId}/versions`, rc, { text: { fr: 'Le Réseau soutient les retours volontaires, sûrs et dignes.' } });
    assert.equal(v2.status, 201, v2.raw);
    // The round of version 1 is over: its card says so, and it can no longer be cleared.
    await waitUntil(() => channelUpdates(/La version 1 a été remplacée par la version 2/).length >= 1, 'the old card marked superseded');
    assert.equal(refusalOf(await clear(reps.UNICEF!, statement.statementId, 'UNICEF', 1)).code, 'notInClearance');
    assert.equal((await api('POST', `/statements/${statement.statementId}/submit`, rc, { version: 1 })).body.code, 'staleVersion');
    assert.equal((await api('POST', `/statements/${statement.statementId}/submit`, rc, { version: 2 })).status, 200);

    await waitUntil(() => channelSends(/Retours volontaires/).length === 2, 'the clearance card of version 2');
    const second = cardOfActivity<CardJson>(channelSends(/Retours volontaires/)[1]?.body as WireActivity);
    assert.match(text(second), /Changements depuis la version 1, soumise au tour précédent\u202f:.{0,200}"Français\u202f: ".{0,120}"text":"\+4 mots, −1 mot"/);
    assert.match(text(second), /sûrs et dignes\./);
    assert.match(text(second), /0\/6 agences ont approuvé/);
    const state = await view(statement.statementId);
    assert.equal(state.clearance?.version, 2);
    assert.deepEqual(state.clearance?.approved, [], 'approvals of version 1 do not carry over');

    // Approving the stale version is refused and changes nothing; the current one counts.
    const stale = refusalOf(await clear(reps.IOM!, statement.statementId, 'IOM', 1));
    assert.equal(stale.code, 'staleVersion');
    assert.match(stale.message, /n’est plus celle en validation/);
    assert.deepEqual((await view(statement.statementId)).clearance?.approved, []);
    const fresh = cardIn<CardJson>(await clear(reps.IOM!, statement.statementId, 'IOM', 2));
    assert.match(text(fresh), /1\/6 agences ont approuvé/);
  });

  it('refuses clearance by anyone who does not speak for an ExCom agency, and a request for changes without a comment', async () => {
    const statement = await submittedByApi('Protection des enfants', 'Le Réseau appelle à protéger les enfants migrants.');
    const byWfp = refusalOf(await clear(wfp, statement.statementId, 'WFP', 1));
    assert.equal(byWfp.code, 'notExcom');
    assert.match(byWfp.message, /Seules les agences du Comité exécutif/);
    assert.equal(refusalOf(await clear(wfp, statement.statementId, 'IOM', 1)).code, 'otherAgency');
    assert.equal(refusalOf(await clear(unicefMember, statement.statementId, 'UNICEF', 1)).code, 'forbidden', 'a member who is not focal point or alternate');
    assert.equal(refusalOf(await clear(reps.UNHCR!, statement.statementId, 'UNHCR', 1, 'requestChanges', '  ')).code, 'commentRequired');
    const state = await view(statement.statementId);
    assert.deepEqual(state.clearance?.approved, []);
    assert.deepEqual(state.clearance?.changesRequested, []);
    // The card shows non-ExCom readers no clearance form.
    const wfpView = cardIn<CardJson>(await click(wfp, 'statement.view', { networkId: NETWORK, statementId: statement.statementId }));
    assert.ok(!wfpView.actions?.some((action) => action.verb === 'statement.clear'));
  });

  it('refuses delivery before validation: one agency requesting changes blocks it, and the final text does not exist yet', async () => {
    const statement = await submittedByApi('Migration climatique', 'Le Réseau alerte sur les déplacements liés au climat.');
    for (const agency of EXCOM.filter((code) => code !== 'UNHCR')) cardIn<CardJson>(await clear(reps[agency]!, statement.statementId, agency, 1));
    const changes = cardIn<CardJson>(await clear(reps.UNHCR!, statement.statementId, 'UNHCR', 1, 'requestChanges', 'Mentionner les personnes déplacées internes.'));
    assert.match(text(changes), /"(HCR \(UNHCR\)|UNHCR)\u202f: ".*Demande des changements.*Mentionner les personnes déplacées internes/);
    const refused = await api('POST', `/statements/${statement.statementId}/deliver`, rc, {});
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'notValidated');
    assert.equal(refusalOf(await click(rc, 'statement.deliver', { networkId: NETWORK, statementId: statement.statementId, version: '1' })).code, 'notValidated');
    assert.ok(!cardIn<CardJson>(await click(rc, 'statement.view', { networkId: NETWORK, statementId: statement.statementId })).actions?.some((action) => action.verb === 'statement.deliver'));
    assert.equal((await api('GET', `/statements/${statement.statementId}/final?format=md`, rc)).status, 409);
    assert.equal((await view(statement.statementId)).statement.status, 'clearance');
    assert.equal(channelSends(/Au nom du Réseau/).length, 0, 'nothing was published');
  });

  it('an agency answering again and again keeps a small record (older answers archived after the card’s refresh); its last answer counts and the statement is delivered', async () => {
    const statement = await submittedByApi('Retours volontaires', 'Le Réseau soutient des retours dans la dignité.');
    for (let index = 0; index < 12; index += 1) {
      const [position, comment] = index % 2 === 0 ? ['requestChanges', `Changement ${index}.`] : ['approve', undefined];
      cardIn<CardJson>(await clear(reps.UNHCR!, statement.statementId, 'UNHCR', 1, position, comment));
    }
    await app.reseau.statements.cardsIdle();
    const recordId = agencyVoiceDocumentId({ kind: 'statement', subjectId: statement.statementId, round: 1 }, 'UNHCR');
    const record = app.partition(NETWORK).find((document) => document.id === recordId) as AgencyVoiceDocument | undefined;
    assert.ok(record && record.record.history.length <= RECORD_VOICES_LIMIT && (record.archivedPages ?? 0) >= 1, `UNHCR’s record holds ${record?.record.history.length} answers, ${record?.archivedPages ?? 0} archive pages`);
    assert.deepEqual((await view(statement.statementId)).clearance?.approved, ['UNHCR'], 'its last answer (approve) counts');
    for (const agency of EXCOM.filter((code) => code !== 'UNHCR')) cardIn<CardJson>(await clear(reps[agency]!, statement.statementId, agency, 1));
    assert.equal((await view(statement.statementId)).clearance?.validated, true);
    const delivered = await api('POST', `/statements/${statement.statementId}/deliver`, rc, { version: 1 });
    assert.equal(delivered.status, 200, delivered.raw);
  });

  it('reminds the agencies that have not cleared before the deadline, and only them', async () => {
    const statement = await submittedByApi('Lutte contre la traite', 'Le Réseau condamne la traite des personnes.', { deadline: new Date(START.getTime() + 48 * HOUR).toISOString(), reminderOffsetsMinutes: [24 * 60] });
    for (const agency of ['IOM', 'UNDP']) cardIn<CardJson>(await clear(reps[agency]!, statement.statementId, agency, 1));
    await app.reseau.statements.tick(NETWORK);
    assert.equal(cardsTo<CardJson>(app, reps.UNICEF!, /Rappel\u202f: déclaration conjointe à valider/).length, 0, 'not yet due');
    app.clock.now = new Date(START.getTime() + 24 * HOUR + 60_000);
    await app.reseau.statements.tick(NETWORK);
    await waitUntil(() => ['UNHCR', 'OHCHR', 'UNICEF', 'UNODC'].every((agency) => cardsTo<CardJson>(app, reps[agency]!, /déclaration conjointe à valider|joint statement to clear/).length === 1), 'reminders');
    assert.equal(cardsTo<CardJson>(app, reps.IOM!, /déclaration conjointe à valider/).length, 0);
    assert.equal(cardsTo<CardJson>(app, reps.UNDP!, /déclaration conjointe à valider/).length, 0);
    assert.match(text(cardsTo<CardJson>(app, reps.UNHCR!, /joint statement to clear/)[0]), /Lutte contre la traite/);
    // Once is enough: a second tick sends nothing more.
    await app.reseau.statements.tick(NETWORK);
    assert.equal(cardsTo<CardJson>(app, reps.UNICEF!, /déclaration conjointe à valider/).length, 1);
  });

  it('counts simultaneous approvals: six agencies (and two IOM representatives) at once, over several versions', async () => {
    const statement = await submittedByApi('Cohésion sociale', 'Version 1 du texte.');
    for (let round = 1; round <= 4; round += 1) {
      if (round > 1) {
        assert.equal((await api('POST', `/statements/${statement.statementId}/versions`, rc, { text: { fr: `Version ${round} du texte, revue.` } })).status, 201);
        assert.equal((await api('POST', `/statements/${statement.statementId}/submit`, rc, { version: round })).status, 200);
        assert.deepEqual((await view(statement.statementId)).clearance?.approved, [], `round ${round} starts from zero`);
      }
      const clicks = await Promise.all([...EXCOM.map((agency) => clear(reps[agency]!, statement.statementId, agency, round)), clear(iomAlternate, statement.statementId, 'IOM', round)]);
      for (const response of clicks) cardIn<CardJson>(response);
      const state = await view(statement.statementId);
      assert.equal(state.clearance?.version, round);
      assert.deepEqual(state.clearance?.approved, [...EXCOM].sort(), `round ${round}: every approval counted`);
      assert.equal(state.clearance?.validated, true);
    }
    const delivered = await api('POST', `/statements/${statement.statementId}/deliver`, rc, { version: 4 });
    assert.equal(delivered.status, 200, delivered.raw);
    assert.equal((delivered.body as unknown as StatementDocument).delivered?.version, 4);
  });

  it('least privilege: a pending member reads the statement and its clearance by agency — no names, no object ids, no draft before delivery — in the API and on cards', async () => {
    const pending = teamsUser({ name: 'Nouvelle Personne' });
    await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: pending.aadObjectId, tenantId: TEST_TENANT_ID, name: pending.name, language: 'fr' }, 'UNICEF', 'member');
    const statement = await submittedByApi('Déclaration en clearance', 'Brouillon soumis à ExCom');
    const answered: object = statement;
    assert.ok(!('etag' in answered) && !('networkId' in answered) && !('dueAt' in answered), 'a change answers with a view, not the document');
    assert.equal(cardIn<CardJson>(await clear(reps.IOM!, statement.statementId, 'IOM', 1)).type, 'AdaptiveCard');

    const forPending = await api('GET', `/statements/${statement.statementId}`, pending);
    assert.equal(forPending.status, 200, forPending.raw);
    for (const secret of ['Brouillon soumis', 'Ibrahima Sylla', 'Coordonnatrice', 'Point focal IOM', wfp.aadObjectId, rc.aadObjectId, reps.IOM!.aadObjectId, '"networkId"', '"dueAt"']) {
      assert.ok(!forPending.raw.includes(secret), `a pending reader reads ${secret}`);
    }
    assert.deepEqual((forPending.body.clearance as { approved: string[] }).approved, ['IOM']);
    const listed = await api('GET', '/statements', pending);
    assert.ok(!listed.raw.includes('Ibrahima Sylla') && !listed.raw.includes('Brouillon soumis'));
    // A confirmed member reads the draft and who wrote it.
    assert.match((await api('GET', `/statements/${statement.statementId}`, wfp)).raw, /Brouillon soumis à ExCom/);
    assert.equal((await api('GET', `/statements/${statement.statementId}`, teamsUser({ name: 'Inconnu' }))).status, 403);

    // The cards too: the shared channel copy names agencies only (pending people sit in the
    // channel as well), and the pending reader's refreshed view names nobody.
    const people = ['Ibrahima Sylla', 'Coordonnatrice', 'Point focal IOM'];
    // Sent, or updated in place if already sent, with IOM's clearance.
    const afterIom = /Déclaration en clearance.*1\/6 agences ont approuvé/;
    await waitUntil(() => channelSends(afterIom).length + channelUpdates(afterIom).length >= 1, 'the channel card with IOM’s clearance');
    for (const call of [...channelSends(/Déclaration en clearance/), ...channelUpdates(/Déclaration en clearance/)]) {
      for (const name of people) assert.ok(!text(call.body).includes(name), `the channel copy names ${name}`);
      assert.match(text(call.body), /"(OIM \(IOM\)|IOM)\u202f: "/, 'clearances by agency, named as everywhere');
    }
    const refreshed = cardIn<CardJson>(await click(pending, 'statement.view', { networkId: NETWORK, statementId: statement.statementId }));
    for (const name of people) assert.ok(!text(refreshed).includes(name), `a pending reader's card names ${name}`);
    assert.match(text(refreshed), /"WFP"/, 'the requesting agency');
    // A confirmed member's own view names the requester and the drafter.
    const confirmed = text(cardIn<CardJson>(await click(wfp, 'statement.view', { networkId: NETWORK, statementId: statement.statementId })));
    assert.ok(confirmed.includes('Ibrahima Sylla (WFP)') && confirmed.includes('Coordonnatrice'), confirmed);
  });
  it('bilingual (issue 15 item 8): a request naming French and English waits for both; reviewers see both texts labelled and the changes per language since what their agency last answered; the delivered post and the final text carry both', async () => {
    const requested = await api('POST', '/statements', wfp, { title: 'Journée des migrants bilingue', languages: ['en', 'fr'] });
    assert.equal(requested.status, 201, requested.raw);
    const statementId = (requested.body as unknown as { statementId: string; languages: string[] }).statementId;
    assert.deepEqual((requested.body as unknown as { languages: string[] }).languages, ['fr', 'en']);
    const versions = `/statements/${statementId}/versions`;
    const fr1 = 'Le Réseau rappelle les droits des migrants.';
    assert.equal((await api('POST', versions, rc, { text: { fr: fr1 } })).status, 201);
    // French only: not yet — said in the reader's language, nothing submitted.
    const halfDone = await api('POST', `/statements/${statementId}/submit`, rc, {});
    assert.equal(halfDone.status, 409, halfDone.raw);
    assert.equal(halfDone.body.code, 'missingLanguage');
    assert.match(String(halfDone.body.message), /Il manque le texte en anglais/);
    const inEnglish = await apiCall(app.url, 'POST', `/statements/${statementId}/submit`, rc, {}, 'en-US');
    assert.match(String(inEnglish.body.message), /The English text is missing/);
    assert.equal((await view(statementId)).statement.status, 'drafting');
    assert.equal(channelSends(/Journée des migrants bilingue/).length, 0, 'no clearance card');

    const en2 = 'The Network recalls the rights of migrants.';
    assert.equal((await api('POST', versions, rc, { text: { fr: fr1, en: en2 } })).status, 201);
    assert.equal((await api('POST', `/statements/${statementId}/submit`, rc, {})).status, 200);
    await waitUntil(() => channelSends(/Journée des migrants bilingue/).length === 1, 'the clearance card of version 2');
    const round2 = text(cardOfActivity<CardJson>(channelSends(/Journée des migrants bilingue/)[0]?.body as WireActivity));
    assert.match(round2, /"text":"Français".{0,200}Le Réseau rappelle les droits des migrants\..{0,200}"text":"Anglais".{0,200}The Network recalls the rights of migrants\./);
    assert.match(round2, /"Changements depuis la version 1\u202f:".{0,200}"Français\u202f: ".{0,120}"aucun changement".{0,200}"Anglais\u202f: ".{0,120}"text":"\+7 mots"/);

    // UNHCR asks for changes on version 2, IOM approves it; version 3 changes both languages.
    cardIn<CardJson>(await clear(reps.UNHCR!, statementId, 'UNHCR', 2, 'requestChanges', 'Say “all migrants”.'));
    cardIn<CardJson>(await clear(reps.IOM!, statementId, 'IOM', 2));
    const fr3 = 'Le Réseau rappelle les droits de toutes les personnes migrantes.';
    const en3 = 'The Network recalls the rights of all migrants.';
    assert.equal((await api('POST', versions, rc, { text: { fr: fr3, en: en3 } })).status, 201);
    assert.equal((await api('POST', `/statements/${statementId}/submit`, rc, {})).status, 200);
    await waitUntil(() => channelSends(/Journée des migrants bilingue/).length === 2, 'the clearance card of version 3');
    assert.match(text(cardOfActivity<CardJson>(channelSends(/Journée des migrants bilingue/)[1]?.body as WireActivity)), /Changements depuis la version 2, soumise au tour précédent\u202f:/);

    // The UNHCR representative (English) compares with version 2, which UNHCR answered; UNDP, which never answered, with the previous round.
    const unhcrCard = text(cardIn<CardJson>(await click(reps.UNHCR!, 'statement.view', { networkId: NETWORK, statementId }, { locale: 'en-US' })));
    assert.match(unhcrCard, /"Changes since version 2, the last one your agency gave its position on:".{0,200}"French: ".{0,120}"text":"\+5 words, −2 words".{0,1500}"English: ".{0,120}"text":"\+1 word"/);
    assert.match(unhcrCard, /"text":"\+ ".{0,120}"text":"all"/);
    assert.match(unhcrCard, /"text":"French".{0,200}toutes les personnes migrantes.{0,300}"text":"English".{0,200}rights of all migrants/);
    assert.match(text(cardIn<CardJson>(await click(reps.UNDP!, 'statement.view', { networkId: NETWORK, statementId }))), /Changements depuis la version 2, soumise au tour précédent/);
    // The tab reads the same comparison, word by word per language, and any other version on request.
    const forUnhcr = (await api('GET', `/statements/${statementId}`, reps.UNHCR!)).body as unknown as { comparison: { from: number; to: number; reason: string; languages: Record<string, { kind: string; text: string }[]> } };
    assert.deepEqual([forUnhcr.comparison.from, forUnhcr.comparison.to, forUnhcr.comparison.reason], [2, 3, 'yourAgency']);
    assert.deepEqual(forUnhcr.comparison.languages.en?.filter((segment) => segment.kind !== 'same'), [{ kind: 'added', text: 'all' }]);
    const fromOne = (await api('GET', `/statements/${statementId}?from=1`, reps.UNHCR!)).body as unknown as { comparison: { from: number; reason: string } };
    assert.deepEqual([fromOne.comparison.from, fromOne.comparison.reason], [1, 'chosen']);

    // Tampered versions change nothing: a card's or the tab's clearance of version 2, a delivery of version 2.
    assert.equal(refusalOf(await clear(reps.UNICEF!, statementId, 'UNICEF', 2)).code, 'staleVersion');
    assert.equal(refusalOf(await clear(reps.UNICEF!, statementId, 'UNICEF', 4)).code, 'staleVersion');
    const tamperedTab = await api('POST', `/statements/${statementId}/clearances`, reps.UNICEF!, { version: 2, position: 'approve' });
    assert.equal(tamperedTab.status, 409, tamperedTab.raw);
    assert.equal(tamperedTab.body.code, 'staleVersion');
    assert.deepEqual((await view(statementId)).clearance?.approved, []);

    // Cleared by all six, half on the card and half from the tab (the same service call).
    for (const agency of ['IOM', 'UNDP', 'UNHCR']) cardIn<CardJson>(await clear(reps[agency]!, statementId, agency, 3));
    for (const agency of ['OHCHR', 'UNICEF', 'UNODC']) {
      const cleared = await api('POST', `/statements/${statementId}/clearances`, reps[agency]!, { version: 3, position: 'approve' });
      assert.equal(cleared.status, 200, cleared.raw);
    }
    assert.equal((await view(statementId)).clearance?.validated, true);
    const stale = await api('POST', `/statements/${statementId}/deliver`, rc, { version: 2 });
    assert.equal(stale.body.code, 'staleVersion');
    assert.equal((await view(statementId)).statement.status, 'clearance');
    assert.equal((await api('POST', `/statements/${statementId}/deliver`, rc, { version: 3 })).status, 200);

    // The post in the channel carries both languages, each labelled.
    await waitUntil(() => channelSends(/Au nom du Réseau/).some((call) => /Journée des migrants bilingue/.test(text(call.body))), 'the delivered post');
    const post = text(cardOfActivity<CardJson>(channelSends(/Au nom du Réseau/).find((call) => /Journée des migrants bilingue/.test(text(call.body)))?.body as WireActivity));
    assert.match(post, /"text":"Français".{0,200}toutes les personnes migrantes.{0,300}"text":"Anglais".{0,200}The Network recalls the rights of all migrants\./);
    const markdown = await api('GET', `/statements/${statementId}/final?format=md`, wfp);
    assert.match(markdown.raw, /## Français\n\nLe Réseau rappelle les droits de toutes les personnes migrantes\.\n\n## Anglais\n\nThe Network recalls the rights of all migrants\./);
  });

  it('the tab’s clearance is refused to whoever does not speak for an ExCom agency, with nothing stored; a text stored before languages reads as French', async () => {
    const statement = await submittedByApi('Protection des enfants migrants', 'Le Réseau appelle à protéger les enfants migrants.');
    const path = `/statements/${statement.statementId}/clearances`;
    const byWfp = await api('POST', path, wfp, { version: 1, position: 'approve' });
    assert.equal(byWfp.status, 403, byWfp.raw);
    assert.equal(byWfp.body.code, 'notExcom');
    assert.equal((await api('POST', path, unicefMember, { version: 1, position: 'approve' })).body.code, 'forbidden');
    assert.equal((await api('POST', path, reps.UNHCR!, { version: 1, position: 'requestChanges' })).body.code, 'commentRequired');
    assert.equal((await api('POST', path, reps.UNHCR!, { version: 1, position: 'approve', agencyCode: 'IOM' })).status, 400, 'no other field is accepted');
    const unchanged = await view(statement.statementId);
    assert.deepEqual([unchanged.clearance?.approved, unchanged.clearance?.changesRequested], [[], []]);
    assert.equal(app.partition(NETWORK).filter((entry) => entry.id.startsWith(`statement-clearance:${statement.statementId}`)).length, 0);

    // A version stored as one string (before texts were kept per language).
    const stored = app.partition(NETWORK).find((entry) => entry.id === `statement:${statement.statementId}`) as unknown as StatementDocument & { etag: string };
    const { etag, ...document } = stored;
    await app.store.replace({ ...document, versions: document.versions.map((version) => ({ ...version, text: 'Texte d’avant les langues.' as never })) } as StatementDocument, etag);
    const legacy = await view(statement.statementId);
    assert.deepEqual(legacy.statement.versions[0]?.text, { fr: 'Texte d’avant les langues.' });
    assert.match(text(cardIn<CardJson>(await click(reps.UNHCR!, 'statement.view', { networkId: NETWORK, statementId: statement.statementId }))), /"text":"Français".{0,200}Texte d’avant les langues\./);
  });
});
