/**
 * The report and the digest read other slices (meetings, decisions, statements, working
 * groups) through this small port, never through their services: the slices land at their own
 * pace, and a slice that records nothing yet answers `undefined` so the report says "not yet
 * recorded" instead of a misleading zero.
 *
 * The default implementation reads the store documents of those slices defensively (only the
 * fields the report needs, each checked), so a change in another slice's model degrades a
 * figure instead of breaking the report.
 */
import { DOCUMENT_TYPES } from '../network/model';
import type { DocumentStore, StoredDocument } from '../store/document-store';
import { WorkplanRepository } from '../workplan/workplan-repository';
import { versionInForceAt, type WorkplanFacts } from '../workplan/workplan-report-rules';
import type { DecisionFact, MeetingFact, Recorded, StatementFact, WorkingGroupFact } from './report-rules';

export interface ReportSources {
  meetings(networkId: string): Promise<Recorded<MeetingFact>>;
  decisions(networkId: string): Promise<Recorded<DecisionFact>>;
  statements(networkId: string): Promise<Recorded<StatementFact>>;
  workingGroups(networkId: string): Promise<Recorded<WorkingGroupFact>>;
  /** The work plans of these years that exist, with their activities, reports and the version in force at the period's end. */
  workplans(networkId: string, years: readonly number[], periodEnd: string): Promise<Recorded<WorkplanFacts>>;
}

// Document types of the other slices, as they store them (src/meetings/meeting-model.ts,
// src/decisions/model.ts, src/statements/model.ts).
const MEETING_TYPE = 'meeting';
const DECISION_TYPE = 'decision';
const STATEMENT_TYPE = 'statement';
const ATTENDING = new Set(['inPerson', 'online', 'delegated']);

type Loose = StoredDocument & Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

export function meetingFact(document: Loose): MeetingFact | undefined {
  const start = str(document.start);
  if (!start) return undefined;
  const minutes = record(document.minutes);
  const recorded = Array.isArray(minutes.attendance);
  const { invitedAgencies, answeredAgencies } = invitationsOf(document);
  const attendedAgencies = recorded ? list(minutes.attendance).filter((code): code is string => typeof code === 'string') : answeredAgencies;
  return {
    id: document.id,
    title: str(document.title) ?? '',
    kind: str(document.kind) ?? 'regular',
    start: new Date(start).toISOString(),
    status: document.status === 'cancelled' ? 'cancelled' : 'scheduled',
    invitedAgencies,
    attendedAgencies,
    attendanceFrom: recorded ? 'minutes' : 'rsvp',
  };
}

/**
 * Invited agencies and those represented by the answers: from the meeting's per-agency
 * attendance summary (meetings keep one document per invitation and this summary on the
 * meeting), or, for a meeting stored before that, from its embedded invitee list and answers.
 */
function invitationsOf(document: Loose): { invitedAgencies: string[]; answeredAgencies: string[] } {
  const summary = list(record(document.attendance).agencies).map(record);
  if (summary.length > 0) {
    const code = (agency: Record<string, unknown>) => str(agency.agencyCode);
    return {
      invitedAgencies: summary.map(code).filter((value): value is string => !!value),
      answeredAgencies: summary.filter((agency) => agency.represented === true).map(code).filter((value): value is string => !!value),
    };
  }
  const invited = list(document.invited).map(record);
  const rsvps = record(document.rsvps);
  const agencyOf = (invitee: Record<string, unknown>) => str(invitee.agencyCode);
  return {
    invitedAgencies: [...new Set(invited.map(agencyOf).filter((value): value is string => !!value))],
    answeredAgencies: [
      ...new Set(
        invited
          .filter((invitee) => ATTENDING.has(str(record(rsvps[(str(invitee.aadObjectId) ?? '').toLowerCase()]).response) ?? ''))
          .map(agencyOf)
          .filter((value): value is string => !!value),
      ),
    ],
  };
}

export function decisionFact(document: Loose): DecisionFact {
  const state = str(record(document.outcome).state);
  const closedAt = document.phase === 'closed' ? str(document.closedAt) : undefined;
  const registerNumber = str(document.registerNumber);
  return {
    id: document.id,
    title: str(document.title) ?? '',
    ...(registerNumber ? { registerNumber } : {}),
    ...(closedAt ? { closedAt } : {}),
    outcome: closedAt && (state === 'adopted' || state === 'noConsensus') ? state : 'open',
  };
}

/** A joint statement delivered (status delivered, with its date); others are not facts of the report. */
export function statementFact(document: Loose): StatementFact | undefined {
  const deliveredAt = str(record(document.delivered).at);
  if (document.status !== 'delivered' || !deliveredAt) return undefined;
  return { id: document.id, title: str(document.title) ?? '', deliveredAt: new Date(deliveredAt).toISOString() };
}

export class StoreReportSources implements ReportSources {
  private readonly workplan: WorkplanRepository;

  constructor(private readonly store: DocumentStore) {
    this.workplan = new WorkplanRepository(store);
  }

  /**
   * Through the workplan slice's repository (its documents are typed, not read loosely): a plan
   * read by id per year, then its activities and reports on the indexed `planYear` — the cost of
   * the years reported on, never of the network's history.
   */
  async workplans(networkId: string, years: readonly number[], periodEnd: string): Promise<Recorded<WorkplanFacts>> {
    const plans = await Promise.all(years.map((year) => this.workplan.getPlan(networkId, year)));
    return Promise.all(
      plans.flatMap((found) => (found ? [found.document] : [])).map(async (plan) => {
        // The version in force at the period's end, when an amendment adopted since replaced it.
        const then = versionInForceAt(plan, periodEnd)?.version;
        const past = then !== undefined && then !== plan.versions.at(-1)?.version ? then : undefined;
        const [activities, reports, snapshot] = await Promise.all([
          this.workplan.activities(networkId, plan.planYear),
          this.workplan.reports(networkId, plan.planYear),
          past === undefined ? undefined : this.workplan.getVersion(networkId, plan.planYear, past),
        ]);
        return { plan, activities: activities.map((entry) => entry.document), reports, ...(snapshot ? { snapshots: [snapshot] } : {}) };
      }),
    );
  }

  async meetings(networkId: string): Promise<Recorded<MeetingFact>> {
    const found = await this.store.query<Loose>(networkId, { type: MEETING_TYPE });
    return found.map((entry) => meetingFact(entry.document)).filter((fact): fact is MeetingFact => fact !== undefined);
  }

  async decisions(networkId: string): Promise<Recorded<DecisionFact>> {
    const found = await this.store.query<Loose>(networkId, { type: DECISION_TYPE });
    return found.map((entry) => decisionFact(entry.document));
  }

  /** Joint statements delivered (the period is applied by the report rules). */
  async statements(networkId: string): Promise<Recorded<StatementFact>> {
    const found = await this.store.query<Loose>(networkId, { type: STATEMENT_TYPE });
    return found.map((entry) => statementFact(entry.document)).filter((fact): fact is StatementFact => fact !== undefined);
  }

  async workingGroups(networkId: string): Promise<Recorded<WorkingGroupFact>> {
    const found = await this.store.query<Loose>(networkId, { type: DOCUMENT_TYPES.workingGroup });
    return found.map(({ document }) => ({
      name: str(document.name) ?? '',
      objective: str(document.objective) ?? '',
      members: list(document.memberIds).length,
      externalPartners: list(document.externalPartners).length,
      reviewDate: str(document.reviewDate) ?? '',
      ...(document.status === 'closed' ? { closed: true } : {}),
    }));
  }
}
