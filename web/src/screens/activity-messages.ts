/**
 * Every string of the activity screen, by message id, in English. The server
 * sends each action's `message_key` (`activity.<action>.<status>`) and its
 * parameters; this table turns them into a sentence. An action the table does
 * not know falls back to a generic sentence for its status, so a new task type
 * never shows a raw key.
 */

import { humanMessage } from "../api/problem.js";
import type { Activity } from "../api/types.js";
import { kindLabel } from "../components/artifact-link.js";
import { formatBytes } from "../components/format.js";
import { type MessageValues, translate } from "../i18n/translate.js";

export const ACTIVITY_MESSAGES = {
  "activity.title": "Activity",
  "activity.intro": "What happened to this CV, newest first.",
  "activity.loading": "Loading…",
  "activity.empty": "Nothing has happened yet.",
  "activity.more": "Show more",
  "activity.details": "Details",
  "activity.details.task": "Task id",
  "activity.details.traces": "Trace ids (quote one when you contact support)",
  "activity.details.attempts": "Attempts",
  "activity.details.events": "Recorded steps",
  "activity.created.done": "You uploaded the CV ({format}, {size}).",
  "activity.created.done.plain": "You uploaded the CV.",
  "activity.edited.done": "You edited the CV.",
  "activity.edited.done.settings": "You changed the export settings.",
  "activity.edited.done.both": "You edited the CV and the export settings.",
  "activity.edited.done.merged":
    "You edited the CV; {merged, plural, one {# change} other {# changes}} from another tab {merged, plural, one {was} other {were}} merged.",
  "activity.confirmed.done": "You confirmed the sections.",
  "activity.confirmed.done.acknowledged":
    "You confirmed the sections with {acknowledged, plural, one {# item} other {# items}} still marked for a check.",
  "activity.photo_set.done": "You added a photo.",
  "activity.photo_removed.done": "You removed the photo.",
  "activity.parse.queued": "Reading the CV is waiting to start.",
  "activity.parse.running": "Reading the CV…",
  "activity.parse.completed": "The CV was read.",
  "activity.parse.failed": "Reading the CV failed: {reason}",
  "activity.parse.canceled": "Reading the CV was canceled.",
  "activity.export.queued": "An export is waiting to start.",
  "activity.export.running": "Exporting…",
  "activity.export.completed": "Exported {formats}.",
  "activity.export.completed.plain": "An export finished.",
  "activity.export.completed.template": "Exported {formats} with the {template} template.",
  "activity.export.failed": "The export failed: {reason}",
  "activity.export.canceled": "The export was canceled.",
  "activity.optimize.queued": "Suggestions are waiting to start.",
  "activity.optimize.running": "Preparing suggestions…",
  "activity.optimize.completed": "Suggestions were prepared.",
  "activity.optimize.failed": "Preparing suggestions failed: {reason}",
  "activity.optimize.canceled": "Preparing suggestions was canceled.",
  "activity.translate.queued": "A translation is waiting to start.",
  "activity.translate.running": "Translating…",
  "activity.translate.completed": "The CV was translated.",
  "activity.translate.failed": "The translation failed: {reason}",
  "activity.translate.canceled": "The translation was canceled.",
  "activity.cover_letter.queued": "A cover letter draft is waiting to start.",
  "activity.cover_letter.running": "Drafting a cover letter…",
  "activity.cover_letter.completed": "A cover letter was drafted.",
  "activity.cover_letter.failed": "Drafting the cover letter failed: {reason}",
  "activity.cover_letter.canceled": "Drafting the cover letter was canceled.",
  "activity.other.queued": "A step is waiting to start.",
  "activity.other.running": "A step is running…",
  "activity.other.completed": "A step finished.",
  "activity.other.failed": "A step failed: {reason}",
  "activity.other.canceled": "A step was canceled.",
  "activity.other.done": "Something changed.",
  "activity.reason.unknown": "no reason was given.",
  "activity.and": "{rest} and {last}",
} as const;

export type ActivityMessageId = keyof typeof ACTIVITY_MESSAGES;

/** The message for `id` with `{placeholders}` filled. */
export function format(id: ActivityMessageId, values: MessageValues = {}): string {
  return translate(id, ACTIVITY_MESSAGES[id], values);
}

function isMessageId(id: string): id is ActivityMessageId {
  return Object.hasOwn(ACTIVITY_MESSAGES, id);
}

/** "PDF, Word and JSON Resume". */
function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return format("activity.and", { rest: items.slice(0, -1).join(", "), last: items[items.length - 1]! });
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value : null;
}

/** "modern" → "Modern". */
function titleCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1).replace(/[_-]/g, " ");
}

/** The sentence for one action: its message key and parameters, through the table. */
export function describeActivity(activity: Activity): string {
  const p = activity.params;
  const key = activity.message_key;
  const reason = text(p.error_code)
    ? humanMessage(p.error_code as string)
    : format("activity.reason.unknown");
  switch (key) {
    case "activity.created.done": {
      const fmt = text(p.format);
      return typeof p.size_bytes === "number" && fmt
        ? format(key, { format: fmt.toUpperCase(), size: formatBytes(p.size_bytes) })
        : format("activity.created.done.plain");
    }
    case "activity.edited.done": {
      if (typeof p.merged === "number" && p.merged > 0)
        return format("activity.edited.done.merged", { merged: p.merged });
      if (p.sections === true && p.export_settings === true) return format("activity.edited.done.both");
      if (p.export_settings === true && p.sections !== true) return format("activity.edited.done.settings");
      return format(key);
    }
    case "activity.confirmed.done":
      return typeof p.acknowledged === "number" && p.acknowledged > 0
        ? format("activity.confirmed.done.acknowledged", { acknowledged: p.acknowledged })
        : format(key);
    case "activity.export.completed": {
      const formats = Array.isArray(p.formats) ? list(p.formats.map((k) => kindLabel(String(k)))) : "";
      const template = text(p.template);
      if (!formats) return format("activity.export.completed.plain");
      return template
        ? format("activity.export.completed.template", { formats, template: titleCase(template) })
        : format(key, { formats });
    }
  }
  if (isMessageId(key)) return format(key, { reason });
  const fallback = `activity.other.${activity.status}`;
  return isMessageId(fallback) ? format(fallback, { reason }) : format("activity.other.done");
}
