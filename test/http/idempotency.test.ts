/**
 * Idempotency-Key: replay, mismatch, owner scope, and 100 concurrent identical
 * requests on real PostgreSQL connections.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  as,
  createHarness,
  type Harness,
  json,
  multipart,
  OWNER_A,
  OWNER_B,
  seedJob,
} from "../support/http.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

type TaskBody = { task: { id: string } };

async function countTasks(where: ReturnType<typeof sql>): Promise<number> {
  const result = await h.ctx.database.db.execute(sql`SELECT count(*)::int AS n FROM tasks WHERE ${where}`);
  return Number((result.rows[0] as { n: number }).n);
}

describe("Idempotency-Key on task-creating POSTs", () => {
  it("replays the same task for the same key and request", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const send = (formats: string[]) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/exports`,
        headers: as(OWNER_A, { "idempotency-key": "export-1" }),
        payload: { formats },
      });
    const first = await send(["pdf", "docx"]);
    expect(first.statusCode).toBe(202);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const again = await send(["docx", "pdf"]); // same request, other order
    expect(again.statusCode).toBe(202);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(json<TaskBody>(again).task.id).toBe(json<TaskBody>(first).task.id);

    const different = await send(["pdf"]);
    expect(different.statusCode).toBe(422);
    expect(json(different)).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("scopes keys to the owner", async () => {
    const a = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const b = await seedJob(h.ctx, OWNER_B, { confirmed: true });
    const post = (owner: string, jobId: string) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${jobId}/optimize`,
        headers: as(owner, { "idempotency-key": "shared-key" }),
        payload: {},
      });
    const ra = await post(OWNER_A, a.id);
    const rb = await post(OWNER_B, b.id);
    expect([ra.statusCode, rb.statusCode]).toEqual([202, 202]);
    expect(json<TaskBody>(ra).task.id).not.toBe(json<TaskBody>(rb).task.id);
  });

  it("creates exactly one task for 100 concurrent identical requests", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        h.app.inject({
          method: "POST",
          url: `/api/v1/jobs/${job.id}/exports`,
          headers: as(OWNER_A, { "idempotency-key": "burst" }),
          payload: { formats: ["pdf"], bundle: false },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(202));
    const ids = new Set(responses.map((r) => json<TaskBody>(r).task.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers["idempotent-replayed"] === "true")).toHaveLength(99);
    expect(await countTasks(sql`job_id = ${job.id}::uuid`)).toBe(1);
  });

  it("makes an upload idempotent: one job and one parse task for 100 concurrent uploads", async () => {
    const owner = "burst-uploader@example.test";
    const file = Buffer.from(JSON.stringify({ basics: { name: "Grace Hopper" } }));
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => {
        const body = multipart("cv.json", file, "application/json");
        return h.app.inject({
          method: "POST",
          url: "/api/v1/jobs",
          headers: as(owner, { ...body.headers, "idempotency-key": "upload-1" }),
          payload: body.payload,
        });
      }),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(202));
    const bodies = responses.map((r) => json<{ job: { id: string }; task: { id: string } }>(r));
    expect(new Set(bodies.map((b) => b.job.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.task.id)).size).toBe(1);
    const jobs = await h.ctx.database.db.execute(
      sql`SELECT count(*)::int AS n FROM jobs WHERE owner_user_id = ${owner}`,
    );
    expect(Number((jobs.rows[0] as { n: number }).n)).toBe(1);
    expect(await countTasks(sql`owner_user_id = ${owner}`)).toBe(1);

    const otherFile = multipart("cv.json", Buffer.from(JSON.stringify({ basics: { name: "Someone Else" } })));
    const reused = await h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: as(owner, { ...otherFile.headers, "idempotency-key": "upload-1" }),
      payload: otherFile.payload,
    });
    expect(reused.statusCode).toBe(422);
    expect(json(reused)).toMatchObject({ code: "idempotency_key_reused" });
  });
});
