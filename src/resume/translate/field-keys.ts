/**
 * The translatable text fields of a resume by field key (see `fields.ts` for the glossary). Free of
 * Node built-ins, so the web client lists the same fields the server keeps records for.
 */
import type { Resume } from "../model.js";

export type TranslatableField = { key: string; path: string; text: string };

type Entry = { id: string } & Record<string, unknown>;

/** Per list section: the entry's translatable strings and string lists. */
const ENTRY_FIELDS: Record<string, { text: string[]; lists: string[] }> = {
  work: { text: ["description"], lists: [] },
  education: { text: ["area", "studyType", "summary"], lists: ["courses"] },
  skills: { text: ["name", "level"], lists: ["keywords"] },
  projects: { text: ["description"], lists: ["highlights", "roles"] },
  volunteer: { text: ["position", "summary"], lists: ["highlights"] },
  awards: { text: ["title", "summary"], lists: [] },
  publications: { text: ["summary"], lists: [] },
  languages: { text: ["language", "fluency"], lists: [] },
  interests: { text: ["name"], lists: ["keywords"] },
  references: { text: ["reference"], lists: [] },
};
const POSITION = { text: ["title", "summary"], lists: ["highlights"] };
const CUSTOM_ITEM = { text: ["title", "subtitle", "summary"], lists: ["highlights"] };

function entryFields(
  out: TranslatableField[],
  entry: Entry,
  key: string,
  path: string,
  spec: { text: string[]; lists: string[] },
): void {
  for (const name of spec.text) {
    const value = entry[name];
    if (typeof value === "string" && value.trim()) {
      out.push({ key: `${key}.${name}`, path: `${path}.${name}`, text: value });
    }
  }
  for (const name of spec.lists) {
    const list = entry[name];
    if (!Array.isArray(list)) continue;
    list.forEach((value, i) => {
      if (typeof value === "string" && value.trim()) {
        out.push({ key: `${key}.${name}.${i}`, path: `${path}.${name}.${i}`, text: value });
      }
    });
  }
}

/** Every non-empty translatable text of `resume`, in document order. */
export function translatableFields(resume: Resume): TranslatableField[] {
  const out: TranslatableField[] = [];
  for (const name of ["label", "summary"] as const) {
    const value = resume.basics[name];
    if (value.trim()) out.push({ key: `basics.${name}`, path: `basics.${name}`, text: value });
  }
  for (const [section, spec] of Object.entries(ENTRY_FIELDS)) {
    const entries = resume[section as keyof Resume] as Entry[];
    entries.forEach((entry, i) => {
      entryFields(out, entry, `${section}[${entry.id}]`, `${section}.${i}`, spec);
    });
  }
  resume.work.forEach((work, i) => {
    work.positions.forEach((position, j) => {
      entryFields(
        out,
        position as unknown as Entry,
        `work[${work.id}].positions[${position.id}]`,
        `work.${i}.positions.${j}`,
        POSITION,
      );
    });
  });
  resume.custom.forEach((section, i) => {
    out.push({ key: `custom[${section.id}].title`, path: `custom.${i}.title`, text: section.title });
    section.items.forEach((item, j) => {
      entryFields(
        out,
        item as unknown as Entry,
        `custom[${section.id}].items[${item.id}]`,
        `custom.${i}.items.${j}`,
        CUSTOM_ITEM,
      );
    });
  });
  return out;
}

/** The translatable texts of `resume` by field key. */
export function fieldTexts(resume: Resume): Map<string, string> {
  return new Map(translatableFields(resume).map((f) => [f.key, f.text]));
}
