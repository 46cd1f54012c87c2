/**
 * The "detail" cell of the audit trail: what an entry changed, in the reader's words. Entries
 * keep the documents as stored (field names, codes, ISO instants); people read labels, values
 * by name and dates in words (issue 15: no raw field names, no ISO dates shown to people).
 * Pure: given the reader's strings, no React, no fetch.
 */
import type { TabStrings } from './strings';

export interface AuditWording {
  readonly t: TabStrings;
  /** A day (and time) in words, in the reader's language. */
  readonly formatInstant: (iso: string) => string;
  /** An agency's short name in the reader's language, from its code. */
  readonly agencyName: (code: string) => string;
  readonly language: 'fr' | 'en';
}

// Bookkeeping and identifiers say nothing a reader acts on (who is named in the row already).
const IGNORED = new Set(['id', 'updatedAt', 'decidedAt', 'decidedBy', 'joinedAt', 'noticeDue', 'updatedBy', 'aadObjectId', 'tenantId', 'awaitingClaim', 'provisionalName', 'memberIds', 'groupId', 'createdAt', 'createdBy', 'networkId', 'type', 'decisionId', 'activityId', 'sequence', 'chairId', 'coChairId', 'reviewReminderSentFor']);
const AGENCY_FIELDS = new Set(['agencyCode', 'ownerAgency', 'leadAgency']);
const AGENCY_LISTS = new Set(['order', 'contributingAgencies']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
/** At most this many fields per entry, each value at most this long: the cell stays a line or two. */
const MAX_FIELDS = 4;
const MAX_VALUE = 80;

/** "Rôle dans l'agence : membre → suppléance ; Statut : en attente → confirmé·e" */
export function auditDetail(before: unknown, after: unknown, wording: AuditWording): string {
  const [was, now] = [asRecord(before), asRecord(after)];
  const created = before === null || before === undefined;
  return [...new Set([...Object.keys(was), ...Object.keys(now)])]
    .filter((key) => !IGNORED.has(key) && JSON.stringify(was[key]) !== JSON.stringify(now[key]))
    .slice(0, MAX_FIELDS)
    .map((key) => {
      const label = fieldLabel(key, wording.t);
      const shown = (value: unknown) => valueWords(key, value, wording);
      return created ? `${label}${wording.t.mem_auditColon}${shown(now[key])}` : `${label}${wording.t.mem_auditColon}${shown(was[key])} → ${shown(now[key])}`;
    })
    .join(' ; ');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The field's label; a field no label names yet is shown as its words ("reviewDate" → "review date"). */
export function fieldLabel(key: string, t: TabStrings): string {
  const label = (t as Record<string, string | undefined>)[`mem_field_${key}`];
  return label ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function valueWords(key: string, value: unknown, wording: AuditWording): string {
  const { t } = wording;
  const words = (() => {
    if (value === undefined || value === null || value === '') return '—';
    if (typeof value === 'boolean') return value ? t.mem_value_true : t.mem_value_false;
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      if (AGENCY_FIELDS.has(key)) return wording.agencyName(value);
      if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return wording.formatInstant(value);
      return (t as Record<string, string | undefined>)[`mem_value_${value}`] ?? value;
    }
    if (Array.isArray(value)) {
      if (value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.map((item) => (AGENCY_LISTS.has(key) ? wording.agencyName(String(item)) : String(item))).join(', ');
      return String(value.length);
    }
    const record = asRecord(value);
    // A text in both languages: the reader's. A channel, a person: its name. A co-chair term: its agency.
    const inLanguage = record[wording.language] ?? record[wording.language === 'fr' ? 'en' : 'fr'];
    if (typeof inLanguage === 'string') return inLanguage;
    if (typeof record.name === 'string') return record.name;
    if (typeof record.agencyCode === 'string') return wording.agencyName(record.agencyCode);
    return '…';
  })();
  return words.length > MAX_VALUE ? `${words.slice(0, MAX_VALUE - 1)}…` : words;
}
