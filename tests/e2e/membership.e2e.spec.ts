/**
 * Onboarding and confirmation end to end, in French and in English: activities POSTed to the
 * real /api/messages; cards to people outside the conversation travel through the outbox and
 * the dispatcher to the simulated Teams connector.
 */
import assert from 'node:assert/strict';
import type { AuditEntry, MemberDocument } from '../../src/network/model';
import { CARD_TYPE, cardRefresh, ownChatActions, refusalOf } from '../support/card-actions';
import type { RecordedCall, WireActivity } from '../support/fake-connector';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';

interface Person {
  readonly user: TeamsUser;
  readonly chat: TeamsConversation;
  readonly locale: string;
}

type CardJson = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, unknown>; title?: string }[] } & Record<string, unknown>;

function cardOf(activity: WireActivity | undefined): CardJson {
  const attachment = activity?.attachments?.[0];
  assert.equal(attachment?.contentType, CARD_TYPE, `expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  return attachment.content as CardJson;
}

const text = (card: unknown) => JSON.stringify(card);

describe('membership through /api/messages', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let rc: Person;
  let officer: Person;

  // NETWORK_ADMINS names people by object id (and tenant): the RC and the RCO officer are known before the app starts.
  const rcUser = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
  const officerUser = teamsUser({ name: 'RCO Officer', email: 'placeholder@un.org', userPrincipalName: 'placeholder@un.org' });
  const person = (name: string, email: string, locale: string, known?: TeamsUser): Person => {
    const user = known ?? teamsUser({ name, email, userPrincipalName: email });
    const chat = teamsConversation('personal');
    app.connector.setRoster(chat.id, [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId, email, userPrincipalName: email, tenantId: user.tenantId }]);
    return { user, chat, locale };
  };
  const { say, click } = ownChatActions(() => app);
  const sentTo = (who: Person) => app.connector.activities({ conversationId: who.chat.id });
  /** A proactive card reaching someone's 1:1 through the outbox, whose text matches. */
  const delivered = async (who: Person, pattern: RegExp): Promise<CardJson> => {
    const call: RecordedCall = await app.connector.waitFor(
      (c) => c.kind === 'send' && c.conversationId === who.chat.id && c.status < 300 && pattern.test(JSON.stringify(c.body)),
      10_000,
    );
    return cardOf(call.body as WireActivity);
  };
  const member = async (who: Person) => (await app.store.get<MemberDocument>(NETWORK, `member:${who.user.aadObjectId}`))?.document;

  beforeEach(async () => {
    app = await startReseauUnderTest({
      env: { NETWORK_ADMINS: `${TEST_TENANT_ID}/${rcUser.aadObjectId}=cochair, ${officerUser.aadObjectId}` },
    });
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('in French: a newcomer is asked for their agency (pre-selected from their email), is pending, the RC confirms from the card that reaches them, and the newcomer is welcomed', async () => {
    rc = person('Coordonnatrice Résidente', 'rc.guinee@un.org', 'fr-FR', rcUser);
    await say(rc, 'bonjour');
    const [rcWelcome] = sentTo(rc);
    assert.match(text(cardOf(rcWelcome)), /Bienvenue dans le Réseau/, 'the RC, named in NETWORK_ADMINS, is confirmed on first contact');
    assert.equal((await member(rc))?.status, 'confirmed');

    const newcomer = person('Fatoumata Bah', 'f.bah@iom.int', 'fr-FR');
    await say(newcomer, 'bonjour');
    const [ask] = sentTo(newcomer);
    assert.match(String(ask?.text), /pas encore membre/);
    const joinCard = cardOf(ask);
    assert.deepEqual(parseAdaptiveCard(joinCard).problems, []);
    const agencyInput = (joinCard.body as { id?: string; value?: string }[]).find((element) => element.id === 'agencyCode');
    assert.equal(agencyInput?.value, 'IOM', 'pre-selected from the iom.int address');
    assert.match(text(joinCard), /Rejoindre le Réseau/);

    const join = await click(newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'IOM', agencyRole: 'alternate' });
    const pendingCard = (join.body as { type: string; value: CardJson }).value;
    assert.equal((join.body as { type: string }).type, CARD_TYPE);
    assert.match(text(pendingCard), /en attente de confirmation/);
    assert.match(text(pendingCard), /OIM \(IOM\)/);
    assert.equal((await member(newcomer))?.status, 'pending');

    // Pending people can read…
    await say(newcomer, 'membres');
    assert.match(text(cardOf(sentTo(newcomer).at(-1))), /Membres du réseau/);

    // …and the request reaches the RC as a card with Confirm / Decline.
    const request = await delivered(rc, /Nouvelle demande d’adhésion/);
    assert.match(text(request), /Fatoumata Bah/);
    const confirmAction = request.actions?.find((action) => action.verb === 'network.member.confirm');
    assert.ok(confirmAction?.data);
    const decided = await click(rc, 'network.member.confirm', confirmAction.data);
    assert.match(text((decided.body as { value: unknown }).value), /Adhésion confirmée par/);
    assert.equal((await member(newcomer))?.status, 'confirmed');

    const welcome = await delivered(newcomer, /Bienvenue dans le Réseau/);
    assert.match(text(welcome), /Point focal suppléant/);
    assert.deepEqual(parseAdaptiveCard(welcome).problems, []);

    // Every change is in the audit trail.
    const trail = (await app.store.query<AuditEntry>(NETWORK, { type: 'audit' })).map((entry) => entry.document);
    assert.deepEqual(
      trail.filter((entry) => entry.subject === `member:${newcomer.user.aadObjectId}`).map((entry) => entry.action).sort(),
      ['member.confirm', 'member.request'],
    );
    assert.ok(trail.some((entry) => entry.action === 'member.confirm' && entry.actor === rc.user.aadObjectId));
  });

  it('in English: the request reaches the secretariat and the agency’s focal point, and the focal point confirms', async () => {
    officer = person('RCO Officer', 'placeholder@un.org', 'en-US', officerUser);
    await say(officer, 'hello');
    assert.match(text(cardOf(sentTo(officer)[0])), /Welcome to the Network/);

    rc = person('Coordonnatrice Résidente', 'rc.guinee@un.org', 'en-US', rcUser);
    await say(rc, 'hello');

    // A UNICEF focal point joins and is confirmed by the RC: an ExCom agency's representative
    // is named by a co-chair (or the agency's focal point), not by the secretariat.
    const focal = person('Kadiatou Camara', 'k.camara@unicef.org', 'en-GB');
    await say(focal, 'hello');
    await click(focal, 'network.join', { networkId: NETWORK, agencyCode: 'UNICEF', agencyRole: 'focalPoint' });
    const first = await delivered(rc, /New membership request/);
    await click(rc, 'network.member.confirm', first.actions?.find((a) => a.verb === 'network.member.confirm')?.data ?? {});
    await delivered(focal, /Welcome to the Network/);

    // A colleague asks to join UNICEF: the secretariat and UNICEF's focal point both get the card, in English.
    const colleague = person('Mamadou Sow', 'm.sow@unicef.org', 'en-US');
    await say(colleague, 'hi');
    const ask = cardOf(sentTo(colleague)[0]);
    assert.match(text(ask), /Join the Network/);
    assert.equal((ask.body as { id?: string; value?: string }[]).find((element) => element.id === 'agencyCode')?.value, 'UNICEF');
    const join = await click(colleague, 'network.join', { networkId: NETWORK, agencyCode: 'UNICEF', agencyRole: 'member' });
    assert.match(text((join.body as { value: unknown }).value), /awaiting confirmation/);

    const toFocal = await delivered(focal, /Mamadou Sow/);
    await delivered(officer, /Mamadou Sow/);
    assert.match(text(toFocal), /asks to join the network for/);
    const decided = await click(focal, 'network.member.confirm', toFocal.actions?.find((a) => a.verb === 'network.member.confirm')?.data ?? {});
    assert.match(text((decided.body as { value: unknown }).value), /Membership confirmed by/);
    await delivered(colleague, /Welcome to the Network/);
    assert.equal((await member(colleague))?.decidedBy, focal.user.aadObjectId.toLowerCase());
    // The secretariat's copy of the request card shows the outcome when Teams refreshes it for them: nobody decides twice.
    const officerCopy = await delivered(officer, /Mamadou Sow/);
    const refresh = (officerCopy as { refresh?: { action: { verb: string; data: Record<string, unknown> }; userIds: string[] } }).refresh;
    assert.ok(refresh);
    assert.deepEqual(refresh.userIds, [`8:orgid:${officer.user.aadObjectId.toLowerCase()}`]);
    const seen = await cardRefresh(app, officer.user, refresh.action, { conversation: officer.chat, locale: officer.locale });
    const updated = JSON.stringify((seen.body as { value?: unknown }).value);
    assert.match(updated, /Membership confirmed by/);
    assert.match(updated, /Kadiatou Camara/);
    assert.ok(!updated.includes('network.member.confirm'), 'no buttons left on the decided card');

    // Their profile shows it, and `members` lists UNICEF with its focal point.
    await say(colleague, 'profile');
    assert.match(text(cardOf(sentTo(colleague).at(-1))), /UNICEF/);
    await say(colleague, 'members');
    const list = cardOf(sentTo(colleague).at(-1));
    assert.match(text(list), /Focal point: /);
    assert.match(text(list), /Kadiatou Camara/);
    assert.ok(!text(list).includes('network.memberList.send'), 'a plain member is not offered to send the list');
  });

  it('lets a co-chair send the member list to every member from the `membres` card', async () => {
    rc = person('Coordonnatrice Résidente', 'rc.guinee@un.org', 'fr-FR', rcUser);
    await say(rc, 'bonjour');
    const newcomer = person('Alpha Condé', 'a.conde@wfp.org', 'en-US');
    await say(newcomer, 'hello');
    await click(newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'WFP', agencyRole: 'member' });
    await click(rc, 'network.member.confirm', { networkId: NETWORK, memberId: newcomer.user.aadObjectId, agencyCode: 'WFP' });

    await say(rc, 'membres');
    const list = cardOf(sentTo(rc).at(-1));
    assert.match(text(list), /Comité exécutif/);
    assert.match(text(list), /coprésidence/);
    const send = list.actions?.find((action) => action.verb === 'network.memberList.send');
    assert.ok(send, 'a co-chair is offered to send the list');
    // Asked first (issue 15), then the list card says it was sent.
    const asked = (await click(rc, 'network.memberList.send', send.data ?? {})).body as { value: CardJson };
    const confirm = asked.value.actions?.find((action) => action.verb === 'network.memberList.send');
    const answer = await click(rc, 'network.memberList.send', confirm?.data ?? {});
    assert.match(text((answer.body as { value: unknown }).value), /Liste des membres envoyée à 2 membres/);
    const received = await delivered(newcomer, /Network members/);
    assert.match(text(received), /WFP/);
    assert.match(text(received), /2 confirmed members/);
  });

  it('refuses tampered and self-serving card actions with a message, and changes nothing', async () => {
    rc = person('Coordonnatrice Résidente', 'rc.guinee@un.org', 'fr-FR', rcUser);
    await say(rc, 'bonjour');
    const newcomer = person('Alpha Condé', 'a.conde@wfp.org', 'fr-FR');
    await say(newcomer, 'bonjour');
    await click(newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'WFP', agencyRole: 'member' });

    const refusals: [Person, string, Record<string, unknown>, string, RegExp][] = [
      [newcomer, 'network.member.confirm', { networkId: NETWORK, memberId: newcomer.user.aadObjectId, agencyCode: 'WFP' }, 'ownMembership', /propre adhésion/],
      [rc, 'network.member.confirm', { networkId: 'sn', memberId: newcomer.user.aadObjectId, agencyCode: 'WFP' }, 'wrongNetwork', /autre réseau/],
      [rc, 'network.member.confirm', { networkId: NETWORK, memberId: newcomer.user.aadObjectId, agencyCode: 'UNICEF' }, 'staleCard', /ne correspond plus/],
      [rc, 'network.member.leave', { networkId: NETWORK, memberId: newcomer.user.aadObjectId }, 'ownMembership', /rien n’a été modifié/],
      [newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'XYZ', agencyRole: 'member' }, 'unknownAgency', /annuaire/],
      [newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'WFP', agencyRole: 'coChair' }, 'unknownRole', /Ce rôle n’existe pas/],
      [newcomer, 'network.memberList.send', { networkId: NETWORK }, 'forbidden', /ne permet pas cette action/],
    ];
    const before = JSON.stringify(await app.store.query(NETWORK, { type: 'member' }));
    for (const [who, verb, data, code, pattern] of refusals) {
      const response = await click(who, verb, data);
      const refusal = refusalOf(response);
      assert.equal(refusal.code, code, `${verb} ${code}`);
      assert.match(refusal.message, pattern);
    }
    assert.equal(JSON.stringify(await app.store.query(NETWORK, { type: 'member' })), before, 'nothing changed');
  });

  it('lets a member leave from their profile', async () => {
    rc = person('Coordonnatrice Résidente', 'rc.guinee@un.org', 'fr-FR', rcUser);
    await say(rc, 'bonjour');
    await say(rc, 'quitter');
    const confirm = cardOf(sentTo(rc).at(-1));
    assert.match(text(confirm), /Quitter le réseau\u202f\?/);
    const leave = await click(rc, 'network.member.leave', confirm.actions?.[0]?.data ?? {});
    assert.match(text((leave.body as { value: unknown }).value), /Vous avez quitté le réseau/);
    assert.equal((await member(rc))?.status, 'left');
  });
});
