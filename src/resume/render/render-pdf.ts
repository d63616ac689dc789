/**
 * The PDF export: script and glyph checks → layout and paint → round-trip check.
 *
 * The checks run before the bytes are returned, so a caller that stores the
 * result never commits a PDF with dropped characters, mirrored text or an
 * unreadable text layer.
 */
import { fontChainFor } from "../fonts/font-chain.js";
import type { FontSet } from "../fonts/font-set.js";
import { fieldsHolding, findMissingGlyphs, fontIndexFor, glyphError } from "../fonts/glyph-coverage.js";
import { assertNoRightToLeft } from "../fonts/script-support.js";
import type { Resume } from "../model.js";
import type { ExportSettings } from "../settings.js";
import { resolveDesign } from "./design.js";
import { createMeasurer } from "./pdf/measurer.js";
import { paintPdf } from "./pdf/paint-pdf.js";
import { verifyPdfText } from "./pdf/verify-text.js";
import { buildResumeView, viewStrings } from "./resume-view.js";

export type RenderPdfOptions = {
  /** Parsed fonts (with the configured fallback font), built once per process by the composition root. */
  fonts: FontSet;
  /** Fixed CreationDate for reproducible bytes (tests, golden images). */
  creationDate?: Date;
  /** Read the text layer back and compare (default true; exports always keep it on). */
  verify?: boolean;
  /** The person's photo as a square JPEG (see `preparePhoto`), for templates that place one. */
  photo?: Buffer | undefined;
};

const FALLBACK_HINT =
  "Remove them, or configure RENDER_FALLBACK_FONT with a font that has them (Chinese and Japanese need Debian's fonts-noto-cjk)";

/**
 * Render a resume as PDF with the export settings' template, design, page size and section order.
 * Throws `render_missing_glyphs`, `render_rtl_unsupported` or `render_roundtrip_failed`.
 */
export async function renderPdf(
  resume: Resume,
  settings: ExportSettings,
  options: RenderPdfOptions,
): Promise<Buffer> {
  const { fonts } = options;
  const view = buildResumeView(resume, settings);
  const design = resolveDesign(settings);
  const texts = [...viewStrings(view, { titles: true })];
  assertNoRightToLeft(texts);
  const chain = fontChainFor(fonts, design.font, texts, view.language);
  const missing = findMissingGlyphs(texts, chain.regular);
  if (missing.length) throw glyphError(missing, FALLBACK_HINT, fieldsHolding(resume, missing));
  const measurer = createMeasurer(chain, { singleSlot: onlyFamily(texts, chain.regular) });
  const pdf = await paintPdf(view, design, {
    chain,
    measurer,
    pageSize: settings.page_size,
    creationDate: options.creationDate,
    photo: options.photo ? { jpeg: options.photo, round: settings.photo_shape === "round" } : undefined,
    fitToOnePage: settings.fit_to_one_page,
  });
  if (options.verify !== false) await verifyPdfText(pdf, viewStrings(view, { titles: false }));
  return pdf;
}

/** True when the family draws every character, so line breaking can skip per-character font lookups. */
function onlyFamily(texts: readonly string[], chain: Parameters<typeof fontIndexFor>[1]): boolean {
  const seen = new Set<number>();
  for (const text of texts) {
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      if (cp < 0x80 || seen.has(cp)) continue;
      seen.add(cp);
      if (fontIndexFor(cp, chain) > 0) return false;
    }
  }
  return true;
}
