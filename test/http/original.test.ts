/**
 * The uploaded original, served to its owner for the review screen's pane: bytes identical to the
 * upload with the stored content type and file name, never cached; another owner's job is the same
 * 404 as a missing one, and a job without an upload is 404 original_unavailable.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  as,
  createHarness,
  expectProblem,
  type Harness,
  json,
  multipart,
  OWNER_A,
  OWNER_B,
  REPO_ROOT,
  seedJob,
} from "../support/http.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

async function upload(owner: string, filename: string, bytes: Buffer, type: string): Promise<string> {
  const body = multipart(filename, bytes, type);
  const response = await h.app.inject({
    method: "POST",
    url: "/api/v1/jobs",
    headers: as(owner, body.headers),
    payload: body.payload,
  });
  expect(response.statusCode).toBe(202);
  return json<{ job: { id: string } }>(response).job.id;
}

describe("GET /jobs/:id/original", () => {
  it("gives the owner the uploaded PDF byte for byte, with its type and name, never cached", async () => {
    const pdf = readFileSync(`${REPO_ROOT}test/fixtures/parse/sofia-martinez.pdf`);
    const id = await upload(OWNER_A, "Sofía Martínez CV.pdf", pdf, "application/pdf");
    const response = await h.app.inject({ url: `/api/v1/jobs/${id}/original`, headers: as(OWNER_A) });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="Sofia Martinez CV.pdf"; filename*=UTF-8''Sof%C3%ADa%20Mart%C3%ADnez%20CV.pdf`,
    );
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("serves a text upload with the type its bytes were stored as", async () => {
    const text = Buffer.from("Ada Lovelace\nEngineer\n\nExperience\nAnalyst, Engines Ltd\n");
    const id = await upload(OWNER_A, "cv.txt", text, "text/plain");
    const response = await h.app.inject({ url: `/api/v1/jobs/${id}/original`, headers: as(OWNER_A) });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(text)).toBe(true);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
  });

  it("is the same 404 for another owner's job and a missing one", async () => {
    const id = await upload(OWNER_A, "cv.txt", Buffer.from("Ada Lovelace\nEngineer\n"), "text/plain");
    const other = expectProblem(
      await h.app.inject({ url: `/api/v1/jobs/${id}/original`, headers: as(OWNER_B) }),
      404,
      "not_found",
    );
    const missing = expectProblem(
      await h.app.inject({ url: `/api/v1/jobs/${randomUUID()}/original`, headers: as(OWNER_B) }),
      404,
      "not_found",
    );
    expect(other.detail).toBe(missing.detail);
    expect(other.title).toBe(missing.title);
  });

  it("is 404 original_unavailable for a job created without an upload", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    expectProblem(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}/original`, headers: as(OWNER_A) }),
      404,
      "original_unavailable",
    );
  });
});
