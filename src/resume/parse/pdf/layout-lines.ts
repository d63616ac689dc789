/**
 * Positioned PDF text items → `TextLine`s in reading order.
 *
 * 1. Items on one baseline form a row; wide horizontal gaps split a row into
 *    segments (tab stops, right-aligned date columns, icon-separated contacts).
 * 2. Columns: a vertical gutter that no segment below the page header crosses,
 *    with a section heading on each side, splits the page into columns read
 *    left to right. A right-aligned date column has no headings, so it stays
 *    part of the lines it sits beside.
 * 3. Running headers and footers repeated on several pages are dropped.
 * 4. Each line gets its signals: relative size, emphasis (a font other than
 *    the body font, usually bold), the vertical gap above it, bullets, indent.
 */

import type { SourceRef } from "../../model.js";
import { resolveIcons } from "../glyphs.js";
import { isDateOnly } from "../layout/dates.js";
import { sectionKindOf } from "../layout/headings.js";
import { stripBullet, type TextLine } from "../text-line.js";
import type { PdfPage, PdfTextItem } from "./extract-text.js";
import { repairLigatures } from "./ligatures.js";

type Segment = { text: string; x0: number; x1: number; y: number; size: number; font: string };
type Row = { y: number; size: number; segments: Segment[] };

/** Gap wider than this many font sizes starts a new segment. */
const SEGMENT_GAP_EM = 1.2;
/** Gap wider than this many font sizes is a word space. */
const WORD_GAP_EM = 0.12;

function groupRows(items: PdfTextItem[]): Row[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; size: number; items: PdfTextItem[] }[] = [];
  for (const item of sorted) {
    const row = rows.find((r) => Math.abs(r.y - item.y) <= 0.4 * Math.min(r.size, item.size || r.size));
    if (row) {
      row.items.push(item);
      row.size = Math.max(row.size, item.size);
    } else {
      rows.push({ y: item.y, size: item.size, items: [item] });
    }
  }
  // A row of nothing but icons or spaces has no segments left, and is no line.
  return rows
    .map((row) => ({ y: row.y, size: row.size, segments: splitSegments(row.items) }))
    .filter((row) => row.segments.length > 0);
}

function splitSegments(items: PdfTextItem[]): Segment[] {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const segments: (Segment & { charsByFont: Map<string, number> })[] = [];
  for (const item of sorted) {
    const last = segments.at(-1);
    const size = item.size || last?.size || 10;
    const gap = last ? item.x - last.x1 : Number.POSITIVE_INFINITY;
    const bulletOnly = last !== undefined && /^\s*[•·▪◦●■►▶➢➤‣⁃-]\s*$/u.test(last.text);
    const gapSize = last ? Math.min(size, last.size) : size;
    if (!last || (gap > SEGMENT_GAP_EM * gapSize && !bulletOnly)) {
      segments.push({
        text: item.text,
        x0: item.x,
        x1: item.x + item.width,
        y: item.y,
        size,
        font: item.font,
        charsByFont: new Map([[item.font, item.text.trim().length]]),
      });
      continue;
    }
    const needsSpace = gap > WORD_GAP_EM * size && !/\s$/.test(last.text) && !/^\s/.test(item.text);
    last.text += (needsSpace ? " " : "") + item.text;
    last.x1 = Math.max(last.x1, item.x + item.width);
    last.size = Math.max(last.size, size);
    last.charsByFont.set(item.font, (last.charsByFont.get(item.font) ?? 0) + item.text.trim().length);
  }
  return segments
    .map(({ charsByFont, ...segment }) => ({
      ...segment,
      text: resolveIcons(repairLigatures(segment.text)).replace(/\s+/g, " ").trim(),
      // The segment's font is the one most of its characters use.
      font: [...charsByFont.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? segment.font,
    }))
    .filter((segment) => segment.text !== "");
}

/** The x of a vertical gutter splitting rows into two columns, or undefined. */
function findGutter(rows: Row[], pageWidth: number): number | undefined {
  const segments = rows.flatMap((r) => r.segments);
  if (segments.length < 8) return undefined;
  const candidates = [...new Set(segments.map((s) => Math.round(s.x1 + 1)))].filter(
    (x) => x > 0.15 * pageWidth && x < 0.85 * pageWidth,
  );
  let best: { x: number; cross: number; balance: number } | undefined;
  for (const x of candidates) {
    let left = 0;
    let right = 0;
    let cross = 0;
    for (const s of segments) {
      if (s.x1 <= x) left++;
      else if (s.x0 >= x) right++;
      else cross++;
    }
    const balance = Math.min(left, right);
    if (balance < 3) continue;
    if (!best || cross < best.cross || (cross === best.cross && balance > best.balance)) {
      best = { x, cross, balance };
    }
  }
  if (!best || best.cross > Math.max(2, 0.06 * segments.length)) return undefined;
  // Both sides must hold a section heading; otherwise the right side is a date/location column.
  const gutter = best.x;
  // A label column (headings and dates only, content beside it) is no column either.
  const sideOk = (side: Segment[]) =>
    side.some((s) => sectionKindOf(s.text) !== undefined) &&
    side.filter((s) => sectionKindOf(s.text) === undefined && !isDateOnly(s.text)).length >= 2;
  const left = segments.filter((s) => s.x1 <= gutter);
  const right = segments.filter((s) => s.x0 >= gutter);
  return sideOk(left) && sideOk(right) ? gutter : undefined;
}

type PlacedLine = {
  row: Row;
  segments: Segment[];
  column: number;
  page: number;
  columnLeft: number;
  pageHeight?: number;
};

function normalizeRepeat(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

/** Rows repeated near the top or bottom of several pages (running headers and footers). */
function runningRows(pages: { page: PdfPage; rows: Row[] }[]): Set<string> {
  const seen = new Map<string, number>();
  for (const { page, rows } of pages) {
    const keys = new Set<string>();
    for (const row of rows) {
      const edge = row.y > page.height * 0.9 || row.y < page.height * 0.08;
      if (edge) keys.add(normalizeRepeat(row.segments.map((s) => s.text).join(" ")));
    }
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, count]) => count >= 2).map(([key]) => key));
}

