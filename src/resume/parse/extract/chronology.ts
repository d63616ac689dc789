/**
 * Chronology tables: one dated event per row ("20XX | 4 | 履歴書大学 入学",
 * "同 卒業", "現在にいたる", "以上"), as the Japanese 履歴書 prints education
 * and work. Rows about the same organisation (its opening event, the closing
 * one, or "同" for "the same") become one entry with start and end.
 */
import type { DateRange } from "../../model.js";
import { CHRONOLOGY, escapeRegExp, PRESENT_WORDS } from "../lexicon/index.js";
import type { TextLine } from "../text-line.js";

export type ChronologyEntry = { subject: string; dates: DateRange };

const YEAR_CELL = /^(?:19|20)[\dX]{2}$/i;
const MONTH_CELL = /^(?:0?[1-9]|1[0-2]|X{1,2})$/i;
const alternation = (words: string[]) => words.map(escapeRegExp).join("|");
const END_EVENT = new RegExp(`\\s*(?:${alternation(CHRONOLOGY.end)})$`, "u");
const START_EVENT = new RegExp(`\\s*(?:${alternation(CHRONOLOGY.start)})$`, "u");
const SAME = new RegExp(`^(?:${alternation(CHRONOLOGY.same)})(?:\\s|$)`, "u");
const PRESENT = new RegExp(`^(?:${alternation(PRESENT_WORDS)})$`, "iu");

/** True when most lines are "year | month | event" rows. */
export function isChronology(lines: TextLine[]): boolean {
  if (CHRONOLOGY.start.length === 0) return false;
  const rows = lines.filter(
    (l) => l.segments.length >= 3 && YEAR_CELL.test(l.segments[0]!) && MONTH_CELL.test(l.segments[1]!),
  );
  return rows.length >= 2 && rows.length >= 0.5 * lines.length;
}

function pointOf(year: string, month: string): string | undefined {
  if (!/^\d{4}$/.test(year)) return undefined;
  return /^\d{1,2}$/.test(month) ? `${year}-${month.padStart(2, "0")}` : year;
}

/** The entries of a chronology table, in printed order. */
export function readChronology(lines: TextLine[]): ChronologyEntry[] {
  const entries: ChronologyEntry[] = [];
  for (const line of lines) {
    const text = line.segments
      .slice(line.segments.length >= 3 ? 2 : 0)
      .join(" ")
      .trim();
    if (!text || CHRONOLOGY.closing.includes(text)) continue;
    const last = entries.at(-1);
    if (PRESENT.test(text)) {
      if (last) last.dates.current = true;
      continue;
    }
    const point = line.segments.length >= 3 ? pointOf(line.segments[0]!, line.segments[1]!) : undefined;
    const ends = END_EVENT.test(text);
    const subject = text.replace(END_EVENT, "").replace(START_EVENT, "").trim();
    const same = SAME.test(subject) || (ends && last !== undefined && subject === last.subject);
    if (same && last) {
      if (ends && point) last.dates.end = point;
      last.dates.text = [last.dates.text, text].filter(Boolean).join(" – ");
      continue;
    }
    entries.push({ subject, dates: { text, ...(point ? { start: point } : {}) } });
  }
  return entries;
}
