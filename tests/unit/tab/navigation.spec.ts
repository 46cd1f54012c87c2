/**
 * The tab's navigation from the permissions table: what each role sees (every right from
 * `may`, as GET /me computes `allowed`), that a page not built is never shown, and the routes
 * and sub-entity ids a card's deep link may carry.
 */
import assert from 'node:assert/strict';
import { ACTIONS, may } from '../../../src/network/permissions';
import type { NetworkRole } from '../../../src/network/roles';
import { PAGE_IDS, PAGES, hashForSubEntity, pageOf, parseRoute, visiblePages } from '../../../src/tab/app/navigation';
import { STRINGS } from '../../../src/tab/app/strings';

const allowedFor = (...roles: NetworkRole[]) => {
  const person = { aadObjectId: 'a', agencyCode: 'UNHCR', roles: new Set(roles) };
  return ACTIONS.filter((action) => may(person, action, { agencyCode: 'UNHCR' }));
};

describe('tab navigation', () => {
  it('names every page in French and English', () => {
    assert.deepEqual(PAGE_IDS.map((id) => STRINGS.fr[`page_${id}`]), ['Mon travail', 'Réunions', 'Sondages', 'Décisions', 'Déclarations', 'Actualités', 'Plan de travail', 'Membres', 'Paramètres']);
    assert.deepEqual(PAGE_IDS.map((id) => STRINGS.en[`page_${id}`]), ['My work', 'Meetings', 'Polls', 'Decisions', 'Statements', 'Updates', 'Work plan', 'Members', 'Settings']);
  });

  it('shows each role the built pages its rights allow, and nobody a page that is not built', () => {
    const built = ['myWork', 'meetings', 'polls', 'decisions', 'statements', 'updates', 'workplan', 'members'];
    for (const roles of [['member'], ['focalPoint'], ['excomRepresentative', 'focalPoint'], ['secretariat', 'member'], ['coChair', 'focalPoint']] as NetworkRole[][]) {
      // Settings (the network's channels) are the co-chairs' alone (manageSettings).
      assert.deepEqual(visiblePages(allowedFor(...roles)), roles.includes('coChair') ? [...built, 'settings'] : built, roles.join('+'));
    }
    // Pending people read, not answer: no Polls page (a poll's card still opens its results by id).
    assert.deepEqual(visiblePages(allowedFor('pending')), built.filter((id) => id !== 'polls'), 'pending');
    assert.deepEqual(visiblePages(allowedFor()), [], 'someone with no role in the network sees no page');
    // The right decides: a page whose right is missing is not shown even when built.
    assert.deepEqual(visiblePages(['createPoll']), []);
    for (const id of PAGE_IDS) if (!PAGES[id].built) assert.ok(!visiblePages(ACTIONS).includes(id), `${id} is not built`);
  });

  it('parses the routes, keeps the addresses cards already carry, and refuses the rest', () => {
    assert.deepEqual(parseRoute(''), { page: 'myWork' });
    assert.deepEqual(parseRoute('#/'), { page: 'myWork' });
    assert.deepEqual(parseRoute('#/meetings'), { page: 'meetings' });
    assert.deepEqual(parseRoute('#/new?start=x&end=y'), { page: 'newConvocation', query: 'start=x&end=y' });
    assert.deepEqual(parseRoute('#/meetings/0F8FAD5B-D9CB-469F-A165-70867728950E/edit'), { page: 'meeting', meetingId: '0f8fad5b-d9cb-469f-a165-70867728950e', edit: true });
    assert.deepEqual(parseRoute('#/decisions?year=2026&outcome=adopted'), { page: 'decisions', query: 'year=2026&outcome=adopted' });
    assert.deepEqual(parseRoute('#/decisions/new'), { page: 'newDecision' });
    assert.deepEqual(parseRoute('#/decisions/d-123'), { page: 'decision', decisionId: 'd-123' });
    assert.deepEqual(parseRoute('#/knowledge'), { page: 'updates' });
    assert.deepEqual(parseRoute('#/polls'), { page: 'polls' });
    assert.deepEqual(parseRoute('#/polls/new'), { page: 'newPoll' });
    assert.deepEqual(parseRoute('#/polls/2b1f0c7e-0d3a-4f43-9f1e-7c2a4b5d6e7f'), { page: 'poll', pollId: '2b1f0c7e-0d3a-4f43-9f1e-7c2a4b5d6e7f' });
    assert.equal(pageOf(parseRoute('#/polls/new')), 'polls');
    assert.deepEqual(parseRoute('#/members'), { page: 'members' });
    assert.deepEqual(parseRoute('#/settings/'), { page: 'settings' });
    assert.equal(hashForSubEntity('members'), '#/members');
    assert.deepEqual(parseRoute('#/statements'), { page: 'statements' });
    assert.deepEqual(parseRoute('#/statements/new'), { page: 'newStatement' });
    assert.deepEqual(parseRoute('#/statements/s-1'), { page: 'statement', statementId: 's-1' });
    assert.equal(pageOf(parseRoute('#/statements/s-1')), 'statements');
    assert.deepEqual(parseRoute('#/workplan'), { page: 'workplan' });
    assert.equal(pageOf(parseRoute('#/workplan/')), 'workplan');
    for (const hash of ['#/statements/a/b', '#/statements/<script>', '#/decisions/a/b', '#/meetings/not-an-id', '#/decisions/<script>', '#/polls/a/b']) assert.deepEqual(parseRoute(hash), { page: 'notFound' }, hash);
    assert.equal(pageOf(parseRoute('#/meetings/0f8fad5b-d9cb-469f-a165-70867728950e')), 'meetings');
    assert.equal(pageOf(parseRoute('#/decisions/new')), 'decisions');
  });

  it('turns a deep link’s sub-entity id into the page it names, and ignores one that names none', () => {
    assert.equal(hashForSubEntity('decisions/d-123'), '#/decisions/d-123');
    assert.equal(hashForSubEntity('statements/s-1'), '#/statements/s-1');
    assert.equal(hashForSubEntity('/my-work'), '#/my-work');
    assert.equal(hashForSubEntity('new?start=2026-05-12T10:00:00Z'), '#/new?start=2026-05-12T10:00:00Z');
    assert.equal(hashForSubEntity('workplan'), '#/workplan');
    assert.equal(hashForSubEntity('somewhere/else'), undefined);
    assert.equal(hashForSubEntity(''), undefined);
    assert.equal(hashForSubEntity(undefined), undefined);
  });
});
