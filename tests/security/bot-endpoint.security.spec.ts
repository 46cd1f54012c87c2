/**
 * The bot endpoint in production mode, from outside, with real signed tokens: the network is
 * built over /api/messages with every activity signed by the (local) Bot Framework, and the
 * bot's own replies carry the token it obtained with its credentials (the fake connector checks
 * it). Then every channel token the Bot Connector would never send this bot for this activity,
 * a foreign tenant's correctly signed activities, a correctly signed activity carrying a
 * member's object id from a second allowed tenant, and correctly signed replays of a card
 * action. Each refusal is the endpoint's generic 401 (or the tenant's or identity's refusal),
 * with the store unchanged (every document, content and ETag, outbox included) and nothing sent.
 */
import assert from 'node:assert/strict';
import { postActivity, type BotResponse } from '../support/bot-client';
import { TEST_BOT_ID, adaptiveCardAction, botInstalled, message, teamsConversation, type TeamsActivity } from '../support/teams-activities';
import { startChannelEntra, type ChannelEntra, type ShapedChannelToken } from './support/channel-entra';
import { NETWORK, TEST_TENANT_ID, assertCardRefused, createFixtures, startSecurityNetwork, type Fixtures, type Person, type SecurityNetwork } from './support/network';
import { cardIn } from '../support/card-actions';

