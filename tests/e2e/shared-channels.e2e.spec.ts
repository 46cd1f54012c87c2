/**
 * One network across the agencies' own tenants (issue 18), through /api/messages and /api/v1:
 * the network's "Réseau" channel is a shared channel hosted by tenant A, with members of
 * agencies working from tenants B and C. An external member joins from the channel, is
 * confirmed, answers a poll, casts their agency's ExCom position, clears a statement, RSVPs —
 * each attributed to their agency and bound to their own tenant; a convocation reaches the
 * host's members 1:1 and the external members in the channel (Teams opens no 1:1 with them),
 * and its status shows both; a foreign tenant is refused everywhere, nothing stored.
 */
import assert from 'node:assert/strict';
import { postActivity } from '../support/bot-client';
import type { RecordedCall, WireActivity } from '../support/fake-connector';
import { AGENCY_B_TENANT, AGENCY_C_TENANT, FOREIGN_TENANT, HOST_TENANT, sharedChannelTeams, type SharedChannelTeams } from '../support/multi-tenant-teams';
import { botInstalled, message } from '../support/teams-activities';
import type { TeamsUser } from '../support/teams-activities';
import { assertApiRefused, convocation, DAY, NETWORK, START, startSecurityNetwork, type Person, type SecurityNetwork } from '../security/support/network';
import { cardIn } from '../support/card-actions';

interface Stored {
  readonly type?: string;
  readonly [key: string]: unknown;
}

