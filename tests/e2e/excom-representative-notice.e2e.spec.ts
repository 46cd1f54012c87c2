/**
 * Co-chairs are told when an ExCom agency loses its focal point, or its last confirmed
 * representative (issue 15, item 11): a 1:1 card through the outbox, in each co-chair's
 * language, once per change — through /api/messages (leaving) and the tab API (removal).
 */
import assert from 'node:assert/strict';
import { OUTBOX_TYPE, type OutboxItem } from '../../src/delivery/outbox-rules';
import { memberDocumentId } from '../../src/network/model';
import { postActivity } from '../support/bot-client';
import type { RecordedCall } from '../support/fake-connector';
import { confirmedMember } from '../support/network-members';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { adaptiveCardAction, message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const KEY_PREFIX = 'excom-representative-lost:';

describe('co-chairs told when an ExCom agency loses a representative', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let rc: TeamsUser;
  let iom: TeamsUser;
  let unhcrFocal: TeamsUser;
  let unhcrAlternate: TeamsUser;

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente' });
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, LOG_LEVEL: 'warn' } });
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: teamsConversation('personal'), text: 'bonjour' }));
    iom = await confirmedMember(app.reseau, rc, { name: 'IOM Chief of Mission', agency: 'IOM', role: 'focalPoint', language: 'en' });
    unhcrFocal = await confirmedMember(app.reseau, rc, { name: 'Mamadou Diallo', agency: 'UNHCR', role: 'focalPoint' });
    unhcrAlternate = await confirmedMember(app.reseau, rc, { name: 'Aïssatou Sow', agency: 'UNHCR', role: 'alternate' });
  });
  afterEach(async () => {
    await app?.stop();
  });

  const leave = async (who: TeamsUser) => {
    const response = await postActivity(
      app.url,
      adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: who, conversation: teamsConversation('personal'), verb: 'network.member.leave', data: { networkId: NETWORK, memberId: who.aadObjectId, confirm: true } }),
    );
    assert.equal((response.body as { statusCode: number }).statusCode, 200, JSON.stringify(response.body));
    await app.cardsIdle();
  };
  const remove = async (who: TeamsUser, by: TeamsUser) => {
    const response = await fetch(`${app.url}/api/v1/members/${encodeURIComponent(memberDocumentId(who.aadObjectId))}`, {
      method: 'PUT',
      headers: { 'x-reseau-dev-user': by.aadObjectId, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'left' }),
    });
    assert.equal(response.status, 200, await response.text());
    await app.cardsIdle();
  };
  /** The notices queued for the co-chairs, by recipient. */
  const notices = async () =>
    (await app.store.query<OutboxItem>(NETWORK, { type: OUTBOX_TYPE }))
      .map((entry) => entry.document)
      .filter((item) => item.messageKey.startsWith(KEY_PREFIX));
  const recipientsOf = (items: readonly OutboxItem[]) => items.map((item) => (item.recipient.kind === 'member' ? item.recipient.aadObjectId : item.recipient.kind)).sort();
  const delivered = (pattern: RegExp): Promise<RecordedCall> =>
    app.connector.waitFor((call) => (call.kind === 'send' || call.kind === 'createConversation') && call.status < 300 && pattern.test(JSON.stringify(call.body)), 10_000);

  it('tells both co-chairs, each in their language, when the focal point leaves, and names the alternate left', async () => {
    await leave(unhcrFocal);
    const queued = await notices();
    assert.deepEqual(recipientsOf(queued), [rc.aadObjectId, iom.aadObjectId].sort(), 'the co-chairs, 1:1, and nobody else');
    assert.equal(new Set(queued.map((item) => item.messageKey)).size, 1, 'one message for the change');
    await delivered(/HCR \(UNHCR\) a perdu son point focal au Comité exécutif.*Mamadou Diallo.*a quitté le réseau.*Un suppléant confirmé peut encore exprimer la position/);
    await delivered(/UNHCR lost its Executive Committee focal point.*Mamadou Diallo.*left the network.*One confirmed alternate can still give the position/);
  });

  it('warns that consensus cannot be reached once the agency’s last representative is removed', async () => {
    await leave(unhcrFocal);
    const afterLeave = (await notices()).length;
    await remove(unhcrAlternate, rc);
    const queued = await notices();
    assert.equal(queued.length - afterLeave, 2, 'one more notice per co-chair');
    await delivered(/HCR \(UNHCR\) n’a plus de représentant au Comité exécutif.*Aïssatou Sow.*ne fait plus partie du réseau.*les décisions du Comité exécutif en consensus ne peuvent pas aboutir/);
    await delivered(/UNHCR has no Executive Committee representative left.*Aïssatou Sow.*was removed.*decisions by consensus cannot be reached/);
  });

  it('says nothing when an alternate leaves while the focal point stays, or when a non-ExCom focal point leaves', async () => {
    const wfp = await confirmedMember(app.reseau, rc, { name: 'Ibrahima Sylla', agency: 'WFP', role: 'focalPoint' });
    await leave(unhcrAlternate);
    await leave(wfp);
    assert.deepEqual(await notices(), []);
  });
});
