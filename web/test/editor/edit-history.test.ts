import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import {
  canRedo,
  canUndo,
  HISTORY_LIMIT,
  type HistoryAction,
  type HistoryState,
  historyReducer,
  initHistory,
} from "../../src/editor/edit-history.js";
import { isDirty } from "../../src/editor/resume-editor.js";

function sample() {
  return resumeSchema.parse({
    basics: { name: "Ada Lovelace" },
    work: [
      {
        id: "w1",
        name: "Analytical Engines",
        positions: [{ id: "p1", title: "Engineer", highlights: ["A"] }],
      },
      { id: "w2", name: "Engines", positions: [{ id: "p2", title: "Engineer", highlights: ["B"] }] },
    ],
  });
}

const run = (state: HistoryState, ...actions: HistoryAction[]) => actions.reduce(historyReducer, state);

describe("edit history", () => {
  it("undoes and redoes every kind of edit, back to a clean editor", () => {
    const start = initHistory(sample());
    expect(canUndo(start)).toBe(false);
    const edits: HistoryAction[] = [
      { type: "set", path: ["basics", "name"], value: "Ada King" },
      { type: "remove", path: ["work"], index: 1 },
      { type: "insert", path: ["work", 0, "positions", 0, "highlights"], item: "C" },
      { type: "move", path: ["work", 0, "positions", 0, "highlights"], from: 1, to: 0 },
    ];
    const states = [start];
    for (const edit of edits) states.push(historyReducer(states.at(-1) as HistoryState, edit));
    let state = states.at(-1) as HistoryState;
    expect(state.past).toHaveLength(4);
    for (let i = edits.length - 1; i >= 0; i--) {
      state = historyReducer(state, { type: "undo" });
      expect(state.editor.resume).toEqual(states[i]?.editor.resume);
    }
    expect(isDirty(state.editor)).toBe(false);
    expect(canUndo(state)).toBe(false);
    expect(canRedo(state)).toBe(true);
    state = run(state, { type: "redo" }, { type: "redo" }, { type: "redo" }, { type: "redo" });
    expect(state.editor.resume).toEqual(states[4]?.editor.resume);
    expect(canRedo(state)).toBe(false);
  });

  it("makes keystrokes into one field one step until focus moves", () => {
    let state = run(
      initHistory(sample()),
      { type: "set", path: ["basics", "name"], value: "A" },
      { type: "set", path: ["basics", "name"], value: "Ad" },
      { type: "set", path: ["basics", "name"], value: "Ada" },
    );
    expect(state.past).toHaveLength(1);
    state = run(state, { type: "checkpoint" }, { type: "set", path: ["basics", "name"], value: "Ada K" });
    expect(state.past).toHaveLength(2);
    state = run(state, { type: "set", path: ["basics", "label"], value: "Mathematician" });
    expect(state.past).toHaveLength(3);
    state = run(state, { type: "undo" }, { type: "undo" });
    expect(state.editor.resume.basics.name).toBe("Ada");
    state = run(state, { type: "undo" });
    expect(state.editor.resume.basics.name).toBe("Ada Lovelace");
  });

  it("drops the redo steps when a new edit is made", () => {
    const state = run(
      initHistory(sample()),
      { type: "set", path: ["basics", "name"], value: "X" },
      { type: "undo" },
      { type: "set", path: ["basics", "label"], value: "Y" },
    );
    expect(canRedo(state)).toBe(false);
    expect(state.editor.resume.basics.name).toBe("Ada Lovelace");
  });

  it("keeps the steps across a save, and starts over on a reset", () => {
    let state = run(initHistory(sample()), { type: "set", path: ["basics", "name"], value: "Ada King" });
    state = run(state, { type: "load", resume: state.editor.resume });
    expect(isDirty(state.editor)).toBe(false);
    state = run(state, { type: "undo" });
    expect(state.editor.resume.basics.name).toBe("Ada Lovelace");
    expect(isDirty(state.editor)).toBe(true);
    state = run(state, { type: "reset", resume: sample() });
    expect(canUndo(state)).toBe(false);
    expect(canRedo(state)).toBe(false);
  });

  it("ignores edits that change nothing and keeps at most HISTORY_LIMIT steps", () => {
    let state = run(initHistory(sample()), { type: "remove", path: ["work"], index: 9 });
    expect(state.past).toHaveLength(0);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++)
      state = run(state, { type: "checkpoint" }, { type: "set", path: ["basics", "name"], value: `N${i}` });
    expect(state.past).toHaveLength(HISTORY_LIMIT);
  });
});
