/**
 * One contract, two adapters: every behaviour the rest of the code relies on
 * is checked against the local file-system store and against Azure (Azurite,
 * started here on a free loopback port).
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.js";
import { AzureBlobStore } from "../../src/storage/azure-blob-store.js";
import {
  artifactBlobPath,
  jobBlobPrefix,
  ownerBlobPrefix,
  uploadBlobPath,
} from "../../src/storage/blob-paths.js";
import type { BlobStore } from "../../src/storage/blob-store.js";
import { downloadHeaders } from "../../src/storage/download-headers.js";
import { LocalBlobStore } from "../../src/storage/local-blob-store.js";
import { verifyLocalSignedUrl } from "../../src/storage/local-signed-url.js";
import { readStream } from "../../src/storage/read-stream.js";
import { type Azurite, startAzurite } from "../support/azurite.js";

const KEYS = [{ kid: "k1", secret: "contract-test-signing-secret-0123456789" }];

type Download = { status: number; body: Buffer; headers: Record<string, string> };

type Harness = {
  store: BlobStore;
  /** Follow a signed link the way a browser would and return what it would receive. */
  download(url: string): Promise<Download>;
};

type Adapter = { name: string; setUp(): Promise<Harness>; tearDown(): Promise<void> };

function localAdapter(): Adapter {
  let dir = "";
  return {
    name: "local",
    async setUp() {
      dir = await mkdtemp(join(tmpdir(), "ra-blob-contract-"));
      const store = new LocalBlobStore({
        root: dir,
        signingKeys: KEYS,
        publicBaseUrl: "http://127.0.0.1:9",
        defaultTtlSeconds: 900,
      });
      return {
        store,
        // What the API's download route does: verify, stream, set headers.
        async download(url) {
          const grant = verifyLocalSignedUrl(new URL(url).searchParams, { keys: KEYS, maxTtlSeconds: 3600 });
          const body = await readStream(await store.get(grant.path));
          const headers = Object.fromEntries(
            Object.entries(downloadHeaders({ ...grant, size: body.length })).map(([k, v]) => [
              k.toLowerCase(),
              v,
            ]),
          );
          return { status: 200, body, headers };
        },
      };
    },
    async tearDown() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function azureAdapter(): Adapter {
  let azurite: Azurite | undefined;
  return {
    name: "azure",
    async setUp() {
      azurite = await startAzurite();
      const store = new AzureBlobStore({
        endpoint: azurite.endpoint,
        accountName: azurite.accountName,
        container: `contract-${randomUUID().slice(0, 8)}`,
        auth: { kind: "account-key", accountKey: azurite.accountKey },
        allowHttp: true,
        defaultTtlSeconds: 900,
        requestTimeoutMs: 10_000,
      });
      return {
        store,
        async download(url) {
          const response = await fetch(url);
          const body = Buffer.from(await response.arrayBuffer());
          return { status: response.status, body, headers: Object.fromEntries(response.headers) };
        },
      };
    },
    async tearDown() {
      await azurite?.stop();
    },
  };
}

const OWNER = "auth0|contract-owner";
const OTHER = "auth0|contract-owner/../x"; // a hostile-looking id must still get its own prefix

describe.each([localAdapter(), azureAdapter()])("blob store contract: $name", (adapter) => {
  let h: Harness;
  beforeAll(async () => {
    h = await adapter.setUp();
  });
  afterAll(async () => {
    await adapter.tearDown();
  });

  const job = () => randomUUID();

  it("stores a buffer and returns its size and sha256", async () => {
    const path = uploadBlobPath(OWNER, job(), "cv.pdf");
    const bytes = Buffer.from("%PDF-1.7 contract body");
    const put = await h.store.put(path, bytes, { contentType: "application/pdf" });
    expect(put).toEqual({ size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    expect(await readStream(await h.store.get(path))).toEqual(bytes);
    const head = await h.store.head(path);
    expect(head?.size).toBe(bytes.length);
    expect(head?.contentType).toBe("application/pdf");
    expect(head?.lastModified).toBeInstanceOf(Date);
  });

  it("stores a stream of many chunks", async () => {
    const path = artifactBlobPath(OWNER, job(), "docx", 1, "CV.docx");
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(16 * 1024, i));
    const put = await h.store.put(path, Readable.from(chunks), {
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    const expected = Buffer.concat(chunks);
    expect(put.size).toBe(expected.length);
    expect(await readStream(await h.store.get(path))).toEqual(expected);
  });

  it("replaces a blob wholly on overwrite", async () => {
    const path = uploadBlobPath(OWNER, job(), "cv.txt");
    await h.store.put(path, Buffer.from("first version, longer than the second"), {
      contentType: "text/plain",
    });
    await h.store.put(path, Buffer.from("second"), { contentType: "text/markdown" });
    expect((await readStream(await h.store.get(path))).toString()).toBe("second");
    expect((await h.store.head(path))?.contentType).toBe("text/markdown");
  });

  it("leaves nothing behind when the body stream fails half-way", async () => {
    const jobId = job();
    const path = uploadBlobPath(OWNER, jobId, "broken.pdf");
    async function* failing() {
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error("client went away");
    }
    await expect(
      h.store.put(path, Readable.from(failing()), { contentType: "application/pdf" }),
    ).rejects.toThrow();
    expect(await h.store.head(path)).toBeNull();
    expect(await collect(h.store.list(jobBlobPrefix(OWNER, jobId)))).toEqual([]);
  });

  it("reports missing blobs: get → not_found, head → null, delete → false", async () => {
    const path = uploadBlobPath(OWNER, job(), "missing.pdf");
    await expect(h.store.get(path)).rejects.toSatisfy((e) => isAppError(e, "not_found"));
    expect(await h.store.head(path)).toBeNull();
    expect(await h.store.delete(path)).toBe(false);
  });

  it("deletes exactly once", async () => {
    const path = uploadBlobPath(OWNER, job(), "gone.pdf");
    await h.store.put(path, Buffer.from("x"), { contentType: "application/pdf" });
    expect(await h.store.delete(path)).toBe(true);
    expect(await h.store.delete(path)).toBe(false);
    expect(await h.store.head(path)).toBeNull();
  });

  it("lists by prefix without crossing into another owner or job", async () => {
    // "abc" encodes to YWJj and "abcd" to YWJjZA: a naive prefix without the trailing slash would leak.
    const jobA = job();
    const a1 = uploadBlobPath("abc", jobA, "cv.pdf");
    const a2 = artifactBlobPath("abc", jobA, "pdf", 1, "cv.pdf");
    const b1 = uploadBlobPath("abcd", job(), "cv.pdf");
    const c1 = uploadBlobPath(OTHER, job(), "cv.pdf");
    for (const p of [a1, a2, b1, c1]) await h.store.put(p, Buffer.from(p), { contentType: "text/plain" });

    const ownerA = (await collect(h.store.list(ownerBlobPrefix("abc")))).map((b) => b.path).sort();
    expect(ownerA).toEqual([a1, a2].sort());
    const listed = await collect(h.store.list(jobBlobPrefix("abc", jobA)));
    expect(listed.map((b) => b.path).sort()).toEqual([a1, a2].sort());
    expect(listed.every((b) => b.size === Buffer.byteLength(b.path) && b.lastModified instanceof Date)).toBe(
      true,
    );
    expect((await collect(h.store.list(ownerBlobPrefix(OTHER)))).map((b) => b.path)).toEqual([c1]);
  });

  it("rejects paths that could escape their prefix", async () => {
    for (const bad of [
      "../x",
      "users/../../etc/passwd",
      "/etc/passwd",
      "a//b",
      "a/./b",
      "",
      "a\\b",
      "users/.hidden",
    ]) {
      await expect(h.store.put(bad, Buffer.from("x"), { contentType: "text/plain" })).rejects.toSatisfy((e) =>
        isAppError(e, "validation_failed"),
      );
      await expect(h.store.get(bad)).rejects.toSatisfy((e) => isAppError(e, "validation_failed"));
    }
    await expect(collect(h.store.list("../"))).rejects.toSatisfy((e) => isAppError(e, "validation_failed"));
  });

  it("keeps one whole version under concurrent overwrites", async () => {
    const path = uploadBlobPath(OWNER, job(), "race.bin");
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(200 * 1024, i + 1));
    await Promise.all(bodies.map((b) => h.store.put(path, b, { contentType: "application/octet-stream" })));
    const final = await readStream(await h.store.get(path));
    expect(bodies.some((b) => b.equals(final))).toBe(true);
  });

  it("issues a signed link that downloads the blob with our filename and no caching", async () => {
    const path = artifactBlobPath(OWNER, job(), "pdf", 3, "cv.pdf");
    const bytes = Buffer.from("%PDF-1.7 signed download");
    await h.store.put(path, bytes, { contentType: "application/pdf" });
    const before = Date.now();
    const link = await h.store.signedReadUrl(path, {
      ownerUserId: OWNER,
      downloadFilename: 'Jörg "Ünal" – CV v3.pdf',
      contentType: "application/pdf",
    });
    const ttl = link.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThanOrEqual(901_000);

    const got = await h.download(link.url);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(bytes);
    expect(got.headers["content-type"]).toBe("application/pdf");
    expect(got.headers["cache-control"]).toBe("no-store");
    const disposition = got.headers["content-disposition"] ?? "";
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? "")).toBe(
      'Jörg "Ünal" – CV v3.pdf',
    );
  });

  it("answers ping", async () => {
    await expect(h.store.ping()).resolves.toBeUndefined();
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
