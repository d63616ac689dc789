import { describe, expect, it } from "vitest";
import { changedPaths, mergeSections } from "../../src/resume/sections-merge.js";

const base = () => ({
  basics: { name: "Jane Roe", label: "Engineer", email: "jane@example.com" },
  work: [
    { id: "w1", name: "Acme", highlights: ["Built a thing", "Led a team"] },
    { id: "w2", name: "Globex", highlights: [] },
  ],
  skills: [{ id: "s1", name: "Languages", keywords: ["Go", "SQL"] }],
  meta: { confidence: { "work.0.name": 0.4, "basics.label": 0.5 } },
});

describe("changedPaths", () => {
  it("names changed leaves by JSON pointer, a list whose length changed as a whole, escaped keys", () => {
    const next = base();
    next.basics.label = "Senior engineer";
    next.work[0]!.highlights[1] = "Led a team of five";
    next.skills[0]!.keywords.push("Rust");
    delete (next.meta.confidence as Record<string, number>)["basics.label"];
    (next.meta.confidence as Record<string, number>)["a/b~c"] = 1;
    expect(changedPaths(base(), next)).toEqual([
      "/basics/label",
      "/work/0/highlights/1",
      "/skills/0/keywords",
      "/meta/confidence/basics.label",
      "/meta/confidence/a~1b~0c",
    ]);
    expect(changedPaths(base(), base())).toEqual([]);
  });

  it("stops at a depth bound on hostile nesting: the deep subtree counts as changed", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 5_000; i++) deep = { a: deep };
    expect(changedPaths({ basics: deep }, { basics: { a: 1 } })?.length).toBe(1);
  });
});

describe("mergeSections", () => {
  it("merges edits of different fields: each side keeps its change", () => {
    const ours = base();
    ours.basics.label = "Senior engineer";
    ours.work[1]!.name = "Globex Corporation";
    const theirs = base();
    theirs.basics.email = "jane@roe.dev";
    theirs.skills[0]!.keywords.push("Rust");
    const result = mergeSections(base(), ours, theirs);
    if (!result.ok) throw new Error(`conflicts: ${result.conflicts}`);
    expect(result.merged).toMatchObject({
      basics: { name: "Jane Roe", label: "Senior engineer", email: "jane@roe.dev" },
      work: [{ name: "Acme" }, { name: "Globex Corporation" }],
      skills: [{ keywords: ["Go", "SQL", "Rust"] }],
    });
    expect(result.ours).toEqual(["/basics/label", "/work/1/name"]);
    expect(result.theirs).toEqual(["/basics/email", "/skills/0/keywords"]);
  });

  it("names the fields both sides changed differently, and only those", () => {
    const ours = base();
    ours.basics.label = "Senior engineer";
    ours.work[0]!.highlights[0] = "Built two things";
    ours.basics.name = "Jane A. Roe";
    const theirs = base();
    theirs.basics.label = "Staff engineer";
    theirs.work[0]!.highlights.push("Shipped it"); // the list grew: one change at the list
    theirs.basics.name = "Jane A. Roe"; // the same change on both sides is no conflict
    const result = mergeSections(base(), ours, theirs);
    expect(result).toEqual({ ok: false, conflicts: ["/basics/label", "/work/0/highlights"] });
  });

  it("removes a key this side removed", () => {
    const ours = base();
    delete (ours.meta.confidence as Record<string, number>)["work.0.name"];
    const theirs = base();
    theirs.basics.name = "J. Roe";
    const result = mergeSections(base(), ours, theirs);
    if (!result.ok) throw new Error("conflict");
    expect(result.merged.meta).toEqual({ confidence: { "basics.label": 0.5 } });
    expect((result.merged.basics as { name: string }).name).toBe("J. Roe");
  });
});
