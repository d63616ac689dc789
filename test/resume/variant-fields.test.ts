import { describe, expect, it } from "vitest";
import {
  applyOverrides,
  conflictsOf,
  diffFields,
  type Override,
  overridesFor,
  pathKey,
  resolveOverride,
} from "../../src/resume/variant-fields.js";

const master = () => ({
  basics: { name: "Ada Park", label: "ML Engineer", summary: "Serves models." },
  work: [
    { id: "w1", name: "Nimbus", highlights: ["Served 40M requests"] },
    { id: "w2", name: "Orbit", highlights: ["Built pipelines"] },
  ],
  skills: [{ id: "s1", name: "Python", keywords: ["pandas"] }],
  meta: { language: "en" },
});

const keys = (changes: { path: string[] }[]) => changes.map((c) => pathKey(c.path));

describe("variant fields", () => {
  it("finds changed fields, following list entries by id and ignoring meta", () => {
    const a = master();
    const b = master();
    b.basics.label = "Inference Engineer";
    b.work[1]!.highlights = ["Built pipelines", "Cut latency 30%"];
    b.meta.language = "de";
    expect(keys(diffFields(a, b))).toEqual(["basics/label", "work/@w2/highlights"]);
    // Entries moved: the list is one field.
    const moved = master();
    moved.work.reverse();
    expect(keys(diffFields(a, moved))).toEqual(["work"]);
  });

  it("carries a master edit into every field the variant did not change, and lists a conflict", () => {
    const m = master();
    const v = master();
    v.basics.label = "Inference Engineer";
    v.basics.summary = "Serves models at scale.";
    const overrides = overridesFor(m, v, []);
    expect(keys(overrides)).toEqual(["basics/label", "basics/summary"]);

    const edited = master();
    edited.basics.summary = "Serves and tunes models.";
    edited.work[0]!.name = "Nimbus Labs";
    edited.work.reverse(); // the master reorders; the variant's entry overrides follow ids, not positions
    const effective = applyOverrides(edited, overrides) as ReturnType<typeof master>;
    expect(effective.work.map((w) => w.name)).toEqual(["Orbit", "Nimbus Labs"]);
    expect(effective.basics.label).toBe("Inference Engineer");
    expect(effective.basics.summary).toBe("Serves models at scale.");

    const conflicts = conflictsOf(edited, overrides);
    expect(keys(conflicts)).toEqual(["basics/summary"]);
    expect(conflicts[0]).toMatchObject({
      mine: { present: true, value: "Serves models at scale." },
      master: { present: true, value: "Serves and tunes models." },
    });

    // Keep mine: the override stays with the master's value as its new base; no conflict left.
    const kept = resolveOverride(edited, overrides, ["basics", "summary"], "keep_mine");
    expect(conflictsOf(edited, kept)).toEqual([]);
    expect((applyOverrides(edited, kept) as ReturnType<typeof master>).basics.summary).toBe(
      "Serves models at scale.",
    );
    // Take the master's: the override goes and the master's value shows.
    const taken = resolveOverride(edited, overrides, ["basics", "summary"], "take_master");
    expect(keys(taken)).toEqual(["basics/label"]);
    expect((applyOverrides(edited, taken) as ReturnType<typeof master>).basics.summary).toBe(
      "Serves and tunes models.",
    );
  });

  it("drops an override the master comes to agree with, and keeps an unresolved base on a re-edit", () => {
    const m = master();
    const v = master();
    v.basics.label = "Inference Engineer";
    const overrides = overridesFor(m, v, []);
    const agreed = master();
    agreed.basics.label = "Inference Engineer";
    expect(overridesFor(agreed, applyOverrides(agreed, overrides), overrides)).toEqual([]);

    const moved = master();
    moved.basics.label = "Staff Engineer";
    const reEdited = applyOverrides(moved, overrides) as ReturnType<typeof master>;
    reEdited.basics.label = "Principal Inference Engineer";
    const again = overridesFor(moved, reEdited, overrides);
    // Still based on what the master said when the variant first changed it: still a conflict.
    expect(keys(conflictsOf(moved, again))).toEqual(["basics/label"]);
  });

  it("shows an override whose entry the master deleted as a conflict and does not apply it", () => {
    const m = master();
    const v = master();
    v.work[1]!.name = "Orbit Inc";
    const overrides: Override[] = overridesFor(m, v, []);
    const removed = master();
    removed.work.pop();
    const effective = applyOverrides(removed, overrides) as ReturnType<typeof master>;
    expect(effective.work.map((w) => w.id)).toEqual(["w1"]);
    expect(conflictsOf(removed, overrides)[0]).toMatchObject({ master: { present: false } });
  });

  it("records a removed field as removed and puts it back absent", () => {
    const m = master();
    const v: Record<string, unknown> = master();
    delete v.skills;
    const overrides = overridesFor(m, v, []);
    expect(overrides).toEqual([{ path: ["skills"], removed: true, base: m.skills }]);
    expect(applyOverrides(m, overrides)).not.toHaveProperty("skills");
  });
});
