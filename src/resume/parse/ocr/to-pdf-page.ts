/**
 * OCR lines → the positioned text items the PDF layout reads (`PdfPage`), so
 * a scan goes through exactly the same layout analysis as a text PDF.
 *
 * What a text layer states, OCR has to estimate:
 * - Font size, from how far each word rises above its line's baseline: a
 *   word with a capital, digit or ascender rises about 0.72 em, a word of
 *   x-height letters only about 0.5 em. Estimates of one size scatter by
 *   several percent, and the layout compares sizes closely (headings share a
 *   style), so sizes are snapped to the modes of their distribution.
 * - Bold, from the stroke width of each word's pixels against the
 *   document's usual stroke (stroke-weight.ts): bold runs get their own font,
 *   which the layout reads as emphasis.
 * - Glyphs Tesseract confuses in a typical CV: a bullet read as "«", "e" or
 *   "©" (recognised by its small box at the start of a line), an en dash
 *   read as "~".
 * - Word spacing: Tesseract's words are grouped into runs with its own
 *   spaces (its boxes are too rough to re-decide spacing from), split only at
 *   wide gaps, which the layout reads as tab stops and columns.
 */
import type { PdfPage, PdfTextItem } from "../pdf/extract-text.js";
import type { OcrLanguage } from "./capability.js";
import { isOneLetterWord } from "./choose-languages.js";
import type { OcrLine, OcrPage, OcrWord } from "./hocr.js";
import { type GreyImage, strokeWidth } from "./stroke-weight.js";

export const OCR_FONT = "ocr";
export const OCR_BOLD_FONT = "ocr-bold";

/** Stroke width this many times the document's usual one (per em) is bold. */
const BOLD_RATIO = 1.4;

