/**
 * Statement cards name people only to confirmed members, in their own (refreshed) view: the
 * channel copy, read by everyone in the channel, and a pending reader's view name agencies
 * only — as the statement API does (statement-views.ts).
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import { cardTemplates } from '../../../src/cards/templates';
import { statementCardData, type StatementViewer } from '../../../src/statements/statement-cards';
import { clearanceState } from '../../../src/statements/statement-rules';
import { readsNames } from '../../../src/statements/statement-views';
import { sampleStatement } from './card-samples';

const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];
const NAMES = ['Ibrahima Requérant', 'Aminata Rédactrice', 'Fatou Représentante'];

function statementWithNames() {
  const base = sampleStatement('Déclaration conjointe');
  const drafter = { aadObjectId: 'drafter', name: 'Aminata Rédactrice' };
  return {
    ...base,
    requestedBy: { aadObjectId: 'requester', name: 'Ibrahima Requérant', agencyCode: 'WFP' },
    versions: base.versions.map((version) => ({ ...version, createdBy: drafter })),
    clearance: { ...base.clearance!, submittedBy: drafter },
  };
}
const state = clearanceState(2, EXCOM, [
  { history: [{ agencyCode: 'UNHCR', position: 'approve', castBy: { aadObjectId: 'rep', name: 'Fatou Représentante' }, castAt: '2026-03-02T12:00:00.000Z', sequence: 1 }] },
]);
const base: StatementViewer = { language: 'fr', personal: true, agencyCode: 'UNHCR', canDraft: false, canClear: false, canDeliver: false, canNameDrafter: false };
const renderer = new CardRenderer();
const card = (viewer: StatementViewer) => JSON.stringify(renderer.render(cardTemplates.statement, statementCardData(statementWithNames(), state, viewer, 'gn')));

describe('statement card: names only for confirmed members', () => {
  it('a confirmed member’s own view names the requester, the drafter and who cleared for their agency', () => {
    const text = card({ ...base, seesNames: true });
    for (const name of NAMES) assert.ok(text.includes(name), name);
    assert.match(text, /Ibrahima Requérant \(WFP\)/);
  });

  it('a pending reader’s own view names nobody: agencies, dates and positions only', () => {
    for (const viewer of [{ ...base, seesNames: false }, base]) {
      const text = card(viewer);
      for (const name of NAMES) assert.ok(!text.includes(name), name);
      assert.match(text, /"WFP"/, 'the requesting agency');
      assert.match(text, /Votre agence \(UNHCR\)/);
      assert.match(text, /Approuve/);
    }
  });

  it('the channel copy names nobody, whatever the viewer says', () => {
    for (const seesNames of [true, false, undefined]) {
      const text = card({ ...base, personal: false, ...(seesNames === undefined ? {} : { seesNames }) });
      for (const name of NAMES) assert.ok(!text.includes(name), `${name} (${String(seesNames)})`);
      assert.match(text, /"UNHCR\u202f: "/, 'clearances by agency');
    }
  });

  it('decides from roles as the API does: confirmed roles read names, pending does not', () => {
    assert.equal(readsNames({ roles: new Set(['pending']) }), false);
    assert.equal(readsNames({ roles: new Set() }), false);
    assert.equal(readsNames({ roles: new Set(['member']) }), true);
  });
});

describe('statement card: the draft text before delivery', () => {
  const draft = () => {
    const statement = statementWithNames();
    return statement.versions.find((version) => version.number === statement.clearance.version)?.text.fr ?? '';
  };

  it('is read by ExCom on the channel copy and by a confirmed member in their own view', () => {
    assert.ok(draft().length > 20, 'sanity: the sample has a text');
    const firstWords = draft().slice(0, 20);
    assert.ok(card({ ...base, personal: false }).includes(firstWords), 'the channel copy');
    assert.ok(card({ ...base, seesNames: true }).includes(firstWords), 'a confirmed member');
  });

  it('is withheld from a pending reader’s own view, which says why', () => {
    const text = card({ ...base, seesNames: false });
    assert.ok(!text.includes(draft().slice(0, 20)), 'no draft text');
    assert.match(text, /réservé aux membres confirmés/);
  });
});
