/**
 * Owner isolation: for every route that takes an id, another owner's object
 * answers exactly like a missing one (404, same body), and nothing changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  as,
  createHarness,
  type Harness,
  json,
  OWNER_A,
  OWNER_B,
  seedArtifact,
  seedJob,
} from "../support/http.js";

let h: Harness;
const ids = { job: "", task: "", artifact: "", etag: "", variant: "" };

beforeAll(async () => {
  h = await createHarness();
  const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
  const { artifact } = await seedArtifact(h.ctx, OWNER_A, job.id);
  const started = await h.app.inject({
    method: "POST",
    url: `/api/v1/jobs/${job.id}/optimize`,
    headers: as(OWNER_A),
    payload: {},
  });
  ids.job = job.id;
  ids.task = json<{ task: { id: string } }>(started).task.id;
  ids.artifact = artifact.id;
  const variant = await h.app.inject({
    method: "POST",
    url: `/api/v1/jobs/${job.id}/variants`,
    headers: as(OWNER_A),
    payload: { company: "Acme" },
  });
  ids.variant = json<{ job_id: string }>(variant).job_id;
  const current = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
  ids.etag = current.headers.etag as string;
});
afterAll(async () => {
  await h?.close();
});

type Call = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: (id: string) => string;
  payload?: unknown;
  headers?: Record<string, string>;
};

const jobRoutes: [string, Call][] = [
  ["GET job", { method: "GET", url: (id) => `/api/v1/jobs/${id}` }],
  [
    "PATCH job",
    {
      method: "PATCH",
      url: (id) => `/api/v1/jobs/${id}`,
      payload: { export_settings: { template: "modern" } },
    },
  ],
  ["DELETE job", { method: "DELETE", url: (id) => `/api/v1/jobs/${id}` }],
  ["confirm", { method: "POST", url: (id) => `/api/v1/jobs/${id}/confirm` }],
  ["optimize", { method: "POST", url: (id) => `/api/v1/jobs/${id}/optimize`, payload: {} }],
  ["exports", { method: "POST", url: (id) => `/api/v1/jobs/${id}/exports`, payload: { formats: ["pdf"] } }],
  [
    "apply",
    {
      method: "POST",
      url: (id) => `/api/v1/jobs/${id}/proposals/apply`,
      payload: { task_id: randomUUID(), ids: [] },
    },
  ],
  ["artifacts", { method: "GET", url: (id) => `/api/v1/jobs/${id}/artifacts` }],
  ["job events", { method: "GET", url: (id) => `/api/v1/jobs/${id}/events` }],
  ["variants", { method: "GET", url: (id) => `/api/v1/jobs/${id}/variants` }],
  ["new variant", { method: "POST", url: (id) => `/api/v1/jobs/${id}/variants`, payload: { company: "x" } }],
  ["versions", { method: "GET", url: (id) => `/api/v1/jobs/${id}/versions` }],
  ["new version", { method: "POST", url: (id) => `/api/v1/jobs/${id}/versions`, payload: { name: "x" } }],
  ["share links", { method: "GET", url: (id) => `/api/v1/jobs/${id}/shares` }],
  [
    "new share link",
    {
      method: "POST",
      url: (id) => `/api/v1/jobs/${id}/shares`,
      payload: { artifact_id: "", recipient: "x" },
    },
  ],
];
const variantRoutes: [string, Call][] = [
  ["GET variant", { method: "GET", url: (id) => `/api/v1/variants/${id}` }],
  ["variant diff", { method: "GET", url: (id) => `/api/v1/variants/${id}/diff` }],
  [
    "resolve",
    {
      method: "POST",
      url: (id) => `/api/v1/variants/${id}/conflicts/resolve`,
      payload: { path: "basics/label", choice: "take_master" },
    },
  ],
  [
    "promote",
    { method: "POST", url: (id) => `/api/v1/variants/${id}/promote`, payload: { path: "basics/label" } },
  ],
];
const taskRoutes: [string, Call][] = [
  ["GET task", { method: "GET", url: (id) => `/api/v1/tasks/${id}` }],
  ["task events (SSE)", { method: "GET", url: (id) => `/api/v1/tasks/${id}/events` }],
  ["cancel", { method: "POST", url: (id) => `/api/v1/tasks/${id}/cancel` }],
];
const artifactRoutes: [string, Call][] = [
  ["download", { method: "GET", url: (id) => `/api/v1/artifacts/${id}/download` }],
];

async function call(c: Call, id: string, owner: string) {
  return h.app.inject({
    method: c.method,
    url: c.url(id),
    headers: as(owner, c.method === "PATCH" ? { "if-match": ids.etag } : {}),
    ...(c.payload === undefined ? {} : { payload: withArtifact(c.payload) }),
  });
}

/** The share link payload names owner A's real artifact. */
function withArtifact(payload: unknown): Record<string, unknown> {
  const p = payload as Record<string, unknown>;
  return "artifact_id" in p ? { ...p, artifact_id: ids.artifact } : p;
}

describe.each([
  ["job", jobRoutes, () => ids.job],
  ["task", taskRoutes, () => ids.task],
  ["artifact", artifactRoutes, () => ids.artifact],
  ["variant", variantRoutes, () => ids.variant],
] as const)("another owner's %s", (_kind, routes, idOf) => {
  it.each(routes)("%s: 404 exactly like a missing id", async (_name, c) => {
    const foreign = await call(c, idOf(), OWNER_B);
    const missing = await call(c, randomUUID(), OWNER_B);
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.headers["content-type"]).toBe(missing.headers["content-type"]);
    expect(foreign.body).toBe(missing.body);
  });
});

describe("after the other owner's attempts", () => {
  it("owner A's job, task and artifact are untouched", async () => {
    const job = await h.app.inject({ url: `/api/v1/jobs/${ids.job}`, headers: as(OWNER_A) });
    expect(job.statusCode).toBe(200);
    expect(job.headers.etag).toBe(ids.etag);
    const task = json<{ status: string }>(
      await h.app.inject({ url: `/api/v1/tasks/${ids.task}`, headers: as(OWNER_A) }),
    );
    expect(task.status).toBe("queued");
    const artifacts = json<{ items: { id: string }[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${ids.job}/artifacts`, headers: as(OWNER_A) }),
    );
    expect(artifacts.items.map((a) => a.id)).toEqual([ids.artifact]);
    const list = json<{ items: unknown[] }>(
      await h.app.inject({ url: "/api/v1/jobs", headers: as(OWNER_B) }),
    );
    expect(list.items).toEqual([]);
  });

  it("owner ids with quotes, backslashes and replacement patterns stay data", async () => {
    for (const owner of ["o'wner", "back\\slash", "dollar$'quote$&", "uni\u00e7ode\u2603"]) {
      const job = await seedJob(h.ctx, owner);
      const own = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(owner) });
      expect(own.statusCode, owner).toBe(200);
      const foreign = await h.app.inject({ url: `/api/v1/jobs/${ids.job}`, headers: as(owner) });
      expect(foreign.statusCode, owner).toBe(404);
    }
  });

  it("a signed link issued to A cannot be re-signed for B's prefix", async () => {
    const artifacts = json<{ items: { download_url: string }[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${ids.job}/artifacts`, headers: as(OWNER_A) }),
    );
    const url = new URL(artifacts.items[0]!.download_url);
    url.searchParams.set("o", Buffer.from(OWNER_B).toString("base64url"));
    const response = await h.app.inject({ url: `${url.pathname}${url.search}` });
    expect(response.statusCode).toBe(403);
  });
});
