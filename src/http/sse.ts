/**
 * Server-Sent Events for one task: an `event: task` with the task JSON
 * whenever it changes, ending when the task is finished.
 *
 * Changes are found by re-reading the row (cheap primary-key lookup): every
 * `pollIntervalMs` while it changes, backing off to `maxPollIntervalMs` while it
 * does not (a task waiting in a long queue), and back to the short interval on
 * the next change; a `: ping` comment keeps idle proxies from closing the stream. A
 * database outage pauses the stream instead of ending it, so a client's view
 * recovers with the database.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { TaskRow } from "../db/schema.js";
import { TERMINAL_STATUSES } from "../task-states.js";
import { presentTask } from "./presenters.js";

export type TaskStreamOptions = {
  load: () => Promise<TaskRow>;
  first: TaskRow;
  pollIntervalMs: number;
  /** The longest wait between reads while the task does not change. */
  maxPollIntervalMs?: number;
  heartbeatMs: number;
  shutdown: AbortSignal;
};

/** Take over the response and stream the task until it ends or the client leaves. */
export async function streamTask(
  request: FastifyRequest,
  reply: FastifyReply,
  options: TaskStreamOptions,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = String(value);
  }
  raw.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });

  const closed = new AbortController();
  const onClose = () => closed.abort();
  raw.on("close", onClose);
  options.shutdown.addEventListener("abort", onClose, { once: true });

  // Ask EventSource clients to reconnect after 2 s if the stream drops.
  raw.write("retry: 2000\n\n");
  let eventId = 0;
  const send = (task: TaskRow) => {
    eventId += 1;
    raw.write(`id: ${eventId}\nevent: task\ndata: ${JSON.stringify(presentTask(task))}\n\n`);
  };

  let last = options.first;
  send(last);
  let sinceBeat = 0;
  let interval = options.pollIntervalMs;
  const maxInterval = Math.max(options.pollIntervalMs, options.maxPollIntervalMs ?? options.pollIntervalMs);
  try {
    while (!closed.signal.aborted && !TERMINAL_STATUSES.has(last.status)) {
      await sleep(interval, closed.signal);
      if (closed.signal.aborted) break;
      sinceBeat += interval;
      try {
        const next = await options.load();
        if (next.updatedAt.getTime() !== last.updatedAt.getTime() || next.status !== last.status) {
          last = next;
          send(next);
          sinceBeat = 0;
          interval = options.pollIntervalMs;
        } else {
          interval = Math.min(maxInterval, Math.round(interval * 1.5));
        }
      } catch (error) {
        // Deleted with its job (not_found) ends the stream; an outage only pauses it.
        if ((error as { code?: string }).code === "not_found") break;
        request.log.warn({ err: error }, "task stream poll failed; retrying");
      }
      if (sinceBeat >= options.heartbeatMs) {
        raw.write(": ping\n\n");
        sinceBeat = 0;
      }
    }
  } finally {
    raw.off("close", onClose);
    options.shutdown.removeEventListener("abort", onClose);
    if (!raw.writableEnded) raw.end();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
