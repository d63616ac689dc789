/**
 * In-thread parse dispatcher: sniff the bytes, pick the parser, return the
 * result. `parseDocument` (index.ts) runs this inside a worker thread with
 * resource limits; tests and the evaluation may call it directly.
 */
import { AppError, isAppError } from "../../errors.js";
import { resumeSchema } from "../model.js";
import type { ParseLimits } from "./limits.js";
import type { ParsedDocument, ParseInput } from "./parse-result.js";
import { parsePdf } from "./pdf/parse-pdf.js";
import { assertDeclaredTypeMatches, sniffDocumentType } from "./sniff.js";

/** A text layer with fewer lines than this is no CV; the page may be a scan with a stamp on it. */
const SPARSE_TEXT_LINES = 5;

export type ParseBytesOptions = {
  signal?: AbortSignal;
  now?: Date;
  /**
   * Called when the document turns out to need OCR, before it starts: from
   * then on the parse runs on the OCR budget (`ocrTimeoutMs`), not `timeoutMs`.
   */
  onOcrStart?: () => void;
};

/** Parses one document in the current thread. */
export async function parseBytes(
  input: ParseInput,
  limits: ParseLimits,
  options: ParseBytesOptions = {},
): Promise<ParsedDocument> {
  const { bytes } = input;
  const now = options.now ?? new Date();
  if (bytes.length === 0) throw new AppError("file_empty", "The uploaded file is empty.");
  if (bytes.length > limits.maxInputBytes) {
    throw new AppError("payload_too_large", `The file is larger than ${limits.maxInputBytes} bytes.`);
  }
  const parsed = await parseSniffed(input, limits, { ...options, now });
  // Every parser's output passes the model once more: the sanitiser and the caps apply to what the
  // layers added after building (unplaced lines, sources), whatever the format.
  return { ...parsed, resume: resumeSchema.parse(parsed.resume) };
}

async function parseSniffed(
  input: ParseInput,
  limits: ParseLimits,
  options: ParseBytesOptions & { now: Date },
): Promise<ParsedDocument> {
  const { bytes } = input;
  const { now } = options;
  const sniffed = sniffDocumentType(bytes, { filename: input.filename });
  assertDeclaredTypeMatches(sniffed, input.declaredContentType);
  const scan = async (kind: "pdf" | "image") => {
    options.onOcrStart?.();
    const { parseScan } = await import("./ocr/parse-scan.js");
    return parseScan({ kind, bytes }, limits, { signal: options.signal, now });
  };
  switch (sniffed.kind) {
    case "pdf": {
      let text: ParsedDocument;
      try {
        text = await parsePdf(bytes, limits, { signal: options.signal, now });
      } catch (error) {
        // No text layer: a scanned document, read with OCR.
        if (isAppError(error, "pdf_no_text")) return scan("pdf");
        throw error;
      }
      // A scan whose text layer is a scanner app's stamp ("Scanned with …") parses to almost nothing;
      // OCR reads the page itself, and whichever reading holds more lines is the document.
      if ((text.stats.lines ?? 0) >= SPARSE_TEXT_LINES) return text;
      try {
        const ocr = await scan("pdf");
        return (ocr.stats.lines ?? 0) > (text.stats.lines ?? 0) ? ocr : text;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        return text;
      }
    }
    case "image":
      return scan("image");
    case "linkedin": {
      const { parseLinkedInExport } = await import("./linkedin/parse-linkedin.js");
      return parseLinkedInExport(bytes, limits, { now });
    }
    case "docx": {
      const { parseDocx } = await import("./docx.js");
      return parseDocx(bytes, limits, { now });
    }
    case "json": {
      const { parseJsonResume } = await import("./json-resume.js");
      return parseJsonResume(bytes, limits, { now });
    }
    case "text": {
      const { parseText } = await import("./text.js");
      return parseText(bytes, limits, { now, markdown: sniffed.markdown });
    }
  }
}
