import { describe, expect, it } from "vitest";
import type { Resume } from "../../src/api/types.js";
import {
  blockIndex,
  fieldPathOf,
  pageBox,
  type SourceRef,
  sourceFor,
  sourcesOf,
} from "../../src/editor/source-highlight.js";

const A4 = { width: 595.28, height: 841.89 };

const sources: Record<string, SourceRef> = {
  "basics.name": { page: 1, x: 59.5, y: 84.2, w: 297.6, h: 16.8 },
  "work.0.positions.0.title": { page: 2, x: 0, y: 420.945, w: 595.28, h: 21 },
  "work.0.positions.0": { page: 2, x: 50, y: 400, w: 400, h: 120 },
  "education.0.institution": { line: 12 },
  "skills.0.name": { paragraph: 7 },
};

describe("the focused field's source", () => {
  it("reads the field path from the form element's id", () => {
    expect(fieldPathOf("f-work.0.positions.0.title")).toBe("work.0.positions.0.title");
    expect(fieldPathOf("f-basics.name")).toBe("basics.name");
    expect(fieldPathOf("confirm-reason")).toBeNull();
    expect(fieldPathOf("f-")).toBeNull();
    expect(fieldPathOf("f-work..0")).toBeNull();
  });

  it("maps a PDF source to a box in percent of its page", () => {
    const ref = sourceFor(sources, "basics.name");
    expect(pageBox(ref, A4.width, A4.height)).toEqual({
      page: 1,
      left: 10,
      top: 10,
      width: 49.99,
      height: 2,
    });
    expect(pageBox(sourceFor(sources, "work.0.positions.0.title"), A4.width, A4.height)).toEqual({
      page: 2,
      left: 0,
      top: 50,
      width: 100,
      height: 2.49,
    });
  });

  it("falls back to the nearest enclosing path, and to nothing when none came from the original", () => {
    expect(sourceFor(sources, "work.0.positions.0.highlights.3")).toEqual(sources["work.0.positions.0"]);
    expect(sourceFor(sources, "work.1.positions.0.title")).toBeNull();
    expect(sourceFor(sources, null)).toBeNull();
    expect(sourceFor({}, "basics.name")).toBeNull();
  });

  it("clips a box to its page and keeps a zero-height box visible", () => {
    const box = pageBox({ page: 1, x: -20, y: 830, w: 700, h: 0 }, A4.width, A4.height);
    expect(box).toEqual({ page: 1, left: 0, top: 98.59, width: 100, height: 0.24 });
    expect(pageBox({ page: 1, x: 10, y: 10, w: 10, h: 10 }, 0, A4.height)).toBeNull();
  });

  it("gives text lines and DOCX paragraphs as indexes, and no page box for them", () => {
    const line = sourceFor(sources, "education.0.institution");
    expect(blockIndex(line, "line")).toBe(12);
    expect(blockIndex(line, "paragraph")).toBeNull();
    expect(pageBox(line, A4.width, A4.height)).toBeNull();
    expect(blockIndex(sourceFor(sources, "skills.0.name"), "paragraph")).toBe(7);
  });

  it("reads the sources from the resume's meta, or none", () => {
    expect(sourcesOf({ meta: { confidence: {}, sources } } as unknown as Resume)).toBe(sources);
    expect(sourcesOf({ meta: { confidence: {} } } as unknown as Resume)).toEqual({});
    expect(sourcesOf(null)).toEqual({});
  });
});
