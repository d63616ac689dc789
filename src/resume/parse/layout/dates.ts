/**
 * Dates as resumes write them → `DateRange` (original text kept).
 *
 * Handles month names and abbreviations (English, some German/French/Spanish),
 * `MM/YYYY`, `YYYY-MM`, bare years, "Present"/"Current"/"Now", and the range
 * separators "–", "—", "-", "to", "until".
 */
import type { DateRange } from "../../model.js";

const MONTHS: Record<string, number> = {};
const MONTH_NAMES = [
  ["january", "jan", "januar", "janvier", "enero", "ene"],
  ["february", "feb", "februar", "février", "fevrier", "febrero", "févr"],
  ["march", "mar", "märz", "maerz", "mars", "marzo", "mär"],
  ["april", "apr", "avril", "abril", "avr", "abr"],
  ["may", "mai", "mayo"],
  ["june", "jun", "juni", "juin", "junio"],
  ["july", "jul", "juli", "juillet", "julio", "juil"],
  ["august", "aug", "août", "aout", "agosto", "ago"],
  ["september", "sep", "sept", "septembre", "septiembre"],
  ["october", "oct", "oktober", "octobre", "octubre", "okt"],
  ["november", "nov", "novembre", "noviembre"],
  ["december", "dec", "dezember", "décembre", "decembre", "diciembre", "dez", "déc", "dic"],
];
MONTH_NAMES.forEach((names, index) => {
  for (const name of names) MONTHS[name] = index + 1;
});

const MONTH_WORD = `(?:${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|")})\\.?`;
const YEAR = "(?:19[5-9]\\d|20\\d\\d)";
// One point in time: "Jan 2019", "January, 2019", "01/2019", "2019-01", "2019".
const POINT = `(?:${MONTH_WORD},?\\s+(?:'\\d\\d|${YEAR})|(?:0?[1-9]|1[0-2])[/.](?:${YEAR})|${YEAR}[-/.](?:0[1-9]|1[0-2])(?![\\d])|${YEAR})`;
const OPEN = "(?:present|current|now|today|ongoing|heute|aujourd'hui|actualidad|actual|presente)";
const SEPARATOR = "\\s*(?:–|—|-|−|to|until|till|bis|à|a|au|hasta)\\s*";

const RANGE = new RegExp(`(${POINT})(?:${SEPARATOR}(${POINT}|${OPEN}))?`, "iu");
const OPEN_ONLY = new RegExp(`^\\s*(?:since|seit|depuis|desde)\\s+(${POINT})`, "iu");

function pointToPartial(point: string): string | undefined {
  const text = point.trim().toLowerCase();
  let match = /^(\d{4})[-/.](\d{2})$/.exec(text);
  if (match) return `${match[1]}-${match[2]}`;
  match = /^(\d{1,2})[/.](\d{4})$/.exec(text);
  if (match) return `${match[2]}-${match[1]!.padStart(2, "0")}`;
  match = /^(\d{4})$/.exec(text);
  if (match) return match[1];
  match = /^([\p{L}]+)\.?,?\s+('?\d{2,4})$/u.exec(text);
  if (match) {
    const month = MONTHS[match[1]!];
    let year = match[2]!;
    if (year.startsWith("'")) year = `20${year.slice(1)}`;
    if (month && /^\d{4}$/.test(year)) return `${year}-${String(month).padStart(2, "0")}`;
  }
  return undefined;
}

export type FoundDate = { range: DateRange; index: number; length: number };

/**
 * The first date or date range in `text`, with its position so callers can
 * remove it. Bare years count only as whole-segment dates or ranges, so
 * "NeurIPS 2022" in a sentence is not taken for a date unless asked.
 */
export function findDateRange(
  text: string,
  options: { allowBareYear?: boolean } = {},
): FoundDate | undefined {
  const since = OPEN_ONLY.exec(text);
  if (since) {
    const start = pointToPartial(since[1]!);
    if (start) {
      return {
        range: { text: since[0].trim(), start, current: true },
        index: since.index,
        length: since[0].length,
      };
    }
  }
  const pattern = new RegExp(RANGE.source, "giu");
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [whole, first, second] = match;
    // Word boundaries: "2019" inside "12019" or a month inside a word is no date.
    const before = text[match.index - 1];
    const after = text[match.index + whole.length];
    if ((before && /[\p{L}\d]/u.test(before)) || (after && /[\p{L}\d]/u.test(after))) continue;
    const start = pointToPartial(first!);
    if (!start) continue;
    const bareYear = /^\d{4}$/.test(first!.trim()) && second === undefined;
    if (bareYear && !options.allowBareYear) continue;
    const range: DateRange = { text: whole.trim(), start };
    if (second !== undefined) {
      if (new RegExp(`^${OPEN}$`, "iu").test(second.trim())) range.current = true;
      else {
        const end = pointToPartial(second);
        if (!end) continue;
        range.end = end;
      }
    }
    return { range, index: match.index, length: whole.length };
  }
  return undefined;
}

/** True when `text` is nothing but a date or date range (with light punctuation). */
export function isDateOnly(text: string): boolean {
  const found = findDateRange(text, { allowBareYear: true });
  if (!found) return false;
  const rest = text.slice(0, found.index) + text.slice(found.index + found.length);
  return /^[\s,;:()|·•–—-]*$/u.test(rest);
}

/** Parses a free-text date such as ground-truth "January 2019 to Present". */
export function parseDateText(text: string): DateRange {
  const found = findDateRange(text, { allowBareYear: true });
  return found ? { ...found.range, text: text.trim() } : { text: text.trim() };
}
