import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CardRenderer, TEAMS_CARD_MAX_BYTES, type AdaptiveCardJson } from '../../src/cards/card-renderer';
import { tabLink } from '../../src/cards/tab-links';
import { cardTemplates, type CardName } from '../../src/cards/templates';
import { networkChoiceCardData } from '../../src/network-routing/network-choice-card';
import { helpCardData, welcomeCardData } from '../../src/bot/welcome-help-cards';
import { LANGUAGES, type Language } from '../../src/i18n';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import { GUINEA_DEFAULT_AGENCIES } from '../../src/network/default-directory';
import { buildMemberList } from '../../src/network/member-list';
import { confirmRequestCardData, joinCardData, memberListCardData } from '../../src/network/membership-cards';
import type { MemberDocument } from '../../src/network/model';
import { meetingCardData } from '../../src/meetings/meeting-cards';
import { sampleCloseConfirmationCard, sampleDecisionCard, sampleDecisionFormCard, samplePollCard } from './decisions/card-samples';
import { pollCardData } from '../../src/decisions/decision-cards';
import type { PollAnswerDocument, PollDocument } from '../../src/decisions/model';
import { pollResults } from '../../src/decisions/poll-rules';
import { AMINATA, MOUSSA, meeting as sampleMeeting } from './meetings/meeting-fixture';
import { sampleStatementCard, sampleStatementFormCard } from './statements/card-samples';
import { sampleDigestCard, sampleReportSummaryCard, sampleUpdateCard, sampleUpdateFormCard } from './updates/card-samples';
import { sampleActionItemCard, samplePlanSummaryCard, sampleReportCard } from './workplan/card-samples';
import { groupReviewCardData } from '../../src/group-reviews/review-cards';

/** A pending member whose name is the given user text, for the membership cards. */
const sampleMember = (name: string): MemberDocument => ({
  id: 'member:0c3a1f5e-1111-4222-8333-944455566677',
  networkId: 'gn',
  type: 'member',
  aadObjectId: '0c3a1f5e-1111-4222-8333-944455566677',
  tenantId: '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f',
  name,
  email: 'aminata.camara@iom.int',
  agencyCode: 'IOM',
  agencyRole: 'focalPoint',
  status: 'pending',
  language: 'fr',
  joinedAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});
const IOM = GUINEA_DEFAULT_AGENCIES.find((agency) => agency.code === 'IOM')!;

/** Text a member could type or be named: template syntax, Markdown and HTML must all show as typed. */
const HOSTILE_TEXT = '${title} **gras** _it_ [lien](https://evil.example) <b>html</b> &amp; {name} ${1+1}';

/** Sample data for every card, given the user text to place wherever the card shows user text. */
const samples: Record<CardName, (language: Language, userText: string) => object> = {
  welcome: (language, userText) => welcomeCardData(language, 'personal', userText),
  help: (language) => helpCardData(language),
  membershipJoin: (language, userText) =>
    joinCardData(language, { name: userText, agencies: GUINEA_DEFAULT_AGENCIES, suggestedAgency: 'IOM', networkId: 'gn' }),
  membershipNotice: (language, userText) => confirmRequestCardData(language, sampleMember(userText), IOM, 'gn'),
  memberList: (language, userText) =>
    memberListCardData(
      language,
      buildMemberList(GUINEA_DEFAULT_AGENCIES, [{ ...sampleMember(userText), status: 'confirmed' }], ['RCO', 'IOM', 'UNDP'], new Date('2026-03-02T00:00:00Z')),
      { canSend: true, networkId: 'gn' },
    ),
  meetingCard: (language, userText) =>
    meetingCardData(
      language,
      sampleMeeting({
        title: userText,
        agenda: [{ title: userText, agencyCode: 'IOM' }],
        location: { kind: 'other', details: userText },
        rsvps: { [AMINATA.aadObjectId]: { response: 'inPerson', at: '2026-03-02T00:00:00Z', history: [] } },
      }),
      { kind: 'convocation', networkId: 'gn', agencies: GUINEA_DEFAULT_AGENCIES, icsUrl: 'https://reseau.example.org/meetings/gn/x.ics', reader: { aadObjectId: AMINATA.aadObjectId, colleagues: [MOUSSA] } },
    ),
  poll: samplePollCard,
  decision: sampleDecisionCard,
  decisionForm: (language) => sampleDecisionFormCard(language),
  update: sampleUpdateCard,
  updateForm: sampleUpdateFormCard,
  digest: sampleDigestCard,
  reportSummary: sampleReportSummaryCard,
  statement: sampleStatementCard,
  statementForm: (language) => sampleStatementFormCard(language),
  workplanReport: (language, userText) => sampleReportCard(language, userText),
  actionItem: (language, userText) => sampleActionItemCard(language, userText),
  workplanSummary: (language, userText) => samplePlanSummaryCard(language, userText),
  groupReview: (language, userText) =>
    groupReviewCardData(
      {
        networkId: 'gn',
        group: {
          id: 'working-group:g1',
          networkId: 'gn',
          type: 'workingGroup',
          groupId: 'g1',
          name: userText,
          objective: 'Harmoniser les données',
          memberIds: ['a'],
          externalPartners: [],
          chairId: 'a',
          reviewDate: '2026-06-30',
          reviewState: 'consultation',
          review: { reviewDate: '2026-06-30', openedAt: '2026-06-30T06:00:00.000Z', openedBy: 'scheduler' },
          createdBy: 'a',
          createdAt: '2025-06-01T00:00:00.000Z',
          updatedAt: '2026-06-30T06:00:00.000Z',
        },
        own: { position: 'change', text: userText },
        mayComment: true,
      },
      language,
    ),
  confirmation: sampleCloseConfirmationCard,
  networkChoice: (language) => networkChoiceCardData(language, ['gn', 'sn']),
};

