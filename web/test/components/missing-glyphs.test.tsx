// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import { ApiError } from "../../src/api/problem.js";
import { MissingGlyphs, missingGlyphs } from "../../src/components/missing-glyphs.js";

afterEach(cleanup);

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

const resume = resumeSchema.parse({
  work: [{ id: "w1", name: "Acme", positions: [{ id: "p1", title: "Dev ★", highlights: [] }] }],
});

describe("missingGlyphs", () => {
  it("reads the characters and fields of a render_missing_glyphs problem and nothing else", () => {
    const error = new ApiError("x", "render_missing_glyphs", 422, {
      characters: [{ char: "★", code_point: "U+2605" }],
      fields: ["/work/0/positions/0/title"],
    });
    expect(missingGlyphs(error)).toEqual({
      characters: [{ char: "★", code_point: "U+2605" }],
      fields: ["/work/0/positions/0/title"],
    });
    expect(missingGlyphs(new ApiError("x", "template_unknown", 422))).toBeNull();
    expect(missingGlyphs(null)).toBeNull();
  });
});

describe("MissingGlyphs", () => {
  it("names the characters and links each field to the review tab with the field named", async () => {
    render(
      <MemoryRouter initialEntries={["/jobs/j1/export"]}>
        <Routes>
          <Route
            path="/jobs/j1/export"
            element={
              <MissingGlyphs
                jobId="j1"
                resume={resume}
                characters={[
                  { char: "★", code_point: "U+2605" },
                  { char: "☎", code_point: "U+260E" },
                ]}
                fields={["/work/0/positions/0/title"]}
              />
            }
          />
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(screen.getByText(/No font of this template has these characters/).textContent).toContain(
      "“★” (U+2605) and “☎” (U+260E)",
    );
    const link = screen.getByRole("link", { name: "Fix in Review: Experience › Acme › Dev ★ › Title" });
    fireEvent.click(link);
    expect((await screen.findByTestId("where")).textContent).toBe(
      "/jobs/j1/review?field=work.0.positions.0.title",
    );
  });
});
