/**
 * Review signals read from a parsed resume as a whole. Each extractor scores
 * its own fields, but some mistakes only show across fields or against the
 * document's conventions, and there the extractors are sure of themselves
 * while wrong. Each signal names a pattern that goes with a wrong field far
 * more often than the field's own score says, and caps that field's
 * confidence under the review line (0.7), so the review screen flags it:
 *
 * - `overlapping_positions`: an employer whose positions overlap in time. A
 *   promotion follows the previous role; two roles held at once at one
 *   employer are rare, while a second employer whose name line was not read
 *   (its roles then continue the previous employer) looks exactly like this.
 * - `ambiguous_date`: a numeric date whose day and month can be swapped
 *   ("03/05/2021") in a document whose language does not settle the order
 *   (English: month first in the US, day first elsewhere).
 * - `prose_skills`: a skill group whose items read as sentences, not names
 *   (a paragraph under a skills heading split at its commas).
 * - `run_on_degree`: a degree that runs on for three or more words past the
 *   degree term, none of them a joining word ("in", "of", "de") that would
 *   make them a field of study: where the degree line took in neighbouring
 *   pieces or broken words ("B.S COM PUTER SCIENCE").
 *
 * Signals only lower confidence; no field's value changes.
 */
import { MODEL_LIMITS, type Resume } from "../model.js";
import { DEGREE } from "./extract/features.js";

/** The confidence a doubtful field is capped at: under the review line, above a guess. */
export const DOUBT_CONFIDENCE = 0.6;

export type DoubtReason = "overlapping_positions" | "ambiguous_date" | "prose_skills" | "run_on_degree";
export type Doubt = { path: string; reason: DoubtReason };

/** Languages whose numeric dates are read day first without doubt. */
const MONTH_FIRST_POSSIBLE = new Set(["en"]);

/**
 * "2021-08" → months since year 0. A bare year is read as narrowly as it allows (a start as its
 * December, an end as its January), so only overlaps the dates prove count.
 */
function monthIndex(partial: string | undefined, bound: "start" | "end"): number | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?/.exec(partial ?? "");
  if (!match) return undefined;
  const month = match[2] ? Number(match[2]) - 1 : bound === "start" ? 11 : 0;
  return Number(match[1]) * 12 + month;
}

type Dates = Resume["work"][number]["positions"][number]["dates"];

/** [start, end) in months; an open range runs on, a single date is one month. */
function span(dates: Dates): [number, number] | undefined {
  const start = monthIndex(dates.start, "start");
  if (start === undefined) return undefined;
  if (dates.current) return [start, Number.POSITIVE_INFINITY];
  const end = monthIndex(dates.end, "end");
  return [start, end === undefined ? start + 1 : Math.max(end, start + 1)];
}

/** True when two of the ranges share more than their boundary month. */
function overlapping(ranges: [number, number][]): boolean {
  for (let i = 0; i < ranges.length; i++)
    for (let j = i + 1; j < ranges.length; j++) {
      const [a, b] = [ranges[i]!, ranges[j]!];
      // A promotion dated "2019 – 2021" then "2021 – today" touches at its boundary; that is no overlap.
      if (Math.max(a[0], b[0]) < Math.min(a[1], b[1]) - 1) return true;
    }
  return false;
}

/** "03/05/2021": both first numbers could be the month. */
function ambiguousNumericDate(text: string): boolean {
  for (const match of text.matchAll(/(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?!\d)/g)) {
    const [first, second] = [Number(match[1]), Number(match[2])];
    if (first >= 1 && first <= 12 && second >= 1 && second <= 12 && first !== second) return true;
  }
  return false;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Items that read as running text: a sentence boundary inside, or sentence length. */
function prose(items: string[]): boolean {
  if (items.length === 0) return false;
  if (items.some((item) => words(item) >= 6 || /[.!?]\s+\p{L}/u.test(item))) return true;
  return items.reduce((n, item) => n + words(item), 0) / items.length >= 3.5;
}

/**
 * Joining words of degree names in the lexicons' languages ("Master of Science", "Master Management de
 * projets"): a tail holding one reads as a phrase, the field of study.
 */
const JOINING = new Set([
  "of",
  "in",
  "en",
  "im",
  "em",
  "di",
  "i",
  "w",
  "v",
  "de",
  "der",
  "des",
  "du",
  "für",
  "and",
  "und",
  "et",
  "y",
  "e",
  "&",
]);

/** Words of a degree after its degree term, when none of them joins them into a phrase. */
function runOnWords(studyType: string): number {
  const match = DEGREE.exec(studyType);
  if (!match) return 0;
  const tail = studyType
    .slice(match.index + match[0].length)
    .split(/[\s.,;:·|]+/u)
    .filter(Boolean);
  return tail.some((w) => JOINING.has(w.toLowerCase())) ? 0 : tail.length;
}

/** The doubtful fields of a parsed resume, by confidence key. */
export function findDoubts(resume: Resume, language: string | undefined): Doubt[] {
  const doubts: Doubt[] = [];
  const datesOrderOpen = language === undefined || MONTH_FIRST_POSSIBLE.has(language);
  resume.work.forEach((work, i) => {
    const ranges = work.positions.map((p) => span(p.dates)).filter((r) => r !== undefined);
    if (ranges.length >= 2 && overlapping(ranges))
      doubts.push({ path: `work.${i}.name`, reason: "overlapping_positions" });
    work.positions.forEach((p, j) => {
      if (datesOrderOpen && ambiguousNumericDate(p.dates.text))
        doubts.push({ path: `work.${i}.positions.${j}.dates`, reason: "ambiguous_date" });
    });
  });
  resume.education.forEach((education, i) => {
    if (datesOrderOpen && ambiguousNumericDate(education.dates.text))
      doubts.push({ path: `education.${i}.dates`, reason: "ambiguous_date" });
    if (education.area === "" && runOnWords(education.studyType) >= 3)
      doubts.push({ path: `education.${i}.studyType`, reason: "run_on_degree" });
  });
  resume.skills.forEach((skill, i) => {
    if (prose(skill.keywords.length ? skill.keywords : [skill.name].filter(Boolean)))
      doubts.push({ path: `skills.${i}`, reason: "prose_skills" });
  });
  return doubts;
}

/** Caps the confidence of every doubtful field (adding a key where the field had none, within the cap). */
export function applyDoubts(confidence: Record<string, number>, doubts: Doubt[]): void {
  for (const { path } of doubts) {
    if (!(path in confidence) && Object.keys(confidence).length >= MODEL_LIMITS.confidenceKeys) continue;
    confidence[path] = Math.min(confidence[path] ?? 1, DOUBT_CONFIDENCE);
  }
}