/** One page read by OCR: its words, the resolution it was read at, and its pixels when known. */
export type ScannedPage = { page: OcrPage; dpi: number; grey?: GreyImage };

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Characters that reach cap or ascender height. Accented lower-case letters count (their accent). */
const TALL = /[\p{Lu}\p{Nd}bdfhklt!?/\\|()[\]{}ß#$%&@]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
/** Share of the em a word's top sits above the baseline. */
const TALL_ASCENT = 0.72;
const X_HEIGHT = 0.5;
/** Share of the em an ideograph's box spans. */
const CJK_HEIGHT = 0.88;
/** Single glyphs Tesseract reads for a bullet. */
const BULLET_LOOKALIKES = new Set([
  "•",
  "·",
  "«",
  "»",
  "©",
  "®",
  "°",
  "¢",
  "*",
  "+",
  "e",
  "o",
  "°",
  "»",
  ">",
  "-",
  "–",
]);
/** Sizes within this factor of a mode are the same size. */
const SIZE_BANDWIDTH = Math.log(1.07);

function isTall(text: string): boolean {
  return TALL.test(text) || /\p{M}/u.test(text.normalize("NFD"));
}

/** The em (font size) of one word in pixels, or undefined when the word says nothing about it. */
function wordEm(word: OcrWord, baseline: number): number | undefined {
  if (!LETTER_OR_DIGIT.test(word.text)) return undefined;
  if (CJK.test(word.text)) return (word.y1 - word.y0) / CJK_HEIGHT;
  const ascent = baseline - word.y0;
  if (ascent <= 0) return undefined;
  return ascent / (isTall(word.text) ? TALL_ASCENT : X_HEIGHT);
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The line's em in pixels: the median of its words' estimates (longer words weigh in first). */
export function lineEm(line: OcrLine): number {
  const estimates = (minLength: number) =>
    line.words
      .filter((w) => [...w.text].length >= minLength)
      .map((w) => wordEm(w, line.baseline))
      .filter((e): e is number => e !== undefined);
  return median(estimates(2)) ?? median(estimates(1)) ?? line.rowHeight / 1.25;
}

/**
 * Snaps each value to the mode of the weighted distribution it climbs to
 * (mean shift in log space): values of one true size land on one number.
 */
export function snapToModes(values: number[], weights: number[]): number[] {
  const logs = values.map(Math.log);
  // Sorted values with prefix sums: each window mean costs two binary searches (a noisy scan has thousands of lines).
  const order = logs.map((v, i) => ({ v, w: Math.max(weights[i]!, 1e-9) })).sort((a, b) => a.v - b.v);
  const sumW = [0];
  const sumWV = [0];
  for (const { v, w } of order) {
    sumW.push(sumW.at(-1)! + w);
    sumWV.push(sumWV.at(-1)! + w * v);
  }
  const firstAbove = (x: number, inclusive: boolean) => {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inclusive ? order[mid]!.v < x : order[mid]!.v <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const shifted = logs.map((start) => {
    let x = start;
    for (let step = 0; step < 50; step++) {
      const from = firstAbove(x - SIZE_BANDWIDTH, true);
      const to = firstAbove(x + SIZE_BANDWIDTH, false);
      const total = sumW[to]! - sumW[from]!;
      const next = total > 0 ? (sumWV[to]! - sumWV[from]!) / total : x;
      if (Math.abs(next - x) < 1e-4) break;
      x = next;
    }
    return x;
  });
  // Modes a hair apart are one mode.
  const modes: number[] = [];
  for (const x of [...shifted].sort((a, b) => a - b)) {
    if (modes.length === 0 || x - modes.at(-1)! > SIZE_BANDWIDTH / 4) modes.push(x);
  }
  return shifted.map((x) =>
    Math.exp(modes.reduce((best, m) => (Math.abs(m - x) < Math.abs(best - x) ? m : best))),
  );
}

/**
 * A separator dot between words ("Engineer · Cabify") read as "«", ":" or
 * "-": one small, roughly square blob floating between baseline and
 * x-height. A hyphen is flat, a period sits on the baseline, a colon is tall.
 */
function isMiddleDot(word: OcrWord, baseline: number, em: number): boolean {
  if ([...word.text].length !== 1 || /[\p{L}\p{N}]/u.test(word.text)) return false;
  const w = word.x1 - word.x0;
  const h = word.y1 - word.y0;
  const centre = baseline - (word.y0 + word.y1) / 2;
  return (
    w <= 0.3 * em &&
    h <= 0.3 * em &&
    h >= 0.6 * w &&
    h <= 1.7 * w &&
    centre >= 0.15 * em &&
    centre <= 0.55 * em
  );
}

function fixGlyphs(line: OcrLine, em: number): string[] {
  const last = line.words.length - 1;
  return line.words.map((word, i) => {
    if (
      i === 0 &&
      last > 0 &&
      BULLET_LOOKALIKES.has(word.text) &&
      word.y1 - word.y0 <= 0.55 * em &&
      word.x1 - word.x0 <= 0.55 * em
    )
      return "•";
    if (i > 0 && i < last && word.text === "~") return "–";
    if (i > 0 && i < last && isMiddleDot(word, line.baseline, em)) return "·";
    return word.text;
  });
}

/** Below this confidence a short first word is an icon Tesseract tried to read (phone, mail, pin). */
const ICON_CONFIDENCE = 60;

/** A word's borders from a tag chip or box drawn round it: "[", "{", "|" with no partner. */
function withoutBorders(text: string): string {
  if (/^[[\]{}|]+$/.test(text)) return "";
  let out = text;
  if (/^[[{]/.test(out) && !/[\]}]/.test(out)) out = out.slice(1);
  if (/[\]}]$/.test(out) && !/[[{]/.test(out)) out = out.slice(0, -1);
  return out;
}

/**
 * Icons and the borders of tag chips are drawn, not written, but Tesseract
 * reads them as characters ("仿教育背景", "s&s 100 Ocean Wave", "[ Focused
 * {Patient |"); a text layer has them as private-use glyphs the PDF reader
 * drops. A short, unsure first word goes, and so do unpaired brackets and
 * bars at a word's edge (a bar between two words stays: it separates them).
 */
function withoutIcons(line: OcrLine): OcrLine {
  let words = line.words;
  const first = words[0];
  if (
    first &&
    words.length > 1 &&
    [...first.text].length <= 3 &&
    first.confidence < ICON_CONFIDENCE &&
    !BULLET_LOOKALIKES.has(first.text)
  )
    words = words.slice(1);
  words = words
    .map((word, i) => {
      const inner = i > 0 && i < words.length - 1;
      const text = inner && word.text === "|" ? word.text : withoutBorders(word.text);
      return text === word.text ? word : { ...word, text };
    })
    .filter((word) => word.text !== "");
  return { ...line, words };
}

/** Words closer than this many ems are one run: Tesseract's own word spacing holds inside it. */
const RUN_GAP_EM = 1;

/**
 * Where Tesseract puts a space that is not there: after the "@" of an
 * e-mail address, and after a word's first capital ("J ohn", "C ounty")
 * unless that capital is a word of its own in the page's languages ("I am",
 * "A team"). A capital split off that way often gets a box reaching far back
 * over the word before it ("District A ttorney", "ALEX J OHNSON"): that
 * settles it even for "A" or in capitals, where it could be an initial.
 */
function spuriousSpace(
  previous: string,
  next: string,
  gapEm: number,
  gapBeforePreviousEm: number,
  languages: readonly OcrLanguage[],
): boolean {
  if (gapEm >= 0.6) return false;
  if (previous.endsWith("@")) return /^[\p{L}\p{N}]/u.test(next);
  if (!/^\p{Lu}$/u.test(previous)) return false;
  if (gapBeforePreviousEm < -0.5) return /^\p{L}/u.test(next);
  return !isOneLetterWord(previous, languages) && /^\p{Ll}/u.test(next);
}

type Run = { text: string; x0: number; x1: number; words: OcrWord[] };

/** A line's words → runs separated by wide gaps (tab stops, columns), for the layout to split on. */
function runsOf(line: OcrLine, texts: string[], em: number, languages: readonly OcrLanguage[]): Run[] {
  const runs: Run[] = [];
  let gapBeforePrevious = Number.POSITIVE_INFINITY;
  line.words.forEach((word, i) => {
    const text = texts[i]!;
    const last = runs.at(-1);
    const gap = last ? (word.x0 - last.x1) / em : Number.POSITIVE_INFINITY;
    const gapBefore = gapBeforePrevious;
    gapBeforePrevious = gap;
    if (!last || gap > RUN_GAP_EM) {
      runs.push({ text, x0: word.x0, x1: word.x1, words: [word] });
      return;
    }
    last.words.push(word);
    const previous = texts[i - 1]!;
    // CJK is written without spaces; Tesseract's words there are often single characters.
    const joined =
      (CJK.test(previous.at(-1) ?? "") && CJK.test(text[0] ?? "")) ||
      spuriousSpace(previous, text, gap, gapBefore, languages);
    last.text += joined ? text : ` ${text}`;
    last.x0 = Math.min(last.x0, word.x0);
    last.x1 = Math.max(last.x1, word.x1);
  });
  return runs;
}

/**
 * Converts the OCR of several pages into `PdfPage`s in points (origin
 * bottom-left, y up, as pdf.js reports text). `dpi` per page converts pixels.
 */
export function toPdfPages(pages: ScannedPage[], languages: readonly OcrLanguage[] = ["eng"]): PdfPage[] {
  const lines = pages.flatMap(({ page, dpi, grey }, p) =>
    page.lines
      .map(withoutIcons)
      .filter((line) => line.words.length > 0)
      .map((line) => ({ p, line, dpi, grey, em: lineEm(line) })),
  );
  const chars = lines.map(({ line }) => line.words.reduce((n, w) => n + w.text.length, 0));
  // Sizes are compared in points across pages that may have different resolutions.
  const snapped = snapToModes(
    lines.map((l) => (l.em * 72) / l.dpi),
    chars,
  );
  // Stroke width per em of every word with pixels; the weighted median is the document's regular weight.
  const weight = new Map<OcrWord, number>();
  for (const { line, grey, em } of lines) {
    if (!grey) continue;
    for (const word of line.words) {
      if (!/[\p{L}\p{N}]/u.test(word.text)) continue;
      const stroke = strokeWidth(grey, word);
      if (stroke !== undefined) weight.set(word, stroke / em);
    }
  }
  const regular = weightedMedian([...weight].map(([word, w]) => [w, word.text.length]));
  const isBold = (words: OcrWord[]) => {
    if (regular === undefined) return false;
    let bold = 0;
    let total = 0;
    for (const word of words) {
      const w = weight.get(word);
      if (w === undefined) continue;
      total += word.text.length;
      if (w >= BOLD_RATIO * regular) bold += word.text.length;
    }
    return total > 0 && bold > 0.5 * total;
  };

  const result: PdfPage[] = pages.map(({ page, dpi }, p) => ({
    number: p + 1,
    width: (page.width * 72) / dpi,
    height: (page.height * 72) / dpi,
    items: [],
  }));
  lines.forEach(({ p, line, dpi, em }, i) => {
    const scale = 72 / dpi;
    const target = result[p]!;
    const y = target.height - line.baseline * scale;
    for (const run of runsOf(line, fixGlyphs(line, em), em, languages)) {
      const item: PdfTextItem = {
        text: run.text,
        x: run.x0 * scale,
        y,
        width: (run.x1 - run.x0) * scale,
        size: snapped[i]!,
        font: isBold(run.words) ? OCR_BOLD_FONT : OCR_FONT,
      };
      target.items.push(item);
    }
  });
  return result;
}

function weightedMedian(values: [number, number][]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, w]) => n + w, 0);
  let seen = 0;
  for (const [value, w] of sorted) {
    seen += w;
    if (seen * 2 >= total) return value;
  }
  return sorted.at(-1)![0];
}

/** Mean word confidence (0..100) weighted by word length; 0 for a page without words. */
export function meanConfidence(pages: OcrPage[]): number {
  let sum = 0;
  let total = 0;
  for (const page of pages)
    for (const line of page.lines)
      for (const word of line.words) {
        sum += word.confidence * word.text.length;
        total += word.text.length;
      }
  return total > 0 ? sum / total : 0;
}
