/**
 * The box model of the PDF layout.
 *
 * Glossary
 * - Span: styled text before line breaking (one face, size, colour, optional link).
 * - Line: one laid-out line; its items are positioned relative to the column's
 *   left edge and drawn on a shared baseline.
 * - Block: an indivisible unit of flow (a heading, an entry header, a bullet,
 *   a paragraph) with pagination hints: `keepWithNext` glues it to the start of
 *   the next block (headings never end a page), `splittable` lets a long
 *   paragraph break between lines (never leaving fewer than two lines behind).
 * - Frame: the rectangle a column flows into on one page.
 */
import type { FontFace } from "../../fonts/font-files.js";
import type { ItemTag } from "./tags.js";

export type TextStyle = Readonly<{ face: FontFace; size: number; color: string }>;

export type Span = TextStyle &
  Readonly<{ text: string; link?: string | undefined; tag?: ItemTag | undefined }>;

/** Index into the document's font chain: 0 = the family, then symbols, CJK, the configured fallback. */
export type FontSlot = number;

export type LineItem = TextStyle & {
  text: string;
  slot: FontSlot;
  x: number;
  width: number;
  link?: string | undefined;
  /** Vertical offset from the line's baseline (dates drawn beside the first line of a wrapped title). */
  dy?: number;
  /** The structure element the item belongs to (tagged PDF). */
  tag?: ItemTag | undefined;
};

/**
 * A rule drawn relative to a line's top-left: horizontal from (x1, dy) to (x2, dy), or vertical
 * to (x1, dy2) when `dy2` is set. A thick short rule is a filled bar.
 */
export type Rule = Readonly<{
  x1: number;
  x2: number;
  dy: number;
  dy2?: number;
  color: string;
  thickness: number;
}>;

/** A filled circle relative to a line's top-left (timeline dots). */
export type Dot = Readonly<{ cx: number; cy: number; r: number; color: string }>;

export type Line = {
  height: number;
  /** Distance from the line's top to the text baseline. */
  baseline: number;
  items: LineItem[];
  rules?: Rule[];
  dots?: Dot[];
};

export type Block = {
  lines: Line[];
  spaceBefore: number;
  keepWithNext?: boolean;
  splittable?: boolean;
};

export type Frame = Readonly<{ x: number; top: number; width: number; bottom: number }>;

/** Shift every item, rule and dot of `lines` right by `dx` (insets, rails, matrix columns). */
export function shiftLines(lines: readonly Line[], dx: number): void {
  if (!dx) return;
  for (const line of lines) {
    for (const item of line.items) item.x += dx;
    if (line.rules) line.rules = line.rules.map((r) => ({ ...r, x1: r.x1 + dx, x2: r.x2 + dx }));
    if (line.dots) line.dots = line.dots.map((d) => ({ ...d, cx: d.cx + dx }));
  }
}

/**
 * Two columns of lines side by side (rail + content, matrix label + value); each row is as tall
 * as its taller side. The left column's items all ride on the first row (moved down with `dy`),
 * so the text layer reads the left column whole, then the right: "Jan 2020 – Mar 2022", not
 * "Jan 2020 –" + title + "Mar 2022".
 */
export function zipColumns(left: readonly Line[], right: readonly Line[]): Line[] {
  const rows = Math.max(left.length, right.length);
  const out: Line[] = [];
  for (let i = 0; i < rows; i++) {
    const a = left[i];
    const b = right[i];
    const height = Math.max(a?.height ?? 0, b?.height ?? 0);
    const baseline = (b && b.height >= (a?.height ?? 0) ? b.baseline : a?.baseline) ?? 0;
    const rules = [...(a?.rules ?? []), ...(b?.rules ?? [])];
    const dots = [...(a?.dots ?? []), ...(b?.dots ?? [])];
    out.push({
      height,
      baseline,
      items: [...(b?.items ?? [])],
      ...(rules.length ? { rules } : {}),
      ...(dots.length ? { dots } : {}),
    });
  }
  const first = out[0];
  if (first) {
    let offset = 0;
    const leftItems: LineItem[] = [];
    left.forEach((line, k) => {
      for (const item of line.items)
        leftItems.push({ ...item, dy: (item.dy ?? 0) + offset + line.baseline - first.baseline });
      offset += out[k]!.height;
    });
    first.items.unshift(...leftItems);
  }
  return out;
}

/** A line placed on a page. */
export type Placement = Readonly<{ page: number; x: number; y: number; line: Line }>;

/** Measures text with the same shaping (and cache) pdfkit draws with, so widths match what is drawn. */
export interface TextMeasurer {
  width(text: string, face: FontFace, size: number, slot: FontSlot): number;
  /** Every character is drawn by the family (skips per-character checks). */
  readonly singleSlot: boolean;
  /** Which font slot draws the code point (the fallback only where the family lacks it). */
  slotFor(codePoint: number): FontSlot;
  /** Ascender and descender (negative) at `size`, for baseline placement. */
  metrics(face: FontFace, size: number): { ascender: number; descender: number };
}

export function blockHeight(block: Block): number {
  let h = 0;
  for (const line of block.lines) h += line.height;
  return h;
}
