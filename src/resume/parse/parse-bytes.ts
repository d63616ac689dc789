/**
 * In-thread parse dispatcher: sniff the bytes, pick the parser, return the
 * result. `parseDocument` (index.ts) runs this inside a worker thread with
 * resource limits; tests and the evaluation may call it directly.
 */
import { AppError } from "../../errors.js";
import type { ParseLimits } from "./limits.js";
import type { ParsedDocument, ParseInput } from "./parse-result.js";
import { parsePdf } from "./pdf/parse-pdf.js";
import { assertDeclaredTypeMatches, sniffDocumentType } from "./sniff.js";

/** Parses one document in the current thread. */
export async function parseBytes(
  input: ParseInput,
  limits: ParseLimits,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<ParsedDocument> {
  const { bytes } = input;
  const now = options.now ?? new Date();
  if (bytes.length === 0) throw new AppError("file_empty", "The uploaded file is empty.");
  if (bytes.length > limits.maxInputBytes) {
    throw new AppError("payload_too_large", `The file is larger than ${limits.maxInputBytes} bytes.`);
  }
  const sniffed = sniffDocumentType(bytes, { filename: input.filename });
  assertDeclaredTypeMatches(sniffed, input.declaredContentType);
  switch (sniffed.kind) {
    case "pdf":
      return parsePdf(bytes, limits, { signal: options.signal, now });
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
