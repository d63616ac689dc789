/**
 * The format-neutral intermediate every parser produces: lines of text with
 * the layout signals the section and entry layers read.
 *
 * PDF lines carry measured geometry; DOCX, Markdown and plain text lines carry
 * explicit signals (heading styles, bold runs, blank lines) mapped onto the
 * same fields, so one set of layers turns any of them into a resume.
 */
import type { SourceRef } from "../model.js";

export type TextLine = {
  /** The line's text with segments joined by a single space. */
  text: string;
  /**
   * Pieces of the line separated by a wide horizontal gap (a tab stop or a
   * right-aligned date column). Plain text has one segment per line.
   */
  segments: string[];
  /**
   * Left edge of each segment relative to the column's left edge, in body font
   * sizes; present for sources with geometry (PDF).
   */
  segmentX?: number[];
  /** Font size relative to the document's body text (1 = body size). */
  size: number;
  /** Bold, or set in a font other than the body font. */
  emphasis: boolean;
  /** An explicit heading signal from the source (DOCX heading style, Markdown `#`). */
  headingLevel?: number;
  /** Vertical space above the line in body line heights (0 = tight, ≥1 = blank line). */
  gapBefore: number;
  /** The line starts with a bullet glyph (removed from `text`). */
  bullet: boolean;
  /** Left indent relative to its column's left edge, in body font sizes. */
  indent: number;
  /** Where the line came from, for debugging and column continuity. */
  page: number;
  /** 0 = full width, 1.. = column index from the left. */
  column: number;
  /** A date/location split off a bullet line; it joins the current entry's header. */
  metaOnly?: boolean;
  /** Where the line is in the original (PDF box, DOCX paragraph, text line), for `meta.sources`. */
  source?: SourceRef;
};

/** Bullet glyphs resumes use at the start of list items. */
export const BULLET_PATTERN = /^\s*([•·▪▫◦‣⁃●○■□◆◇❖➢➤►▶✓✔∗\-–—*+]|\d{1,2}[.)])\s+/u;

/** Splits a leading bullet off `text`. */
export function stripBullet(text: string): { text: string; bullet: boolean } {
  const match = BULLET_PATTERN.exec(text);
  // "- 2019" or "1) 2019" could be a date range fragment, but at line start they are list items.
  if (!match) return { text, bullet: false };
  return { text: text.slice(match[0].length), bullet: true };
}

/** A plain line with neutral signals, for sources without geometry. */
export function plainLine(text: string, signals: Partial<Omit<TextLine, "text">> = {}): TextLine {
  const stripped = stripBullet(text.trim());
  return {
    text: stripped.text,
    segments: signals.segments ?? [stripped.text],
    size: 1,
    emphasis: false,
    gapBefore: 0,
    bullet: stripped.bullet,
    indent: 0,
    page: 1,
    column: 0,
    ...signals,
  };
}

/**
 * Longest line the layout and field layers see. No resume line is longer (a
 * paragraph wraps into several), and every pattern run on a line then costs a
 * bounded amount even where it is not strictly linear.
 */
export const MAX_LINE_CHARS = 2_000;

/** `text` cut into pieces of at most `max` characters, at a space where there is one, never inside a code point. */
export function splitLongText(text: string, max = MAX_LINE_CHARS): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    // A cut between the halves of a surrogate pair would leave two unpaired halves.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces;
}

/** Lines longer than `MAX_LINE_CHARS` become several lines with the same signals; text is kept, only split. */
export function boundLineLengths(lines: TextLine[]): TextLine[] {
  if (
    lines.every((l) => l.text.length <= MAX_LINE_CHARS && l.segments.every((s) => s.length <= MAX_LINE_CHARS))
  )
    return lines;
  return lines.flatMap((line) => {
    if (line.text.length <= MAX_LINE_CHARS && line.segments.every((s) => s.length <= MAX_LINE_CHARS))
      return [line];
    return splitLongText(line.text).map((text, index) => ({
      ...line,
      text,
      segments: [text],
      segmentX: undefined,
      gapBefore: index === 0 ? line.gapBefore : 0,
    }));
  });
}
