/**
 * Links from cards to the tab's pages: a Teams deep link to the app's personal static tab (the
 * manifest's entityId) carrying the page as its sub-entity id, with the web address as Teams'
 * fallback; the web address alone without a Teams app id; nothing without any address.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TAB_ENTITY_ID, tabLink } from '../../../src/cards/tab-links';
import { loadConfig } from '../../../src/config';
import { hashForSubEntity } from '../../../src/tab/app/navigation';

const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('links from cards to the tab', () => {
  it('names the manifest’s personal static tab', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../appPackage/manifest.json'), 'utf8')) as { staticTabs: { entityId: string; scopes: string[]; contentUrl?: string }[] };
    const tab = manifest.staticTabs.find((candidate) => candidate.entityId === TAB_ENTITY_ID);
    assert.ok(tab?.contentUrl?.includes('/tab'), 'the static tab deep links open is the Réseau tab');
    assert.deepEqual(tab?.scopes, ['personal']);
  });

  it('gives a Teams deep link whose sub-entity id the tab opens as the same page, with the web address as fallback', () => {
    const link = tabLink({ teamsAppId: APP_ID, publicUrl: () => 'https://reseau.example.org/' })('#/decisions/d-1');
    assert.ok(link);
    const url = new URL(link);
    assert.equal(`${url.origin}${url.pathname}`, `https://teams.microsoft.com/l/entity/${APP_ID}/${TAB_ENTITY_ID}`);
    assert.equal(url.searchParams.get('webUrl'), 'https://reseau.example.org/tab#/decisions/d-1');
    assert.equal(url.searchParams.get('label'), 'Réseau');
    const { subEntityId } = JSON.parse(url.searchParams.get('context') ?? '{}') as { subEntityId: string };
    assert.equal(subEntityId, 'decisions/d-1');
    assert.equal(hashForSubEntity(subEntityId), '#/decisions/d-1', 'the tab routes on it');
    // Encoded once, so "&" or "#" inside a route never cuts the link.
    assert.ok(!/[ "{}]/.test(link), link);
  });

  it('gives the web address without a Teams app id, and nothing without any address', () => {
    assert.equal(tabLink({ publicUrl: () => 'http://127.0.0.1:3978' })('#/meetings/m'), 'http://127.0.0.1:3978/tab#/meetings/m');
    assert.equal(tabLink({})('#/meetings/m'), undefined);
    assert.equal(tabLink({ publicUrl: () => '' })('#/meetings/m'), undefined);
    const withoutWeb = new URL(tabLink({ teamsAppId: APP_ID })('#/') ?? '');
    assert.equal(withoutWeb.searchParams.get('webUrl'), null);
  });

  it('reads TEAMS_APP_ID as a GUID, refusing anything else by name', () => {
    assert.equal(loadConfig({ TEAMS_APP_ID: APP_ID.toUpperCase() }).teamsAppId, APP_ID);
    assert.equal(loadConfig({}).teamsAppId, undefined);
    assert.throws(() => loadConfig({ TEAMS_APP_ID: 'reseau' }), /TEAMS_APP_ID: must be a GUID/);
  });
});
