/**
 * Hostile content through the API: caps on what one resume may hold (a clear
 * 413, not a late failure), links the allow-list refuses (dropped and
 * reported), and text PostgreSQL cannot store (sanitised, not a 500).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, type Harness, json, seedJob } from "../support/http.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const OWNER = "hostile-content@example.test";

async function patchSections(jobId: string, sections: Record<string, unknown>) {
  const current = await h.app.inject({ url: `/api/v1/jobs/${jobId}`, headers: as(OWNER) });
  return h.app.inject({
    method: "PATCH",
    url: `/api/v1/jobs/${jobId}`,
    headers: as(OWNER, { "content-type": "application/json", "if-match": current.headers.etag as string }),
    payload: JSON.stringify({ sections }),
  });
}

describe("PATCH /jobs/{id} with hostile sections", () => {
  it("refuses a resume over the bullet cap with 413 resume_too_large before touching the row", async () => {
    const job = await seedJob(h.ctx, OWNER);
    // 100 employers × 4 positions × 50 bullets = 20,000 bullets, each within the per-field caps.
    const work = Array.from({ length: 100 }, (_, i) => ({
      name: `Company ${i}`,
      positions: Array.from({ length: 4 }, () => ({
        highlights: Array.from({ length: 50 }, (_, k) => `Did ${k}`),
      })),
    }));
    const response = await patchSections(job.id, { work });
    expect(response.statusCode).toBe(413);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(json<{ code: string; details?: { cap: string } }>(response)).toMatchObject({
      code: "resume_too_large",
    });
    const after = json<{ updated_at: string }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER) }),
    );
    expect(after.updated_at).toBe(job.updatedAt.toISOString());
  });

  it("drops links outside https, http, mailto and tel, and says which", async () => {
    const job = await seedJob(h.ctx, OWNER);
    const response = await patchSections(job.id, {
      basics: {
        name: "Jane Doe",
        url: "https://jane.dev",
        profiles: [{ network: "x", url: "JaVa\tScRiPt:alert(1)" }],
      },
      work: [{ name: "Acme", url: "javascript:alert(document.cookie)" }],
      projects: [{ name: "Share", url: "\\\\attacker\\share\\cv.exe" }],
      certificates: [{ name: "Cert", url: "file:///etc/passwd" }],
      publications: [{ name: "Paper", url: "mailto:jane@example.org" }],
    });
    expect(response.statusCode).toBe(200);
    const body = json<{ dropped_links: { path: string }[]; sections: Record<string, { url: string }[]> }>(
      response,
    );
    expect(body.dropped_links.map((d) => d.path).sort()).toEqual([
      "basics.profiles.0.url",
      "certificates.0.url",
      "projects.0.url",
      "work.0.url",
    ]);
    expect(body.sections.work![0]!.url).toBe("");
    expect(body.sections.publications![0]!.url).toBe("mailto:jane@example.org");
  });

  it("stores text with NUL and lone surrogates sanitised instead of failing", async () => {
    const job = await seedJob(h.ctx, OWNER);
    const response = await patchSections(job.id, {
      basics: { name: "Jane\u0000 Doe", summary: "Half an emoji \uD83D" },
      work: [{ name: "Acme", positions: [{ highlights: ["Built\u0000 things"] }] }],
    });
    expect(response.statusCode).toBe(200);
    const body = json<{ sections: { basics: { name: string; summary: string } } }>(response);
    expect(body.sections.basics.name).toBe("Jane Doe");
    expect(body.sections.basics.summary).toBe("Half an emoji \uFFFD");
  });
});
