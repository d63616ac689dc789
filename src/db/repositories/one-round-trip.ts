/**
 * The hottest single-statement calls, each its own transaction in one round
 * trip (see `runOwnerStatement`), for callers that do not already hold a
 * transaction: a request creating its task, a retried request replaying its
 * idempotency key, a standalone version allocation, a client polling a task.
 * Inside a larger transaction use the repository methods instead; these run
 * the same SQL.
 */

import { sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { withOwner } from "../owner-scope.js";
import { runOwnerStatement } from "../owner-statement.js";
import { type ArtifactKind, type TaskRow, tasks } from "../schema.js";
import { allocateVersionStatement, readAllocatedVersion } from "./artifact-repository.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { mapFirst } from "./row-mapping.js";
import {
  createTaskStatement,
  resolveCreateTask,
  type TaskCreate,
  type TaskCreateResult,
  TaskRepository,
} from "./task-repository.js";

/** `ArtifactRepository.allocateVersion` as its own transaction, in one round trip. */
export async function allocateVersionNow(
  database: Database,
  jobId: string,
  kind: ArtifactKind,
  language: string,
  owner: string,
): Promise<number> {
  return readAllocatedVersion(
    await runOwnerStatement(database, owner, allocateVersionStatement(jobId, kind, language, owner)),
  );
}

/**
 * `TaskRepository.create` as its own transaction: one round trip when the key
 * is new or was already used; a second transaction only when a concurrent
 * caller with the same key committed mid-statement or the job is not found.
 * It writes the task row only: to enqueue work use the task engine's
 * `enqueueTask`, which also records `task.queued` and wakes the workers.
 */
export async function createTaskNow(database: Database, input: TaskCreate): Promise<TaskCreateResult> {
  const { statement, requestHash } = createTaskStatement(input);
  let rows: Record<string, unknown>[];
  try {
    rows = await runOwnerStatement(database, input.owner_user_id, statement);
  } catch (error) {
    rethrowInputError(error);
  }
  return resolveCreateTask(rows, requestHash, () =>
    withOwner(database, input.owner_user_id, (tx) =>
      new TaskRepository(tx).settleConflict(input, requestHash),
    ),
  );
}

/** `TaskRepository.findById` in one round trip: the status poll of a client. */
export async function findTaskNow(database: Database, id: string, owner: string): Promise<TaskRow | null> {
  if (!isUuid(id)) return null;
  const rows = await runOwnerStatement(
    database,
    owner,
    sql`SELECT * FROM tasks WHERE id = ${id}::uuid AND owner_user_id = ${owner}`,
  );
  return mapFirst(tasks, rows);
}
