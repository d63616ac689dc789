/** Every string of the page frame (header, skip link, language switcher, not-found page), by message id, in English. */
import type { ReactNode } from "react";
import { type MessageValues, type RichValues, translate, translateRich } from "./i18n/translate.js";

export const APP_MESSAGES = {
  "app.skip": "Skip to content",
  "app.brand": "Resume Agent",
  "app.nav.label": "Main",
  "app.nav.jobs": "Your CVs",
  "app.language": "Language",
  "app.not_found.title": "Page not found",
  "app.not_found.back": "Go to your CVs",
  "app.error.title": "This page could not be shown",
  "app.error.reload": "Reload the page",
  "app.error.text":
    "Something unexpected happened while showing this page. Your saved work is safe. Reload the page, or go back to <link>your CVs</link>.",
} as const;

export type AppMessageId = keyof typeof APP_MESSAGES;

/** The message for `id` in the current language, placeholders filled. */
export function format(id: AppMessageId, values: MessageValues = {}): string {
  return translate(id, APP_MESSAGES[id], values);
}

/** A message with markup (`<link>…</link>`) rendered by `values`. */
export function formatRich(id: AppMessageId, values: RichValues): ReactNode {
  return translateRich(id, APP_MESSAGES[id], values);
}
