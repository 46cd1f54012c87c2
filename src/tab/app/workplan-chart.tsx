/**
 * Progress per GCM objective as an SVG bar chart. Readable in Teams' light, dark and
 * high-contrast themes: every colour is a Fluent token (CSS variable) or currentColor, each bar
 * carries its number, title and percentage as text (never colour alone), and the track has an
 * outline so a bar of 0 % is still seen as a bar in high contrast. No viewBox scaling: the text
 * keeps its size and the bars are percentages of the width; the titles are wrapped to the width
 * the chart has (measured), so it fits Teams' narrow side panel and a phone.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { format, type TabStrings } from './strings';
import { percent, wrapText } from './workplan-input';

export interface ObjectiveBar {
  readonly objective: number;
  readonly title: string;
  readonly activities: number;
  /** 0–1. */
  readonly progress: number;
}

const LINE_HEIGHT = 16;
const BAR_HEIGHT = 14;
const ROW_GAP = 10;
// A generous mean width of a character at the chart's font size (fontSizeBase200, 12 px): lines
// wrap a little early rather than run past the edge.
const CHAR_WIDTH_PX = 7;

export function ObjectiveChart({ bars, t }: { readonly bars: readonly ObjectiveBar[]; readonly t: TabStrings }) {
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  // Measured before the first paint (no frame of labels running past the edge), then on every resize.
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return undefined;
    setWidth(Math.max(160, element.clientWidth));
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(160, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const maxChars = Math.max(16, Math.floor(width / CHAR_WIDTH_PX));
  let y = 0;
  const rows = bars.map((bar) => {
    const lines = wrapText(`${bar.objective}. ${bar.title} — ${percent(bar.progress)} %`, maxChars);
    const row = { bar, lines, top: y, barTop: y + lines.length * LINE_HEIGHT + 4 };
    y = row.barTop + BAR_HEIGHT + ROW_GAP;
    return row;
  });
  return (
    <div ref={frame} className="wp-chart-frame">
      <svg className="wp-chart" role="img" aria-labelledby="wp-chart-title wp-chart-desc" width="100%" height={Math.max(y, 1)} data-testid="objective-chart">
        <title id="wp-chart-title">{t.wp_chartTitle}</title>
        <desc id="wp-chart-desc">{bars.map((bar) => format(t.wp_chartRow, { objective: bar.objective, title: bar.title, percent: percent(bar.progress), activities: bar.activities })).join('; ')}</desc>
        {rows.map(({ bar, lines, top, barTop }) => (
          <g key={bar.objective} data-objective={bar.objective}>
            <text className="wp-chart-label">
              {lines.map((line, index) => (
                <tspan key={index} x="0" y={top + (index + 1) * LINE_HEIGHT - 3}>{line}</tspan>
              ))}
            </text>
            <rect x="0" y={barTop} width="100%" height={BAR_HEIGHT} rx="2" className="wp-chart-track" />
            <rect x="0" y={barTop} width={`${percent(bar.progress)}%`} height={BAR_HEIGHT} rx="2" className="wp-chart-bar" />
          </g>
        ))}
      </svg>
    </div>
  );
}
