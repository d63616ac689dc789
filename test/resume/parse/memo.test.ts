import { describe, expect, it } from "vitest";
import { memoizeText } from "../../../src/resume/parse/memo.js";

describe("memoizeText", () => {
  it("computes each text once and answers repeats from the cache, undefined included", () => {
    const seen: string[] = [];
    const kind = memoizeText((text: string) => {
      seen.push(text);
      return text.startsWith("x") ? undefined : text.length;
    });
    expect([kind("abc"), kind("xy"), kind("abc"), kind("xy"), kind("")]).toEqual([
      3,
      undefined,
      3,
      undefined,
      0,
    ]);
    expect(seen).toEqual(["abc", "xy", ""]);
  });

  it("stays within its bound: a full cache starts over instead of growing", () => {
    const seen: string[] = [];
    const upper = memoizeText((text: string) => {
      seen.push(text);
      return text.toUpperCase();
    }, 2);
    for (const text of ["a", "b", "a", "c", "a"]) upper(text);
    // "c" found the cache full ({a, b}) and cleared it, so the last "a" is computed again.
    expect(seen).toEqual(["a", "b", "c", "a"]);
    expect(upper("a")).toBe("A");
  });

  it("computes long text every time rather than keeping it", () => {
    let calls = 0;
    const length = memoizeText(
      (text: string) => {
        calls++;
        return text.length;
      },
      10,
      5,
    );
    expect([length("123456"), length("123456"), length("12345"), length("12345")]).toEqual([6, 6, 5, 5]);
    expect(calls).toBe(3);
  });
});
