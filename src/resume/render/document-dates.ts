/**
 * Dates as the document prints them: one range style (an en dash with spaces)
 * and, for structured dates, month names in the document's language (Intl).
 */
import type { DateRange, PartialDate } from "../model.js";
import type { DateFormat } from "../settings.js";

/** The one range separator every export uses. */
export const RANGE_DASH = " – ";

const formatters = new Map<string, Intl.DateTimeFormat>();

const OPTIONS: Record<Exclude<DateFormat, "as_written" | "year">, Intl.DateTimeFormatOptions> = {
  month_year: { month: "short", year: "numeric", timeZone: "UTC" },
  numeric: { month: "2-digit", year: "numeric", timeZone: "UTC" },
  long: { month: "long", year: "numeric", timeZone: "UTC" },
};

function formatter(locale: string, style: keyof typeof OPTIONS): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, OPTIONS[style]);
    } catch {
      f = new Intl.DateTimeFormat("en", OPTIONS[style]);
    }
    formatters.set(key, f);
  }
  return f;
}

/** One `YYYY` or `YYYY-MM` date in `style`; a bare year stays a year whatever the style. */
export function formatPartial(
  date: PartialDate,
  style: Exclude<DateFormat, "as_written">,
  locale: string,
): string {
  const [year, month] = date.split("-");
  if (!month || style === "year") return year!;
  return formatter(locale, style).format(new Date(Date.UTC(Number(year), Number(month) - 1, 1)));
}

/**
 * Join a range's separators into the one style: "2019 - 2021", "2019–2021" and "2019 — 2021"
 * all become "2019 – 2021". Hyphens inside ISO dates ("2019-05") are left alone.
 */
export function normalizeRangeDash(text: string): string {
  // Spaces before a dash are matched from the first of them only, so a long run is read once.
  return text
    .replace(/(?<!\s)\s+[-–—]+\s+|(?:(?<!\s)\s+)?[–—]\s*/g, RANGE_DASH)
    .replace(/^(\d{4})-(\d{4})$/, `$1${RANGE_DASH}$2`)
    .trim();
}

/** The date text a document prints for `range`, or "" when there is none. */
export function documentDate(
  range: DateRange | undefined,
  style: DateFormat,
  locale: string,
  present: string,
): string {
  if (!range) return "";
  const structured = Boolean(range.start || range.end || range.current);
  if (style === "as_written" && range.text.trim()) return collapseSame(normalizeRangeDash(range.text));
  if (!structured) return collapseSame(normalizeRangeDash(range.text));
  const s = style === "as_written" ? "month_year" : style;
  const start = range.start ? formatPartial(range.start, s, locale) : "";
  const end = range.current ? present : range.end ? formatPartial(range.end, s, locale) : "";
  return collapseSame(start && end ? `${start}${RANGE_DASH}${end}` : start || end);
}

/** "Aug 2016 – Aug 2016" reads as one date. */
function collapseSame(text: string): string {
  const i = text.indexOf(RANGE_DASH);
  if (i > 0 && text.slice(0, i) === text.slice(i + RANGE_DASH.length)) return text.slice(0, i);
  return text;
}
