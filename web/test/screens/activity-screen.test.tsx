// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Activity } from "../../src/api/types.js";
import { ActivityList } from "../../src/screens/activity-screen.js";

afterEach(cleanup);

const items: Activity[] = [
  {
    id: "task-2",
    action: "export",
    status: "completed",
    message_key: "activity.export.completed",
    params: { formats: ["pdf"], template: "classic" },
    started_at: "2026-11-30T10:01:00.000Z",
    updated_at: "2026-11-30T10:01:04.000Z",
    details: { task_id: "task-2", trace_ids: ["trace-b"], attempts: 2, events: 4 },
  },
  {
    id: "event-7",
    action: "edited",
    status: "done",
    message_key: "activity.edited.done",
    params: { sections: true },
    started_at: "2026-11-30T10:00:00.000Z",
    updated_at: "2026-11-30T10:00:00.000Z",
    details: { task_id: null, trace_ids: ["trace-a"], attempts: 0, events: 1 },
  },
];

describe("ActivityList", () => {
  it("shows one sentence per action in the server's order, with ids only inside Details", () => {
    render(<ActivityList items={items} />);
    const rows = screen.getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("Exported PDF with the Classic template.");
    expect(rows[1]!.textContent).toContain("You edited the CV.");
    const details = rows[0]!.querySelector("details")!;
    expect(details.open).toBe(false);
    expect(within(rows[0]!).getByText("Details").tagName).toBe("SUMMARY");
    expect(within(details).getByText("trace-b")).toBeTruthy();
    expect(within(details).getByText("task-2")).toBeTruthy();
    expect(within(details).getByText("2")).toBeTruthy();
    // The sentence itself carries no ids.
    expect(rows[0]!.querySelector(".timeline__type")!.textContent).not.toMatch(/task-2|trace-b/);
    // An edit has no task: no task id row.
    expect(within(rows[1]!).queryByText("Task id")).toBeNull();
  });
});
