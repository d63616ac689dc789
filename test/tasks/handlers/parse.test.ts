/**
 * The parse task through the worker: a document that cannot be parsed fails
 * its task with a typed code at once and marks the job `failed`; a good one
 * stores sections and a `parse` event.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppWorker } from "../../../src/app/server.js";
import { as, createHarness, type Harness, json, multipart } from "../../support/http.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

type Task = { id: string; status: string; attempts: number; error: { code: string } | null };

async function uploadAndRun(owner: string, filename: string, bytes: Buffer, type: string) {
  const body = multipart(filename, bytes, type);
  const created = await h.app.inject({
    method: "POST",
    url: "/api/v1/jobs",
    headers: as(owner, body.headers),
    payload: body.payload,
  });
  expect(created.statusCode).toBe(202);
  const { job, task } = json<{ job: { id: string }; task: Task }>(created);
  const worker = createAppWorker(h.ctx);
  const settled = new Promise<void>((resolve) => worker.events.once("settled", () => resolve()));
  await worker.start();
  try {
    await settled;
  } finally {
    await worker.stop();
  }
  const after = json<Task>(await h.app.inject({ url: `/api/v1/tasks/${task.id}`, headers: as(owner) }));
  const jobAfter = json<{ parse_status: string; sections: { basics: { name: string } } | null }>(
    await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(owner) }),
  );
  const events = json<{ items: { event_type: string; payload: Record<string, unknown> }[] }>(
    await h.app.inject({ url: `/api/v1/jobs/${job.id}/events`, headers: as(owner) }),
  );
  return { task: after, job: jobAfter, events: events.items };
}

describe("parse task", () => {
  it("fails at once with a typed code and marks the job failed for an unreadable PDF", async () => {
    const broken = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nthis is not a real pdf\n");
    const { task, job, events } = await uploadAndRun(
      "parse-bad@example.test",
      "cv.pdf",
      broken,
      "application/pdf",
    );
    expect(task.status).toBe("failed");
    expect(task.attempts).toBe(1);
    expect(task.error?.code).toMatch(/^pdf_/);
    expect(job.parse_status).toBe("failed");
    expect(job.sections).toBeNull();
    expect(events.map((e) => e.event_type)).toContain("parse.failed");
  });

  it("stores the sections of a Markdown CV with a parse event", async () => {
    const markdown = Buffer.from(
      "# Ada Lovelace\nada@example.com\n\n## Experience\n\n**Analyst**, Analytical Engines Ltd\n2019 - 2023\n- Wrote the first program\n",
    );
    const { task, job, events } = await uploadAndRun(
      "parse-good@example.test",
      "cv.md",
      markdown,
      "text/markdown",
    );
    expect(task.status).toBe("completed");
    expect(job.parse_status).toBe("parsed");
    expect(job.sections?.basics.name).toBe("Ada Lovelace");
    expect(events.find((e) => e.event_type === "parse")?.payload).toMatchObject({ format: "markdown" });
  });
});
