import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectorCallError, type ConnectorGateway, type RosterMember } from '../../../src/delivery/connector-gateway';
import type { Installation } from '../../../src/delivery/conversation-installations';
import { ConversationService } from '../../../src/delivery/conversation-service';
import type { DeliveryTarget } from '../../../src/delivery/outbox-rules';
import { PRINCIPAL_NAME_TEAMS, RosterService } from '../../../src/delivery/roster-service';
import type { DocumentStore } from '../../../src/store/document-store';
import { openDocumentStore } from '../../../src/store/open-store';

const NETWORK = 'gn';
const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
const OTHER_TENANT = '7a2d3b5f-4c8e-4d6a-8f1b-2e3c4d5e6f70';
const PERSON = '0c3a1f5e-1111-4222-8333-944455566677';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/** Only getMember is asked here; each team answers from its own roster, or fails as told. */
class FakeGateway implements ConnectorGateway {
  readonly asked: { teamId: string; serviceUrl: string; memberId: string }[] = [];
  readonly rosters = new Map<string, RosterMember[]>();
  readonly failing = new Map<string, Error>();

  async getMember(target: DeliveryTarget, memberId: string): Promise<RosterMember | undefined> {
    this.asked.push({ teamId: target.conversationId, serviceUrl: target.serviceUrl, memberId });
    const failure = this.failing.get(target.conversationId);
    if (failure) throw failure;
    return (this.rosters.get(target.conversationId) ?? []).find((member) => member.id === memberId || member.aadObjectId === memberId);
  }
  send(): never {
    throw new Error('not used');
  }
  update(): never {
    throw new Error('not used');
  }
  createPersonalConversation(): never {
    throw new Error('not used');
  }
  listMembers(): never {
    throw new Error('not used');
  }
}

const channel = (teamId: string, channelId: string, tenantId: string, overrides: Partial<Installation> = {}): Installation => ({
  networkId: NETWORK,
  scope: 'channel',
  tenantId,
  teamId,
  reference: { serviceUrl: SERVICE_URL, channelId: 'msteams', conversation: { id: channelId, tenantId, conversationType: 'channel', isGroup: true }, bot: { id: '28:bot' } },
  ...overrides,
});

const member = (overrides: Partial<RosterMember> = {}): RosterMember => ({
  id: '29:1mariama',
  name: 'Mariama Diallo',
  aadObjectId: PERSON,
  tenantId: TENANT,
  userPrincipalName: 'M.Diallo@iom.int',
  ...overrides,
});

describe('roster lookup of a person’s user principal name', () => {
  let dataDir: string;
  let store: DocumentStore;
  let conversations: ConversationService;
  let gateway: FakeGateway;
  let debug: unknown[];
  let roster: RosterService;
  let queries: number;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-roster-'));
    const opened = await openDocumentStore({ kind: 'sqlite', dataDir });
    queries = 0;
    store = new Proxy(opened, {
      get(target, property, receiver) {
        if (property === 'query') queries += 1;
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    conversations = new ConversationService(store);
    gateway = new FakeGateway();
    debug = [];
    roster = new RosterService(conversations, gateway, { debug: (...args: unknown[]) => debug.push(args) } as never);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads it, lower-cased, from the roster of a team installed in the person’s tenant, asked by object id', async () => {
    await conversations.recordInstallation(channel('19:team-a@thread.tacv2', '19:team-a@thread.tacv2', TENANT));
    gateway.rosters.set('19:team-a@thread.tacv2', [member()]);
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), 'm.diallo@iom.int');
    assert.deepEqual(gateway.asked, [{ teamId: '19:team-a@thread.tacv2', serviceUrl: SERVICE_URL, memberId: PERSON }]);
  });

  it('asks no roster when no team is installed in that tenant: a team elsewhere, a removed one, a group chat do not count', async () => {
    await conversations.recordInstallation(channel('19:team-b@thread.tacv2', '19:team-b@thread.tacv2', OTHER_TENANT));
    gateway.rosters.set('19:team-b@thread.tacv2', [member({ tenantId: OTHER_TENANT })]);
    await conversations.recordInstallation(channel('19:team-c@thread.tacv2', '19:team-c@thread.tacv2', TENANT));
    await conversations.recordRemoval(NETWORK, '19:team-c@thread.tacv2');
    gateway.rosters.set('19:team-c@thread.tacv2', [member()]);
    await conversations.recordInstallation(
      channel('', '19:chat@thread.v2', TENANT, { scope: 'groupChat', reference: { serviceUrl: SERVICE_URL, channelId: 'msteams', conversation: { id: '19:chat@thread.v2' }, bot: { id: '28:bot' } } }),
    );
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined);
    assert.deepEqual(gateway.asked, []);
  });

  it('gives nothing for someone not in the team, or a roster entry of another person or tenant', async () => {
    await conversations.recordInstallation(channel('19:team-a@thread.tacv2', '19:team-a@thread.tacv2', TENANT));
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined, 'not in the roster (404 → undefined)');
    gateway.rosters.set('19:team-a@thread.tacv2', [member({ aadObjectId: '99999999-1111-4222-8333-944455566677', id: PERSON })]);
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined, 'another object id');
    gateway.rosters.set('19:team-a@thread.tacv2', [member({ tenantId: OTHER_TENANT })]);
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined, 'another tenant');
    gateway.rosters.set('19:team-a@thread.tacv2', [member({ userPrincipalName: undefined } as Partial<RosterMember>)]);
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined, 'no principal name');
  });

  it('answers undefined, with a debug line, when the connector fails, and tries the next team', async () => {
    await conversations.recordInstallation(channel('19:team-a@thread.tacv2', '19:team-a@thread.tacv2', TENANT));
    gateway.failing.set('19:team-a@thread.tacv2', new ConnectorCallError({ status: 503, message: 'unavailable' }));
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined);
    assert.equal(debug.length, 1);

    await conversations.recordInstallation(channel('19:team-d@thread.tacv2', '19:team-d@thread.tacv2', TENANT));
    gateway.rosters.set('19:team-d@thread.tacv2', [member()]);
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), 'm.diallo@iom.int');
  });

  it('costs one query and at most a few roster calls, however many teams and channels the bot is in', async () => {
    for (let team = 0; team < 8; team += 1) {
      for (let chan = 0; chan < 2; chan += 1) {
        const teamId = `19:team-${team}@thread.tacv2`;
        await conversations.recordInstallation(channel(teamId, chan === 0 ? teamId : `19:channel-${team}-${chan}@thread.tacv2`, TENANT));
      }
    }
    queries = 0;
    assert.equal(await roster.principalName(NETWORK, TENANT, PERSON), undefined);
    assert.equal(queries, 1);
    assert.ok(gateway.asked.length >= 1 && gateway.asked.length <= PRINCIPAL_NAME_TEAMS, `${gateway.asked.length} roster calls`);
    assert.equal(new Set(gateway.asked.map((call) => call.teamId)).size, gateway.asked.length, 'a team is asked once, not once per channel');
  });
});
