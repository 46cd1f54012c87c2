/**
 * Draws the two Teams app icons (appPackage/color.png 192×192 and appPackage/outline.png 32×32)
 * from code, so they are reproducible and reviewable instead of opaque binaries.
 *
 *   npx tsx scripts/make-icons.ts          # rewrites appPackage/color.png and appPackage/outline.png
 *
 * The glyph is a small network: five agencies on a ring around a hub, which is what "Réseau" means.
 * Teams' rules for the two icons:
 * - color: 192×192, full-bleed coloured background; we use UN blue and keep the glyph inside the
 *   central ~120 px so it survives the rounded-square crop Teams applies.
 * - outline: 32×32, white glyph on a fully transparent background, no other colour; anti-aliasing is
 *   done with the alpha channel only, so every pixel stays pure white or fully transparent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** UN blue; also the manifest's accentColor, so the tile behind the icon matches its background. */
export const ICON_ACCENT_COLOR = '#009EDB';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Geometry in pixels for one icon size; tuned separately because a 1 px line at 32 px is not 6 px at 192. */
interface GlyphGeometry {
  size: number;
  ringRadius: number;
  hubRadius: number;
  nodeRadius: number;
  lineWidth: number;
}

const COLOR_GEOMETRY: GlyphGeometry = { size: COLOR_ICON_SIZE, ringRadius: 46, hubRadius: 13, nodeRadius: 10, lineWidth: 6 };
const OUTLINE_GEOMETRY: GlyphGeometry = { size: OUTLINE_ICON_SIZE, ringRadius: 11, hubRadius: 3.2, nodeRadius: 2.7, lineWidth: 1.6 };

/** 4×4 samples per pixel: enough for smooth edges, and deterministic (no randomness, no fonts). */
const SUPERSAMPLING = 4;
const RING_NODES = 5;

interface Point {
  x: number;
  y: number;
}

function ringNodes(g: GlyphGeometry): Point[] {
  const centre = g.size / 2;
  const nodes: Point[] = [];
  for (let i = 0; i < RING_NODES; i++) {
    // Start at the top (−90°) so the glyph reads as upright.
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / RING_NODES;
    nodes.push({ x: centre + g.ringRadius * Math.cos(angle), y: centre + g.ringRadius * Math.sin(angle) });
  }
  return nodes;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** True when the point lies on the glyph: a node, a spoke from the hub, or a ring segment. */
function insideGlyph(p: Point, g: GlyphGeometry, nodes: readonly Point[]): boolean {
  const hub = { x: g.size / 2, y: g.size / 2 };
  if (Math.hypot(p.x - hub.x, p.y - hub.y) <= g.hubRadius) return true;
  const halfLine = g.lineWidth / 2;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Point;
    const next = nodes[(i + 1) % nodes.length] as Point;
    if (Math.hypot(p.x - node.x, p.y - node.y) <= g.nodeRadius) return true;
    if (distanceToSegment(p, hub, node) <= halfLine) return true;
    if (distanceToSegment(p, node, next) <= halfLine) return true;
  }
  return false;
}

/** Fraction (0..1) of each pixel covered by the glyph, row-major. */
function coverage(g: GlyphGeometry): Float64Array {
  const nodes = ringNodes(g);
  const out = new Float64Array(g.size * g.size);
  const step = 1 / SUPERSAMPLING;
  for (let y = 0; y < g.size; y++) {
    for (let x = 0; x < g.size; x++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLING; sy++) {
        for (let sx = 0; sx < SUPERSAMPLING; sx++) {
          if (insideGlyph({ x: x + (sx + 0.5) * step, y: y + (sy + 0.5) * step }, g, nodes)) hits++;
        }
      }
      out[y * g.size + x] = hits / (SUPERSAMPLING * SUPERSAMPLING);
    }
  }
  return out;
}

function hexToRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Expected a #RRGGBB colour, got "${hex}"`);
  return [parseInt(match[1] as string, 16), parseInt(match[2] as string, 16), parseInt(match[3] as string, 16)];
}

/** 192×192, opaque: white glyph blended over the accent colour. */
export function renderColorIcon(): PNG {
  const g = COLOR_GEOMETRY;
  const [r, gr, b] = hexToRgb(ICON_ACCENT_COLOR);
  const cover = coverage(g);
  const png = new PNG({ width: g.size, height: g.size });
  for (let i = 0; i < cover.length; i++) {
    const c = cover[i] as number;
    png.data[i * 4] = Math.round(r + (255 - r) * c);
    png.data[i * 4 + 1] = Math.round(gr + (255 - gr) * c);
    png.data[i * 4 + 2] = Math.round(b + (255 - b) * c);
    png.data[i * 4 + 3] = 255;
  }
  return png;
}

/** 32×32: white everywhere, glyph carried by alpha only; uncovered pixels are (0,0,0,0). */
export function renderOutlineIcon(): PNG {
  const g = OUTLINE_GEOMETRY;
  const cover = coverage(g);
  const png = new PNG({ width: g.size, height: g.size });
  for (let i = 0; i < cover.length; i++) {
    const alpha = Math.round(255 * (cover[i] as number));
    const value = alpha === 0 ? 0 : 255;
    png.data[i * 4] = value;
    png.data[i * 4 + 1] = value;
    png.data[i * 4 + 2] = value;
    png.data[i * 4 + 3] = alpha;
  }
  return png;
}

export function encodePng(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}

export function writeIcons(appPackageDir: string): { color: string; outline: string } {
  mkdirSync(appPackageDir, { recursive: true });
  const color = path.join(appPackageDir, 'color.png');
  const outline = path.join(appPackageDir, 'outline.png');
  writeFileSync(color, encodePng(renderColorIcon()));
  writeFileSync(outline, encodePng(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const written = writeIcons(path.resolve(__dirname, '..', 'appPackage'));
  console.log(`Wrote ${path.relative(process.cwd(), written.color)} and ${path.relative(process.cwd(), written.outline)}`);
}
