import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_DOWNLOAD_PATH } from "../../src/api-paths.js";
import { isAppError } from "../../src/errors.js";
import { artifactBlobPath } from "../../src/storage/blob-paths.js";
import { contentDisposition, downloadHeaders } from "../../src/storage/download-headers.js";
import { LocalBlobStore } from "../../src/storage/local-blob-store.js";
import {
  type SigningKey,
  signLocalDownload,
  verifyLocalSignedUrl,
} from "../../src/storage/local-signed-url.js";

const K1: SigningKey = { kid: "k1", secret: "first-signing-secret-0123456789abcdef" };
const K2: SigningKey = { kid: "k2", secret: "second-signing-secret-0123456789abcdef" };
const ALICE = "alice@example.com";
const BOB = "bob@example.com";
const JOB = "7d1f3c2a-9b8e-4f6d-8c5b-1a2b3c4d5e6f";
const NOW = new Date("2026-03-01T12:00:00Z");

function sign(overrides: Partial<Parameters<typeof signLocalDownload>[0]> = {}, keys = [K1]) {
  return new URLSearchParams(
    signLocalDownload(
      {
        path: artifactBlobPath(ALICE, JOB, "pdf", 2, "cv.pdf"),
        ownerUserId: ALICE,
        downloadFilename: "Alice – CV.pdf",
        contentType: "application/pdf",
        expiresAt: new Date(NOW.getTime() + 900_000),
        ...overrides,
      },
      keys,
    ),
  );
}

const expectCode = (fn: () => unknown, code: "signature_invalid" | "link_expired" | "not_found") =>
  expect(fn).toThrow(expect.toSatisfy((e) => isAppError(e, code)));

describe("local signed download links", () => {
  it("refuses a correctly signed link that claims to live longer than the store ever signs", () => {
    // A leaked key must not mint links that never expire: the lifetime is bounded on redemption too.
    const forever = sign({ expiresAt: new Date(NOW.getTime() + 10 * 365 * 86_400_000) });
    expectCode(
      () => verifyLocalSignedUrl(forever, { keys: [K1], maxTtlSeconds: 3600, now: NOW }),
      "signature_invalid",
    );
    const hour = sign({ expiresAt: new Date(NOW.getTime() + 3600_000) });
    expect(verifyLocalSignedUrl(hour, { keys: [K1], maxTtlSeconds: 3600, now: NOW }).ownerUserId).toBe(ALICE);
  });

  it("verify what was signed", () => {
    const grant = verifyLocalSignedUrl(sign(), { keys: [K1], maxTtlSeconds: 3600, now: NOW });
    expect(grant).toEqual({
      path: artifactBlobPath(ALICE, JOB, "pdf", 2, "cv.pdf"),
      ownerUserId: ALICE,
      filename: "Alice – CV.pdf",
      contentType: "application/pdf",
      expiresAt: new Date(NOW.getTime() + 900_000),
    });
  });

  it("expire: valid until the second before expiry, link_expired (410) from then on", () => {
    const query = sign();
    expect(
      verifyLocalSignedUrl(query, { keys: [K1], maxTtlSeconds: 3600, now: new Date(NOW.getTime() + 899_999) })
        .ownerUserId,
    ).toBe(ALICE);
    expectCode(
      () =>
        verifyLocalSignedUrl(query, {
          keys: [K1],
          maxTtlSeconds: 3600,
          now: new Date(NOW.getTime() + 900_000),
        }),
      "link_expired",
    );
  });

  it("reject any tampered field with signature_invalid (403), even a later expiry", () => {
    const original = sign();
    const tampered: Record<string, string> = {
      p: artifactBlobPath(ALICE, JOB, "pdf", 1, "cv.pdf"),
      e: String(Number(original.get("e")) + 3600),
      fn: "evil.html",
      ct: "text/html",
      k: "k2",
      sig: `${original.get("sig")?.slice(0, -2)}AA`,
    };
    for (const [field, value] of Object.entries(tampered)) {
      const q = new URLSearchParams(original);
      q.set(field, value);
      expectCode(
        () => verifyLocalSignedUrl(q, { keys: [K1, K2], maxTtlSeconds: 3600, now: NOW }),
        "signature_invalid",
      );
    }
    for (const field of ["p", "o", "e", "k", "fn", "ct", "sig"]) {
      const q = new URLSearchParams(original);
      q.delete(field);
      expectCode(
        () => verifyLocalSignedUrl(q, { keys: [K1], maxTtlSeconds: 3600, now: NOW }),
        "signature_invalid",
      );
    }
    // A non-canonical spelling of the same signature bytes is refused too.
    const padded = new URLSearchParams(original);
    padded.set("sig", `${original.get("sig")}=`);
    expectCode(
      () => verifyLocalSignedUrl(padded, { keys: [K1], maxTtlSeconds: 3600, now: NOW }),
      "signature_invalid",
    );
    // An expired and tampered link reports the tampering, not the expiry.
    const late = new URLSearchParams(original);
    late.set("fn", "x.pdf");
    expectCode(
      () =>
        verifyLocalSignedUrl(late, { keys: [K1], maxTtlSeconds: 3600, now: new Date(NOW.getTime() + 10e6) }),
      "signature_invalid",
    );
  });

  it("cannot be reused across owners", () => {
    // Issuing a link for another owner's blob is refused as if the blob did not exist.
    expectCode(() => sign({ ownerUserId: BOB }), "not_found");
    // Alice's link re-labelled as Bob's, or pointed at Bob's blob, fails verification.
    const alice = sign();
    const relabelled = new URLSearchParams(alice);
    relabelled.set("o", Buffer.from(BOB).toString("base64url"));
    expectCode(
      () => verifyLocalSignedUrl(relabelled, { keys: [K1], maxTtlSeconds: 3600, now: NOW }),
      "signature_invalid",
    );
    const repointed = new URLSearchParams(alice);
    repointed.set("p", artifactBlobPath(BOB, JOB, "pdf", 2, "cv.pdf"));
    expectCode(
      () => verifyLocalSignedUrl(repointed, { keys: [K1], maxTtlSeconds: 3600, now: NOW }),
      "signature_invalid",
    );
    // Bob's own valid link still names Bob and Bob's path only.
    const bob = verifyLocalSignedUrl(
      sign({ ownerUserId: BOB, path: artifactBlobPath(BOB, JOB, "pdf", 2, "cv.pdf") }),
      {
        keys: [K1],
        maxTtlSeconds: 3600,
        now: NOW,
      },
    );
    expect(bob.ownerUserId).toBe(BOB);
  });

  it("rotate keys by key id: new key signs, old links keep working until the old key is dropped", () => {
    const old = sign({}, [K1]);
    const fresh = sign({}, [K2, K1]);
    expect(fresh.get("k")).toBe("k2");
    expect(verifyLocalSignedUrl(old, { keys: [K2, K1], maxTtlSeconds: 3600, now: NOW }).ownerUserId).toBe(
      ALICE,
    );
    expect(verifyLocalSignedUrl(fresh, { keys: [K2, K1], maxTtlSeconds: 3600, now: NOW }).ownerUserId).toBe(
      ALICE,
    );
    expectCode(
      () => verifyLocalSignedUrl(old, { keys: [K2], maxTtlSeconds: 3600, now: NOW }),
      "signature_invalid",
    );
    // Same kid, different secret (a leaked kid is worthless without the secret).
    expectCode(
      () =>
        verifyLocalSignedUrl(old, {
          keys: [{ kid: "k1", secret: "x".repeat(40) }],
          maxTtlSeconds: 3600,
          now: NOW,
        }),
      "signature_invalid",
    );
  });
});

