/**
 * What a reader receives about joint statements, built for their role by pure functions: the
 * tab API never returns the stored document (no etag, networkId, type, object ids, scheduler
 * fields such as `dueAt` and reminder offsets).
 *
 * Who may read what:
 * - Strangers (no role in the network) are refused before any view is built (403).
 * - Pending people "can read, not decide": title, purpose, GCM objectives, status, the drafting
 *   agency, the clearance round by agency (which ExCom agencies approved, asked for changes or
 *   have not answered, and by when) and, once delivered, the final text with each agency's
 *   approval date. Never: a person's name (who requested, drafted, submitted, cleared or
 *   delivered), the draft texts before delivery (work in progress of the drafters and ExCom).
 * - Confirmed members read every version with what changed and who wrote it, and the names of
 *   the representatives who cleared and of the co-chair who delivered.
 */
import type { Person } from '../network/roles';
import type { DiffSummary } from './statement-rules';
import type { StatementDocument, StatementStatus, StatementText } from './model';

export type Reader = Pick<Person, 'roles'>;

/** Anyone confirmed in the network: every role but `pending`. */
export function readsNames(reader: Reader): boolean {
  return [...reader.roles].some((role) => role !== 'pending');
}

export interface ClearanceSummary {
  readonly version: number;
  readonly validated: boolean;
  readonly approved: readonly string[];
  readonly changesRequested: readonly string[];
  readonly pending: readonly string[];
}

export interface StatementVersionView {
  readonly number: number;
  readonly text: StatementText;
  readonly createdAt: string;
  /** Confirmed readers only. */
  readonly createdBy?: string;
  readonly changes?: DiffSummary;
}

export interface StatementView {
  readonly statementId: string;
  readonly title: string;
  readonly purpose: string;
  readonly gcmObjectives: readonly number[];
  readonly status: StatementStatus;
  readonly draftingAgency?: string;
  readonly requestedAt: string;
  readonly requestedBy: { readonly agencyCode?: string; readonly name?: string };
  /** The number of the latest version (0 before any draft). */
  readonly latestVersion: number;
  /** Confirmed readers: every version; pending readers: the delivered one only. */
  readonly versions: readonly StatementVersionView[];
  readonly clearance?: { readonly version: number; readonly submittedAt: string; readonly deadline: string; readonly excomAgencies: readonly string[]; readonly submittedBy?: string };
  readonly delivered?: {
    readonly at: string;
    readonly version: number;
    readonly by?: { readonly name: string };
    readonly approvals: readonly { readonly agencyCode: string; readonly at: string; readonly by?: { readonly name: string } }[];
  };
}

export interface StatementReaderView {
  readonly statement: StatementView;
  /** The clearance of the version submitted, by agency, when one was. */
  readonly clearance?: ClearanceSummary;
}

export function statementView(statement: StatementDocument, reader: Reader): StatementView {
  const names = readsNames(reader);
  const { clearance, delivered } = statement;
  const versions = names ? statement.versions : statement.versions.filter((version) => version.number === delivered?.version);
  const requester = statement.requestedBy;
  return {
    statementId: statement.statementId,
    title: statement.title,
    purpose: statement.purpose,
    gcmObjectives: statement.gcmObjectives,
    status: statement.status,
    ...(statement.draftingAgency ? { draftingAgency: statement.draftingAgency } : {}),
    requestedAt: statement.requestedAt,
    requestedBy: { ...(requester.agencyCode ? { agencyCode: requester.agencyCode } : {}), ...(names ? { name: requester.name } : {}) },
    latestVersion: statement.versions.at(-1)?.number ?? 0,
    versions: versions.map((version) => ({
      number: version.number,
      text: version.text,
      createdAt: version.createdAt,
      ...(names ? { createdBy: version.createdBy.name } : {}),
      ...(names && version.changes ? { changes: version.changes } : {}),
    })),
    ...(clearance
      ? {
          clearance: {
            version: clearance.version,
            submittedAt: clearance.submittedAt,
            deadline: clearance.deadline,
            excomAgencies: clearance.excomAgencies,
            ...(names ? { submittedBy: clearance.submittedBy.name } : {}),
          },
        }
      : {}),
    ...(delivered
      ? {
          delivered: {
            at: delivered.at,
            version: delivered.version,
            ...(names ? { by: { name: delivered.by.name } } : {}),
            approvals: delivered.approvals.map((approval) => ({ agencyCode: approval.agencyCode, at: approval.at, ...(names ? { by: { name: approval.by.name } } : {}) })),
          },
        }
      : {}),
  };
}

export function statementReaderView(statement: StatementDocument, clearance: ClearanceSummary | undefined, reader: Reader): StatementReaderView {
  return { statement: statementView(statement, reader), ...(clearance ? { clearance } : {}) };
}
