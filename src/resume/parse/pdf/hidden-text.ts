/**
 * Text a reader cannot see: invisible rendering mode (3, or 7 = clip only),
 * fill colour at or near white with no filled shape behind it, a size too
 * small to read, or a position outside the page. Such text is the classic
 * keyword-stuffing trick; it never becomes a field, and the parse reports it.
 *
 * pdf.js's text content carries no colour or rendering mode, so the page's
 * operator list is replayed (fill colour, rendering mode, transforms, filled
 * shapes) and its glyphs are matched, in content order, with the text items.
 */
import { OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PdfTextItem } from "./text-item.js";

/** Glyphs under this size (points) cannot be read on paper. */
const TINY_PT = 1.5;
/** Each colour channel at or above this (0..1) reads as white on a white page. */
const NEAR_WHITE = 0.94;

type Matrix = [number, number, number, number, number, number];
type Rect = { x0: number; y0: number; x1: number; y1: number };
type OperatorList = { fnArray: number[]; argsArray: unknown[] };
type Glyph = { unicode?: string } | number | null;

const FILLS = new Set<number>([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
const SHOW = new Set<number>([
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
]);

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** "#rrggbb" or [r, g, b] (0..255) → channels in 0..1. */
function channels(color: unknown): number[] | undefined {
  if (typeof color === "string" && /^#[0-9a-f]{6}$/i.test(color))
    return [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16) / 255);
  if (Array.isArray(color) && color.length >= 3 && color.every((c) => typeof c === "number"))
    return (color as number[]).slice(0, 3).map((c) => (c > 1 ? c / 255 : c));
  return undefined;
}

const isWhite = (rgb: number[] | undefined) => rgb?.every((c) => c >= NEAR_WHITE) ?? false;

function glyphText(args: unknown[]): string {
  const list = (args.find(Array.isArray) ?? []) as Glyph[];
  let text = "";
  for (const glyph of list) if (glyph && typeof glyph === "object" && glyph.unicode) text += glyph.unicode;
  return text;
}

/**
 * Indexes of `items` a reader cannot see. `items` are the page's text items in
 * content order (before any filtering); `page` is the pdf.js page.
 */
export function hiddenItems(
  items: PdfTextItem[],
  operators: OperatorList,
  pageBox: { width: number; height: number },
): Set<number> {
  // 1. Replay the operators: each shown character with its visibility, and the filled shapes.
  const chars: { ch: string; invisible: boolean; white: boolean }[] = [];
  const shapes: Rect[] = [];
  let state = { ctm: [1, 0, 0, 1, 0, 0] as Matrix, fill: [0, 0, 0] as number[] | undefined, mode: 0 };
  const stack: (typeof state)[] = [];
  const { fnArray, argsArray } = operators;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = (argsArray[i] ?? []) as unknown[];
    if (fn === OPS.save) stack.push({ ...state });
    else if (fn === OPS.restore) state = stack.pop() ?? state;
    else if (fn === OPS.transform) state.ctm = multiply(state.ctm, args as Matrix);
    else if (fn === OPS.setFillRGBColor) state.fill = channels(args[0] ?? args);
    else if (fn === OPS.setFillGray && typeof args[0] === "number") state.fill = [args[0], args[0], args[0]];
    else if (fn === OPS.setTextRenderingMode && typeof args[0] === "number") state.mode = args[0];
    else if (SHOW.has(fn)) {
      const invisible = state.mode === 3 || state.mode === 7;
      const white = isWhite(state.fill);
      for (const ch of glyphText(args)) if (ch.trim()) chars.push({ ch, invisible, white });
    } else if (fn === OPS.constructPath && FILLS.has(args[0] as number) && !isWhite(state.fill)) {
      const box = args[2] as number[] | undefined;
      if (box && box.length >= 4) {
        const [x0, y0, x1, y1] = [box[0]!, box[1]!, box[2]!, box[3]!];
        const corners = [
          [x0, y0],
          [x1, y1],
          [x0, y1],
          [x1, y0],
        ].map(([x, y]) => [
          state.ctm[0] * x! + state.ctm[2] * y! + state.ctm[4],
          state.ctm[1] * x! + state.ctm[3] * y! + state.ctm[5],
        ]);
        const xs = corners.map((c) => c[0]!);
        const ys = corners.map((c) => c[1]!);
        shapes.push({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
      }
    }
  }

  // 2. Match items to the replayed characters in order (a short look-ahead resynchronises).
  const hidden = new Set<number>();
  let cursor = 0;
  items.forEach((item, index) => {
    const offPage =
      item.x > pageBox.width || item.x + item.width < 0 || item.y < -item.size || item.y > pageBox.height;
    if (offPage || (item.size > 0 && item.size < TINY_PT)) {
      hidden.add(index);
      return;
    }
    let invisible = 0;
    let white = 0;
    let matched = 0;
    for (const ch of item.text.replace(/\s/g, "")) {
      for (let k = cursor; k < Math.min(chars.length, cursor + 40); k++) {
        if (chars[k]!.ch === ch || chars[k]!.ch.normalize("NFKC").startsWith(ch)) {
          matched++;
          if (chars[k]!.invisible) invisible++;
          if (chars[k]!.white) white++;
          cursor = k + 1;
          break;
        }
      }
    }
    if (matched === 0) return;
    const behind = shapes.some(
      (r) => item.x >= r.x0 - 1 && item.x <= r.x1 + 1 && item.y >= r.y0 - 1 && item.y <= r.y1 + 1,
    );
    if (invisible >= 0.8 * matched || (white >= 0.8 * matched && !behind)) hidden.add(index);
  });
  return hidden;
}
