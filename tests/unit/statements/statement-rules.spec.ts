import assert from 'node:assert/strict';
import { CardRenderer, TEAMS_CARD_MAX_BYTES } from '../../../src/cards/card-renderer';
import { cardTemplates } from '../../../src/cards/templates';
import { castVoice, type CastInput, type VoiceRecord } from '../../../src/agency-voices/voice-rules';
import { statementCardData } from '../../../src/statements/statement-cards';
import {
  COMMENT_REQUIRED_FOR,
  MAX_DIFF_EXCERPTS,
  MAX_EXCERPT_CHARS,
  clearanceOpenFor,
  clearanceState,
  diffSummary,
  nextVersion,
  wordDiff,
  type ClearancePosition,
} from '../../../src/statements/statement-rules';
import { parseAdaptiveCard } from '../../support/adaptive-card-parser';
import { sampleStatement, sampleStatementCard } from './card-samples';

/** One agency's clearance through the one-voice-per-agency rules, as the service casts it. */
const castClearance = (record: VoiceRecord<ClearancePosition>, input: Omit<CastInput<ClearancePosition>, 'position'> & { position: ClearancePosition }, excom: readonly string[]) =>
  castVoice(record, input, { answeringAgencies: new Set(excom), commentRequiredFor: COMMENT_REQUIRED_FOR });

const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];
let clock = Date.parse('2026-03-02T12:00:00Z');
const cast = (record: VoiceRecord<ClearancePosition>, agencyCode: string, position: ClearancePosition, comment?: string) => {
  clock += 1000;
  const result = castClearance(record, { agencyCode, position, ...(comment ? { comment } : {}), castBy: { aadObjectId: agencyCode, name: agencyCode }, castAt: new Date(clock).toISOString(), eligible: true }, EXCOM);
  if (!result.accepted) throw new Error(result.refusal.code);
  return result.record;
};
const approveAll = (agencies: readonly string[]) => agencies.map((agency) => cast({ history: [] }, agency, 'approve'));

describe('statement rules: word diff between versions', () => {
  it('counts words added and removed and shows the changed passages', () => {
    const summary = diffSummary('Le Réseau salue le plan national.', 'Le Réseau salue vivement le nouveau plan national de migration.');
    assert.equal(summary.added, 5);
    assert.equal(summary.removed, 1);
    assert.deepEqual(summary.excerpts, [
      { kind: 'added', text: 'vivement' },
      { kind: 'added', text: 'nouveau' },
      { kind: 'removed', text: 'national.' },
      { kind: 'added', text: 'national de migration.' },
    ]);
  });

  it('finds no change between identical texts, whatever the spacing', () => {
    assert.deepEqual(diffSummary('a  b\nc', 'a b c'), { added: 0, removed: 0, excerpts: [], truncated: false });
  });

  it('is an edit script: applying it to the old words gives the new ones', () => {
    const before = 'un deux trois quatre cinq six sept deux trois';
    const after = 'zéro un trois quatre six sept huit deux trois';
    const ops = wordDiff(before, after);
    assert.deepEqual(ops.filter((op) => op.kind !== 'added').map((op) => op.word), before.split(' '));
    assert.deepEqual(ops.filter((op) => op.kind !== 'removed').map((op) => op.word), after.split(' '));
    // Minimal: LCS of the two is 7 words, so 2 removed and 2 added.
    assert.equal(ops.filter((op) => op.kind === 'removed').length, 2);
    assert.equal(ops.filter((op) => op.kind === 'added').length, 2);
  });

  it('stays bounded for a card: few excerpts, each short, even for a rewritten 5,000-character text', () => {
    const before = Array.from({ length: 800 }, (_, index) => `mot${index}`).join(' ');
    const after = Array.from({ length: 800 }, (_, index) => (index % 3 === 0 ? `nouveau${index}` : `mot${index}`)).join(' ');
    const summary = diffSummary(before, after);
    assert.equal(summary.added, 267);
    assert.equal(summary.removed, 267);
    assert.ok(summary.excerpts.length <= MAX_DIFF_EXCERPTS);
    assert.ok(summary.excerpts.every((excerpt) => excerpt.text.length <= MAX_EXCERPT_CHARS));
    assert.equal(summary.truncated, true);
  });

  it('numbers versions and summarises the change from the latest one, over both languages', () => {
    assert.deepEqual(nextVersion([], { fr: 'Texte' }), { number: 1 });
    const next = nextVersion([{ number: 1, text: { fr: 'Le texte' } }], { fr: 'Le texte modifié', en: 'The text' });
    assert.equal(next.number, 2);
    assert.equal(next.changes?.added, 3);
    assert.equal(next.changes?.removed, 0);
  });
});

