/**
 * Document parsing entry point.
 *
 * A `DocumentParser` sniffs and parses an uploaded CV in a worker thread with a
 * heap cap and a wall-clock timeout, so a malicious or pathological file can
 * neither crash nor stall the process: it fails with `parse_timeout`,
 * `parse_resource_limit`, `parse_output_too_large` or the parser's own typed
 * error. `sniffDocumentType` is exported for the upload route to reject
 * unsupported files before storing them. A process builds one parser with
 * `createDocumentParser` (the composition root does) and closes it on shutdown.
 */
export { createDocumentParser, type DocumentParser, type ParseOptions } from "./document-parser.js";
export { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./limits.js";
export type { ParsedDocument, ParsedFormat, ParseInput } from "./parse-result.js";
export {
  assertDeclaredTypeMatches,
  DOCX_CONTENT_TYPE,
  type SniffedType,
  sniffDocumentType,
} from "./sniff.js";
