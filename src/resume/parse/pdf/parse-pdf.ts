/** PDF bytes → resume: text layer extraction, layout, then the shared layers. */
import { buildResume } from "../build-resume.js";
import type { ParseLimits } from "../limits.js";
import type { ParsedDocument } from "../parse-result.js";
import { extractPdfText } from "./extract-text.js";
import { layoutPdfLines } from "./layout-lines.js";

export async function parsePdf(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { signal?: AbortSignal; now: Date },
): Promise<ParsedDocument> {
  const text = await extractPdfText(bytes, {
    maxPages: limits.maxPdfPages,
    maxChars: limits.maxTextChars,
    signal: options.signal,
  });
  const lines = layoutPdfLines(text.pages);
  const { resume, warnings } = buildResume(lines, "pdf", options.now);
  if (text.truncatedPages) {
    warnings.push(`Only the first ${limits.maxPdfPages} of ${text.pageCount} pages were read.`);
  }
  return { resume, format: "pdf", warnings, stats: { pages: text.pageCount, lines: lines.length } };
}
