/**
 * Text PostgreSQL cannot store never reaches the model: NUL and other C0
 * controls, lone surrogates (also from clamping), and non-NFC text.
 */
import { describe, expect, it } from "vitest";
import { fromJsonResume } from "../../../src/resume/json-resume.js";
import { resumeSchema } from "../../../src/resume/model.js";
import { optimizeResume } from "../../../src/resume/optimize/index.js";
import { resolveLimits } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import { clampText, sanitizeText } from "../../../src/resume/sanitize.js";

const storable = (value: unknown) => {
  const json = JSON.stringify(value);
  expect(json).not.toMatch(
    /\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i,
  );
};

describe("sanitizeText and clampText", () => {
  it("strips controls, mends lone surrogates and composes", () => {
    expect(sanitizeText("a\u0000b\u0007c\td\r\ne\rf")).toBe("abc\td\ne\nf");
    expect(sanitizeText("x\uD83Dy\uDE00z😀")).toBe("x\uFFFDy\uFFFDz😀");
    expect(sanitizeText("Zoe\u0308")).toBe("Zoë");
  });

  it("never splits a code point", () => {
    expect(clampText(`${"a".repeat(299)}😀`, 300)).toBe("a".repeat(299));
    expect(clampText("abc", 300)).toBe("abc");
  });
});

describe("the model boundary", () => {
  it("sanitises every string a resume holds", () => {
    const resume = resumeSchema.parse({
      basics: { name: "Jane\u0000 Doe", summary: "ok\uD800" },
      work: [{ name: "Acme", positions: [{ highlights: ["Built\u0000 it"] }] }],
      meta: { confidence: { "basics.name\u0000": 1 } },
    });
    expect(resume.basics.name).toBe("Jane Doe");
    expect(resume.work[0]!.positions[0]!.highlights[0]).toBe("Built it");
    storable(resume);
  });

  it("keeps a JSON Resume name of 299 characters plus an emoji storable", () => {
    const resume = fromJsonResume({ basics: { name: `${"a".repeat(299)}😀` } });
    storable(resume);
    expect(resume.basics.name).toBe("a".repeat(299));
  });

  it("parses text with NUL after the first 4 KB into storable sections", async () => {
    const text = `# Jane Doe\n\n${"Engineer who builds things. ".repeat(200)}\n\n## Experience\n\n- Built\u0000 things\n`;
    const parsed = await parseBytes(
      { bytes: new TextEncoder().encode(text), filename: "cv.md" },
      resolveLimits(),
    );
    storable(parsed.resume);
  });

  it("keeps optimize proposals and reasons storable", async () => {
    const bullet = `${"x".repeat(79)}😀 shipped the billing platform for many teams`;
    const resume = resumeSchema.parse({
      work: [{ name: "Acme", positions: [{ highlights: [bullet, bullet] }] }],
    });
    const result = await optimizeResume(resume, { engine: "builtin" });
    expect(result.proposals.some((p) => p.reason.startsWith("Repeats"))).toBe(true);
    storable(result.proposals);
  });
});
