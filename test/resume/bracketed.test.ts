import { describe, expect, it } from "vitest";
import { replaceBracketed, withoutFirstBracketed } from "../../src/resume/bracketed.js";
import { costRatio, disagreements, randomTexts } from "../support/text-samples.js";

const samples = randomTexts(["(", ")", "((", "a", " ", "\n", "\u2028", "\r", "Berlin"], 20_000, 7);

describe("bracketed spans", () => {
  it("rewrites every span as /\\([^)]*\\)/g finds it", () => {
    expect(replaceBracketed("Berlin (Mitte) (DE)", (before) => `${before} `)).toBe("Berlin    ");
    expect(replaceBracketed("a (b (c) d) e", (before, inner) => `${before}[${inner}]`)).toBe("a [b (c] d) e");
    expect(replaceBracketed("no close (here", () => "x")).toBe("no close (here");
    const asRegex = (text: string) => text.replace(/\([^)]*\)/g, " ");
    expect(disagreements(samples, (t) => replaceBracketed(t, (before) => `${before} `), asRegex)).toEqual([]);
  });

  it("removes the first span of a line as /\\(.*\\)/ does", () => {
    expect(withoutFirstBracketed("Germany (DE) (EU)")).toBe("Germany ");
    expect(withoutFirstBracketed("a (b\nc) (d)")).toBe("a (b\nc) ");
    expect(disagreements(samples, withoutFirstBracketed, (t) => t.replace(/\(.*\)/, ""))).toEqual([]);
  });

  it("reads a long unclosed run of brackets once", async () => {
    const open = "(".repeat(50_000);
    const plain = "a(b)".repeat(12_500);
    const ratio = await costRatio(
      () => replaceBracketed(open, (before) => `${before} `) + withoutFirstBracketed(open),
      () => replaceBracketed(plain, (before) => `${before} `) + withoutFirstBracketed(plain),
    );
    expect(ratio).toBeLessThan(20);
  });
});
