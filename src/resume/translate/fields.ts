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
import { fieldTexts, translatableFields } from "./field-keys.js";

export { fieldTexts, type TranslatableField, translatableFields } from "./field-keys.js";

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
