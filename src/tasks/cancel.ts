/**
 * Cancel a task on behalf of its owner.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../db/client.js";
import { isUuid } from "../db/repositories/ids.js";
import { AppError, notFound } from "../errors.js";
import { CANCEL_CHANNEL } from "./notify-channels.js";
import { requestCancelSql } from "./sql/request-cancel.js";

export type CancelResult = {
  /** `canceled`: it was queued and is now canceled; `cancel_requested`: its worker will abort it. */
  action: "canceled" | "cancel_requested" | "already_requested";
  status: string;
};

/**
 * Cancel a queued task at once, or ask the worker running it to abort.
 *
 * Run it in the owner's transaction (`withOwner`). Another owner's task is
 * `not_found`, like a missing one; a finished task is `task_not_cancelable`
 * (a canceled one is returned as is, so repeating a cancel is harmless). The
 * worker holding a running task hears the NOTIFY at commit and aborts the
 * handler; without it, the next heartbeat carries the request.
 * A handler that returns successfully before it notices still completes (its work is
 * done); one that reaches `ctx.fencedTransaction` after the request can commit nothing.
 */
export async function requestCancel(
  tx: Tx,
  input: { taskId: string; ownerUserId: string; now?: Date | undefined },
): Promise<CancelResult> {
  if (!isUuid(input.taskId)) throw notFound("task");
  const outcome = await requestCancelSql(tx, input);
  if (!outcome.found) throw notFound("task");
  if (outcome.action === "canceled") return { action: "canceled", status: "canceled" };
  if (outcome.action === "cancel_requested") {
    await tx.execute(sql`SELECT pg_notify(${CANCEL_CHANNEL}, ${input.taskId})`);
    return { action: "cancel_requested", status: outcome.status };
  }
  if (outcome.status === "canceled" || outcome.status === "running" || outcome.status === "queued") {
    return { action: "already_requested", status: outcome.status };
  }
  throw new AppError(
    "task_not_cancelable",
    `the task has already ${outcome.status === "failed" ? "failed" : "completed"}`,
  );
}
