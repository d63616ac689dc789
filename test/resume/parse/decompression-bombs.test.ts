/**
 * Decompression bombs: inflation is counted while it happens, for ZIP entries
 * and PDF streams alike, and a bomb ends in a permanent limit error; the
 * parse sandbox's memory (ArrayBuffers included) is bounded as a whole.
 */
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { createDocumentParser } from "../../../src/resume/parse/document-parser.js";
import { resolveLimits } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import { docxBomb, docxOf, pdfFlateBomb, smallPdf } from "../../support/hostile-files.js";

const limits = resolveLimits();
const MB = 1024 * 1024;

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a rejection");
}

describe("ZIP entries", () => {
  it("stops a DOCX entry that inflates far beyond its declared size, as a limit", async () => {
    const bomb = await docxBomb(120 * MB);
    expect(bomb.length).toBeLessThan(MB);
    const error = await errorOf(parseBytes({ bytes: bomb }, limits));
    expect(["parse_resource_limit", "archive_limits_exceeded"]).toContain(error.code);
    expect(error.retryable).toBe(false);
  });

  it("still reads an honest DOCX", async () => {
    const docx = await docxOf([
      "Jane Doe",
      "jane@example.org",
      "Experience",
      "Engineer at Acme, 2019 – 2021",
    ]);
    const parsed = await parseBytes({ bytes: docx }, limits);
    expect(parsed.resume.basics.name).toBe("Jane Doe");
  });
});

describe("PDF streams", () => {
  it("stops a Flate stream that inflates past the budget", async () => {
    const bomb = pdfFlateBomb(128 * MB);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const error = await errorOf(parseBytes({ bytes: bomb }, limits));
    expect(error.code).toBe("parse_resource_limit");
    expect(error.retryable).toBe(false);
  });

  it("counts nested Flate layers", async () => {
    const bomb = pdfFlateBomb(128 * MB, true);
    expect(bomb.length).toBeLessThan(10 * 1024);
    expect((await errorOf(parseBytes({ bytes: bomb }, limits))).code).toBe("parse_resource_limit");
  });

  it("still reads a small PDF", async () => {
    const parsed = await parseBytes({ bytes: smallPdf() }, limits);
    expect(parsed.resume.basics.name).toBe("Jane Doe");
  });
});

describe("the parse sandbox", () => {
  // Byte budgets off, so only the sandbox's memory bound can stop the document.
  const parser = createDocumentParser({
    limits: { maxExternalMemoryMb: 64, maxPdfDecodedBytes: Number.MAX_SAFE_INTEGER },
  });
  afterAll(() => parser.close());

  it("stops a parse whose ArrayBuffers outgrow the memory bound, and parses the next document", async () => {
    const error = await errorOf(parser.parse({ bytes: pdfFlateBomb(400 * MB) }));
    expect(error.code).toBe("parse_resource_limit");
    expect(error.retryable).toBe(false);
    const next = await parser.parse({ bytes: smallPdf() });
    expect(next.resume.basics.name).toBe("Jane Doe");
  });
});
