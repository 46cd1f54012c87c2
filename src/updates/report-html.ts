/**
 * The report as one self-contained HTML page (no script, no external resource) with an
 * inline SVG chart of updates per GCM objective. Every text is escaped: titles typed by
 * members show as typed.
 */
import type { ReportBlock, ReportView } from './report-view';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character);
}

/**
 * Colours come from the page's stylesheet (classes), not from attributes: the bars, their track
 * and the labels follow the light, dark and high-contrast (forced colours) schemes and print in
 * ink; every bar also says its value in text, so nothing rests on colour alone.
 */
function chartSvg(block: Extract<ReportBlock, { kind: 'chart' }>): string {
  const rowHeight = 18;
  const labelWidth = 40;
  const barWidth = 420;
  const percent = block.scale === 'percent';
  const max = percent ? 100 : Math.max(1, ...block.bars.map((bar) => bar.count));
  const height = block.bars.length * rowHeight + 10;
  const value = (count: number) => (percent ? `${count} %` : String(count));
  const data = (label: string, count: number) => (percent ? `data-goal="${escapeHtml(label)}" data-progress="${count}"` : `data-objective="${escapeHtml(label)}" data-count="${count}"`);
  const rows = block.bars
    .map((bar, index) => {
      const y = 5 + index * rowHeight;
      const width = Math.round((Math.min(bar.count, max) / max) * barWidth);
      return [
        `<g><title>${escapeHtml(`${bar.label}. ${bar.title}: ${value(bar.count)}`)}</title>`,
        `<text class="chart-text" x="${labelWidth - 6}" y="${y + 12}" text-anchor="end" font-size="11">${escapeHtml(bar.label)}</text>`,
        percent ? `<rect class="chart-track" x="${labelWidth}" y="${y + 2}" width="${barWidth}" height="${rowHeight - 6}"/>` : '',
        `<rect class="chart-bar" x="${labelWidth}" y="${y + 2}" width="${width}" height="${rowHeight - 6}" ${data(bar.label, bar.count)}/>`,
        `<text class="chart-text" x="${labelWidth + (percent ? barWidth : width) + 4}" y="${y + 12}" font-size="11">${value(bar.count)}</text></g>`,
      ].join('');
    })
    .join('\n');
  const width = labelWidth + barWidth + 50;
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(block.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${rows}\n</svg><figcaption>${escapeHtml(block.title)}</figcaption></figure>`;
}

/** A cell's lines (an activity's indicators are one per line). */
const cellHtml = (text: string) => text.split('\n').map(escapeHtml).join('<br>');

function blockHtml(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading':
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return `<p${block.subtle ? ' class="subtle"' : ''}>${escapeHtml(block.text)}</p>`;
    case 'table':
      return [
        '<table>',
        `<thead><tr>${block.headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead>`,
        `<tbody>${block.rows.map((row) => `<tr>${row.map((cell) => `<td>${cellHtml(cell)}</td>`).join('')}</tr>`).join('\n')}</tbody>`,
        '</table>',
      ].join('\n');
    case 'chart':
      return chartSvg(block);
  }
}

export function reportHtml(view: ReportView): string {
  return `<!DOCTYPE html>
<html lang="${view.language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(view.title)}</title>
<style>
body { font-family: "Segoe UI", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; } th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; } .subtle { color: #666; font-style: italic; } figure { margin: 1rem 0; } figcaption { font-size: 0.85rem; color: #555; }
h3 { font-size: 1rem; margin: 1.2rem 0 0.3rem; }
.chart-bar { fill: #1f6fb2; } .chart-track { fill: none; stroke: #8a8a8a; stroke-width: 1; } .chart-text { fill: currentColor; }
@media (prefers-color-scheme: dark) {
  body { background: #1f1f1f; color: #e6e6e6; } th { background: #2b3540; } th, td { border-color: #555; } .subtle, figcaption { color: #b0b0b0; }
  .chart-bar { fill: #6cb4ee; } .chart-track { stroke: #9a9a9a; }
}
@media (forced-colors: active) {
  .chart-bar { fill: CanvasText; } .chart-track { stroke: CanvasText; } .chart-text { fill: CanvasText; }
}
@media print {
  body { background: #fff; color: #000; margin: 0; max-width: none; } .chart-bar { fill: #1f6fb2; print-color-adjust: exact; -webkit-print-color-adjust: exact; } .chart-track { stroke: #000; }
  figure, tr, h3 { break-inside: avoid; } h3 { break-after: avoid; }
}
</style>
</head>
<body>
<h1>${escapeHtml(view.title)}</h1>
<p>${escapeHtml(view.subtitle)}</p>
<p class="subtle">${escapeHtml(view.generated)}</p>
${view.sections.map((section) => `<section>\n<h2>${escapeHtml(section.heading)}</h2>\n${section.blocks.map(blockHtml).join('\n')}\n</section>`).join('\n')}
</body>
</html>
`;
}
