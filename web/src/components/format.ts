/** Display helpers shared by the screens: dates, sizes and stage names in the current language. */
import { currentIntl } from "../i18n/translate.js";
import { format as progressText, stageMessageId } from "./progress-messages.js";

/** "25 Nov 2026, 09:14" in English, "25.11.2026, 09:14" in German. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : currentIntl().formatDate(d, { dateStyle: "medium", timeStyle: "short" });
}

/** "09:14:03", for the activity log. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : currentIntl().formatTime(d, { timeStyle: "medium" });
}

/** "1.2 MB" (German: "1,2 MB"). */
export function formatBytes(bytes: number): string {
  const intl = currentIntl();
  const number = (value: number, digits: number) =>
    intl.formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (bytes < 1024) return progressText("size.bytes", { size: number(bytes, 0) });
  if (bytes < 1024 * 1024) {
    return progressText("size.kilobytes", { size: number(bytes / 1024, bytes < 10 * 1024 ? 1 : 0) });
  }
  return progressText("size.megabytes", { size: number(bytes / (1024 * 1024), 1) });
}

/** A stage name from the worker ("reading upload") as a sentence in the current language. */
export function humanizeStage(stage: string | null | undefined): string {
  if (!stage) return progressText("progress.stage.waiting");
  const known = stageMessageId(stage);
  if (known) return progressText(known.id, known.values);
  // A stage this client has no words for yet: the worker's own, capitalised.
  const text = stage.replace(/[._-]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
