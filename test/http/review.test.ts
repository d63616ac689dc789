/**
 * The review step through the API on real PostgreSQL: what still needs a check
 * (`review` on the job), the confirm gate (once; open items need an explicit
 * acknowledgement), and edits after confirming.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, expectProblem, type Harness, json, OWNER_A, seedJob } from "../support/http.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

type Job = {
  cv_sections_confirmed: boolean;
  schema_dirty: boolean;
  sections: { basics: { name: string }; meta: Record<string, unknown> };
  review: {
    flagged_fields: string[];
    unplaced_lines: number;
    empty_sections: string[];
    needs_attention: number;
  } | null;
};

/** A parsed job whose parse left a doubtful field, an unplaced line and an empty section. */
async function jobWithOpenItems() {
  const job = await seedJob(h.ctx, OWNER_A);
  const meta = {
    confidence: { "basics.name": 0.95, "work.0.name": 0.42 },
    unplaced: [{ id: "unplaced-0", text: "Date of birth: 01.01.1990", source: { line: 2 } }],
    empty_sections: [{ section: "awards", heading: "Awards", source: { line: 30 } }],
  };
  await h.ctx.database.db.execute(
    sql`UPDATE jobs SET sections = jsonb_set(sections, '{meta}', ${JSON.stringify(meta)}::jsonb) WHERE id = ${job.id}::uuid`,
  );
  const read = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
  return { id: job.id, etag: read.headers.etag as string, job: json<Job>(read) };
}

const confirm = (id: string, payload?: unknown, etag?: string) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/jobs/${id}/confirm`,
    headers: as(OWNER_A, etag ? { "if-match": etag } : {}),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

describe("review items", () => {
  it("the job says what needs attention: flagged fields + unplaced lines + empty sections", async () => {
    const { job } = await jobWithOpenItems();
    expect(job.review).toEqual({
      flagged_fields: ["work.0.name"],
      unplaced_lines: 1,
      empty_sections: ["awards"],
      needs_attention: 3,
    });
  });

  it("a job without parse meta needs nothing; a job not parsed yet has no review", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const read = json<Job>(await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) }));
    expect(read.review?.needs_attention).toBe(0);
    await h.ctx.database.db.execute(
      sql`UPDATE jobs SET sections = NULL, parse_status = 'pending' WHERE id = ${job.id}::uuid`,
    );
    const pending = json<Job>(await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) }));
    expect(pending.review).toBeNull();
  });
});

describe("the confirm gate", () => {
  it("refuses to confirm over open items unless acknowledged, naming them", async () => {
    const { id, etag } = await jobWithOpenItems();
    const problem = expectProblem(await confirm(id, undefined, etag), 409, "review_flags_open");
    expect(problem).toMatchObject({ fields: ["work.0.name"], unplaced_lines: 1, empty_sections: ["awards"] });
    expectProblem(await confirm(id, { acknowledge_flags: false }), 409, "review_flags_open");

    const confirmed = await confirm(id, { acknowledge_flags: true }, etag);
    expect(confirmed.statusCode).toBe(200);
    expect(json<Job>(confirmed).cv_sections_confirmed).toBe(true);
    const events = json<{ items: { event_type: string; payload: Record<string, unknown> }[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${id}/events`, headers: as(OWNER_A) }),
    );
    expect(events.items.filter((e) => e.event_type === "job.confirmed")).toEqual([
      expect.objectContaining({ payload: { acknowledged: 3 } }),
    ]);
  });

  it("confirms a job with nothing open without a body; confirming again changes nothing", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const first = await confirm(job.id);
    expect(first.statusCode).toBe(200);
    const again = await confirm(job.id, undefined, first.headers.etag as string);
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    const events = json<{ items: { event_type: string }[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}/events`, headers: as(OWNER_A) }),
    );
    expect(events.items.map((e) => e.event_type)).toEqual(["job.confirmed"]);
    // A stale version is still refused, confirmed or not.
    expectProblem(await confirm(job.id, undefined, '"2001-01-01T00:00:00.000Z"'), 412, "precondition_failed");
  });

  it("a typo fix after confirming keeps the CV confirmed and exportable", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const read = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
    const { sections } = json<Job>(read);
    sections.basics.name = `${sections.basics.name} Jr.`;
    const edited = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": read.headers.etag as string }),
      payload: { sections },
    });
    expect(edited.statusCode).toBe(200);
    // No export yet, so nothing is out of date.
    expect(json<Job>(edited)).toMatchObject({ cv_sections_confirmed: true, schema_dirty: false });
    const started = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/exports`,
      headers: as(OWNER_A),
      payload: { formats: ["pdf"] },
    });
    expect(started.statusCode).toBe(202);
  });
});

