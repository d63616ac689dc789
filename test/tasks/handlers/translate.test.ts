/**
 * The translate task without a language model: a translation is created with the labels, dates and
 * language of the target and every text copied and marked as needing translation; a repeated run
 * changes nothing, and a later run copies only what the source gained, leaving edited sources
 * marked as out of date for the user.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppWorker } from "../../../src/app/server.js";
import { type FakeLlmServer, startFakeLlmServer } from "../../support/fake-llm-server.js";
import { as, createHarness, type Harness, json, OWNER_A, seedJob } from "../../support/http.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

type Stale = { key: string; reason: string };
type Translation = {
  id: string;
  engine: string;
  updated_at: string;
  sections: {
    meta: { language: string };
    basics: { name: string; summary: string };
    work: { name: string; positions: { title: string; highlights: string[]; dates: { text: string } }[] }[];
  } | null;
  fields: Record<string, { state: string; source_sha256: string }>;
  out_of_date: Stale[];
};
type Task = {
  id: string;
  status: string;
  result: Record<string, unknown> | null;
  error: { code: string } | null;
};

/** Run the worker until `taskId` settles; returns the task as the API shows it. */
async function run(taskId: string, harness: Harness = h): Promise<Task> {
  const worker = createAppWorker(harness.ctx);
  const settled = new Promise<void>((resolve) => {
    worker.events.on("settled", ({ task }) => {
      if (task.id === taskId) resolve();
    });
  });
  await worker.start();
  try {
    await settled;
  } finally {
    await worker.stop();
  }
  return json<Task>(await harness.app.inject({ url: `/api/v1/tasks/${taskId}`, headers: as(OWNER_A) }));
}

const get = async (path: string) =>
  json<Translation>(await h.app.inject({ url: path, headers: as(OWNER_A) }));

describe("translate task without a model", () => {
  it("copies every text, localises labels and dates, and later copies only what is new", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const created = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/translations`,
      headers: as(OWNER_A),
      payload: { language: "fr" },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { translation, task } = json<{ translation: Translation; task: Task }>(created);
    expect(translation.engine).toBe("copy");
    const done = await run(task.id);
    expect(done.status).toBe("completed");
    expect(done.result).toMatchObject({ engine: "copy", machine: 0 });

    const path = `/api/v1/jobs/${job.id}/translations/${translation.id}`;
    const fr = await get(path);
    const primary = job.sections as unknown as NonNullable<Translation["sections"]>;
    expect(fr.sections!.meta.language).toBe("fr");
    expect(fr.sections!.basics.summary).toBe(primary.basics.summary);
    expect(fr.sections!.work[0]!.positions[0]!.highlights).toEqual(primary.work[0]!.positions[0]!.highlights);
    // "Dec 2013 – Dec 2014" in French.
    expect(fr.sections!.work[0]!.positions[0]!.dates.text).toBe("déc. 2013 – déc. 2014");
    expect(Object.values(fr.fields).every((f) => f.state === "copied")).toBe(true);
    expect(fr.out_of_date.length).toBe(Object.keys(fr.fields).length);
    expect(new Set(fr.out_of_date.map((s) => s.reason))).toEqual(new Set(["needs_translation"]));

    // Run again: nothing is left to do, nothing changes.
    const again = await h.app.inject({ method: "POST", url: `${path}/refresh`, headers: as(OWNER_A) });
    expect(again.statusCode).toBe(202);
    expect((await run(json<{ task: Task }>(again).task.id)).result).toMatchObject({ fields: 0 });
    const same = await get(path);
    expect(same.fields).toEqual(fr.fields);
    expect(same.sections).toEqual(fr.sections);

    // The source gains a bullet and another changes: the new one is copied, the changed one is
    // left for the user (a copy of the new English text would hide the French one they had).
    const jobResponse = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
    const sections = json<{ sections: NonNullable<Translation["sections"]> }>(jobResponse).sections;
    const bullets = sections.work[0]!.positions[0]!.highlights;
    const changedIndex = 0;
    bullets[changedIndex] = `${bullets[changedIndex]} (again)`;
    bullets.push("Mentored two new engineers");
    const patched = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": jobResponse.headers.etag as string }),
      payload: { sections },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const before = await get(path);
    const reasons = new Map(before.out_of_date.map((s) => [s.key, s.reason]));
    const changedKey = [...reasons].find(
      ([k, r]) => r === "source_changed" && k.endsWith(`highlights.${changedIndex}`),
    )?.[0];
    const newKey = [...reasons].find(([, r]) => r === "new")?.[0];
    expect(changedKey).toBeDefined();
    expect(newKey).toMatch(new RegExp(`highlights\\.${bullets.length - 1}$`));
    expect([...reasons.values()].filter((r) => r !== "needs_translation")).toHaveLength(2);

    const refresh = await h.app.inject({ method: "POST", url: `${path}/refresh`, headers: as(OWNER_A) });
    expect((await run(json<{ task: Task }>(refresh).task.id)).result).toMatchObject({ fields: 1 });
    const after = await get(path);
    const afterReasons = new Map(after.out_of_date.map((s) => [s.key, s.reason]));
    expect(afterReasons.get(newKey!)).toBe("needs_translation");
    expect(afterReasons.get(changedKey!)).toBe("source_changed");
    expect(after.sections!.work[0]!.positions[0]!.highlights.at(-1)).toBe("Mentored two new engineers");
  });
});

describe("translate task with a model", () => {
  let withModel: Harness;
  let llm: FakeLlmServer;
  beforeAll(async () => {
    llm = await startFakeLlmServer();
    llm.reply({ status: 500, json: { error: { message: "must not be asked" } } });
    withModel = await createHarness({
      env: {
        OPTIMIZE_ENGINE: "llm",
        LLM_BASE_URL: `${llm.url}/v1`,
        LLM_MODEL: "resume-model",
        LLM_MAX_RETRIES: "0",
        LLM_DAILY_TOKEN_BUDGET: "50",
      },
    });
  });
  afterAll(async () => {
    await withModel?.close();
    await llm?.close();
  });

  it("fails with llm_budget_exceeded before asking the model when the owner's budget is used up", async () => {
    const job = await seedJob(withModel.ctx, OWNER_A, { confirmed: true });
    const created = await withModel.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/translations`,
      headers: as(OWNER_A),
      payload: { language: "de" },
    });
    const { translation, task } = json<{ translation: Translation; task: Task }>(created);
    expect(translation.engine).toBe("llm");
    const done = await run(task.id, withModel);
    expect(done.status).toBe("failed");
    expect(done.error?.code).toBe("llm_budget_exceeded");
    expect(llm.requests).toHaveLength(0);
    const row = json<Translation>(
      await withModel.app.inject({
        url: `/api/v1/jobs/${job.id}/translations/${translation.id}`,
        headers: as(OWNER_A),
      }),
    );
    expect(row.sections).toBeNull();
    expect(row.out_of_date.length).toBeGreaterThan(0);
    expect(row.out_of_date.every((s) => s.reason === "new")).toBe(true);
  });
});