const PAGE_NUMBER = /^(page\s*)?\d{1,3}(\s*(\/|of)\s*\d{1,3})?$/i;

/** Lays out PDF pages as lines in reading order with layout signals. */
export function layoutPdfLines(pages: PdfPage[]): TextLine[] {
  const pageRows = pages.map((page) => ({ page, rows: groupRows(page.items) }));
  const running = pages.length > 1 ? runningRows(pageRows) : new Set<string>();

  const placed: PlacedLine[] = [];
  for (const { page, rows } of pageRows) {
    const kept = rows.filter((row) => {
      const text = row.segments.map((s) => s.text).join(" ");
      const edge = row.y > page.height * 0.9 || row.y < page.height * 0.08;
      return !(edge && (running.has(normalizeRepeat(text)) || PAGE_NUMBER.test(text.trim())));
    });
    // The page header (name, contacts) spans the columns; split only below the first heading.
    const headingRows = kept.filter((r) => r.segments.some((s) => sectionKindOf(s.text) !== undefined));
    const firstHeadingY =
      page.number === 1 && headingRows.length ? Math.max(...headingRows.map((r) => r.y)) : Infinity;
    const body = kept.filter((r) => r.y <= firstHeadingY + 1);
    const gutter = findGutter(body, page.width);
    const pageLeft = Math.min(...kept.flatMap((r) => r.segments.map((s) => s.x0)));

    if (gutter === undefined) {
      for (const row of kept)
        placed.push({ row, segments: row.segments, column: 0, page: page.number, columnLeft: pageLeft });
      continue;
    }
    const rightLeft = Math.min(
      ...body.flatMap((r) => r.segments.filter((s) => s.x0 >= gutter).map((s) => s.x0)),
    );
    // Bands: rows with a segment crossing the gutter (or above the first heading) are full width
    // and separate runs of two-column rows, each read left column first.
    let band: { left: PlacedLine[]; right: PlacedLine[] } = { left: [], right: [] };
    const flush = () => {
      placed.push(...band.left, ...band.right);
      band = { left: [], right: [] };
    };
    for (const row of kept) {
      const spans = row.y > firstHeadingY + 1 || row.segments.some((s) => s.x0 < gutter && s.x1 > gutter);
      if (spans) {
        flush();
        placed.push({ row, segments: row.segments, column: 0, page: page.number, columnLeft: pageLeft });
        continue;
      }
      const left = row.segments.filter((s) => s.x1 <= gutter);
      const right = row.segments.filter((s) => s.x0 >= gutter);
      if (left.length)
        band.left.push({ row, segments: left, column: 1, page: page.number, columnLeft: pageLeft });
      if (right.length)
        band.right.push({ row, segments: right, column: 2, page: page.number, columnLeft: rightLeft });
    }
    flush();
  }
  const heights = new Map(pages.map((p) => [p.number, p.height]));
  for (const line of placed) line.pageHeight = heights.get(line.page);
  return toTextLines(placed);
}

