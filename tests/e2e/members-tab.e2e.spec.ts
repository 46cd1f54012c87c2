/**
 * The membership API as the tab's Members page uses it, through the real HTTP endpoint: a CSV
 * import previewed row by row (what will be created, changed and from what, refused) with
 * nothing written, then applied as previewed; the preview and the import refused to a focal
 * point; a pending member declined from the tab only by who may decide, nothing changed
 * otherwise; working groups listed with their members' and chair's names for members, not for
 * pending people.
 */
import assert from 'node:assert/strict';
import { apiCall } from '../support/api-client';
import { withMyWorkNetwork, type MyWorkNetwork } from '../support/my-work-fixture';
import { TEST_TENANT_ID } from '../support/teams-activities';

const NETWORK = 'gn';

interface ImportBody {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; rejection: string }[];
  changes: { line: number; kind: string; name: string; agencyCode: string; agencyRole: string; before?: { agencyRole: string } }[];
}

describe('members API for the tab', function () {
  this.timeout(60_000);
  let net!: MyWorkNetwork;
  withMyWorkNetwork((started) => (net = started));

  const csv = () =>
    [
      'agency,name,email,role,objectId,tenantId',
      `IOM,Aminata Camara,,alternate,${net.members.aminata.aadObjectId},${TEST_TENANT_ID}`,
      `IOM,Moussa Diallo,,member,${net.members.moussa.aadObjectId},${TEST_TENANT_ID}`,
      'WFP,Nouvelle Personne,n.personne@wfp.org,member,,',
      'NOPE,Quelqu’un,q@nope.org,member,,',
    ].join('\n');
  const imports = async () => (await net.app.reseau.membership.auditTrail(NETWORK, net.rc.aadObjectId, { limit: 500 })).filter((entry) => entry.action === 'member.import').length;

  it('previews an import row by row without writing anything, then applies exactly what it showed', async () => {
    const before = await imports();
    const preview = await apiCall(net.app.url, 'POST', '/members/import/preview', net.rc, { csv: csv() });
    assert.equal(preview.status, 200, preview.raw);
    const shown = preview.body as unknown as ImportBody;
    assert.deepEqual(
      shown.changes.map(({ line, kind, name, agencyRole, before: was }) => ({ line, kind, name, agencyRole, was: was?.agencyRole })),
      [
        { line: 2, kind: 'update', name: 'Aminata Camara', agencyRole: 'alternate', was: 'member' },
        { line: 3, kind: 'unchanged', name: 'Moussa Diallo', agencyRole: 'member', was: undefined },
        { line: 4, kind: 'create', name: 'Nouvelle Personne', agencyRole: 'member', was: undefined },
      ],
    );
    assert.deepEqual([shown.created, shown.updated, shown.unchanged], [1, 1, 1]);
    assert.deepEqual(shown.rejected.map(({ line, rejection }) => ({ line, rejection })), [{ line: 5, rejection: 'unknownAgency' }]);
    // Nothing written: Aminata is still a member, nobody new, no audit entry.
    assert.equal((await net.app.reseau.membership.profile(NETWORK, net.members.aminata.aadObjectId))?.member.agencyRole, 'member');
    assert.equal(await net.app.store.get(NETWORK, 'member:email:n.personne@wfp.org'), undefined);
    assert.equal(await imports(), before);

    const applied = await apiCall(net.app.url, 'POST', '/members/import', net.rc, { csv: csv() });
    assert.equal(applied.status, 200, applied.raw);
    const done = applied.body as unknown as ImportBody;
    assert.deepEqual(done.changes, shown.changes);
    assert.deepEqual([done.created, done.updated, done.unchanged], [1, 1, 1]);
    assert.equal((await net.app.reseau.membership.profile(NETWORK, net.members.aminata.aadObjectId))?.member.agencyRole, 'alternate');
    assert.equal(await imports(), before + 2);
  });

  it('refuses the preview and the import to a focal point, in the reader’s language', async () => {
    for (const path of ['/members/import/preview', '/members/import']) {
      const refused = await apiCall(net.app.url, 'POST', path, net.fatou, { csv: csv() }, 'en-US');
      assert.equal(refused.status, 403, path);
      assert.equal(refused.body.code, 'forbidden');
    }
  });

  it('declines a pending member only for who may decide: a plain member is refused and the request stays pending', async () => {
    const id = `member:${net.pending.aadObjectId.toLowerCase()}`;
    const refused = await apiCall(net.app.url, 'POST', `/members/${id}/decline`, net.members.ibrahima, {});
    assert.equal(refused.status, 403);
    assert.equal(await net.app.reseau.membership.memberStatus(NETWORK, net.pending.aadObjectId), 'pending');
    const declined = await apiCall(net.app.url, 'POST', `/members/${id}/decline`, net.fatou, { agencyCode: 'UNHCR' });
    assert.equal(declined.status, 200, declined.raw);
    assert.equal(declined.body.status, 'left');
  });

  it('lists working groups with their members, external partners and chair by name for members; pending readers get no names', async () => {
    const created = await apiCall(net.app.url, 'POST', '/working-groups', net.rc, {
      name: 'Retour et réintégration',
      objective: 'Coordonner l’appui à la réintégration.',
      memberIds: [net.members.aminata.aadObjectId, net.fatou.aadObjectId],
      externalPartners: [{ name: 'Mamadou Bah', organisation: 'Association des rapatriés', email: 'm.bah@example.org' }],
      chairId: net.fatou.aadObjectId,
      reviewDate: `${new Date().getUTCFullYear() + 1}-06-30`,
    });
    assert.equal(created.status, 201, created.raw);
    const read = await apiCall(net.app.url, 'GET', '/working-groups', net.members.ibrahima);
    const [group] = (read.body as { workingGroups: { name: string; chairName?: string; members?: { name: string; agencyCode: string }[]; externalPartners: { organisation: string }[] }[] }).workingGroups;
    assert.equal(group?.chairName, 'Fatou Bangoura');
    assert.deepEqual(group?.members, [
      { name: 'Aminata Camara', agencyCode: 'IOM' },
      { name: 'Fatou Bangoura', agencyCode: 'UNHCR' },
    ]);
    assert.deepEqual(group?.externalPartners.map((partner) => partner.organisation), ['Association des rapatriés']);

    const newcomer = { aadObjectId: '0f0e0d0c-0b0a-4909-8807-060504030201' };
    await net.app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: newcomer.aadObjectId, tenantId: TEST_TENANT_ID, name: 'Nouvelle Venue', language: 'fr' }, 'WFP', 'member');
    const asPending = await apiCall(net.app.url, 'GET', '/working-groups', newcomer);
    assert.equal(asPending.status, 200, asPending.raw);
    assert.equal((asPending.body as { workingGroups: unknown[] }).workingGroups.length, 1);
    const [seen] = (asPending.body as { workingGroups: { chairName?: string; members?: unknown }[] }).workingGroups;
    assert.equal(seen?.chairName, undefined);
    assert.equal(seen?.members, undefined);
  });
});
