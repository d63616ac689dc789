/**
 * Every string of the progress bar, the worker's stage names and file sizes, by
 * message id, in English; ICU placeholders filled by `format`.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const PROGRESS_MESSAGES = {
  "progress.stalled":
    "This has not moved for {seconds, plural, one {# second} other {# seconds}}. The service may be busy; if the step stopped, it fails on its own and you can try again.",
  "progress.reconnecting": "Connection lost; reconnecting…",
  "progress.stage.waiting": "Waiting to start",
  "progress.stage.reading_upload": "Reading upload",
  "progress.stage.parsing": "Parsing",
  "progress.stage.saving_sections": "Saving sections",
  "progress.stage.loading_sections": "Loading sections",
  "progress.stage.analyzing": "Analyzing",
  "progress.stage.asking_the_language_model": "Asking the language model",
  "progress.stage.saving_proposals": "Saving proposals",
  "progress.stage.loading_the_tailoring": "Loading the tailoring",
  "progress.stage.saving_the_letter": "Saving the letter",
  "progress.stage.saving_the_translation": "Saving the translation",
  "progress.stage.rendering": "Rendering {kind}",
  "progress.stage.uploading": "Uploading",
  "progress.stage.bundling": "Bundling",
  "progress.stage.done": "Done",
  "size.bytes": "{size} B",
  "size.kilobytes": "{size} KB",
  "size.megabytes": "{size} MB",
} as const;

export type ProgressMessageId = keyof typeof PROGRESS_MESSAGES;

export function format(id: ProgressMessageId, values: MessageValues = {}): string {
  return translate(id, PROGRESS_MESSAGES[id], values);
}

/** The message for a stage the worker reports ("rendering pdf" → "progress.stage.rendering", kind "PDF"), if known. */
export function stageMessageId(stage: string): { id: ProgressMessageId; values: MessageValues } | null {
  const rendering = /^rendering (\w+)$/.exec(stage);
  if (rendering) return { id: "progress.stage.rendering", values: { kind: rendering[1]!.toUpperCase() } };
  const id = `progress.stage.${stage.trim().toLowerCase().replace(/\W+/g, "_")}`;
  return Object.hasOwn(PROGRESS_MESSAGES, id) ? { id: id as ProgressMessageId, values: {} } : null;
}
