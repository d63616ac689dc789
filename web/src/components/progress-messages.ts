/** Every string of the progress bar, by message id, in English; `{name}` placeholders filled by `format`. */
export const PROGRESS_MESSAGES = {
  "progress.stalled":
    "This has not moved for {seconds} seconds. The service may be busy; if the step stopped, it fails on its own and you can try again.",
} as const;

export type ProgressMessageId = keyof typeof PROGRESS_MESSAGES;

export function format(id: ProgressMessageId, values: Record<string, string | number> = {}): string {
  return PROGRESS_MESSAGES[id].replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
