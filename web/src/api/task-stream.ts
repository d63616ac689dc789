/**
 * Follows a task live through Server-Sent Events (`GET /tasks/{id}/events`,
 * event `task` with the Task JSON on every change).
 *
 * Disconnects are expected (proxies, sleeping laptops, server restarts): on
 * any stream error the task is re-read over plain HTTP, so a terminal state
 * reached while disconnected is never missed, and the stream is reopened
 * with capped exponential backoff until the task ends or `stop()` is called.
 */
import type { ApiClient } from "./client.js";
import { ApiError } from "./problem.js";
import { isTerminal, type Task } from "./types.js";

type EventSourceLike = {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
};

export type TaskStreamOptions = {
  onUpdate(task: Task): void;
  /** Called with a human message when the task cannot be followed (e.g. it was deleted). */
  onError?(error: ApiError): void;
  /** Called with true while the live connection is down and being retried. */
  onReconnecting?(reconnecting: boolean): void;
  createEventSource?: (url: string) => EventSourceLike;
  /** Backoff schedule in ms; retries use the last value once the list runs out. */
  backoffMs?: readonly number[];
};

/** Starts following `taskId`; returns a function that stops it. */
export function followTask(client: ApiClient, taskId: string, options: TaskStreamOptions): () => void {
  const create = options.createEventSource ?? ((url: string) => new EventSource(url));
  const backoff = options.backoffMs ?? [500, 1000, 2000, 4000, 8000];
  let source: EventSourceLike | null = null;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    source?.close();
    source = null;
  };

  const deliver = (task: Task) => {
    if (stopped) return;
    options.onUpdate(task);
    if (isTerminal(task)) stop();
  };

  const open = () => {
    if (stopped) return;
    const es = create(client.taskEventsUrl(taskId));
    source = es;
    es.addEventListener("task", (event) => {
      if (failures > 0) options.onReconnecting?.(false);
      failures = 0;
      try {
        deliver(JSON.parse(event.data) as Task);
      } catch {
        // A malformed frame is skipped; the next change or the HTTP re-read corrects it.
      }
    });
    es.onerror = () => {
      if (stopped) return;
      es.close();
      if (source === es) source = null;
      failures += 1;
      options.onReconnecting?.(true);
      void recover();
    };
  };

  const recover = async () => {
    try {
      const task = await client.getTask(taskId);
      deliver(task);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        options.onError?.(error);
        stop();
        return;
      }
      // Unreachable server: keep retrying on the backoff schedule.
    }
    if (stopped) return;
    const delay = backoff[Math.min(failures - 1, backoff.length - 1)] ?? 1000;
    timer = setTimeout(open, delay);
  };

  open();
  return stop;
}
