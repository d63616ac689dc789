import { describe, expect, it } from "vitest";
import type { ApiClient } from "../../src/api/client.js";
import { ApiError, humanMessage, toApiError } from "../../src/api/problem.js";
import { followTask } from "../../src/api/task-stream.js";
import type { Task } from "../../src/api/types.js";

function task(status: Task["status"], progress: number | null = null): Task {
  return {
    id: "t1",
    job_id: "j1",
    task_type: "parse",
    status,
    stage: status,
    progress,
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

/** A scripted EventSource: the test pushes frames and errors into it. */
class ScriptedSource {
  static opened: ScriptedSource[] = [];
  listeners: ((e: MessageEvent<string>) => void)[] = [];
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    ScriptedSource.opened.push(this);
  }
  addEventListener(_type: string, listener: (e: MessageEvent<string>) => void) {
    this.listeners.push(listener);
  }
  close() {
    this.closed = true;
  }
  emit(t: Task) {
    for (const l of this.listeners) l({ data: JSON.stringify(t) } as MessageEvent<string>);
  }
  fail() {
    this.onerror?.(new Event("error"));
  }
}

function client(getTask: () => Promise<Task>): ApiClient {
  return { taskEventsUrl: (id: string) => `/api/v1/tasks/${id}/events`, getTask } as unknown as ApiClient;
}

function nextTick() {
  return new Promise((r) => setTimeout(r, 0));
}

describe("followTask", () => {
  it("delivers updates and closes the stream at a terminal state", () => {
    ScriptedSource.opened = [];
    const seen: string[] = [];
    followTask(
      client(async () => task("running")),
      "t1",
      {
        onUpdate: (t) => seen.push(`${t.status}:${t.progress}`),
        createEventSource: (url) => new ScriptedSource(url),
      },
    );
    const source = ScriptedSource.opened[0]!;
    expect(source.url).toBe("/api/v1/tasks/t1/events");
    source.emit(task("running", 40));
    source.emit(task("completed", 100));
    source.emit(task("running", 50));
    expect(seen).toEqual(["running:40", "completed:100"]);
    expect(source.closed).toBe(true);
  });

  it("re-reads the task over HTTP after a disconnect and reconnects", async () => {
    ScriptedSource.opened = [];
    const seen: string[] = [];
    const reconnecting: boolean[] = [];
    followTask(
      client(async () => task("running", 60)),
      "t1",
      {
        onUpdate: (t) => seen.push(`${t.status}:${t.progress}`),
        onReconnecting: (r) => reconnecting.push(r),
        createEventSource: (url) => new ScriptedSource(url),
        backoffMs: [0],
      },
    );
    ScriptedSource.opened[0]!.fail();
    expect(ScriptedSource.opened[0]!.closed).toBe(true);
    await nextTick();
    await nextTick();
    expect(seen).toEqual(["running:60"]);
    expect(ScriptedSource.opened).toHaveLength(2);
    ScriptedSource.opened[1]!.emit(task("completed", 100));
    expect(seen).toEqual(["running:60", "completed:100"]);
    expect(reconnecting).toEqual([true, false]);
  });

  it("does not miss a terminal state reached while disconnected", async () => {
    ScriptedSource.opened = [];
    const seen: string[] = [];
    followTask(
      client(async () => task("failed")),
      "t1",
      {
        onUpdate: (t) => seen.push(t.status),
        createEventSource: (url) => new ScriptedSource(url),
        backoffMs: [0],
      },
    );
    ScriptedSource.opened[0]!.fail();
    await nextTick();
    await nextTick();
    expect(seen).toEqual(["failed"]);
    expect(ScriptedSource.opened).toHaveLength(1);
  });

  it("stops with an error when the task is gone", async () => {
    ScriptedSource.opened = [];
    const errors: string[] = [];
    followTask(
      client(async () => {
        throw new ApiError("gone", "not_found", 404);
      }),
      "t1",
      {
        onUpdate: () => {},
        onError: (e) => errors.push(e.code),
        createEventSource: (url) => new ScriptedSource(url),
        backoffMs: [0],
      },
    );
    ScriptedSource.opened[0]!.fail();
    await nextTick();
    await nextTick();
    expect(errors).toEqual(["not_found"]);
    expect(ScriptedSource.opened).toHaveLength(1);
  });

  it("stop() prevents any further delivery", () => {
    ScriptedSource.opened = [];
    const seen: string[] = [];
    const stop = followTask(
      client(async () => task("running")),
      "t1",
      {
        onUpdate: (t) => seen.push(t.status),
        createEventSource: (url) => new ScriptedSource(url),
      },
    );
    stop();
    ScriptedSource.opened[0]!.emit(task("running"));
    expect(seen).toEqual([]);
    expect(ScriptedSource.opened[0]!.closed).toBe(true);
  });
});

describe("problem messages", () => {
  it("turns problem+json codes into sentences", () => {
    const e = toApiError(415, JSON.stringify({ code: "unsupported_media_type", detail: "x" }));
    expect(e.message).toMatch(/not supported/);
    expect(e.code).toBe("unsupported_media_type");
    expect(toApiError(422, JSON.stringify({ code: "pdf_no_text" })).message).toMatch(/no text layer/);
  });

  it("falls back on the status for non-JSON bodies and never shows a stack trace", () => {
    expect(toApiError(413, "<html>Request Entity Too Large</html>").message).toMatch(/too large/);
    expect(humanMessage("weird_code", "Error: boom\n    at foo (bar.js:1:1)")).toMatch(
      /Something went wrong/,
    );
    expect(humanMessage("weird_code", "A short server explanation.")).toBe("A short server explanation.");
  });

  it("lists failing fields for validation errors", () => {
    const e = toApiError(
      400,
      JSON.stringify({
        code: "validation_failed",
        errors: [{ path: "sections.basics.email", message: "too long" }],
      }),
    );
    expect(e.message).toContain("sections.basics.email: too long");
  });
});
