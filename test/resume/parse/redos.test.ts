/**
 * Regular expressions that see document text: the CI checker rejects
 * super-linear patterns, and inputs built against the patterns that were
 * super-linear end in a result within the parse's own time budget.
 */
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { analyzePosting } from "../../../src/resume/job/analyze-posting.js";
import { createDocumentParser } from "../../../src/resume/parse/document-parser.js";
import {
  COUNTRIES,
  findEmail,
  findUrl,
  isLocation,
  splitPieces,
  withoutTrailingPlace,
} from "../../../src/resume/parse/extract/features.js";
import { ICON, resolveIcons } from "../../../src/resume/parse/glyphs.js";
import { normalizeTitle } from "../../../src/resume/parse/layout/headings.js";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import { sniffDocumentType } from "../../../src/resume/parse/sniff.js";
import { splitLongText } from "../../../src/resume/parse/text-line.js";
import { costRatio, disagreements, randomTexts } from "../../support/text-samples.js";

const root = new URL("../../../", import.meta.url).pathname;

describe("the regex checker (npm run lint:regex)", () => {
  const eslint = new ESLint({ cwd: root });
  const lint = async (code: string, file = "src/resume/parse/example.ts") =>
    (await eslint.lintText(code, { filePath: `${root}${file}` }))[0]!.messages.map((m) => m.ruleId);

  it("rejects the patterns that froze the API and the parser", async () => {
    // The Markdown sniff and the e-mail pattern as they were.
    expect(await lint("export const a = /^\\s*\\*\\*[^*]+\\*\\*\\s*$/m;")).toContain(
      "regexp/no-super-linear-move",
    );
    expect(await lint("export const b = /[\\p{L}0-9._%+-]+@[\\p{L}0-9.-]+\\.[\\p{L}]{2,}/u;")).toContain(
      "regexp/no-super-linear-move",
    );
    expect(await lint("export const c = /^(.*?)\\s+in\\s+(.+)$/i;")).toContain(
      "regexp/no-super-linear-backtracking",
    );
  });

  it("finds no super-linear pattern in src", async () => {
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(root.length)}:${m.line} ${m.ruleId ?? m.message}`),
    );
    expect(problems).toEqual([]);
  });

  it("accepts the rewritten ones", async () => {
    expect(await lint("export const a = /^[ \\t]*\\*\\*[^*\\n]+\\*\\*[ \\t\\r]*$/;")).toEqual([]);
  });
});

describe("hostile text", () => {
  const parser = createDocumentParser();
  afterAll(() => parser.close());

  it("parses an 80 KB one-line file of address characters within the parse budget", async () => {
    const line = `Jane Doe\n${"a.".repeat(40_000)}\n`;
    const parsed = await parser.parse({ bytes: new TextEncoder().encode(line), filename: "cv.txt" });
    expect(parsed.resume.basics.name).toBe("Jane Doe");
  });

  it("parses a file of blank lines and unclosed Markdown within the parse budget", async () => {
    const text = `# Jane Doe\n${"\n".repeat(20_000)}${"**".repeat(10_000)}\n${"[".repeat(20_000)}\n${"#".repeat(6)} ${" ".repeat(30_000)}x\n`;
    const parsed = await parser.parse({ bytes: new TextEncoder().encode(text), filename: "cv.md" });
    expect(parsed.format).toBe("markdown");
  });

  it("keeps the meaning of the rewritten patterns", () => {
    expect(sniffDocumentType(new TextEncoder().encode(`${"\n".repeat(20_000)}plain`)).contentType).toBe(
      "text/plain",
    );
    expect(sniffDocumentType(new TextEncoder().encode("Jane\n\n**Experience**\n")).contentType).toBe(
      "text/markdown",
    );
    expect(findEmail("Mail: jane.doe+cv@mail.example.co.uk, Berlin")).toBe("jane.doe+cv@mail.example.co.uk");
    expect(findEmail("Ünïcode: zoë@exämple.de")).toBe("zoë@exämple.de");
    expect(findEmail(`${"a".repeat(100_000)}@`)).toBeUndefined();
    expect(findUrl("jane@example.org · https://jane.dev/cv.")).toBe("https://jane.dev/cv");
    expect(splitPieces(["Engineer  |  Acme", "Berlin - Remote"])).toEqual([
      "Engineer",
      "Acme",
      "Berlin",
      "Remote",
    ]);
  });

  it("splits over-long lines without losing text or splitting a surrogate pair", () => {
    const text = `${"x".repeat(1_999)}😀${"word ".repeat(1_000)}`;
    const pieces = splitLongText(text);
    expect(pieces.every((p) => p.length <= 2_000)).toBe(true);
    expect(pieces.join("").replaceAll(" ", "")).toBe(text.replaceAll(" ", ""));
    expect(pieces.some((p) => /[\uD800-\uDBFF]$/.test(p))).toBe(false);
  });
});

