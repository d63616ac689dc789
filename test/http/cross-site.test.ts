/**
 * A page on another site cannot make a browser change data here with the user's cookies:
 * state-changing API requests that a browser marks as cross-site are refused before any handler runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, expectProblem, type Harness, multipart, seedJob } from "../support/http.js";

describe("cross-site requests", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { CORS_ORIGINS: "https://app.example.com" } });
  });
  afterAll(async () => h?.close());

  const owner = "csrf-victim";

  it("refuses a cross-site multipart upload and a cross-site delete", async () => {
    const upload = multipart("cv.md", Buffer.from("# Jane\n\n## Skills\n\nGo\n"), "text/markdown");
    const cross = await h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: {
        ...as(owner),
        ...upload.headers,
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      payload: upload.payload,
    });
    expectProblem(cross, 403, "cross_site_request");
    const job = await seedJob(h.ctx, owner);
    const del = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/jobs/${job.id}`,
      headers: { ...as(owner), origin: "https://evil.example" },
    });
    expectProblem(del, 403, "cross_site_request");
    // Nothing happened: the job is still there.
    expect((await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(owner) })).statusCode).toBe(200);
  });

  it("lets same-origin pages, configured origins and non-browser clients through", async () => {
    const job = await seedJob(h.ctx, owner);
    const confirm = (headers: Record<string, string>) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/confirm`,
        headers: { ...as(owner), ...headers },
      });
    expect(
      (await confirm({ "sec-fetch-site": "same-origin", origin: "http://localhost:80" })).statusCode,
    ).toBe(200);
    expect(
      (await confirm({ origin: "https://app.example.com", "sec-fetch-site": "cross-site" })).statusCode,
    ).toBe(200);
    expect((await confirm({})).statusCode).toBe(200);
    // Reads are never refused.
    expect(
      (await h.app.inject({ url: "/api/v1/jobs", headers: { ...as(owner), "sec-fetch-site": "cross-site" } }))
        .statusCode,
    ).toBe(200);
  });
});
