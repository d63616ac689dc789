/**
 * Dates as resumes write them → `DateRange` (original text kept).
 *
 * Month names, "present" words and range words come from the language
 * lexicons (lexicon/); numeric forms are `MM/YYYY`, `YYYY-MM`, `DD.MM.YYYY`
 * (day first), `2019年3月`, and bare years.
 */
import type { DateRange } from "../../model.js";
import { CJK, escapeRegExp, MONTH_WORDS, PRESENT_WORDS, RANGE_WORDS, SINCE_WORDS } from "../lexicon/index.js";
import { memoizeText } from "../memo.js";

const alternation = (words: readonly string[]) => words.map(escapeRegExp).join("|");

const MONTH_WORD = `(?:${alternation(
  [...MONTH_WORDS.keys()].filter((w) => !CJK.test(w)).sort((a, b) => b.length - a.length),
)})\\.?`;
const YEAR = "(?:19[5-9]\\d|20\\d\\d)";
const MM = "(?:0?[1-9]|1[0-2])";
const DD = "(?:0?[1-9]|[12]\\d|3[01])";
// One point in time: "Jan 2019", "January, 2019", "Mar/2021", "01/2019", "2019-01", "2019年3月",
// "15.03.2019" (day first), "2019".
const POINT = [
  `${MONTH_WORD},?(?:\\s+|\\s*/\\s*)(?:'\\d\\d|${YEAR})`,
  `${YEAR}\\s*年\\s*${MM}\\s*月(?:\\s*\\d{1,2}\\s*日)?`,
  `${YEAR}\\s*年`,
  `${DD}[/.]${MM}[/.]${YEAR}`,
  `${YEAR}\\s+${MONTH_WORD}(?![\\p{L}])`,
  `${MM}[/.-]${YEAR}`,
  `${YEAR}[-/.]${MM}(?![\\d])`,
  YEAR,
]
  .map((p) => `(?:${p})`)
  .join("|");
const OPEN = `(?:${alternation(PRESENT_WORDS)})`;
const SEPARATOR = `(?:\\s*[–—\\-−‐‑‒~〜～]+\\s*|\\s+(?:${alternation(
  RANGE_WORDS.filter((w) => !CJK.test(w)),
)})\\s+|\\s*(?:${alternation(RANGE_WORDS.filter((w) => CJK.test(w)))})\\s*)`;

// Global (sticky position in `lastIndex`): findDateRange resets it before each scan.
const RANGE = new RegExp(`(${POINT})(?:${SEPARATOR}(${POINT}|${OPEN}))?`, "giu");
// Every point in time holds two ASCII digits in a row (a year, or the 'YY of "Jan '19"): text
// without them holds no date, and most lines of a CV are such text.
const TWO_DIGITS = /\d\d/;
const OPEN_ONLY = new RegExp(`^\\s*(?:${alternation(SINCE_WORDS)})\\s+(${POINT})`, "iu");
// Letters and digits glued to a date make it part of a word; CJK text needs no spaces around dates.
const GLUED = /^(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\d]$/u;
const OPEN_EXACT = new RegExp(`^${OPEN}$`, "iu");

function pointToPartial(point: string): string | undefined {
  const text = point.trim().toLowerCase();
  let match = /^(\d{4})[-/.](\d{1,2})$/.exec(text);
  if (match) return `${match[1]}-${match[2]!.padStart(2, "0")}`;
  match = /^(\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) return `${match[2]}-${match[1]!.padStart(2, "0")}`;
  match = /^\d{1,2}[/.](\d{1,2})[/.](\d{4})$/.exec(text);
  if (match) return `${match[2]}-${match[1]!.padStart(2, "0")}`;
  match = /^(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?/.exec(text);
  if (match) return match[2] ? `${match[1]}-${match[2].padStart(2, "0")}` : match[1];
  match = /^(\d{4})$/.exec(text);
  if (match) return match[1];
  match = /^(\d{4})\s+([\p{L}]+)\.?$/u.exec(text);
  if (match) {
    const month = MONTH_WORDS.get(match[2]!);
    return month ? `${match[1]}-${String(month).padStart(2, "0")}` : undefined;
  }
  match = /^([\p{L}]+)\.?,?(?:\s+|\s*\/\s*)('?\d{2,4})$/u.exec(text);
  if (match) {
    const month = MONTH_WORDS.get(match[1]!);
    let year = match[2]!;
    if (year.startsWith("'")) year = `20${year.slice(1)}`;
    if (month && /^\d{4}$/.test(year)) return `${year}-${String(month).padStart(2, "0")}`;
  }
  return undefined;
}

/**
 * A bare year set off as its own piece counts as a date: "Universidad Nacional, 2018",
 * "B.S. | NYU | 2018", "(2019)", "2022 (6 months)". A year inside running words does not.
 */
function delimited(text: string, index: number, length: number): boolean {
  const before = text.slice(0, index).trimEnd();
  const after = text.slice(index + length).trimStart();
  const openBefore = before === "" || /[|·•,(–—:-]$/u.test(before);
  const closedAfter = after === "" || /^[)|·•,]/u.test(after) || /^\(\s*\d+\s+\p{L}+\s*\)\s*$/u.test(after);
  return openBefore && closedAfter;
}

export type FoundDate = { range: DateRange; index: number; length: number };

/**
 * The first date or date range in `text`, with its position so callers can
 * remove it. Bare years count only as whole-segment dates or ranges, so
 * "NeurIPS 2022" in a sentence is not taken for a date unless asked.
 */
export function findDateRange(
  text: string,
  options: { allowBareYear?: boolean; delimitedYear?: boolean } = {},
): FoundDate | undefined {
  if (!TWO_DIGITS.test(text)) return undefined;
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
  const pattern = RANGE;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [whole, first, second] = match;
    // Word boundaries: "2019" inside "12019" or a month inside a word is no date.
    const before = text[match.index - 1];
    const after = text[match.index + whole.length];
    if ((before && GLUED.test(before)) || (after && GLUED.test(after))) continue;
    const start = pointToPartial(first!);
    if (!start) continue;
    const bareYear = /^\d{4}$/.test(first!.trim()) && second === undefined;
    if (
      bareYear &&
      !options.allowBareYear &&
      !(options.delimitedYear !== false && delimited(text, match.index, whole.length))
    )
      continue;
    const range: DateRange = { text: whole.trim(), start };
    if (second !== undefined) {
      if (OPEN_EXACT.test(second.trim())) range.current = true;
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
export const isDateOnly = memoizeText((text: string): boolean => {
  const found = findDateRange(text, { allowBareYear: true });
  if (!found) return false;
  const rest = text.slice(0, found.index) + text.slice(found.index + found.length);
  return /^[\s,;:()|·•–—-]*$/u.test(rest);
});

/** Parses a free-text date such as ground-truth "January 2019 to Present". */
export function parseDateText(text: string): DateRange {
  const found = findDateRange(text, { allowBareYear: true });
  return found ? { ...found.range, text: text.trim() } : { text: text.trim() };
}
