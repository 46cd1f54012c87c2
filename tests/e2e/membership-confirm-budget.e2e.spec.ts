/**
 * A membership confirm (or decline) costs the same store operations on a network of a few
 * members and on one with 2,000 more (issue 13): in the turn, the actor's member read (once
 * per turn), one read and one conditional write of the member decided and its audit entry —
 * no query; a focal-point hand-over adds one indexed lookup of the agency's seat and the
 * previous focal point's write and audit entry. After the answer only the member's notice is
 * queued (and its mark cleared): the other deciders' copies are never rewritten, Teams
 * refreshes each for its reader, so the work handed off is the same with 2 deciders or 27.
 * Nothing is written after a refusal.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import type { MemberDocument } from '../../src/network/model';
import { confirmRequestKey } from '../../src/network/membership-service';
import { postActivity } from '../support/bot-client';
import { cardRefresh, cardTap } from '../support/card-actions';
import { countingStore, describeCounts, withoutCachedRoleReads, type CountingDocumentStore, type StoreCounts } from '../support/counting-store';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, botInstalled, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
/** What runs inside a teams-ai turn (as bench:actions counts it): not the dispatcher, not work after the turn. */
const TURN = /\bApplication\.run\b|\bTurnState/;
const LARGER_BY = 2000;

/** The shape a budget compares: how many of each operation, of which collection, how many rows. */
const shape = (counts: StoreCounts) => {
  // The directory and rotation come from the per-process cache (see withoutCachedRoleReads).
  const { gets, rows, getsByPrefix } = withoutCachedRoleReads(counts);
  return {
    gets,
    getsByPrefix,
    queries: counts.queries,
    queriesByType: counts.queriesByType,
    rows,
    writes: counts.writes,
    replaces: counts.byOperation.replace.calls,
  };
};

