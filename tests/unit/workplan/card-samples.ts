/**
 * Sample data for the work-plan report card, shared by the card suite (every template in every
 * language, user text shown literally) and the work-plan card tests.
 */
import type { Language } from '../../../src/i18n';
import type { ReportDocument } from '../../../src/workplan/model';
import { actionItemCardData, planSummaryCardData, reportCardData } from '../../../src/workplan/workplan-cards';
import type { PlanView } from '../../../src/workplan/workplan-views';

const ACTIVITY_ID = '3f2c1a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

export function sampleReportCard(language: Language, userText: string, options: { reported?: boolean; mayReport?: boolean } = {}) {
  const report: ReportDocument = {
    id: `workplan-report:2026:${ACTIVITY_ID}:q2`,
    networkId: 'gn',
    type: 'workplanReport',
    planYear: 2026,
    quarter: 2,
    activityId: ACTIVITY_ID,
    agencyCode: 'IOM',
    planVersion: 1,
    status: 'ongoing',
    values: [{ indicatorId: 'i1', value: 40, unit: 'people' }],
    narrative: userText,
    evidence: { kind: 'link', url: 'https://guinea.iom.int/news' },
    reportedBy: { aadObjectId: 'a', name: userText },
    reportedAt: '2026-07-02T09:00:00.000Z',
    revision: 1,
  };
  return reportCardData(
    {
      networkId: 'gn',
      year: 2026,
      quarter: 2,
      planVersion: 1,
      activityId: ACTIVITY_ID,
      content: {
        description: { fr: userText, en: userText },
        objectives: [7, 11],
        leadAgency: 'IOM',
        contributingAgencies: ['UNHCR'],
        externalPartners: [],
        period: { kind: 'quarters', from: 1, to: 4 },
        indicators: [
          { id: 'i1', label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 },
          { id: 'i2', label: { fr: 'Part de femmes', en: 'Share of women' }, unit: 'percent', baseline: 10, target: 40 },
        ],
        status: 'planned',
      },
      ...(options.reported === false ? {} : { report }),
      mayReport: options.mayReport ?? true,
    },
    language,
  );
}

export function sampleActionItemCard(language: Language, userText: string, options: { done?: boolean; today?: string } = {}) {
  return actionItemCardData(
    {
      id: 'workplan-action:m-1',
      networkId: 'gn',
      type: 'workplanActionItem',
      itemId: 'm-1',
      planYear: 2026,
      text: userText,
      ownerAgency: 'UNHCR',
      due: '2026-03-31',
      status: options.done ? 'done' : 'open',
      createdBy: { aadObjectId: 'a', name: 'Secrétariat' },
      createdAt: '2026-03-03T13:00:00.000Z',
      ...(options.done ? { closedBy: { aadObjectId: 'b', name: userText }, closedAt: '2026-03-20T10:00:00.000Z' } : {}),
    },
    { networkId: 'gn', today: options.today ?? '2026-03-29', mayClose: true },
    language,
  );
}

/** The `plan` summary card: a plan adopted as version 1 whose title is the user text, linked to the tab. */
export function samplePlanSummaryCard(language: Language, userText: string, tabUrl: string | undefined = 'https://reseau.example.org/tab#/workplan') {
  const view: PlanView = {
    year: 2026,
    title: { fr: userText, en: userText },
    status: 'adopted',
    version: 1,
    versions: [{ version: 1, registerNumber: 'DEC-2026-004', decisionId: 'd-1', adoptedAt: '2026-02-10T09:00:00.000Z' }],
    comments: 0,
    activities: [],
    byObjective: [
      { objective: 7, activities: 1, progress: 0.25 },
      { objective: 11, activities: 1, progress: 0.5 },
    ],
    may: { draft: false, propose: false, comment: false, submit: false, viewReporting: false, readChanges: false },
  };
  return planSummaryCardData(view, language, tabUrl);
}
