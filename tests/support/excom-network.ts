/**
 * A running Réseau with a co-chair and the six ExCom agencies' focal points, for the e2e of the
 * slices whose subject ExCom decides (the work plan's adoption, working-group reviews): people
 * joining, every ExCom agency casting its position by card, and "refused, nothing changed".
 */
import assert from 'node:assert/strict';
import { OUTBOX_TALLY_TYPE } from '../../src/delivery/delivery-tally';
import { postActivity } from './bot-client';
import { type ApiAnswer } from './api-client';
import { cardTap } from './card-actions';
import type { StartOptions } from './reseau-under-test';
import { startReseauWithClock, type ReseauWithClock } from './reseau-with-clock';
import { TEST_TENANT_ID, message, teamsConversation, teamsUser, type TeamsUser } from './teams-activities';

export const EXCOM_AGENCIES = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;

export interface ExcomNetwork {
  readonly app: ReseauWithClock;
  /** The co-chair (NETWORK_ADMINS), who has talked to the bot. */
  readonly coChair: TeamsUser;
  /** Each ExCom agency's confirmed focal point. */
  readonly reps: Readonly<Record<(typeof EXCOM_AGENCIES)[number], TeamsUser>>;
  /** Someone asks to join an agency; confirmed by the co-chair unless `confirm` is false (a pending person). */
  join(name: string, agency: string, role: 'focalPoint' | 'alternate' | 'member', confirm?: boolean): Promise<TeamsUser>;
}

export async function startExcomNetwork(networkId: string, start: Date, options: Pick<StartOptions, 'wrapStore'> = {}): Promise<ExcomNetwork> {
  const coChair = teamsUser({ name: 'Coordonnatrice Résidente' });
  const app = await startReseauWithClock(start, { NETWORK_ADMINS: `${coChair.aadObjectId}=cochair` }, options);
  await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: coChair, conversation: teamsConversation('personal'), locale: 'fr-FR', text: 'bonjour' }));
  const join = async (name: string, agency: string, role: 'focalPoint' | 'alternate' | 'member', confirm = true) => {
    const user = teamsUser({ name });
    await app.reseau.membership.requestToJoin(networkId, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language: 'fr' }, agency, role);
    if (confirm) await app.reseau.membership.confirm(networkId, coChair.aadObjectId, user.aadObjectId, agency);
    return user;
  };
  const reps = {} as Record<(typeof EXCOM_AGENCIES)[number], TeamsUser>;
  for (const agency of EXCOM_AGENCIES) reps[agency] = await join(`Point focal ${agency}`, agency, 'focalPoint');
  return { app, coChair, reps, join };
}

/**
 * The partition as a refusal must leave it: every document with its ETag, and which outbox items
 * exist (the dispatcher updates the items it sends in the background; a refusal adds none).
 */
export function storedPartition(app: ReseauWithClock, networkId: string) {
  const documents = app.partition(networkId);
  // The dispatcher's delivery tallies are written in the background by sends started before the
  // refusal (and count the outbox items, compared below): left out, as a refusal adds no item.
  const kept = documents.filter((document) => document.type !== OUTBOX_TALLY_TYPE);
  return { documents: kept.filter((document) => document.type !== 'outbox'), outbox: kept.filter((document) => document.type === 'outbox').map((document) => document.id) };
}

/** The refusal the reader gets (status, code, message), and the partition exactly as before. */
export async function refusedUnchanged(app: ReseauWithClock, networkId: string, request: () => Promise<ApiAnswer>, expected: { status: number; code: string; message: RegExp }): Promise<void> {
  await app.cardsIdle();
  const before = storedPartition(app, networkId);
  const answer = await request();
  assert.equal(answer.status, expected.status, answer.raw);
  assert.equal(answer.body.code, expected.code, answer.raw);
  assert.match(String(answer.body.message), expected.message);
  assert.deepEqual(storedPartition(app, networkId), before, `${expected.code}: nothing changed in the store`);
}

/** Every ExCom agency's focal point taps the same position on the decision's card (an objection with `comment`). */
export async function castAll(network: ExcomNetwork, networkId: string, decisionId: string, position = 'agree', comment = 'Objection'): Promise<void> {
  for (const agency of EXCOM_AGENCIES) {
    const response = await cardTap(network.app, network.reps[agency], 'decision.position', { networkId, decisionId, agencyCode: agency, position, ...(position === 'object' ? { comment } : {}) });
    assert.equal((response.body as { type: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(response.body));
  }
  await network.app.cardsIdle();
}
