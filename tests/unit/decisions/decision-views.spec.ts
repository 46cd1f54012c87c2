/**
 * The reader's views of polls and decisions (src/decisions/decision-views.ts) and the poll card
 * in every variant: what each role reads, and that an anonymous poll names nobody to anyone.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import { tabLink } from '../../../src/cards/tab-links';
import { cardTemplates } from '../../../src/cards/templates';
import { pollCardData, decisionCardData } from '../../../src/decisions/decision-cards';
import { decisionReaderView, decisionSummaryView, pollListItemView, pollReaderView, type Reader } from '../../../src/decisions/decision-views';
import type { Voice } from '../../../src/agency-voices/voice-rules';
import type { Position } from '../../../src/decisions/consensus-rules';
import { embeddedRecords, representativeRole } from '../../../src/decisions/decision-rules';
import type { CommentDocument, DecisionDocument, PollAnswerDocument, PollDocument } from '../../../src/decisions/model';
import { pollResults } from '../../../src/decisions/poll-rules';
import type { NetworkRole } from '../../../src/network/roles';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const reader = (roles: NetworkRole[], agencyCode = 'UNICEF'): Reader => ({ roles: new Set(roles), agencyCode });
const PENDING = reader(['pending']);
const MEMBER = reader(['member'], 'WFP');
const COCHAIR = reader(['member', 'focalPoint', 'excomRepresentative', 'coChair'], 'IOM');
const ALL_READERS = { pending: PENDING, member: MEMBER, coChair: COCHAIR };

const poll = (overrides: Partial<PollDocument> = {}): PollDocument => ({
  id: 'poll:p1',
  networkId: 'gn',
  type: 'poll',
  pollId: 'p1',
  question: 'Lieu de l’atelier ?',
  kind: 'single',
  options: [
    { id: 'o1', label: 'Conakry' },
    { id: 'o2', label: 'Kankan' },
  ],
  anonymous: false,
  deadline: '2026-03-05T17:00:00.000Z',
  reminderOffsetsMinutes: [1440],
  remindersSent: [],
  delivery: 'shared',
  conversationId: '19:chat@thread.v2',
  audience: [
    { aadObjectId: 'a-voter-1', tenantId: 'tenant-1', userId: '29:voter-1', name: 'Awa Diallo', language: 'fr' },
    { aadObjectId: 'a-voter-2', tenantId: 'tenant-1', userId: '29:voter-2', name: 'Mamadou Barry', language: 'fr' },
    { aadObjectId: 'a-author', tenantId: 'tenant-1', name: 'Coordonnatrice', language: 'fr' },
  ],
  status: 'open',
  createdBy: { aadObjectId: 'a-author', name: 'Coordonnatrice' },
  createdAt: '2026-03-01T08:00:00.000Z',
  dueAt: '2026-03-04T17:00:00.000Z',
  ...overrides,
});
const answer = (aadObjectId: string, name: string, agencyCode: string, choice: string): PollAnswerDocument => ({
  id: `poll-answer:p1:${aadObjectId}`,
  networkId: 'gn',
  type: 'pollAnswer',
  pollId: 'p1',
  aadObjectId,
  name,
  agencyCode,
  choices: [choice],
  answeredAt: '2026-03-01T09:00:00.000Z',
  revision: 1,
});
const ANSWERS = [answer('a-voter-1', 'Awa Diallo', 'UNHCR', 'o1'), answer('a-voter-2', 'Mamadou Barry', 'UNODC', 'o2')];
/** What must never reach anyone about an anonymous poll's voters, nor any raw document field. */
const VOTER_TRACES = ['Awa Diallo', 'Mamadou Barry', 'UNHCR', 'UNODC', 'a-voter-1', 'a-voter-2', '29:voter'];
const RAW_FIELDS = ['"etag"', '"networkId"', '"type"', '"audience"', '"dueAt"', '"tenantId"', 'poll:p1'];

