/**
 * Icon glyphs never become content. Icon fonts (Font Awesome and the like)
 * print private-use code points or, in LaTeX and Typst templates, ordinary
 * letters ("a", "Ȳ", "(") from a font used for nothing else; emoji and
 * symbols (✉ ☎ 📍 ♀ ♂) label contact lines. Every source marks them with one
 * ICON code point, and `resolveIcons` turns each into what it stands for:
 * a bullet before a sentence, a separator between pieces, nothing at the
 * edges of a label.
 */
import type { TextLine } from "./text-line.js";

/** The marker an icon glyph is replaced with until `resolveIcons` reads it. */
export const ICON = "\uE000";

// Bullet-like glyphs are kept: the line layer reads them as bullets (text-line.ts).
const KEEP = /[•·▪▫◦‣⁃●○■□◆◇❖➢➤►▶✓✔★☆]/u;
const ICON_GLYPHS =
  /[\u{E000}-\u{F8FF}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\u2640\u2642\u26A5\u2709\u260E\u2706\u2702\u2316\u231A\u23F0\u2302\u2302\u{1F000}-\u{1FAFF}]|\p{Extended_Pictographic}/gu;
const VARIATION = /[\uFE0E\uFE0F\u200D]/g;
const HAS_ICON_GLYPH = new RegExp(ICON_GLYPHS.source, "u");

/** Replaces icon glyphs (private use, emoji, contact and gender symbols) with ICON. */
export function markIcons(text: string): string {
  return text.replace(VARIATION, "").replace(ICON_GLYPHS, (glyph) => (KEEP.test(glyph) ? glyph : ICON));
}

/**
 * A line of a source that marks no icons itself (DOCX, text, Markdown; PDF lines arrive resolved):
 * its icon glyphs (Font Awesome's private-use code points, emoji, symbols) resolved the same way,
 * so none reaches a field where no export font could draw it. Undefined when nothing else is left.
 */
export function withoutIconGlyphs(line: TextLine): TextLine | undefined {
  if (!HAS_ICON_GLYPH.test(line.text) && !line.segments.some((s) => HAS_ICON_GLYPH.test(s))) return line;
  const clean = (text: string) => resolveIcons(markIcons(text));
  const text = clean(line.text);
  if (text === "" || !/[\p{L}\p{N}]/u.test(text)) return undefined;
  const segments = line.segments.map(clean).filter((s) => s !== "");
  return {
    ...line,
    text,
    segments: segments.length ? segments : [text],
    segmentX: segments.length === line.segments.length ? line.segmentX : undefined,
  };
}

const WORDS_FOR_BULLET = 5;
// Runs are matched from their first character (the lookbehinds), so a long run is read once.
const TRAILING_BLANKS_AND_ICONS = new RegExp(`(?<![\\s${ICON}])[\\s${ICON}]+$`, "u");
const INNER_ICONS = new RegExp(`(?:(?<!\\s)\\s+)?${ICON}[${ICON}\\s]*`, "gu");

/**
 * Reads the ICON markers of one line: a leading icon before a sentence is a
 * bullet ("• "), an inner icon separates pieces (" · "), and icons at the
 * edges of short text (contact labels) vanish.
 */
export function resolveIcons(text: string): string {
  if (!text.includes(ICON)) return text;
  let rest = text;
  let prefix = "";
  const leading = new RegExp(`^\\s*${ICON}[${ICON}\\s]*`, "u").exec(rest);
  if (leading) {
    rest = rest.slice(leading[0].length);
    const firstPiece = rest.split(ICON)[0] ?? "";
    if (firstPiece.trim().split(/\s+/).length >= WORDS_FOR_BULLET) prefix = "• ";
  }
  rest = rest
    .replace(TRAILING_BLANKS_AND_ICONS, (run) => (run.includes(ICON) ? "" : run))
    .replace(INNER_ICONS, " · ");
  return (prefix + rest).replace(/\s+/g, " ").trim();
}

const FILLED = "●⬤★◉■";
const EMPTY = "○◯☆□";
const RATING = new RegExp(`[${FILLED}${EMPTY}](?:\\s?[${FILLED}${EMPTY}]){2,9}`, "u");

/** A rating drawn with dots or stars ("●●●○○") → its level ("4/5") and the text without it. */
export function readRating(text: string): { text: string; level?: string } {
  const match = RATING.exec(text);
  if (!match) return { text };
  const glyphs = match[0].replace(/\s/g, "");
  const filled = [...glyphs].filter((g) => FILLED.includes(g)).length;
  const level = `${filled}/${[...glyphs].length}`;
  return { text: (text.slice(0, match.index) + text.slice(match.index + match[0].length)).trim(), level };
}
