/**
 * Work-plan documents as the store holds them, for the unit tests of the rules and views that
 * read them: an activity's content, an activity of the 2026 plan adopted in version 1, and a
 * quarter's report on it.
 */
import type { ActivityContent, ActivityDocument, Quarter, ReportDocument } from '../../../src/workplan/model';

/** IOM's training of border officers, all year, one indicator (people, 0 → 120): the activity most tests start from. */
export const TRAINING: ActivityContent = {
  description: { fr: 'Former les agents', en: 'Train officers' },
  objectives: [7, 11],
  leadAgency: 'IOM',
  contributingAgencies: ['UNHCR'],
  externalPartners: [],
  period: { kind: 'quarters', from: 1, to: 4 },
  indicators: [{ id: 'i1', label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 }],
  status: 'planned',
};

export function activityDocument(activityId: string, content: ActivityContent, proposedAt: string, overrides: Partial<ActivityDocument> = {}): ActivityDocument {
  return {
    id: `workplan-activity:2026:${activityId}`,
    networkId: 'gn',
    type: 'workplanActivity',
    planYear: 2026,
    activityId,
    content,
    adopted: { version: 1, content },
    proposedBy: { aadObjectId: 'p', name: 'Aminata Camara', agencyCode: 'IOM' },
    proposedAt,
    revision: 1,
    updatedAt: proposedAt,
    ...overrides,
  };
}

export function reportDocument(activityId: string, quarter: Quarter, report: Pick<ReportDocument, 'status' | 'values' | 'narrative'>, reportedAt: string): ReportDocument {
  return {
    id: `workplan-report:2026:${activityId}:q${quarter}`,
    networkId: 'gn',
    type: 'workplanReport',
    planYear: 2026,
    quarter,
    activityId,
    agencyCode: 'IOM',
    planVersion: 1,
    ...report,
    reportedBy: { aadObjectId: 'p', name: 'P' },
    reportedAt,
    revision: 1,
  };
}
