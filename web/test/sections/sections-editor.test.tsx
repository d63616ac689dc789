// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useReducer } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { type Resume, resumeSchema } from "../../../src/resume/model.js";
import { EditorContext } from "../../src/editor/editor-context.js";
import { editorReducer, initEditor, isDirty } from "../../src/editor/resume-editor.js";
import { BasicsSection } from "../../src/sections/basics-section.js";
import { WorkSection } from "../../src/sections/work-section.js";

let latest: { resume: Resume; dirty: boolean } | null = null;

function Harness({ resume }: { resume: Resume }) {
  const [state, dispatch] = useReducer(editorReducer, resume, initEditor);
  latest = { resume: state.resume, dirty: isDirty(state) };
  return (
    <EditorContext.Provider value={{ resume: state.resume, dispatch }}>
      <BasicsSection />
      <WorkSection />
    </EditorContext.Provider>
  );
}

function sample(): Resume {
  return resumeSchema.parse({
    basics: { name: "Grace Hopper", email: "grace@exmaple.org" },
    work: [
      {
        id: "w1",
        name: "US Navy",
        positions: [
          { id: "p1", title: "Rear Admiral", highlights: ["COBOL", "Compilers"] },
          { id: "p2", title: "Commander", highlights: [] },
        ],
      },
      { id: "w2", name: "Harvard", positions: [{ id: "p3", title: "Programmer" }] },
    ],
    meta: { confidence: { "basics.email": 0.35, "work.1.name": 0.4 } },
  });
}

afterEach(() => {
  cleanup();
  latest = null;
});

describe("sections editor", () => {
  it("highlights low-confidence fields and clears the highlight once edited", () => {
    render(<Harness resume={sample()} />);
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-describedby")).toBe("f-basics.email-hint");
    expect(screen.getAllByText(/Please check/)).toHaveLength(2);
    fireEvent.change(email, { target: { value: "grace@example.org" } });
    expect(screen.getAllByText(/Please check/)).toHaveLength(1);
    expect(latest?.resume.basics.email).toBe("grace@example.org");
    expect(latest?.dirty).toBe(true);
  });

  it("keeps the highlight on the right employer when employers are reordered", () => {
    render(<Harness resume={sample()} />);
    const harvard = screen.getByRole("region", { name: "Employer 2: Harvard" });
    expect(within(harvard).getByText("1 to check")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Move Employer 2 up" }));
    const moved = screen.getByRole("region", { name: "Employer 1: Harvard" });
    expect(within(moved).getByText("1 to check")).toBeTruthy();
    expect(latest?.resume.work.map((w) => w.id)).toEqual(["w2", "w1"]);
    expect(latest?.resume.meta.confidence["work.0.name"]).toBe(0.4);
  });

  it("adds, edits, moves and removes positions and bullets", () => {
    render(<Harness resume={sample()} />);
    const navy = screen.getByRole("region", { name: "Employer 1: US Navy" });
    const admiral = within(navy).getByRole("region", { name: "Position 1: Rear Admiral" });
    const bullets = within(admiral).getByRole("group", { name: "Achievements" });
    fireEvent.click(within(bullets).getByRole("button", { name: "+ Add bullet" }));
    fireEvent.change(within(bullets).getByLabelText("Bullet 3"), { target: { value: "Nanoseconds" } });
    fireEvent.click(within(bullets).getByRole("button", { name: "Move Bullet 3 up" }));
    fireEvent.click(within(bullets).getByRole("button", { name: "Remove Bullet 1" }));
    expect(latest?.resume.work[0]?.positions[0]?.highlights).toEqual(["Nanoseconds", "Compilers"]);

    fireEvent.click(within(navy).getByRole("button", { name: "+ Add position" }));
    expect(latest?.resume.work[0]?.positions).toHaveLength(3);
    fireEvent.click(within(navy).getByRole("button", { name: "Remove Position 2" }));
    expect(latest?.resume.work[0]?.positions.map((p) => p.title)).toEqual(["Rear Admiral", ""]);
    expect(resumeSchema.safeParse(latest?.resume).success).toBe(true);
  });

  it("disables moves past the ends of a list", () => {
    render(<Harness resume={sample()} />);
    expect((screen.getByRole("button", { name: "Move Employer 1 up" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect((screen.getByRole("button", { name: "Move Employer 2 down" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it("adds an employer with one empty position and becomes clean again when it is removed", () => {
    render(<Harness resume={sample()} />);
    fireEvent.click(screen.getByRole("button", { name: "+ Add employer" }));
    expect(latest?.resume.work).toHaveLength(3);
    expect(latest?.resume.work[2]?.positions).toHaveLength(1);
    expect(latest?.dirty).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Remove Employer 3" }));
    expect(latest?.dirty).toBe(false);
  });
});
