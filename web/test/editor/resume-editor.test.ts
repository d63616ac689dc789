import { describe, expect, it } from "vitest";
import { emptyResume, resumeSchema } from "../../../src/resume/model.js";
import { blank } from "../../src/editor/blank-entries.js";
import { countLowConfidence, isLowConfidence, isSectionUncertain } from "../../src/editor/confidence.js";
import { parsePath } from "../../src/editor/paths.js";
import { editorReducer, initEditor, isDirty } from "../../src/editor/resume-editor.js";

function sample() {
  return resumeSchema.parse({
    basics: { name: "Ada Lovelace", email: "ada@example.org" },
    work: [
      {
        id: "w1",
        name: "Analytical Engines",
        positions: [{ id: "p1", title: "Engineer", highlights: ["A", "B", "C"] }],
      },
      { id: "w2", name: "Babbage & Co", positions: [{ id: "p2", title: "Analyst" }] },
      { id: "w3", name: "Royal Society", positions: [] },
    ],
    meta: {
      confidence: {
        "basics.email": 0.4,
        "work.0.name": 0.5,
        "work.1.name": 0.3,
        "work.1.positions.0.title": 0.2,
        "work.2.name": 0.95,
        "work.0.positions.0.highlights.2": 0.1,
      },
    },
  });
}

