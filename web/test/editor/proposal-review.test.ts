import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import type { Proposal } from "../../src/api/types.js";
import { describePath } from "../../src/editor/describe-path.js";
import {
  acceptedIds,
  decideAll,
  tally,
  toggleDecision,
  valueText,
} from "../../src/editor/proposal-review.js";

const proposals: Proposal[] = ["a", "b", "c"].map((id) => ({
  id,
  path: `basics.summary`,
  original: "x",
  proposed: "y",
  reason: "r",
  category: "wording",
  applicable: true,
}));
const hint: Proposal = { ...proposals[0]!, id: "h", applicable: false, proposed: "Add a number here" };

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

describe("hints and list values", () => {
  it("never accepts or counts a hint", () => {
    const all = [...proposals, hint];
    expect(acceptedIds(all, decideAll(all, "accepted"))).toEqual(["a", "b", "c"]);
    expect(acceptedIds(all, { h: "accepted" })).toEqual([]);
    expect(tally(all, {})).toEqual({ accepted: 0, rejected: 0, undecided: 3 });
  });

  it("reads list values as comma-separated text", () => {
    expect(valueText(["TypeScript", "React"])).toBe("TypeScript, React");
    expect(valueText("text")).toBe("text");
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
    expect(describePath(resume, "skills.0.keywords")).toBe("Skills › #1 › Keywords");
  });
});
