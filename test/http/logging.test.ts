/**
 * Request logs: one structured line per request with the trace id, route and
 * status, and never CV content or credentials.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { as, createHarness, type Harness, json, OWNER_A, seedJob } from "../support/http.js";

const lines: Record<string, unknown>[] = [];
let h: Harness;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  h = await createHarness({ logger: createLogger({ level: "info", destination }) });
});
afterAll(async () => {
  await h?.close();
});

describe("request logging", () => {
  it("logs trace id, route and status, and no CV content", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const current = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
    const sections = json<{ sections: { basics: { name: string; summary: string } } }>(current).sections;
    sections.basics.summary = "SECRET-CV-CONTENT-7f3a";
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const response = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": current.headers.etag as string, traceparent }),
      payload: { sections },
    });
    expect(response.statusCode).toBe(200);
    const text = JSON.stringify(lines);
    expect(text).not.toContain("SECRET-CV-CONTENT-7f3a");
    expect(text).not.toContain(sections.basics.name);
    const line = lines.find((l) => l.route === "/api/v1/jobs/:id" && l.method === "PATCH");
    expect(line).toMatchObject({ status: 200, trace_id: "0af76519-16cd-43dd-8448-eb211c80319c" });
  });
});
