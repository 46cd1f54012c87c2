/**
 * Progress per GCM objective as an SVG bar chart. Readable in Teams' light, dark and
 * high-contrast themes: no viewBox scaling (text keeps its size, bars are percentages of the
 * width, so it fits Teams' narrow side panel); every colour is a Fluent token (CSS variable) or currentColor, each bar
 * carries its number, title and percentage as text (never colour alone), and the track has an
 * outline so a bar of 0 % is still seen as a bar in high contrast.
 */
import { format, type TabStrings } from './strings';

export interface ObjectiveBar {
  readonly objective: number;
  readonly title: string;
  readonly activities: number;
  /** 0–1. */
  readonly progress: number;
}

const ROW = 44;
const LABEL_HEIGHT = 18;
const BAR_HEIGHT = 14;

export const percent = (progress: number): number => Math.round(Math.max(0, Math.min(1, progress)) * 100);

export function ObjectiveChart({ bars, t }: { readonly bars: readonly ObjectiveBar[]; readonly t: TabStrings }) {
  const height = bars.length * ROW + 4;
  return (
    <svg className="wp-chart" role="img" aria-labelledby="wp-chart-title wp-chart-desc" width="100%" height={height} data-testid="objective-chart">
      <title id="wp-chart-title">{t.wp_chartTitle}</title>
      <desc id="wp-chart-desc">{bars.map((bar) => format(t.wp_chartRow, { objective: bar.objective, title: bar.title, percent: percent(bar.progress), activities: bar.activities })).join('; ')}</desc>
      {bars.map((bar, index) => {
        const y = index * ROW;
        return (
          <g key={bar.objective} data-objective={bar.objective}>
            <text x="0" y={y + 13} className="wp-chart-label">
              {`${bar.objective}. ${bar.title} — ${percent(bar.progress)} %`}
            </text>
            <rect x="0" y={y + LABEL_HEIGHT + 4} width="100%" height={BAR_HEIGHT} rx="2" className="wp-chart-track" />
            <rect x="0" y={y + LABEL_HEIGHT + 4} width={`${percent(bar.progress)}%`} height={BAR_HEIGHT} rx="2" className="wp-chart-bar" />
          </g>
        );
      })}
    </svg>
  );
}
