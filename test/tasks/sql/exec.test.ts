import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROLE } from "../../../src/db/owner-scope.js";
import { claimTasksStatement } from "../../../src/tasks/sql/claim-tasks.js";
import { completeTasksStatement } from "../../../src/tasks/sql/complete-tasks.js";
import type { Statement } from "../../../src/tasks/sql/exec.js";
import { heartbeatTasksStatement } from "../../../src/tasks/sql/heartbeat-tasks.js";
import { releaseTasksStatement } from "../../../src/tasks/sql/release-tasks.js";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  type TestDatabase,
} from "../../support/database.js";

const onPostgres = await hasPostgres();
if (!onPostgres) noteSkippedWithoutPostgres("plans of the batch statements");

type PlanNode = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

// A batch of two held tasks, as each statement takes it (ids, tokens, then its own values).
const batches: [string, Statement, (ids: string[], tokens: string[]) => unknown[]][] = [
  ["complete", completeTasksStatement, (ids, tokens) => [null, ids, tokens, ids.map(() => "{}")]],
  ["heartbeat", heartbeatTasksStatement, (ids, tokens) => [null, ids, tokens, 30]],
  ["release", releaseTasksStatement, (ids, tokens) => [null, ids, tokens]],
];

describe.skipIf(!onPostgres)("statements that join a batch to its tasks", () => {
  let testDb: TestDatabase;
  let client: pg.Client;
  let held: { id: string; lease_token: string }[];

  beforeAll(async () => {
    testDb = await createTestDatabase({ engine: "postgres" });
    client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    // Many running tasks: a plan that reads the running-task index reads all of them per batch.
    await client.query(`
      INSERT INTO tasks (owner_user_id, idempotency_key, request_hash, task_type, status, trace_id,
                         lease_token, lease_expires_at, worker_id, started_at, attempts)
      SELECT 'owner-a', 'k' || i, 'h', 'export', 'running', gen_random_uuid(),
             gen_random_uuid(), now() + interval '30 seconds', 'worker-1', now(), 1
      FROM generate_series(1, 2000) AS i`);
    // And a backlog of queued ones, which the claim's candidates come from.
    await client.query(`
      INSERT INTO tasks (owner_user_id, idempotency_key, request_hash, task_type, trace_id)
      SELECT 'owner-a', 'q' || i, 'h', 'export', gen_random_uuid()
      FROM generate_series(1, 2000) AS i`);
    await client.query("ANALYZE tasks");
    held = (await client.query("SELECT id, lease_token FROM tasks LIMIT 2")).rows;
  });
  afterAll(async () => {
    await client?.end();
    await testDb?.drop();
  });

  /** The plan of `statement` with `args`, as the worker's connection would plan it (under `role`). */
  async function planOf(statement: Statement, args: unknown[], role: "app" | "table owner" = "app") {
    await client.query("BEGIN");
    try {
      if (role === "app") {
        await client.query(
          `SELECT set_config('role', '${APP_ROLE}', true), set_config('app.system', 'on', true)`,
        );
      }
      for (const [key, value] of Object.entries(statement.settings ?? {})) {
        await client.query("SELECT set_config($1, $2, true)", [key, value]);
      }
      await client.query(`PREPARE planned AS ${statement.text}`);
      const literals = args.map((v) =>
        v === null
          ? "NULL"
          : Array.isArray(v)
            ? pg.escapeLiteral(`{${v.map((x) => `"${String(x).replace(/"/g, '\\"')}"`).join(",")}}`)
            : typeof v === "string"
              ? pg.escapeLiteral(v)
              : String(v),
      );
      const explained = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE planned(${literals.join(", ")})`);
      return nodes(explained.rows[0]["QUERY PLAN"][0].Plan as PlanNode);
    } finally {
      await client.query("ROLLBACK");
      await client.query("DEALLOCATE ALL");
    }
  }

  it.each(batches)(
    "%s finds each task by primary key, however many are running",
    async (_, statement, values) => {
      const plan = await planOf(
        statement,
        values(
          held.map((h) => h.id),
          held.map((h) => h.lease_token),
        ),
      );
      const onTasks = plan.filter((n) => n["Relation Name"] === "tasks");
      expect(onTasks.map((n) => [n["Node Type"], n["Index Name"]])).toContainEqual([
        "Index Scan",
        "tasks_pkey",
      ]);
      expect(
        onTasks.filter((n) => n["Index Name"] !== "tasks_pkey" && n["Node Type"] !== "ModifyTable"),
      ).toEqual([]);
      expect(plan.map((n) => n["Node Type"])).not.toContain("Hash Join");
    },
  );

  // The claim's estimate of how many candidates come back is a guess (an unknown LIMIT, unknown task
  // types, and under row-level security the policy's own selectivity). Planned without the policy
  // (as the table's owner, who bypasses it), the old claim hashed every row of tasks per claim.
  it.each(["app", "table owner"] as const)(
    "the claim walks the queued index and updates its candidates by primary key (as %s)",
    async (role) => {
      const plan = await planOf(claimTasksStatement, [null, ["export"], [60_000], 16, "worker-1", 30], role);
      const onTasks = plan.filter((n) => n["Relation Name"] === "tasks" && n["Node Type"] !== "ModifyTable");
      expect(onTasks.map((n) => [n["Node Type"], n["Index Name"]]).sort()).toEqual([
        ["Index Scan", "tasks_pkey"],
        ["Index Scan", "tasks_queued_fair_idx"],
      ]);
      expect(plan.map((n) => n["Node Type"])).not.toContain("Hash Join");
    },
  );
});
