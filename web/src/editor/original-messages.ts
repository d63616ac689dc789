/**
 * Every string the review screen's "original" pane shows, by message id, in English. One table so
 * the strings can move into the web client's message catalogue (and be translated) as they are;
 * `{name}` placeholders are filled by `format`.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const ORIGINAL_MESSAGES = {
  "original.title": "Your original",
  "original.label": "The uploaded original ({name})",
  "original.loading": "Loading the original…",
  "original.failed": "The original could not be shown: {reason}",
  "original.unavailable": "This CV has no uploaded file to show.",
  "original.page": "Page {page} of {pages} of the original",
  "original.pages.more":
    "Only the first {shown} of {pages, plural, one {# page is} other {# pages are}} shown.",
  "original.lines": "Lines of the original",
  "original.lines.more": "Only the first {shown, plural, one {# line is} other {# lines are}} shown.",
  "original.docx":
    "Word documents are not drawn here. The field in focus came from paragraph {paragraph} of the document.",
  "original.docx.none": "Word documents are not drawn here; open your file beside this page to compare.",
  "original.other": "This kind of file is not shown here.",
  "original.where.page": "The field in focus came from page {page} (highlighted).",
  "original.where.line": "The field in focus came from line {line} (highlighted).",
  "original.where.none": "No source is recorded for the field in focus.",
  "original.where.idle": "Focus a field to see where it came from.",
} as const;

export type OriginalMessageId = keyof typeof ORIGINAL_MESSAGES;

/** The message for `id` with `{placeholders}` filled. */
export function format(id: OriginalMessageId, values: MessageValues = {}): string {
  return translate(id, ORIGINAL_MESSAGES[id], values);
}
