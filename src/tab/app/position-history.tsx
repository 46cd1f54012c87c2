/**
 * An agency's positions on a decision, as its page shows them under the agency's row: a
 * disclosure button "Historique (n) / History (n)" (`aria-expanded`, `aria-controls`) and the
 * list it opens — every position newest first, the one that counts marked current, the earlier
 * ones replaced, with who gave it and as focal point or alternate when the server tells this
 * reader (pending people get positions and times only: src/decisions/decision-views.ts).
 * Times are on the network's clocks (its zone, settings/), in the reader's language.
 */
import { Badge, Button } from '@fluentui/react-components';
import { FALLBACK_ZONE, useNetworkZone } from './network-zone';
import { format, useTab } from './shared';
import type { TabLanguage } from './strings';

export type Position = 'agree' | 'agreeWithReservations' | 'standAside' | 'object';

/** One entry of `positions[].history` (PositionVoiceView). */
export interface PositionVoice {
  readonly position: Position;
  readonly comment?: string;
  readonly castAt: string;
  readonly castBy?: string;
  readonly castByRole?: 'focalPoint' | 'alternate';
  readonly status: 'current' | 'replaced';
}

/** "2 mars 2026 à 11:00" / "2 March 2026 at 11:00", on the clocks of `timeZone` (the network's). */
export function formatPositionTime(iso: string, language: TabLanguage, timeZone: string = FALLBACK_ZONE): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export const historyListId = (agencyCode: string) => `position-history-${agencyCode}`;

export function HistoryToggle({ agencyCode, agencyName, count, expanded, onToggle }: { agencyCode: string; agencyName: string; count: number; expanded: boolean; onToggle: () => void }) {
  const { t } = useTab();
  return (
    <Button
      appearance="subtle"
      size="small"
      aria-expanded={expanded}
      aria-controls={expanded ? historyListId(agencyCode) : undefined}
      aria-label={format(t.dec_historyOf, { count, agency: agencyName })}
      onClick={onToggle}
    >
      <span aria-hidden="true">{expanded ? '▾' : '▸'}&nbsp;</span>
      {format(t.dec_history, { count })}
    </Button>
  );
}

export function PositionHistory({ agencyCode, agencyName, history }: { agencyCode: string; agencyName: string; history: readonly PositionVoice[] }) {
  const { t, language } = useTab();
  const zone = useNetworkZone();
  const label = zone === FALLBACK_ZONE ? format(t.dec_historyList, { agency: agencyName, count: history.length }, language) : format(t.zone_historyList, { agency: agencyName, count: history.length, zone }, language);
  return (
    <ol className="position-history" id={historyListId(agencyCode)} aria-label={label} data-testid={`history-${agencyCode}`}>
      {history.map((voice, index) => (
        <li key={index} className={voice.status === 'current' ? 'position-history-current' : 'position-history-replaced'}>
          <strong>{t[`position_${voice.position}`]}</strong>{' '}
          <Badge appearance={voice.status === 'current' ? 'filled' : 'outline'} color={voice.status === 'current' ? 'brand' : 'informative'}>
            {voice.status === 'current' ? t.dec_historyCurrent : t.dec_historyReplaced}
          </Badge>
          <div className="muted">
            {[voice.castBy && (voice.castByRole ? format(t.dec_historyBy, { name: voice.castBy, role: t[`dec_role_${voice.castByRole}`] }) : voice.castBy), formatPositionTime(voice.castAt, language, zone)].filter(Boolean).join(' · ')}
          </div>
          {voice.comment && <div className="decision-text">{voice.comment}</div>}
        </li>
      ))}
    </ol>
  );
}
