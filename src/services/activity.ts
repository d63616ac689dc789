/**
 * A job's activity in plain language: its events grouped per action (one
 * task from queued to its end, or one edit, confirmation, photo change),
 * newest first. Each action carries a message key and its parameters for the
 * client's message table (`activity.<action>.<status>`, e.g.
 * `activity.export.completed` with `{ formats, template }`); trace ids, task
 * ids and attempts are kept apart as details.
 */
import type { JobEventRow } from "../db/schema.js";

export type ActivityStatus = "queued" | "running" | "completed" | "failed" | "canceled" | "done";

export type Activity = {
  id: string;
  action: string;
  status: ActivityStatus;
  message_key: string;
  params: Record<string, unknown>;
  started_at: string;
  updated_at: string;
  details: { task_id: string | null; trace_ids: string[]; attempts: number; events: number };
};

/** Task events, by how far the task got (a later state wins). */
const TASK_STATUS: Record<string, ActivityStatus> = {
  "task.queued": "queued",
  "task.retried": "queued",
  "task.started": "running",
  "task.progress": "running",
  "task.cancel_requested": "running",
  "task.completed": "completed",
  "task.failed": "failed",
  "task.canceled": "canceled",
};

/** What a handler's own event (`export`, `parse`, …) says about its result, as message parameters. */
function resultParams(event: JobEventRow): Record<string, unknown> {
  const p = event.payload;
  const artifacts = Array.isArray(p.artifacts)
    ? (p.artifacts as { kind?: unknown; version?: unknown }[])
    : [];
  return {
    ...(artifacts.length
      ? { formats: artifacts.map((a) => a.kind), versions: artifacts.map((a) => a.version) }
      : {}),
    ...(typeof p.template === "string" ? { template: p.template } : {}),
    ...(typeof p.format === "string" ? { format: p.format } : {}),
  };
}

/** Message parameters of a standalone event (never ids or trace ids). */
function eventParams(event: JobEventRow): Record<string, unknown> {
  const p = event.payload;
  switch (event.eventType) {
    case "job.created":
      return { format: p.format, size_bytes: p.size_bytes };
    case "job.edited":
      return {
        sections: p.sections === true,
        export_settings: p.export_settings === true,
        merged: p.merged ?? 0,
      };
    case "job.confirmed":
      return { acknowledged: p.acknowledged ?? 0 };
    default:
      return {};
  }
}

/** Events (newest first) → actions (newest first). */
export function groupActivity(events: readonly JobEventRow[]): Activity[] {
  const byTask = new Map<string, Activity>();
  const out: Activity[] = [];
  for (const event of events) {
    const at = event.createdAt.toISOString();
    const taskStatus = TASK_STATUS[event.eventType];
    if (event.taskId) {
      let action = byTask.get(event.taskId);
      if (!action) {
        action = {
          id: event.taskId,
          action: typeof event.payload.task_type === "string" ? event.payload.task_type : "task",
          status: taskStatus ?? "running",
          message_key: "",
          params: {},
          started_at: at,
          updated_at: at,
          details: { task_id: event.taskId, trace_ids: [], attempts: 0, events: 0 },
        };
        byTask.set(event.taskId, action);
        out.push(action);
      }
      // Newest first: the first status seen is the latest; earlier events only move the start back.
      action.started_at = at;
      action.details.events++;
      if (!action.details.trace_ids.includes(event.traceId)) action.details.trace_ids.push(event.traceId);
      const attempt = Number(event.payload.attempt);
      if (Number.isSafeInteger(attempt)) action.details.attempts = Math.max(action.details.attempts, attempt);
      if (typeof event.payload.task_type === "string" && action.action === "task")
        action.action = event.payload.task_type;
      if (!taskStatus) Object.assign(action.params, resultParams(event));
      if (event.eventType === "task.failed" && typeof event.payload.error_code === "string")
        action.params.error_code = event.payload.error_code;
      continue;
    }
    out.push({
      id: `event-${event.id}`,
      action: event.eventType.replace(/^job\./, ""),
      status: "done",
      message_key: "",
      params: eventParams(event),
      started_at: at,
      updated_at: at,
      details: { task_id: null, trace_ids: [event.traceId], attempts: 0, events: 1 },
    });
  }
  for (const action of out) action.message_key = `activity.${action.action}.${action.status}`;
  return out;
}
