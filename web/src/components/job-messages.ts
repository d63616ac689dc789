/**
 * Every string about one CV as a whole (its state badge, the list of CVs, the
 * job screen's frame and tabs, steps not yet available, downloads), by message
 * id, in English.
 */
import type { ReactNode } from "react";
import { type MessageValues, type RichValues, translate, translateRich } from "../i18n/translate.js";

export const JOB_MESSAGES = {
  "status.reading": "Reading…",
  "status.failed": "Could not read",
  "status.to_confirm": "To confirm",
  "status.confirmed": "Confirmed",
  "blocked.title": "Not available yet",
  "blocked.reading": "This CV is still being read.",
  "blocked.failed": "This CV could not be read, so there is nothing to work with.",
  "blocked.unconfirmed": "Confirm your sections on the Review tab first.",
  "blocked.go_review": "Go to Review",
  "jobs.title": "Your CVs",
  "jobs.loading": "Loading…",
  "jobs.empty": "No CVs yet. Upload one to get started.",
  "jobs.delete": "Delete",
  "jobs.delete.label": "Delete {name}",
  "jobs.delete.title": "Delete this CV?",
  "jobs.delete.message": "“{name}” and all its exports will be deleted. This cannot be undone.",
  "jobs.deleted": "Deleted {name}.",
  "jobs.more": "Show more",
  "home.title": "Your CV, ready for every application",
  "home.lead":
    "Upload your CV, check what we read, tailor it to a job description and export polished PDF and Word versions.",
  "job.tab.review": "Review",
  "job.tab.optimize": "Optimize",
  "job.tab.export": "Export",
  "job.tab.history": "Versions",
  "job.tab.activity": "Activity",
  "job.tab.languages": "Languages",
  "job.tabs.label": "CV steps",
  "job.breadcrumb": "Breadcrumb",
  "job.loading": "Loading…",
  "job.error.title": "This CV cannot be shown",
  "job.back": "Back to your CVs",
  "job.export_stale": "Export out of date",
  "job.pending.title": "Still reading this CV",
  "job.pending.text": "The sections appear here as soon as reading finishes.",
  "job.failed.title": "This file could not be read",
  "job.failed.text":
    "See the Activity tab for the reason, or upload another file from <link>your CVs</link>.",
  "kind.pdf": "PDF",
  "kind.docx": "Word",
  "kind.json": "JSON Resume",
  "kind.zip": "ZIP bundle",
  "kind.cover_letter_pdf": "Cover letter (PDF)",
  "kind.cover_letter_docx": "Cover letter (Word)",
  download: "Download",
  "download.label": "Download {kind} version {version} ({size})",
  "preview.label": "Preview of page 1 of {title}",
  "preview.drawing": "Drawing the preview…",
  "preview.draw_failed": "The preview could not be drawn; the download works all the same.",
  "preview.caption": "Page 1 preview",
  "dialog.cancel": "Cancel",
} as const;

export type JobMessageId = keyof typeof JOB_MESSAGES;

/** The message for `id` in the current language, placeholders filled. */
export function format(id: JobMessageId, values: MessageValues = {}): string {
  return translate(id, JOB_MESSAGES[id], values);
}

/** A message with markup (`<link>…</link>`) rendered by `values`. */
export function formatRich(id: JobMessageId, values: RichValues): ReactNode {
  return translateRich(id, JOB_MESSAGES[id], values);
}
