/**
 * W3C trace context: every request gets a trace id.
 *
 * An incoming valid `traceparent` keeps its trace id; otherwise a new one is
 * made. The response carries `traceparent` (our span as the parent) and
 * `x-trace-id`. The id is stored on the tasks and job events a request
 * creates, in UUID form (the same 128 bits), so one export can be followed from
 * the click to the artifact.
 */
import { randomUUID } from "node:crypto";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export type TraceContext = {
  /** 32 lowercase hex characters. */
  traceIdHex: string;
  /** The same id as a UUID, as stored in `trace_id` columns. */
  traceId: string;
  /** This request's span id (16 hex). */
  spanId: string;
  sampled: boolean;
};

/** Parse a `traceparent` header; null when absent or invalid (all-zero ids are invalid). */
export function parseTraceparent(
  header: string | undefined,
): { traceIdHex: string; sampled: boolean } | null {
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!match) return null;
  const [, version, traceIdHex, parentId, flags] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version === "ff" || /^0+$/.test(traceIdHex) || /^0+$/.test(parentId)) return null;
  return { traceIdHex, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** The trace for a request: continue the caller's trace or start one. */
export function traceFromHeader(header: string | undefined): TraceContext {
  const parent = parseTraceparent(header);
  // randomUUID draws from a cached entropy pool: far cheaper per request than randomBytes.
  const traceIdHex = parent?.traceIdHex ?? randomUUID().replaceAll("-", "");
  return {
    traceIdHex,
    traceId: hexToUuid(traceIdHex),
    spanId: randomUUID().replaceAll("-", "").slice(16),
    sampled: parent?.sampled ?? true,
  };
}

/** The `traceparent` value naming this request's span. */
export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceIdHex}-${trace.spanId}-${trace.sampled ? "01" : "00"}`;
}

export function hexToUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
