/**
 * What a production API exposes on its public port: not the Prometheus metrics (they would reveal queue
 * sizes and traffic to anyone) and not the API reference unless chosen (API_DOCS=true).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/http.js";

const secret = "s".repeat(40);
const production = {
  NODE_ENV: "production",
  AUTH_MODE: "proxy",
  PROXY_SHARED_SECRET: secret,
  STORAGE_SIGNING_KEYS: `k1:${secret}`,
};

describe("the public port in production", () => {
  let plain: Harness;
  let withDocs: Harness;
  beforeAll(async () => {
    plain = await createHarness({ env: production });
    withDocs = await createHarness({ env: { ...production, API_DOCS: "true" } });
  });
  afterAll(async () => {
    await plain?.close();
    await withDocs?.close();
  });

  it("answers health probes but not /metrics, /docs or /openapi.json", async () => {
    expect((await plain.app.inject({ url: "/healthz" })).statusCode).toBe(200);
    for (const url of ["/metrics", "/docs", "/docs/", "/openapi.json"]) {
      expect((await plain.app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it("serves the API reference when API_DOCS=true, still without metrics", async () => {
    expect((await withDocs.app.inject({ url: "/openapi.json" })).statusCode).toBe(200);
    expect((await withDocs.app.inject({ url: "/metrics" })).statusCode).toBe(404);
  });
});
