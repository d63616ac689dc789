/**
 * Enqueue many tasks in one statement: idempotent insert, fair order,
 * `task.queued` events and one NOTIFY.
 *
 * Shape, and why:
 * - The tasks arrive as parallel arrays, one parameter per column however
 *   many tasks there are (`columnsOf`); `ord` keeps their order. Arrays are
 *   cheaper to take apart than one JSON array of objects (`json_to_recordset`
 *   built a hash table per task: a sixth of a bulk enqueue's database time).
 * - A task bound to a job is inserted only if the job is the owner's:
 *   foreign-key checks ignore row-level security, so without this guard a
 *   caller could hang tasks on another owner's job.
 * - `ON CONFLICT (owner_user_id, idempotency_key) DO NOTHING` makes a
 *   repeated key return the task it made before; whether the repeat asks for
 *   the same thing is decided here by comparing task type, job and payload
 *   (`jsonb` equality ignores key order), so nothing is hashed in Node.
 *   `request_hash` is still filled, in SQL, for readers of the column.
 * - Fair order: each task gets `fair_at = greatest(now, the owner's last
 *   queued fair_at + spacing)`, and an owner's tasks in one batch follow each
 *   other `spacing_ms` apart (their offsets are summed in Node, `columnsOf`). The claim takes tasks by `fair_at`, so an
 *   owner who queues 2,000 exports at once has them spread over the next
 *   2,000 spacings, and another owner's task queued a moment later lands
 *   near the front instead of behind all of them (a virtual clock per
 *   owner; an idle owner starts again at now and accumulates no credit).
 * - Task ids are made in Node and start with the time (`timeOrderedId`).
 * - `clocks` is MATERIALIZED: inlined, the owner's last fair_at was looked
 *   up once per task instead of once per owner.
 * - Job events and the NOTIFY ride on the same statement, so a task exists
 *   with its audit trail or not at all, and workers are woken at commit.
 * - Existing tasks are looked up only when some key was not inserted (a
 *   condition evaluated once, so a batch of new keys skips that join).
 * - The brief form (bulk callers) keeps only the columns the events and the
 *   answer need from the inserted rows, not every payload.
 * Rows come back with `created`, `same_request` and `ord`; a task that did
 * not come back (its job is not the owner's, or a concurrent insert of the
 * same key committed after this statement's snapshot) is settled by the caller.
 */
import { randomUUID } from "node:crypto";
import type { Exec, Statement } from "./exec.js";

export type TaskInsert = {
  job_id: string | null;
  owner_user_id: string;
  idempotency_key: string;
  task_type: string;
  input_payload: Record<string, unknown>;
  trace_id: string;
  max_attempts: number;
  priority: number;
  run_at: string | null;
  spacing_ms: number;
};

