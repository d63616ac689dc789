/**
 * Azure-specific behaviour against Azurite: what a SAS link grants and what it
 * refuses, and how an unreachable or frozen store surfaces.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.js";
import { AzureBlobStore, type AzureBlobStoreOptions } from "../../src/storage/azure-blob-store.js";
import { artifactBlobPath } from "../../src/storage/blob-paths.js";
import { accountFromEndpoint } from "../../src/storage/create-blob-store.js";
import { type Azurite, startAzurite } from "../support/azurite.js";

const OWNER = "tenant-7/user-42";
const JOB = "0f5e2d9c-1b7a-4c3e-9f8d-6a5b4c3d2e1f";
const LINK = { ownerUserId: OWNER, downloadFilename: "CV – Zoë.pdf", contentType: "application/pdf" };

function store(azurite: Azurite, overrides: Partial<AzureBlobStoreOptions> = {}): AzureBlobStore {
  return new AzureBlobStore({
    endpoint: azurite.endpoint,
    accountName: azurite.accountName,
    container: "sas-tests",
    auth: { kind: "account-key", accountKey: azurite.accountKey },
    allowHttp: true,
    defaultTtlSeconds: 900,
    ...overrides,
  });
}

describe("Azure SAS links (Azurite)", () => {
  let azurite: Azurite;
  let blobs: AzureBlobStore;
  const path = artifactBlobPath(OWNER, JOB, "pdf", 1, "cv.pdf");
  const other = artifactBlobPath(OWNER, JOB, "pdf", 2, "cv.pdf");

  beforeAll(async () => {
    azurite = await startAzurite();
    blobs = store(azurite);
    await blobs.put(path, Buffer.from("%PDF one"), { contentType: "application/pdf" });
    await blobs.put(other, Buffer.from("%PDF two"), { contentType: "application/pdf" });
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it("are read-only, for one blob, with no start time and the configured expiry", async () => {
    const before = Date.now();
    const { url, expiresAt } = await blobs.signedReadUrl(path, LINK);
    const q = new URL(url).searchParams;
    expect(q.get("sp")).toBe("r");
    expect(q.get("sr")).toBe("b");
    expect(q.has("st")).toBe(false);
    expect(q.get("rscc")).toBe("no-store");
    expect(Math.abs(expiresAt.getTime() - (before + 900_000))).toBeLessThan(5_000);

    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("%PDF one");
    expect(ok.headers.get("content-disposition")).toContain("filename*=UTF-8''CV%20%E2%80%93%20Zo%C3%AB.pdf");

    // Write with a read link: refused.
    const write = await fetch(url, {
      method: "PUT",
      body: "overwritten",
      headers: { "x-ms-blob-type": "BlockBlob" },
    });
    expect(write.status).toBe(403);
    // The same signature on a sibling blob: refused.
    const sibling = new URL(url);
    sibling.pathname = sibling.pathname.replace("/v1/", "/v2/");
    expect((await fetch(sibling)).status).toBe(403);
    // A tampered disposition (the browser-visible filename) invalidates the signature.
    const renamed = new URL(url);
    renamed.searchParams.set("rscd", "attachment; filename=evil.html");
    expect((await fetch(renamed)).status).toBe(403);
    expect(await (await fetch(url)).text()).toBe("%PDF one");
  });

  it("stop working after expiry", async () => {
    const past = store(azurite, { now: () => new Date(Date.now() - 3_600_000) });
    const { url } = await past.signedReadUrl(path, LINK);
    expect((await fetch(url)).status).toBe(403);
  });

  it("are HTTPS-only unless the emulator flag is set, and an http endpoint needs that flag", async () => {
    const https = new AzureBlobStore({
      endpoint: "https://acct.blob.core.windows.net",
      accountName: "acct",
      container: "c",
      auth: { kind: "account-key", accountKey: azurite.accountKey },
      allowHttp: false,
      defaultTtlSeconds: 900,
    });
    const { url } = await https.signedReadUrl(path, LINK);
    expect(new URL(url).searchParams.get("spr")).toBe("https");
    expect(new URL((await blobs.signedReadUrl(path, LINK)).url).searchParams.get("spr")).toBe("https,http");
    expect(() => store(azurite, { allowHttp: false })).toThrow(/https/);
  });

  it("derive the account from path-style and host-style endpoints", () => {
    expect(accountFromEndpoint(azurite.endpoint)).toBe("devstoreaccount1");
    expect(accountFromEndpoint("https://prodacct.blob.core.windows.net")).toBe("prodacct");
  });
});

describe("Azure store faults (Azurite)", () => {
  it("a frozen store times out as retryable storage_unavailable, and recovers", async () => {
    const azurite = await startAzurite();
    try {
      const container = `faults-${randomUUID().slice(0, 8)}`;
      const blobs = store(azurite, { container, requestTimeoutMs: 300, maxTries: 2 });
      const path = artifactBlobPath(OWNER, JOB, "docx", 1, "cv.docx");
      // The blob exists before the freeze; written through a store with a deadline a busy machine meets.
      await store(azurite, { container, requestTimeoutMs: 30_000 }).put(path, Buffer.from("before"), {
        contentType: "application/octet-stream",
      });
      azurite.pause();
      const unavailable = (e: unknown) => isAppError(e, "storage_unavailable") && e.retryable;
      await expect(blobs.put(path, Buffer.from("during"), { contentType: "text/plain" })).rejects.toSatisfy(
        unavailable,
      );
      await expect(blobs.ping()).rejects.toSatisfy(unavailable);
      azurite.resume();
      // The same store recovers once the emulator answers again; a busy machine may need a few tries of
      // the 300 ms deadline before the resumed process is scheduled.
      let recovered = false;
      for (let attempt = 0; attempt < 30 && !recovered; attempt++) {
        recovered = await blobs.put(path, Buffer.from("after"), { contentType: "text/plain" }).then(
          () => true,
          (e: unknown) => {
            if (!unavailable(e)) throw e;
            return false;
          },
        );
      }
      expect(recovered).toBe(true);
      expect((await blobs.head(path))?.size).toBe(5);
    } finally {
      await azurite.stop();
    }
  });

  it("a stopped store is retryable storage_unavailable for every operation but signing", async () => {
    const azurite = await startAzurite();
    const blobs = store(azurite, { requestTimeoutMs: 1_000, maxTries: 2 });
    const path = artifactBlobPath(OWNER, JOB, "json", 1, "cv.json");
    await azurite.stop();
    const unavailable = (e: unknown) => isAppError(e, "storage_unavailable") && e.retryable;
    await expect(blobs.put(path, Buffer.from("{}"), { contentType: "application/json" })).rejects.toSatisfy(
      unavailable,
    );
    await expect(blobs.get(path)).rejects.toSatisfy(unavailable);
    await expect(blobs.head(path)).rejects.toSatisfy(unavailable);
    await expect(blobs.delete(path)).rejects.toSatisfy(unavailable);
    await expect(blobs.ping()).rejects.toSatisfy(unavailable);
    // Signing with an account key is local computation: it still works, and the link fails later at Azure.
    await expect(blobs.signedReadUrl(path, LINK)).resolves.toHaveProperty("url");
  });
});
