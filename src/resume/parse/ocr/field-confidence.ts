/**
 * A field read from a scan is only as sure as its least certain word: a name
 * placed with confidence 0.95 by the layout is still doubtful if Tesseract
 * was 40% sure of one of its letters. Each field's confidence is capped by
 * the OCR confidence of the words it is made of, so the review screen
 * highlights the fields where a misread is likely.
 */
import type { Resume } from "../../model.js";
import { getAtPath } from "../../optimize/json-path.js";

function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (depth > 1 || value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap((v) => stringsIn(v, depth + 1));
}

/** Lowers `resume.meta.confidence` where a field's words were recognised with low confidence. */
export function capConfidenceByOcr(resume: Resume, words: { text: string; confidence: number }[]): void {
  // A word recognised several times keeps its lowest confidence: it might be any of them.
  const byText = new Map<string, number>();
  for (const w of words) byText.set(w.text, Math.min(byText.get(w.text) ?? 100, w.confidence));
  const confidence = resume.meta.confidence;
  for (const [path, value] of Object.entries(confidence)) {
    const tokens = stringsIn(getAtPath(resume, path)).flatMap((s) => s.split(/\s+/));
    let lowest = 100;
    for (const token of tokens) {
      const ocr = byText.get(token);
      if (ocr !== undefined) lowest = Math.min(lowest, ocr);
    }
    confidence[path] = Math.round(Math.min(value, lowest / 100) * 100) / 100;
  }
}
