/**
 * Nothing silently lost: after the fields are extracted, every source line is
 * checked against them. A line whose pieces all landed in some field (or that
 * is a section heading) is placed; the others are listed as unplaced lines,
 * with their source, for the review screen: the whole line when most of it
 * is missing, else just the missing pieces. Each field also gets the source
 * of the line it came from (`meta.sources`, keyed by JSON path).
 *
 * This reads the result rather than instrumenting every extractor, so it
 * holds for any layout: a piece counts as placed when its normalised text
 * occurs inside a field value.
 */
import type { Resume, SourceRef, UnplacedLine } from "../model.js";
import { readLabel } from "./lexicon/index.js";
import type { TextLine } from "./text-line.js";

const fold = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, " ")
    .trim();

/**
 * Pieces of a line that a field would hold separately. Spaces before a separator are matched from the
 * first of them only, so a long run is read once.
 */
const PIECES = /(?:(?<!\s)\s+)?(?:\||·|•|;|\s[–—-]\s|,\s|:\s)\s*/u;

/** Two letters or digits: text a person would miss, not a bullet, icon or stray mark. */
const WORDISH = /[\p{L}\p{N}][^\p{L}\p{N}]*[\p{L}\p{N}]/u;

type Field = { path: string; value: string };

/** Every non-empty string field of the resume with its JSON path (meta and ids left out). */
export function fieldValues(resume: Resume): Field[] {
  const out: Field[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") {
      if (value.trim() && !path.endsWith(".id")) out.push({ path, value });
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}.${i}`);
    } else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  for (const [key, value] of Object.entries(resume)) if (key !== "meta") walk(value, key);
  return out;
}

export type Placement = {
  unplaced: UnplacedLine[];
  sources: Record<string, SourceRef>;
  /** Share of source characters (headings included) that landed in a field. */
  placedShare: number;
};

/** Which lines landed in fields, and where each field came from. */
export function placeLines(resume: Resume, lines: TextLine[], headings: readonly string[]): Placement {
  const fields = fieldValues(resume).map((f) => ({ ...f, folded: fold(f.value) }));
  // Section headings are structure, not lost text.
  const haystack = [...fields.map((f) => f.folded), ...headings.map(fold)].join("\n");
  let total = 0;
  let placed = 0;
  const unplaced: UnplacedLine[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    const chars = text.replace(/\s/g, "").length;
    if (chars === 0) continue;
    total += chars;
    const pieces = line.segments.flatMap((s) => s.split(PIECES)).filter((p) => p.trim() !== "");
    let inFields = 0;
    const lost: string[] = [];
    for (const piece of pieces) {
      // Trailing brackets are matched from the first of them only (the lookbehind).
      const folded = fold(piece).replace(/^[([{]+|(?<![)\]},.])[)\]},.]+$/g, "");
      // Labels ("Tel.:", "Nombre:") are structure too (asked last: the label patterns cost the most).
      const label = () => readLabel(`${piece.replace(/[:：]\s*$/, "")}:`)?.value === "";
      if (folded === "" || haystack.includes(folded) || label()) inFields += piece.replace(/\s/g, "").length;
      // A piece with two letters or digits is text ("Go", "掌握"); a lone mark is decoration.
      else if (WORDISH.test(piece)) lost.push(piece.trim());
    }
    placed += Math.min(chars, inFields);
    if (lost.length === 0 || unplaced.length >= 2_000) continue;
    // A line mostly lost is listed whole; otherwise only the pieces no field took ("Vue.js" beside
    // a project name), so a short skill or place in a long line is not lost without a word.
    const mostlyLost = chars - inFields >= Math.max(4, 0.3 * chars);
    unplaced.push({
      id: `unplaced-${unplaced.length}`,
      text: (mostlyLost ? text : lost.join(" · ")).slice(0, 5_000),
      ...(line.source ? { source: line.source } : {}),
    });
  }

  // A field's source: the first line holding its value, searching onward from the
  // previous field's line so that repeated values ("Python") map to the right entry.
  const sources: Record<string, SourceRef> = {};
  const folded = lines.map((l) => fold(l.text));
  let cursor = 0;
  for (const field of fields) {
    if (Object.keys(sources).length >= 5_000) break;
    const probe = field.folded.length > 60 ? field.folded.slice(0, 60) : field.folded;
    if (probe.length < 2) continue;
    // A line holding the value wins over a line the value holds ("Software Engineer" in a headline
    // above "Senior Software Engineer"), each searched onward from the cursor.
    let at = -1;
    for (let k = 0; k < folded.length && at === -1; k++) {
      const i = (cursor + k) % folded.length;
      if (folded[i]!.includes(probe)) at = i;
    }
    for (let k = 0; k < folded.length && at === -1; k++) {
      const i = (cursor + k) % folded.length;
      const line = folded[i]!;
      if (line.length >= 4 && line.length <= probe.length && probe.includes(line)) at = i;
    }
    if (at === -1) continue;
    cursor = at;
    // A value wrapped over the next lines ("name@exam" / "ple.com") takes their boxes too.
    let end = at;
    if (!folded[at]!.includes(field.folded))
      while (
        end + 1 < folded.length &&
        folded[end + 1]!.length >= 2 &&
        field.folded.includes(folded[end + 1]!)
      )
        end++;
    const source = spanOf(lines.slice(at, end + 1));
    if (source) sources[field.path] = source;
  }
  return { unplaced, sources, placedShare: total ? Math.round((placed / total) * 1000) / 1000 : 1 };
}

/** The source of consecutive lines: one box around them when they are boxes on one page, else the first. */
function spanOf(lines: TextLine[]): SourceRef | undefined {
  const first = lines[0]?.source;
  if (!first || !("page" in first) || lines.length === 1) return first;
  let [x0, y0, x1, y1] = [first.x, first.y, first.x + first.w, first.y + first.h];
  for (const line of lines.slice(1)) {
    const s = line.source;
    if (!s || !("page" in s) || s.page !== first.page) break;
    [x0, y0, x1, y1] = [
      Math.min(x0, s.x),
      Math.min(y0, s.y),
      Math.max(x1, s.x + s.w),
      Math.max(y1, s.y + s.h),
    ];
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  return { page: first.page, x: r(x0), y: r(y0), w: r(x1 - x0), h: r(y1 - y0) };
}
