/** Section headings per document language (see `document-labels.ts`). */
import { documentLabels, type SectionKey } from "./document-labels.js";

/** The heading for a standard section key in `locale` (`de-AT` uses `de`); unknown keys come back as given. */
export function sectionTitle(key: string, locale: string): string {
  return documentLabels(locale).sections[key as SectionKey] ?? key;
}
