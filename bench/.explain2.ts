import { randomUUID } from "node:crypto";
import { createTestDatabase } from "../test/support/database.js";
import { insertTasksBriefStatement } from "../src/tasks/sql/insert-tasks.js";
const t = await createTestDatabase({ engine: "postgres", poolMax: 2 });
const c = await t.database.pool!.connect();
await c.query("SET ROLE resume_agent_app; SET app.owner_user_id = 'o'");
for (let round = 0; round < 2; round++) {
  const items = Array.from({ length: 5000 }, (_, i) => ({ job_id: null, owner_user_id: "o", idempotency_key: `k${round}-${i}`, task_type: "b.noop", input_payload: { i: String(i) }, trace_id: randomUUID(), max_attempts: 3, priority: 0, run_at: null, spacing_ms: 1000 }));
  await c.query("BEGIN");
  const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${insertTasksBriefStatement.text.replace("$1::jsonb", "$1::jsonb").replace("$2", "'ch'")}`, [JSON.stringify(items)]);
  if (round === 1) console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
  await c.query("COMMIT");
}
c.release();
await t.drop();
