import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { createDocumentParser } from "../../../src/resume/parse/document-parser.js";

const pdfBytes = new Uint8Array(
  readFileSync(new URL("../../../../shared/corpus/rendercv/John_Doe_HarvardTheme_CV.pdf", import.meta.url)),
);
const markdown = new Uint8Array(readFileSync(new URL("../../fixtures/parse/jane-smith.md", import.meta.url)));

describe("createDocumentParser", () => {
  const parser = createDocumentParser({ idleMs: 5_000 });
  afterAll(() => parser.close());

  it("parses queued documents in order and recovers after a timeout", async () => {
    const slow = parser.parse({ bytes: pdfBytes }, { limits: { timeoutMs: 1 } }).catch((e: unknown) => e);
    const next = parser.parse({ bytes: markdown, filename: "cv.md" });
    expect(((await slow) as AppError).code).toBe("parse_timeout");
    const result = await next;
    expect(result.format).toBe("markdown");
    expect(result.resume.basics.name).toBe("Jane Smith");
    const pdf = await parser.parse({ bytes: pdfBytes });
    expect(pdf.resume.work.length).toBe(5);
  });

  it("drops a queued document whose caller aborts", async () => {
    const controller = new AbortController();
    const first = parser.parse({ bytes: pdfBytes });
    const second = parser.parse({ bytes: markdown }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new AppError("task_canceled", "canceled"));
    expect(((await second) as AppError).code).toBe("task_canceled");
    expect((await first).format).toBe("pdf");
  });

  it("turns an exhausted heap into parse_resource_limit", async () => {
    const tiny = createDocumentParser({ limits: { maxHeapMb: 4 } });
    try {
      const error = await tiny.parse({ bytes: pdfBytes }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("parse_resource_limit");
    } finally {
      await tiny.close();
    }
  });

  it("warms up ahead of the first document", async () => {
    const warm = createDocumentParser();
    try {
      await warm.warmUp();
      expect((await warm.parse({ bytes: markdown, filename: "cv.md" })).resume.basics.name).toBe(
        "Jane Smith",
      );
    } finally {
      await warm.close();
    }
  });

  it("rejects work after close", async () => {
    const closing = createDocumentParser();
    await closing.close();
    await expect(closing.parse({ bytes: markdown })).rejects.toBeInstanceOf(AppError);
  });
});