export const insertTasksStatement: Statement = {
  name: "ra.tasks.insert",
  // One plan per connection: the shape never depends on the batch (see claim-tasks.ts).
  settings: { plan_cache_mode: "force_generic_plan" },
  text: `
    WITH input AS (
      SELECT i.id, i.job_id, i.owner_user_id, i.idempotency_key, i.task_type, i.input_payload::jsonb AS input_payload,
             i.trace_id, i.max_attempts, i.priority, i.run_at, i.offset_ms, i.first_spacing_ms, i.ord
      FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::int[],
                  $9::smallint[], $10::timestamptz[], $11::double precision[], $12::double precision[])
           WITH ORDINALITY AS i(id, job_id, owner_user_id, idempotency_key, task_type, input_payload, trace_id,
                                max_attempts, priority, run_at, offset_ms, first_spacing_ms, ord)
    ),
    clocks AS MATERIALIZED (
      SELECT o.owner_user_id,
             (SELECT max(t.fair_at) FROM tasks t WHERE t.owner_user_id = o.owner_user_id AND t.status = 'queued') AS last_fair_at
      FROM (SELECT DISTINCT owner_user_id FROM input) o
    ),
    inserted AS (
      INSERT INTO tasks (id, job_id, owner_user_id, idempotency_key, request_hash, task_type, input_payload, trace_id,
                         max_attempts, priority, run_at, fair_at)
      SELECT i.id, i.job_id, i.owner_user_id, i.idempotency_key,
             encode(sha256(convert_to(i.task_type || '|' || coalesce(i.job_id::text, '') || '|' || i.input_payload::text, 'UTF8')), 'hex'),
             i.task_type, i.input_payload, i.trace_id, i.max_attempts, i.priority, coalesce(i.run_at, now()),
             greatest(coalesce(i.run_at, now()),
                      greatest(now(), c.last_fair_at + i.first_spacing_ms * interval '1 millisecond')
                        + i.offset_ms * interval '1 millisecond')
      FROM input i JOIN clocks c USING (owner_user_id)
      WHERE i.job_id IS NULL
         OR EXISTS (SELECT 1 FROM jobs j WHERE j.id = i.job_id AND j.owner_user_id = i.owner_user_id)
      ORDER BY i.ord
      ON CONFLICT (owner_user_id, idempotency_key) DO NOTHING
      RETURNING *
    ),
    queued_events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.queued',
             jsonb_build_object('task_type', task_type, 'max_attempts', max_attempts,
                                'run_at', to_char(run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      FROM inserted
      WHERE job_id IS NOT NULL
    ),
    notified AS (
      SELECT pg_notify($13, '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_inserted
    ),
    results AS (
      SELECT x.*, true AS created, true AS same_request, i.ord
      FROM inserted x JOIN input i ON i.owner_user_id = x.owner_user_id AND i.idempotency_key = x.idempotency_key
      UNION ALL
      SELECT t.*, false, (t.task_type = i.task_type AND t.job_id IS NOT DISTINCT FROM i.job_id
                          AND t.input_payload = i.input_payload), i.ord
      FROM input i JOIN tasks t ON t.owner_user_id = i.owner_user_id AND t.idempotency_key = i.idempotency_key
      WHERE NOT EXISTS (SELECT 1 FROM inserted x
                        WHERE x.owner_user_id = i.owner_user_id AND x.idempotency_key = i.idempotency_key)
        AND (SELECT count(*) FROM inserted) < (SELECT count(*) FROM input)
    )
    SELECT r.*, (SELECT count(*) FROM notified) AS notified FROM results r`,
};

/** The same statement answering only `id`, `created`, `same_request` and `ord` (bulk callers). */
export const insertTasksBriefStatement: Statement = {
  name: "ra.tasks.insert-brief",
  settings: insertTasksStatement.settings,
  text: insertTasksStatement.text
    .replace(
      "RETURNING *",
      "RETURNING id, job_id, owner_user_id, idempotency_key, trace_id, task_type, max_attempts, run_at",
    )
    .replace("SELECT x.*, true AS created", "SELECT x.id, true AS created")
    .replace("SELECT t.*, false,", "SELECT t.id, false,"),
};

/**
 * The same insert for exactly one task, with plain parameters: a single enqueue (the API's path)
 * does not pay for unpacking a JSON array, window functions and joins over a batch of one.
 */
export const insertOneTaskStatement: Statement = {
  name: "ra.tasks.insert-one",
  settings: insertTasksStatement.settings,
  text: `
    WITH clock AS MATERIALIZED (
      SELECT max(t.fair_at) AS last_fair_at FROM tasks t WHERE t.owner_user_id = $2 AND t.status = 'queued'
    ),
    inserted AS (
      INSERT INTO tasks (id, job_id, owner_user_id, idempotency_key, request_hash, task_type, input_payload, trace_id,
                         max_attempts, priority, run_at, fair_at)
      SELECT $12::uuid, $1::uuid, $2, $3,
             encode(sha256(convert_to($4 || '|' || coalesce($1::uuid::text, '') || '|' || $5::jsonb::text, 'UTF8')), 'hex'),
             $4, $5::jsonb, $6::uuid, $7::int, $8::smallint, coalesce($9::timestamptz, now()),
             greatest(coalesce($9::timestamptz, now()),
                      greatest(now(), c.last_fair_at + $10::double precision * interval '1 millisecond'))
      FROM clock c
      WHERE $1::uuid IS NULL OR EXISTS (SELECT 1 FROM jobs j WHERE j.id = $1::uuid AND j.owner_user_id = $2)
      ON CONFLICT (owner_user_id, idempotency_key) DO NOTHING
      RETURNING *
    ),
    queued_event AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.queued',
             jsonb_build_object('task_type', task_type, 'max_attempts', max_attempts,
                                'run_at', to_char(run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      FROM inserted
      WHERE job_id IS NOT NULL
    ),
    notified AS (
      SELECT pg_notify($11, '') FROM inserted
    )
    SELECT x.*, true AS created, true AS same_request, 1 AS ord, (SELECT count(*) FROM notified) AS notified
    FROM inserted x
    UNION ALL
    SELECT t.*, false, (t.task_type = $4 AND t.job_id IS NOT DISTINCT FROM $1::uuid AND t.input_payload = $5::jsonb),
           1, 0
    FROM tasks t
    WHERE t.owner_user_id = $2 AND t.idempotency_key = $3 AND NOT EXISTS (SELECT 1 FROM inserted)`,
};

