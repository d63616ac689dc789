/**
 * The task state machine's states: the one list the database's CHECK
 * constraint, the engine, the API schema and the web client all read.
 *
 *   queued ──claim──▶ running ──▶ completed
 *     ▲                 │  └────▶ failed    (permanent error, or no attempt left)
 *     └──retry/lease────┘  └────▶ canceled  (also straight from queued)
 */
export const TASK_STATUSES = ["queued", "running", "completed", "failed", "canceled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** States a task never leaves. */
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(["completed", "failed", "canceled"]);

/** A job's parse outcome, as stored on the job. */
export const JOB_PARSE_STATUSES = ["pending", "parsed", "failed"] as const;
export type JobParseStatus = (typeof JOB_PARSE_STATUSES)[number];
