/** What every page needs: the API client, the strings, the directory, and time helpers. */
import { createContext, useContext } from 'react';
import { ApiError, type ApiClient } from './api';
import { format, type TabLanguage, type TabStrings } from './strings';

export interface AgencyOption {
  readonly code: string;
  readonly name: { readonly fr: string; readonly en: string };
  readonly excom: boolean;
}

export interface Me {
  readonly aadObjectId: string;
  readonly member: { readonly name: string; readonly agencyCode: string; readonly status?: string; readonly language?: 'fr' | 'en'; readonly languageChosen?: boolean } | null;
  readonly allowed: readonly string[];
  /** Why someone not (yet) recognised as a member sees nothing, in their language. */
  readonly hint?: string;
}

export interface TabContextValue {
  readonly api: ApiClient;
  readonly language: TabLanguage;
  readonly t: TabStrings;
  readonly me: Me;
  readonly agencies: readonly AgencyOption[];
  readonly navigate: (hash: string) => void;
}

export const TabContext = createContext<TabContextValue | undefined>(undefined);

export function useTab(): TabContextValue {
  const value = useContext(TabContext);
  if (!value) throw new Error('useTab outside the tab');
  return value;
}

export { format };

/** A failure as the reader reads it: the server's own message (in their language), else "no answer". */
export const failureText = (failure: unknown, t: TabStrings): string => (failure instanceof ApiError ? failure.message : t.networkError);

/** Hands a downloaded file to the browser (a CSV export, a report) under its file name. */
export function saveFile(file: { readonly blob: Blob; readonly filename: string }): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function agencyLabel(agencies: readonly AgencyOption[], code: string, language: TabLanguage): string {
  const agency = agencies.find((candidate) => candidate.code === code);
  if (!agency) return code;
  const name = agency.name[language];
  return name.toUpperCase() === code ? name : `${name} (${code})`;
}

/** The reader's own zone (the browser's; Teams runs in the same OS). */
export const readerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Africa/Conakry';

export function formatRange(start: string, end: string, language: TabLanguage, timeZone = readerZone()): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }).format(new Date(start));
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  return `${day}, ${time.format(new Date(start))}–${time.format(new Date(end))}`;
}

/** The day of an instant, in the reader's zone unless told (a decision's deadline: the network's, network-zone.tsx). */
export function formatDate(iso: string, language: TabLanguage, timeZone: string = readerZone()): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone }).format(new Date(iso));
}

function offsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** "2026-03-10T10:00" on the wall clock of `zone` → the UTC instant (ISO). */
export function wallTimeToUtc(wall: string, zone: string): string {
  const asUtc = Date.parse(`${wall}:00Z`);
  if (Number.isNaN(asUtc)) return '';
  // Two passes settle the offset around a daylight-saving change.
  let instant = asUtc - offsetMinutes(zone, new Date(asUtc)) * 60_000;
  instant = asUtc - offsetMinutes(zone, new Date(instant)) * 60_000;
  return new Date(instant).toISOString();
}

/** The UTC instant → "2026-03-10T10:00" on the wall clock of `zone` (for datetime-local inputs). */
export function utcToWallTime(iso: string, zone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return new Date(at.getTime() + offsetMinutes(zone, at) * 60_000).toISOString().slice(0, 16);
}
