// @vitest-environment jsdom
import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createQueryClient, queryKeys } from "../../src/api/queries.js";
import type { Task } from "../../src/api/types.js";
import { useTask } from "../../src/hooks/use-task.js";

function task(status: Task["status"]): Task {
  return {
    id: "t1",
    job_id: "j1",
    task_type: "export",
    status,
    stage: status,
    progress: null,
    attempts: 1,
    max_attempts: 3,
    error: null,
    result: null,
    trace_id: "0".repeat(32),
    created_at: "",
    updated_at: "",
    started_at: null,
    finished_at: null,
  };
}

/** The browser's EventSource, scripted: the test pushes `task` frames into it. */
class ScriptedSource {
  static opened: ScriptedSource[] = [];
  listeners: ((e: MessageEvent<string>) => void)[] = [];
  onerror: ((e: Event) => void) | null = null;
  constructor(readonly url: string) {
    ScriptedSource.opened.push(this);
  }
  addEventListener(_type: string, listener: (e: MessageEvent<string>) => void) {
    this.listeners.push(listener);
  }
  close() {}
  emit(t: Task) {
    for (const l of this.listeners) l({ data: JSON.stringify(t) } as MessageEvent<string>);
  }
}

beforeEach(() => {
  ScriptedSource.opened = [];
  vi.stubGlobal("EventSource", ScriptedSource);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Shows the followed task's status and how often the job was read. */
function Probe({ reads }: { reads: { count: number } }) {
  const view = useTask("t1");
  useQuery({
    queryKey: queryKeys.job("j1"),
    queryFn: async () => {
      reads.count++;
      return reads.count;
    },
  });
  return <p>{view.task?.status ?? "none"}</p>;
}

describe("useTask", () => {
  it("writes each event into the query cache and refreshes the job when the task ends", async () => {
    const client = createQueryClient();
    const reads = { count: 0 };
    render(
      <QueryClientProvider client={client}>
        <Probe reads={reads} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(reads.count).toBe(1));
    const source = ScriptedSource.opened[0]!;
    expect(source.url).toBe("/api/v1/tasks/t1/events");

    act(() => source.emit(task("running")));
    await screen.findByText("running");
    expect(client.getQueryData(queryKeys.task("t1"))).toMatchObject({ status: "running" });
    expect(reads.count).toBe(1);

    act(() => source.emit(task("completed")));
    await screen.findByText("completed");
    await waitFor(() => expect(reads.count).toBe(2));
  });
});