describe("editorReducer", () => {
  it("starts clean, becomes dirty on an edit and clean again when the edit is undone", () => {
    let state = initEditor(sample());
    expect(isDirty(state)).toBe(false);
    state = editorReducer(state, { type: "set", path: ["basics", "name"], value: "Ada King" });
    expect(isDirty(state)).toBe(true);
    expect(state.resume.basics.name).toBe("Ada King");
    state = editorReducer(state, { type: "set", path: ["basics", "name"], value: "Ada Lovelace" });
    expect(isDirty(state)).toBe(false);
  });

  it("does not mutate the previous state", () => {
    const before = initEditor(sample());
    const snapshot = JSON.stringify(before);
    editorReducer(before, { type: "set", path: ["work", 0, "positions", 0, "title"], value: "Lead" });
    editorReducer(before, { type: "remove", path: ["work"], index: 0 });
    editorReducer(before, { type: "move", path: ["work"], from: 0, to: 2 });
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it("clears the confidence of a field once a person edits it", () => {
    let state = initEditor(sample());
    expect(isLowConfidence(state.resume, ["basics", "email"])).toBe(true);
    state = editorReducer(state, { type: "set", path: ["basics", "email"], value: "ada@example.com" });
    expect(isLowConfidence(state.resume, ["basics", "email"])).toBe(false);
    expect(countLowConfidence(state.resume)).toBe(4);
  });

  it("re-keys confidence when an entry is removed", () => {
    let state = initEditor(sample());
    state = editorReducer(state, { type: "remove", path: ["work"], index: 0 });
    expect(state.resume.work.map((w) => w.id)).toEqual(["w2", "w3"]);
    expect(state.resume.meta.confidence).toEqual({
      "basics.email": 0.4,
      "work.0.name": 0.3,
      "work.0.positions.0.title": 0.2,
      "work.1.name": 0.95,
    });
    expect(isDirty(state)).toBe(true);
  });

  it("re-keys confidence when an entry moves down or up", () => {
    let state = initEditor(sample());
    state = editorReducer(state, { type: "move", path: ["work"], from: 0, to: 2 });
    expect(state.resume.work.map((w) => w.id)).toEqual(["w2", "w3", "w1"]);
    expect(state.resume.meta.confidence["work.2.name"]).toBe(0.5);
    expect(state.resume.meta.confidence["work.0.name"]).toBe(0.3);
    expect(state.resume.meta.confidence["work.1.name"]).toBe(0.95);
    expect(state.resume.meta.confidence["work.2.positions.0.highlights.2"]).toBe(0.1);
    state = editorReducer(state, { type: "move", path: ["work"], from: 2, to: 0 });
    expect(state.resume.work.map((w) => w.id)).toEqual(["w1", "w2", "w3"]);
    expect(state.resume.meta.confidence).toEqual(sample().meta.confidence);
    expect(isDirty(state)).toBe(false);
  });

  it("moves and removes bullets inside a position", () => {
    let state = initEditor(sample());
    const bullets = ["work", 0, "positions", 0, "highlights"];
    state = editorReducer(state, { type: "move", path: bullets, from: 2, to: 0 });
    expect(state.resume.work[0]!.positions[0]!.highlights).toEqual(["C", "A", "B"]);
    expect(isLowConfidence(state.resume, [...bullets, 0])).toBe(true);
    state = editorReducer(state, { type: "remove", path: bullets, index: 0 });
    expect(state.resume.work[0]!.positions[0]!.highlights).toEqual(["A", "B"]);
    expect(countLowConfidence(state.resume, bullets)).toBe(0);
  });

  it("inserts entries with fresh ids and shifts confidence behind them", () => {
    let state = initEditor(sample());
    state = editorReducer(state, { type: "insert", path: ["work"], item: blank.work(), index: 0 });
    expect(state.resume.work).toHaveLength(4);
    expect(state.resume.work[0]!.id).toMatch(/^e[0-9a-f]{16}$/);
    expect(state.resume.work[0]!.positions).toHaveLength(1);
    expect(state.resume.meta.confidence["work.1.name"]).toBe(0.5);
    state = editorReducer(state, { type: "insert", path: ["skills"], item: blank.skills() });
    expect(state.resume.skills).toHaveLength(1);
    expect(resumeSchema.safeParse(state.resume).success).toBe(true);
  });

  it("ignores out-of-range moves and removals", () => {
    const state = initEditor(sample());
    expect(editorReducer(state, { type: "move", path: ["work"], from: 0, to: 3 })).toBe(state);
    expect(editorReducer(state, { type: "move", path: ["work"], from: -1, to: 0 })).toBe(state);
    expect(editorReducer(state, { type: "remove", path: ["education"], index: 0 })).toBe(state);
    expect(editorReducer(state, { type: "set", path: ["basics", "name"], value: "Ada Lovelace" })).toBe(
      state,
    );
  });

  it("load resets the baseline", () => {
    let state = initEditor(emptyResume());
    state = editorReducer(state, { type: "set", path: ["basics", "name"], value: "X" });
    expect(isDirty(state)).toBe(true);
    state = editorReducer(state, { type: "load", resume: state.resume });
    expect(isDirty(state)).toBe(false);
  });
});

describe("confidence of whole objects and sections", () => {
  it("applies an object's confidence to its fields and clears it when one is edited", () => {
    const resume = resumeSchema.parse({
      basics: { location: { city: "Paris", region: "IDF" } },
      work: [{ name: "A" }],
      meta: {
        confidence: {
          "basics.location": 0.5,
          "sections.work": 0.4,
          "sections.education": 0.6,
          "work.0.name": 0.9,
        },
      },
    });
    let state = initEditor(resume);
    expect(isLowConfidence(state.resume, ["basics", "location", "city"])).toBe(true);
    expect(isLowConfidence(state.resume, ["basics", "location", "region"])).toBe(true);
    expect(isLowConfidence(state.resume, ["work", 0, "name"])).toBe(false);
    expect(isSectionUncertain(state.resume, "work")).toBe(true);
    // Heading scores around 0.6 are the parser's normal for headings it found.
    expect(isSectionUncertain(state.resume, "education")).toBe(false);
    expect(countLowConfidence(state.resume, ["work"])).toBe(1);
    expect(countLowConfidence(state.resume)).toBe(2);
    state = editorReducer(state, { type: "set", path: ["basics", "location", "city"], value: "Lyon" });
    expect(isLowConfidence(state.resume, ["basics", "location", "region"])).toBe(false);
    expect(countLowConfidence(state.resume)).toBe(1);
  });
});

describe("parsePath", () => {
  it("reads dotted, bracketed and pointer paths", () => {
    expect(parsePath("work.0.positions.1.title")).toEqual(["work", 0, "positions", 1, "title"]);
    expect(parsePath("work[0].positions[1].highlights[2]")).toEqual([
      "work",
      0,
      "positions",
      1,
      "highlights",
      2,
    ]);
    expect(parsePath("/basics/summary")).toEqual(["basics", "summary"]);
  });
});

describe("moving, merging and splitting entries", () => {
  function split() {
    return resumeSchema.parse({
      work: [
        {
          id: "w1",
          name: "Cornell",
          location: "",
          positions: [{ id: "p1", title: "Research assistant", highlights: ["Compilers"] }],
        },
        {
          id: "w2",
          name: "Palo Alto",
          location: "CA & Ithaca, NY",
          description: "Labs",
          positions: [
            { id: "p2", title: "", highlights: ["Type systems", "Proofs"] },
            { id: "p3", title: "Intern", highlights: [] },
          ],
        },
      ],
      meta: { confidence: { "work.1.name": 0.3, "work.0.name": 0.9 } },
    });
  }

  it("merges entry B into A: A keeps its values, fills empty ones, lists are concatenated", () => {
    const state = editorReducer(initEditor(split()), { type: "merge", path: ["work"], from: 1, into: 0 });
    expect(state.resume.work).toHaveLength(1);
    const [merged] = state.resume.work;
    expect(merged?.id).toBe("w1");
    expect(merged?.name).toBe("Cornell");
    expect(merged?.location).toBe("CA & Ithaca, NY");
    expect(merged?.positions.map((p) => p.id)).toEqual(["p1", "p2", "p3"]);
    expect(state.resume.meta.confidence).toEqual({ "work.0.name": 0.9 });
    expect(resumeSchema.safeParse(state.resume).success).toBe(true);
  });

  it("merges two positions with their bullets in order", () => {
    const state = editorReducer(initEditor(split()), {
      type: "merge",
      path: ["work", 1, "positions"],
      from: 0,
      into: 1,
    });
    const positions = state.resume.work[1]?.positions ?? [];
    expect(positions.map((p) => [p.id, p.title, p.highlights])).toEqual([
      ["p3", "Intern", ["Type systems", "Proofs"]],
    ]);
  });

  it("refuses a merge whose lists would pass the model's caps", () => {
    const many = Array.from({ length: 30 }, (_, i) => `b${i}`);
    const resume = resumeSchema.parse({
      work: [
        { id: "a", name: "A", positions: [{ id: "pa", highlights: many }] },
        { id: "b", name: "B", positions: [{ id: "pb", highlights: many }] },
      ],
    });
    const state = initEditor(resume);
    expect(
      editorReducer(state, { type: "merge", path: ["work"], from: 1, into: 0 }).resume.work,
    ).toHaveLength(1);
    const merged = editorReducer(state, {
      type: "merge",
      path: ["work", 0, "positions"],
      from: 0,
      into: 0,
    });
    expect(merged).toBe(state);
    const both = editorReducer(state, {
      type: "transfer",
      from: ["work", 1, "positions"],
      index: 0,
      to: ["work", 0, "positions"],
    });
    expect(editorReducer(both, { type: "merge", path: ["work", 0, "positions"], from: 1, into: 0 })).toBe(
      both,
    );
  });

  it("splits an employer at a position into a new employer with the same details", () => {
    const state = editorReducer(initEditor(split()), { type: "split", index: 1, at: 1 });
    expect(state.resume.work.map((w) => w.name)).toEqual(["Cornell", "Palo Alto", "Palo Alto"]);
    expect(state.resume.work[1]?.positions.map((p) => p.id)).toEqual(["p2"]);
    expect(state.resume.work[2]?.positions.map((p) => p.id)).toEqual(["p3"]);
    expect(new Set(state.resume.work.map((w) => w.id)).size).toBe(3);
    expect(resumeSchema.safeParse(state.resume).success).toBe(true);
    expect(editorReducer(state, { type: "split", index: 1, at: 0 })).toBe(state);
  });

  it("moves a position to another employer", () => {
    const state = editorReducer(initEditor(split()), {
      type: "transfer",
      from: ["work", 1, "positions"],
      index: 1,
      to: ["work", 0, "positions"],
    });
    expect(state.resume.work[0]?.positions.map((p) => p.id)).toEqual(["p1", "p3"]);
    expect(state.resume.work[1]?.positions.map((p) => p.id)).toEqual(["p2"]);
  });
});

describe("placing unplaced lines", () => {
  function withLines() {
    return resumeSchema.parse({
      basics: { summary: "Engineer." },
      work: [{ id: "w1", name: "Acme", positions: [{ id: "p1", title: "Dev", highlights: ["Shipped"] }] }],
      meta: {
        unplaced: [
          { id: "u1", text: "Orbital Systems — Flight software lead" },
          { id: "u2", text: "Cut launch costs by 12%" },
          { id: "u3", text: "Birth Date: Mar 4, 1990" },
        ],
      },
    });
  }

  it("puts a line into a new entry, a bullet, the summary or nowhere, and takes it off the list", () => {
    let state = initEditor(withLines());
    state = editorReducer(state, {
      type: "place",
      lineId: "u1",
      target: { kind: "new-entry", section: "work" },
    });
    expect(state.resume.work[1]?.name).toBe("Orbital Systems — Flight software lead");
    expect(state.resume.work[1]?.positions).toHaveLength(1);
    state = editorReducer(state, {
      type: "place",
      lineId: "u2",
      target: { kind: "bullet", work: 0, position: 0 },
    });
    expect(state.resume.work[0]?.positions[0]?.highlights).toEqual(["Shipped", "Cut launch costs by 12%"]);
    expect(isDirty(state)).toBe(true);
    state = editorReducer(state, { type: "place", lineId: "u3", target: { kind: "discard" } });
    expect(state.resume.meta.unplaced).toEqual([]);
    expect(resumeSchema.safeParse(state.resume).success).toBe(true);
  });

  it("appends to the summary and to other sections", () => {
    const base = initEditor(withLines());
    const summary = editorReducer(base, { type: "place", lineId: "u2", target: { kind: "summary" } });
    expect(summary.resume.basics.summary).toBe("Engineer.\nCut launch costs by 12%");
    const skill = editorReducer(base, {
      type: "place",
      lineId: "u2",
      target: { kind: "new-entry", section: "skills" },
    });
    expect(skill.resume.skills.map((s) => s.name)).toEqual(["Cut launch costs by 12%"]);
    expect(skill.resume.meta.unplaced?.map((u) => u.id)).toEqual(["u1", "u3"]);
  });

  it("ignores an unknown line or a position that does not exist", () => {
    const base = initEditor(withLines());
    expect(editorReducer(base, { type: "place", lineId: "nope", target: { kind: "summary" } })).toBe(base);
    expect(
      editorReducer(base, { type: "place", lineId: "u2", target: { kind: "bullet", work: 4, position: 0 } }),
    ).toBe(base);
  });
});
