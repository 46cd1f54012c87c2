/**
 * Sample data of the updates cards for the card test (tests/unit/cards.spec.ts): user text
 * goes wherever the card shows user text (titles, summaries, meeting and decision titles).
 */
import type { Language } from '../../../src/i18n';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { buildDigest } from '../../../src/updates/digest-rules';
import type { UpdateDocument } from '../../../src/updates/model';
import { reportFigures } from '../../../src/updates/report-rules';
import { updateTerms } from '../../../src/updates/search-rules';
import { digestCardData, reportSummaryCardData, updateCardData, updateFormCardData } from '../../../src/updates/update-cards';

export function sampleUpdate(overrides: Partial<UpdateDocument> = {}): UpdateDocument {
  const base = {
    title: 'Retours volontaires assistés : bilan du trimestre',
    summary: 'Chiffres des retours et de la réintégration en Guinée.',
    kind: 'data' as const,
    agencyCode: 'IOM',
    objectives: [1, 21],
    ...overrides,
  };
  return {
    id: `update:${overrides.updateId ?? 'u-1'}`,
    networkId: 'gn',
    type: 'migrationUpdate',
    updateId: 'u-1',
    link: 'https://www.iom.int/fr/guinee',
    sharedBy: { aadObjectId: '0c3a1f5e-1111-4222-8333-944455566677', name: 'Aminata Camara' },
    sharedAt: '2026-03-03T10:00:00.000Z',
    origin: 'chat',
    terms: updateTerms(base),
    ...base,
  };
}

const PERIOD = { from: '2026-03-02T08:00:00.000Z', to: '2026-03-09T08:00:00.000Z' };

export const sampleUpdateCard = (language: Language, userText: string) =>
  updateCardData(language, sampleUpdate({ title: userText, summary: userText }), GUINEA_DEFAULT_AGENCIES, '');

export const sampleUpdateFormCard = (language: Language, userText: string) =>
  updateFormCardData(language, { networkId: 'gn', agencies: GUINEA_DEFAULT_AGENCIES, values: { title: userText, summary: userText, agencyCode: 'IOM', objectives: [10] }, execute: true });

export function sampleDigestCard(language: Language, userText: string) {
  const digest = buildDigest(
    PERIOD,
    [sampleUpdate({ title: userText }), sampleUpdate({ updateId: 'u-2', title: 'Sans objectif', objectives: [] })],
    [{ id: 'meeting:m', title: userText, kind: 'regular', start: '2026-03-04T10:00:00.000Z', status: 'scheduled', invitedAgencies: ['IOM'], attendedAgencies: ['IOM'], attendanceFrom: 'minutes' }],
    [{ id: 'decision:d', title: userText, registerNumber: 'DEC-2026-001', closedAt: '2026-03-05T10:00:00.000Z', outcome: 'adopted' }],
  );
  if (!digest) throw new Error('the sample digest is empty');
  return digestCardData(language, digest, GUINEA_DEFAULT_AGENCIES);
}

export const sampleReportSummaryCard = (language: Language) =>
  reportSummaryCardData(
    language,
    reportFigures({
      period: PERIOD,
      now: new Date('2026-03-10T00:00:00Z'),
      agencyCodes: GUINEA_DEFAULT_AGENCIES.map((agency) => agency.code),
      updates: [sampleUpdate()],
      workplans: [],
      meetings: [],
      decisions: [],
      statements: undefined,
      workingGroups: [],
    }),
    // The chat's card, with its period picker (the tab API's has none).
    { networkId: 'gn', choice: 'quarter', today: '2026-03-10' },
  );
