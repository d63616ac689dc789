/**
 * Every CV of the shared corpora (documents nobody here wrote: real-world
 * PDFs and DOCX in seven languages, Reactive Resume and RenderCV exports),
 * parsed as uploads are and rendered in every template on A4 and Letter,
 * with the round-trip check on: no missing glyph, no unreadable text layer.
 * The DOCX, HTML and Markdown of each are built too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import {
  extractPdfPlainText,
  renderDocx,
  renderHtml,
  renderMarkdown,
  renderPdf,
} from "../../../src/resume/render/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { testFonts } from "./fixtures.js";

const CORPUS = resolve(new URL("../../../", import.meta.url).pathname, "../shared/corpus");
const DIRS = ["real-world", "reactive-resume", "rendercv"];
const documents = DIRS.flatMap((dir) => {
  try {
    return readdirSync(join(CORPUS, dir))
      .filter((f) => /\.(pdf|docx)$/i.test(f))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
});

describe.skipIf(documents.length === 0)("the corpus in every template", () => {
  it.each(documents)("%s", { timeout: 180_000 }, async (path) => {
    const bytes = readFileSync(join(CORPUS, path));
    const parsed = await parseBytes({ bytes, filename: path }, DEFAULT_PARSE_LIMITS);
    const resume = parsed.resume;
    for (const template of TEMPLATE_IDS) {
      for (const page_size of ["A4", "Letter"] as const) {
        const settings = exportSettingsSchema.parse({ template, page_size });
        // verify stays on: every field must come back out of the text layer.
        const pdf = await renderPdf(resume, settings, { fonts: testFonts() });
        expect(
          (await extractPdfPlainText(pdf)).pages,
          `${path} ${template} ${page_size}`,
        ).toBeGreaterThanOrEqual(1);
      }
    }
    const settings = exportSettingsSchema.parse({ template: "modern" });
    expect((await renderDocx(resume, settings)).subarray(0, 2).toString()).toBe("PK");
    expect(renderHtml(resume, settings).toString()).toContain("<!doctype html>");
    if (resume.basics.name)
      expect(renderMarkdown(resume, settings).toString()).toContain(resume.basics.name.slice(0, 3));
  });
});
