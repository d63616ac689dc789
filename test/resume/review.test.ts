import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../src/resume/model.js";
import { reviewSummary } from "../../src/resume/review.js";

describe("reviewSummary", () => {
  it("counts flagged fields, unplaced lines and empty sections", () => {
    const resume = resumeSchema.parse({
      meta: {
        confidence: {
          "basics.name": 0.95,
          "work.0.name": 0.4,
          "basics.email": 0.69,
          "sections.work": 0.55, // a heading's own, lower line: not in doubt
          "sections.custom.Misc": 0.3,
        },
        unplaced: [
          { id: "u0", text: "Born 1990" },
          { id: "u1", text: "Vue.js" },
        ],
        empty_sections: [{ section: "awards", heading: "Awards" }],
      },
    });
    expect(reviewSummary(resume)).toEqual({
      flagged_fields: ["basics.email", "sections.custom.Misc", "work.0.name"],
      unplaced_lines: 2,
      empty_sections: ["awards"],
      needs_attention: 6,
    });
  });

  it("is zero for a resume without open items (e.g. one typed in by hand)", () => {
    expect(reviewSummary(resumeSchema.parse({})).needs_attention).toBe(0);
  });
});
