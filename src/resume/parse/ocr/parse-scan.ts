/**
 * Scanned CVs and photos → resume: OCR, then the PDF layout analysis and the
 * shared layers, exactly as for a PDF with a text layer.
 */
import { buildResume } from "../build-resume.js";
import type { ParseLimits } from "../limits.js";
import type { ParsedDocument } from "../parse-result.js";
import { layoutPdfLines } from "../pdf/layout-lines.js";
import { capConfidenceByOcr } from "./field-confidence.js";
import { readScan, type ScanSource } from "./read-scan.js";

/** The warning code every OCR result carries: the text was recognised, so it deserves a check. */
export const OCR_WARNING = "ocr";

export async function parseScan(
  source: ScanSource,
  limits: ParseLimits,
  options: { signal?: AbortSignal; now: Date },
): Promise<ParsedDocument> {
  const scan = await readScan(source, limits, { signal: options.signal });
  const lines = layoutPdfLines(scan.pages);
  const format = source.kind === "pdf" ? "pdf" : "image";
  const { resume, warnings } = buildResume(lines, format, options.now);
  capConfidenceByOcr(resume, scan.words);
  warnings.unshift(OCR_WARNING);
  if (scan.truncatedPages) {
    warnings.push(`Only the first ${scan.pages.length} of ${scan.pageCount} pages were read.`);
  }
  return {
    resume,
    format,
    warnings,
    stats: {
      pages: scan.pageCount,
      lines: lines.length,
      ocr_pages: scan.pages.length,
      ocr_confidence: Math.round(scan.confidence),
    },
  };
}
