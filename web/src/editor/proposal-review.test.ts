import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import type { Proposal } from "../api/types.js";
import { describePath } from "./describe-path.js";
import { acceptedIds, decideAll, tally, toggleDecision } from "./proposal-review.js";

const proposals: Proposal[] = ["a", "b", "c"].map((id) => ({
  id,
  path: `basics.summary`,
  original: "x",
  proposed: "y",
  reason: "r",
  category: "wording",
}));

describe("proposal decisions", () => {
  it("accepts and rejects one by one, toggling off a repeated choice", () => {
    let d = toggleDecision({}, "a", "accepted");
    d = toggleDecision(d, "b", "rejected");
    expect(acceptedIds(proposals, d)).toEqual(["a"]);
    expect(tally(proposals, d)).toEqual({ accepted: 1, rejected: 1, undecided: 1 });
    d = toggleDecision(d, "a", "accepted");
    expect(acceptedIds(proposals, d)).toEqual([]);
    d = toggleDecision(d, "b", "accepted");
    expect(acceptedIds(proposals, d)).toEqual(["b"]);
  });

  it("accepts or rejects all", () => {
    expect(acceptedIds(proposals, decideAll(proposals, "accepted"))).toEqual(["a", "b", "c"]);
    expect(tally(proposals, decideAll(proposals, "rejected"))).toEqual({
      accepted: 0,
      rejected: 3,
      undecided: 0,
    });
  });
});

describe("describePath", () => {
  const resume = resumeSchema.parse({
    work: [{ name: "Acme", positions: [{ title: "Engineer", highlights: ["a", "b"] }] }],
  });
  it("names sections, entries and bullets", () => {
    expect(describePath(resume, "work.0.positions.0.highlights.1")).toBe(
      "Experience › Acme › Engineer › Bullet 2",
    );
    expect(describePath(resume, "basics.summary")).toBe("Profile › Summary");
    expect(describePath(null, "work.3.name")).toBe("Experience › #4 › Name");
  });
});