/** Insert `tasks` (distinct keys per owner); returns one row per task that could be decided. */
export function insertTasks(exec: Exec, tasks: readonly TaskInsert[], channel: string, brief = false) {
  const only = tasks.length === 1 ? tasks[0] : undefined;
  if (only) {
    return exec(insertOneTaskStatement, [
      only.job_id,
      only.owner_user_id,
      only.idempotency_key,
      only.task_type,
      JSON.stringify(only.input_payload),
      only.trace_id,
      only.max_attempts,
      only.priority,
      only.run_at,
      only.spacing_ms,
      channel,
      timeOrderedId(),
    ]);
  }
  return exec(brief ? insertTasksBriefStatement : insertTasksStatement, [...columnsOf(tasks), channel]);
}

/**
 * The tasks as the statement's parallel arrays (one per column, each row's id made here), with
 * each task's place on its owner's fair clock within the batch: `offset_ms` (the spacings of the
 * owner's earlier tasks in the batch) and `first_spacing_ms` (the spacing of the owner's first
 * task, the step after the owner's last queued task). Summed here in one pass rather than by
 * window functions in SQL.
 */
function columnsOf(tasks: readonly TaskInsert[]): unknown[] {
  const clocks = new Map<string, { offset: number; first: number }>();
  const offsets = new Array<number>(tasks.length);
  const firsts = new Array<number>(tasks.length);
  tasks.forEach((t, i) => {
    let clock = clocks.get(t.owner_user_id);
    if (!clock) {
      clock = { offset: 0, first: t.spacing_ms };
      clocks.set(t.owner_user_id, clock);
    }
    offsets[i] = clock.offset;
    firsts[i] = clock.first;
    clock.offset += t.spacing_ms;
  });
  // Ids, numbers and times never need quoting: their literals are joined here, sparing the driver
  // two escaping passes per element; the text columns go to the driver as arrays.
  return [
    plainArrayLiteral(tasks.map(() => timeOrderedId())),
    plainArrayLiteral(tasks.map((t) => t.job_id)),
    tasks.map((t) => t.owner_user_id),
    tasks.map((t) => t.idempotency_key),
    tasks.map((t) => t.task_type),
    tasks.map((t) => JSON.stringify(t.input_payload)),
    plainArrayLiteral(tasks.map((t) => t.trace_id)),
    plainArrayLiteral(tasks.map((t) => t.max_attempts)),
    plainArrayLiteral(tasks.map((t) => t.priority)),
    plainArrayLiteral(tasks.map((t) => t.run_at)),
    plainArrayLiteral(offsets),
    plainArrayLiteral(firsts),
  ];
}

/** `{a,b,NULL}` for values that need no quoting in an array literal (uuids, numbers, ISO times). */
function plainArrayLiteral(values: readonly unknown[]): string {
  const items = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) items[i] = "NULL";
    else if (typeof v === "number" && Number.isFinite(v)) items[i] = String(v);
    else if (typeof v === "string" && PLAIN.test(v)) items[i] = v;
    else throw new Error(`not a plain array element: ${String(v)}`);
  }
  return `{${items.join(",")}}`;
}

const PLAIN = /^[0-9A-Za-z:.+-]+$/;

/**
 * A task id that starts with the time in milliseconds (the rest is a random UUID's, version and
 * variant bits included), so a batch lands on neighbouring pages of the primary key instead of
 * dirtying a random page per task. Made here: per row in SQL, the strong random source and the
 * text surgery cost a twentieth of a bulk enqueue's database time.
 */
export function timeOrderedId(): string {
  const time = Date.now().toString(16).padStart(12, "0");
  // randomUUID(): xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx; from index 13 on it is "-4xxx-yxxx-…".
  return `${time.slice(0, 8)}-${time.slice(8, 12)}${randomUUID().slice(13)}`;
}
