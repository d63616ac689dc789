// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useReducer } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { type Resume, resumeSchema } from "../../../src/resume/model.js";
import { historyReducer, initHistory } from "../../src/editor/edit-history.js";
import { EditorContext } from "../../src/editor/editor-context.js";
import { UnplacedText } from "../../src/sections/unplaced-text.js";
import { WorkSection } from "../../src/sections/work-section.js";

let latest: Resume | null = null;

function Harness({
  resume,
  focused,
}: {
  resume: Resume;
  focused: { work: number; position: number } | null;
}) {
  const [state, dispatch] = useReducer(historyReducer, resume, initHistory);
  latest = state.editor.resume;
  return (
    <EditorContext.Provider value={{ resume: state.editor.resume, dispatch }}>
      <h2 id="section-basics" tabIndex={-1}>
        Profile
      </h2>
      <UnplacedText focused={focused} />
      <WorkSection />
    </EditorContext.Provider>
  );
}

function sample(): Resume {
  return resumeSchema.parse({
    work: [
      { id: "w1", name: "Acme", positions: [{ id: "p1", title: "Dev", highlights: [] }] },
      { id: "w2", name: "Globex", positions: [{ id: "p2", title: "Lead", highlights: [] }] },
    ],
    meta: {
      unplaced: [
        { id: "u1", text: "Initech — Engineer" },
        { id: "u2", text: "Wrote the TPS report tool" },
      ],
    },
  });
}

afterEach(() => {
  cleanup();
  latest = null;
});

describe("unplaced text", () => {
  it("moves a line into Experience as a new employer in two clicks and focuses the next line", () => {
    render(<Harness resume={sample()} focused={null} />);
    const card = screen.getByRole("region", { name: "Unplaced text" });
    fireEvent.click(within(card).getByText("Move to…", { selector: "[aria-label*='“Initech']" }));
    fireEvent.click(
      within(card).getAllByRole("button", { name: "Experience: new employer" })[0] as HTMLElement,
    );
    expect(latest?.work.map((w) => w.name)).toEqual(["Acme", "Globex", "Initech — Engineer"]);
    expect(latest?.meta.unplaced?.map((u) => u.id)).toEqual(["u2"]);
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Move to… (“Wrote the TPS report tool”)");
  });

  it("offers a bullet of the position in focus, and hides the list once every line is placed", () => {
    render(<Harness resume={sample()} focused={{ work: 1, position: 0 }} />);
    const options = screen.getAllByRole("button", { name: "Experience: bullet of “Lead, Globex”" });
    expect(options).toHaveLength(2);
    fireEvent.click(options[1] as HTMLElement);
    expect(latest?.work[1]?.positions[0]?.highlights).toEqual(["Wrote the TPS report tool"]);
    fireEvent.click(screen.getByRole("button", { name: "Ignore this line" }));
    expect(screen.queryByRole("region", { name: "Unplaced text" })).toBeNull();
    expect(document.activeElement?.id).toBe("section-basics");
  });

  it("merges a split employer into the one above and splits it again", () => {
    render(<Harness resume={sample()} focused={null} />);
    expect(screen.queryByRole("button", { name: /Employer 1 into/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: /^Merge into “Acme” \(Employer 2 into Employer 1/ }));
    expect(latest?.work.map((w) => w.positions.map((p) => p.id))).toEqual([["p1", "p2"]]);
    fireEvent.click(screen.getByRole("button", { name: /^Split into a new employer from here \(“Lead”/ }));
    expect(latest?.work.map((w) => w.positions.map((p) => p.id))).toEqual([["p1"], ["p2"]]);
  });

  it("moves a position to another employer", () => {
    render(<Harness resume={sample()} focused={null} />);
    fireEvent.change(screen.getByLabelText("Move “Dev” to another employer"), { target: { value: "1" } });
    expect(latest?.work.map((w) => w.positions.map((p) => p.id))).toEqual([[], ["p2", "p1"]]);
  });
});