describe('shared channels across the agencies’ tenants (e2e)', function () {
  this.timeout(120_000);
  let net: SecurityNetwork;
  let teams: SharedChannelTeams;
  /** UNHCR's focal point, working from tenant B, in the shared channel only. */
  let unhcr: Person;
  /** OHCHR's focal point, from tenant C. */
  let ohchr: Person;
  let hostMembers: Person[];

  const inChannel = (user: TeamsUser): Person => ({ user, chat: teams.channel });
  /** A message in the shared channel: as Teams sends it, naming the host's tenant, whoever writes. */
  const sayInChannel = (as: Person, text: string, locale = 'fr-FR') =>
    net.app.post(message({ serviceUrl: net.app.connector.serviceUrl, user: as.user, conversation: teams.channel, tenantId: teams.channel.tenantId, locale, text }));
  const stored = (type: string): Stored[] => (net.app.partition(NETWORK) as unknown as Stored[]).filter((doc) => doc.type === type);
  const memberDoc = (user: TeamsUser) => stored('member').find((doc) => String(doc.aadObjectId).toLowerCase() === user.aadObjectId.toLowerCase());
  // Posts and replies in the channel, whichever thread (a reply goes to `…;messageid=…`).
  const channelPosts = (): WireActivity[] =>
    net.app.connector.calls
      .filter((call) => (call.kind === 'send' || call.kind === 'reply') && call.status < 300 && call.conversationId?.split(';messageid=')[0] === teams.channel.id)
      .map((call) => call.body as WireActivity);
  const mentionsIn = (activity: WireActivity): string[] =>
    (activity.entities ?? []).filter((entity) => entity.type === 'mention').map((entity) => String((entity as { mentioned?: { id?: string } }).mentioned?.id));

  before(async function () {
    this.timeout(180_000);
    net = await startSecurityNetwork({ bare: true, env: { ALLOWED_TENANTS: `${HOST_TENANT},${AGENCY_B_TENANT},${AGENCY_C_TENANT}` } });
    teams = sharedChannelTeams(net.app.connector);
    teams.add(net.rc.user, net.secretariat.user);
    await net.say(net.rc, 'bonjour');
    await net.say(net.secretariat, 'bonjour');
    // The host's co-chair adds the app to the host team and allows it in the shared channel.
    await net.app.post(botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation: teams.channel, user: net.rc.user }));
    const conversation = stored('conversation').find((doc) => doc.conversationId === teams.channel.id);
    assert.equal(conversation?.channelType, 'shared', 'the channel is known as a shared channel');
    assert.equal(conversation?.tenantId, HOST_TENANT, 'hosted by tenant A');

    // The host's own ExCom focal points, in tenant A, joining and confirmed as usual.
    hostMembers = [];
    for (const agency of ['IOM', 'UNDP', 'UNICEF', 'UNODC']) {
      const who = net.person(`Point focal ${agency}`);
      teams.add(who.user);
      cardIn(await net.click(who, 'network.join', { networkId: NETWORK, agencyCode: agency, agencyRole: 'focalPoint' }));
      cardIn(await net.click(net.rc, 'network.member.confirm', { networkId: NETWORK, memberId: who.user.aadObjectId, agencyCode: agency }));
      hostMembers.push(who);
    }
    await net.settle();
  });
  after(async () => {
    await net?.stop();
  });

  it('an external member (tenant B) writing in the shared channel is offered the join card there, joins from it bound to tenant B, and is told of the confirmation in the channel', async () => {
    unhcr = inChannel(teams.member('Aminata Camara', AGENCY_B_TENANT));
    const before = channelPosts().length;
    await sayInChannel(unhcr, 'bonjour');
    const joinCard = channelPosts().slice(before).find((activity) => JSON.stringify(activity.attachments ?? []).includes('network.join'));
    assert.ok(joinCard, `the join card is answered in the channel: ${JSON.stringify(channelPosts().slice(before)).slice(0, 300)}`);
    // No 1:1 was even tried for the turn's answer.
    assert.equal(net.app.connector.calls.filter((call) => call.kind === 'createConversation' && call.status >= 400).length, 0);

    cardIn(await net.click(unhcr, 'network.join', { networkId: NETWORK, agencyCode: 'UNHCR', agencyRole: 'focalPoint' }));
    assert.equal(memberDoc(unhcr.user)?.tenantId, AGENCY_B_TENANT, 'bound to their home tenant, not the host’s');
    assert.equal(memberDoc(unhcr.user)?.status, 'pending');
    await net.settle();

    const postsBefore = channelPosts().length;
    cardIn(await net.click(net.rc, 'network.member.confirm', { networkId: NETWORK, memberId: unhcr.user.aadObjectId, agencyCode: 'UNHCR' }));
    await net.settle();
    assert.equal(memberDoc(unhcr.user)?.status, 'confirmed');
    // Teams refused the 1:1 in tenant B; the welcome went to the channel, @mentioning them.
    const refused = net.app.connector.calls.filter((call: RecordedCall) => call.kind === 'createConversation' && call.status === 403);
    assert.ok(refused.some((call) => JSON.stringify(call.body).includes(AGENCY_B_TENANT)), 'the 1:1 in tenant B was asked and refused');
    const welcome = channelPosts().slice(postsBefore).find((activity) => mentionsIn(activity).includes(unhcr.user.id));
    assert.ok(welcome, `a post in the channel mentions the new member: ${JSON.stringify(channelPosts().slice(postsBefore)).slice(0, 400)}`);
    assert.match(String(welcome.text), /<at>Aminata Camara<\/at>/);
    assert.ok((welcome.attachments ?? []).length > 0, 'with the same card');
  });

  it('a second external member (tenant C) joins the same way', async () => {
    ohchr = inChannel(teams.member('Jean Haba', AGENCY_C_TENANT));
    cardIn(await net.click(ohchr, 'network.join', { networkId: NETWORK, agencyCode: 'OHCHR', agencyRole: 'focalPoint' }));
    cardIn(await net.click(net.rc, 'network.member.confirm', { networkId: NETWORK, memberId: ohchr.user.aadObjectId, agencyCode: 'OHCHR' }));
    await net.settle();
    assert.deepEqual([memberDoc(ohchr.user)?.tenantId, memberDoc(ohchr.user)?.status], [AGENCY_C_TENANT, 'confirmed']);
  });

  it('the member list shows each one’s organisation: the host’s people by agency, tenant B as the agency listing it, tenant C as another organisation, external — in the card and in GET /members (the tenant id for co-chairs only)', async () => {
    // A co-chair tells the directory that tenant B is UNHCR's; no agency lists tenant C.
    const directory = (await net.api(net.rc, 'GET', '/directory')).body as { agencies: { code: string; tenantIds?: string[] }[] };
    const agencies = directory.agencies.map((agency) => (agency.code === 'UNHCR' ? { ...agency, tenantIds: [AGENCY_B_TENANT] } : agency));
    const put = await net.api(net.rc, 'PUT', '/directory', { agencies });
    assert.equal(put.status, 200, put.raw.slice(0, 300));
    await net.settle();

    const before = channelPosts().length;
    await sayInChannel(inChannel(net.rc.user), 'membres');
    const card = channelPosts().slice(before).map((activity) => JSON.stringify(activity.attachments ?? [])).find((attachments) => attachments.includes('Membres du réseau'));
    assert.ok(card, 'the member list card is answered in the channel');
    assert.match(card, /"Point focal IOM","weight":"Bolder","isSubtle":false\},\{"type":"TextRun","text":" — OIM \(IOM\)"/);
    assert.match(card, /"Aminata Camara","weight":"Bolder","isSubtle":false\},\{"type":"TextRun","text":" — HCR \(UNHCR\)"/);
    assert.match(card, /"Jean Haba","weight":"Bolder","isSubtle":false\},\{"type":"TextRun","text":" — Autre organisation \(externe\)"/);
    assert.doesNotMatch(card, new RegExp(AGENCY_C_TENANT), 'no tenant id in a card');

    type Entry = { name: string; organisation: { kind: string; agencyCode?: string; external?: boolean; tenantId?: string } };
    const focalPoints = async (as: Person) => {
      const answer = await net.api(as, 'GET', '/members');
      assert.equal(answer.status, 200, answer.raw.slice(0, 300));
      const list = answer.body as { agencies: { code: string; focalPoint?: Entry }[] };
      return new Map(list.agencies.flatMap((group) => (group.focalPoint ? [[group.code, group.focalPoint.organisation] as const] : [])));
    };
    const asCoChair = await focalPoints(net.rc);
    assert.deepEqual(asCoChair.get('IOM'), { kind: 'agency', agencyCode: 'IOM' });
    assert.deepEqual(asCoChair.get('UNHCR'), { kind: 'agency', agencyCode: 'UNHCR' });
    assert.deepEqual(asCoChair.get('OHCHR'), { kind: 'other', external: true, tenantId: AGENCY_C_TENANT });
    const asMember = await focalPoints(unhcr);
    assert.deepEqual(asMember.get('UNHCR'), { kind: 'agency', agencyCode: 'UNHCR' });
    assert.deepEqual(asMember.get('OHCHR'), { kind: 'other', external: true }, 'a member reads no tenant id');
  });

  describe('acting from the shared channel, attributed to their agency', () => {
    let decisionId: string;
    let pollId: string;
    let statementId: string;
    let meetingId: string;
    const ok = (answer: { status: number; body: Record<string, unknown>; raw: string }, what: string) => {
      assert.ok(answer.status >= 200 && answer.status < 300, `${what}: ${answer.status} ${answer.raw.slice(0, 300)}`);
      return answer.body;
    };
    /** Documents of a type written for this person (by object id), whatever the field holding it. */
    const writtenBy = (type: string, user: TeamsUser) => stored(type).filter((doc) => JSON.stringify(doc).toLowerCase().includes(user.aadObjectId.toLowerCase()));

    before(async () => {
      const deadline = new Date(START.getTime() + 3 * DAY).toISOString();
      decisionId = String(ok(await net.api(net.rc, 'POST', '/decisions', { title: 'Plan de travail 2026', text: { fr: 'Le Réseau adopte son plan de travail.' }, mode: 'consensus', deadline }), 'decision').decisionId);
      pollId = String(ok(await net.api(net.rc, 'POST', '/polls', { question: 'Lieu de l’atelier ?', kind: 'single', options: ['Conakry', 'Kankan'], deadline }), 'poll').pollId);
      statementId = String(ok(await net.api(net.rc, 'POST', '/statements', { title: 'Journée des migrants', purpose: 'Message commun' }), 'statement').statementId);
      ok(await net.api(net.rc, 'POST', `/statements/${statementId}/versions`, { text: { fr: 'Le Réseau rappelle les droits des migrants.' } }), 'version');
      ok(await net.api(net.rc, 'POST', `/statements/${statementId}/submit`, { version: 1 }), 'submit');
      await net.settle();
    });

    it('answers a poll, casts UNHCR’s ExCom position and clears the statement for UNHCR, from the shared channel', async () => {
      cardIn(await net.click(unhcr, 'poll.answer', { networkId: NETWORK, pollId, choices: 'o1' }));
      assert.equal(writtenBy('pollAnswer', unhcr.user).length, 1, 'their answer, once');

      cardIn(await net.click(unhcr, 'decision.position', { networkId: NETWORK, decisionId, agencyCode: 'UNHCR', position: 'agree' }));
      cardIn(await net.click(ohchr, 'decision.position', { networkId: NETWORK, decisionId, agencyCode: 'OHCHR', position: 'standAside' }));
      cardIn(await net.click(unhcr, 'statement.clear', { networkId: NETWORK, statementId, agencyCode: 'UNHCR', version: '1', position: 'approve' }));
      await net.settle();

      const decision = ok(await net.api(net.rc, 'GET', `/decisions/${decisionId}`), 'decision view');
      const positions = JSON.stringify(decision);
      assert.match(positions, /"agencyCode":"UNHCR"[^}]*"position":"agree"|"position":"agree"[^}]*"agencyCode":"UNHCR"/, positions.slice(0, 600));
      assert.match(positions, /"agencyCode":"OHCHR"[^}]*"position":"standAside"|"position":"standAside"[^}]*"agencyCode":"OHCHR"/);
      const statement = ok(await net.api(net.rc, 'GET', `/statements/${statementId}`), 'statement view') as { clearance?: { approved?: string[]; pending?: string[] } };
      assert.deepEqual(statement.clearance?.approved, ['UNHCR'], JSON.stringify(statement.clearance));
      assert.ok(!statement.clearance?.pending?.includes('UNHCR'));
    });

    it('a convocation reaches the host’s members 1:1 and the external members in the channel, in one post that @mentions both, and its status says so', async () => {
      // Each invitee's copy: the host's members in their own 1:1, the external ones in the channel.
      const copyOf = (user: TeamsUser) =>
        stored('outbox').find((doc) => String(doc.messageKey).includes(meetingId) && (doc.recipient as { aadObjectId?: string }).aadObjectId?.toLowerCase() === user.aadObjectId.toLowerCase());
      const created = ok(await net.api(net.rc, 'POST', '/meetings', { ...convocation(), invitees: { kind: 'agencies', agencyCodes: ['IOM', 'UNDP', 'UNICEF', 'UNODC', 'UNHCR', 'OHCHR'] } }), 'meeting');
      meetingId = String((created as { meetingId?: string }).meetingId);
      const postsBefore = channelPosts().length;
      // Both external members are refused a 1:1 and join the channel post while it waits for the
      // rest of the fan-out (a second on the app's clock). The app runs on the test's clock:
      // moved on 50 ms at a time, as time would pass, until both are in; settle() then lets the
      // post go.
      const deadline = Date.now() + 10_000;
      while (![unhcr, ohchr].every((external) => copyOf(external.user)?.reachedInChannel)) {
        net.app.clock.now = new Date(net.app.clock.now.getTime() + 50);
        assert.ok(Date.now() < deadline, `both external members were reached in the channel: ${JSON.stringify([unhcr, ohchr].map((external) => copyOf(external.user)).map((copy) => copy && [copy.status, copy.lastError, copy.dueAt, copy.reachedInChannel]))} ${net.app.clock.now.getTime()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await net.settle();
      const carried = channelPosts()
        .slice(postsBefore)
        .filter((activity) => mentionsIn(activity).length > 0);
      assert.equal(carried.length, 1, `one post for the two external members: ${carried.map((post) => post.text).join(' | ')}`);
      assert.deepEqual(mentionsIn(carried[0]!).sort(), [unhcr.user.id, ohchr.user.id].sort());
      assert.ok(JSON.stringify(carried[0]!.attachments).includes('meetings.rsvp'), 'with the RSVP buttons');
      // Each of them gets their own view of the card (Universal Actions refresh), as in a 1:1.
      const refreshFor = (carried[0]!.attachments as { content?: { refresh?: { userIds?: string[] } } }[])[0]?.content?.refresh?.userIds ?? [];
      for (const external of [unhcr, ohchr]) assert.ok(refreshFor.includes(`8:orgid:${external.user.aadObjectId.toLowerCase()}`), `refreshes for ${external.user.name}: ${JSON.stringify(refreshFor)}`);
      for (const host of hostMembers) {
        const copy = copyOf(host.user);
        assert.equal(copy?.status, 'sent', `${host.user.name}: ${JSON.stringify(copy).slice(0, 200)}`);
        assert.ok(String((copy?.target as { conversationId?: string } | undefined)?.conversationId).startsWith('a:'), `${host.user.name} reached in a 1:1`);
        assert.equal(copy?.reachedInChannel, undefined);
      }
      for (const external of [unhcr, ohchr]) {
        const copy = copyOf(external.user);
        assert.equal(copy?.status, 'sent');
        assert.equal((copy?.reachedInChannel as { conversationId?: string } | undefined)?.conversationId, teams.channel.id, `${external.user.name} reached in the channel`);
      }
      const meeting = ok(await net.api(net.rc, 'GET', `/meetings/${meetingId}`), 'meeting view');
      const text = JSON.stringify(meeting);
      const summary = /Distribué (\d+)\/(\d+) — dont 2 personnes atteintes dans le canal partagé/.exec(text);
      assert.ok(summary, text.slice(0, 800));
      assert.equal(summary[1], summary[2], 'everyone delivered');
      assert.doesNotMatch(text, /en échec/, 'nobody counted as failed');
    });

    it('RSVPs from the channel post, attributed to UNHCR', async () => {
      cardIn(await net.click(unhcr, 'meetings.rsvp', { networkId: NETWORK, meetingId, response: 'online' }));
      await net.settle();
      const meeting = JSON.stringify(ok(await net.api(net.rc, 'GET', `/meetings/${meetingId}`), 'meeting view'));
      assert.match(meeting, /UNHCR/);
      const rsvps = writtenBy('meetingRsvp', unhcr.user);
      assert.equal(rsvps.length, 1, JSON.stringify(stored('meetingRsvp')).slice(0, 400));
      assert.equal(rsvps[0]?.agencyCode, 'UNHCR');
    });

    it('a reminder follows the same rule: the external member who has not answered is @mentioned in the channel, the one who answered is not', async () => {
      const postsBefore = channelPosts().length;
      const reminded = ok(await net.api(net.rc, 'POST', `/meetings/${meetingId}/remind`, {}), 'remind');
      assert.equal(reminded.recipients, 5, 'the four host focal points and OHCHR had not answered');
      await net.settle();
      const carried = channelPosts()
        .slice(postsBefore)
        .filter((activity) => mentionsIn(activity).length > 0);
      assert.equal(carried.length, 1);
      assert.deepEqual(mentionsIn(carried[0]!), [ohchr.user.id], 'UNHCR answered: not reminded');
      assert.match(JSON.stringify(carried[0]!.attachments), /Rappel/);
    });
  });

  describe('a foreign tenant', () => {
    it('a member of the shared channel from a tenant outside ALLOWED_TENANTS is refused when writing or tapping a card: store unchanged, nothing sent but the refusal', async () => {
      const stranger = inChannel(teams.member('Visiteur Étranger', FOREIGN_TENANT));
      await net.settle();
      const before = net.app.partition(NETWORK);
      const calls = net.app.connector.calls.length;
      await sayInChannel(stranger, 'bonjour');
      const tapped = await net.click(stranger, 'network.join', { networkId: NETWORK, agencyCode: 'UNHCR', agencyRole: 'focalPoint' });
      assert.notEqual((tapped.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive');
      assert.deepEqual(net.app.partition(NETWORK), before, 'store unchanged');
      const replies = net.app.connector.calls.slice(calls).filter((call) => call.kind !== 'getMember');
      assert.ok(replies.every((call) => call.kind === 'reply' && /réservé aux organisations membres/.test(JSON.stringify(call.body))), JSON.stringify(replies.map((call) => [call.kind, call.body])).slice(0, 400));
    });

    it('an allowed agency’s member acting in a channel hosted by a foreign tenant is refused too', async () => {
      const foreignHosted = sharedChannelTeams(net.app.connector, { hostTenant: FOREIGN_TENANT, name: 'Ailleurs' });
      foreignHosted.add(unhcr.user);
      await net.settle();
      const before = net.app.partition(NETWORK);
      const calls = net.app.connector.calls.length;
      await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, user: unhcr.user, conversation: foreignHosted.channel, tenantId: FOREIGN_TENANT, text: 'membres' }));
      assert.deepEqual(net.app.partition(NETWORK), before, 'store unchanged');
      const sent = net.app.connector.calls.slice(calls).filter((call) => call.kind !== 'getMember');
      assert.deepEqual(sent.map((call) => call.kind), ['reply'], 'only the refusal');
      assert.match(JSON.stringify(sent[0]?.body), /réservé aux organisations membres/);
      // Restore the network's own channel settings on the fake (a second set-up replaced them).
      net.app.connector.setPersonalChatTenants([HOST_TENANT]);
    });

    it('when Teams cannot say which tenant an external member writes from (the channel’s roster does not answer for them), the turn is refused with that reason, not taken for the host’s, store unchanged', async () => {
      const unknown = inChannel(teams.member('Fatou Keita', AGENCY_B_TENANT));
      // The roster does not answer for them (botbuilder's own client retries a 5xx by itself).
      net.app.connector.failNext({ status: 404, code: 'MemberNotFoundInConversation', match: (call) => call.kind === 'getMember' && call.conversationId === teams.channel.id });
      await net.settle();
      const before = net.app.partition(NETWORK);
      const calls = net.app.connector.calls.length;
      await sayInChannel(unknown, 'bonjour', 'en-US');
      assert.deepEqual(net.app.partition(NETWORK), before, 'store unchanged');
      const replies = net.app.connector.calls.slice(calls).filter((call) => call.kind === 'reply');
      assert.equal(replies.length, 1);
      assert.match(JSON.stringify(replies[0]?.body), /could not check with Teams which organisation/);
    });

    it('the tab API refuses a foreign tenant’s sign-in, store unchanged', async () => {
      const answer = await net.unchanged(() => net.api(unhcr, 'GET', '/me', undefined, { headers: { 'x-reseau-dev-tenant': FOREIGN_TENANT } }), 'foreign api');
      assertApiRefused(answer, { status: [401, 403], codes: ['foreignTenant', 'tenantNotAllowed', 'identityMismatch', 'forbidden', 'unauthorized'] });
    });
  });
});
