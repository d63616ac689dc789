/**
 * Section headings: which line starts a section, and which section it is.
 *
 * Keyword headings are recognised on any line that is short and equals a
 * known title of any language's lexicon (lexicon/); other titles need visual weight (larger size, bold, capitals,
 * or an explicit heading style) and become custom sections.
 */
import { HEADING_TITLES } from "../lexicon/index.js";
import type { SectionKind } from "../lexicon/types.js";
import { memoizeText } from "../memo.js";
import type { TextLine } from "../text-line.js";

export type { SectionKind } from "../lexicon/types.js";

/** Known titles with spaces removed: letter-spaced headings ("E X P E R I E N C E", "EXPERIENC E"). */
const BY_SQUASHED = new Map([...HEADING_TITLES].map(([title, kind]) => [title.replace(/\s+/g, ""), kind]));

// Runs of spaces and separators are matched from their first character only (the lookbehinds), so a
// long run is read once, not again from each of its characters.

/** Lower-case, trimmed title without trailing colons or decoration. */
export function normalizeTitle(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[:：|#*_=~]+/g, " ")
    .replace(/^[\s\p{P}\p{S}]+|(?<![\s.:：])[\s.:：]+$/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The section a title names, or undefined when it is not a known title. */
export const sectionKindOf = memoizeText((title: string): SectionKind | undefined => {
  const normal = normalizeTitle(title);
  const exact = HEADING_TITLES.get(normal);
  if (exact || normal.length > 60) return exact;
  const squashed = normal.replace(/\s+/g, "");
  const runs = normal.split(" ");
  // Letter spacing splits words anywhere ("EDUC ATION"); a squashed match is still that title.
  if (runs.length > 1 && (runs.length <= 6 || runs.every((r) => r.length <= 2))) {
    const spaced = BY_SQUASHED.get(squashed);
    if (spaced) return spaced;
  }
  // "Skills, Languages, Interests", "Sprachen & Kenntnisse": every part a known title; the first names it.
  const parts = normal
    .split(/(?:(?<!\s)\s+)?(?:,|&|\/|\+|·|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\ben\b|\boch\b|\ba\b)\s*/u)
    .filter(Boolean);
  if (parts.length >= 2 && parts.every((p) => HEADING_TITLES.has(p))) return HEADING_TITLES.get(parts[0]!);
  return undefined;
});

const LETTERS = /\p{L}/u;

export function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * Heading score in 0..1 for a line; ≥ 0.5 means "starts a section".
 * `bodyEmphasisShare` is the share of lines that are emphasised, so documents
 * that bold everything do not turn every line into a heading.
 */
export function headingScore(
  line: TextLine,
  bodyEmphasisShare = 0,
  style?: { size: number; emphasis: boolean; allCaps: boolean },
): number {
  const text = line.text.trim();
  if (!text || line.bullet || !LETTERS.test(text)) return 0;
  if (line.segments.length > 1) return 0;
  const words = text.split(/\s+/).length;
  if (words > 6 || text.length > 48) return 0;
  if (line.headingLevel !== undefined && line.headingLevel >= 2) return 0.95;
  const known = sectionKindOf(text) !== undefined;
  if (/[.,;]$/.test(text) || /\d{3,}/.test(text) || /@|https?:/.test(text)) return 0;
  // A known title set smaller than the document's headings is a sub-heading ("Languages" in Skills).
  if (known && style && line.size < style.size - 0.08 && line.headingLevel === undefined) return 0;
  let score = known ? 0.55 : 0;
  if (line.size >= 1.15) score += 0.3;
  if (line.emphasis && bodyEmphasisShare < 0.5) score += 0.15;
  if (isAllCaps(text)) score += 0.15;
  if (line.gapBefore >= 0.8) score += 0.1;
  if (/:$/.test(text) && known) score += 0.1;
  if (!known) {
    // Unknown titles ("Patents", "Invited Talks") count only when set exactly like the
    // document's known headings, and that style stands out from body text.
    if (!style) return 0;
    const distinctive = style.size >= 1.1 || style.emphasis || style.allCaps;
    const same =
      Math.abs(line.size - style.size) <= 0.06 &&
      line.emphasis === style.emphasis &&
      isAllCaps(text) === style.allCaps;
    if (!distinctive || !same || words > 5) return 0;
    return 0.6;
  }
  return Math.max(0, Math.min(1, score));
}

/**
 * Explicit heading levels (DOCX styles, Markdown `#`): the level of the known
 * section titles marks sections; deeper headings ("### Acme GmbH") are
 * emphasised entry lines, and a first heading above everything is the name.
 */
export function normalizeHeadingLevels(lines: TextLine[]): TextLine[] {
  const known = lines.filter((l) => l.headingLevel !== undefined && sectionKindOf(l.text) !== undefined);
  const sectionLevel = known.length ? Math.min(...known.map((l) => l.headingLevel!)) : undefined;
  lines.forEach((line, index) => {
    if (line.headingLevel === undefined) return;
    const isName = index === 0 && sectionKindOf(line.text) === undefined;
    if (isName || (sectionLevel !== undefined && line.headingLevel > sectionLevel)) {
      line.headingLevel = undefined;
      line.emphasis = true;
      if (!isName) line.size = 1;
    } else {
      line.headingLevel = Math.max(2, line.headingLevel);
    }
  });
  return lines;
}
