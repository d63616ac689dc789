/**
 * Lines → header + sections.
 *
 * A section starts at a heading line (see `headingScore`). Lines before the
 * first heading are the header (name, contacts). In multi-column PDFs each
 * column keeps its own current section, so a column continued on the next
 * page stays in its section. Sections laid out as a grid (entries side by
 * side) are read one grid column at a time.
 */
import type { SourceRef } from "../../model.js";
import type { TextLine } from "../text-line.js";
import { isDateOnly } from "./dates.js";
import { headingScore, isAllCaps, type SectionKind, sectionKindOf } from "./headings.js";

export type Section = {
  kind: SectionKind;
  title: string;
  lines: TextLine[];
  confidence: number;
  /** Where the heading line is in the original. */
  source?: SourceRef | undefined;
};
/** `headings`: every recognised heading, those left without lines included (a section that came out empty). */
export type SectionedDocument = { header: TextLine[]; sections: Section[]; headings: Section[] };

/** "Experience | Acme | 2019 – 2021" in a label-column layout → heading line + content line. */
function splitLabelColumn(line: TextLine): TextLine[] {
  // "年 | 月 | 免許・資格": a table's header row naming its section after short column labels.
  const last = line.segments.at(-1);
  if (
    line.segments.length > 1 &&
    last !== undefined &&
    sectionKindOf(last) !== undefined &&
    line.segments.slice(0, -1).every((s) => s.length <= 2)
  )
    return [{ ...line, text: last, segments: [last], segmentX: line.segmentX?.slice(-1) }];
  const [first, ...rest] = line.segments;
  if (first === undefined || rest.length === 0 || sectionKindOf(first) === undefined) return [line];
  const heading: TextLine = { ...line, text: first, segments: [first], segmentX: line.segmentX?.slice(0, 1) };
  const content: TextLine = {
    ...line,
    text: rest.join(" "),
    segments: rest,
    segmentX: line.segmentX?.slice(1),
    gapBefore: 0,
    emphasis: false,
    size: 1,
  };
  return [heading, content];
}

/** The look shared by most known headings (size, emphasis, capitals), if they agree. */
function headingStyle(lines: TextLine[], emphasisShare: number) {
  const known = lines.filter(
    (l) => sectionKindOf(l.text) !== undefined && headingScore(l, emphasisShare) >= 0.5,
  );
  if (known.length < 2) return undefined;
  const key = (l: TextLine) => `${Math.round(l.size * 20) / 20}|${l.emphasis}|${isAllCaps(l.text)}`;
  const counts = new Map<string, number>();
  for (const l of known) counts.set(key(l), (counts.get(key(l)) ?? 0) + 1);
  const [top, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  if (count < 0.6 * known.length) return undefined;
  const sample = known.find((l) => key(l) === top)!;
  return { size: sample.size, emphasis: sample.emphasis, allCaps: isAllCaps(sample.text) };
}

/** Splits lines into the header and titled sections. */
export function splitSections(input: TextLine[]): SectionedDocument {
  const lines = input.flatMap(splitLabelColumn);
  const emphasisShare = lines.length ? lines.filter((l) => l.emphasis).length / lines.length : 0;
  const style = headingStyle(lines, emphasisShare);
  const header: TextLine[] = [];
  const sections: Section[] = [];
  const currentByColumn = new Map<number, Section>();
  let current: Section | undefined;
  let previousColumn = 0;
  let previousPage = 1;

  for (const [index, line] of lines.entries()) {
    if (line.column !== previousColumn || line.page !== previousPage) {
      // Returning to a column (or a page) resumes that column's section.
      const resumed = currentByColumn.get(line.column);
      if (resumed) current = resumed;
      else if (line.column > 0 && line.page > 1) current = current ?? undefined;
      previousColumn = line.column;
      previousPage = line.page;
    }
    const score = headingScore(line, emphasisShare, style);
    const kind = sectionKindOf(line.text) ?? "custom";
    // A free-titled heading needs a known heading before it: above that, a line set in
    // the heading style is the name or a tagline.
    // A free title followed at once by its dates is an entry ("Acme, Office Manager" / "2019 – 2021").
    const next = lines[index + 1];
    const entryTitle = kind === "custom" && next !== undefined && isDateOnly(next.segments[0] ?? "");
    if (score >= 0.5 && (kind !== "custom" || sections.length > 0) && !entryTitle) {
      current = {
        kind,
        title: line.text.replace(/[:：]\s*$/, "").trim(),
        lines: [],
        confidence: score,
        source: line.source,
      };
      sections.push(current);
      currentByColumn.set(line.column, current);
      continue;
    }
    if (current) current.lines.push(line);
    else header.push(line);
  }
  for (const section of sections)
    if (GRID_KINDS.has(section.kind)) section.lines = readGridByColumn(section.lines);
  return {
    header,
    sections: sections.filter((s) => s.lines.length > 0 || s.kind === "references"),
    headings: sections,
  };
}

/**
 * Sections whose entries may stand side by side. Label-value tables (personal details,
 * languages with their levels) read row by row.
 */
const GRID_KINDS = new Set<SectionKind>([
  "work",
  "education",
  "projects",
  "volunteer",
  "awards",
  "certificates",
  "publications",
  "skills",
  "interests",
  "custom",
]);

/** A first grid column of years, months or row numbers ("20XX | 4 | …") labels rows: read by row. */
const ROW_LABEL = /^[\dX\s年月日./-]+$/u;

/**
 * When most lines of a section hold several left-aligned segments at the same
 * x positions (entries side by side), returns the lines column by column;
 * otherwise the lines unchanged. Right-aligned dates and locations beside an
 * entry title do not form a grid: their left edges vary.
 */
function readGridByColumn(lines: TextLine[]): TextLine[] {
  const multi = lines.filter((l) => l.segments.length > 1 && l.segmentX);
  if (multi.length < 2 || multi.length < 0.5 * lines.length) return lines;
  if (multi.filter((l) => ROW_LABEL.test(l.segments[0]!)).length >= 0.6 * multi.length) return lines;
  const seconds = multi.map((l) => ({ x: l.segmentX![1]!, text: l.segments[1]! }));
  if (seconds.filter((s) => isDateOnly(s.text)).length > 0.3 * seconds.length) return lines;
  const anchor = median(seconds.map((s) => s.x));
  const aligned = seconds.filter((s) => Math.abs(s.x - anchor) <= 3).length;
  if (aligned < 0.7 * seconds.length) return lines;

  // Column starts: the first segment's x and every aligned x position after it.
  const starts: number[] = [0];
  const allX = multi.flatMap((l) => l.segmentX!.slice(1)).sort((a, b) => a - b);
  for (const x of allX) {
    const last = starts.at(-1)!;
    if (x - last > 3) starts.push(x);
  }
  const columns: TextLine[][] = starts.map(() => []);
  for (const line of lines) {
    const xs = line.segmentX ?? line.segments.map(() => 0);
    line.segments.forEach((segment, i) => {
      const x = xs[i] ?? 0;
      let column = 0;
      for (let c = 0; c < starts.length; c++) if (x >= starts[c]! - 1.5) column = c;
      // Positions become relative to the grid column, so indents compare within it.
      const relative = Math.max(0, x - starts[column]!);
      columns[column]!.push({
        ...line,
        text: segment,
        segments: [segment],
        segmentX: [relative],
        indent: relative,
        bullet: i === 0 ? line.bullet : false,
      });
    });
  }
  return columns.flatMap((column) => column.map((line, i) => (i === 0 ? { ...line, gapBefore: 2 } : line)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
