/**
 * Round-trip check: read the rendered PDF's text layer back and make sure
 * every string of the resume is there.
 *
 * A PDF can look right and still be useless to an applicant-tracking system
 * (missing ToUnicode maps, ligature glyphs, text drawn as outlines). Reading
 * the file with an independent reader (pdf.js) catches all of these. The
 * comparison ignores whitespace (line breaks move words apart) and folds
 * characters that share a glyph (dashes, quotes), whose text-layer mapping
 * picks one of them.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { AppError } from "../../../errors.js";
import { clampText } from "../../sanitize.js";

const DASHES = /[\p{Pd}\u2212]/gu;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
const SPACE = /[\s\u00A0]+/gu;

/** The form both sides are compared in. */
export function normalizeForComparison(text: string): string {
  return text
    .normalize("NFKC")
    .replace(DASHES, "-")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(SPACE, "");
}

/** All text of a PDF in content-stream order, pages joined by newlines; artifacts left out. */
export async function extractPdfPlainText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const task = getDocument({
    data: new Uint8Array(bytes),
    // pdf.js 6 compiles no font code with eval (the old isEvalSupported switch is gone); fonts are
    // not loaded as faces and no system fonts or network fetches are used.
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const parts: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      // Artifacts (page numbers, running footers) are not content: a paragraph that continues on
      // the next page must read on without the footer in between, as a tagged-PDF reader sees it.
      const content = await page.getTextContent({ includeMarkedContent: true });
      const open: boolean[] = [];
      for (const item of content.items) {
        if ("str" in item) {
          if (!open.includes(true)) parts.push(item.hasEOL ? `${item.str}\n` : item.str);
        } else if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps")
          // pdf.js reports the tag at run time; its published type omits it.
          open.push((item as { tag?: string }).tag === "Artifact");
        else if (item.type === "endMarkedContent") open.pop();
      }
      parts.push("\n");
      page.cleanup();
    }
    return { text: parts.join(""), pages: document.numPages };
  } finally {
    await task.destroy();
  }
}

/**
 * Throw `render_roundtrip_failed` unless every expected string appears in the PDF's text layer.
 *
 * @example await verifyPdfText(pdf, [name, ...companies, ...bullets])
 */
export async function verifyPdfText(
  bytes: Uint8Array,
  expected: Iterable<string>,
): Promise<{ pages: number }> {
  let extracted: { text: string; pages: number };
  try {
    extracted = await extractPdfPlainText(bytes);
  } catch (error) {
    throw new AppError("render_roundtrip_failed", "The rendered PDF could not be read back.", {
      cause: error,
    });
  }
  const haystack = normalizeForComparison(extracted.text);
  const missing: string[] = [];
  for (const text of expected) {
    const needle = normalizeForComparison(text);
    if (needle && !haystack.includes(needle)) missing.push(text);
  }
  if (missing.length) {
    throw new AppError(
      "render_roundtrip_failed",
      `The rendered PDF is missing ${missing.length} piece(s) of text, e.g. "${clampText(missing[0]!, 80)}".`,
      { details: { missing: missing.slice(0, 20).map((s) => clampText(s, 200)) } },
    );
  }
  return { pages: extracted.pages };
}
