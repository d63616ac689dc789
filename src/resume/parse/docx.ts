/**
 * DOCX → lines → resume. The archive is checked against the ZIP limits first;
 * mammoth then converts the document to simple HTML whose heading styles
 * (`Heading 1..6`, `Title`) and whole-paragraph bold runs become heading
 * signals, list items become bullets, and table cells become segments.
 */
import mammoth from "mammoth";
import { AppError } from "../../errors.js";
import { readArchive, storedZip } from "./archive-reader.js";
import { buildResume } from "./build-resume.js";
import { headerFooterParagraphs } from "./docx-parts.js";
import { withSlimStyles } from "./docx-styles.js";
import { normalizeHeadingLevels } from "./layout/headings.js";
import type { ParseLimits } from "./limits.js";
import type { ParsedDocument } from "./parse-result.js";
import { plainLine, type TextLine } from "./text-line.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };
const decodeEntities = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });

/** Text of an inline HTML fragment; tabs (tab stops before right-aligned dates) split segments. */
function inlineSegments(html: string): string[] {
  return decodeEntities(html.replace(/<[^<>]*>/g, ""))
    .split(/\t+/)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

const BLOCK = /<(h[1-6]|p|li|table)\b[^>]*>([\s\S]*?)<\/\1>/gi;

/**
 * mammoth's HTML (a small, well-formed subset) → lines with heading, bold, list and table
 * signals. `paragraphs` counts body paragraphs in document order (mammoth keeps empty ones
 * when asked), so each line can name its paragraph.
 */
function fragmentToLines(html: string, column: number, paragraphs = { next: 0 }): TextLine[] {
  const lines: TextLine[] = [];
  for (const [, tag, inner] of html.matchAll(BLOCK)) {
    const name = tag!.toLowerCase();
    const paragraph = name === "table" ? paragraphs.next : paragraphs.next++;
    if (name === "table") {
      for (const [, row] of inner!.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
        const cells = [...row!.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/gi)].map((m) => m[1]!);
        const blocks = cells.map((c) => [...c.matchAll(BLOCK)].length);
        if (cells.length > 1 && blocks.every((n) => n <= 1)) {
          // A data table: each row is one line, each cell a segment.
          const segments = cells.flatMap(inlineSegments);
          const source = { paragraph: paragraphs.next };
          paragraphs.next += blocks.reduce((n, b) => n + Math.max(1, b), 0);
          if (segments.length) lines.push(plainLine(segments.join(" "), { segments, column, source }));
        } else {
          // A layout table (sidebar and main column): read cell after cell.
          cells.forEach((cell, index) => {
            lines.push(...fragmentToLines(cell, cells.length > 1 ? index + 1 : column, paragraphs));
          });
        }
      }
      continue;
    }
    // Line breaks inside a paragraph ("Languages<br>Go, SQL") separate lines.
    const parts = inner!.split(/<br\s*\/?>/i);
    for (const [index, part] of parts.entries()) {
      const segments = inlineSegments(part);
      if (segments.length === 0) continue;
      const bold = /^\s*<strong>[\s\S]*<\/strong>\s*$/i.test(
        part.replace(/<\/?(a|em)\b[^>]*>/gi, "").split("\t")[0]!,
      );
      const line = plainLine(segments.join(" "), {
        emphasis: bold,
        gapBefore: index === 0 ? 0.5 : 0,
        column,
        source: { paragraph },
      });
      line.segments = line.bullet ? [line.text] : segments;
      if (name === "li") line.bullet = true;
      if (name.startsWith("h")) {
        const level = Number(name[1]);
        line.headingLevel = level;
        line.size = level === 1 ? 1.6 : level === 2 ? 1.3 : 1.15;
      }
      lines.push(line);
    }
  }
  return lines;
}

/** mammoth HTML → lines, with heading levels normalised (see `normalizeHeadingLevels`). */
export function htmlToLines(html: string): TextLine[] {
  return normalizeHeadingLevels(fragmentToLines(html, 0));
}

export async function parseDocx(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { now: Date },
): Promise<ParsedDocument> {
  // Images carry no resume text: never inflated. Everything else is inflated here, under the budget,
  // and mammoth gets the parts stored uncompressed, so nothing it reads can expand any further.
  const archive = await readArchive(bytes, limits, (name) => !/^word\/(media|embeddings)\//.test(name));
  if (!archive.entries.some((e) => e.name === "word/document.xml")) {
    throw new AppError("docx_corrupt", "This file is not a Word document.");
  }
  // mammoth reads a handful of elements from the style sheet; it gets a sheet holding only those.
  const stored = await storedZip({ ...archive, entries: withSlimStyles(archive.entries) });
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: stored },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        // Images carry no resume text; dropping them keeps memory and output small.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
        // Empty paragraphs are kept so that line sources count paragraphs as Word does.
        ignoreEmptyParagraphs: false,
      },
    );
    html = result.value;
  } catch (error) {
    throw new AppError("docx_corrupt", "This DOCX file is damaged and cannot be read.", { cause: error });
  }
  if (html.length > limits.maxTextChars * 4) {
    throw new AppError("text_too_large", "The document contains more text than allowed.");
  }
  const bodyLines = htmlToLines(html);
  // Page headers and footers (name and contacts in many templates) lead the document.
  const bodyTexts = new Set(bodyLines.map((l) => l.text));
  const pageLines = headerFooterParagraphs(archive.entries)
    .map((text) => {
      const segments = text
        .split(/\t+/)
        .map((t) => t.trim())
        .filter(Boolean);
      return plainLine(segments.join(" "), { segments });
    })
    .filter((line) => !bodyTexts.has(line.text));
  const lines = [...pageLines, ...bodyLines];
  if (lines.length === 0) throw new AppError("file_empty", "The document contains no text.");
  const { resume, warnings, placedShare } = buildResume(lines, "docx", options.now);
  return {
    resume,
    format: "docx",
    warnings,
    stats: { lines: lines.length, archiveEntries: archive.entries.length, placedShare },
  };
}
