/**
 * Glyph coverage: every character of an export must be drawable.
 *
 * A PDF viewer shows a missing glyph as an empty box (or nothing), so a
 * character the fonts cannot draw would silently vanish from the document.
 * We check before writing anything and fail with the characters named.
 */
import { AppError } from "../../errors.js";
import type { Font } from "./font-set.js";

/** Characters that occupy no glyph: whitespace and format controls are skipped or stripped. */
const INVISIBLE = /[\s\p{Cc}\p{Cf}]/u;

/**
 * Characters renderers drop before layout: zero-width and soft-hyphen characters, and control
 * characters other than tab and line breaks (they have no glyph and would draw as boxes).
 */
export const STRIPPED_CHARACTERS = /[\u00AD\u200B-\u200D\u2060\uFEFF]|[^\P{Cc}\t\n\r]/gu;

/** Which font of the chain draws a character: 0 = primary, 1 = fallback, -1 = none. */
export function fontIndexFor(codePoint: number, chain: readonly Font[]): number {
  for (let i = 0; i < chain.length; i++) {
    if (chain[i]!.hasGlyphForCodePoint(codePoint)) return i;
  }
  return -1;
}

/** Distinct characters in `texts` that no font of the chain can draw, in first-seen order. */
export function findMissingGlyphs(texts: Iterable<string>, chain: readonly Font[]): string[] {
  const seen = new Set<number>();
  const missing: string[] = [];
  for (const text of texts) {
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      if (seen.has(codePoint)) continue;
      seen.add(codePoint);
      if (INVISIBLE.test(char)) continue;
      if (fontIndexFor(codePoint, chain) === -1) missing.push(char);
    }
  }
  return missing;
}

function describe(char: string): string {
  const hex = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `"${char}" (U+${hex})`;
}

/**
 * Throw `render_missing_glyphs` naming each character the fonts cannot draw.
 *
 * @example assertGlyphCoverage(allText, [family.regular, fontSet.fallback].filter(Boolean))
 */
export function assertGlyphCoverage(texts: Iterable<string>, chain: readonly Font[], fontHint: string): void {
  const missing = findMissingGlyphs(texts, chain);
  if (missing.length === 0) return;
  const shown = missing.slice(0, 20).map(describe).join(", ");
  const more = missing.length > 20 ? ` and ${missing.length - 20} more` : "";
  throw new AppError(
    "render_missing_glyphs",
    `The fonts cannot draw these characters: ${shown}${more}. ${fontHint}.`,
    { details: { characters: missing.slice(0, 200) } },
  );
}
