import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CardRenderer, TEAMS_CARD_MAX_BYTES, type AdaptiveCardJson } from '../../src/cards/card-renderer';
import { cardTemplates, type CardName } from '../../src/cards/templates';
import { helpCardData, welcomeCardData } from '../../src/bot/welcome-help-cards';
import { LANGUAGES, type Language } from '../../src/i18n';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import { GUINEA_DEFAULT_AGENCIES } from '../../src/network/default-directory';
import { buildMemberList } from '../../src/network/member-list';
import { confirmRequestCardData, joinCardData, memberListCardData } from '../../src/network/membership-cards';
import type { MemberDocument } from '../../src/network/model';
import { meetingCardData } from '../../src/meetings/meeting-cards';
import { sampleDecisionCard, sampleDecisionFormCard, samplePollCard } from './decisions/card-samples';
import { AMINATA, MOUSSA, meeting as sampleMeeting } from './meetings/meeting-fixture';
import { sampleDigestCard, sampleReportSummaryCard, sampleUpdateCard, sampleUpdateFormCard } from './updates/card-samples';

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
};

/** Cards that show user text, and so must show the hostile text literally in a TextRun. */
const cardsWithUserText: readonly CardName[] = ['welcome', 'membershipJoin', 'membershipNotice', 'memberList', 'meetingCard', 'poll', 'decision', 'update', 'digest'];

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
});