describe("runs that made patterns super-linear", () => {
  const run = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  // A 20 KB line in the header, in a work entry and in the skills section.
  const cv = (unit: string) =>
    `Jane Doe\n${run(unit, 20_000)}\n\nExperience\nEngineer, Acme\n${run(unit, 20_000)}\n\nSkills\nPython${run(unit, 20_000)}\n`;
  // Posting lines are cut at 2,000 characters: forty of them make 80 KB.
  const posting = (unit: string) =>
    `Engineer${run(unit, 1_990)}\nAcme - Berlin\n\nRequirements:\n${Array.from({ length: 40 }, () => `- Python 5${run(unit, 1_980)}x`).join("\n")}\n`;
  const parse = (text: string) => () =>
    parseBytes({ bytes: new TextEncoder().encode(text), filename: "cv.txt" }, DEFAULT_PARSE_LIMITS);

  it.each([
    ["spaces", " "],
    ["tabs", "\t"],
    ["no-break spaces", "\u00a0"],
    ["colons", ":"],
    ["dots", "."],
    ["commas", ","],
    ["dashes", "-"],
    ["brackets", "("],
    ["square brackets", "["],
    ["address characters", "a."],
  ])("a CV and a posting full of %s cost about what prose of the same size costs", async (_, unit) => {
    expect(await costRatio(parse(cv(unit)), parse(cv("word ")))).toBeLessThan(10);
    expect(
      await costRatio(
        () => analyzePosting(posting(unit)),
        () => analyzePosting(posting("word ")),
      ),
    ).toBeLessThan(10);
  });

  it("reads postings as before: titles, lists, years, headings and links", () => {
    const analysis = analyzePosting(
      [
        "# Senior Engineer (Remote, EU) (m/w/d)   –  Acme   –  Berlin",
        "## Requirements",
        "- 5+ years with [Python](https://python.org), Go and Kubernetes",
        "- Experience with Triton, TensorRT  or  vLLM.",
      ].join("\n"),
    );
    expect(analysis).toMatchObject({ title: "Senior Engineer", company: "Acme", location: "Berlin" });
    expect(analysis.requirements.map((r) => [r.text, r.years ?? null])).toEqual([
      ["5+ years with Python, Go and Kubernetes", 5],
      ["Experience with Triton, TensorRT  or  vLLM.", null],
    ]);
    expect(analysis.skills.map((k) => k.name)).toEqual([
      "Python",
      "Go",
      "Kubernetes",
      "Triton",
      "TensorRT",
      "vLLM",
    ]);
  });

  it("means what the patterns they replaced meant", () => {
    // The replaced patterns are the reference, on seeded random strings of the characters they read.
    const oldResolveIcons = (text: string) => {
      let rest = text;
      let prefix = "";
      const leading = new RegExp(`^\\s*${ICON}[${ICON}\\s]*`, "u").exec(rest);
      if (leading) {
        rest = rest.slice(leading[0].length);
        if ((rest.split(ICON)[0] ?? "").trim().split(/\s+/).length >= 5) prefix = "• ";
      }
      rest = rest
        .replace(new RegExp(`[\\s${ICON}]*${ICON}[\\s${ICON}]*$`, "u"), "")
        .replace(new RegExp(`\\s*${ICON}[${ICON}\\s]*`, "gu"), " · ");
      return (prefix + rest).replace(/\s+/g, " ").trim();
    };
    const icons = randomTexts([ICON, " ", "\t", "a", "b c"], 20_000, 1).map((t) => `${ICON}${t}`);
    expect(disagreements(icons, resolveIcons, oldResolveIcons)).toEqual([]);

    const oldNormalizeTitle = (text: string) =>
      text
        .normalize("NFKC")
        .toLowerCase()
        .replace(/[’]/g, "'")
        .replace(/[:：|#*_=~]+/g, " ")
        .replace(/^[\s\p{P}\p{S}]+|[\s.:：]+$/gu, "")
        .replace(/\s+/g, " ")
        .trim();
    const titles = randomTexts([" ", "\t", ".", ":", "：", "-", "Skills", "&", "a"], 20_000, 2);
    expect(disagreements(titles, normalizeTitle, oldNormalizeTitle)).toEqual([]);

    const oldWithoutTrailingPlace = (name: string) => {
      const match = /^(.+?),\s*([^,]+)$/u.exec(name.trim());
      if (!match) return name.trim();
      const tail = match[2]!.trim();
      const placeInBrackets = /^\p{Lu}[\p{L} .'’-]*\s*\([^)]*\)$/u.test(tail);
      if (placeInBrackets || isLocation(tail) || COUNTRIES.has(tail.toLowerCase())) return match[1]!.trim();
      return name.trim();
    };
    const names = randomTexts(
      ["Acme", " ", "\t", "\n", "\u2028", ",", "Berlin", "(", ")", "Germany", "Bad Homburg", "'", "-"],
      20_000,
      3,
    );
    expect(disagreements(names, withoutTrailingPlace, oldWithoutTrailingPlace)).toEqual([]);
  });
});
