/**
 * Regular expressions that see document text: the CI checker rejects
 * super-linear patterns, and inputs built against the patterns that were
 * super-linear end in a result within the parse's own time budget.
 */
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { createDocumentParser } from "../../../src/resume/parse/document-parser.js";
import { findEmail, findUrl, splitPieces } from "../../../src/resume/parse/extract/features.js";
import { sniffDocumentType } from "../../../src/resume/parse/sniff.js";
import { splitLongText } from "../../../src/resume/parse/text-line.js";

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
