/**
 * The report as one self-contained HTML page (no script, no external resource) with an
 * inline SVG chart of updates per GCM objective. Every text is escaped: titles typed by
 * members show as typed.
 */
import type { ReportBlock, ReportView } from './report-view';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character);
}

const BAR_COLOR = '#1f6fb2';

function chartSvg(block: Extract<ReportBlock, { kind: 'chart' }>): string {
  const rowHeight = 18;
  const labelWidth = 40;
  const barWidth = 420;
  const max = Math.max(1, ...block.bars.map((bar) => bar.count));
  const height = block.bars.length * rowHeight + 10;
  const rows = block.bars
    .map((bar, index) => {
      const y = 5 + index * rowHeight;
      const width = Math.round((bar.count / max) * barWidth);
      return [
        `<g><title>${escapeHtml(`${bar.label}. ${bar.title}: ${bar.count}`)}</title>`,
        `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end" font-size="11">${escapeHtml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 2}" width="${width}" height="${rowHeight - 6}" fill="${BAR_COLOR}" data-objective="${escapeHtml(bar.label)}" data-count="${bar.count}"/>`,
        `<text x="${labelWidth + width + 4}" y="${y + 12}" font-size="11">${bar.count}</text></g>`,
      ].join('');
    })
    .join('\n');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(block.title)}" width="${labelWidth + barWidth + 40}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 40} ${height}">\n${rows}\n</svg><figcaption>${escapeHtml(block.title)}</figcaption></figure>`;
}

function blockHtml(block: ReportBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p${block.subtle ? ' class="subtle"' : ''}>${escapeHtml(block.text)}</p>`;
    case 'table':
      return [
        '<table>',
        `<thead><tr>${block.headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead>`,
        `<tbody>${block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n')}</tbody>`,
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
