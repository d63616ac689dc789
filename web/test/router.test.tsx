// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { useState } from "react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { routes } from "../src/app.js";
import { JOB_ROUTE, jobPath, jobRoute, useLeaveGuard } from "../src/router.js";

afterEach(cleanup);

/** What the guarded page asks and answers, driven by the test. */
const guard = {
  answer: false,
  asked: 0,
  setActive: (_active: boolean): void => undefined,
  ask: async () => {
    guard.asked++;
    return guard.answer;
  },
};

function Guarded() {
  const [active, setActive] = useState(true);
  guard.setActive = setActive;
  useLeaveGuard(active, guard.ask);
  return <Outlet />;
}

describe("routes", () => {
  it("reads and writes job routes", () => {
    const id = "0b7c6f1e-8a7b-4c2d-9e1f-2a3b4c5d6e7f";
    expect(jobRoute({ jobId: id })).toEqual({ jobId: id, tab: "review" });
    expect(jobRoute({ jobId: id, tab: "export" })).toEqual({ jobId: id, tab: "export" });
    expect(jobRoute({ jobId: id, tab: "nope" })).toBeNull();
    expect(jobRoute({ jobId: "<script>", tab: "review" })).toBeNull();
    expect(jobRoute({})).toBeNull();
    expect(jobPath(id, "history")).toBe(`/jobs/${id}/history`);
  });

  it("shows the not-found page for a path that names no screen", async () => {
    for (const path of ["/nowhere", "/jobs/<script>/review", "/jobs/abc/nope"]) {
      const router = createMemoryRouter(routes, { initialEntries: [path] });
      render(<RouterProvider router={router} />);
      await screen.findByRole("heading", { name: "Page not found" });
      cleanup();
    }
  });

  it("asks the guard before leaving and stays when it says no", async () => {
    guard.answer = false;
    guard.asked = 0;
    const router = createMemoryRouter(
      [
        {
          element: <Guarded />,
          children: [
            { index: true, element: <p>home</p> },
            { path: JOB_ROUTE, element: <p>job</p> },
          ],
        },
      ],
      { initialEntries: ["/"] },
    );
    render(<RouterProvider router={router} />);

    await act(() => router.navigate(jobPath("abc")));
    await act(async () => {});
    expect(router.state.location.pathname).toBe("/");
    guard.answer = true;
    await act(() => router.navigate(jobPath("abc")));
    await act(async () => {});
    expect(router.state.location.pathname).toBe("/jobs/abc/review");
    expect(guard.asked).toBe(2);

    // The back button passes the guard too.
    guard.answer = false;
    await act(() => router.navigate(-1));
    await act(async () => {});
    expect(router.state.location.pathname).toBe("/jobs/abc/review");
    expect(guard.asked).toBe(3);

    act(() => guard.setActive(false));
    await act(() => router.navigate("/"));
    expect(router.state.location.pathname).toBe("/");
    expect(guard.asked).toBe(3);
  });
});
