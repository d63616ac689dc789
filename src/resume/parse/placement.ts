/**
 * Nothing silently lost: after the fields are extracted, every source line is
 * checked against them. A line whose pieces all landed in some field (or that
 * is a section heading) is placed; the others are listed as unplaced lines,
 * with their source, for the review screen. Each field also gets the source
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
    for (const piece of pieces) {
      // Trailing brackets are matched from the first of them only (the lookbehind).
      const folded = fold(piece).replace(/^[([{]+|(?<![)\]},.])[)\]},.]+$/g, "");
      // Labels ("Tel.:", "Nombre:") are structure too.
      const label = readLabel(`${piece.replace(/[:：]\s*$/, "")}:`)?.value === "";
      if (folded === "" || label || haystack.includes(folded)) inFields += piece.replace(/\s/g, "").length;
    }
    placed += Math.min(chars, inFields);
    if (chars - inFields >= Math.max(4, 0.3 * chars) && unplaced.length < 2_000)
      unplaced.push({
        id: `unplaced-${unplaced.length}`,
        text: text.slice(0, 5_000),
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
    let at = -1;
    for (let k = 0; k < folded.length && at === -1; k++) {
      const i = (cursor + k) % folded.length;
      if (folded[i]!.includes(probe) || (probe.includes(folded[i]!) && folded[i]!.length >= 4)) at = i;
    }
    if (at === -1) continue;
    cursor = at;
    const source = lines[at]!.source;
    if (source) sources[field.path] = source;
  }
  return { unplaced, sources, placedShare: total ? Math.round((placed / total) * 1000) / 1000 : 1 };
}
