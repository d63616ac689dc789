/**
 * Parsed fonts shared by every render in the process.
 *
 * Parsing a font file and shaping words with fontkit are the most expensive
 * parts of a PDF render, and both give the same answer every time, so a
 * `FontSet` is built once (by the composition root, on first use) and reused. Each face is wrapped so that:
 * - ligatures are never formed: a ligature glyph ("ﬁ") breaks copy/paste and
 *   ATS text extraction in some readers, so `liga`/`clig`/`dlig` are off;
 * - shaped runs are memoized across documents (pdfkit only caches within one
 *   document and mutates the runs it gets, so callers receive fresh copies).
 */
import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import { AppError } from "../../errors.js";
import { FONT_IDS, type FontId } from "../settings.js";
import { bundledFontPath, FONT_FACES, type FontFace } from "./font-files.js";

/** A fontkit font as pdfkit consumes it. */
export type Font = fontkit.Font;

export type FontFamily = Readonly<Record<FontFace, Font>>;

export type FontSet = Readonly<{
  families: Readonly<Record<FontId, FontFamily>>;
  /** Used for characters the family lacks (e.g. CJK); from `config.render.fallbackFont`. */
  fallback: Font | undefined;
  fallbackPath: string | undefined;
}>;

export type FontSetOptions = { fallbackFont?: string | undefined };

const NO_LIGATURES = Object.freeze({ liga: false, clig: false, dlig: false, hlig: false });
/** Bounds the shaping memo; a resume has a few thousand distinct words at most. */
const MAX_CACHED_RUNS = 50_000;

type CachedRun = { glyphs: fontkit.Glyph[]; positions: fontkit.GlyphPosition[] };

/** The run shape pdfkit reads: glyphs, positions (mutated by pdfkit) and a derived advance width. */
class RunCopy {
  constructor(
    readonly glyphs: fontkit.Glyph[],
    readonly positions: fontkit.GlyphPosition[],
  ) {}
  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

/**
 * `font` shapes text; `subsetter` (a second parse of the same file) builds the embedded subsets.
 * fontkit caches glyph objects per font together with the code points of their first use, and
 * subsetting creates component glyphs with no code points; on a shared font that would poison later
 * layouts (a "." drawn inside "·" would lose its text mapping), so the two never share a cache.
 */
function wrapFont(font: Font, subsetter: Font): Font {
  const runs = new Map<string, CachedRun>();
  const layout = (text: string, features?: string[] | Record<string, boolean>): RunCopy => {
    if (features === undefined) {
      let cached = runs.get(text);
      if (!cached) {
        const run = font.layout(text, { ...NO_LIGATURES });
        cached = { glyphs: run.glyphs, positions: run.positions.map((p) => ({ ...p })) };
        if (runs.size >= MAX_CACHED_RUNS) runs.clear();
        runs.set(text, cached);
      }
      return new RunCopy(
        cached.glyphs.slice(),
        cached.positions.map((p) => ({ ...p })),
      );
    }
    const run = font.layout(text, Array.isArray(features) ? features : { ...NO_LIGATURES, ...features });
    return new RunCopy(run.glyphs, run.positions);
  };
  // Prototype delegation instead of a Proxy: every other property (tables, metrics, glyph lookup)
  // resolves on the real font without an interception cost on the hot path.
  const wrapped = Object.create(font) as Font;
  Object.defineProperty(wrapped, "layout", { value: layout });
  Object.defineProperty(wrapped, "createSubset", { value: () => subsetter.createSubset() });
  return wrapped;
}

function openFont(path: string, what: string): Font {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new AppError("internal", `${what} cannot be read: ${path}.`, { cause: error });
  }
  return wrapFont(parseFont(bytes, path, what), memoizeGlyphDecoding(parseFont(bytes, path, what)));
}

type DecodableGlyph = fontkit.Glyph & { _decode(): unknown };

/**
 * Subsetting decodes every included glyph's outline just to find composite glyphs, again for
 * each document. On the private subsetting instance glyph objects are cached, so the decoded
 * outline is kept on them too (outlines of a static font never change).
 */
function memoizeGlyphDecoding(font: Font): Font {
  const getGlyph = font.getGlyph.bind(font);
  const patched = new WeakSet<object>();
  const variable = Boolean((font as unknown as { _variationProcessor?: unknown })._variationProcessor);
  if (variable) return font;
  font.getGlyph = (id: number, codePoints?: number[]) => {
    const glyph = getGlyph(id, codePoints) as DecodableGlyph;
    if (!patched.has(glyph) && typeof glyph._decode === "function") {
      const decode = glyph._decode.bind(glyph);
      let decoded: unknown;
      let done = false;
      glyph._decode = () => {
        if (!done) {
          decoded = decode();
          done = true;
        }
        return decoded;
      };
      patched.add(glyph);
    }
    return glyph;
  };
  return font;
}

function parseFont(bytes: Buffer, path: string, what: string): Font {
  let parsed: Font | fontkit.FontCollection;
  try {
    parsed = fontkit.create(bytes);
  } catch (error) {
    throw new AppError("internal", `${what} cannot be read: ${path}.`, { cause: error });
  }
  // A collection (.ttc) contributes its first face.
  const font = "fonts" in parsed ? parsed.fonts[0] : parsed;
  if (!font) throw new AppError("internal", `${what} contains no font: ${path}.`);
  return font;
}

/** Parse the bundled families and the optional fallback font. Takes ~10 ms; build once. */
export function loadFontSet(options: FontSetOptions = {}): FontSet {
  const families = {} as Record<FontId, FontFamily>;
  for (const id of FONT_IDS) {
    const faces = {} as Record<FontFace, Font>;
    for (const face of FONT_FACES) faces[face] = openFont(bundledFontPath(id, face), "bundled font");
    families[id] = Object.freeze(faces);
  }
  const fallback = options.fallbackFont ? openFont(options.fallbackFont, "RENDER_FALLBACK_FONT") : undefined;
  return Object.freeze({ families: Object.freeze(families), fallback, fallbackPath: options.fallbackFont });
}

const advances = new WeakMap<Font, Map<string, number>>();

/**
 * Advance width of `text` in font units (divide by `unitsPerEm`, multiply by the size), memoized
 * per font. Measures exactly what pdfkit draws: the same shaping without ligatures.
 */
export function advanceWidth(font: Font, text: string): number {
  let cache = advances.get(font);
  if (!cache) {
    cache = new Map();
    advances.set(font, cache);
  }
  let width = cache.get(text);
  if (width === undefined) {
    width = font.layout(text).advanceWidth;
    if (cache.size >= MAX_CACHED_RUNS) cache.clear();
    cache.set(text, width);
  }
  return width;
}