describe('poll views', () => {
  it('an anonymous poll: counts per option only, for every reader including the co-chair who created it', () => {
    const anonymous = poll({ anonymous: true });
    for (const [role, who] of Object.entries(ALL_READERS)) {
      const view = pollReaderView(anonymous, pollResults(anonymous, ANSWERS), who, NOW);
      const json = JSON.stringify(view);
      for (const trace of [...VOTER_TRACES, ...RAW_FIELDS]) assert.ok(!json.includes(trace), `${role} reads ${trace} in ${json}`);
      assert.deepEqual(view.results.options.map((option) => option.count), [1, 1]);
      assert.equal(view.results.respondents, 2);
      assert.equal(view.results.agencies, undefined);
      assert.equal(view.poll.anonymous, true);
      assert.equal(view.poll.audienceSize, 3);
    }
  });

  it('a named poll: confirmed members read names and agencies; a pending reader reads counts by agency, no name', () => {
    const named = poll();
    const forMember = pollReaderView(named, pollResults(named, ANSWERS), MEMBER, NOW);
    assert.deepEqual(forMember.results.options[0]?.names, ['Awa Diallo']);
    assert.deepEqual(forMember.results.options[0]?.byAgency, { UNHCR: 1 });
    assert.equal(forMember.poll.createdBy, 'Coordonnatrice');

    const forPending = pollReaderView(named, pollResults(named, ANSWERS), PENDING, NOW);
    const json = JSON.stringify(forPending);
    for (const trace of ['Awa Diallo', 'Mamadou Barry', 'Coordonnatrice', 'a-voter-1', '29:voter', ...RAW_FIELDS]) assert.ok(!json.includes(trace), `pending reads ${trace}`);
    assert.deepEqual(forPending.results.options[0]?.byAgency, { UNHCR: 1 });
    assert.equal(forPending.results.options[0]?.names, undefined);
  });

  it('the reader reads their own answer, and the poll closes in the view at the deadline', () => {
    const own = ANSWERS[0]!;
    const view = pollReaderView(poll({ anonymous: true }), pollResults(poll(), ANSWERS), MEMBER, new Date('2026-03-06T00:00:00Z'), own);
    assert.deepEqual(view.yourAnswer, { choices: ['o1'] });
    assert.equal(view.poll.status, 'closed');
  });

  it('the Polls page’s list: the poll and the reader’s own answer only — no results, no voter, no audience, no stored field', () => {
    const own = ANSWERS[0]!;
    const item = pollListItemView(poll({ anonymous: true }), MEMBER, NOW, own);
    assert.deepEqual(item.yourAnswer, { choices: ['o1'] });
    assert.equal(pollListItemView(poll(), MEMBER, NOW).yourAnswer, undefined);
    const json = JSON.stringify(item);
    for (const trace of [...VOTER_TRACES, ...RAW_FIELDS, '"tallyShards"', '"results"']) assert.ok(!json.includes(trace), trace);
  });

  describe('the anonymous poll card, every variant, leaks no voter', () => {
    const renderer = new CardRenderer();
    const anonymous = (status: 'open' | 'closed') => poll({ anonymous: true, status, kind: 'single' });
    const slotPoll = poll({
      anonymous: true,
      kind: 'timeSlots',
      options: [
        { id: 'o1', label: 'Mardi', start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' },
        { id: 'o2', label: 'Jeudi', start: '2026-03-12T10:00:00.000Z', end: '2026-03-12T12:00:00.000Z' },
      ],
    });
    const slotAnswers = ANSWERS.map((entry, index) => ({ ...entry, choices: ['o1'], slots: { o1: 'yes' as const, o2: index === 0 ? ('ifNeedBe' as const) : ('no' as const) } }));
    const variants: [string, PollDocument, readonly PollAnswerDocument[], Parameters<typeof pollCardData>[2]][] = [
      ['the voter’s own view', anonymous('open'), ANSWERS, { language: 'fr', personal: true, answer: ANSWERS[0]! }],
      ['the shared copy in the chat', anonymous('open'), ANSWERS, { language: 'fr', personal: false }],
      ['the closed card', anonymous('closed'), ANSWERS, { language: 'en', personal: false }],
      ['a non-voter’s own view (the author, a co-chair)', anonymous('open'), ANSWERS, { language: 'fr', personal: true }],
      ['a time-slot poll, closed', { ...slotPoll, status: 'closed' }, slotAnswers, { language: 'fr', personal: false }],
    ];
    for (const [name, document, answers, viewer] of variants) {
      it(name, () => {
        const card = renderer.render(cardTemplates.poll, pollCardData(document, pollResults(document, answers), viewer, 'gn', NOW, tabLink({ publicUrl: () => 'https://reseau.example' })));
        const json = JSON.stringify(card);
        // The voter's own answer is theirs to see; nobody else's name or agency is on the card.
        for (const trace of VOTER_TRACES) assert.ok(!json.includes(trace), `${name}: ${trace} in ${json}`);
        assert.match(json, /anonyme|anonymous/, 'the card says it is anonymous');
      });
    }
  });
});

describe('decision views', () => {
  const decision: DecisionDocument = {
    id: 'decision:d1',
    networkId: 'gn',
    type: 'decision',
    decisionId: 'd1',
    title: 'Plan de travail 2026',
    text: { fr: 'Le Réseau adopte son plan de travail.' },
    mode: 'consensus',
    phase: 'excom',
    deadline: '2026-03-05T17:00:00.000Z',
    reminderOffsetsMinutes: [2880],
    remindersSent: [],
    excomAgencies: ['IOM', 'UNHCR', 'UNICEF'],
    record: {
      history: [
        { agencyCode: 'UNICEF', position: 'object', comment: 'Budget', castBy: { aadObjectId: 'a-fp-unicef', name: 'Point focal UNICEF' }, castAt: '2026-03-02T08:00:00.000Z', sequence: 1, requestId: 'req-1' },
        { agencyCode: 'UNICEF', position: 'agreeWithReservations', comment: 'Réserve', castBy: { aadObjectId: 'a-alt-unicef', name: 'Suppléante UNICEF' }, castAt: '2026-03-02T08:30:00.000Z', sequence: 2 },
        { agencyCode: 'IOM', position: 'agree', castBy: { aadObjectId: 'a-fp-iom', name: 'Point focal OIM' }, castAt: '2026-03-02T08:40:00.000Z', sequence: 3 },
      ],
    },
    createdBy: { aadObjectId: 'a-rc', name: 'Coordonnatrice' },
    createdAt: '2026-03-01T08:00:00.000Z',
    extensions: [{ by: 'a-rc', at: '2026-03-01T10:00:00.000Z', from: '2026-03-04T17:00:00.000Z', to: '2026-03-05T17:00:00.000Z' }],
    dueAt: '2026-03-03T17:00:00.000Z',
  };
  const comments: CommentDocument[] = [
    { id: 'decision-comment:d1:c1', networkId: 'gn', type: 'decisionComment', decisionId: 'd1', agencyCode: 'WFP', author: { aadObjectId: 'a-wfp', name: 'Ibrahima Sylla' }, text: 'Avis du PAM', at: '2026-03-01T09:00:00.000Z' },
  ];
  const NAMES = ['Point focal UNICEF', 'Suppléante UNICEF', 'Point focal OIM', 'Coordonnatrice', 'Ibrahima Sylla'];
  const IDS = ['a-fp-unicef', 'a-alt-unicef', 'a-fp-iom', 'a-rc', 'a-wfp', 'req-1'];

  it('a pending reader: positions by agency, reservations, deadlines and outcome — no name, no object id, no comment text', () => {
    const view = decisionReaderView(decision, comments, PENDING);
    const json = JSON.stringify(view);
    for (const trace of [...NAMES, ...IDS, 'Avis du PAM', '"etag"', '"networkId"', '"type"', '"record"', '"dueAt"', 'decision:d1']) assert.ok(!json.includes(trace), `pending reads ${trace}`);
    assert.deepEqual(view.decision.tally.byPosition.agreeWithReservations, ['UNICEF']);
    assert.deepEqual(view.decision.positions.map((entry) => [entry.agencyCode, entry.position, entry.comment]), [
      ['IOM', 'agree', undefined],
      ['UNICEF', 'agreeWithReservations', 'Réserve'],
    ]);
    assert.deepEqual(view.decision.tally.pending, ['UNHCR']);
    assert.equal(view.commentCount, 1);
    assert.equal(view.comments, undefined);
  });

  it('a confirmed member reads who cast each position, not the comments; ExCom and co-chairs read the comments', () => {
    const forMember = decisionReaderView(decision, comments, MEMBER);
    assert.equal(forMember.decision.positions.find((entry) => entry.agencyCode === 'UNICEF')?.castBy, 'Suppléante UNICEF');
    assert.equal(forMember.comments, undefined);
    const forCoChair = decisionReaderView(decision, comments, COCHAIR);
    assert.deepEqual(forCoChair.comments, [{ agencyCode: 'WFP', author: 'Ibrahima Sylla', text: 'Avis du PAM', at: '2026-03-01T09:00:00.000Z' }]);
    for (const trace of [...IDS, '"etag"', '"networkId"']) assert.ok(!JSON.stringify(forCoChair).includes(trace), `co-chair reads ${trace}`);
  });

  describe('each agency’s history on the decision’s page', () => {
    const history = (view: ReturnType<typeof decisionReaderView>, agency: string) => view.decision.positions.find((entry) => entry.agencyCode === agency)?.history;

    it('a decision from before the records (history embedded): UNICEF’s two positions newest first, the latest current, the earlier replaced', () => {
      const view = decisionReaderView(decision, comments, MEMBER, embeddedRecords(decision));
      assert.deepEqual(history(view, 'UNICEF'), [
        { position: 'agreeWithReservations', comment: 'Réserve', castAt: '2026-03-02T08:30:00.000Z', castBy: 'Suppléante UNICEF', status: 'current' },
        { position: 'object', comment: 'Budget', castAt: '2026-03-02T08:00:00.000Z', castBy: 'Point focal UNICEF', status: 'replaced' },
      ]);
      assert.deepEqual(history(view, 'IOM')?.map((entry) => [entry.position, entry.status]), [['agree', 'current']]);
      assert.equal(view.decision.positions.some((entry) => entry.agencyCode === 'UNHCR'), false, 'an agency that has not answered has no history');
    });

    // The decision as stored since the records: a summary of current voices; each agency's history in its own record.
    const voice = (agencyCode: string, position: Position, castAt: string, sequence: number, castBy: Voice<Position>['castBy'], comment?: string): Voice<Position> => ({
      agencyCode,
      position,
      castBy,
      castAt,
      sequence,
      requestId: `req-${agencyCode}-${sequence}`,
      ...(comment ? { comment } : {}),
    });
    const fatou = { aadObjectId: 'a-fp-unhcr', name: 'Fatou Bangoura', agencyRole: 'focalPoint' as const };
    const moussa = { aadObjectId: 'a-alt-unhcr', name: 'Moussa Keita', agencyRole: 'alternate' as const };
    const unhcr = [
      voice('UNHCR', 'object', '2026-03-02T08:00:00.000Z', 1, fatou, 'Pas de budget'),
      voice('UNHCR', 'agreeWithReservations', '2026-03-02T10:00:00.000Z', 2, moussa, 'Sous réserve du budget'),
      // Received in the same millisecond as the one before: the sequence decides which counts.
      voice('UNHCR', 'agree', '2026-03-02T10:00:00.000Z', 3, fatou),
    ];
    const { record: _embedded, ...withoutRecord } = decision;
    const current: DecisionDocument = { ...withoutRecord, agencyVoices: { round: 1, revision: 3, voices: [unhcr[2]!] } };
    const records = new Map([['UNHCR', { history: unhcr }]]);

    it('from the agencies’ records: every voice with who cast it and in what capacity, the one that counts first and marked current', () => {
      const view = decisionReaderView(current, [], MEMBER, records);
      assert.deepEqual(history(view, 'UNHCR'), [
        { position: 'agree', castAt: '2026-03-02T10:00:00.000Z', castBy: 'Fatou Bangoura', castByRole: 'focalPoint', status: 'current' },
        { position: 'agreeWithReservations', comment: 'Sous réserve du budget', castAt: '2026-03-02T10:00:00.000Z', castBy: 'Moussa Keita', castByRole: 'alternate', status: 'replaced' },
        { position: 'object', comment: 'Pas de budget', castAt: '2026-03-02T08:00:00.000Z', castBy: 'Fatou Bangoura', castByRole: 'focalPoint', status: 'replaced' },
      ]);
      assert.equal(view.decision.positions[0]?.position, 'agree', 'the position shown is the current one of the history');
      for (const trace of ['a-fp-unhcr', 'a-alt-unhcr', 'req-UNHCR', '"sequence"', '"requestId"', '"aadObjectId"']) assert.ok(!JSON.stringify(view).includes(trace), `member reads ${trace}`);
    });

    it('a pending reader reads the history’s positions, comments and times, never who cast them nor their capacity', () => {
      const view = decisionReaderView(current, [], PENDING, records);
      assert.deepEqual(history(view, 'UNHCR'), [
        { position: 'agree', castAt: '2026-03-02T10:00:00.000Z', status: 'current' },
        { position: 'agreeWithReservations', comment: 'Sous réserve du budget', castAt: '2026-03-02T10:00:00.000Z', status: 'replaced' },
        { position: 'object', comment: 'Pas de budget', castAt: '2026-03-02T08:00:00.000Z', status: 'replaced' },
      ]);
      const json = JSON.stringify(decisionReaderView(decision, comments, PENDING, embeddedRecords(decision)));
      for (const trace of [...NAMES, ...IDS, 'focalPoint', 'alternate', 'castBy']) assert.ok(!json.includes(trace), `pending reads ${trace}`);
    });

    it('without records (what a change answers) there is no history; a record not found yet gives the summary’s voice alone', () => {
      assert.equal(history(decisionReaderView(current, [], MEMBER), 'UNHCR'), undefined);
      assert.deepEqual(history(decisionReaderView(current, [], MEMBER, new Map()), 'UNHCR'), [{ position: 'agree', castAt: '2026-03-02T10:00:00.000Z', castBy: 'Fatou Bangoura', status: 'current' }]);
    });

    it('the capacity kept with a voice: focal point, alternate, or none for someone who represents no agency', () => {
      assert.equal(representativeRole({ roles: new Set(['member', 'focalPoint', 'excomRepresentative', 'coChair']) }), 'focalPoint');
      assert.equal(representativeRole({ roles: new Set(['member', 'alternate', 'excomRepresentative']) }), 'alternate');
      assert.equal(representativeRole({ roles: new Set(['member', 'secretariat']) }), undefined);
    });
  });

  it('the register lists summaries', () => {
    assert.deepEqual(decisionSummaryView(decision), { decisionId: 'd1', title: 'Plan de travail 2026', mode: 'consensus', phase: 'excom', deadline: '2026-03-05T17:00:00.000Z', answered: 2, excomAgencies: 3 });
  });

  it('the decision card names who cast the agency’s position only for readers who read names', () => {
    const viewer = { language: 'fr' as const, personal: true, agencyCode: 'UNICEF', canComment: false, canCast: false, canClose: false, seesComments: false };
    assert.ok(!JSON.stringify(decisionCardData(decision, { latest: comments, total: comments.length }, viewer, 'gn')).includes('Suppléante UNICEF'));
    assert.ok(JSON.stringify(decisionCardData(decision, { latest: comments, total: comments.length }, { ...viewer, seesNames: true }, 'gn')).includes('Suppléante UNICEF'));
  });
});
