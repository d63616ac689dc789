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

export type TextStyle = Readonly<{ face: FontFace; size: number; color: string }>;

export type Span = TextStyle & Readonly<{ text: string; link?: string | undefined }>;

/** 0 = the template's family, 1 = the fallback font. */
export type FontSlot = 0 | 1;

export type LineItem = TextStyle & {
  text: string;
  slot: FontSlot;
  x: number;
  width: number;
  link?: string | undefined;
  /** Vertical offset from the line's baseline (dates drawn beside the first line of a wrapped title). */
  dy?: number;
};

/** A horizontal rule drawn relative to a line's top edge. */
export type Rule = Readonly<{ x1: number; x2: number; dy: number; color: string; thickness: number }>;

export type Line = {
  height: number;
  /** Distance from the line's top to the text baseline. */
  baseline: number;
  items: LineItem[];
  rules?: Rule[];
};

export type Block = {
  lines: Line[];
  spaceBefore: number;
  keepWithNext?: boolean;
  splittable?: boolean;
};

export type Frame = Readonly<{ x: number; top: number; width: number; bottom: number }>;

/** A line placed on a page. */
export type Placement = Readonly<{ page: number; x: number; y: number; line: Line }>;

/** Measures text with the same shaping (and cache) pdfkit draws with, so widths match what is drawn. */
export interface TextMeasurer {
  width(text: string, face: FontFace, size: number, slot: FontSlot): number;
  /** No fallback font: every character is drawn by the family (skips per-character checks). */
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
