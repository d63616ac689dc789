/**
 * The NOTIFY channels of the task engine.
 *
 * NOTIFY is only a hint that makes idle workers react at once; every worker
 * also polls, so a lost notification (listener reconnecting, PgBouncer in
 * transaction mode, which cannot carry LISTEN) costs at most one poll interval.
 */

/** Payload: the task type. Sent on enqueue, delivered at commit. */
export const TASKS_CHANNEL = "resume_agent_tasks";

/** Payload: the task id. Sent when a cancel of a running task is requested. */
export const CANCEL_CHANNEL = "resume_agent_task_cancel";
