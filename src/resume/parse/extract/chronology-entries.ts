/** Chronology-table rows (chronology.ts) → work and education entries. */
import type { ResumeInput } from "../../model.js";
import { CJK } from "../lexicon/index.js";
import type { ChronologyEntry } from "./chronology.js";
import { DEGREE, INSTITUTION_WORDS } from "./features.js";

type WorkInput = NonNullable<ResumeInput["work"]>[number];
type EducationInput = NonNullable<ResumeInput["education"]>[number];

/**
 * "履歴書大学履歴書研究科履歴書専攻博士前期課程" → the school ends at its
 * institution word (大学), the degree is the degree name inside the text.
 */
function splitSchool(subject: string): { institution: string; degree: string } {
  const degree = DEGREE.exec(subject)?.[0] ?? "";
  if (!CJK.test(subject)) return { institution: subject, degree };
  const school = INSTITUTION_WORDS.exec(subject);
  const institution = school ? subject.slice(0, school.index + school[0].length) : subject;
  return { institution, degree };
}

export function educationFromChronology(rows: ChronologyEntry[]): {
  education: EducationInput[];
  confidence: Record<string, number>[];
} {
  return {
    education: rows.map((row) => {
      const { institution, degree } = splitSchool(row.subject);
      return { institution, studyType: degree, dates: row.dates, summary: row.subject };
    }),
    confidence: rows.map(() => ({ institution: 0.7, studyType: 0.5, dates: 0.7 })),
  };
}

export function workFromChronology(rows: ChronologyEntry[]): {
  work: WorkInput[];
  confidence: Record<string, number>[];
} {
  return {
    work: rows.map((row) => ({ name: row.subject, positions: [{ title: "", dates: row.dates }] })),
    confidence: rows.map(() => ({ name: 0.7, "positions.0.title": 0.3, "positions.0.dates": 0.7 })),
  };
}
