/**
 * Plain text and Markdown → lines with explicit signals, then the shared
 * layers. Markdown headings (`#`, setext underlines) and whole-line bold
 * (`**Experience**`) are headings; blank lines are vertical gaps; list markers
 * are bullets. Inline Markdown (links, emphasis, code) is reduced to its text.
 */
import { AppError } from "../../errors.js";
import { buildResume } from "./build-resume.js";
import { normalizeHeadingLevels } from "./layout/headings.js";
import type { ParseLimits } from "./limits.js";
import type { ParsedDocument } from "./parse-result.js";
import { decodeText } from "./sniff.js";
import { plainLine, type TextLine } from "./text-line.js";

function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^[\]]+)\]\(([^()]+)\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label} ${url}`,
    )
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=[^\w*]|$)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, "$1");
}

/** "Title ##" → "Title": a closing run of # after a space ends an ATX heading ("C#" keeps its #). */
function stripClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === "#") end--;
  if (end === trimmed.length || (end > 0 && !/\s/.test(trimmed[end - 1]!))) return trimmed;
  return trimmed.slice(0, end).trimEnd();
}

/** Text (already decoded) → lines. Exported for the DOCX parser, which produces text too. */
export function textToLines(text: string, markdown: boolean): TextLine[] {
  const raw = text.replace(/\r\n?/g, "\n").split("\n");
  const lines: TextLine[] = [];
  let blank = 0;
  for (let i = 0; i < raw.length; i++) {
    let source = raw[i]!.replace(/\t/g, "    ").trimEnd();
    if (source.trim() === "") {
      blank++;
      continue;
    }
    const next = raw[i + 1] ?? "";
    // The line this text came from (a setext underline consumed below is not it).
    const at = i;
    let headingLevel: number | undefined;
    let emphasis = false;
    if (markdown) {
      if (/^(-{3,}|\*{3,}|_{3,})$/.test(source.trim())) continue;
      const atx = /^(#{1,6})\s+(\S.*)$/.exec(source);
      if (atx) {
        headingLevel = atx[1]!.length;
        source = stripClosingHashes(atx[2]!);
      } else if (/^(=+|-+)\s*$/.test(next) && next.trim().length >= 3) {
        headingLevel = next.trim().startsWith("=") ? 1 : 2;
        i++;
      }
      const bold = /^\s*(\*\*|__)([^*_]+)\1\s*(?::\s*)?$/.exec(source);
      if (bold) {
        emphasis = true;
        source = bold[2]!;
      }
      source = stripInlineMarkdown(source);
    }
    // Runs of spaces inside a line are tab stops ("Acme Corp        2019 – 2021").
    const segments = source
      .trim()
      .split(/\s{3,}|\t/)
      .filter(Boolean);
    const indent = /^\s*/.exec(source)![0].length / 2;
    const line = plainLine(source.trim(), {
      gapBefore: lines.length === 0 ? 1 : Math.min(2, blank),
      indent,
      emphasis,
      source: { line: at },
    });
    if (!line.bullet) {
      line.segments = segments;
      line.text = segments.join(" ");
    }
    if (headingLevel !== undefined) {
      line.headingLevel = headingLevel;
      line.size = headingLevel === 1 ? 2 : 1.3;
    }
    lines.push(line);
    blank = 0;
  }
  return normalizeHeadingLevels(lines);
}

export async function parseText(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { now: Date; markdown: boolean },
): Promise<ParsedDocument> {
  const text = decodeText(bytes);
  if (text === undefined) throw new AppError("unsupported_media_type", "The file is not readable text.");
  if (text.length > limits.maxTextChars) {
    throw new AppError("text_too_large", `The text is longer than ${limits.maxTextChars} characters.`);
  }
  if (text.trim() === "") throw new AppError("file_empty", "The uploaded file contains no text.");
  const lines = textToLines(text, options.markdown);
  const format = options.markdown ? "markdown" : "text";
  const { resume, warnings, placedShare } = buildResume(lines, format, options.now);
  return { resume, format, warnings, stats: { lines: lines.length, characters: text.length, placedShare } };
}
