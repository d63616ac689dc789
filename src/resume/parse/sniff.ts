/**
 * Magic-byte sniffing against an allow-list: PDF, DOCX, JSON, UTF-8/UTF-16
 * text (plain or Markdown). The file name and the declared content type are
 * never trusted to choose a parser; a declared type that contradicts the bytes
 * is rejected as `file_type_mismatch`.
 */
import { AppError } from "../../errors.js";
import { MEDIA_TYPES } from "../export-kinds.js";

export type DocumentKind = "pdf" | "docx" | "json" | "text";
export type SniffedType =
  | { kind: "pdf"; contentType: "application/pdf" }
  | { kind: "docx"; contentType: typeof DOCX_CONTENT_TYPE }
  | { kind: "json"; contentType: "application/json" }
  | { kind: "text"; contentType: "text/plain" | "text/markdown"; markdown: boolean };

export const DOCX_CONTENT_TYPE = MEDIA_TYPES.docx;

/** Content types an upload may declare, and the kind each stands for. */
const DECLARED: Record<string, DocumentKind[]> = {
  "application/pdf": ["pdf"],
  "application/x-pdf": ["pdf"],
  [DOCX_CONTENT_TYPE]: ["docx"],
  "application/json": ["json"],
  "text/json": ["json"],
  "text/plain": ["text", "json"],
  "text/markdown": ["text"],
  "text/x-markdown": ["text"],
};
/** Declared types that say nothing about the content. */
const NEUTRAL = new Set(["", "application/octet-stream", "binary/octet-stream", "application/unknown"]);

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

/** Known formats we refuse, with a message that tells the user what to do instead. */
const REFUSED: { signature: number[]; message: string }[] = [
  {
    signature: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message: "Legacy Word (.doc) files are not supported; save the file as DOCX or PDF.",
  },
  { signature: [0x89, 0x50, 0x4e, 0x47], message: "Images are not supported; upload the original document." },
  { signature: [0xff, 0xd8, 0xff], message: "Images are not supported; upload the original document." },
  { signature: [0x47, 0x49, 0x46, 0x38], message: "Images are not supported; upload the original document." },
  {
    signature: [0x7b, 0x5c, 0x72, 0x74, 0x66],
    message: "RTF files are not supported; save the file as DOCX or PDF.",
  },
];

/** Decodes text bytes (UTF-8, or UTF-16 with a byte-order mark); undefined when not text. */
export function decodeText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    if (startsWith(bytes, [0xff, 0xfe]))
      text = new TextDecoder("utf-16le", { fatal: true }).decode(bytes.subarray(2));
    else if (startsWith(bytes, [0xfe, 0xff]))
      text = new TextDecoder("utf-16be", { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
  // Binary data that happens to be valid UTF-8 has NULs or many control characters.
  const sample = text.slice(0, 4096);
  let controls = 0;
  for (const char of sample) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && !"\t\n\r\f\v".includes(char)) || code === 0x7f) controls++;
  }
  if (sample.includes("\u0000") || controls > sample.length * 0.01) return undefined;
  return text;
}

function looksLikeMarkdown(text: string, filename: string | undefined): boolean {
  if (filename && /\.(md|markdown)$/i.test(filename)) return true;
  const sample = text.slice(0, 20_000);
  return (
    /^#{1,6}\s+\S/m.test(sample) ||
    /^\s*\*\*[^*]+\*\*\s*$/m.test(sample) ||
    /^(-{3,}|={3,})\s*$/m.test(sample)
  );
}

/**
 * The document type of `bytes`, by content only (`filename` only tells
 * Markdown from plain text). Throws `unsupported_media_type` or `file_empty`.
 */
export function sniffDocumentType(bytes: Uint8Array, options: { filename?: string } = {}): SniffedType {
  if (bytes.length === 0) throw new AppError("file_empty", "The uploaded file is empty.");
  // PDF readers accept the header anywhere in the first KB (some generators prepend junk).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.includes("%PDF-")) return { kind: "pdf", contentType: "application/pdf" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // File names in ZIP headers are stored uncompressed; a DOCX has word/document.xml.
    const latin = Buffer.from(bytes).toString("latin1");
    if (latin.includes("word/document.xml") || latin.includes("word/document2.xml")) {
      return { kind: "docx", contentType: DOCX_CONTENT_TYPE };
    }
    throw new AppError("unsupported_media_type", "ZIP archives other than DOCX documents are not supported.");
  }
  for (const refused of REFUSED) {
    if (startsWith(bytes, refused.signature)) throw new AppError("unsupported_media_type", refused.message);
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    throw new AppError(
      "unsupported_media_type",
      "Unsupported file type; upload a PDF, DOCX, plain text, Markdown or JSON Resume file.",
    );
  }
  if (text.trim() === "") throw new AppError("file_empty", "The uploaded file contains no text.");
  if (/^\s*\{/.test(text)) return { kind: "json", contentType: "application/json" };
  const markdown = looksLikeMarkdown(text, options.filename);
  return { kind: "text", contentType: markdown ? "text/markdown" : "text/plain", markdown };
}

/** Throws `file_type_mismatch` when the declared content type names another format than the bytes. */
export function assertDeclaredTypeMatches(
  sniffed: SniffedType,
  declaredContentType: string | undefined,
): void {
  const declared = (declaredContentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (NEUTRAL.has(declared)) return;
  const kinds = DECLARED[declared];
  if (!kinds?.includes(sniffed.kind)) {
    throw new AppError(
      "file_type_mismatch",
      `The file content is ${sniffed.kind.toUpperCase()}, but it was declared as ${declared}.`,
      { details: { declared, detected: sniffed.contentType } },
    );
  }
}
