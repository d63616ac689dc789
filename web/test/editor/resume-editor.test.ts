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
