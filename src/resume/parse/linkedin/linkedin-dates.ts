/**
 * Dates as LinkedIn's export writes them: "Jan 2020" (positions, projects,
 * certifications), "2014" (education), "Mar 15, 2021" (publications, birth
 * date), ISO "2022-01-05" (recommendations). Anything else goes through the
 * CV date reader.
 */
import { type DateRange, formatDateRange, type PartialDate } from "../../model.js";
import { parseDateText } from "../layout/dates.js";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const pad = (month: number) => String(month).padStart(2, "0");

/** One date → `YYYY` or `YYYY-MM`, or undefined. */
export function linkedInDate(text: string): PartialDate | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  let m = /^([A-Za-z]{3})[a-z]*\.?\s+(?:\d{1,2},\s*)?(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    return month > 0 ? `${m[2]}-${pad(month)}` : m[2];
  }
  m = /^(\d{4})(?:-(\d{2})(?:-\d{2})?)?(?:[ T].*)?$/.exec(t);
  if (m) return m[2] && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]}` : m[1];
  return parseDateText(t).start;
}

/**
 * A start/end pair → a date range. `openEnded`: an empty end means the entry
 * is still going on (positions, volunteering), not that the end is unknown.
 */
export function linkedInRange(start: string, end: string, options: { openEnded: boolean }): DateRange {
  const from = linkedInDate(start);
  const to = linkedInDate(end);
  const current = options.openEnded && from !== undefined && end.trim() === "";
  const range: DateRange = {
    text: "",
    ...(from ? { start: from } : {}),
    ...(to ? { end: to } : {}),
    ...(current ? { current: true } : {}),
  };
  // The text a person edits: the model's own wording of the structured dates.
  range.text = formatDateRange(range);
  return range;
}
