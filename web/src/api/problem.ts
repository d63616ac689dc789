/**
 * API errors as the UI sees them: every failed request becomes an `ApiError`
 * whose `message` is written for a person. problem+json bodies carry a stable
 * `code`; known codes get a sentence of our own, unknown ones fall back to the
 * server's `detail`/`title`, and nothing ever shows a stack trace.
 */

/** The problem+json body the API returns on errors. */
export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path?: string; message?: string }[];
  /** `review_flags_open`: what is still open (flagged field paths, unplaced lines, empty sections). */
  fields?: string[];
  unplaced_lines?: number;
  empty_sections?: string[];
  /** `format_needs_conversion`: the format recognised (doc, odt, pages, rtf). */
  format?: string;
  /** `payload_too_large` and other limits: which limit (e.g. `max_bytes`). */
  limit?: Record<string, unknown>;
  /** `render_missing_glyphs`: the characters no font has. */
  characters?: { char: string; code_point: string }[];
};

const MESSAGES: Record<string, string> = {
  unsupported_media_type:
    "This file type is not supported. Upload a PDF, DOCX, plain text, Markdown or JSON Resume file.",
  file_type_mismatch:
    "The file's content does not match its type. Upload the original PDF, DOCX, text, Markdown or JSON Resume file.",
  payload_too_large: "This file is too large. Upload a file under the size limit.",
  file_empty: "The file is empty. Choose the file that contains your CV.",
  format_needs_conversion:
    "This word processor format cannot be read. Save it as .docx or PDF and upload that instead.",
  pdf_no_text:
    "This PDF has no text layer (it looks like a scan). Upload the original document instead of a scan.",
  pdf_encrypted: "This PDF is password-protected. Remove the protection and upload it again.",
  pdf_corrupt: "This PDF cannot be read. Export it again from the original document and retry.",
  docx_corrupt: "This DOCX cannot be read. Save it again from your word processor and retry.",
  archive_limits_exceeded: "This DOCX is unusually large inside and was refused for safety.",
  json_resume_invalid: "This JSON file is not a valid JSON Resume document.",
  text_too_large: "This document has too much text to be a CV.",
  parse_timeout: "Reading this document took too long. Try a simpler export of it (for example PDF).",
  parse_resource_limit: "This document needed too much memory to read. Try a simpler export of it.",
  parse_output_too_large: "This document produced too much content to be a CV.",
  precondition_failed:
    "This CV was changed elsewhere (another tab or device) since you opened it. Reload to see the latest version; your unsaved edits here will be lost.",
  precondition_required: "The page is out of date. Reload and try again.",
  sections_not_confirmed: "Confirm the sections first.",
  job_not_parsed: "This CV has not been read yet. Wait for parsing to finish.",
  proposal_stale: "Some suggestions no longer match the text because it changed since they were made.",
  idempotency_key_reused: "This request was already sent with different content. Try again.",
  rate_limited: "Too many requests right now. Wait a moment and try again.",
  not_found: "This item does not exist or was deleted.",
  unauthorized: "You are not signed in, or your session ended. Sign in again.",
  forbidden: "You are not allowed to do this.",
  link_expired: "This download link has expired. Use the download button again for a fresh link.",
  signature_invalid: "This download link is not valid. Use the download button again.",
  template_unknown: "This template is not available.",
  render_missing_glyphs:
    "Some characters in your CV cannot be printed with the fonts. The preview names them and the fields that hold them.",
  render_roundtrip_failed:
    "The exported document failed its quality check. Try again or pick another template.",
  llm_unavailable: "The suggestion service is unavailable right now. Try again in a minute.",
  llm_invalid_output: "The suggestion service returned something unusable. Try again.",
  task_timeout: "This step took too long and was stopped. Try again.",
  task_canceled: "This step was canceled.",
  task_not_cancelable: "This step has already finished.",
  database_unavailable: "The service is temporarily unavailable. Try again in a moment.",
  storage_unavailable: "File storage is temporarily unavailable. Try again in a moment.",
  validation_failed: "Some values are not valid.",
  internal: "Something went wrong on our side. Try again; if it keeps happening, contact support.",
};

/** A failed API call with a human message, a stable code and the HTTP status (0: no connection). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }
}

/** The sentence to show for an error code, with the server's detail as the fallback. */
export function humanMessage(code: string | undefined, fallback?: string): string {
  if (code && MESSAGES[code]) return MESSAGES[code];
  const text = fallback?.trim();
  // Server text is shown only when it is short and single-line: never a trace.
  if (text && text.length <= 300 && !text.includes("\n    at ")) return text;
  return MESSAGES.internal!;
}

function statusCode(status: number): string {
  if (status === 404) return "not_found";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 409) return "conflict";
  if (status === 412) return "precondition_failed";
  if (status === 413) return "payload_too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 429) return "rate_limited";
  if (status === 503) return "database_unavailable";
  return "internal";
}

/** Builds an `ApiError` from a status and a (possibly non-JSON) response body. */
export function toApiError(status: number, bodyText: string): ApiError {
  let problem: Problem | null = null;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === "object") problem = parsed as Problem;
  } catch {
    // A proxy's HTML error page, for instance: the status alone decides.
  }
  const code = typeof problem?.code === "string" ? problem.code : statusCode(status);
  let message = humanMessage(code, problem?.detail ?? problem?.title);
  if (code === "validation_failed" && problem?.errors?.length) {
    const fields = problem.errors
      .slice(0, 3)
      .map((e) => [e.path, e.message].filter(Boolean).join(": "))
      .join("; ");
    message = `${message} ${fields}`;
  }
  return new ApiError(message, code, status, problem);
}

/** The error for a request that never got an answer. */
export function networkError(): ApiError {
  return new ApiError("Cannot reach the server. Check your connection and try again.", "network_error", 0);
}

/** Any thrown value as a message fit for the screen. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return MESSAGES.internal!;
}
