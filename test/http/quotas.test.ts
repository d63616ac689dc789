/**
 * Per-owner quotas: CVs kept, bytes stored and open event streams are bounded and configurable, each
 * refusal a clear problem code, and one owner at a limit does not affect another.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppWorker } from "../../src/app/server.js";
import { as, createHarness, expectProblem, type Harness, json, multipart, seedJob } from "../support/http.js";
import { until } from "../tasks/support/wait-for.js";

const md = (n: number) => Buffer.from(`# Person ${n}\n\n## Skills\n\n${"Go, ".repeat(400)}Rust\n`);

describe("per-owner quotas", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      env: { QUOTA_MAX_JOBS: "2", QUOTA_MAX_STORED_BYTES: "3000", SSE_MAX_STREAMS_PER_OWNER: "1" },
    });
  });
  afterAll(async () => h?.close());

  const upload = (owner: string, n: number) => {
    const body = multipart(`cv-${n}.md`, md(n), "text/markdown");
    return h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: { ...as(owner), ...body.headers },
      payload: body.payload,
    });
  };

  it("refuses a job beyond QUOTA_MAX_JOBS and bytes beyond QUOTA_MAX_STORED_BYTES, per owner", async () => {
    expect((await upload("quota-jobs", 1)).statusCode).toBe(202);
    const overBytes = expectProblem(await upload("quota-jobs", 2), 403, "quota_exceeded") as unknown as {
      details?: { quota: string };
    };
    expect(overBytes).toMatchObject({ limit: { quota: "stored_bytes", limit: 3000 } });
    // Another owner is not affected by the first one's usage.
    expect((await upload("quota-other", 1)).statusCode).toBe(202);
    await seedJob(h.ctx, "quota-count");
    await seedJob(h.ctx, "quota-count");
    const overJobs = expectProblem(await upload("quota-count", 3), 403, "quota_exceeded");
    expect(overJobs).toMatchObject({ limit: { quota: "jobs", limit: 2, used: 2 } });
  });

  it("fails an export that would go over the storage quota, at once and without storing files", async () => {
    const owner = "quota-export";
    const job = await seedJob(h.ctx, owner, { confirmed: true });
    const started = json<{ task: { id: string } }>(
      await h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/exports`,
        headers: as(owner),
        payload: { formats: ["pdf"] },
      }),
    );
    const worker = createAppWorker(h.ctx);
    await worker.start();
    try {
      const task = await until(async () => {
        const t = json<{ status: string; attempts: number; error: { code: string } | null }>(
          await h.app.inject({ url: `/api/v1/tasks/${started.task.id}`, headers: as(owner) }),
        );
        return t.status === "failed" ? t : undefined;
      }, "the export to fail");
      expect(task.error?.code).toBe("quota_exceeded");
      expect(task.attempts).toBe(1);
      const artifacts = json<{ items: unknown[] }>(
        await h.app.inject({ url: `/api/v1/jobs/${job.id}/artifacts`, headers: as(owner) }),
      );
      expect(artifacts.items).toEqual([]);
    } finally {
      await worker.stop();
    }
  });

  it("caps the task event streams one owner holds open", async () => {
    const owner = "quota-streams";
    const created = json<{ task: { id: string } }>(await upload(owner, 1));
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = h.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/v1/tasks/${created.task.id}/events`;
    const first = new AbortController();
    const open = await fetch(url, { headers: as(owner), signal: first.signal });
    expect(open.status).toBe(200);
    const reader = open.body!.getReader();
    await reader.read(); // the stream is established
    const second = await fetch(url, { headers: as(owner) });
    expect(second.status).toBe(429);
    expect(((await second.json()) as { code: string }).code).toBe("too_many_streams");
    // Another owner's streams are counted apart.
    const otherJob = json<{ task: { id: string } }>(await upload("quota-streams-2", 1));
    const other = new AbortController();
    const theirs = await fetch(`http://127.0.0.1:${port}/api/v1/tasks/${otherJob.task.id}/events`, {
      headers: as("quota-streams-2"),
      signal: other.signal,
    });
    expect(theirs.status).toBe(200);
    other.abort();
    // Closing the first stream frees its place.
    first.abort();
    const again = await until(async () => {
      const r = await fetch(url, { headers: as(owner), signal: AbortSignal.timeout(5_000) }).catch(
        () => undefined,
      );
      if (r?.status === 200) {
        await r.body?.cancel();
        return true;
      }
      await r?.body?.cancel();
      return false;
    }, "the stream place to be freed");
    expect(again).toBe(true);
  });
});
