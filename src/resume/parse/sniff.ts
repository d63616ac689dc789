/**
 * Magic-byte sniffing against an allow-list: PDF, DOCX, JSON, UTF-8/UTF-16
 * text (plain or Markdown), PNG and JPEG images (read with OCR) and LinkedIn
 * data exports (a ZIP of CSV files). The file name and the declared content type are
 * never trusted to choose a parser; a declared type that contradicts the bytes
 * is rejected as `file_type_mismatch`.
 */
import { AppError } from "../../errors.js";
import { MEDIA_TYPES } from "../export-kinds.js";
import { looksLikeLinkedInExport } from "./linkedin/export-files.js";

export type DocumentKind = "pdf" | "docx" | "json" | "text" | "image" | "linkedin";
export type SniffedType =
  | { kind: "pdf"; contentType: "application/pdf" }
  | { kind: "docx"; contentType: typeof DOCX_CONTENT_TYPE }
  | { kind: "json"; contentType: "application/json" }
  | { kind: "text"; contentType: "text/plain" | "text/markdown"; markdown: boolean }
  | { kind: "image"; contentType: typeof MEDIA_TYPES.png | typeof MEDIA_TYPES.jpeg }
  | { kind: "linkedin"; contentType: typeof MEDIA_TYPES.zip };

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
  "image/png": ["image"],
  "image/jpeg": ["image"],
  "image/jpg": ["image"],
  "image/pjpeg": ["image"],
  "application/zip": ["linkedin"],
  "application/x-zip-compressed": ["linkedin"],
  "application/x-zip": ["linkedin"],
};
/** Declared types that say nothing about the content. */
const NEUTRAL = new Set(["", "application/octet-stream", "binary/octet-stream", "application/unknown"]);

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

/** File name endings of the formats read (the bytes decide; these are for the upload picker). */
export const ACCEPTED_EXTENSIONS = [
  ".pdf",
  ".docx",
  ".txt",
  ".md",
  ".json",
  ".png",
  ".jpg",
  ".jpeg",
  ".zip",
] as const;

/** Word processor formats we do not read, each with what to do instead. */
const CONVERT: Record<"doc" | "odt" | "pages" | "rtf", string> = {
  doc: "This is a legacy Word (.doc) file: open it in Word or LibreOffice and save it as .docx (or export a PDF), then upload that.",
  odt: "This is an OpenDocument (.odt) file: in LibreOffice choose File › Save As › Word 2007-365 (.docx), or export a PDF, then upload that.",
  pages:
    "This is an Apple Pages file: in Pages choose File › Export To › Word (.docx) or PDF, then upload that.",
  rtf: "This is an RTF file: open it in Word or LibreOffice and save it as .docx (or export a PDF), then upload that.",
};

function needsConversion(format: keyof typeof CONVERT): AppError {
  return new AppError("format_needs_conversion", CONVERT[format], {
    details: { format, advice: CONVERT[format] },
  });
}

/** Known formats we refuse, with a message that tells the user what to do instead. */
const REFUSED: { signature: number[]; message: string }[] = [
  {
    signature: [0x47, 0x49, 0x46, 0x38],
    message: "GIF images are not supported; upload a PNG or JPEG scan.",
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
  // Line by line, each pattern anchored at the line start only: with /m, \s* could run across
  // newlines from every line start (quadratic on a file of blank lines).
  for (const line of text.slice(0, 20_000).split("\n")) {
    if (
      /^#{1,6}[ \t]+\S/.test(line) ||
      /^[ \t]*\*\*[^*\n]+\*\*[ \t\r]*$/.test(line) ||
      /^(?:-{3,}|={3,})[ \t\r]*$/.test(line)
    )
      return true;
  }
  return false;
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
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: "image", contentType: MEDIA_TYPES.png };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: "image", contentType: MEDIA_TYPES.jpeg };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // File names in ZIP headers are stored uncompressed; a DOCX has word/document.xml.
    const latin = Buffer.from(bytes).toString("latin1");
    if (latin.includes("word/document.xml") || latin.includes("word/document2.xml")) {
      return { kind: "docx", contentType: DOCX_CONTENT_TYPE };
    }
    if (looksLikeLinkedInExport(latin)) return { kind: "linkedin", contentType: MEDIA_TYPES.zip };
    // OpenDocument names its type in an uncompressed first entry; Pages keeps an Index/ folder.
    if (latin.slice(0, 200).includes("application/vnd.oasis.opendocument.text")) throw needsConversion("odt");
    if (latin.includes("Index/Document.iwa") || latin.includes("index.xml.gz"))
      throw needsConversion("pages");
    throw new AppError(
      "unsupported_media_type",
      "ZIP archives other than DOCX documents and LinkedIn data exports are not supported.",
    );
  }
  // OLE2 compound file: a legacy Word document (or another Office 97 file).
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw needsConversion("doc");
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) throw needsConversion("rtf");
  for (const refused of REFUSED) {
    if (startsWith(bytes, refused.signature)) throw new AppError("unsupported_media_type", refused.message);
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    throw new AppError(
      "unsupported_media_type",
      "Unsupported file type; upload a PDF, DOCX, plain text, Markdown, JSON Resume, PNG or JPEG file, or a LinkedIn data export (ZIP).",
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
