/** Every string of the export and versions tabs, by message id, in English. */
import { type MessageValues, translate } from "../i18n/translate.js";

export const EXPORT_MESSAGES = {
  "export.title": "Export",
  "export.stale.title": "Your latest export is out of date",
  "export.stale.text":
    "You changed the CV or its layout after the last export. Export again to get files with the changes.",
  "export.template": "Template",
  "export.page_size": "Page size",
  "export.page_size.a4": "A4 (210 × 297 mm)",
  "export.page_size.letter": "US Letter (8.5 × 11 in)",
  "export.formats": "Formats",
  "export.format.pdf": "PDF",
  "export.format.docx": "Word (DOCX)",
  "export.format.json": "JSON Resume",
  "export.format.html": "HTML (one file)",
  "export.format.markdown": "Markdown",
  "export.zip": "Also as one ZIP file",
  "export.submit": "Export",
  "export.running": "Exporting…",
  "export.progress": "Exporting",
  "export.formats.needed": "Choose at least one format.",
  "export.failed": "The export failed",
  "export.files.latest": "Latest files",
  "export.files.yours": "Your files",
  "export.file.version": "Version {version} · {size}",
  "history.title": "Versions",
  "history.loading": "Loading…",
  "history.empty": "No exports yet. Files you export appear here, newest first.",
  "history.stale.title": "The latest versions are out of date",
  "history.stale.text": "The CV changed after the last export. Export again to include the changes.",
  "history.caption": "{kind} versions, newest first",
  "history.col.version": "Version",
  "history.col.created": "Created",
  "history.col.size": "Size",
  "history.col.download": "Download",
  "history.version": "v{version}",
  "history.latest": "Latest",
  "history.kept": "The latest version and the five before it are kept for each format.",
} as const;

export type ExportMessageId = keyof typeof EXPORT_MESSAGES;

/** The message for `id` in the current language, placeholders filled. */
export function format(id: ExportMessageId, values: MessageValues = {}): string {
  return translate(id, EXPORT_MESSAGES[id], values);
}
