/**
 * DOCX → lines → resume. The archive is checked against the ZIP limits first;
 * mammoth then converts the document to simple HTML whose heading styles
 * (`Heading 1..6`, `Title`) and whole-paragraph bold runs become heading
 * signals, list items become bullets, and table cells become segments.
 */
import mammoth from "mammoth";
import { AppError } from "../../errors.js";
import { checkArchiveLimits } from "./archive-limits.js";
import { buildResume } from "./build-resume.js";
import type { ParseLimits } from "./limits.js";
import type { ParsedDocument } from "./parse-bytes.js";
import { plainLine, type TextLine } from "./text-line.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };
const decodeEntities = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
const stripTags = (s: string) =>
  decodeEntities(s.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]+>/g, ""))
    .replace(/\s+/g, " ")
    .trim();

/** mammoth's HTML (a small, well-formed subset) → lines with heading/bold/list signals. */
export function htmlToLines(html: string): TextLine[] {
  const lines: TextLine[] = [];
  const blocks = html.matchAll(/<(h[1-6]|p|li|tr)(?:\s[^>]*)?>([\s\S]*?)<\/\1>/gi);
  let firstHeading = true;
  for (const [, tag, inner] of blocks) {
    const name = tag!.toLowerCase();
    if (name === "tr") {
      const cells = [...inner!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/gi)]
        .map((m) => stripTags(m[1]!))
        .filter(Boolean);
      if (cells.length) lines.push(plainLine(cells.join(" "), { segments: cells }));
      continue;
    }
    // Paragraphs inside list items and table cells are handled by their container.
    if (name === "p" && /<\/?(ul|ol|table)/i.test(inner!)) continue;
    const text = stripTags(inner!);
    if (!text) continue;
    const bold = /^\s*<strong>[\s\S]*<\/strong>\s*$/i.test(inner!.replace(/<\/?(a|em)[^>]*>/gi, ""));
    const line = plainLine(text, { emphasis: bold, gapBefore: 0.5 });
    if (name === "li") line.bullet = true;
    if (name.startsWith("h")) {
      const level = Number(name[1]);
      line.size = level === 1 ? 2 : 1.3;
      line.headingLevel = level === 1 && firstHeading && lines.length === 0 ? undefined : Math.max(2, level);
      firstHeading = false;
    }
    lines.push(line);
  }
  return lines;
}

export async function parseDocx(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { now: Date },
): Promise<ParsedDocument> {
  const archive = await checkArchiveLimits(bytes, limits);
  if (!archive.names.includes("word/document.xml")) {
    throw new AppError("docx_corrupt", "This file is not a Word document.");
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        // Images carry no resume text; dropping them keeps memory and output small.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new AppError("docx_corrupt", "This DOCX file is damaged and cannot be read.", { cause: error });
  }
  if (html.length > limits.maxTextChars * 4) {
    throw new AppError("text_too_large", "The document contains more text than allowed.");
  }
  const lines = htmlToLines(html);
  if (lines.length === 0) throw new AppError("file_empty", "The document contains no text.");
  const { resume, warnings } = buildResume(lines, "docx", options.now);
  return {
    resume,
    format: "docx",
    warnings,
    stats: { lines: lines.length, archiveEntries: archive.entries },
  };
}