describe('statement rules: clearance of one exact version', () => {
  it('is validated only when every ExCom agency approved that version', () => {
    const five = approveAll(EXCOM.slice(0, 5));
    assert.equal(clearanceState(1, EXCOM, five).validated, false);
    assert.deepEqual(clearanceState(1, EXCOM, five).pending, ['UNODC']);
    const six = [...five, ...approveAll(['UNODC'])];
    assert.equal(clearanceState(1, EXCOM, six).validated, true);
  });

  it('one voice per agency: a request for changes after an approval withdraws it, a later approval restores it', () => {
    const records = approveAll(EXCOM);
    records[3] = cast(records[3]!, 'UNHCR', 'requestChanges', 'Citer la Convention de 1951.');
    const state = clearanceState(1, EXCOM, records);
    assert.equal(state.validated, false);
    assert.deepEqual(state.changesRequested, ['UNHCR']);
    assert.equal(state.voices.get('UNHCR')?.comment, 'Citer la Convention de 1951.');
    records[3] = cast(records[3]!, 'UNHCR', 'approve');
    assert.equal(clearanceState(1, EXCOM, records).validated, true);
    assert.equal(records[3]!.history.length, 3, 'the history is kept');
  });

  it('a request for changes needs its comment; a non-ExCom agency has no voice', () => {
    const noComment = castClearance({ history: [] }, { agencyCode: 'UNHCR', position: 'requestChanges', castBy: { aadObjectId: 'x', name: 'x' }, castAt: new Date().toISOString(), eligible: true }, EXCOM);
    assert.deepEqual(noComment, { accepted: false, refusal: { code: 'commentRequired', position: 'requestChanges' } });
    const wfp = castClearance({ history: [] }, { agencyCode: 'WFP', position: 'approve', castBy: { aadObjectId: 'x', name: 'x' }, castAt: new Date().toISOString(), eligible: true }, EXCOM);
    assert.equal(wfp.accepted, false);
    // Even if stored, a non-ExCom voice never counts towards validation.
    assert.equal(clearanceState(1, EXCOM, [...approveAll(EXCOM.slice(0, 5)), { history: [{ agencyCode: 'WFP', position: 'approve', castBy: { aadObjectId: 'w', name: 'w' }, castAt: new Date().toISOString(), sequence: 1 }] }]).validated, false);
  });

  it('refuses a clearance of any version but the one in clearance', () => {
    const statement = { status: 'clearance', clearance: { version: 2 } };
    assert.equal(clearanceOpenFor(statement, 2), undefined);
    assert.equal(clearanceOpenFor(statement, 1), 'staleVersion');
    assert.equal(clearanceOpenFor({ status: 'drafting', clearance: { version: 2 } }, 2), 'notInClearance');
    assert.equal(clearanceOpenFor({ status: 'delivered', clearance: { version: 2 } }, 2), 'notInClearance');
  });
});

describe('statement card', () => {
  const renderer = new CardRenderer();
  const text = (card: object) => JSON.stringify(card);

  it('shows what changed from the previous version, each agency’s state and the reader’s own agency (FR)', () => {
    const card = renderer.render(cardTemplates.statement, sampleStatementCard('fr', 'Aminata Camara'));
    // Both language versions, labelled, each with its own changes.
    assert.match(text(card), /"Changements depuis la version 1\u202f:".*"Français\u202f: ",".{0,120}"text":"\+6 mots, −1 mot".*"Anglais\u202f: ",".{0,120}"text":"\+1 mot"/);
    assert.match(text(card), /"text":"Français".*Le Réseau salue l’adoption.*"text":"Anglais".*The Network welcomes the national migration plan\./);
    assert.match(text(card), /1\/6 agences ont approuvé/);
    assert.match(text(card), /"(HCR \(UNHCR\)|UNHCR)\u202f: ".*Demande des changements/);
    assert.match(text(card), /Votre agence \(UNHCR\)\u202f: ".*"Demande des changements/);
    assert.ok(parseAdaptiveCard(card).actions.some((action) => action.title === 'Envoyer la position de mon agence'));
  });

  it('in English, and the channel copy asks each reader for their own view (no inputs, a view action)', () => {
    const statement = sampleStatement('Aminata Camara');
    const state = clearanceState(2, statement.clearance!.excomAgencies, []);
    const channel = renderer.render(cardTemplates.statement, statementCardData(statement, state, { language: 'en', personal: false, canDraft: false, canClear: false, canDeliver: false, canNameDrafter: false }, 'gn'));
    assert.match(text(channel), /"Changes since version 1:".*"French: ",".{0,120}"text":"\+6 words, −1 word".*"English: ",".{0,120}"text":"\+1 word"/);
    assert.match(text(channel), /"text":"French".*Le Réseau salue.*"text":"English".*The Network welcomes/);
    assert.match(text(channel), /0\/6 agencies approved/);
    assert.ok(!text(channel).includes('Input.ChoiceSet'));
    assert.deepEqual(parseAdaptiveCard(channel).actions.map((action) => action.title), ['See my agency’s position']);
  });

  it('offers delivery to a co-chair only once every ExCom agency approved, and stays under 28 KB with full texts', () => {
    const long = 'mot '.repeat(1200).trim();
    const statement = { ...sampleStatement('Titre'), versions: sampleStatement('Titre').versions.map((version) => ({ ...version, text: { fr: long, en: long } })) };
    const viewer = { language: 'fr' as const, personal: true, agencyCode: 'IOM', canDraft: true, canClear: true, canDeliver: true, canNameDrafter: true, agencies: [{ title: 'OIM (IOM)', value: 'IOM' }] };
    const partial = renderer.render(cardTemplates.statement, statementCardData(statement, clearanceState(2, statement.clearance!.excomAgencies, approveAll(EXCOM.slice(0, 5))), viewer, 'gn'));
    assert.ok(!text(partial).includes('Publier la version'));
    const all = renderer.render(cardTemplates.statement, statementCardData(statement, clearanceState(2, statement.clearance!.excomAgencies, approveAll(EXCOM)), viewer, 'gn'));
    assert.match(text(all), /Publier la version 2 au nom du Réseau/);
    assert.deepEqual(parseAdaptiveCard(all).problems, []);
    assert.ok(Buffer.byteLength(text(all)) < TEAMS_CARD_MAX_BYTES);
  });
});
