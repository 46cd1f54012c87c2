/**
 * Working groups (pure): created by ExCom or the co-chairs with a chair (and optional co-chair)
 * chosen among the group's members; ExCom is reminded once per review date when it is due.
 */
import { EMAIL } from './admins';
import { NetworkError } from './errors';
import { DOCUMENT_TYPES, workingGroupDocumentId, type ExternalPartner, type MemberDocument, type WorkingGroupDocument } from './model';

export interface WorkingGroupInput {
  readonly name: string;
  readonly objective: string;
  readonly memberIds: readonly string[];
  readonly externalPartners: readonly ExternalPartner[];
  readonly chairId: string;
  readonly coChairId?: string;
  /** YYYY-MM-DD */
  readonly reviewDate: string;
  /** Months between reviews, 1–36 (default 12). */
  readonly reviewEveryMonths?: number;
}

/** ToR: working groups are "revus périodiquement": once a year unless ExCom sets another interval. */
export const DEFAULT_REVIEW_EVERY_MONTHS = 12;
export const REVIEW_EVERY_MONTHS_MAX = 36;

export function validReviewInterval(months: unknown): months is number {
  return typeof months === 'number' && Number.isInteger(months) && months >= 1 && months <= REVIEW_EVERY_MONTHS_MAX;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function newWorkingGroup(input: {
  readonly groupId: string;
  readonly networkId: string;
  readonly group: WorkingGroupInput;
  readonly members: readonly MemberDocument[];
  readonly createdBy: string;
  readonly now: Date;
}): WorkingGroupDocument {
  const { group } = input;
  const problems: string[] = [];
  const name = group.name.trim();
  const objective = group.objective.trim();
  if (name === '' || name.length > 120) problems.push('the name must have 1–120 characters');
  if (objective === '' || objective.length > 2000) problems.push('the objective must have 1–2000 characters');
  const confirmed = new Set(input.members.filter((member) => member.status === 'confirmed' && member.aadObjectId).map((member) => member.aadObjectId));
  const memberIds = [...new Set(group.memberIds.map((id) => id.toLowerCase()))];
  const strangers = memberIds.filter((id) => !confirmed.has(id));
  if (strangers.length > 0) problems.push(`not confirmed members of the network: ${strangers.join(', ')}`);
  if (memberIds.length === 0) problems.push('a working group needs at least one network member');
  for (const partner of group.externalPartners) {
    if (partner.name.trim() === '' || partner.organisation.trim() === '') problems.push('each external partner needs a name and an organisation');
    if (partner.email !== undefined && !EMAIL.test(partner.email)) problems.push(`not an email address: ${partner.email}`);
  }
  const chairId = group.chairId.toLowerCase();
  const coChairId = group.coChairId?.toLowerCase();
  if (!memberIds.includes(chairId)) problems.push('the chair must be one of the group’s members');
  if (coChairId !== undefined && (!memberIds.includes(coChairId) || coChairId === chairId)) {
    problems.push('the co-chair must be another of the group’s members');
  }
  if (!DATE.test(group.reviewDate) || Number.isNaN(Date.parse(group.reviewDate))) problems.push('the review date must be YYYY-MM-DD');
  if (group.reviewEveryMonths !== undefined && !validReviewInterval(group.reviewEveryMonths)) problems.push(`the review interval must be 1–${REVIEW_EVERY_MONTHS_MAX} months`);
  if (problems.length > 0) throw new NetworkError('invalidInput', problems.join('; '));
  const at = input.now.toISOString();
  return {
    id: workingGroupDocumentId(input.groupId),
    networkId: input.networkId,
    type: DOCUMENT_TYPES.workingGroup,
    groupId: input.groupId,
    name,
    objective,
    memberIds,
    externalPartners: group.externalPartners.map((partner) => ({
      name: partner.name.trim(),
      organisation: partner.organisation.trim(),
      ...(partner.email ? { email: partner.email.trim().toLowerCase() } : {}),
    })),
    chairId,
    ...(coChairId ? { coChairId } : {}),
    reviewDate: group.reviewDate,
    reviewEveryMonths: group.reviewEveryMonths ?? DEFAULT_REVIEW_EVERY_MONTHS,
    status: 'active',
    reviewState: 'waiting',
    createdBy: input.createdBy,
    createdAt: at,
    updatedAt: at,
  };
}

/** Due for review (on or after its review date, Conakry being on UTC) and ExCom not yet reminded of it. */
export function reviewDue(group: WorkingGroupDocument, now: Date): boolean {
  return now.toISOString().slice(0, 10) >= group.reviewDate && group.reviewReminderSentFor !== group.reviewDate;
}
