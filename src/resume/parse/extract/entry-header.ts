/**
 * An entry's header lines → dates, location, URL and the remaining text
 * pieces (organisation, title, degree …) in reading order.
 */
import type { DateRange } from "../../model.js";
import { findDateRange, isDateOnly } from "../layout/dates.js";
import type { TextLine } from "../text-line.js";
import { findUrl, isLocation, splitPieces } from "./features.js";

export type Piece = { text: string; emphasis: boolean; line: number };
export type EntryHeader = {
  dates: DateRange | undefined;
  location: string;
  url: string;
  pieces: Piece[];
  /** The location was the entry's first piece: it may be "Company, City" rather than a place. */
  locationFirst: boolean;
};

const OPEN_QUOTE = /(?:^|\s)['‘“"„«][^'’”"»]*$/u;

/** A quoted title wrapped onto the next line ("Thesis: 'Young People in the / Virtual University’") is one piece. */
function joinQuotedWraps(lines: TextLine[]): TextLine[] {
  const out: TextLine[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    const last = previous?.segments.at(-1);
    if (previous && last !== undefined && OPEN_QUOTE.test(last) && /['’”"»]/u.test(line.segments[0] ?? "")) {
      const joined = `${last} ${line.segments[0]}`;
      const segments = [...previous.segments.slice(0, -1), joined, ...line.segments.slice(1)];
      out[out.length - 1] = { ...previous, segments, text: segments.join(" "), segmentX: undefined };
      continue;
    }
    out.push(line);
  }
  return out;
}

/** Reads the structured parts out of an entry's header lines. */
export function analyzeHeader(input: TextLine[]): EntryHeader {
  const lines = joinQuotedWraps(input);
  let dates: DateRange | undefined;
  let location = "";
  let url = "";
  let locationFirst = false;
  const pieces: Piece[] = [];
  lines.forEach((line, lineIndex) => {
    for (let segment of line.segments) {
      if (!dates) {
        const found = findDateRange(segment, {
          allowBareYear: isDateOnly(segment) || line.segments.length > 1,
        });
        if (found) {
          dates = found.range;
          segment = `${segment.slice(0, found.index)} | ${segment.slice(found.index + found.length)}`;
        }
      }
      const link = findUrl(segment);
      if (link && !url) {
        url = link;
        segment = segment.replace(link, " | ");
      }
      // "Company, Position – City, ST": a trailing location after a dash.
      for (const piece of splitPieces([segment])) {
        if (!location && isLocation(piece)) {
          location = piece;
          locationFirst = pieces.length === 0;
          continue;
        }
        if (/^\(?\s*\)?$/.test(piece) || /^(\d+\s+(years?|months?|yrs?|mos?)\s*)+$/i.test(piece)) continue;
        // Grades are read separately (education score), never as names.
        if (/^(gpa|cgpa|grade|score|note)\b\s*:?/i.test(piece)) continue;
        pieces.push({ text: piece, emphasis: line.emphasis, line: lineIndex });
      }
    }
  });
  return { dates, location, url, pieces, locationFirst };
}

const COMPANY_SUFFIX = /^(inc|llc|ltd|gmbh|corp|co|plc|sa|ag|l\.?p)\.?$/i;

/**
 * Splits comma-joined header pieces ("Nexus AI, Co-Founder & CTO",
 * "University of Oklahoma, Bachelor, Information Technology"), keeping company
 * suffixes ("Acme, Inc.") attached.
 */
export function splitCommaPieces(pieces: Piece[]): Piece[] {
  return pieces.flatMap((piece) => {
    const parts = piece.text.split(/,\s+/);
    if (parts.length < 2 || parts.length > 4) return [piece];
    const merged: string[] = [];
    for (const part of parts) {
      if (merged.length && COMPANY_SUFFIX.test(part)) merged[merged.length - 1] += `, ${part}`;
      else merged.push(part);
    }
    return merged.map((text) => ({ ...piece, text }));
  });
}

/** Joins body lines into bullet highlights (continuation lines appended) and free text. */
export function readBody(lines: TextLine[]): { summary: string; highlights: string[] } {
  const highlights: string[] = [];
  const prose: string[] = [];
  let inBullet = false;
  let bulletX = 0;
  for (const line of lines) {
    const x = line.segmentX?.[0] ?? line.indent;
    if (line.bullet) {
      highlights.push(line.text);
      inBullet = true;
      bulletX = x;
      continue;
    }
    if (inBullet && x >= bulletX - 0.5 && line.gapBefore < 0.3) {
      highlights[highlights.length - 1] = joinWrapped(highlights.at(-1)!, line.text);
      continue;
    }
    inBullet = false;
    prose.push(line.text);
  }
  // Without bullet glyphs, body lines that end sentences are separate highlights.
  if (highlights.length === 0 && prose.length > 1) {
    const items: string[] = [];
    let currentItem = "";
    let previousGap = 0;
    for (const [i, line] of lines.entries()) {
      // A new item starts at extra vertical space, or where a sentence ended and a capital follows.
      const sentenceEnded = /[.!?]$/.test(currentItem) && /^\p{Lu}/u.test(line.text);
      const startsItem =
        i > 0 &&
        currentItem !== "" &&
        (line.gapBefore > previousGap + 0.08 || line.gapBefore >= 0.2 || sentenceEnded);
      if (startsItem) {
        items.push(currentItem);
        currentItem = line.text;
      } else currentItem = currentItem ? joinWrapped(currentItem, line.text) : line.text;
      previousGap = i === 0 ? line.gapBefore : Math.min(previousGap, line.gapBefore);
    }
    if (currentItem) items.push(currentItem);
    if (items.length > 1) return { summary: "", highlights: items };
  }
  return { summary: prose.reduce((text, line) => (text ? joinWrapped(text, line) : line), ""), highlights };
}

/**
 * Joins a wrapped line. A line ending in "-" before a lower-case word keeps
 * the hyphen without a space ("cross-" + "device"): real compounds are far
 * more common in resumes than typeset hyphenation.
 */
export function joinWrapped(a: string, b: string): string {
  if (/\p{L}-$/u.test(a) && /^\p{Ll}/u.test(b)) return `${a}${b}`;
  return `${a} ${b}`;
}
