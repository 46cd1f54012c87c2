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
import { may } from '../network/permissions';
import type { Person } from '../network/roles';
import { diffBase, requiredLanguages, segmentsByLanguage, type ClearancePosition, type DiffBaseReason, type DiffSegment, type DiffSummary, type StatementLanguage } from './statement-rules';
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
  /** Each ExCom agency's voice on that version: position, comment, when — and who, for confirmed readers. */
  readonly voices?: readonly { readonly agencyCode: string; readonly position: ClearancePosition; readonly comment?: string; readonly at: string; readonly by?: string }[];
}

/** What the reader may do with this statement, from the permissions table (the server refuses the rest anyway). */
export interface StatementRights {
  readonly draft: boolean;
  /** Name the agency that drafts: `draftStatement` without an agency, i.e. the co-chairs. */
  readonly nameDrafter: boolean;
  readonly clear: boolean;
  readonly deliver: boolean;
}

/** The reader's rights on this statement: drafting with the drafting agency as context, clearing for their own ExCom agency of the round. */
export function statementRights(statement: StatementDocument, reader: Person): StatementRights {
  const drafting = statement.draftingAgency ? { agencyCode: statement.draftingAgency } : {};
  const agency = reader.agencyCode;
  return {
    draft: statement.status !== 'delivered' && may(reader, 'draftStatement', drafting) && may(reader, 'submitStatementVersion', drafting),
    nameDrafter: statement.status !== 'delivered' && may(reader, 'draftStatement'),
    clear: statement.status === 'clearance' && agency !== undefined && (statement.clearance?.excomAgencies ?? []).includes(agency) && may(reader, 'clearStatement', { agencyCode: agency }),
    deliver: statement.status === 'clearance' && may(reader, 'deliverStatement'),
  };
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
  /** The languages the statement is cleared and published in (statement-rules `requiredLanguages`). */
  readonly languages: readonly StatementLanguage[];
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

/** Two versions side by side, word by word in each language (the tab's diff). */
export interface ComparisonView {
  readonly from: number;
  readonly to: number;
  /** Why this version: the one the reader's agency last gave a voice on, the previous round, the previous version, or the reader's choice. */
  readonly reason: DiffBaseReason | 'chosen';
  readonly languages: Partial<Record<StatementLanguage, readonly DiffSegment[]>>;
}

export interface StatementReaderView {
  readonly statement: StatementView;
  /** The clearance of the version submitted, by agency, when one was. */
  readonly clearance?: ClearanceSummary;
  /** Confirmed readers, once there are two versions: what changed in the version that matters now. */
  readonly comparison?: ComparisonView;
  /** Given for a reader whose roles are known (the tab shows only what they may do). */
  readonly rights?: StatementRights;
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
    languages: requiredLanguages(statement),
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

/**
 * What changed in the version that matters now (delivered, in clearance, else the latest) since
 * `from` when the reader chose one, else since the version their agency last gave a voice on,
 * the previous round or the previous version (statement-rules `diffBase`). Drafts are for
 * confirmed readers only.
 */
export function comparisonView(statement: StatementDocument, reader: Reader & { readonly agencyCode?: string }, from?: number): ComparisonView | undefined {
  if (!readsNames(reader)) return undefined;
  const to = statement.delivered?.version ?? (statement.status === 'clearance' ? statement.clearance?.version : undefined) ?? statement.versions.at(-1)?.number;
  const shown = statement.versions.find((version) => version.number === to);
  if (!shown) return undefined;
  const chosen = from !== undefined && from !== shown.number ? statement.versions.find((version) => version.number === from) : undefined;
  const base = chosen ? { version: chosen.number, reason: 'chosen' as const } : diffBase(statement, shown.number, reader.agencyCode);
  const before = base && statement.versions.find((version) => version.number === base.version);
  if (!base || !before) return undefined;
  return { from: base.version, to: shown.number, reason: base.reason, languages: segmentsByLanguage(before.text, shown.text) };
}

export function statementReaderView(statement: StatementDocument, clearance: ClearanceSummary | undefined, reader: Person, from?: number): StatementReaderView {
  const comparison = comparisonView(statement, reader, from);
  // Pending readers read by agency only: no one's name.
  const shown = clearance && (readsNames(reader) ? clearance : { ...clearance, ...(clearance.voices ? { voices: clearance.voices.map(({ by: _by, ...voice }) => voice) } : {}) });
  return { statement: statementView(statement, reader), ...(shown ? { clearance: shown } : {}), ...(comparison ? { comparison } : {}), rights: statementRights(statement, reader) };
}
