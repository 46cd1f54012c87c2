/**
 * The report as a Word document (.docx): a minimal WordprocessingML package written with jszip
 * — content types, relationships, styles, core properties and the document. The chart of
 * updates per GCM objective is a table whose shaded cells form the bars, which every Word
 * version and LibreOffice render without DrawingML.
 *
 * jszip is loaded on first use: it is a devDependency today (package.json), so a production
 * install without it loses only the Word download, never the app's start.
 */
import type { ReportBlock, ReportView } from './report-view';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const BAR_CELLS = 20;
const BAR_FILL = '1F6FB2';
const HEADER_FILL = 'EEF3F8';

/** XML text: escaped, and without the characters XML 1.0 cannot carry at all. */
export function escapeXml(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character] ?? character);
}

const run = (text: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
const paragraph = (text: string, style?: string, runProps = '') =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${text === '' ? '' : run(text, runProps)}</w:p>`;

function cell(content: string, widthTwips: number, fill?: string): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${widthTwips}" w:type="dxa"/>${fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${fill}"/>` : ''}</w:tcPr>${content}</w:tc>`;
}

const BORDERS = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/>`).join('')}</w:tblBorders>`;

function table(widths: readonly number[], rows: readonly string[], borders = true): string {
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/>${borders ? BORDERS : ''}<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${widths
    .map((width) => `<w:gridCol w:w="${width}"/>`)
    .join('')}</w:tblGrid>${rows.join('')}</w:tbl>${paragraph('')}`;
}

// A4 with 2 cm margins leaves about 9,600 twips of text width.
const TEXT_WIDTH = 9600;

function blockXml(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading':
      return paragraph(block.text, 'Heading2');
    case 'paragraph':
      return paragraph(block.text, undefined, block.subtle ? '<w:i/><w:color w:val="666666"/>' : '');
    case 'table': {
      const columns = Math.max(1, block.headers.length);
      const width = Math.floor(TEXT_WIDTH / columns);
      const widths = Array.from({ length: columns }, () => width);
      const header = `<w:tr><w:trPr><w:tblHeader/></w:trPr>${block.headers.map((text) => cell(paragraph(text, undefined, '<w:b/>'), width, HEADER_FILL)).join('')}</w:tr>`;
      // A cell's lines (an activity's indicators) are paragraphs of their own.
      const rows = block.rows.map((row) => `<w:tr>${row.map((text) => cell(text.split('\n').map((line) => paragraph(line)).join(''), width)).join('')}</w:tr>`);
      return table(widths, [header, ...rows]);
    }
    case 'chart': {
      const percent = block.scale === 'percent';
      const max = percent ? 100 : Math.max(1, ...block.bars.map((bar) => bar.count));
      const labelWidth = 700;
      const countWidth = 900;
      const barWidth = Math.floor((TEXT_WIDTH - labelWidth - countWidth) / BAR_CELLS);
      const widths = [labelWidth, ...Array.from({ length: BAR_CELLS }, () => barWidth), countWidth];
      const rows = block.bars.map((bar) => {
        const filled = Math.round((Math.min(bar.count, max) / max) * BAR_CELLS);
        const bars = Array.from({ length: BAR_CELLS }, (_, index) => cell(paragraph(''), barWidth, index < filled ? BAR_FILL : undefined)).join('');
        return `<w:tr>${cell(paragraph(bar.label, undefined, '<w:b/>'), labelWidth)}${bars}${cell(paragraph(percent ? `${bar.count} %` : String(bar.count)), countWidth)}</w:tr>`;
      });
      return `${paragraph(block.title, undefined, '<w:b/>')}${table(widths, rows, false)}`;
    }
  }
}

export function documentXml(view: ReportView): string {
  const body = [
    paragraph(view.title, 'Title'),
    paragraph(view.subtitle),
    paragraph(view.generated, undefined, '<w:i/><w:color w:val="666666"/>'),
    ...view.sections.flatMap((section) => [paragraph(section.heading, 'Heading1'), ...section.blocks.map(blockXml)]),
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="21"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="36"/><w:color w:val="1F3864"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:color w:val="1F6FB2"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="23"/></w:rPr></w:style></w:styles>`;

function coreXml(view: ReportView): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(view.title)}</dc:title><dc:subject>${escapeXml(view.subtitle)}</dc:subject><dc:language>${view.language}</dc:language><dc:creator>Réseau</dc:creator></cp:coreProperties>`;
}

export async function reportDocx(view: ReportView): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('word/_rels/document.xml.rels', DOCUMENT_RELS);
  zip.file('word/styles.xml', STYLES);
  zip.file('word/document.xml', documentXml(view));
  zip.file('docProps/core.xml', coreXml(view));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
