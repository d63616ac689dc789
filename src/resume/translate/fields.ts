/**
 * The translatable text fields of a resume, each under a key that survives reordering.
 *
 * Glossary
 * - Field key: where a text lives, with list entries named by their entry id rather than their
 *   position: `work[e1a2].positions[e3b4].highlights.2`, `basics.summary`, `custom[e9].title`.
 *   Moving an employer up keeps its keys; a string list (bullets, keywords) is addressed by index.
 * - Path: the dotted index path of the same field in one document (`work.0.positions.1.highlights.2`).
 * - Shared field: names, employers, institutions, dates, e-mail, phone, URLs and places are the
 *   same in every language; they are not translatable and always come from the primary CV.
 *
 * A translation keeps, per field key, the sha256 of the source text it was translated from
 * (`FieldRecord`); a field whose source hash differs from the primary's text now is out of date.
 */
import { createHash } from "node:crypto";
import type { Resume } from "../model.js";

export type TranslatableField = { key: string; path: string; text: string };

/** How a translated field got its text. `copied`: the source text, still to be translated. */
export const FIELD_STATES = ["machine", "copied", "edited"] as const;
export type FieldState = (typeof FIELD_STATES)[number];

export type FieldRecord = { source_sha256: string; state: FieldState };
export type FieldRecords = Record<string, FieldRecord>;

/** Why a field of a translation needs attention. */
export type StaleReason = "source_changed" | "new" | "needs_translation";
export type StaleField = {
  key: string;
  path: string;
  reason: StaleReason;
  source: string;
  translated: string;
};

/** The language a CV is written in: the parser's detection, English when it found none. */
export function primaryLanguageOf(resume: Resume): string {
  return resume.meta.language ?? "en";
}

export function textSha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

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

/** Write `value` at the dotted index `path` (which `translatableFields` produced for this document). */
export function setAtPath(root: unknown, path: string, value: string): void {
  const segments = path.split(".");
  let node = root as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) {
    node = node[segment] as Record<string, unknown>;
  }
  node[segments.at(-1)!] = value;
}

/**
 * The fields of a translation that need the user: the primary's text changed since the field was
 * translated (`source_changed`), the primary gained a field the translation never had (`new`), or
 * the field holds the copied source still waiting to be translated (`needs_translation`).
 * `translated` is the stored translation's text for keys it has, "" otherwise.
 */
export function staleFields(primary: Resume, translated: Resume | null, records: FieldRecords): StaleField[] {
  const texts = translated ? fieldTexts(translated) : new Map<string, string>();
  const out: StaleField[] = [];
  for (const field of translatableFields(primary)) {
    const record = records[field.key];
    const current = texts.get(field.key);
    const base = { key: field.key, path: field.path, source: field.text, translated: current ?? "" };
    if (!record || current === undefined) out.push({ ...base, reason: "new" });
    else if (record.source_sha256 !== textSha256(field.text)) out.push({ ...base, reason: "source_changed" });
    else if (record.state === "copied") out.push({ ...base, reason: "needs_translation" });
  }
  return out;
}