describe('membership confirm at a fixed store-operation budget', function () {
  this.timeout(120_000);
  let app: ReseauUnderTest;
  let counting: CountingDocumentStore;
  const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
  const clock = () => app.clock ?? { now: START };

  const join = async (name: string, agencyCode: string, role: 'focalPoint' | 'alternate' | 'member', language: 'fr' | 'en' = 'fr'): Promise<TeamsUser> => {
    const user = teamsUser({ name });
    await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language }, agencyCode, role);
    return user;
  };
  const seat = async (name: string, agencyCode: string, role: 'focalPoint' | 'alternate' | 'member', language: 'fr' | 'en' = 'fr'): Promise<TeamsUser> => {
    const user = await join(name, agencyCode, role, language);
    await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agencyCode);
    return user;
  };
  const member = async (user: TeamsUser) => (await app.store.get<MemberDocument>(NETWORK, `member:${user.aadObjectId}`))?.document;
  const click = (who: TeamsUser, verb: 'network.member.confirm' | 'network.member.decline', memberId: string, agencyCode: string) => cardTap(app, who, verb, { networkId: NETWORK, memberId, agencyCode });
  /** Every card update after its turn done, and the outbox delivered (the app's clock paces it). */
  const settle = async () => {
    await app.reseau.membership.cardsIdle();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const busy = app.partition(NETWORK).some((doc) => doc.type === 'outbox' && ['queued', 'sending'].includes(String((doc as { status?: string }).status)));
      if (!busy) return;
      if (Date.now() > deadline) assert.fail('timed out waiting for the outbox to be idle');
      clock().now = new Date(clock().now.getTime() + 5000);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  };
  const requestCopies = async (user: TeamsUser): Promise<OutboxItem[]> => {
    const requested = await member(user);
    assert.ok(requested);
    const found = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: confirmRequestKey(requested) }] });
    return found.map((entry) => entry.document);
  };
  /** The store operations of one confirm or decline turn (and, apart, of the work after it). */
  const measure = async (who: TeamsUser, verb: 'network.member.confirm' | 'network.member.decline', pending: TeamsUser, agencyCode: string) => {
    await settle();
    counting.options.include = TURN;
    let turn: StoreCounts;
    try {
      const { result, counts } = await counting.during(() => click(who, verb, pending.aadObjectId, agencyCode));
      assert.equal((result.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(result.body));
      turn = counts;
    } finally {
      counting.options.include = undefined;
    }
    await settle();
    return turn;
  };
  /** The update of the other deciders' copies, after the turn, on its own. */
  const measureAfterTurn = async (who: TeamsUser, pending: TeamsUser, agencyCode: string) => {
    await settle();
    counting.options.exclude = /Dispatcher\.|DeliveryTally\.|SendingLease\./;
    try {
      const { counts } = await counting.during(async () => {
        await click(who, 'network.member.confirm', pending.aadObjectId, agencyCode);
        await app.reseau.membership.cardsIdle();
      });
      return counts;
    } finally {
      counting.options.exclude = undefined;
    }
  };

  /** 2,000 more confirmed members, some of them co-chairs' alternates (so more deciders), by CSV. */
  const grow = async () => {
    const agencies = ['UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC', 'WFP', 'FAO', 'WHO', 'UNFPA', 'ILO', 'UNESCO', 'UNAIDS'];
    const rows = Array.from({ length: LARGER_BY }, (_, index) => {
      const coChairAlternate = index < 24;
      const agency = coChairAlternate ? (index % 2 ? 'IOM' : 'RCO') : agencies[index % agencies.length]!;
      return [agency, `Membre ${index}`, `membre.${index}@un.org`, coChairAlternate ? 'alternate' : 'member', randomUUID(), TEST_TENANT_ID].join(',');
    });
    const report = await app.reseau.membership.importCsv(NETWORK, rc.aadObjectId, ['agency,name,email,role,objectId,tenantId', ...rows].join('\n'));
    assert.equal(report.created, LARGER_BY, JSON.stringify(report.rejected.slice(0, 3)));
  };

  beforeEach(async () => {
    app = await startReseauUnderTest({
      env: { NETWORK_ADMINS: `${TEST_TENANT_ID}/${rc.aadObjectId}=cochair` },
      clockStart: START,
      wrapStore: (store) => (counting = countingStore(store)),
    });
    await app.reseau.membership.firstContact(NETWORK, { aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID, name: rc.name, email: 'rc.guinee@un.org', language: 'fr' });
    // The bot in the network's team: the dispatcher opens members' 1:1 chats through it.
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: teamsConversation('channel'), user: rc }));
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('a focal point confirming or declining a member, and a co-chair seating a new focal point, cost the same in the turn with 2,000 more members', async () => {
    const wfp = await seat('Point focal PAM', 'WFP', 'focalPoint', 'en');
    let unicef = await seat('Point focal UNICEF', 'UNICEF', 'focalPoint');
    const turns = async (label: string) => {
      // Warm: the confirmer's first turn of this size (per-process caches), then measured.
      await measure(wfp, 'network.member.confirm', await join(`${label} échauffement`, 'WFP', 'member'), 'WFP');
      const confirm = await measure(wfp, 'network.member.confirm', await join(`${label} membre`, 'WFP', 'member'), 'WFP');
      const decline = await measure(wfp, 'network.member.decline', await join(`${label} refusé`, 'WFP', 'member'), 'WFP');
      const successor = await join(`${label} nouveau point focal`, 'UNICEF', 'focalPoint');
      const handover = await measure(rc, 'network.member.confirm', successor, 'UNICEF');
      assert.equal((await member(successor))?.agencyRole, 'focalPoint');
      assert.equal((await member(unicef))?.agencyRole, 'alternate', 'the previous focal point became an alternate');
      unicef = successor;
      return { confirm, decline, handover };
    };
    const small = await turns('petit');
    await grow();
    const large = await turns('grand');

    for (const kind of ['confirm', 'decline', 'handover'] as const) {
      assert.deepEqual(shape(large[kind]), shape(small[kind]), `${kind}: small ${describeCounts(small[kind])}\nlarge ${describeCounts(large[kind])}`);
    }
    const { confirm, decline, handover } = large;
    // The actor (once per turn) and the member decided, by id; no query at all (the welcome is queued after the answer).
    assert.deepEqual(withoutCachedRoleReads(confirm).getsByPrefix, { member: 2 }, describeCounts(confirm));
    assert.equal(confirm.queries, 0, `no query in the turn: ${describeCounts(confirm)}`);
    // The member's conditional write and its audit entry.
    assert.equal(confirm.byOperation.replace.calls, 1, describeCounts(confirm));
    assert.equal(confirm.writes, 2, describeCounts(confirm));
    assert.deepEqual(shape(decline), shape(confirm), `a decline costs what a confirm does: ${describeCounts(decline)}`);
    // A hand-over: one indexed lookup of the agency's focal points (the new one and the previous), the previous one's write and audit entry.
    assert.deepEqual(handover.queriesByType.member, { calls: 1, rows: 2 }, describeCounts(handover));
    assert.equal(handover.queries, 1, describeCounts(handover));
    assert.equal(handover.byOperation.replace.calls, 2, describeCounts(handover));
    assert.equal(handover.writes, 4, describeCounts(handover));
  });

  it('hands off the same work with 27 deciders as with 3: the welcome only; each decider’s copy shows the outcome when Teams refreshes it, in its reader’s language', async () => {
    const english = await seat('RCO Officer', 'RCO', 'alternate', 'en');
    const wfp = await seat('Point focal PAM', 'WFP', 'focalPoint');
    const afterDecision = async (name: string) => {
      const newcomer = await join(name, 'WFP', 'member');
      await settle();
      const copies = await requestCopies(newcomer);
      const counts = await measureAfterTurn(wfp, newcomer, 'WFP');
      await settle();
      return { newcomer, copies, counts, after: await requestCopies(newcomer) };
    };
    const few = await afterDecision('Aminata Touré');
    await grow();
    const many = await afterDecision('Mariama Camara');
    // The RC, the RCO alternate, the WFP focal point; then also the 24 co-chairs' alternates imported.
    assert.deepEqual([few.copies.length, many.copies.length], [3, 27]);
    // The decision and its notice after the answer (no outbox dispatch counted): the same whatever the number of copies.
    assert.deepEqual(shape(many.counts), shape(few.counts), `3 copies: ${describeCounts(few.counts)}\n27 copies: ${describeCounts(many.counts)}`);
    assert.equal(many.counts.queriesByType.member, undefined, `never every member: ${describeCounts(many.counts)}`);
    assert.deepEqual(many.after.map((copy) => copy.revision), many.copies.map(() => 1), 'no copy rewritten');

    // Teams refreshes a decider's copy when they look at it: the verb and data the copy carries, for its reader only.
    const copyOf = (who: TeamsUser) => many.copies.find((item) => item.recipient.kind === 'member' && item.recipient.aadObjectId === who.aadObjectId);
    const refreshOf = (who: TeamsUser) => {
      const content = (copyOf(who)?.activity as { attachments?: { content?: { refresh?: { action: { verb: string; data: Record<string, unknown> }; userIds: string[] } } }[] } | undefined)?.attachments?.[0]?.content;
      assert.ok(content?.refresh, `${who.name}'s copy carries a refresh`);
      assert.deepEqual(content.refresh.userIds, [`8:orgid:${who.aadObjectId.toLowerCase()}`]);
      return content.refresh.action;
    };
    // Teams sends the reader's own locale with the refresh.
    const refreshed = async (who: TeamsUser, locale = 'fr-FR') => {
      const action = refreshOf(who);
      const answer = await cardRefresh(app, who, action, { locale });
      return JSON.stringify((answer.body as { value?: unknown }).value ?? answer.body);
    };
    assert.match(await refreshed(rc), /Adhésion confirmée par/);
    const shownToEnglish = await refreshed(english, 'en-US');
    assert.match(shownToEnglish, /Membership confirmed by/);
    assert.match(shownToEnglish, /Point focal PAM/);
    assert.ok(!shownToEnglish.includes('network.member.confirm'), 'no buttons left on the decided card');
    assert.ok(!shownToEnglish.includes('"refresh"'), 'an invoke answer never carries a refresh');
  });

  it('writes nothing, in the turn or after it, when a confirm is refused', async () => {
    await seat('Point focal PAM', 'WFP', 'focalPoint');
    const colleague = await seat('Collègue PAM', 'WFP', 'member');
    const newcomer = await join('Mariama Camara', 'WFP', 'member');
    await settle();
    const before = app.partition(NETWORK);
    const calls = app.connector.calls.length;
    const refused = await click(colleague, 'network.member.confirm', newcomer.aadObjectId, 'WFP');
    assert.notEqual((refused.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(refused.body));
    await app.reseau.membership.cardsIdle();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(app.partition(NETWORK), before, 'the store is unchanged');
    assert.deepEqual(app.connector.calls.slice(calls).filter((call) => call.kind !== 'getMember').map((call) => call.kind), [], 'nothing reached Teams');
    assert.equal((await member(newcomer))?.status, 'pending');
  });
});