/** Cards that show user text, and so must show the hostile text literally in a TextRun. */
const cardsWithUserText: readonly CardName[] = ['welcome', 'membershipJoin', 'membershipNotice', 'memberList', 'meetingCard', 'poll', 'decision', 'update', 'digest', 'statement', 'workplanReport', 'actionItem', 'groupReview', 'confirmation'];

describe('card templates', () => {
  const renderer = new CardRenderer();
  const templateFiles = readdirSync(path.resolve(__dirname, '../../adaptiveCards')).filter((file) => file.endsWith('.json'));

  it('registers every template file of adaptiveCards/ (and nothing else)', () => {
    assert.deepEqual(
      templateFiles.map((file) => file.replace(/\.json$/, '')).sort(),
      Object.keys(cardTemplates).sort(),
    );
  });

  for (const name of Object.keys(cardTemplates) as CardName[]) {
    for (const language of LANGUAGES) {
      describe(`${name} (${language})`, () => {
        const card: AdaptiveCardJson = renderer.render(cardTemplates[name], samples[name](language, 'Aminata Camara'));

        it('parses as Adaptive Card 1.5 with no unknown elements or invalid values', () => {
          const parsed = parseAdaptiveCard(card);
          assert.equal(parsed.version, '1.5');
          assert.deepEqual(parsed.problems, []);
        });

        it(`stays under Teams' 28 KB card limit`, () => {
          assert.ok(Buffer.byteLength(JSON.stringify(card)) < TEAMS_CARD_MAX_BYTES);
        });

        it('leaves no template expression unresolved and no string empty', () => {
          const json = JSON.stringify(card);
          assert.ok(!json.includes('${'), `unresolved expression in ${json}`);
          assert.ok(!/"(text|title)":""/.test(json), `empty text in ${json}`);
        });

        it('binds strings of its own language', () => {
          const other = renderer.render(cardTemplates[name], samples[name](language === 'fr' ? 'en' : 'fr', 'Aminata Camara'));
          assert.notDeepEqual(card, other);
        });

        if (cardsWithUserText.includes(name)) {
          it('shows user text with template syntax, Markdown and HTML literally, in a TextRun', () => {
            const hostile = renderer.render(cardTemplates[name], samples[name](language, HOSTILE_TEXT));
            const parsed = parseAdaptiveCard(hostile);
            assert.deepEqual(parsed.problems, []);
            assert.ok(parsed.textRuns.includes(HOSTILE_TEXT), `TextRuns: ${JSON.stringify(parsed.textRuns)}`);
          });
        }
      });
    }
  }

  it('puts no user name on a welcome card posted to a channel', () => {
    const card = renderer.render(cardTemplates.welcome, welcomeCardData('fr', 'channel', 'Aminata Camara'));
    assert.ok(!JSON.stringify(card).includes('Aminata'));
    assert.deepEqual(parseAdaptiveCard(card).problems, []);
  });

  it('offers the help card in the other language with an Action.Execute', () => {
    const card = renderer.render(cardTemplates.help, helpCardData('fr'));
    const parsed = parseAdaptiveCard(card);
    assert.deepEqual(parsed.actions, [{ type: 'Action.Execute', title: 'Show in English' }]);
    assert.match(JSON.stringify(card), /"language":"en"/);
  });

  it('shows a closed time-slot poll’s best slot (label literally) and links to the pre-filled convocation in the tab', () => {
    for (const language of LANGUAGES) {
      const poll = {
        ...closedTimeSlotPoll,
        options: [
          { id: 'o1', label: HOSTILE_TEXT, start: '2026-12-08T10:00:00.000Z', end: '2026-12-08T12:00:00.000Z' },
          { id: 'o2', label: 'jeudi', start: '2026-12-10T10:00:00.000Z', end: '2026-12-10T12:00:00.000Z' },
          { id: 'o3', label: 'un jour' },
        ],
      };
      const answer = (who: string, slots: Record<string, 'yes' | 'ifNeedBe' | 'no'>): PollAnswerDocument => ({
        id: `poll-answer:p1:${who}`, networkId: 'gn', type: 'pollAnswer', pollId: 'p1', aadObjectId: who, name: who, agencyCode: 'IOM', choices: [], slots, answeredAt: '2026-12-02T08:00:00.000Z', revision: 1,
      });
      const results = pollResults(poll, [answer('a', { o1: 'yes', o2: 'yes', o3: 'yes' }), answer('b', { o1: 'ifNeedBe', o2: 'yes', o3: 'yes' }), answer('c', { o1: 'yes', o2: 'no', o3: 'yes' })]);
      const card = renderer.render(cardTemplates.poll, pollCardData(poll, results, { language, personal: false }, 'gn', new Date('2026-12-05T00:00:00Z'), tabLink({ publicUrl: () => 'https://reseau.example.org' })));
      const parsed = parseAdaptiveCard(card);
      assert.deepEqual(parsed.problems, []);
      assert.ok(parsed.textRuns.includes(HOSTILE_TEXT));
      assert.ok(parsed.textRuns.includes(language === 'fr' ? 'Meilleur créneau\u202f: ' : 'Best slot: '), JSON.stringify(parsed.textRuns));
      assert.ok(parsed.textRuns.some((run) => run.includes(language === 'fr' ? 'mardi 8 décembre 2026, 10:00 – 12:00' : 'Tuesday, 8 December 2026, 10:00 – 12:00')), JSON.stringify(parsed.textRuns));
      const link = (card as { actions?: { type: string; title: string; url: string }[] }).actions?.find((action) => action.type === 'Action.OpenUrl');
      assert.equal(link?.title, language === 'fr' ? 'Convoquer sur ce créneau' : 'Convene on this slot');
      assert.ok(link?.url.startsWith('https://reseau.example.org/tab#/new?'), link?.url);
      assert.equal(new URLSearchParams(link.url.split('?')[1]).get('start'), '2026-12-08T10:00:00.000Z');
      // With the Teams app id, the same page through a Teams deep link to the tab.
      const inTeams = renderer.render(cardTemplates.poll, pollCardData(poll, results, { language, personal: false }, 'gn', new Date('2026-12-05T00:00:00Z'), tabLink({ teamsAppId: 'a1b2c3d4-0000-4000-8000-000000000001', publicUrl: () => 'https://reseau.example.org' })));
      const deepLink = new URL((inTeams as { actions?: { type: string; url: string }[] }).actions?.find((action) => action.type === 'Action.OpenUrl')?.url ?? '');
      assert.equal(`${deepLink.origin}${deepLink.pathname}`, 'https://teams.microsoft.com/l/entity/a1b2c3d4-0000-4000-8000-000000000001/home');
      const subEntityId = (JSON.parse(deepLink.searchParams.get('context') ?? '{}') as { subEntityId?: string }).subEntityId ?? '';
      assert.ok(subEntityId.startsWith('new?'), subEntityId);
      assert.equal(new URLSearchParams(subEntityId.slice(4)).get('start'), '2026-12-08T10:00:00.000Z');
      assert.equal(deepLink.searchParams.get('webUrl'), link.url, 'Teams falls back to the web address');
      // No public address known: no link, the best slot still shows.
      const noUrl = renderer.render(cardTemplates.poll, pollCardData(poll, results, { language, personal: false }, 'gn', new Date('2026-12-05T00:00:00Z')));
      assert.ok(!JSON.stringify(noUrl).includes('Action.OpenUrl'));
    }
  });
});

const closedTimeSlotPoll: PollDocument = {
  id: 'poll:p1',
  networkId: 'gn',
  type: 'poll',
  pollId: 'p1',
  question: 'Réunion de décembre ?',
  kind: 'timeSlots',
  options: [],
  timeZone: 'Africa/Conakry',
  anonymous: false,
  deadline: '2026-12-04T17:00:00.000Z',
  reminderOffsetsMinutes: [],
  remindersSent: [],
  delivery: 'shared',
  audience: [],
  status: 'closed',
  createdBy: { aadObjectId: 'rc', name: 'RC' },
  createdAt: '2026-12-01T08:00:00.000Z',
};
