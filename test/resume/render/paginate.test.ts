import { describe, expect, it } from "vitest";
import type { Block, Frame, Line } from "../../../src/resume/render/pdf/boxes.js";
import { paginate } from "../../../src/resume/render/pdf/paginate.js";

const line = (label: string, height = 10): Line => ({
  height,
  baseline: 8,
  items: [{ text: label, slot: 0, x: 0, width: 10, face: "regular", size: 10, color: "#000" }],
});
const block = (label: string, lines: number, extra: Partial<Block> = {}): Block => ({
  lines: Array.from({ length: lines }, (_, i) => line(`${label}${i}`)),
  spaceBefore: 0,
  ...extra,
});
/** 10 lines of 10pt per page. */
const frame: Frame = { x: 0, top: 0, width: 100, bottom: 100 };

function pages(blocks: Block[]): string[][] {
  const { placements, pages: count } = paginate(blocks, () => frame);
  const out: string[][] = Array.from({ length: count }, () => []);
  for (const p of placements) out[p.page]!.push(p.line.items[0]!.text);
  return out;
}

describe("paginate", () => {
  it("moves a heading that would end a page to the next page with its first entry", () => {
    const result = pages([
      block("a", 9),
      block("H", 1, { keepWithNext: true }),
      block("e", 1, { keepWithNext: true }),
      block("b", 2),
    ]);
    expect(result[0]).toEqual(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]);
    expect(result[1]).toEqual(["H0", "e0", "b0", "b1"]);
  });

  it("splits a paragraph between lines but never leaves a single line on either page", () => {
    const orphan = pages([block("a", 9), block("p", 5, { splittable: true })]);
    // One line would fit on page 1, which would orphan it: the paragraph moves.
    expect(orphan[0]).toEqual(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]);
    expect(orphan[1]).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    const widow = pages([block("a", 6), block("p", 5, { splittable: true })]);
    // Four lines fit, but the fifth would be alone: three stay, two move.
    expect(widow[0]!.filter((l) => l.startsWith("p"))).toEqual(["p0", "p1", "p2"]);
    expect(widow[1]).toEqual(["p3", "p4"]);
  });

  it("moves an unsplittable block whole and drops its space at the top of a page", () => {
    const { placements } = paginate([block("a", 8), block("b", 3, { spaceBefore: 5 })], () => frame);
    const b0 = placements.find((p) => p.line.items[0]!.text === "b0")!;
    expect(b0.page).toBe(1);
    expect(b0.y).toBe(0);
  });

  it("still places a block taller than a page, line by line, losing nothing", () => {
    const result = pages([block("x", 25)]);
    expect(result.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(result.flat()).toHaveLength(25);
  });

  it("uses a different frame per page (a taller first-page header)", () => {
    const { placements } = paginate([block("a", 12)], (page) => (page === 0 ? { ...frame, top: 50 } : frame));
    expect(placements.filter((p) => p.page === 0)).toHaveLength(5);
    expect(placements[0]!.y).toBe(50);
  });
});
