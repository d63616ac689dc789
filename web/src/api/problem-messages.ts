/**
 * The sentence the UI shows for each stable problem `code` of the API, by
 * message id (`problem.<code>`), in English. The API's codes never change with
 * the language; only these sentences are translated.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const PROBLEM_MESSAGES = {
  "problem.unsupported_media_type":
    "This file type is not supported. Upload a PDF, DOCX, plain text, Markdown or JSON Resume file.",
  "problem.file_type_mismatch":
    "The file's content does not match its type. Upload the original PDF, DOCX, text, Markdown or JSON Resume file.",
  "problem.payload_too_large": "This file is too large. Upload a file under the size limit.",
  "problem.file_empty": "The file is empty. Choose the file that contains your CV.",
  "problem.format_needs_conversion":
    "This word processor format cannot be read. Save it as .docx or PDF and upload that instead.",
  "problem.pdf_no_text":
    "This PDF has no text layer (it looks like a scan). Upload the original document instead of a scan.",
  "problem.pdf_encrypted": "This PDF is password-protected. Remove the protection and upload it again.",
  "problem.pdf_corrupt": "This PDF cannot be read. Export it again from the original document and retry.",
  "problem.docx_corrupt": "This DOCX cannot be read. Save it again from your word processor and retry.",
  "problem.archive_limits_exceeded": "This DOCX is unusually large inside and was refused for safety.",
  "problem.json_resume_invalid": "This JSON file is not a valid JSON Resume document.",
  "problem.text_too_large": "This document has too much text to be a CV.",
  "problem.parse_timeout":
    "Reading this document took too long. Try a simpler export of it (for example PDF).",
  "problem.parse_resource_limit": "This document needed too much memory to read. Try a simpler export of it.",
  "problem.parse_output_too_large": "This document produced too much content to be a CV.",
  "problem.precondition_failed":
    "This CV was changed elsewhere (another tab or device) since you opened it. Reload to see the latest version; your unsaved edits here will be lost.",
  "problem.precondition_required": "The page is out of date. Reload and try again.",
  "problem.sections_not_confirmed": "Confirm the sections first.",
  "problem.job_not_parsed": "This CV has not been read yet. Wait for parsing to finish.",
  "problem.proposal_stale":
    "Some suggestions no longer match the text because it changed since they were made.",
  "problem.idempotency_key_reused": "This request was already sent with different content. Try again.",
  "problem.rate_limited": "Too many requests right now. Wait a moment and try again.",
  "problem.not_found": "This item does not exist or was deleted.",
  "problem.unauthorized": "You are not signed in, or your session ended. Sign in again.",
  "problem.forbidden": "You are not allowed to do this.",
  "problem.link_expired": "This download link has expired. Use the download button again for a fresh link.",
  "problem.signature_invalid": "This download link is not valid. Use the download button again.",
  "problem.template_unknown": "This template is not available.",
  "problem.render_missing_glyphs":
    "Some characters in your CV cannot be printed with the fonts. The preview names them and the fields that hold them.",
  "problem.render_roundtrip_failed":
    "The exported document failed its quality check. Try again or pick another template.",
  "problem.llm_unavailable": "The suggestion service is unavailable right now. Try again in a minute.",
  "problem.llm_invalid_output": "The suggestion service returned something unusable. Try again.",
  "problem.task_timeout": "This step took too long and was stopped. Try again.",
  "problem.task_canceled": "This step was canceled.",
  "problem.task_not_cancelable": "This step has already finished.",
  "problem.database_unavailable": "The service is temporarily unavailable. Try again in a moment.",
  "problem.storage_unavailable": "File storage is temporarily unavailable. Try again in a moment.",
  "problem.validation_failed": "Some values are not valid.",
  "problem.internal": "Something went wrong on our side. Try again; if it keeps happening, contact support.",
  "problem.network_error": "Cannot reach the server. Check your connection and try again.",
} as const;

export type ProblemMessageId = keyof typeof PROBLEM_MESSAGES;

/** Whether the UI has a sentence of its own for `code`. */
export function isKnownProblem(code: string): boolean {
  return Object.hasOwn(PROBLEM_MESSAGES, `problem.${code}`);
}

/** The sentence for a problem code in the current language; unknown codes get the generic one. */
export function problemMessage(code: string, values: MessageValues = {}): string {
  const id = (isKnownProblem(code) ? `problem.${code}` : "problem.internal") as ProblemMessageId;
  return translate(id, PROBLEM_MESSAGES[id], values);
}
