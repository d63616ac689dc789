import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";

const fixtures = fileURLToPath(new URL("../../fixtures/parse/", import.meta.url));
const parse = (bytes: Uint8Array, filename: string) =>
  parseBytes({ bytes, filename }, DEFAULT_PARSE_LIMITS, { now: new Date("2026-01-01T00:00:00Z") });

describe("nothing silently lost", () => {
  it("lists a line no field took, with its source line, and maps fields to lines", async () => {
    const text = [
      "Jane Roe",
      "jane@example.com | +1 555 010 9999",
      "Date of birth: 01.01.1990",
      "",
      "Experience",
      "Acme Corp — Engineer",
      "2019 – 2021",
      "- Built things",
      "",
      "Skills",
      "Go, SQL",
      "",
      "Weird Stuff",
      "Quux frobnicator zeta",
    ].join("\n");
    const { resume, stats } = await parse(new TextEncoder().encode(text), "cv.txt");
    expect(resumeSchema.parse(resume)).toEqual(resume);
    expect(resume.meta.sources?.["basics.name"]).toEqual({ line: 0 });
    expect(resume.meta.sources?.["basics.email"]).toEqual({ line: 1 });
    expect(resume.meta.sources?.["work.0.name"]).toEqual({ line: 5 });
    expect(resume.meta.sources?.["skills.0.keywords.1"]).toEqual({ line: 10 });
    const unplacedTexts = (resume.meta.unplaced ?? []).map((u) => u.text);
    expect(unplacedTexts).not.toContain("Built things");
    // A personal fact the model has no field for is listed, with the line it came from.
    const birth = resume.meta.unplaced?.find((u) => u.text.includes("01.01.1990"));
    expect(birth?.source).toEqual({ line: 2 });
    expect(stats.placedShare).toBeGreaterThan(0.5);
    expect(stats.placedShare).toBeLessThanOrEqual(1);
  });

  it("names the source line of Markdown headings, ATX or setext, even one above an underline", async () => {
    // Found by fuzzing: an ATX heading followed by an underline line was given line -1.
    const text = ["# Jane Roe", "===", "", "Skills", "------", "Go, SQL"].join("\n");
    const { resume } = await parse(new TextEncoder().encode(text), "cv.md");
    const lines = [
      ...Object.values(resume.meta.sources ?? {}),
      ...(resume.meta.unplaced ?? []).map((u) => u.source),
    ].map((s) => (s && "line" in s ? s.line : 0));
    expect(Math.min(...lines)).toBeGreaterThanOrEqual(0);
    expect(resume.meta.sources?.["basics.name"]).toEqual({ line: 0 });
    expect(resume.meta.sources?.["skills.0.keywords.0"]).toEqual({ line: 5 });
  });

  it("names PDF boxes (top-left origin) and DOCX paragraphs", async () => {
    const pdf = await parse(new Uint8Array(readFileSync(`${fixtures}sofia-martinez.pdf`)), "s.pdf");
    const name = pdf.resume.meta.sources?.["basics.name"];
    expect(name).toMatchObject({ page: 1 });
    if (!name || !("page" in name)) throw new Error("no PDF source for the name");
    expect(name.y).toBeLessThan(200);
    expect(name.w).toBeGreaterThan(20);
    const docx = await parse(new Uint8Array(readFileSync(`${fixtures}mei-lin-chen.docx`)), "m.docx");
    expect(docx.resume.meta.sources?.["basics.name"]).toEqual({ paragraph: 0 });
    expect(Object.values(docx.resume.meta.sources ?? {}).every((s) => "paragraph" in s)).toBe(true);
  });
});
