import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Resume, resumeSchema, type SourceRef } from "../../../src/resume/model.js";
import { DOCUMENT_TITLES, HEADING_TITLES, LEXICONS } from "../../../src/resume/parse/lexicon/index.js";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import { fieldValues } from "../../../src/resume/parse/placement.js";

const fixtures = fileURLToPath(new URL("../../fixtures/parse/", import.meta.url));
const realWorld = fileURLToPath(new URL("../../../../shared/corpus/real-world/", import.meta.url));
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

/** Lower case, NFKC, letters and digits only: how the corpus checks compare text. */
const letters = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** The text poppler (not our parser) finds inside a box of a PDF page, with a point of slack. */
function textInBox(file: string, source: SourceRef): string {
  if (!("page" in source)) throw new Error("not a PDF box");
  const box = [
    ["-x", Math.floor(source.x - 1)],
    ["-y", Math.floor(source.y - 1)],
    ["-W", Math.ceil(source.w + 2)],
    ["-H", Math.ceil(source.h + 2)],
  ].flatMap(([flag, n]) => [String(flag), String(n)]);
  const page = String(source.page);
  return execFileSync("pdftotext", ["-enc", "UTF-8", "-r", "72", "-f", page, "-l", page, ...box, file, "-"], {
    encoding: "utf8",
  });
}

/** The body paragraphs of a DOCX as Word counts them (every `w:p` of `word/document.xml`), read by unzip. */
function docxParagraphs(file: string): string[] {
  const xml = execFileSync("unzip", ["-p", file, "word/document.xml"], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const body = xml.slice(xml.indexOf("<w:body"));
  return [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

const corpusFiles = (ext: string) =>
  existsSync(realWorld) ? readdirSync(realWorld).filter((f) => f.endsWith(ext)) : [];

const parseFile = async (file: string) =>
  (await parse(new Uint8Array(readFileSync(`${realWorld}${file}`)), file)).resume;

/** The fields every CV here has, whose region is checked. */
const CHECKED = [
  "basics.name",
  "basics.email",
  "basics.phone",
  "work.0.name",
  "work.0.positions.0.title",
  "education.0.institution",
];

describe.skipIf(!existsSync(realWorld))("source regions on the real-world corpus", () => {
  it.each(corpusFiles(".pdf"))("%s: a field's box holds its text", async (file) => {
    const resume = await parseFile(file);
    const values = new Map(fieldValues(resume).map((f) => [f.path, f.value]));
    let checked = 0;
    for (const path of CHECKED) {
      const value = values.get(path);
      const source = resume.meta.sources?.[path];
      if (!value || !source) continue;
      // Poppler reads the value (its first 40 letters) inside the box of the lines holding it.
      expect(letters(textInBox(`${realWorld}${file}`, source)), path).toContain(letters(value).slice(0, 40));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it.each(corpusFiles(".docx"))("%s: a field's paragraph holds its text", async (file) => {
    const resume = await parseFile(file);
    const paragraphs = docxParagraphs(`${realWorld}${file}`);
    const values = fieldValues(resume);
    let checked = 0;
    for (const { path, value } of values) {
      const source = resume.meta.sources?.[path];
      if (!source || !("paragraph" in source)) continue;
      expect(letters(paragraphs[source.paragraph] ?? ""), path).toContain(letters(value).slice(0, 40));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});

/** Words of section headings and labels in any language: structure, not content. */
const STRUCTURE_WORDS = (() => {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const w of text
      .normalize("NFKC")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u))
      if (w) words.add(w);
  };
  for (const title of HEADING_TITLES.keys()) add(title);
  for (const title of DOCUMENT_TITLES) add(title);
  for (const lexicon of LEXICONS)
    for (const labels of Object.values(lexicon.labels)) for (const l of labels) add(l);
  return [...words];
})();

/**
 * Lines poppler finds on every page of a document (digits aside): running headers and footers
 * ("Page 1 / 2", a publisher's notice), which are page furniture rather than CV content.
 */
function runningLines(pages: string[]): Set<string> {
  pages = pages.filter((p) => p.trim() !== "");
  if (pages.length < 2) return new Set();
  const norm = (l: string) => l.trim().replace(/\d+/g, "#");
  const [first, ...rest] = pages.map((p) => new Set(p.split("\n").map(norm).filter(Boolean)));
  return new Set([...first!].filter((l) => rest.every((page) => page.has(l))));
}

/** Text the reviewer sees: every field, every unplaced line, every empty section's heading. */
function accountedText(resume: Resume): string {
  return letters(
    [
      ...fieldValues(resume).map((f) => f.value),
      ...(resume.meta.unplaced ?? []).map((u) => u.text),
      ...(resume.meta.empty_sections ?? []).map((e) => e.heading),
    ].join("\n"),
  );
}

describe.skipIf(!existsSync(realWorld))("nothing silently lost on the real-world corpus", () => {
  it.each(corpusFiles(".pdf"))("%s: every word poppler reads is in a field or unplaced", async (file) => {
    const resume = await parseFile(file);
    const seen = accountedText(resume);
    const pages = execFileSync("pdftotext", ["-enc", "UTF-8", `${realWorld}${file}`, "-"], {
      encoding: "utf8",
    }).split("\f");
    const furniture = runningLines(pages);
    const lost: string[] = [];
    for (const line of pages.join("\n").split("\n")) {
      if (furniture.has(line.trim().replace(/\d+/g, "#"))) continue;
      for (const word of line
        .normalize("NFKC")
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)) {
        // One letter is a bullet, an icon or an initial; heading and label words (and the pieces a
        // letter-spaced heading breaks into) are structure.
        if ([...word].length < 2 || seen.includes(word)) continue;
        if (STRUCTURE_WORDS.some((w) => w.includes(word))) continue;
        lost.push(word);
      }
    }
    expect(lost).toEqual([]);
  });

  it.each(corpusFiles(".docx"))("%s: every paragraph is in a field or unplaced", async (file) => {
    const resume = await parseFile(file);
    const seen = accountedText(resume);
    const lost = docxParagraphs(`${realWorld}${file}`)
      .flatMap((p) =>
        p
          .normalize("NFKC")
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u),
      )
      .filter((w) => [...w].length >= 2 && !seen.includes(w) && !STRUCTURE_WORDS.some((s) => s.includes(w)));
    expect(lost).toEqual([]);
  });

  it("lists the pieces a long line loses, not only lines mostly lost", async () => {
    const text = ["Jane Roe", "", "Projects", "Task Manager | Vue.js, Firebase", "- Built a board"].join(
      "\n",
    );
    const { resume } = await parse(new TextEncoder().encode(text), "cv.txt");
    const values = fieldValues(resume).map((f) => f.value);
    const unplaced = (resume.meta.unplaced ?? []).map((u) => u.text).join(" ");
    // Whatever the project extractor keeps, "Vue.js" is somewhere the reviewer sees it.
    expect([...values, unplaced].join(" ")).toContain("Vue.js");
    expect([...values, unplaced].join(" ")).toContain("Firebase");
  });
});
