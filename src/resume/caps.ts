/**
 * What one resume may hold in total, beyond the per-field caps of
 * `MODEL_LIMITS`. Those alone allow 100 employers × 30 positions × 50 bullets
 * (150,000 bullets in a 2 MB request); no CV is that, and every later step
 * (optimize, render, the editor) would pay for it. Checked where a resume
 * enters: the PATCH of sections (`resume_too_large`, 413) and the parse result.
 */
import { AppError } from "../errors.js";
import type { Resume } from "./model.js";

export const RESUME_CAPS = {
  /** Bullets (highlights) across all sections. */
  bullets: 2_000,
  /** Entries across all sections (employers, positions, schools, projects, custom items, …). */
  entries: 1_000,
  /** Characters of text across all fields. */
  textChars: 300_000,
} as const;

export type ResumeSize = { bullets: number; entries: number; textChars: number };

/** Counts what `resume` holds, in one pass. */
export function resumeSize(resume: Resume): ResumeSize {
  const size: ResumeSize = { bullets: 0, entries: 0, textChars: 0 };
  const walk = (value: unknown, key: string) => {
    if (key === "meta") return;
    if (typeof value === "string") size.textChars += value.length;
    else if (Array.isArray(value)) {
      if (key === "highlights") size.bullets += value.length;
      else if (value.length && typeof value[0] === "object") size.entries += value.length;
      for (const item of value) walk(item, "");
    } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(resume, "");
  return size;
}

/** Throws `resume_too_large` naming the first cap `resume` exceeds. */
export function assertWithinCaps(resume: Resume): void {
  const size = resumeSize(resume);
  for (const what of Object.keys(RESUME_CAPS) as (keyof ResumeSize)[]) {
    if (size[what] > RESUME_CAPS[what]) {
      throw new AppError("resume_too_large", `The resume holds more than ${RESUME_CAPS[what]} ${what}.`, {
        details: { cap: what, limit: RESUME_CAPS[what], actual: size[what] },
      });
    }
  }
}
