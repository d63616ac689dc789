/**
 * Section lines → entries (one job, one degree, one project …).
 *
 * An entry is a run of header lines (titles, organisation, dates, location)
 * followed by body lines (bullets, descriptions). A new entry starts at a
 * header-like line that follows body text, at a clearly larger vertical gap,
 * or at a second date range once the current entry already has one.
 */

import { isLocation } from "../extract/features.js";
import type { TextLine } from "../text-line.js";
import { findDateRange, isDateOnly } from "./dates.js";

export type Entry = { header: TextLine[]; body: TextLine[] };

const URL_ONLY = /^(https?:\/\/|www\.)\S+$/i;

/** Left edge of a line's content, skipping a leading date segment (label-column dates). */
export function contentX(line: TextLine): number {
  const xs = line.segmentX;
  if (!xs) return line.indent;
  const index = line.segments.findIndex((s) => !isDateOnly(s));
  return xs[index === -1 ? 0 : index] ?? line.indent;
}

function hasDate(line: TextLine, bulletEntries = false): boolean {
  // "(2023)" at the end of a bullet dates the achievement, not a new entry, unless every
  // line of the section is a bullet (a list of one-line entries).
  return line.segments.some(
    (s) =>
      findDateRange(s, { allowBareYear: isDateOnly(s), delimitedYear: bulletEntries || !line.bullet }) !==
      undefined,
  );
}

/** "Acme — Engineer", "Title | Company": the separators of a header line. */
function hasSeparator(line: TextLine): boolean {
  return line.segments.length > 1 || /\s[–—|·•]\s/.test(line.text);
}

function isSentence(line: TextLine): boolean {
  return line.text.length > 90 || (line.text.split(" ").length >= 9 && /[.;]$/.test(line.text));
}

/**
 * A bullet with a right-aligned date or location beside it (the date column of
 * a two-column entry layout): the trailing segments belong to the entry header.
 */
function splitTrailingMeta(line: TextLine): TextLine[] {
  if (line.segments.length < 2 || !line.bullet) return [line];
  const keep: string[] = [line.segments[0]!];
  const meta: string[] = [];
  for (const segment of line.segments.slice(1)) {
    if (isDateOnly(segment) || isLocation(segment) || /^\d+\s+(years?|months?)/i.test(segment))
      meta.push(segment);
    else keep.push(segment);
  }
  if (meta.length === 0) return [line];
  const body = { ...line, text: keep.join(" "), segments: keep, segmentX: line.segmentX?.slice(0, 1) };
  const header: TextLine = {
    ...line,
    text: meta.join(" "),
    segments: meta,
    bullet: false,
    segmentX: undefined,
    metaOnly: true,
  };
  return [header, body];
}

/** Splits a section's lines into entries. */
export function splitEntries(input: TextLine[]): Entry[] {
  const lines = input.flatMap(splitTrailingMeta);
  if (lines.length === 0) return [];
  const gaps = lines.slice(1).map((l) => l.gapBefore);
  const typicalGap = quantile(gaps, 0.5);
  const entryGap = Math.max(0.35, typicalGap * 2 + 0.15);

  const bulletEntries = lines.every((l) => l.bullet);
  const entries: Entry[] = [];
  let current: Entry | undefined;
  let headerX = 0;
  let previousBody = false;
  let previousX = 0;
  let currentHasDate = false;
  let previousDateOnly = false;

  for (const line of lines) {
    // A link under an entry ("https://acme.example") belongs to it, wherever it sits.
    const urlOnly = URL_ONLY.test(line.text.trim());
    if ((line.metaOnly || urlOnly) && current) {
      current.header.push(line);
      currentHasDate ||= hasDate(line);
      continue;
    }
    const x = contentX(line);
    const dated = hasDate(line, bulletEntries);
    // A stacked header (title, issuer, date) ends at its date line.
    const closesStack =
      !dated &&
      !line.bullet &&
      previousDateOnly &&
      line.gapBefore >= 0.2 &&
      x < headerX + 1.5 &&
      (line.text.split(/\s+/).length <= 6 || hasSeparator(line));
    const body: boolean =
      current !== undefined &&
      !dated &&
      !closesStack &&
      (line.bullet ||
        x >= headerX + 1.5 ||
        isSentence(line) ||
        // Prose after body text continues it: entry titles are short or carry a date.
        (previousBody && line.text.split(/\s+/).length >= 8 && (!line.emphasis || x >= previousX - 0.3)) ||
        // Below a title and a subtitle, a line of five or more words is a description.
        (current.header.length >= 2 &&
          current.body.length === 0 &&
          !line.emphasis &&
          !hasSeparator(line) &&
          line.text.split(/\s+/).length >= 5) ||
        (previousBody && x >= previousX - 0.3 && line.gapBefore < Math.min(entryGap, 0.5)));
    // The date line of a header still waiting for its dates belongs to it, even a little apart.
    const datesHeader =
      dated && current !== undefined && current.body.length === 0 && !currentHasDate && line.gapBefore < 1;
    const startsEntry =
      current === undefined ||
      (!body &&
        (previousBody ||
          (line.gapBefore >= entryGap && !datesHeader) ||
          // A second date range on a header line: entries without body text (education, awards).
          (dated && currentHasDate && !line.metaOnly) ||
          closesStack));
    if (startsEntry) {
      current = { header: [line], body: [] };
      entries.push(current);
      headerX = x;
      currentHasDate = dated;
    } else if (body || current!.body.length > 0) {
      current!.body.push(line);
    } else {
      current!.header.push(line);
      currentHasDate ||= dated;
    }
    previousBody = body;
    previousX = x;
    previousDateOnly = isDateOnly(line.text);
  }
  return entries;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
