/**
 * What a statement says to people (issue 15's wording): refused input explained in the reader's
 * language (never the English written for the logs), agencies named as everywhere else ("OIM
 * (IOM)", not "IOM — OIM"), a clearance's agency labels with French typography, and the
 * delivered text's date written for people, in Conakry's time — never an ISO date.
 */
import assert from 'node:assert/strict';
import { StatementError } from '../../../src/statements/errors';
import { statementDocumentId, type StatementDocument } from '../../../src/statements/model';
import type { StatementsService } from '../../../src/statements/statements-service';
import { EXCOM, excomFocalPoints, statementsOver } from './statements-fixture';
import { NETWORK, membershipFixture, identity, type Fixture } from '../network/membership-fixture';

/** English words of the log messages that must never reach a French reader. */
const ENGLISH = /\b(the|needs|must|at most|characters|numbered|written|unknown|same as|whole numbers)\b/i;

describe('statements: wording for people', () => {
  let f: Fixture;
  let statements: StatementsService;
  let representatives: Record<string, ReturnType<typeof identity>>;

  beforeEach(async () => {
    const probe = Number.parseInt(identity('probe').aadObjectId.slice(-12), 16);
    const id = (n: number) => `00000000-0000-4000-8000-${(probe + n).toString(16).padStart(12, '0')}`;
    f = await membershipFixture({ admins: [{ aadObjectId: id(1), role: 'cochair' }, { aadObjectId: id(2), role: 'secretariat' }] });
    statements = statementsOver(f);
    representatives = await excomFocalPoints(f);
  });
  afterEach(async () => {
    await f.close();
  });

  const rc = () => ({ aadObjectId: f.rc.aadObjectId, name: f.rc.name });
  /** The refusal as a French and an English reader read it. */
  const refused = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      assert.ok(error instanceof StatementError, String(error));
      assert.equal(error.code, 'invalidInput');
      return { fr: error.userMessage('fr'), en: error.userMessage('en') };
    }
    assert.fail('accepted');
  };

  it('explains each class of refused input in the reader’s language, nothing stored', async () => {
    const drafted = await statements.request(NETWORK, rc(), { title: 'Journée des migrants' });
    await statements.addVersion(NETWORK, drafted.statementId, rc(), { fr: 'Texte.' });
    const cases: [string, () => Promise<unknown>, RegExp, RegExp][] = [
      ['no title', () => statements.request(NETWORK, rc(), { title: ' ' }), /Titre\u202f: à renseigner$/, /Title: required$/],
      ['title too long', () => statements.request(NETWORK, rc(), { title: 'x'.repeat(201) }), /Titre\u202f: trop long ou trop grand \(au plus 200\)$/, /Title: too long or too large \(at most 200\)$/],
      ['purpose too long', () => statements.request(NETWORK, rc(), { title: 'T', purpose: 'x'.repeat(5000) }), /Objet\u202f: trop long/, /Purpose: too long/],
      ['objectives', () => statements.request(NETWORK, rc(), { title: 'T', gcmObjectives: [24] }), /numérotés de 1 à 23$/, /numbered 1 to 23$/],
      ['languages', () => statements.request(NETWORK, rc(), { title: 'T', languages: ['de' as 'fr'] }), /en français, en anglais ou dans les deux langues$/, /in French, in English or in both$/],
      ['unknown agency', () => statements.nameDraftingAgency(NETWORK, drafted.statementId, f.rc.aadObjectId, 'XYZ'), /l’agence XYZ n’est pas dans l’annuaire/, /the agency XYZ is not in the network’s directory/],
      ['no text', () => statements.addVersion(NETWORK, drafted.statementId, rc(), { fr: ' ', en: '' }), /besoin de son texte en français ou en anglais$/, /needs its text in French or in English$/],
      ['same text', () => statements.addVersion(NETWORK, drafted.statementId, rc(), { fr: 'Texte.' }), /identique à celui de la version 1\u202f; modifiez-le/, /same as version 1; change it/],
      ['deadline', () => statements.submit(NETWORK, drafted.statementId, rc(), { deadline: 'next week' }), /Échéance\u202f: ce n’est pas une date et une heure/, /Deadline: /],
      ['reminders', () => statements.submit(NETWORK, drafted.statementId, rc(), { reminderOffsetsMinutes: [-5] }), /rappels\u202f: au plus 10 nombres entiers/, /reminders: at most 10 whole numbers/],
    ];
    for (const [what, run, fr, en] of cases) {
      const message = await refused(run);
      assert.match(message.fr, /^Saisie invalide\u202f; rien n’a été enregistré\u202f: /, what);
      assert.match(message.fr, fr, what);
      assert.doesNotMatch(message.fr.replace(/^Saisie invalide[^:]*: /, ''), ENGLISH, `${what}: ${message.fr}`);
      assert.match(message.en, en, what);
    }
    const stored = (await f.store.get<StatementDocument>(NETWORK, statementDocumentId(drafted.statementId)))?.document;
    assert.equal(stored?.status, 'drafting', 'nothing submitted');
    assert.equal(stored?.versions.length, 1, 'no version added');
    assert.equal(stored?.draftingAgency, undefined, 'no drafting agency named');
  });

  it('names agencies as everywhere else and labels each agency’s clearance with French typography (English without a space)', async () => {
    const statement = await statements.request(NETWORK, rc(), { title: 'Journée des migrants' });
    await statements.addVersion(NETWORK, statement.statementId, rc(), { fr: 'Le Réseau rappelle…' });
    await statements.submit(NETWORK, statement.statementId, rc());
    const fr = JSON.stringify(await statements.card(NETWORK, statement.statementId, f.rc.aadObjectId, 'fr'));
    assert.doesNotMatch(fr, /IOM — OIM|"IOM : "/);
    assert.match(fr, /"HCR \(UNHCR\)\u202f: "/);
    assert.match(fr, /en attente\u202f: OIM \(IOM\), HCDH \(OHCHR\)/);
    const en = JSON.stringify(await statements.card(NETWORK, statement.statementId, f.rc.aadObjectId, 'en'));
    assert.match(en, /"UNHCR: "/);
    assert.doesNotMatch(en, / : /);
  });

  it('dates the delivered text for people, in the reader’s language, not as an ISO date', async () => {
    const statement = await statements.request(NETWORK, rc(), { title: 'Journée internationale des migrants' });
    await statements.addVersion(NETWORK, statement.statementId, rc(), { fr: 'Le Réseau rappelle…' });
    await statements.submit(NETWORK, statement.statementId, rc());
    for (const agency of EXCOM) {
      const who = representatives[agency]!;
      await statements.clear(NETWORK, statement.statementId, { aadObjectId: who.aadObjectId, name: who.name }, { agencyCode: agency, version: 1, position: 'approve' });
    }
    await statements.deliver(NETWORK, statement.statementId, rc());
    const day = (language: 'fr' | 'en') => new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Africa/Conakry' }).format(f.clock.now);
    for (const [language, format] of [['fr', 'md'], ['en', 'html']] as const) {
      const { body } = await statements.finalText(NETWORK, statement.statementId, f.rc.aadObjectId, format, language);
      assert.doesNotMatch(body, /\d{4}-\d{2}-\d{2}/, `${language}: ${body}`);
      assert.ok(body.includes(language === 'fr' ? `Publiée le ${day('fr')} (version 1)` : `Delivered on ${day('en')} (version 1)`), body);
    }
  });
});
