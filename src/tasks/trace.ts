/**
 * Trace ids for tasks and job events.
 *
 * A trace starts at an HTTP request. When the caller sent a W3C
 * `traceparent`, its 128-bit trace id is kept (as a UUID, the column type) so
 * one export can be followed from the caller's trace through the task, its
 * retries and its job events; otherwise a fresh random one is made.
 */
import { randomUUID } from "node:crypto";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The trace id of a valid W3C `traceparent` header as a UUID, or undefined. */
export function traceIdFromTraceparent(header: string | undefined | null): string | undefined {
  const match = TRACEPARENT.exec((header ?? "").trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentId] = match as unknown as [string, string, string, string];
  // Version ff is forbidden; all-zero ids are invalid; version 00 allows nothing after the flags.
  if (version === "ff" || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  if (version === "00" && match[5] !== undefined) return undefined;
  return `${traceId.slice(0, 8)}-${traceId.slice(8, 12)}-${traceId.slice(12, 16)}-${traceId.slice(16, 20)}-${traceId.slice(20)}`;
}

/** The trace id for a new trace: the caller's when it sent a valid `traceparent`, else random. */
export function startTrace(traceparent?: string | null): string {
  return traceIdFromTraceparent(traceparent) ?? randomUUID();
}
