import assert from 'node:assert/strict';
import { NetworkError } from '../../../src/network/errors';
import { withChosenLanguage } from '../../../src/network/membership-rules';
import { runInTurnScope } from '../../../src/turn-scope/turn-scope';
import { NETWORK, identity, membershipFixture, type Fixture } from './membership-fixture';

describe('a member’s chosen language', () => {
  let fixture: Fixture;
  beforeEach(async () => {
    fixture = await membershipFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  it('is kept on the member, audited, and written only when it changes', async () => {
    const jane = await fixture.member('Jane Smith', 'UNHCR', 'member');
    const chosen = await fixture.service.chooseLanguage(NETWORK, jane.aadObjectId, 'en');
    assert.deepEqual([chosen.language, chosen.languageChosen], ['en', true]);
    const audited = (await fixture.audit()).filter((entry) => entry.action === 'member.language');
    assert.equal(audited.length, 1);
    assert.deepEqual([(audited[0]?.before as { language: string }).language, (audited[0]?.after as { language: string }).language], ['fr', 'en']);

    const before = await fixture.snapshot();
    await fixture.service.chooseLanguage(NETWORK, jane.aadObjectId, 'en');
    assert.equal(await fixture.snapshot(), before, 'the same choice again writes nothing');
  });

  it('costs no member read beyond the turn’s own (recognition already read the member)', async () => {
    const jane = await fixture.member('Jane Smith', 'UNHCR', 'member');
    const reads: string[] = [];
    const store = fixture.store as { get: (networkId: string, id: string) => Promise<unknown> };
    const get = store.get.bind(store);
    store.get = (networkId, id) => {
      reads.push(id);
      return get(networkId, id);
    };
    await runInTurnScope(async () => {
      await fixture.service.recognise(NETWORK, jane);
      reads.length = 0;
      await fixture.service.chooseLanguage(NETWORK, jane.aadObjectId, 'en');
    });
    assert.equal(reads.length, 0, JSON.stringify(reads));
    // Outside a turn (nothing read yet) the member is read: the counting above sees reads.
    await fixture.service.chooseLanguage(NETWORK, jane.aadObjectId, 'fr');
    assert.ok(reads.includes(`member:${jane.aadObjectId}`), JSON.stringify(reads));
  });

  it('is refused to someone not in the network, or who left, with nothing stored', async () => {
    const stranger = identity('Visiteur');
    const before = await fixture.snapshot();
    await assert.rejects(fixture.service.chooseLanguage(NETWORK, stranger.aadObjectId, 'en'), (error) => error instanceof NetworkError && error.code === 'notAMember');
    const gone = await fixture.member('Parti', 'WFP', 'member');
    await fixture.service.leave(NETWORK, gone.aadObjectId);
    const afterLeaving = await fixture.snapshot();
    await assert.rejects(fixture.service.chooseLanguage(NETWORK, gone.aadObjectId, 'en'), (error) => error instanceof NetworkError && error.code === 'notAMember');
    assert.equal(await fixture.snapshot(), afterLeaving);
    assert.notEqual(before, afterLeaving);
  });

  it('survives a new request to join after leaving, whatever the locale of that request', async () => {
    const jane = await fixture.member('Jane Smith', 'UNHCR', 'member');
    await fixture.service.chooseLanguage(NETWORK, jane.aadObjectId, 'en');
    await fixture.service.leave(NETWORK, jane.aadObjectId);
    const again = await fixture.service.requestToJoin(NETWORK, { ...jane, language: 'fr' }, 'UNHCR', 'member');
    assert.deepEqual([again.language, again.languageChosen], ['en', true]);
  });

  it('rule: nothing to write when already chosen, or for a member who left', async () => {
    const jane = await fixture.member('Jane Smith', 'UNHCR', 'member');
    const member = (await fixture.get(jane))!;
    const now = new Date('2026-03-03T00:00:00Z');
    assert.equal(withChosenLanguage({ ...member, language: 'fr', languageChosen: true }, 'fr', now), undefined);
    assert.equal(withChosenLanguage({ ...member, status: 'left' }, 'en', now), undefined);
    assert.equal(withChosenLanguage(undefined, 'en', now), undefined);
    assert.deepEqual(withChosenLanguage({ ...member, language: 'fr' }, 'fr', now)?.languageChosen, true, 'choosing the language Teams gave makes it stick');
  });
});
