import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { AppError } from "../../../src/errors.js";
import { sniffDocumentType } from "../../../src/resume/parse/sniff.js";

const formats = fileURLToPath(new URL("../../fixtures/formats/", import.meta.url));

function refusal(bytes: Uint8Array): AppError {
  try {
    sniffDocumentType(bytes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("accepted");
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

describe("formats that need converting first", () => {
  it.each([
    ["legacy-word.doc", "doc", /save it as \.docx/],
    ["opendocument.odt", "odt", /Word 2007-365 \(\.docx\)/],
    ["rich-text.rtf", "rtf", /save it as \.docx/],
  ])("%s (written by LibreOffice) gets its own code and advice", (file, format, advice) => {
    const error = refusal(new Uint8Array(readFileSync(`${formats}${file}`)));
    expect(error.code).toBe("format_needs_conversion");
    expect(error.status).toBe(415);
    expect(error.details).toMatchObject({ format, advice: expect.stringMatching(advice) });
  });

  it("an Apple Pages document (its Index/ folder) is told to export to Word or PDF", async () => {
    const pages = await zip([
      { name: "Index/Document.iwa", data: Buffer.from([0, 1, 2, 3]) },
      { name: "Metadata/Properties.plist", data: Buffer.from("<plist/>") },
    ]);
    expect(refusal(pages).details).toMatchObject({
      format: "pages",
      advice: expect.stringMatching(/Export To/),
    });
  });

  it("other unknown files stay unsupported_media_type", async () => {
    expect(refusal(new TextEncoder().encode("GIF89a\u0001\u0000")).code).toBe("unsupported_media_type");
    expect(refusal(await zip([{ name: "notes.txt", data: Buffer.from("hi") }])).code).toBe(
      "unsupported_media_type",
    );
  });
});
