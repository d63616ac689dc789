/**
 * The export screen's design routes on real PostgreSQL and the local blob
 * store: photo upload (re-encoded, EXIF gone), read back, owner isolation,
 * typed refusals, an export that places the photo in the PDF (a tagged figure)
 * and the DOCX, and the live preview.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppWorker } from "../../src/app/server.js";
import { readStream } from "../../src/storage/read-stream.js";
import { exifJpeg } from "../resume/photo/photo-fixtures.js";
import { zipEntries } from "../resume/render/zip-entries.js";
import { as, createHarness, type Harness, json, OWNER_A, OWNER_B, seedJob } from "../support/http.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const put = (jobId: string, owner: string, body: Buffer, type = "image/jpeg") =>
  h.app.inject({
    method: "PUT",
    url: `/api/v1/jobs/${jobId}/photo`,
    headers: as(owner, { "content-type": type }),
    payload: body,
  });

async function photoPath(jobId: string): Promise<string | null> {
  const rows = await h.ctx.database.db.execute(
    sql`SELECT photo_blob_path FROM jobs WHERE id = ${jobId}::uuid`,
  );
  return (rows.rows[0]?.photo_blob_path as string | null) ?? null;
}

describe("job photo", () => {
  it("stores a re-encoded square JPEG without EXIF and serves it to its owner only", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const response = await put(job.id, OWNER_A, exifJpeg());
    expect(response.statusCode).toBe(200);
    expect(json<{ job: { has_photo: boolean } }>(response).job.has_photo).toBe(true);
    const path = await photoPath(job.id);
    expect(path).toMatch(new RegExp(`/jobs/${job.id}/photo/[0-9a-f]{32}\\.jpg$`));
    const got = await h.app.inject({ url: `/api/v1/jobs/${job.id}/photo`, headers: as(OWNER_A) });
    expect(got.statusCode).toBe(200);
    expect(got.headers["content-type"]).toBe("image/jpeg");
    expect(got.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(got.rawPayload.includes(Buffer.from("secret-place"))).toBe(false);
    // Another owner's job is indistinguishable from a missing one.
    for (const request of [
      h.app.inject({ url: `/api/v1/jobs/${job.id}/photo`, headers: as(OWNER_B) }),
      put(job.id, OWNER_B, exifJpeg()),
      h.app.inject({ method: "DELETE", url: `/api/v1/jobs/${job.id}/photo`, headers: as(OWNER_B) }),
    ]) {
      const r = await request;
      expect(r.statusCode).toBe(404);
      expect(json<{ code: string }>(r).code).toBe("not_found");
    }
    expect(await photoPath(job.id)).toBe(path);
  });

  it("refuses bad images with typed problems and keeps the previous photo", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    await put(job.id, OWNER_A, exifJpeg());
    const before = await photoPath(job.id);
    const bad = await put(job.id, OWNER_A, Buffer.from("\xff\xd8 not really a jpeg", "latin1"));
    expect(bad.statusCode).toBe(422);
    expect(bad.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(json<{ code: string }>(bad).code).toBe("photo_invalid");
    const wrongType = await put(job.id, OWNER_A, exifJpeg(), "image/gif");
    expect(wrongType.statusCode).toBe(415);
    const tooBig = await put(job.id, OWNER_A, Buffer.alloc(9 * 1024 * 1024, 0xff));
    expect(tooBig.statusCode).toBe(413);
    expect(await photoPath(job.id)).toBe(before);
  });

  it("replaces and deletes: the old blob goes once the row no longer names it", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    await put(job.id, OWNER_A, exifJpeg(6));
    const first = (await photoPath(job.id))!;
    await put(job.id, OWNER_A, exifJpeg(1));
    const second = (await photoPath(job.id))!;
    expect(second).not.toBe(first);
    expect(await h.ctx.blobStore.head(first)).toBeNull();
    const removed = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/jobs/${job.id}/photo`,
      headers: as(OWNER_A),
    });
    expect(json<{ job: { has_photo: boolean } }>(removed).job.has_photo).toBe(false);
    expect(await photoPath(job.id)).toBeNull();
    expect(await h.ctx.blobStore.head(second)).toBeNull();
    const gone = await h.app.inject({ url: `/api/v1/jobs/${job.id}/photo`, headers: as(OWNER_A) });
    expect(gone.statusCode).toBe(404);
  });

  it("places the photo in exported PDF and DOCX files of a template that has one", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    await put(job.id, OWNER_A, exifJpeg());
    const current = json<{ export_settings: Record<string, unknown>; updated_at: string }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) }),
    );
    const patched = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": `"${current.updated_at}"` }),
      payload: {
        export_settings: { ...current.export_settings, template: "european", photo_shape: "round" },
      },
    });
    expect(patched.statusCode).toBe(200);
    const worker = createAppWorker(h.ctx);
    const settled = new Promise<void>((resolve) => worker.events.once("settled", () => resolve()));
    const started = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/exports`,
      headers: as(OWNER_A),
      payload: { formats: ["pdf", "docx"] },
    });
    expect(started.statusCode).toBe(202);
    await worker.start();
    try {
      await settled;
    } finally {
      await worker.stop();
    }
    const rows = await h.ctx.database.db.execute(
      sql`SELECT kind, blob_path FROM artifacts WHERE job_id = ${job.id}::uuid ORDER BY kind`,
    );
    const files = new Map(rows.rows.map((r) => [String(r.kind), String(r.blob_path)]));
    const pdf = await readStream(await h.ctx.blobStore.get(files.get("pdf")!));
    const latin1 = pdf.toString("latin1");
    expect(latin1).toMatch(/\/Subtype \/Image/);
    expect(latin1).toMatch(/\/S \/Figure/);
    expect(latin1).toContain("/Alt (Photo of Richard Hendriks)");
    const docx = await zipEntries(await readStream(await h.ctx.blobStore.get(files.get("docx")!)));
    expect([...docx.keys()].some((k) => /^word\/media\/.+\.png$/.test(k))).toBe(true);
    expect(docx.get("word/document.xml")!.toString()).toContain('descr="Photo of Richard Hendriks"');
  });
});

describe("live preview", () => {
  it("answers the PDF the settings would export, for the owner only, without storing anything", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const preview = (owner: string, settings: Record<string, unknown>) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/preview`,
        headers: as(owner),
        payload: { export_settings: settings },
      });
    const classic = await preview(OWNER_A, { template: "classic" });
    expect(classic.statusCode).toBe(200);
    expect(classic.headers["content-type"]).toBe("application/pdf");
    expect(classic.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const academic = await preview(OWNER_A, {
      template: "academic",
      font: "eb-garamond",
      accent_color: "#ffcc00",
    });
    expect(academic.rawPayload.toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+EBGaramond-Regular/);
    expect(academic.rawPayload.equals(classic.rawPayload)).toBe(false);
    expect((await preview(OWNER_B, { template: "classic" })).statusCode).toBe(404);
    const invalid = await preview(OWNER_A, { template: "classic", accent_color: "yellow" });
    expect(invalid.statusCode).toBe(400);
    expect(json<{ code: string }>(invalid).code).toBe("validation_failed");
    const rows = await h.ctx.database.db.execute(
      sql`SELECT count(*)::int AS n FROM artifacts WHERE job_id = ${job.id}::uuid`,
    );
    expect(rows.rows[0]?.n).toBe(0);
  });

  it("a glyph failure names the characters and the fields holding them (problem members)", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    await h.ctx.database.db.execute(
      sql`UPDATE jobs SET sections = jsonb_set(sections, '{work,0,name}', ${JSON.stringify("Ra \u{13000} Ltd")}::jsonb) WHERE id = ${job.id}::uuid`,
    );
    const response = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/preview`,
      headers: as(OWNER_A),
      payload: { export_settings: { template: "classic" } },
    });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({
      code: "render_missing_glyphs",
      characters: [{ char: "\u{13000}", code_point: "U+13000" }],
      fields: ["/work/0/name"],
    });
  });
});
