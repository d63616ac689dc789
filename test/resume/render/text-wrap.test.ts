import { describe, expect, it } from "vitest";
import { fontChainFor } from "../../../src/resume/fonts/font-chain.js";
import { loadFontSet } from "../../../src/resume/fonts/font-set.js";
import { createMeasurer } from "../../../src/resume/render/pdf/measurer.js";
import { textWidth, wrapSpans } from "../../../src/resume/render/pdf/text-wrap.js";

const text = "一二三四五，六七八九十「十一」";
const chain = fontChainFor(loadFontSet(), "sans", [text], "zh");
const m = createMeasurer(chain, { singleSlot: false });
const wrap = (t: string, width: number) =>
  wrapSpans([{ text: t, face: "regular", size: 10, color: "#000" }], m, { width, lineHeight: 1.3 }).map((l) =>
    l.items.map((i) => i.text).join(""),
  );

describe("CJK line breaking", () => {
  it("never starts a line with closing punctuation: the character before it moves down too", () => {
    const width = textWidth(m, "一二三四五", "regular", 10) + 0.5;
    const lines = wrap(text, width);
    expect(lines[0]).toBe("一二三四");
    expect(lines[1]!.startsWith("五，")).toBe(true);
  });

  it("never ends a line with an opening bracket", () => {
    const width = textWidth(m, "六七八九十「", "regular", 10) + 0.5;
    const lines = wrap("六七八九十「十一」", width);
    expect(lines[0]).toBe("六七八九十");
    expect(lines[1]).toBe("「十一」");
  });

  it("still breaks between any two CJK characters otherwise", () => {
    const width = textWidth(m, "六七八", "regular", 10) + 0.5;
    expect(wrap("六七八九十", width)).toEqual(["六七八", "九十"]);
  });
});
