/** Display helpers shared by the screens. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/** "25 Nov 2026, 09:14". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "09:14:03", for the activity log. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeOnly.format(d);
}

/** "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "parse.completed" → "Parse completed". */
export function humanizeEventType(type: string): string {
  const text = type.replace(/[._]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A stage name from the worker ("extracting_text") as a sentence. */
export function humanizeStage(stage: string | null | undefined): string {
  if (!stage) return "Waiting to start";
  const text = stage.replace(/[._-]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
