/**
 * Structured JSON logs (pino). CV content is never logged: log ids, sizes and
 * codes. Owner ids are hashed so logs can be joined per user without naming one.
 */
import { createHash } from "node:crypto";
import pino, { type Logger } from "pino";

export type { Logger };

export type LoggerOptions = {
  level: string;
  /** Extra fixed fields (e.g. `{ component: "worker" }`). */
  base?: Record<string, unknown>;
  /** Write to this stream instead of stdout (tests). */
  destination?: pino.DestinationStream;
};

/** The paths that may carry CV content or secrets; pino replaces them before serializing. */
const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-auth-proxy-secret"]',
  "sections",
  "*.sections",
  "input_payload",
  "*.input_payload",
  "job_description",
  "*.job_description",
  "resume",
  "*.resume",
  "proposals",
  "*.proposals",
];

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "resume-agent", ...options.base },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

/** A stable, non-reversible id for an owner in logs and metrics labels. */
export function hashOwner(ownerUserId: string): string {
  return createHash("sha256").update(`resume-agent-owner:${ownerUserId}`).digest("hex").slice(0, 16);
}

/** The correlation fields every task log line carries: trace id, hashed owner, task id. */
export function taskLogFields(task: { traceId: string; ownerUserId: string; id: string; taskType?: string }) {
  return {
    trace_id: task.traceId,
    owner: hashOwner(task.ownerUserId),
    task_id: task.id,
    ...(task.taskType ? { task_type: task.taskType } : {}),
  };
}
