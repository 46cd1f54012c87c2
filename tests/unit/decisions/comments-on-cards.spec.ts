/**
 * A consultation's comments on the ExCom card: how many there are and the latest few, each
 * shortened — a card stays under Teams' 28 KB whatever the turnout, and the turn that renders
 * it reads a bounded number of comments (the repository's latestComments, on both adapters).
 */
import assert from 'node:assert/strict';
import { CardRenderer, TEAMS_CARD_MAX_BYTES } from '../../../src/cards/card-renderer';
import { cardTemplates } from '../../../src/cards/templates';
import { decisionCardData } from '../../../src/decisions/decision-cards';
import { DecisionsRepository } from '../../../src/decisions/decisions-repository';
import { CARD_COMMENTS, commentDocumentId, type CommentDocument, type DecisionDocument } from '../../../src/decisions/model';
import type { DocumentStore } from '../../../src/store/document-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';

const AGENCIES = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC', 'WFP', 'FAO'];
const person = (name: string) => ({ aadObjectId: '0c3a1f5e-1111-4222-8333-944455566677', name });

const decision: DecisionDocument = {
  id: 'decision:d1',
  networkId: 'gn',
  type: 'decision',
  decisionId: 'd1',
  title: 'Plan de travail 2026',
  // The longest text a decision may have.
  text: { fr: 'Le Réseau adopte son plan de travail. '.repeat(210).slice(0, 8000) },
  mode: 'consensus',
  phase: 'excom',
  consultationDeadline: '2026-12-10T17:00:00.000Z',
  deadline: '2026-12-15T17:00:00.000Z',
  reminderOffsetsMinutes: [1440],
  remindersSent: [],
  excomAgencies: AGENCIES.slice(0, 6),
  createdBy: person('RC'),
  createdAt: '2026-11-30T08:00:00.000Z',
  extensions: [],
};

function comment(index: number, length = 2000): CommentDocument {
  const text = `Avis ${index} : ${'préciser le calendrier et le budget de chaque activité. '.repeat(40)}`.slice(0, length);
  return {
    id: commentDocumentId('d1', `c${String(index).padStart(3, '0')}`),
    networkId: 'gn',
    type: 'decisionComment',
    decisionId: 'd1',
    agencyCode: AGENCIES[index % AGENCIES.length]!,
    author: person(`Représentant ${index}`),
    text,
    at: new Date(Date.parse('2026-12-01T08:00:00.000Z') + index * 60_000).toISOString(),
  };
}

const runs = (card: unknown): string[] => {
  if (Array.isArray(card)) return card.flatMap(runs);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  return node.type === 'TextRun' && typeof node.text === 'string' ? [node.text] : Object.values(node).flatMap(runs);
};

describe('decisions: consultation comments on the ExCom card', () => {
  const viewer = { language: 'fr' as const, personal: true, agencyCode: 'IOM', canComment: false, canCast: true, canClose: true, seesComments: true };

  it('shows how many there are, the latest few by agency, each shortened — under 28 KB with the longest text and 40 comments of 2,000 characters', () => {
    const all = Array.from({ length: 40 }, (_, index) => comment(index));
    const latest = all.slice(-CARD_COMMENTS);
    const card = new CardRenderer().render(cardTemplates.decision, decisionCardData(decision, { latest, total: all.length }, viewer, 'gn'));
    const text = runs(card).join('\n');
    assert.match(text, /Avis reçus \(40\), par agence/);
    assert.match(text, new RegExp(`Les ${CARD_COMMENTS} plus récents`));
    for (const shown of latest) assert.ok(text.includes(`Avis ${shown.text.slice(5, 7)}`), `comment ${shown.id} is on the card`);
    assert.ok(!text.includes('Avis 0 :'), 'an older comment is not');
    const commentRuns = runs(card).filter((run) => /^Avis \d/.test(run));
    assert.equal(commentRuns.length, CARD_COMMENTS);
    for (const run of commentRuns) {
      assert.ok(run.length <= 501, `a comment is shortened on the card (${run.length} characters)`);
      assert.ok(run.endsWith('…'));
    }
    const bytes = Buffer.byteLength(JSON.stringify(card));
    assert.ok(bytes < TEAMS_CARD_MAX_BYTES, `the card is ${bytes} bytes`);
  });

  it('shows a short comment whole, and no "latest" line when all are shown', () => {
    const few = [comment(1, 40), comment(2, 40)];
    const text = runs(new CardRenderer().render(cardTemplates.decision, decisionCardData(decision, { latest: few, total: 2 }, viewer, 'gn'))).join('\n');
    assert.match(text, /Avis reçus \(2\)/);
    assert.doesNotMatch(text, /plus récents/);
    for (const shown of few) assert.ok(text.includes(shown.text));
  });

  describe('the repository reads a bounded number of them', () => {
    for (const adapter of storeAdaptersUnderTest()) {
      it(`on ${adapter.name}: the latest ${CARD_COMMENTS} oldest first and the count, then all of them for the tab`, async () => {
        const store: DocumentStore = await adapter.open();
        try {
          const repository = new DecisionsRepository(store);
          assert.deepEqual(await repository.latestComments('gn', 'd1', CARD_COMMENTS), { latest: [], total: 0 });
          for (let index = 0; index < 3; index += 1) await repository.addComment(comment(index, 30));
          const few = await repository.latestComments('gn', 'd1', CARD_COMMENTS);
          assert.deepEqual([few.total, few.latest.map((entry) => entry.id)], [3, [0, 1, 2].map((index) => comment(index).id)]);
          for (let index = 3; index < 25; index += 1) await repository.addComment(comment(index, 30));
          await repository.addComment({ ...comment(99, 30), decisionId: 'another' });
          const many = await repository.latestComments('gn', 'd1', CARD_COMMENTS);
          assert.equal(many.total, 25);
          assert.deepEqual(many.latest.map((entry) => entry.id), Array.from({ length: CARD_COMMENTS }, (_, offset) => comment(25 - CARD_COMMENTS + offset).id));
          assert.equal((await repository.comments('gn', 'd1')).length, 25);
        } finally {
          await adapter.close(store);
        }
      });
    }
  });
});
