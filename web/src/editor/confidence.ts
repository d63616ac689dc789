/**
 * Parse confidence per field, as the model keeps it in `meta.confidence`
 * (dotted path → 0..1). Fields under the threshold are highlighted for review.
 * Because keys contain list indexes, removing or moving an entry re-keys the
 * confidence of everything after it so highlights stay on the right field.
 */
import type { Resume } from "../api/types.js";
import { type Path, pathKey } from "./paths.js";

/** Below this a field is shown as "please check". */
export const LOW_CONFIDENCE = 0.7;

/**
 * Section keys (`sections.work`) carry the parser's heading-style score, which
 * sits around 0.55–0.65 even for headings it found correctly; only a score
 * under its own acceptance line means the section itself is in doubt.
 */
export const LOW_SECTION_CONFIDENCE = 0.5;

function thresholdFor(key: string, fieldThreshold: number): number {
  return key.startsWith("sections.") ? Math.min(fieldThreshold, LOW_SECTION_CONFIDENCE) : fieldThreshold;
}

export type Confidence = Record<string, number>;

/**
 * The keys that speak for a field: its own, and its parent's when the parent
 * is a plain object the parser scored as a whole (e.g. `basics.location` for
 * the city field); never a list entry or a whole section.
 */
export function confidenceKeys(path: Path): string[] {
  const keys = [pathKey(path)];
  const parent = path.slice(0, -1);
  if (parent.length >= 2 && typeof parent[parent.length - 1] === "string") keys.push(pathKey(parent));
  return keys;
}

/** The lowest confidence recorded for this field, if any. */
export function confidenceAt(resume: Resume, path: Path): number | undefined {
  const all = resume.meta?.confidence ?? {};
  const values = confidenceKeys(path)
    .map((k) => all[k])
    .filter((v): v is number => v !== undefined);
  return values.length ? Math.min(...values) : undefined;
}

/** True when the parser was unsure about this field. */
export function isLowConfidence(resume: Resume, path: Path, threshold = LOW_CONFIDENCE): boolean {
  const value = confidenceAt(resume, path);
  return value !== undefined && value < threshold;
}

/** True when the parser was unsure it found this section's heading (`sections.<key>`). */
export function isSectionUncertain(resume: Resume, key: string, threshold = LOW_CONFIDENCE): boolean {
  const value = resume.meta?.confidence?.[`sections.${key}`];
  return value !== undefined && value < thresholdFor(`sections.${key}`, threshold);
}

/**
 * How many low-confidence items lie at or under `path` (the whole resume for
 * `[]`); a section also counts its own `sections.<key>` entry.
 */
export function countLowConfidence(resume: Resume, path: Path = [], threshold = LOW_CONFIDENCE): number {
  const prefix = pathKey(path);
  const sectionKey = path.length === 1 ? `sections.${prefix}` : null;
  let count = 0;
  for (const [key, value] of Object.entries(resume.meta?.confidence ?? {})) {
    if (value >= thresholdFor(key, threshold)) continue;
    if (prefix === "" || key === prefix || key.startsWith(`${prefix}.`) || key === sectionKey) count++;
  }
  return count;
}

/** Drops the entries for one field: a person who edited it has reviewed it. */
export function clearConfidence(confidence: Confidence, path: Path): Confidence {
  const keys = confidenceKeys(path).filter((k) => k in confidence);
  if (keys.length === 0) return confidence;
  const next = { ...confidence };
  for (const k of keys) delete next[k];
  return next;
}

/**
 * Re-keys confidence after a list changed: `mapIndex(old)` gives the new index
 * of the entry that was at `old`, or null if it was removed (its keys go too).
 */
export function reindexConfidence(
  confidence: Confidence,
  listPath: Path,
  mapIndex: (oldIndex: number) => number | null,
): Confidence {
  const prefix = `${pathKey(listPath)}.`;
  let changed = false;
  const next: Confidence = {};
  for (const [key, value] of Object.entries(confidence)) {
    if (!key.startsWith(prefix)) {
      next[key] = value;
      continue;
    }
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf(".");
    const indexText = dot === -1 ? rest : rest.slice(0, dot);
    if (!/^\d+$/.test(indexText)) {
      next[key] = value;
      continue;
    }
    const oldIndex = Number(indexText);
    const newIndex = mapIndex(oldIndex);
    if (newIndex !== oldIndex) changed = true;
    if (newIndex === null) continue;
    next[`${prefix}${newIndex}${dot === -1 ? "" : rest.slice(dot)}`] = value;
  }
  return changed ? next : confidence;
}
