import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { NETWORK, identity, membershipFixture, type Fixture } from './membership-fixture';

describe('member list import and export (CSV)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await membershipFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('imports valid rows as confirmed members and reports each rejected row with its reason, changing nothing for it', async () => {
    const existingFocal = await f.member('Point focal UNICEF', 'UNICEF', 'focalPoint', 'pf@unicef.org');
    const csv = [
      'Agence;Nom;Courriel;Rôle',
      'OIM;Mariama Diallo;m.diallo@iom.int;point focal',
      'WFP;Ibrahima Sylla;i.sylla@wfp.org;membre',
      'XYZ;Inconnu;x@xyz.org;membre',
      'UNHCR;;vide@unhcr.org;membre',
      'UNHCR;Adresse Fausse;pas-une-adresse;membre',
      'UNHCR;Rôle Bizarre;r.b@unhcr.org;président',
      'WFP;Doublon;i.sylla@wfp.org;membre',
      'UNICEF;Second point focal;second@unicef.org;point focal',
    ].join('\n');
    const report = await f.service.importCsv(NETWORK, f.secretariat.aadObjectId, csv);
    assert.equal(report.created, 2);
    assert.deepEqual(
      report.rejected.map((row) => [row.line, row.rejection, row.value]),
      [
        [4, 'unknownAgency', 'XYZ'],
        [5, 'missingName', ''],
        [6, 'invalidEmail', 'pas-une-adresse'],
        [7, 'unknownRole', 'président'],
        [8, 'duplicateEmail', 'i.sylla@wfp.org'],
        [9, 'secondFocalPoint', 'UNICEF'],
      ],
    );
    const members = await f.store.query<{ id: string; type: string; networkId: string; email?: string; status: string }>(NETWORK, { type: 'member' });
    const emails = members.map((m) => m.document.email).sort();
    assert.ok(emails.includes('m.diallo@iom.int') && emails.includes('i.sylla@wfp.org'));
    for (const rejected of ['x@xyz.org', 'vide@unhcr.org', 'r.b@unhcr.org', 'second@unicef.org']) assert.ok(!emails.includes(rejected), rejected);
    assert.equal((await f.get(existingFocal))?.agencyRole, 'focalPoint', 'the existing focal point stays');
    const audit = await f.audit();
    assert.equal(audit.filter((entry) => entry.action === 'member.import').length, 2);
  });

  it('recognises an imported member when they first write to the bot: confirmed at once, with their agency and role', async () => {
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nIOM,Mariama Diallo,m.diallo@iom.int,focal point\n');
    const mariama = identity('Mariama Diallo', 'M.Diallo@iom.int');
    const contact = await f.service.firstContact(NETWORK, mariama);
    assert.equal(contact.kind, 'welcomed');
    const person = await f.service.person(NETWORK, mariama.aadObjectId);
    assert.ok(person.roles.has('coChair'), 'IOM’s focal point co-chairs');
    const all = await f.store.query(NETWORK, { type: 'member' });
    assert.equal(all.filter((m) => (m.document as { email?: string }).email === 'm.diallo@iom.int').length, 1, 'one record, now by object id');
  });

  it('refuses an import from someone who is not a co-chair or the secretariat, and a file without the needed columns', async () => {
    const member = await f.member('Membre', 'WFP', 'member');
    const before = await f.snapshot();
    await assert.rejects(f.service.importCsv(NETWORK, member.aadObjectId, 'agency,name,email\nWFP,A,a@wfp.org\n'), { code: 'forbidden' });
    await assert.rejects(f.service.importCsv(NETWORK, f.rc.aadObjectId, 'nom,téléphone\nA,123\n'), { code: 'invalidInput' });
    assert.equal(await f.snapshot(), before);
  });

  it('reinstates a member who left when the co-chairs’ list names them again, without a second record', async () => {
    const member = await f.member('Ibrahima Sylla', 'WFP', 'member', 'i.sylla@wfp.org');
    await f.service.leave(NETWORK, member.aadObjectId);
    const report = await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nWFP,Ibrahima Sylla,i.sylla@wfp.org,alternate\n');
    assert.deepEqual([report.created, report.updated], [0, 1]);
    const back = await f.get(member);
    assert.deepEqual([back?.status, back?.agencyRole, back?.endReason], ['confirmed', 'alternate', undefined]);
    assert.ok(await f.service.may(NETWORK, member.aadObjectId, 'shareUpdate'));
  });

  it('exports the current list, which imports back without change', async () => {
    await f.member('Ibrahima Sylla', 'WFP', 'alternate', 'i.sylla@wfp.org');
    await f.pending('En attente', 'FAO', 'member', 'attente@fao.org');
    const csv = await f.service.exportCsv(NETWORK, f.rc.aadObjectId);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.find((row) => row.email === 'i.sylla@wfp.org'), { agency: 'WFP', name: 'Ibrahima Sylla', email: 'i.sylla@wfp.org', role: 'alternate', status: 'confirmed' });
    assert.equal(rows.find((row) => row.email === 'attente@fao.org')?.status, 'pending');
    const confirmedOnly = csv.split('\n').filter((line) => !line.endsWith(',pending')).join('\n');
    const report = await f.service.importCsv(NETWORK, f.rc.aadObjectId, confirmedOnly);
    assert.deepEqual([report.created, report.updated, report.rejected.length], [0, 0, 0]);
    assert.ok(report.unchanged >= 3);
  });
});
