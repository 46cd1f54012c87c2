/**
 * Who acts from which tenant: the conversation's host tenant and the person's home tenant,
 * which differ for an external member of a shared channel (Teams Connect).
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { SenderTenantResolver } from '../../../src/bot/sender-tenant';
import { areTenantsAllowed, isSharedChannel, senderTenantOf, tenantOf } from '../../../src/bot/tenant-gate';

const HOST = '3fee1829-7ae5-45d0-a29d-0c924adb25f1';
const AGENCY_B = '0f8276ea-111b-46af-9512-79ce81d5dea1';
const FOREIGN = '0d3f5a1c-9e2b-4c7d-8a6f-112233445566';

function channelActivity(channelType: string | undefined, from: Record<string, unknown> = {}) {
  return {
    type: 'message',
    from: { id: '29:external', aadObjectId: 'ab12', ...from },
    conversation: { id: '19:shared@thread.tacv2;messageid=1700000000001', conversationType: 'channel', tenantId: HOST },
    channelData: { tenant: { id: HOST }, team: { id: '19:host@thread.tacv2' }, channel: { id: '19:shared@thread.tacv2', ...(channelType ? { type: channelType } : {}) } },
  };
}

function contextOf(activity: object): TurnContext {
  return { activity } as unknown as TurnContext;
}

describe('tenants of a turn', () => {
  it('reads the host tenant from the conversation, the person’s from `from.tenantId` only', () => {
    const activity = channelActivity('shared', { tenantId: AGENCY_B.toUpperCase() });
    assert.equal(tenantOf(activity as never), HOST);
    assert.equal(senderTenantOf(activity as never), AGENCY_B);
    assert.equal(senderTenantOf(channelActivity('shared') as never), undefined);
    assert.equal(senderTenantOf(channelActivity('shared', { tenantId: 42 }) as never), undefined, 'a tenant id that is not a string counts as absent');
  });

  it('knows a shared channel from `channelData.channel.type` or `membershipType`, and nothing else', () => {
    assert.equal(isSharedChannel(channelActivity('shared') as never), true);
    assert.equal(isSharedChannel(channelActivity('Shared') as never), true);
    const graphNamed = channelActivity(undefined);
    (graphNamed.channelData.channel as Record<string, unknown>).membershipType = 'shared';
    assert.equal(isSharedChannel(graphNamed as never), true);
    assert.equal(isSharedChannel(channelActivity('private') as never), false);
    assert.equal(isSharedChannel(channelActivity(undefined) as never), false);
    const chat = { ...channelActivity('shared'), conversation: { id: 'a:1', conversationType: 'personal', tenantId: HOST } };
    assert.equal(isSharedChannel(chat as never), false, 'a 1:1 is never a shared channel, whatever its channel data says');
  });

  it('lets a person in only when both their tenant and the host tenant are allowed', () => {
    const allowed = [HOST, AGENCY_B];
    assert.equal(areTenantsAllowed({ person: AGENCY_B, host: HOST }, allowed), true);
    assert.equal(areTenantsAllowed({ person: FOREIGN, host: HOST }, allowed), false, 'a foreign member of an allowed channel');
    assert.equal(areTenantsAllowed({ person: AGENCY_B, host: FOREIGN }, allowed), false, 'an allowed member in a foreign tenant’s channel');
    assert.equal(areTenantsAllowed({ person: undefined, host: HOST }, allowed), false, 'a person whose tenant is unknown');
    assert.equal(areTenantsAllowed({ person: undefined, host: undefined }, []), true, 'local mode lets everyone in');
  });

  describe('SenderTenantResolver', () => {
    it('in a shared channel without `from.tenantId`, asks the channel’s roster once per sender and keeps the answer a while', async () => {
      let now = 0;
      let lookups = 0;
      const resolver = new SenderTenantResolver(
        async () => {
          lookups += 1;
          return AGENCY_B.toUpperCase();
        },
        () => now,
      );
      assert.deepEqual(await resolver.resolve(contextOf(channelActivity('shared'))), { person: AGENCY_B, host: HOST, source: 'roster' });
      // Another thread of the same channel: the same sender, no second call.
      const otherThread = channelActivity('shared');
      otherThread.conversation.id = '19:shared@thread.tacv2;messageid=1700000000099';
      assert.equal((await resolver.resolve(contextOf(otherThread))).person, AGENCY_B);
      assert.equal(lookups, 1);
      now += 16 * 60_000;
      await resolver.resolve(contextOf(channelActivity('shared')));
      assert.equal(lookups, 2, 'asked again once the answer is old');
    });

    it('never takes the host tenant for an external member whose roster entry cannot be read', async () => {
      const resolver = new SenderTenantResolver(async () => undefined);
      assert.deepEqual(await resolver.resolve(contextOf(channelActivity('shared'))), { person: undefined, host: HOST, source: 'unknown' });
    });

    it('uses `from.tenantId` when Teams gives it, and the conversation’s tenant outside shared channels, without asking the roster', async () => {
      const resolver = new SenderTenantResolver(async () => assert.fail('no roster call'));
      assert.deepEqual(await resolver.resolve(contextOf(channelActivity('shared', { tenantId: AGENCY_B }))), { person: AGENCY_B, host: HOST, source: 'activity' });
      assert.deepEqual(await resolver.resolve(contextOf(channelActivity('private'))), { person: HOST, host: HOST, source: 'conversation' });
      assert.deepEqual(await resolver.resolve(contextOf(channelActivity(undefined))), { person: HOST, host: HOST, source: 'conversation' });
    });
  });
});
