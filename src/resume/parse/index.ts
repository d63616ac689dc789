/**
 * Document parsing entry point.
 *
 * `parseDocument` sniffs and parses an uploaded CV in a worker thread with a
 * heap cap and a wall-clock timeout, so a malicious or pathological file can
 * neither crash nor stall the process: it fails with `parse_timeout`,
 * `parse_resource_limit`, `parse_output_too_large` or the parser's own typed
 * error. `sniffDocumentType` is exported for the upload route to reject
 * unsupported files before storing them. Long-running processes may build
 * their own parser with `createDocumentParser` (and close it on shutdown).
 */
import { createDocumentParser, type DocumentParser, type ParseOptions } from "./document-parser.js";
import type { ParsedDocument, ParseInput } from "./parse-result.js";

export { createDocumentParser, type DocumentParser, type ParseOptions } from "./document-parser.js";
export { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./limits.js";
export type { ParsedDocument, ParsedFormat, ParseInput } from "./parse-result.js";
export {
  assertDeclaredTypeMatches,
  DOCX_CONTENT_TYPE,
  type SniffedType,
  sniffDocumentType,
} from "./sniff.js";

let shared: DocumentParser | undefined;

/**
 * Parses a document in the shared warm worker thread (created on first use,
 * stopped after 30 s idle; it never keeps the process alive).
 *
 * @example const { resume, format, warnings } = await parseDocument({ bytes, filename: "cv.pdf" });
 */
export function parseDocument(input: ParseInput, options: ParseOptions = {}): Promise<ParsedDocument> {
  shared ??= createDocumentParser();
  return shared.parse(input, options);
}

/** Starts the shared parse thread ahead of the first document (e.g. when a worker process starts). */
export function warmUpDocumentParser(): Promise<void> {
  shared ??= createDocumentParser();
  return shared.warmUp();
}
