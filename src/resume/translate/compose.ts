/**
 * A translation as a whole resume: the primary CV's structure and shared fields (names, employers,
 * dates, contact details) with the translated texts put in by field key, the date texts written in
 * the target language, and `meta.language` set so every renderer prints its labels in that language.
 */
import { AppError } from "../../errors.js";
import { type DateRange, type Resume, resumeSchema } from "../model.js";
import { documentDate } from "../render/document-dates.js";
import { documentLabels } from "../render/document-labels.js";
import {
  type FieldRecords,
  type FieldState,
  fieldTexts,
  setAtPath,
  textSha256,
  translatableFields,
} from "./fields.js";

function isDateRange(value: unknown): value is DateRange {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.text === "string" && ("start" in v || "end" in v || "current" in v);
}

/** Rewrite every structured date range's text in `language` (month names, "heute"); free text stays. */
function localiseDates(node: unknown, language: string, present: string): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) localiseDates(item, language, present);
    return;
  }
  for (const value of Object.values(node as Record<string, unknown>)) {
    if (isDateRange(value)) {
      if (value.start || value.end || value.current) {
        value.text = documentDate({ ...value, text: "" }, "month_year", language, present);
      }
    } else {
      localiseDates(value, language, present);
    }
  }
}

/** The primary with `texts` (by field key) in place of its own; fields without a text keep the source. */
export function composeTranslation(primary: Resume, language: string, texts: Map<string, string>): Resume {
  const out = structuredClone(primary);
  for (const field of translatableFields(primary)) {
    const text = texts.get(field.key);
    if (text !== undefined) setAtPath(out, field.path, text);
  }
  localiseDates(out, language, documentLabels(language).present);
  // Confidence, source boxes and unplaced lines describe the primary's parse, not this document.
  const { confidence: _c, sources: _s, unplaced: _u, ...meta } = out.meta;
  out.meta = { ...meta, confidence: {}, language };
  return out;
}

/** The translation as it should be exported now: the current primary with the stored translated texts. */
export function currentTranslation(primary: Resume, language: string, translated: Resume | null): Resume {
  return composeTranslation(primary, language, translated ? fieldTexts(translated) : new Map());
}

export type FieldUpdate = { text: string; state: FieldState };

/**
 * Fold `updates` (by field key) into a translation: the new sections and field records. Every
 * updated field records the hash of the primary's text it now stands for; fields of the primary
 * that neither the updates nor the earlier translation have are left out (they show as `new`).
 */
export function applyFieldUpdates(
  primary: Resume,
  language: string,
  previous: { sections: Resume | null; records: FieldRecords },
  updates: Map<string, FieldUpdate>,
): { sections: Resume; records: FieldRecords } {
  const texts = previous.sections ? fieldTexts(previous.sections) : new Map<string, string>();
  const records: FieldRecords = {};
  for (const field of translatableFields(primary)) {
    const update = updates.get(field.key);
    if (update) {
      texts.set(field.key, update.text);
      records[field.key] = { source_sha256: textSha256(field.text), state: update.state };
    } else if (previous.records[field.key] && texts.has(field.key)) {
      records[field.key] = previous.records[field.key]!;
    } else {
      texts.delete(field.key);
    }
  }
  // Only keys the primary still has are kept: deleted entries leave no orphans behind.
  const keep = new Map([...texts].filter(([key]) => key in records));
  return { sections: composeTranslation(primary, language, keep), records };
}

/**
 * `applyFieldUpdates` whose result passes the resume model's caps: an update the model refuses (a
 * translation longer than its field allows) is replaced by the copied source and named in
 * `reverted`. The sections come back as the model parsed them (sanitised text).
 */
export function applyCheckedUpdates(
  primary: Resume,
  language: string,
  previous: { sections: Resume | null; records: FieldRecords },
  updates: Map<string, FieldUpdate>,
): { sections: Resume; records: FieldRecords; reverted: string[] } {
  const first = applyFieldUpdates(primary, language, previous, updates);
  const parsed = resumeSchema.safeParse(first.sections);
  if (parsed.success) return { ...first, sections: parsed.data, reverted: [] };
  const byPath = new Map(translatableFields(primary).map((f) => [f.path, f]));
  const fixed = new Map(updates);
  const reverted: string[] = [];
  for (const issue of parsed.error.issues) {
    const field = byPath.get(issue.path.join("."));
    if (field && fixed.has(field.key) && !reverted.includes(field.key)) {
      fixed.set(field.key, { text: field.text, state: "copied" });
      reverted.push(field.key);
    }
  }
  const second = applyFieldUpdates(primary, language, previous, fixed);
  const again = resumeSchema.safeParse(second.sections);
  if (!again.success) {
    throw new AppError("content_unstorable", "The translation does not fit the resume model's limits.", {
      retryable: false,
      details: { paths: again.error.issues.slice(0, 5).map((i) => i.path.join(".")) },
    });
  }
  return { ...second, sections: again.data, reverted };
}
