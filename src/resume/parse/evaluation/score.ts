/**
 * Field-level precision and recall of a parse against ground truth.
 *
 * Scalars: a non-empty prediction is a true positive when it equals the truth
 * after normalisation, otherwise a false positive (and the truth, if any, a
 * false negative). Entries (work, education) are aligned greedily by text
 * similarity before their fields are compared; unmatched entries count all
 * their fields as false positives or negatives. Skills compare as sets.
 */
import type { Truth } from "./ground-truth.js";

export type Counts = { tp: number; fp: number; fn: number };
export type FieldScores = Record<string, Counts>;

export const SCORED_FIELDS = [
  "name",
  "email",
  "phone",
  "location",
  "work.company",
  "work.position",
  "work.start",
  "work.end",
  "education.institution",
  "education.degree",
  "skills",
] as const;

/** Lower-case, NFKC, punctuation and spacing removed: "Pleasantville, CA 94588" ≈ "pleasantville ca 94588". */
export function normalize(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}+#@.']+/gu, " ")
    .replace(/(?<!\w)\.|\.(?!\w)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const phoneDigits = (v: string) => v.replace(/\D/g, "");

function compare(counts: Counts, predicted: string, truth: string, phone = false): void {
  const p = phone ? phoneDigits(predicted) : normalize(predicted);
  const t = phone ? phoneDigits(truth) : normalize(truth);
  if (p && t && p === t) counts.tp++;
  else {
    if (p) counts.fp++;
    if (t) counts.fn++;
  }
}

function similarity(a: string, b: string): number {
  const ta = new Set(normalize(a).split(" ").filter(Boolean));
  const tb = new Set(normalize(b).split(" ").filter(Boolean));
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size);
}

function align<T>(
  predicted: T[],
  truth: T[],
  key: (x: T) => string,
): { pairs: [T, T][]; extraP: T[]; extraT: T[] } {
  const candidates: { i: number; j: number; s: number }[] = [];
  predicted.forEach((p, i) => {
    truth.forEach((t, j) => {
      candidates.push({ i, j, s: similarity(key(p), key(t)) });
    });
  });
  candidates.sort((a, b) => b.s - a.s || a.i - b.i || a.j - b.j);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  const pairs: [T, T][] = [];
  for (const c of candidates) {
    if (c.s <= 0.2 || usedP.has(c.i) || usedT.has(c.j)) continue;
    usedP.add(c.i);
    usedT.add(c.j);
    pairs.push([predicted[c.i]!, truth[c.j]!]);
  }
  return {
    pairs,
    extraP: predicted.filter((_, i) => !usedP.has(i)),
    extraT: truth.filter((_, j) => !usedT.has(j)),
  };
}

export function emptyScores(): FieldScores {
  return Object.fromEntries(SCORED_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
}

/** Adds the comparison of one document to `scores`. */
export function scoreDocument(
  predicted: Truth,
  truth: Truth,
  scores: FieldScores = emptyScores(),
): FieldScores {
  compare(scores.name!, predicted.name, truth.name);
  compare(scores.email!, predicted.email, truth.email);
  compare(scores.phone!, predicted.phone, truth.phone, true);
  compare(scores.location!, predicted.location, truth.location);

  const entryFields = <T extends Record<string, string>>(
    prefix: string,
    p: T[],
    t: T[],
    key: (x: T) => string,
  ) => {
    const { pairs, extraP, extraT } = align(p, t, key);
    for (const [a, b] of pairs)
      for (const field of Object.keys(b)) compare(scores[`${prefix}.${field}`]!, a[field]!, b[field]!);
    for (const a of extraP)
      for (const field of Object.keys(a)) compare(scores[`${prefix}.${field}`]!, a[field]!, "");
    for (const b of extraT)
      for (const field of Object.keys(b)) compare(scores[`${prefix}.${field}`]!, "", b[field]!);
  };
  entryFields("work", predicted.work, truth.work, (w) => `${w.company} ${w.position}`);
  entryFields("education", predicted.education, truth.education, (e) => `${e.institution} ${e.degree}`);

  const p = new Set(predicted.skills.map(normalize).filter(Boolean));
  const t = new Set(truth.skills.map(normalize).filter(Boolean));
  for (const s of p) t.has(s) ? scores.skills!.tp++ : scores.skills!.fp++;
  for (const s of t) if (!p.has(s)) scores.skills!.fn++;
  return scores;
}

export function metrics(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Micro-average over all fields. */
export function overall(scores: FieldScores): Counts {
  return Object.values(scores).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
}
