/**
 * Sample data for the poll and decision cards, used by tests/unit/cards.spec.ts: every place
 * a card shows user text gets `userText`, so hostile text must show literally there.
 */
import { closeConfirmationCardData, decisionCardData, decisionFormCardData, pollCardData } from '../../../src/decisions/decision-cards';
import type { CommentDocument, DecisionDocument, PollAnswerDocument, PollDocument } from '../../../src/decisions/model';
import { pollResults } from '../../../src/decisions/poll-rules';
import type { Language } from '../../../src/i18n';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const person = (name: string) => ({ aadObjectId: '0c3a1f5e-1111-4222-8333-944455566677', name });

export function samplePollCard(language: Language, userText: string): object {
  const poll: PollDocument = {
    id: 'poll:p1',
    networkId: 'gn',
    type: 'poll',
    pollId: 'p1',
    question: userText,
    kind: 'timeSlots',
    options: [
      { id: 'o1', label: 'Mardi 10:00' },
      { id: 'o2', label: 'Jeudi 15:00' },
    ],
    anonymous: false,
    deadline: '2026-12-04T17:00:00.000Z',
    reminderOffsetsMinutes: [1440],
    remindersSent: [],
    delivery: 'shared',
    audience: [],
    status: 'open',
    createdBy: person('Secrétariat'),
    createdAt: '2026-12-01T08:00:00.000Z',
  };
  const answer: PollAnswerDocument = {
    id: 'poll-answer:p1:x',
    networkId: 'gn',
    type: 'pollAnswer',
    pollId: 'p1',
    aadObjectId: 'x',
    name: userText,
    agencyCode: 'IOM',
    choices: ['o1'],
    slots: { o1: 'yes', o2: 'ifNeedBe' },
    answeredAt: '2026-12-01T08:30:00.000Z',
    revision: 1,
  };
  return pollCardData(poll, pollResults(poll, [answer]), { language, personal: true, answer }, 'gn', NOW);
}

export function sampleDecisionCard(language: Language, userText: string): object {
  const { decision, comment } = sampleDecision(userText);
  return decisionCardData(decision, { latest: [comment], total: 1 }, { language, personal: true, agencyCode: 'IOM', canComment: true, canCast: true, canClose: true, seesComments: true }, 'gn');
}

/** The co-chair's "Close now?" card of the sample decision (the confirmation template). */
export function sampleCloseConfirmationCard(language: Language, userText: string): object {
  return closeConfirmationCardData(sampleDecision(userText).decision, 'noConsensus', language, 'gn');
}

function sampleDecision(userText: string): { decision: DecisionDocument; comment: CommentDocument } {
  const decision: DecisionDocument = {
    id: 'decision:d1',
    networkId: 'gn',
    type: 'decision',
    decisionId: 'd1',
    title: userText,
    text: { fr: userText },
    mode: 'consensus',
    phase: 'excom',
    deadline: '2026-12-15T17:00:00.000Z',
    reminderOffsetsMinutes: [2880, 1440],
    remindersSent: [],
    excomAgencies: ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'],
    record: {
      history: [
        { agencyCode: 'UNHCR', position: 'object', comment: userText, castBy: person(userText), castAt: '2026-12-01T08:00:00.000Z', sequence: 1 },
        { agencyCode: 'IOM', position: 'agree', castBy: person('Fatoumata Bah'), castAt: '2026-12-01T08:10:00.000Z', sequence: 2 },
      ],
    },
    createdBy: person('RC'),
    createdAt: '2026-11-30T08:00:00.000Z',
    extensions: [],
  };
  const comment: CommentDocument = {
    id: 'decision-comment:d1:c1',
    networkId: 'gn',
    type: 'decisionComment',
    decisionId: 'd1',
    agencyCode: 'WFP',
    author: person(userText),
    text: userText,
    at: '2026-11-30T10:00:00.000Z',
  };
  return { decision, comment };
}

export function sampleDecisionFormCard(language: Language): object {
  return decisionFormCardData(language, 'gn');
}
