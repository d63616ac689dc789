/**
 * What a parser takes and returns, shared by every format's parser and the
 * dispatcher (parse-bytes.ts).
 */
import type { Resume } from "../model.js";

export type ParsedFormat = "pdf" | "docx" | "text" | "markdown" | "json-resume";

export type ParsedDocument = {
  resume: Resume;
  format: ParsedFormat;
  warnings: string[];
  stats: Record<string, number>;
};

export type ParseInput = { bytes: Uint8Array; filename?: string; declaredContentType?: string };
