import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { NetworkError } from '../../../src/network/errors';
import { MAX_IMPORT_BYTES } from '../../../src/network/membership-service';
import type { MemberDocument } from '../../../src/network/model';
import { NETWORK, OTHER_TENANT, TENANT, identity, membershipFixture, type Fixture } from './membership-fixture';

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
    assert.equal(report.created, 1);
    assert.deepEqual(
      report.rejected.map((row) => [row.line, row.rejection, row.value]),
      [
        // IOM's focal point co-chairs: named by a co-chair, not by the secretariat's file.
        [2, 'appointmentReserved', 'IOM focalPoint'],
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
    assert.ok(emails.includes('i.sylla@wfp.org'));
    for (const rejected of ['m.diallo@iom.int', 'x@xyz.org', 'vide@unhcr.org', 'r.b@unhcr.org', 'second@unicef.org']) assert.ok(!emails.includes(rejected), rejected);
    assert.equal((await f.get(existingFocal))?.agencyRole, 'focalPoint', 'the existing focal point stays');
    const audit = await f.audit();
    assert.equal(audit.filter((entry) => entry.action === 'member.import').length, 1);
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

  it('exports the current list with object ids, formulas defused, which imports back without change', async () => {
    const sylla = await f.member('Ibrahima Sylla', 'WFP', 'alternate', 'i.sylla@wfp.org');
    await f.pending('En attente', 'FAO', 'member', 'attente@fao.org');
    await f.member('  =HYPERLINK("http://evil.example","x")', 'FAO', 'member', 'h@fao.org');
    const csv = await f.service.exportCsv(NETWORK, f.rc.aadObjectId);
    assert.ok(csv.startsWith('\uFEFF'), 'a BOM, so spreadsheets read accents');
    const rows = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    assert.deepEqual(rows.find((row) => row.email === 'i.sylla@wfp.org'), {
      agency: 'WFP',
      name: 'Ibrahima Sylla',
      email: 'i.sylla@wfp.org',
      role: 'alternate',
      status: 'confirmed',
      objectId: sylla.aadObjectId,
      tenantId: TENANT,
    });
    assert.equal(rows.find((row) => row.email === 'attente@fao.org')?.status, 'pending');
    assert.equal(rows.find((row) => row.email === 'h@fao.org')?.name, `'  =HYPERLINK("http://evil.example","x")`, 'a formula shows as text');
    const confirmedOnly = rows.filter((row) => row.status !== 'pending' && row.email !== 'h@fao.org');
    const back = ['agency,name,email,role,status,objectId,tenantId', ...confirmedOnly.map((row) => Object.values(row).join(','))].join('\n');
    const report = await f.service.importCsv(NETWORK, f.rc.aadObjectId, back);
    assert.deepEqual([report.created, report.updated, report.rejected.length], [0, 0, 0]);
    assert.ok(report.unchanged >= 3);
  });

  it('checks the file’s size in bytes: up to 384 KiB is read, more is refused with a clear message and nothing changes', async () => {
    const header = 'agency,name,email,role\n';
    const filler = (bytes: number) => `${header}WFP,Ibrahima Sylla,i.sylla@wfp.org,member\n# ${'é'.repeat(Math.ceil((bytes - header.length - 50) / 2))}\n`;
    const near = filler(MAX_IMPORT_BYTES - 200);
    assert.ok(Buffer.byteLength(near) <= MAX_IMPORT_BYTES && Buffer.byteLength(near) > MAX_IMPORT_BYTES - 1024);
    assert.equal((await f.service.importCsv(NETWORK, f.rc.aadObjectId, near)).created, 1);
    const before = await f.snapshot();
    // Fewer characters than the limit, more bytes: accents count twice in UTF-8.
    const over = filler(MAX_IMPORT_BYTES + 2048);
    assert.ok(over.length < MAX_IMPORT_BYTES && Buffer.byteLength(over) > MAX_IMPORT_BYTES);
    await assert.rejects(f.service.importCsv(NETWORK, f.rc.aadObjectId, over), (error: NetworkError) => error.code === 'invalidInput' && /at most 384 KiB/.test(error.message));
    assert.equal(await f.snapshot(), before);
  });

  it('binds rows with an object id at once, never re-binds, and announces every binding to the co-chairs', async () => {
    const awa = identity('Awa Touré', 'awa@unicef.org');
    const bound = await f.member('Déjà lié', 'WHO', 'member', 'deja@who.int');
    const csv = [
      'agency,name,email,role,objectId,tenantId',
      `UNICEF,Awa Touré,awa@unicef.org,focal point,${awa.aadObjectId},${TENANT}`,
      `WHO,Usurpateur,deja@who.int,member,${identity('x').aadObjectId},`,
      `WHO,Autre locataire,,member,${bound.aadObjectId},${OTHER_TENANT}`,
      'WHO,Mauvais id,,member,pas-un-guid,',
      `WHO,Locataire sans id,x@who.int,member,,${TENANT}`,
    ].join('\n');
    const report = await f.service.importCsv(NETWORK, f.rc.aadObjectId, csv);
    assert.equal(report.created, 1);
    assert.deepEqual(report.rejected.map((row) => [row.line, row.rejection]), [
      [3, 'emailBoundToOther'],
      [4, 'boundToOtherTenant'],
      [5, 'invalidObjectId'],
      [6, 'invalidTenantId'],
    ]);
    const member = await f.get(awa);
    assert.deepEqual([member?.status, member?.tenantId, member?.agencyRole], ['confirmed', TENANT, 'focalPoint']);
    assert.equal((await f.get(bound))?.tenantId, TENANT, 'the bound member keeps their tenant');
    // Recognised at once, with the rights of the row: UNICEF's focal point casts its position.
    assert.ok(await f.service.may(NETWORK, awa.aadObjectId, 'castAgencyPosition', { agencyCode: 'UNICEF' }));
    assert.equal((await f.service.recognise(NETWORK, awa)).kind, 'member');
    await assert.rejects(f.service.recognise(NETWORK, { ...awa, tenantId: OTHER_TENANT }), { code: 'identityMismatch' });
    assert.ok((await f.audit()).some((entry) => entry.action === 'member.import' && entry.subject === `member:${awa.aadObjectId}`));
    const notice = f.notifier.sent.find((sent) => sent.notice.kind === 'memberBound' && sent.notice.via === 'import');
    assert.ok(notice && notice.recipients !== 'channels' && notice.notice.kind === 'memberBound');
    assert.deepEqual(notice.recipients.map((r) => r.aadObjectId), [f.rc.aadObjectId], 'to the co-chairs');
    assert.deepEqual([notice.notice.via, notice.notice.members.map((m) => m.name)], ['import', ['Awa Touré']]);
  });

  it('turns an email-only row into the object-id record when a later import names the object id: one record', async () => {
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, 'agency,name,email,role\nWFP,Ibrahima Sylla,i.sylla@wfp.org,member\n');
    const sylla = identity('Ibrahima Sylla');
    await f.service.importCsv(NETWORK, f.rc.aadObjectId, `agency,name,email,role,objectId\nWFP,Ibrahima Sylla,i.sylla@wfp.org,member,${sylla.aadObjectId}\n`);
    const all = (await f.store.query<MemberDocument>(NETWORK, { type: 'member' })).map((entry) => entry.document).filter((m) => m.email === 'i.sylla@wfp.org');
    assert.deepEqual(all.map((m) => m.id), [`member:${sylla.aadObjectId}`]);
  });
});
