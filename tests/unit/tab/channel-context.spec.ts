/**
 * The tab in a shared channel: the host's tenant and team from teams-js's context, and an
 * external member's SSO token asked of their own home tenant.
 */
import assert from 'node:assert/strict';
import { authTokenRequest, channelContextOf } from '../../../src/tab/app/channel-context';

const HOST = '3fee1829-7ae5-45d0-a29d-0c924adb25f1';
const AGENCY_B = '0F8276EA-111B-46AF-9512-79CE81D5DEA1';
const HOST_GROUP = '9b1c2d3e-0000-4000-8000-00000000aaaa';

describe('tab channel context', () => {
  it('reads a shared channel’s host tenant and group, and knows an external member by their own tenant', () => {
    const channel = channelContextOf({ user: { tenant: { id: AGENCY_B } }, channel: { membershipType: 'Shared', ownerTenantId: HOST, ownerGroupId: HOST_GROUP } });
    assert.deepEqual(channel, { kind: 'shared', hostTenantId: HOST, hostGroupId: HOST_GROUP, userTenantId: AGENCY_B.toLowerCase(), external: true });
    assert.deepEqual(authTokenRequest(channel), { tenantId: AGENCY_B.toLowerCase() }, 'the token comes from the member’s home tenant');
  });

  it('asks nothing special of a host-tenant member, a private channel, or a tab outside any channel', () => {
    const inTenant = channelContextOf({ user: { tenant: { id: HOST } }, channel: { membershipType: 'Shared', ownerTenantId: HOST, ownerGroupId: HOST_GROUP } });
    assert.equal(inTenant.external, false);
    assert.deepEqual(authTokenRequest(inTenant), {});
    const privateChannel = channelContextOf({ user: { tenant: { id: HOST } }, channel: { membershipType: 'Private' }, team: { groupId: HOST_GROUP } });
    assert.deepEqual(privateChannel, { kind: 'private', hostGroupId: HOST_GROUP, userTenantId: HOST, external: false });
    const personal = channelContextOf({ user: { tenant: { id: HOST } } });
    assert.deepEqual([personal.kind, personal.external], ['none', false]);
    assert.deepEqual(authTokenRequest(personal), {});
  });
});