describe("two tabs editing one CV", () => {
  type Sections = { basics: { label: string; email: string; name: string } };
  const patch = (id: string, etag: string, body: Record<string, unknown>) =>
    h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${id}`,
      headers: as(OWNER_A, { "if-match": etag }),
      payload: body,
    });

  it("merges edits of different fields; only the same field edited on both sides conflicts, named", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const read = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
    const base = json<{ sections: Sections }>(read).sections;
    const etag = read.headers.etag as string;

    // Tab A saves a new headline.
    const tabA = structuredClone(base);
    tabA.basics.label = "Headline from tab A";
    expect((await patch(job.id, etag, { sections: tabA })).statusCode).toBe(200);

    // Tab B, still on the old version, changed the e-mail: merged, tab A's headline kept.
    const tabB = structuredClone(base);
    tabB.basics.email = "tab-b@example.com";
    const merged = await patch(job.id, etag, { sections: tabB, base_sections: base });
    expect(merged.statusCode).toBe(200);
    const body = json<{ sections: Sections; merged: string[] }>(merged);
    expect(body.sections.basics).toMatchObject({ label: "Headline from tab A", email: "tab-b@example.com" });
    expect(body.merged).toEqual(["/basics/label"]);

    // Tab C, also on the old version, changed the headline too: a conflict naming the field.
    const tabC = structuredClone(base);
    tabC.basics.label = "Headline from tab C";
    tabC.basics.name = "Changed name";
    const conflict = expectProblem(
      await patch(job.id, etag, { sections: tabC, base_sections: base }),
      409,
      "edit_conflict",
    );
    expect(conflict.conflicts).toEqual(["/basics/label"]);
    // Without the base it started from, a stale version is refused as before.
    expectProblem(await patch(job.id, etag, { sections: tabC }), 412, "precondition_failed");

    const now = json<{ sections: Sections }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) }),
    );
    expect(now.sections.basics).toMatchObject({ label: "Headline from tab A", email: "tab-b@example.com" });
  });
});

describe("activity in plain language", () => {
  it("lists actions newest first, one per task, with message keys and params; trace ids only as details", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const confirmed = await confirm(job.id);
    const { sections } = json<Job>(confirmed);
    sections.basics.name = "Renamed";
    await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": confirmed.headers.etag as string }),
      payload: { sections },
    });
    const started = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/exports`,
      headers: as(OWNER_A),
      payload: { formats: ["pdf"] },
    });
    const { task } = json<{ task: { id: string; trace_id: string } }>(started);
    await h.app.inject({ method: "POST", url: `/api/v1/tasks/${task.id}/cancel`, headers: as(OWNER_A) });

    const { items } = json<{
      items: {
        id: string;
        message_key: string;
        params: Record<string, unknown>;
        details: { trace_ids: string[]; events: number };
      }[];
    }>(await h.app.inject({ url: `/api/v1/jobs/${job.id}/activity`, headers: as(OWNER_A) }));
    expect(items.map((a) => a.message_key)).toEqual([
      "activity.export.canceled",
      "activity.edited.done",
      "activity.confirmed.done",
    ]);
    // The export's queued and canceled events are one action, named by its task.
    expect(items[0]).toMatchObject({ id: task.id, details: { trace_ids: [task.trace_id], events: 2 } });
    expect(items[1]!.params).toEqual({ sections: true, export_settings: false, merged: 0 });
    expect(JSON.stringify(items.map((a) => a.params))).not.toContain(task.trace_id);

    const limited = json<{ items: unknown[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}/activity?limit=1`, headers: as(OWNER_A) }),
    );
    expect(limited.items).toHaveLength(1);
  });
});
