/**
 * A person-readable location for a field path, e.g.
 * `work.0.positions.1.highlights.2` → "Experience › Acme › Senior engineer › Bullet 3".
 */
import { sectionTitle as documentSectionTitle } from "../../../src/resume/render/section-titles.js";
import type { Resume } from "../api/types.js";
import { type Noun, numbered } from "../components/entry-messages.js";
import { currentLocale } from "../i18n/translate.js";
import { format, type SectionMessageId } from "../sections/section-messages.js";
import { getAt, type Path, parsePath } from "./paths.js";

/** Editor-only keys; standard sections use the titles the exported document prints. */
const EDITOR_TITLES: Record<string, SectionMessageId> = {
  basics: "section.basics",
  custom: "section.custom",
};

const FIELD_TITLES: Record<string, SectionMessageId> = {
  summary: "label.summary",
  label: "label.headline",
  highlights: "label.bullets",
  description: "label.description",
  name: "label.name",
  title: "label.title",
  keywords: "label.keywords",
  courses: "label.courses",
};

/** One element of a string list: "Bullet 3". */
const ITEM_NOUNS: Record<string, Noun> = {
  highlights: "bullet",
  keywords: "keyword",
  courses: "course",
};

/** The section title shown in the editor for a model key, in the current language. */
export function sectionTitle(key: string): string {
  const editorTitle = EDITOR_TITLES[key];
  return editorTitle ? format(editorTitle) : documentSectionTitle(key, currentLocale());
}

/** What names an entry in lists: its name, title, institution…, or undefined. */
export function entryLabel(entry: unknown): string | undefined {
  if (!entry || typeof entry !== "object") return undefined;
  const e = entry as Record<string, unknown>;
  for (const key of ["name", "title", "institution", "organization", "language"]) {
    const v = e[key];
    if (typeof v === "string" && v.trim()) return v.trim();
  }
  return undefined;
}

/** Breadcrumb text for a path into `resume` (dotted string or array). */
export function describePath(resume: Resume | null, pathOrKey: Path | string): string {
  const path = typeof pathOrKey === "string" ? parsePath(pathOrKey) : pathOrKey;
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (i === 0) {
      parts.push(sectionTitle(String(step)));
      continue;
    }
    if (typeof step === "number") {
      const parent = String(path[i - 1]);
      const label = resume ? entryLabel(getAt(resume, path.slice(0, i + 1))) : undefined;
      const itemNoun = ITEM_NOUNS[parent];
      if (itemNoun) {
        parts[parts.length - 1] = numbered(itemNoun, step);
      } else {
        parts.push(label ?? `#${step + 1}`);
      }
      continue;
    }
    if (step === "positions" || step === "items") continue;
    const fieldTitle = FIELD_TITLES[step];
    parts.push(fieldTitle ? format(fieldTitle) : step);
  }
  return parts.join(" › ");
}

/**
 * Breadcrumb text for a field as the versions and variants API name it: keys joined by `/`, list
 * entries by `@id` (`work/@e1/positions/@p2/title` → "Experience › Acme › Title"). Each entry is looked
 * up in the first of `resumes` that still holds it; one that none holds is left out of the text.
 */
export function describeFieldKey(resumes: readonly (Resume | null | undefined)[], key: string): string {
  const steps = key.split("/").filter((s) => s !== "");
  for (const resume of resumes) {
    if (!resume) continue;
    const path = resolveEntries(resume, steps);
    if (path) return describePath(resume, path);
  }
  return describePath(
    null,
    steps.filter((s) => !s.startsWith("@")),
  );
}

/** `steps` with each `@id` replaced by the entry's index in `resume`, or null when one is missing. */
function resolveEntries(resume: Resume, steps: readonly string[]): Path | null {
  const path: (string | number)[] = [];
  let node: unknown = resume;
  for (const step of steps) {
    if (step.startsWith("@") && Array.isArray(node)) {
      const index = node.findIndex(
        (e) => e !== null && typeof e === "object" && (e as { id?: unknown }).id === step.slice(1),
      );
      if (index < 0) return null;
      path.push(index);
      node = node[index];
    } else {
      path.push(step);
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[step] : undefined;
    }
  }
  return path;
}
