import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { AppError } from "../../../src/errors.js";
import { resolveLimits } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import { sniffDocumentType } from "../../../src/resume/parse/sniff.js";

const limits = resolveLimits();
const corpusPdf = new URL("../../../../shared/corpus/rendercv/John_Doe_ClassicTheme_CV.pdf", import.meta.url);

function pdf(
  build: (doc: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    build(doc);
    doc.end();
  });
}

function zip(entries: { name: string; data: Buffer }[]): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const file = new yazl.ZipFile();
    for (const e of entries) file.addBuffer(e.data, e.name);
    const chunks: Buffer[] = [];
    file.outputStream.on("data", (c: Buffer) => chunks.push(c));
    file.outputStream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    file.end();
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error("expected a rejection");
}

const text = (s: string) => new TextEncoder().encode(s);

describe("untrusted input", () => {
  it("rejects an empty file", async () => {
    expect(await codeOf(parseBytes({ bytes: new Uint8Array() }, limits))).toBe("file_empty");
    expect(await codeOf(parseBytes({ bytes: text("  \n\n ") }, limits))).toBe("file_empty");
  });

  it("sniffs by content, not by name, and refuses unknown binaries", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await codeOf(parseBytes({ bytes: png, filename: "cv.pdf" }, limits))).toBe(
      "unsupported_media_type",
    );
    const random = new Uint8Array(256).map((_, i) => (i * 37) % 256);
    expect(await codeOf(parseBytes({ bytes: random, filename: "cv.txt" }, limits))).toBe(
      "unsupported_media_type",
    );
    const plainZip = await zip([{ name: "notes.txt", data: Buffer.from("hello") }]);
    expect(await codeOf(parseBytes({ bytes: plainZip, filename: "cv.docx" }, limits))).toBe(
      "unsupported_media_type",
    );
    expect(sniffDocumentType(text("# Jane\n\n## Skills\n- Go")).contentType).toBe("text/markdown");
  });

  it("rejects a declared type that contradicts the bytes", async () => {
    const bytes = new Uint8Array(readFileSync(corpusPdf));
    const declared = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    expect(await codeOf(parseBytes({ bytes, declaredContentType: declared }, limits))).toBe(
      "file_type_mismatch",
    );
    expect(
      await codeOf(parseBytes({ bytes: text("Jane Doe"), declaredContentType: "application/pdf" }, limits)),
    ).toBe("file_type_mismatch");
  });

  it("rejects a truncated PDF", async () => {
    const bytes = new Uint8Array(readFileSync(corpusPdf));
    const truncated = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(await codeOf(parseBytes({ bytes: truncated }, limits))).toBe("pdf_corrupt");
    const garbage = text("%PDF-1.7\nthis is not a pdf body at all\n%%EOF\n");
    expect(await codeOf(parseBytes({ bytes: garbage }, limits))).toBe("pdf_corrupt");
  });

  it("rejects a password-protected PDF", async () => {
    const bytes = await pdf((d) => d.text("Jane Doe, Engineer, jane@example.org"), {
      userPassword: "secret",
      pdfVersion: "1.7",
    });
    expect(await codeOf(parseBytes({ bytes }, limits))).toBe("pdf_encrypted");
  });

  it("rejects a PDF with more text than any resume", async () => {
    const bytes = await pdf((d) => {
      for (let i = 0; i < 3; i++) d.fontSize(6).text("lorem ipsum dolor sit amet ".repeat(400));
    });
    expect(await codeOf(parseBytes({ bytes }, resolveLimits({ maxTextChars: 5_000 })))).toBe(
      "text_too_large",
    );
  });

  it("rejects a PDF without a text layer (scanned)", async () => {
    const bytes = await pdf((d) => d.rect(50, 50, 400, 600).fill("#333333"));
    expect(await codeOf(parseBytes({ bytes }, limits))).toBe("pdf_no_text");
  });

  it("rejects a zip bomb DOCX from its central directory, before inflating it", async () => {
    const bomb = await zip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "word/document.xml", data: Buffer.alloc(20 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await codeOf(parseBytes({ bytes: bomb }, limits))).toBe("archive_limits_exceeded");
    const many = await zip([
      { name: "word/document.xml", data: Buffer.from("<w:document/>") },
      ...Array.from({ length: 20 }, (_, i) => ({ name: `word/media/${i}.bin`, data: Buffer.from([i]) })),
    ]);
    expect(await codeOf(parseBytes({ bytes: many }, resolveLimits({ maxArchiveEntries: 10 })))).toBe(
      "archive_limits_exceeded",
    );
  });

  it("rejects a damaged DOCX as docx_corrupt", async () => {
    const broken = await zip([{ name: "word/document.xml", data: Buffer.from("<not-closed") }]);
    expect(await codeOf(parseBytes({ bytes: broken.subarray(0, broken.length - 10) }, limits))).toMatch(
      /docx_corrupt|unsupported_media_type/,
    );
  });

  it("rejects huge text and oversized input", async () => {
    const huge = text(`Jane Doe\n${"lorem ipsum ".repeat(30_000)}`);
    expect(await codeOf(parseBytes({ bytes: huge }, limits))).toBe("text_too_large");
    expect(await codeOf(parseBytes({ bytes: huge }, resolveLimits({ maxInputBytes: 1000 })))).toBe(
      "payload_too_large",
    );
  });

  it("rejects invalid JSON Resume documents with the failing paths", async () => {
    expect(await codeOf(parseBytes({ bytes: text("{ not json") }, limits))).toBe("json_resume_invalid");
    const wrongTypes = text(JSON.stringify({ basics: { name: 42 }, work: "nope" }));
    try {
      await parseBytes({ bytes: wrongTypes }, limits);
      throw new Error("expected a rejection");
    } catch (error) {
      expect((error as AppError).code).toBe("json_resume_invalid");
      expect(JSON.stringify((error as AppError).details)).toContain("/basics/name");
    }
  });
});
