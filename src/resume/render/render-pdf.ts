/**
 * The PDF export: glyph check → layout and paint → round-trip check.
 *
 * Both checks run before the bytes are returned, so a caller that stores the
 * result never commits a PDF with dropped characters or an unreadable text
 * layer.
 */
import type { FontSet } from "../fonts/font-set.js";
import { assertGlyphCoverage } from "../fonts/glyph-coverage.js";
import type { Resume } from "../model.js";
import { type ExportSettings, exportSettingsSchema } from "../settings.js";
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
};

const FALLBACK_HINT =
  "Remove them, or configure RENDER_FALLBACK_FONT with a font that has them (e.g. Noto Sans CJK for Chinese, Japanese or Korean).";

/**
 * Render a resume as PDF with the export settings' template, page size, font and section order.
 * Throws `render_missing_glyphs` or `render_roundtrip_failed`.
 */
export async function renderPdf(
  resume: Resume,
  settings: ExportSettings,
  options: RenderPdfOptions,
): Promise<Buffer> {
  const { fonts } = options;
  const view = buildResumeView(resume, settings);
  const family = fonts.families[settings.font];
  const chain = fonts.fallback ? [family.regular, fonts.fallback] : [family.regular];
  assertGlyphCoverage(viewStrings(view, { titles: true }), chain, FALLBACK_HINT);
  const pdf = await paintPdf(view, settings, { fonts, creationDate: options.creationDate });
  if (options.verify !== false) await verifyPdfText(pdf, viewStrings(view, { titles: false }));
  return pdf;
}
