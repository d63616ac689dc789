/**
 * Every string that describes an exported file (its template, page size and
 * language, and whether it is out of date), by message id, in English, with
 * `{name}` placeholders filled by `format`.
 */

import { TEMPLATES } from "../../../src/resume/render/templates/index.js";
import { TEMPLATE_IDS, type TemplateId } from "../../../src/resume/settings.js";
import type { Artifact } from "../api/types.js";
import { currentLocale, type MessageValues, translate } from "../i18n/translate.js";

export const FILE_MESSAGES = {
  "file.out_of_date": "Out of date",
  "file.out_of_date.hint": "The CV changed after this file was made. Export again to include the changes.",
  "file.template": "{name} template",
  "file.language": "in {language}",
  "file.label.column": "Made with",
  "file.label.none": "—",
} as const;

export type FileMessageId = keyof typeof FILE_MESSAGES;

/** Each template's description by message id; the English text lives with the template itself. */
export const TEMPLATE_MESSAGES = Object.fromEntries(
  TEMPLATE_IDS.map((id) => [`template.${id}`, TEMPLATES[id].description]),
) as Record<`template.${TemplateId}`, string>;

/** A template's one-line description in the current language. */
export function templateDescription(id: TemplateId): string {
  return translate(`template.${id}`, TEMPLATE_MESSAGES[`template.${id}`]);
}

export function format(id: FileMessageId, values: MessageValues = {}): string {
  return translate(id, FILE_MESSAGES[id], values);
}

function isTemplate(id: string): id is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(id);
}

/** "English" for "en" (in German "Englisch"); the tag itself when the browser cannot name it. */
export function languageName(tag: string, locale?: string): string {
  try {
    return new Intl.DisplayNames([locale ?? currentLocale()], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The parts that tell two files of one format apart: template, page size, language(s). */
export function fileLabelParts(artifact: Artifact, locale?: string): string[] {
  const parts: string[] = [];
  if (artifact.template) {
    const name = isTemplate(artifact.template) ? TEMPLATES[artifact.template].name : artifact.template;
    parts.push(format("file.template", { name }));
  }
  if (artifact.page_size) parts.push(artifact.page_size);
  const languages = artifact.languages.length
    ? artifact.languages
    : artifact.language
      ? [artifact.language]
      : [];
  if (languages.length)
    parts.push(
      format("file.language", { language: languages.map((l) => languageName(l, locale)).join(", ") }),
    );
  return parts;
}

/** "Modern template · A4 · in English", or "—" for a file with none of them (a JSON export). */
export function fileLabel(artifact: Artifact, locale?: string): string {
  const parts = fileLabelParts(artifact, locale);
  return parts.length ? parts.join(" · ") : format("file.label.none");
}
