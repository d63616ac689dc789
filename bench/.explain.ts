import { randomUUID } from "node:crypto";
import { z } from "zod";
import { enqueueTasksNow } from "../src/tasks/enqueue.js";
import { createHandlerRegistry } from "../src/tasks/registry.js";
import { claimTasksStatement } from "../src/tasks/sql/claim-tasks.js";
import { completeTasksStatement } from "../src/tasks/sql/complete-tasks.js";
import { defineHandler } from "../src/tasks/types.js";
import { createTestDatabase } from "../test/support/database.js";

const h = defineHandler({
  type: "b.noop",
  input: z.object({ i: z.number() }),
  timeoutMs: 60000,
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
  run: async () => ({}),
});
const registry = createHandlerRegistry([h]);
const t = await createTestDatabase({ engine: "postgres", poolMax: 2 });
await enqueueTasksNow(
  t.database,
  registry,
  Array.from({ length: 20000 }, (_, i) => ({
    job_id: null,
    owner_user_id: "o",
    idempotency_key: `k${i}`,
    task_type: h.type,
    input_payload: { i },
    trace_id: randomUUID(),
  })),
);
const c = await t.database.pool!.connect();
await c.query(
  "SET ROLE resume_agent_app; SET app.system = 'on'; SET enable_bitmapscan = off; SET enable_sort = off",
);
for (let round = 0; round < 3; round++) {
  await c.query("BEGIN");
  const claim = await c.query(
    `EXPLAIN (ANALYZE, BUFFERS, WAL, FORMAT TEXT) ${claimTasksStatement.text}`
      .replace(/\$1::timestamptz/g, "NULL::timestamptz")
      .replace(/\$2::text\[\]/g, "'{b.noop}'::text[]")
      .replace(/\$3::bigint\[\]/g, "'{60000}'::bigint[]")
      .replace(/\$4/g, "17")
      .replace(/\$5/g, "'w'")
      .replace(/\$6::double precision/g, "30::double precision"),
  );
  if (round === 2) console.log(claim.rows.map((r) => r["QUERY PLAN"]).join("\n"));
  await c.query("COMMIT");
  const running = await c.query(
    "SELECT id, lease_token FROM tasks WHERE status = 'running' AND worker_id = 'w' AND finished_at IS NULL LIMIT 17",
  );
  const input = JSON.stringify(
    running.rows.map((r) => ({ id: r.id, lease_token: r.lease_token, result: {} })),
  );
  const comp = await c.query(
    `EXPLAIN (ANALYZE, BUFFERS, WAL, FORMAT JSON) ${completeTasksStatement.text}`
      .replace(/\$1::timestamptz/g, "NULL::timestamptz")
      .replace(/\$2::jsonb/g, `'${input}'::jsonb`),
  );
  const p2 = comp.rows[0]["QUERY PLAN"][0];
  console.log(
    "complete ms",
    p2["Execution Time"],
    "plan ms",
    p2["Planning Time"],
    "wal",
    p2.Plan["WAL Bytes"],
    "walrecs",
    p2.Plan["WAL Records"],
    "fpi",
    p2.Plan["WAL FPI"],
  );
}
c.release();
await t.drop();
