import { describe, expect, it } from "vitest";
import { diffWords, tokenize } from "../../src/editor/word-diff.js";

function sides(segments: ReturnType<typeof diffWords>) {
  return {
    before: segments
      .filter((s) => s.kind !== "added")
      .map((s) => s.text)
      .join(""),
    after: segments
      .filter((s) => s.kind !== "removed")
      .map((s) => s.text)
      .join(""),
  };
}

describe("diffWords", () => {
  it("marks only the changed words", () => {
    const segments = diffWords("Led a team of engineers", "Led a team of 8 engineers");
    expect(segments).toEqual([
      { kind: "same", text: "Led a team of " },
      { kind: "added", text: "8 " },
      { kind: "same", text: "engineers" },
    ]);
  });

  it("reconstructs both sides exactly", () => {
    const before = "Responsible for building APIs, mostly in Node.js.";
    const after = "Built 12 REST APIs in Node.js and TypeScript, cutting latency by 40%.";
    expect(sides(diffWords(before, after))).toEqual({ before, after });
  });

  it("handles empty sides", () => {
    expect(diffWords("", "New text")).toEqual([{ kind: "added", text: "New text" }]);
    expect(diffWords("Old", "")).toEqual([{ kind: "removed", text: "Old" }]);
    expect(diffWords("", "")).toEqual([]);
  });

  it("keeps non-ASCII words whole", () => {
    expect(tokenize("Müller & Søn, Zürich")).toEqual(["Müller", " ", "&", " ", "Søn", ",", " ", "Zürich"]);
    expect(diffWords("Zürich office", "Zürich headquarters")).toEqual([
      { kind: "same", text: "Zürich " },
      { kind: "removed", text: "office" },
      { kind: "added", text: "headquarters" },
    ]);
  });

  it("falls back to a whole replacement for very long texts", () => {
    const before = "word ".repeat(600);
    const after = "term ".repeat(600);
    expect(diffWords(before, after)).toEqual([
      { kind: "removed", text: before },
      { kind: "added", text: after },
    ]);
  });
});
