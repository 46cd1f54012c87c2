/**
 * Many networks, one deployment (issue 17): NETWORK_IDS, NETWORK_INSTALLATIONS and each
 * network's admins, read by loadConfig; a bad list stops start-up naming the key to fix.
 */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/config';

const ADMIN_GN = '11111111-1111-4111-8111-111111111111';
const ADMIN_SN = '22222222-2222-4222-8222-222222222222';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, '/srv/reseau');
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

describe('config: several networks in one deployment', () => {
  it('NETWORK_IDS=gn,sn,ml serves three networks, the first being the default', () => {
    const config = loadConfig({ NETWORK_IDS: 'gn, sn ,ml' });
    assert.deepEqual(config.networkIds, ['gn', 'sn', 'ml']);
    assert.equal(config.networkId, 'gn');
  });

  it('NETWORK_ID stays the one-network form; nothing set means gn', () => {
    assert.deepEqual(loadConfig({ NETWORK_ID: 'sn' }).networkIds, ['sn']);
    assert.deepEqual(loadConfig({}).networkIds, ['gn']);
  });

  it('refuses a bad list, naming NETWORK_IDS and each bad id', () => {
    const problems = problemsOf({ NETWORK_IDS: 'gn,Sénégal,x,gn' });
    const text = problems.join('\n');
    assert.match(text, /^NETWORK_IDS: each network id must be .*"Sénégal", "x"/m);
    assert.match(text, /^NETWORK_IDS: a network is listed twice: gn/m);
  });

  it('refuses NETWORK_ID and NETWORK_IDS together: which one counts would be a guess', () => {
    assert.ok(problemsOf({ NETWORK_ID: 'gn', NETWORK_IDS: 'gn,sn' }).some((problem) => /^NETWORK_IDS: set either/.test(problem)));
  });

  it('a bad list is an exit-78 configuration error like any other bad key', () => {
    assert.throws(() => loadConfig({ NETWORK_IDS: ',,;' , NETWORK_ID: 'BAD' }), ConfigError);
  });

  it('NETWORK_INSTALLATIONS registers teams and group chats to served networks only, each to one', () => {
    const config = loadConfig({ NETWORK_IDS: 'gn,sn', NETWORK_INSTALLATIONS: 'gn=19:teamgn@thread.tacv2; sn=19:chatsn@thread.v2' });
    assert.deepEqual(config.installations, [
      { networkId: 'gn', conversationKey: '19:teamgn@thread.tacv2' },
      { networkId: 'sn', conversationKey: '19:chatsn@thread.v2' },
    ]);
    const problems = problemsOf({ NETWORK_IDS: 'gn,sn', NETWORK_INSTALLATIONS: 'ml=19:a@thread.tacv2, gn=not-an-id, gn=19:b@thread.tacv2, sn=19:b@thread.tacv2' }).join('\n');
    assert.match(problems, /"ml=19:a@thread.tacv2" must start with one of the networks served \(gn, sn\)/);
    assert.match(problems, /"gn=not-an-id" must name a team id or group chat id/);
    assert.match(problems, /19:b@thread.tacv2 is registered to both gn and sn/);
  });

  it('each network has its own admins: NETWORK_ADMINS_<ID>; the unqualified form only for one network', () => {
    const config = loadConfig({ NETWORK_IDS: 'gn,sn-dakar', NETWORK_ADMINS_GN: `${ADMIN_GN}=cochair`, NETWORK_ADMINS_SN_DAKAR: ADMIN_SN });
    assert.deepEqual(config.membership.adminsByNetwork.gn?.map((admin) => admin.aadObjectId), [ADMIN_GN]);
    assert.deepEqual(config.membership.adminsByNetwork['sn-dakar']?.map((admin) => admin.aadObjectId), [ADMIN_SN]);
    assert.deepEqual(config.membership.admins.map((admin) => admin.aadObjectId), [ADMIN_GN], 'the default network’s');
    assert.deepEqual(loadConfig({ NETWORK_ADMINS: ADMIN_GN }).membership.adminsByNetwork.gn?.map((admin) => admin.aadObjectId), [ADMIN_GN]);

    const problems = problemsOf({ NETWORK_IDS: 'gn,sn', NETWORK_ADMINS: ADMIN_GN, NETWORK_ADMINS_ML: ADMIN_SN, NETWORK_ADMINS_SN: 'someone@un.org' }).join('\n');
    assert.match(problems, /^NETWORK_ADMINS: with several networks name each network's admins in its own variable \(NETWORK_ADMINS_GN, NETWORK_ADMINS_SN\)/m);
    assert.match(problems, /^NETWORK_ADMINS_ML: names no network served here/m);
    assert.match(problems, /^NETWORK_ADMINS_SN: "someone@un.org": name people by Entra object id/m);
  });
});
