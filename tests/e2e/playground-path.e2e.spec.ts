/**
 * The README's local path with the project's own Agents Playground configuration
 * (.m365agentsplayground.yml): its people are real Entra-shaped identities, so the Playground's
 * current user named in NETWORK_ADMINS starts the app, is the co-chair in the bot, and is the same
 * person in the tab's dev sign-in (issue 15, item 1) — whichever of the two she opens first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../scripts/package-app';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { message, teamsConversation, type TeamsUser } from '../support/teams-activities';

interface PlaygroundPerson {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly userPrincipleName: string;
  readonly email: string;
  readonly givenName: string;
  readonly surname: string;
}

const playground = parseYaml(readFileSync(path.join(REPO_ROOT, '.m365agentsplayground.yml'), 'utf8')) as {
  readonly tenantId: string;
  readonly bot: { readonly id: string };
  readonly currentUser: PlaygroundPerson;
  readonly users: readonly PlaygroundPerson[];
  readonly team: { readonly aadGroupId: string };
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Playground person as the Playground puts them on an activity. */
const asTeamsUser = (person: PlaygroundPerson): TeamsUser => ({
  id: person.id,
  name: person.name,
  aadObjectId: person.aadObjectId,
  email: person.email,
  userPrincipalName: person.userPrincipleName,
  tenantId: playground.tenantId,
  userRole: 'user',
  givenName: person.givenName,
  surname: person.surname,
});