describe("LocalBlobStore.signedReadUrl", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ra-signed-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("points at the API route under the public base URL and uses the default TTL", async () => {
    const store = new LocalBlobStore({
      root: dir,
      signingKeys: [K1],
      publicBaseUrl: "https://cv.example.com/",
      defaultTtlSeconds: 600,
      now: () => NOW,
    });
    const link = await store.signedReadUrl(artifactBlobPath(ALICE, JOB, "pdf", 2, "cv.pdf"), {
      ownerUserId: ALICE,
      downloadFilename: "cv.pdf",
      contentType: "application/pdf",
    });
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(`https://cv.example.com${LOCAL_DOWNLOAD_PATH}`);
    expect(link.expiresAt).toEqual(new Date(NOW.getTime() + 600_000));
    expect(
      verifyLocalSignedUrl(url.searchParams, { keys: [K1], maxTtlSeconds: 3600, now: NOW }).path,
    ).toContain("/artifacts/pdf/v2/");
    // Another owner's blob: indistinguishable from a missing one.
    await expect(
      store.signedReadUrl(artifactBlobPath(BOB, JOB, "pdf", 2, "cv.pdf"), {
        ownerUserId: ALICE,
        downloadFilename: "cv.pdf",
        contentType: "application/pdf",
      }),
    ).rejects.toSatisfy((e) => isAppError(e, "not_found"));
  });
});

describe("download headers", () => {
  it("carry an RFC 5987 filename, no-store and a safe content type", () => {
    const h = downloadHeaders({ filename: 'a"b\r\nc/ü.pdf', contentType: "text/html\r\nX-Evil: 1", size: 5 });
    expect(h["Cache-Control"]).toBe("no-store");
    expect(h["Content-Type"]).toBe("application/octet-stream");
    expect(h["Content-Length"]).toBe("5");
    expect(h["Content-Disposition"]).toBe(
      `attachment; filename="a_b__c_u.pdf"; filename*=UTF-8''a%22b__c_%C3%BC.pdf`,
    );
    expect(contentDisposition("résumé (1).pdf")).toBe(
      `attachment; filename="resume (1).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29.pdf`,
    );
  });
});
