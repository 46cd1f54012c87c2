/**
 * The turn's connector and user-token clients are built once per service URL (and app id), not
 * per activity; each turn still runs on the client of its own service URL.
 */
import assert from 'node:assert/strict';
import type { Activity, TurnContext } from 'botbuilder';
import type { ConnectorClient, UserTokenClient } from 'botframework-connector';
import { createTeamsAdapter } from '../../../src/bot/teams-bot';

function invoke(serviceUrl: string): Activity {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl,
    id: 'activity-1',
    from: { id: '29:someone', name: 'Someone' },
    recipient: { id: '28:bot', name: 'Réseau' },
    conversation: { id: 'a:1', conversationType: 'personal' },
    value: { action: { type: 'Action.Execute', verb: 'x', data: {} } },
  } as unknown as Activity;
}

describe('clients of a turn', () => {
  it('reuses the connector and user-token clients of a service URL from turn to turn, and gives another service URL its own', async () => {
    const adapter = createTeamsAdapter(undefined);
    const seen: { connector: ConnectorClient; tokens: UserTokenClient; baseUri: string | undefined }[] = [];
    const capture = async (context: TurnContext) => {
      const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      seen.push({ connector, tokens: context.turnState.get<UserTokenClient>((context.adapter as typeof adapter).UserTokenClientKey), baseUri: (connector as unknown as { baseUri?: string }).baseUri });
    };
    await adapter.authenticateAndRun('', invoke('https://smba.trafficmanager.net/emea/'), capture);
    await adapter.authenticateAndRun('', invoke('https://smba.trafficmanager.net/emea/'), capture);
    await adapter.authenticateAndRun('', invoke('https://smba.trafficmanager.net/amer/'), capture);
    assert.equal(seen.length, 3);
    assert.ok(seen[0]!.connector, 'the turn has a connector client');
    assert.equal(seen[1]!.connector, seen[0]!.connector, 'the same service URL: the same client');
    assert.notEqual(seen[2]!.connector, seen[0]!.connector, 'another service URL: its own client');
    assert.equal(seen[2]!.baseUri, 'https://smba.trafficmanager.net/amer/');
    assert.equal(seen[0]!.baseUri, 'https://smba.trafficmanager.net/emea/');
    assert.equal(seen[1]!.tokens, seen[0]!.tokens, 'one user-token client for the bot');
  });
});