/**
 * Centred text (sidebars of some templates) has ragged left edges that would
 * read as indents; lines of a page column whose centres agree get their left
 * edge reset to the column's.
 */
function markCentred(placed: PlacedLine[]): Set<PlacedLine> {
  const centred = new Set<PlacedLine>();
  const groups = new Map<string, PlacedLine[]>();
  for (const line of placed) {
    const key = `${line.page}:${line.column}`;
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  for (const lines of groups.values()) {
    if (lines.length < 4) continue;
    const centre = (l: PlacedLine) => (l.segments[0]!.x0 + l.segments.at(-1)!.x1) / 2;
    const centres = lines.map(centre).sort((a, b) => a - b);
    const median = centres[Math.floor(centres.length / 2)]!;
    const near = lines.filter((l) => Math.abs(centre(l) - median) <= 3);
    const lefts = new Set(near.map((l) => Math.round(l.segments[0]!.x0 / 3)));
    if (near.length >= 0.6 * lines.length && lefts.size >= 0.5 * near.length)
      for (const l of near) centred.add(l);
  }
  return centred;
}

function toTextLines(placed: PlacedLine[]): TextLine[] {
  const centred = markCentred(placed);
  // Body metrics: the size and font that most characters use.
  const sizeChars = new Map<number, number>();
  const fontChars = new Map<string, number>();
  for (const line of placed) {
    for (const s of line.segments) {
      const size = Math.round(s.size * 2) / 2;
      sizeChars.set(size, (sizeChars.get(size) ?? 0) + s.text.length);
      fontChars.set(s.font, (fontChars.get(s.font) ?? 0) + s.text.length);
    }
  }
  const bodySize = [...sizeChars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  const bodyFont = [...fontChars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";

  // Typical baseline distance between consecutive body lines in one column.
  const steps: number[] = [];
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1]!;
    const b = placed[i]!;
    if (a.page === b.page && a.column === b.column) {
      const step = a.row.y - b.row.y;
      if (step > 0.5 * bodySize && step < 3 * bodySize) steps.push(step);
    }
  }
  steps.sort((a, b) => a - b);
  const lineStep = steps[Math.floor(steps.length * 0.3)] ?? bodySize * 1.2;

  const lines: TextLine[] = [];
  let previousByColumn = new Map<number, PlacedLine>();
  let previousPage = 0;
  for (const line of placed) {
    if (line.page !== previousPage) {
      previousByColumn = new Map();
      previousPage = line.page;
    }
    const above =
      previousByColumn.get(line.column) ?? (line.column > 0 ? previousByColumn.get(0) : undefined);
    const step = above ? above.row.y - line.row.y : lineStep * 2;
    previousByColumn.set(line.column, line);
    const rawSegments = line.segments.map((s) => s.text);
    const first = stripBullet(rawSegments[0] ?? "");
    const segments = [first.text, ...rawSegments.slice(1)].filter((s) => s !== "");
    const chars = line.segments.reduce((n, s) => n + s.text.length, 0);
    const emphasisChars = line.segments
      .filter((s) => s.font !== bodyFont)
      .reduce((n, s) => n + s.text.length, 0);
    const size = Math.max(...line.segments.map((s) => s.size)) / bodySize;
    const left = centred.has(line) ? line.segments[0]!.x0 : line.columnLeft;
    const xs = line.segments.map((s) => Math.max(0, (s.x0 - left) / bodySize));
    lines.push({
      text: segments.join(" "),
      segments,
      segmentX: segments.length === xs.length ? xs : xs.slice(xs.length - segments.length),
      size: Math.round(size * 100) / 100,
      emphasis: emphasisChars > 0.6 * chars,
      gapBefore: Math.max(0, Math.round((step / lineStep - 1) * 100) / 100),
      bullet: first.bullet,
      indent: Math.max(0, ((line.segments[0]?.x0 ?? left) - left) / bodySize),
      page: line.page,
      column: line.column,
      source: boxOf(line),
    });
  }
  return lines;
}

/** The line's box in PDF points with the origin at the page's top left (`SourceRef`). */
function boxOf(line: PlacedLine): SourceRef {
  const x0 = Math.min(...line.segments.map((s) => s.x0));
  const x1 = Math.max(...line.segments.map((s) => s.x1));
  const size = Math.max(...line.segments.map((s) => s.size));
  const top = (line.pageHeight ?? 0) - (line.row.y + size);
  const r = (n: number) => Math.round(n * 10) / 10;
  return { page: line.page, x: r(x0), y: r(Math.max(0, top)), w: r(x1 - x0), h: r(size * 1.25) };
}
