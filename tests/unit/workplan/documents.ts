/**
 * Work-plan documents as the store holds them, for the unit tests of the rules and views that
 * read them: an activity of the 2026 plan adopted in version 1, and a quarter's report on it.
 */
import type { ActivityContent, ActivityDocument, Quarter, ReportDocument } from '../../../src/workplan/model';

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
