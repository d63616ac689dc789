import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import { mergeOrder, orderSections, presentSections } from "../../src/components/section-visibility.js";

const resume = resumeSchema.parse({
  basics: { summary: "Builder of things." },
  work: [{ name: "Acme" }],
  skills: [{ name: "Go" }],
  custom: [{ id: "talks", title: "Talks" }],
});

describe("export section order", () => {
  it("lists only sections with content, custom ones by id", () => {
    expect(presentSections(resume).map((s) => s.ref)).toEqual(["summary", "work", "skills", "custom:talks"]);
  });

  it("sorts by the saved order and keeps unnamed sections in their natural place after it", () => {
    const ordered = orderSections(presentSections(resume), ["skills", "education", "work"]);
    expect(ordered.map((s) => s.ref)).toEqual(["skills", "work", "summary", "custom:talks"]);
  });

  it("keeps saved refs that are not present when saving a new order", () => {
    const ordered = orderSections(presentSections(resume), ["skills", "education", "work"]);
    expect(mergeOrder(ordered, ["skills", "education", "work"])).toEqual([
      "skills",
      "work",
      "summary",
      "custom:talks",
      "education",
    ]);
  });
});
