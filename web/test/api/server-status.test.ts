import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../../src/api/client.js";
import { ApiError, networkError } from "../../src/api/problem.js";
import {
  answerCount,
  isTransient,
  isUnreachable,
  subscribeServerStatus,
} from "../../src/api/server-status.js";

let server: Server;
let base = "";
let status = 503;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ upload_max_bytes: 1024, accepted_extensions: [".pdf"] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("server status", () => {
  it("marks the server unreachable on a 503 or no answer, and back on the next answer", async () => {
    const api = new ApiClient(base);
    let notified = 0;
    const unsubscribe = subscribeServerStatus(() => notified++);
    status = 503;
    await expect(api.getLimits()).rejects.toMatchObject({ status: 503 });
    expect(isUnreachable()).toBe(true);
    const before = answerCount();
    status = 200;
    await expect(api.getLimits()).resolves.toMatchObject({ upload_max_bytes: 1024 });
    expect(isUnreachable()).toBe(false);
    expect(answerCount()).toBe(before + 1);
    // A refusal is an answer too: the server is there.
    status = 404;
    await expect(api.getLimits()).rejects.toMatchObject({ status: 404 });
    expect(isUnreachable()).toBe(false);
    await expect(new ApiClient("http://127.0.0.1:1").getLimits()).rejects.toMatchObject({ status: 0 });
    expect(isUnreachable()).toBe(true);
    unsubscribe();
    expect(notified).toBeGreaterThanOrEqual(4);
  });

  it("treats only unavailability as transient", () => {
    expect(isTransient(networkError())).toBe(true);
    expect(isTransient(new ApiError("x", "database_unavailable", 503))).toBe(true);
    expect(isTransient(new ApiError("x", "not_found", 404))).toBe(false);
    expect(isTransient(new ApiError("x", "internal", 500))).toBe(false);
    expect(isTransient(null)).toBe(false);
  });
});