describe('the README’s local path with the project’s Agents Playground configuration', function () {
  this.timeout(60_000);
  const cochair = playground.currentUser;
  let app: ReseauUnderTest;
  const me = async (person: PlaygroundPerson, headers: Record<string, string> = { 'x-reseau-dev-tenant': playground.tenantId }, language = 'fr-FR') => {
    const response = await fetch(`${app.url}/api/v1/me`, { headers: { 'x-reseau-dev-user': person.aadObjectId, 'accept-language': language, ...headers } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const nameOf = (answer: { body: Record<string, unknown> }) => (answer.body.member as { name?: string } | null | undefined)?.name;
  const says = (person: PlaygroundPerson, text: string) =>
    app.post(message({ serviceUrl: app.connector.serviceUrl, user: asTeamsUser(person), conversation: teamsConversation('personal', { tenantId: playground.tenantId }), text, locale: 'fr-FR' }));

  beforeEach(async () => {
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${playground.tenantId}/${cochair.aadObjectId}=cochair` } });
  });
  afterEach(() => app.stop());

  it('names every person, the tenant, the bot and the team by a GUID (what NETWORK_ADMINS and the dev sign-in take)', () => {
    for (const [what, id] of [
      ['tenantId', playground.tenantId],
      ['bot.id', playground.bot.id],
      ['team.aadGroupId', playground.team.aadGroupId],
      ...[cochair, ...playground.users].map((person) => [`${person.name}'s aadObjectId`, person.aadObjectId] as const),
    ] as const) {
      assert.match(id, GUID, `${what} ${id}`);
    }
  });

  it('the current user, named co-chair, talks to the bot and then opens the tab as the same co-chair', async () => {
    const said = await app.post(message({ serviceUrl: app.connector.serviceUrl, user: asTeamsUser(cochair), conversation: teamsConversation('personal', { tenantId: playground.tenantId }), text: 'aide', locale: 'fr-FR' }));
    assert.equal(said.status, 200);
    const answer = await me(cochair);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal((answer.body.member as { status?: string } | undefined)?.status, 'confirmed', JSON.stringify(answer.body));
    assert.ok((answer.body.roles as string[] | undefined)?.includes('coChair'), JSON.stringify(answer.body));
  });

  it('opens the tab first and is the co-chair there at once, as the README says', async () => {
    const answer = await me(cochair);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal((answer.body.member as { status?: string } | undefined)?.status, 'confirmed', JSON.stringify(answer.body));
    assert.ok((answer.body.roles as string[] | undefined)?.includes('coChair'), JSON.stringify(answer.body));
  });

  it('opening the tab first with no name gives a placeholder that says so, replaced by her Teams name on her first turn with the bot (even `aide`)', async () => {
    const first = await me(cochair);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(nameOf(first), 'Coprésidence RCO (nom Teams à venir)');
    assert.equal((await says(cochair, 'aide')).status, 200);
    assert.equal(nameOf(await me(cochair)), cochair.name);
    // Her name is the one Teams gave from now on: a later dev sign-in with no name keeps it.
    assert.equal(nameOf(await me(cochair, { 'x-reseau-dev-tenant': playground.tenantId })), cochair.name);
  });

  it('in English the placeholder is English; a name the dev sign-in sends is used at once', async () => {
    assert.equal(nameOf(await me(cochair, { 'x-reseau-dev-tenant': playground.tenantId }, 'en-US')), 'Co-chair RCO (Teams name to come)');
    await app.stop();
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${playground.tenantId}/${cochair.aadObjectId}=cochair` } });
    const named = await me(cochair, { 'x-reseau-dev-tenant': playground.tenantId, 'x-reseau-dev-name': encodeURIComponent('Aminata Camara\u0007 (tab)') });
    assert.equal(nameOf(named), 'Aminata Camara (tab)');
  });

  it('the tab’s dev sign-in lists the admin before she is a member, with her tenant, and signing in as her confirms her', async () => {
    const listed = (await (await fetch(`${app.url}/api/v1/dev/members`, { headers: { 'accept-language': 'fr-FR' } })).json()) as { members: { aadObjectId: string; tenantId: string; name: string; status: string }[] };
    const entry = listed.members.find((member) => member.aadObjectId === cochair.aadObjectId.toLowerCase());
    assert.deepEqual(entry && { tenantId: entry.tenantId, name: entry.name, status: entry.status }, { tenantId: playground.tenantId, name: 'Coprésidence RCO (nom Teams à venir)', status: 'admin' });
    const answer = await me(cochair, { 'x-reseau-dev-tenant': entry?.tenantId ?? '' });
    assert.equal((answer.body.member as { status?: string }).status, 'confirmed');
    const again = (await (await fetch(`${app.url}/api/v1/dev/members`)).json()) as { members: { aadObjectId: string; status: string }[] };
    assert.deepEqual(again.members.filter((member) => member.aadObjectId === cochair.aadObjectId.toLowerCase()).map((member) => member.status), ['confirmed'], 'listed once, as the member she now is');
  });

  it('an admin entry without a tenant: the dev sign-in naming no tenant confirms her, and her first turn with the bot binds her tenant and name', async () => {
    await app.stop();
    app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${cochair.aadObjectId}=cochair:IOM` } });
    const first = await me(cochair, {});
    assert.equal((first.body.member as { status?: string }).status, 'confirmed', JSON.stringify(first.body));
    assert.ok((first.body.roles as string[]).includes('coChair'), JSON.stringify(first.body));
    assert.equal(nameOf(first), 'Coprésidence IOM (nom Teams à venir)');
    assert.equal((await says(cochair, 'aide')).status, 200);
    const bound = await me(cochair);
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal(nameOf(bound), cochair.name);
    // Bound now: the same object id from another tenant is not her.
    const other = await me(cochair, { 'x-reseau-dev-tenant': '00000000-0000-0000-0000-0000000000ff' });
    assert.equal(other.status, 403, JSON.stringify(other.body));
  });

  it('another Playground person, not named, is not a member in the tab', async () => {
    const answer = await me(playground.users[0]!);
    assert.notEqual((answer.body.member as { status?: string } | undefined)?.status, 'confirmed', JSON.stringify(answer.body));
    assert.ok(!(answer.body.roles as string[] | undefined)?.includes('coChair'), JSON.stringify(answer.body));
  });
});
