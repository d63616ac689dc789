/** PDF bytes → resume: text layer extraction, layout, then the shared layers. */
import { buildResume } from "../build-resume.js";
import type { ParseLimits } from "../limits.js";
import type { ParsedDocument } from "../parse-result.js";
import { extractPdfText } from "./extract-text.js";
import { layoutPdfLines } from "./layout-lines.js";
import { scanPdfStreams } from "./stream-budget.js";

export async function parsePdf(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { signal?: AbortSignal; now: Date },
): Promise<ParsedDocument> {
  const scan = await scanPdfStreams(bytes, limits.maxPdfDecodedBytes, options.signal);
  const text = await extractPdfText(bytes, {
    maxPages: limits.maxPdfPages,
    replayPages: scan.textMayBeHidden,
    maxChars: limits.maxTextChars,
    signal: options.signal,
  });
  const lines = layoutPdfLines(text.pages);
  const { resume, warnings, placedShare } = buildResume(lines, "pdf", options.now);
  // Hidden text is kept out of every field; the code tells the user their file contains it.
  if (text.hiddenChars > 0) warnings.push("hidden_text");
  if (text.truncatedPages) {
    warnings.push(`Only the first ${limits.maxPdfPages} of ${text.pageCount} pages were read.`);
  }
  return {
    resume,
    format: "pdf",
    warnings,
    stats: { pages: text.pageCount, lines: lines.length, placedShare },
  };
}