const SECOND_TENANT = '7a7a7a7a-1111-4222-8333-444444444444';
const FOREIGN_TENANT = '0d3f5a1c-9e2b-4c7d-8a6f-112233445566';
/** Another bot's Microsoft App id: a token the Bot Connector issued to it is not for us. */
const OTHER_BOT_ID = '11111111-2222-4333-8444-555555555555';
const EVIL_SERVICE_URL = 'https://evil.example.org/amer/';
/** What a refusal must never tell the caller: why the token failed, or any internal. */
const INTERNALS = /token|issuer|endorse|serviceurl|openid|appid|audience|expired|signature|fetch|\bat \w+ \(|\.ts:\d|\.js:\d|node_modules|Error:/i;
const RESERVED = /reserved for the member organisations|réservé aux organisations membres/;

describe('security: the bot endpoint in production mode (real signed Bot Framework tokens)', function () {
  this.timeout(60_000);
  let entra: ChannelEntra;
  let net: SecurityNetwork;
  let f: Fixtures;

  /** An ExCom focal point's position on the decision, from their 1:1 chat: a state-changing Teams activity. */
  const position = (who: Person, agencyCode: string, stance: string): TeamsActivity =>
    adaptiveCardAction({
      serviceUrl: net.app.connector.serviceUrl,
      user: who.user,
      conversation: who.chat,
      verb: 'decision.position',
      data: { networkId: NETWORK, decisionId: f.decisionId, agencyCode, position: stance, ...(stance === 'object' ? { comment: 'objection' } : {}) },
    });
  /** What every refused token guards: IOM objecting to the decision (never cast, so it would change the store). */
  const guarded = (overrides: Partial<TeamsActivity> = {}): TeamsActivity => ({ ...position(net.reps.IOM, 'IOM', 'object'), ...overrides });
  const token = (options: Partial<ShapedChannelToken> = {}) => entra.sign({ appId: TEST_BOT_ID, serviceUrl: net.app.connector.serviceUrl, ...options });

  /** Posts `activity` with this Authorization header; asserts the generic 401, the store unchanged and nothing sent. */
  const refusedUnauthorized = async (authorization: string, what: string, activity: TeamsActivity = guarded()): Promise<BotResponse> => {
    const response = await net.unchanged(() => postActivity(net.app.url, activity, { headers: { Authorization: authorization } }), what);
    assert.equal(response.status, 401, `${what}: ${JSON.stringify(response.body)}`);
    assert.match(response.headers['content-type'] ?? '', /json/, `${what}: a JSON body`);
    assert.deepEqual(Object.keys(response.body as object).sort(), ['code', 'message'], what);
    assert.equal((response.body as { code: string }).code, 'Unauthorized', what);
    assert.doesNotMatch(JSON.stringify(response.body), INTERNALS, `${what}: the refusal says nothing about why`);
    assert.equal(response.headers['cache-control'], 'no-store', what);
    return response;
  };

  /** Runs `act` on a settled network; the store must be unchanged and the one thing sent the tenant refusal, in `conversationId`. */
  const onlyTheTenantRefusal = async (act: () => Promise<BotResponse>, conversationId: string, what: string): Promise<BotResponse> => {
    await net.settle();
    const before = net.app.partition(NETWORK);
    const calls = net.app.connector.calls.length;
    const response = await act();
    await net.app.connector.waitFor((call) => call.conversationId === conversationId && call.kind !== 'getMember');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(net.app.partition(NETWORK), before, `${what}: the store changed`);
    const sent = net.app.connector.calls.slice(calls).filter((call) => call.kind !== 'getMember');
    assert.deepEqual(
      sent.map((call) => call.conversationId),
      [conversationId],
      `${what}: only the refusal, in that conversation (${sent.map((call) => `${call.kind} ${call.path}`).join(', ')})`,
    );
    const [refusal] = net.app.connector.activities({ conversationId });
    assert.match(String(refusal?.text), RESERVED, what);
    assert.equal(refusal?.attachments, undefined, `${what}: no card`);
    assert.ok(await entra.isBotToken(String(sent[0]?.headers.authorization), TEST_BOT_ID), `${what}: the refusal carries the bot's own token`);
    return response;
  };

  /** `who`'s object id arriving from SECOND_TENANT (allowed), in a 1:1 chat there. */
  const twinOf = (who: Person): Person => ({ user: { ...who.user, tenantId: SECOND_TENANT }, chat: teamsConversation('personal', { tenantId: SECOND_TENANT }) });

  before(async function () {
    this.timeout(180_000);
    entra = await startChannelEntra();
    net = await startSecurityNetwork({ production: { entra }, env: { ALLOWED_TENANTS: `${TEST_TENANT_ID},${SECOND_TENANT}` } });
    f = await createFixtures(net);
    await net.settle();
  });
  after(async () => {
    await net?.stop();
    await entra?.close();
  });

  it('(control) the network was built over signed activities; a signed position lands, and the bot answers Teams with its own token', async () => {
    assert.equal(net.app.production, true);
    await net.settle();
    const before = net.app.partition(NETWORK);
    cardIn(await net.app.post(position(net.reps.UNDP, 'UNDP', 'object')));
    assert.notDeepEqual(net.app.partition(NETWORK), before, 'a signed position is stored');
    const replies = net.app.connector.calls.filter((call) => call.kind !== 'getMember');
    assert.ok(replies.length > 0, 'the network setup sent cards to Teams');
    for (const call of replies.slice(-5)) assert.ok(await entra.isBotToken(String(call.headers.authorization), TEST_BOT_ID), `${call.kind} ${call.path} carries the bot's token`);
  });

  it('[bot-auth] a valid channel token issued for another bot (audience = another app id): 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ appId: OTHER_BOT_ID })}`, 'other bot');
  });

  it('[bot-auth] a token whose serviceurl claim is another serviceUrl than the activity’s: 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ serviceUrl: EVIL_SERVICE_URL })}`, 'serviceurl claim');
  });

  it('[bot-auth] a captured token of the real serviceUrl on an activity redirected to another serviceUrl: 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token()}`, 'redirected activity', guarded({ serviceUrl: EVIL_SERVICE_URL }));
  });

  it('[bot-auth] a token without any serviceurl claim: 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ serviceUrl: null })}`, 'no serviceurl');
  });

  it('[bot-auth] a token signed by a published key endorsed only for webchat/directline, on a Teams activity: 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ key: 'webchat' })}`, 'webchat key');
  });

  it('[bot-auth] a Teams-endorsed token on an activity that claims another channel (webchat): 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token()}`, 'other channel', guarded({ channelId: 'webchat' }));
  });

  it('[bot-auth] a forged signature under the Teams key’s published key id: 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ forgedSignature: true })}`, 'forged signature');
  });

  it('[bot-auth] an HS256 token keyed with the published RSA public key (algorithm confusion): 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ alg: 'HS256' })}`, 'HS256 confusion');
  });

  it('[bot-auth] an unsigned channel token (alg none) with the right claims: 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ alg: 'none' })}`, 'alg none');
  });

  it('[bot-auth] an expired channel token (an hour ago, beyond the 5-minute skew): 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ expiresIn: -3600 })}`, 'expired');
  });

  it('[bot-auth] a channel token not valid yet (nbf in an hour): 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ notBefore: 3600, expiresIn: 7200 })}`, 'nbf');
  });

  it('[bot-auth] a token from the wrong issuer (an Entra tenant’s issuer, signed with the Teams key): 401 Unauthorized, store unchanged, nothing sent', async () => {
    await refusedUnauthorized(`Bearer ${await token({ iss: `${entra.authorityUrl}/${TEST_TENANT_ID}/v2.0` })}`, 'issuer');
  });

  it('[bot-auth] a member’s own Teams SSO token (Entra-signed, audience = the bot’s app id) is not a channel token: 401 Unauthorized, store unchanged, nothing sent', async () => {
    const sso = await entra.token({ tid: TEST_TENANT_ID, oid: net.reps.IOM.user.aadObjectId, aud: TEST_BOT_ID, scp: 'access_as_user' });
    await refusedUnauthorized(`Bearer ${sso}`, 'user SSO token');
  });

  it('[tenant] a correctly signed message from a tenant not in ALLOWED_TENANTS: a polite refusal in that chat only, nothing stored', async () => {
    const conversation = teamsConversation('personal', { tenantId: FOREIGN_TENANT });
    const response = await onlyTheTenantRefusal(
      () => net.app.post(message({ serviceUrl: net.app.connector.serviceUrl, conversation, tenantId: FOREIGN_TENANT, text: 'membres', locale: 'en-US' })),
      conversation.id,
      'foreign message',
    );
    assert.equal(response.status, 200);
  });

  it('[tenant] a correctly signed installation in a foreign tenant’s team: not recorded, only the refusal sent', async () => {
    const conversation = teamsConversation('channel', { tenantId: FOREIGN_TENANT });
    await onlyTheTenantRefusal(() => net.app.post(botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation, tenantId: FOREIGN_TENANT })), conversation.id, 'foreign install');
  });

  it('[tenant] a correctly signed card click from a foreign tenant carrying the co-chair’s object id confirms nobody: refused in the invoke answer, no card, store unchanged, nothing sent', async () => {
    const impostor = { user: { ...net.rc.user, tenantId: FOREIGN_TENANT }, chat: teamsConversation('personal', { tenantId: FOREIGN_TENANT }) };
    const response = await net.unchanged(
      () => net.click(impostor, 'network.member.confirm', { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }, { locale: 'en-US' }),
      'foreign confirm',
    );
    assert.equal(response.status, 200);
    const body = response.body as { type?: string; value?: unknown };
    assert.notEqual(body.type, 'application/vnd.microsoft.card.adaptive', 'no card for a foreign tenant');
    assert.match(JSON.stringify(body.value), RESERVED);
  });

  it('[identity] a correctly signed poll answer carrying a member’s object id from a second allowed tenant: 403 identityMismatch, store unchanged, nothing sent', async () => {
    const response = await net.unchanged(() => net.click(twinOf(net.member), 'poll.answer', { networkId: NETWORK, pollId: f.pollId, choices: 'o1' }), 'twin member answer');
    assertCardRefused(response, { status: 403, codes: ['identityMismatch'] }, 'twin member answer');
  });

  it('[identity] a correctly signed confirmation carrying the co-chair’s object id from a second allowed tenant: 403 identityMismatch, store unchanged, nothing sent', async () => {
    const response = await net.unchanged(
      () => net.click(twinOf(net.rc), 'network.member.confirm', { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }, { locale: 'en-US' }),
      'twin co-chair confirm',
    );
    assertCardRefused(response, { status: 403, codes: ['identityMismatch'], language: 'en' }, 'twin co-chair confirm');
  });

  it('[replay] the same card action (same invoke id) signed again by the Bot Framework counts once: the store changes on the first only', async () => {
    const activity = position(net.reps.UNHCR, 'UNHCR', 'agree');
    await net.settle();
    const before = net.app.partition(NETWORK);
    cardIn(await net.app.post(activity));
    await net.settle();
    assert.notDeepEqual(net.app.partition(NETWORK), before, 'the first delivery is counted');
    // A fresh token each time: the Bot Connector re-signs when it redelivers.
    const again = await net.unchanged(() => net.app.post(activity), 'replay with a fresh token');
    cardIn(again);
  });

  it('[replay] the exact request captured on the wire (same token, same bytes) posted again counts once: the store changes on the first only', async () => {
    const activity = position(net.reps.OHCHR, 'OHCHR', 'standAside');
    const headers = await net.app.channelHeaders();
    await net.settle();
    const before = net.app.partition(NETWORK);
    cardIn(await postActivity(net.app.url, activity, { headers }));
    await net.settle();
    assert.notDeepEqual(net.app.partition(NETWORK), before, 'the first delivery is counted');
    cardIn(await net.unchanged(() => postActivity(net.app.url, activity, { headers }), 'captured replay'));
  });

  it('[replay] the same poll answer invoke (same invoke id) signed again counts once: the store changes on the first only', async () => {
    const activity = adaptiveCardAction({ serviceUrl: net.app.connector.serviceUrl, user: net.wfpFocal.user, conversation: net.wfpFocal.chat, verb: 'poll.answer', data: { networkId: NETWORK, pollId: f.pollId, choices: 'o2' } });
    await net.settle();
    const before = net.app.partition(NETWORK);
    cardIn(await net.app.post(activity));
    await net.settle();
    assert.notDeepEqual(net.app.partition(NETWORK), before, 'the first delivery is counted');
    cardIn(await net.unchanged(() => net.app.post(activity), 'replayed poll answer'));
  });

  it('[replay] an earlier poll answer invoke redelivered after the voter changed their answer does not bring the old answer back', async () => {
    const answer = (choices: string) =>
      adaptiveCardAction({ serviceUrl: net.app.connector.serviceUrl, user: net.undpMember.user, conversation: net.undpMember.chat, verb: 'poll.answer', data: { networkId: NETWORK, pollId: f.pollId, choices } });
    const first = answer('o1');
    cardIn(await net.app.post(first));
    cardIn(await net.app.post(answer('o2')));
    await net.settle();
    const stored = () => net.app.partition(NETWORK).find((doc) => doc.type === 'pollAnswer' && (doc as { aadObjectId?: string }).aadObjectId === net.undpMember.user.aadObjectId.toLowerCase()) as { choices?: string[] } | undefined;
    assert.deepEqual(stored()?.choices, ['o2'], 'the newer answer is stored');
    await net.unchanged(() => net.app.post(first), 'old answer redelivered');
    assert.deepEqual(stored()?.choices, ['o2'], 'the redelivered older invoke did not revert the answer');
  });
});
