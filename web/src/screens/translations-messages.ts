/**
 * Every string the Languages tab and the export screen's language choice show, by message id, in
 * English. One table so the strings can move into the web client's message catalogue (and be
 * translated) as they are; `{name}` placeholders are filled by `format`.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const TRANSLATION_MESSAGES = {
  title: "Languages",
  intro:
    "Keep this CV in other languages. Names, employers, dates and contact details are shared; titles, summaries, bullets and skills are translated field by field, and a field whose original changed shows as out of date.",
  original: "Original ({language})",
  "list.title": "Translations",
  "list.empty": "No translations yet.",
  "list.item": "{language}",
  "list.attention": "{count, plural, one {# field needs} other {# fields need}} attention",
  "list.current": "Up to date",
  "list.pending": "Being prepared…",
  "add.title": "Add a language",
  "add.language": "Language",
  "add.submit": "Add translation",
  "add.running": "Preparing the translation…",
  "add.hint":
    "With a configured language model the fields are translated for you to review; without one they are copied and marked for translation.",
  "add.none": "Every offered language has a translation.",
  "detail.title": "{language} translation",
  "detail.column.original": "Original ({language})",
  "detail.column.translation": "{language}",
  "detail.field": "{language}: {field}",
  "detail.save": "Save translation",
  "detail.saving": "Saving…",
  "detail.saved": "Translation saved.",
  "detail.unsaved": "Unsaved changes",
  "detail.refresh": "Update from the original",
  "detail.refresh.hint":
    "Adds fields that are new in the original; with a configured language model it also translates the out-of-date and copied fields.",
  "detail.refreshing": "Updating…",
  "detail.refreshed": "Translation updated.",
  "detail.delete": "Delete translation",
  "detail.delete.title": "Delete the {language} translation?",
  "detail.delete.message": "Its translated texts are removed. The CV itself is kept.",
  "detail.delete.accept": "Delete",
  "detail.delete.cancel": "Keep it",
  "detail.keep": "Mark as up to date",
  "detail.keep.label": "Mark as up to date: {field}",
  "detail.loading": "Loading the translation…",
  "detail.pending": "The {language} translation is being prepared…",
  "detail.empty": "This CV has no text to translate yet.",
  "detail.summary": "{count} of {total, plural, one {# field needs} other {# fields need}} attention.",
  "reason.source_changed": "Out of date",
  "reason.new": "New in the original",
  "reason.needs_translation": "Not translated yet",
  "reason.source_changed.hint": "The original changed after this was translated.",
  "state.machine": "Machine translated",
  "state.edited": "Edited",
  "export.legend": "Languages",
  "export.own": "{language} (the CV's own)",
  "export.bundle": "Several languages are exported as one ZIP file.",
} as const;

export type TranslationMessageId = keyof typeof TRANSLATION_MESSAGES;

/** The message for `id` with `{placeholders}` filled. */
export function format(id: TranslationMessageId, values: MessageValues = {}): string {
  return translate(id, TRANSLATION_MESSAGES[id], values);
}

/** A language's name for a BCP-47 code, in the page's language ("de" → "German", in German "Deutsch"). */
export { languageName } from "../components/file-messages.js";

/** The languages offered for a new translation. */
export const OFFERED_LANGUAGES = [
  "de",
  "fr",
  "es",
  "it",
  "nl",
  "pl",
  "pt",
  "sv",
  "da",
  "nb",
  "fi",
  "cs",
  "en",
] as const;
