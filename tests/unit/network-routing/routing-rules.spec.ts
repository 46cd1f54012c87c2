import assert from 'node:assert/strict';
import { conversationKeyOf, isSwitchCommand, personalRoute, registerCommandNetwork, requestRoute } from '../../../src/network-routing/routing-rules';

const SERVED = ['gn', 'sn', 'ml'];

describe('network routing rules', () => {
  describe('which conversation a registration names', () => {
    it('a channel turn by its team, so every channel of a registered team belongs to its network', () => {
      assert.equal(conversationKeyOf('channel', '19:general@thread.tacv2;messageid=1', '19:team@thread.tacv2'), '19:team@thread.tacv2');
      assert.equal(conversationKeyOf('channel', '19:general@thread.tacv2;messageid=1', undefined), '19:general@thread.tacv2');
    });

    it('a group chat by its own id; a 1:1 by none (its network is the person’s)', () => {
      assert.equal(conversationKeyOf('groupChat', '19:chat@thread.v2', undefined), '19:chat@thread.v2');
      assert.equal(conversationKeyOf('personal', 'a:1', undefined), undefined);
    });
  });

  describe('commands', () => {
    it('reads `register sn` and `enregistrer réseau GN`, nothing else', () => {
      assert.equal(registerCommandNetwork('register sn'), 'sn');
      assert.equal(registerCommandNetwork(' enregistrer réseau GN '), 'gn');
      assert.equal(registerCommandNetwork('register'), undefined);
      assert.equal(registerCommandNetwork('please register sn now'), undefined);
    });

    it('reads `réseau` / `network` as a request to choose again', () => {
      for (const text of ['réseau', 'Network', 'reseaux', '/networks']) assert.ok(isSwitchCommand(text), text);
      assert.ok(!isSwitchCommand('réseau gn lundi'));
    });
  });

  describe('a 1:1 turn', () => {
    it('one network of theirs: that one, whatever a card or an old choice says', () => {
      assert.deepEqual(personalRoute({ served: SERVED, candidates: ['sn'], cardNetworkId: 'gn', remembered: 'ml' }), { kind: 'network', networkId: 'sn' });
    });

    it('two networks: the card’s network when it is one of theirs, else the remembered choice, else ask', () => {
      assert.deepEqual(personalRoute({ served: SERVED, candidates: ['gn', 'sn'], cardNetworkId: 'sn', remembered: 'gn' }), { kind: 'network', networkId: 'sn' });
      assert.deepEqual(personalRoute({ served: SERVED, candidates: ['gn', 'sn'], cardNetworkId: 'ml', remembered: 'gn' }), { kind: 'network', networkId: 'gn' });
      assert.deepEqual(personalRoute({ served: SERVED, candidates: ['gn', 'sn'], remembered: 'ml' }), { kind: 'choose', networkIds: ['gn', 'sn'] });
    });

    it('a newcomer chooses among every network served; one served network needs no choice', () => {
      assert.deepEqual(personalRoute({ served: SERVED, candidates: [] }), { kind: 'choose', networkIds: SERVED });
      assert.deepEqual(personalRoute({ served: ['gn'], candidates: [] }), { kind: 'network', networkId: 'gn' });
    });
  });

  describe('a tab API request', () => {
    it('names one of the person’s networks: that one; another: refused; one not served: unknown', () => {
      assert.deepEqual(requestRoute({ served: SERVED, candidates: ['gn', 'sn'], requested: 'sn' }), { kind: 'network', networkId: 'sn' });
      assert.deepEqual(requestRoute({ served: SERVED, candidates: ['gn'], requested: 'sn' }), { kind: 'refused', code: 'notInNetwork' });
      assert.deepEqual(requestRoute({ served: SERVED, candidates: ['gn'], requested: 'zz' }), { kind: 'refused', code: 'unknownNetwork' });
    });

    it('names none: their only network; two: they must choose; a newcomer: the default network', () => {
      assert.deepEqual(requestRoute({ served: SERVED, candidates: ['ml'] }), { kind: 'network', networkId: 'ml' });
      assert.deepEqual(requestRoute({ served: SERVED, candidates: ['gn', 'ml'] }), { kind: 'refused', code: 'networkRequired' });
      assert.deepEqual(requestRoute({ served: SERVED, candidates: [] }), { kind: 'network', networkId: 'gn' });
    });
  });
});
