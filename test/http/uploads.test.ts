/**
 * What an upload may be, stated before it starts and enforced before the body
 * is read: the size limit (GET /limits, 413 on Content-Length), and formats
 * that need converting first (415 with advice).
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, expectProblem, type Harness, json, multipart } from "../support/http.js";

const formats = fileURLToPath(new URL("../fixtures/formats/", import.meta.url));
const OWNER = "uploads@example.test";
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ env: { UPLOAD_MAX_BYTES: "1048576" } });
});
afterAll(async () => {
  await h?.close();
});

/** Send only the head of a request on a real socket and read what the server answers. */
async function sendHeadOnly(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" }, () => socket.write(head));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
      // The whole problem body has arrived once its JSON closes.
      const body = answer.split("\r\n\r\n")[1];
      if (body?.trimEnd().endsWith("}")) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on("error", reject);
    socket.on("end", () => resolve(answer));
  });
}

describe("upload size", () => {
  it("states the limit and the accepted types", async () => {
    const limits = json<{ upload_max_bytes: number; accepted_extensions: string[] }>(
      await h.app.inject({ url: "/api/v1/limits", headers: as(OWNER) }),
    );
    expect(limits.upload_max_bytes).toBe(1_048_576);
    expect(limits.accepted_extensions).toEqual(expect.arrayContaining([".pdf", ".docx", ".txt", ".md"]));
  });

  it("refuses a 30 MB upload on its Content-Length, before any of the body is sent", async () => {
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = h.app.server.address() as AddressInfo;
    const headers = {
      ...as(OWNER),
      host: `127.0.0.1:${port}`,
      "content-type": "multipart/form-data; boundary=----x",
      "content-length": String(30 * 1024 * 1024),
    };
    const head = `POST /api/v1/jobs HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\r\n")}\r\n\r\n`;
    // No byte of the body is ever written: an answer at all means the server did not wait for it.
    const answer = await sendHeadOnly(port, head);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    const problem = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(problem).toMatchObject({
      code: "payload_too_large",
      limit: { limit: "upload_max_bytes", max_bytes: 1_048_576 },
    });
    expect(problem.detail).toContain("1 MB");
  });

  it("a body over the limit whose length is not declared up front is still refused, with the limit", async () => {
    const big = multipart("big.txt", Buffer.alloc(1_100_000, "a"), "text/plain");
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: as(OWNER, { ...big.headers, "transfer-encoding": "chunked" }),
      payload: big.payload,
    });
    const problem = expectProblem(response, 413, "payload_too_large");
    expect(problem.limit).toEqual({ limit: "upload_max_bytes", max_bytes: 1_048_576 });
  });
});

describe("formats that need converting", () => {
  it.each([
    ["cv.doc", "legacy-word.doc", "doc"],
    ["cv.odt", "opendocument.odt", "odt"],
  ])(
    "%s: 415 format_needs_conversion says what to save it as, and nothing is stored",
    async (name, file, format) => {
      const body = multipart(name, readFileSync(`${formats}${file}`));
      const problem = expectProblem(
        await h.app.inject({
          method: "POST",
          url: "/api/v1/jobs",
          headers: as(OWNER, body.headers),
          payload: body.payload,
        }),
        415,
        "format_needs_conversion",
      );
      expect(problem).toMatchObject({ format, advice: expect.stringContaining(".docx") });
      const jobs = json<{ items: unknown[] }>(
        await h.app.inject({ url: "/api/v1/jobs", headers: as(OWNER) }),
      );
      expect(jobs.items).toEqual([]);
    },
  );
});
