/**
 * The editable prose of a resume, with the JSON path of every field.
 *
 * Optimizers only ever look at (and propose changes to) these fields; names,
 * employers, titles, dates, degrees and institutions are not in the list,
 * which is the first line of the lock on them (see `guards.ts`).
 */
import type { Resume } from "../model.js";

export type TextField = {
  path: string;
  text: string;
  kind: "bullet" | "summary" | "description";
  /** The role is ongoing (present tense is fine there). */
  current: boolean;
};

/** Bullets and summaries with their paths, in document order. */
export function editableFields(resume: Resume): TextField[] {
  const fields: TextField[] = [];
  const push = (path: string, text: string, kind: TextField["kind"], current = false) => {
    if (text.trim()) fields.push({ path, text, kind, current });
  };
  push("basics.summary", resume.basics.summary, "summary");
  resume.work.forEach((w, i) => {
    w.positions.forEach((p, j) => {
      const current = Boolean(p.dates.current);
      push(`work.${i}.positions.${j}.summary`, p.summary, "summary", current);
      p.highlights.forEach((h, k) => {
        push(`work.${i}.positions.${j}.highlights.${k}`, h, "bullet", current);
      });
    });
  });
  resume.projects.forEach((p, i) => {
    push(`projects.${i}.description`, p.description, "description");
    p.highlights.forEach((h, k) => {
      push(`projects.${i}.highlights.${k}`, h, "bullet", Boolean(p.dates.current));
    });
  });
  resume.volunteer.forEach((v, i) => {
    push(`volunteer.${i}.summary`, v.summary, "summary");
    v.highlights.forEach((h, k) => {
      push(`volunteer.${i}.highlights.${k}`, h, "bullet", Boolean(v.dates.current));
    });
  });
  resume.custom.forEach((c, i) => {
    c.items.forEach((item, j) => {
      push(`custom.${i}.items.${j}.summary`, item.summary, "summary");
      item.highlights.forEach((h, k) => {
        push(`custom.${i}.items.${j}.highlights.${k}`, h, "bullet", Boolean(item.dates?.current));
      });
    });
  });
  return fields;
}

/** Every string of the resume joined, for "does the CV mention X" checks. */
export function allResumeText(resume: Resume): string {
  const parts: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (key === "meta" || key === "id") return;
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) for (const v of value) walk(v, "");
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(resume, "");
  return parts.join("\n");
}
