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
  if (missing.length) throw glyphError(missing, fontHint);
}

/** `U+1F680` */
const codePointOf = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The `render_missing_glyphs` error naming each character (the first 20 in the message) and, when
 * given, the fields (JSON pointers) that hold them, so the editor can go there.
 * `details.characters` lists `{ char, code_point }`.
 */
export function glyphError(
  missing: readonly string[],
  fontHint: string,
  fields: readonly string[] = [],
): AppError {
  const shown = missing.slice(0, 20).map(describe).join(", ");
  const more = missing.length > 20 ? ` and ${missing.length - 20} more` : "";
  const where = fields.length
    ? ` They are in ${fields.slice(0, 5).join(", ")}${fields.length > 5 ? ", …" : ""}.`
    : "";
  return new AppError(
    "render_missing_glyphs",
    `The fonts cannot draw these characters: ${shown}${more}.${where} ${fontHint}.`,
    {
      details: {
        characters: missing.slice(0, 200).map((char) => ({ char, code_point: codePointOf(char) })),
        fields: fields.slice(0, 200),
      },
    },
  );
}

/** JSON pointers of the resume's text fields (meta aside) holding any of `chars`, in document order. */
export function fieldsHolding(resume: Record<string, unknown>, chars: readonly string[]): string[] {
  const wanted = new Set(chars);
  const out: string[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (out.length >= 200 || depth > 12) return;
    if (typeof value === "string") {
      if ([...value].some((char) => wanted.has(char))) out.push(path);
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}/${i}`, depth + 1);
    } else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value))
        if (!(depth === 0 && k === "meta"))
          walk(v, `${path}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`, depth + 1);
  };
  walk(resume, "", 0);
  return out;
}
