/**
 * The audit trail's detail cell, as co-chairs and the secretariat read it: fields by their label,
 * values by name (roles, statuses, agencies, yes/no), instants in words — never a stored field
 * name, code or ISO date — in French with its narrow no-break space before the colon, and in English.
 */
import assert from 'node:assert/strict';
import { STRINGS, type TabLanguage } from '../../../src/tab/app/strings';
import { auditDetail, type AuditWording } from '../../../src/tab/app/audit-detail';

const NAMES: Record<string, Record<TabLanguage, string>> = { IOM: { fr: 'OIM (IOM)', en: 'IOM' }, UNHCR: { fr: 'HCR (UNHCR)', en: 'UNHCR' } };
const wording = (language: TabLanguage): AuditWording => ({
  t: STRINGS[language],
  language,
  agencyName: (code) => NAMES[code]?.[language] ?? code,
  formatInstant: (iso) => new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso)),
});
const N = '\u202f';

describe('members page: the audit trail’s detail in words', () => {
  it('names a member’s changed role and status in French, not their stored codes', () => {
    const before = { name: 'Aminata Camara', agencyCode: 'IOM', agencyRole: 'member', status: 'pending', updatedAt: '2026-11-01T10:00:00Z' };
    const after = { ...before, agencyRole: 'alternate', status: 'confirmed', updatedAt: '2026-11-30T10:00:00Z', decidedBy: 'x' };
    assert.equal(auditDetail(before, after, wording('fr')), `Rôle dans l’agence${N}: membre → suppléance ; Statut${N}: en attente → confirmé·e`);
    assert.equal(auditDetail(before, after, wording('en')), 'Role in the agency: member → alternate ; Status: pending → confirmed');
  });

  it('shows agencies by name, instants and days in words, yes/no, and a bilingual text in the reader’s language', () => {
    const created = { text: 'Envoyer le rapport', ownerAgency: 'UNHCR', due: '2026-12-15', secretariat: true, title: { fr: 'Formation', en: 'Training' } };
    const fr = auditDetail(null, created, wording('fr'));
    assert.equal(fr, `Texte${N}: Envoyer le rapport ; Agence responsable${N}: HCR (UNHCR) ; Échéance${N}: 15 décembre 2026 ; Secrétariat${N}: oui`);
    assert.doesNotMatch(fr, /ownerAgency|2026-12-15|true/);
    assert.match(auditDetail({ title: { fr: 'Formation', en: 'Training' } }, { title: { fr: 'Atelier', en: 'Workshop' } }, wording('en')), /^Title: Training → Workshop$/);
  });

  it('says a network setting changed by its name: language and zone', () => {
    assert.equal(auditDetail({ language: 'fr', timeZone: 'Africa/Conakry' }, { language: 'en', timeZone: 'Africa/Dakar' }, wording('fr')), `Langue${N}: français → anglais ; Fuseau horaire${N}: Africa/Conakry → Africa/Dakar`);
  });

  it('leaves out bookkeeping, keeps at most four fields and cuts a long value', () => {
    const long = 'x'.repeat(200);
    const detail = auditDetail({}, { id: 'member:1', aadObjectId: 'a', tenantId: 't', a: 1, b: 2, c: 3, d: 4, e: long }, wording('en'));
    assert.doesNotMatch(detail, /member:1|tenant/);
    assert.equal(detail.split(' ; ').length, 4);
    assert.ok(auditDetail({ text: '' }, { text: long }, wording('en')).length < 110);
  });
});
