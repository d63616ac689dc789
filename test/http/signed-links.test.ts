/**
 * Download links cannot be forged: no signing key is built into the product, the local-link route exists
 * only where the local store issues links, and a link's lifetime is bounded when it is redeemed.
 */
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localSigningKey } from "../../src/storage/create-blob-store.js";
import { signLocalDownload } from "../../src/storage/local-signed-url.js";
import { type Azurite, startAzurite } from "../support/azurite.js";
import { createHarness, expectProblem, type Harness } from "../support/http.js";

describe("the signed-link download route", () => {
  let azurite: Azurite;
  let onAzure: Harness;
  let onLocal: Harness;
  beforeAll(async () => {
    azurite = await startAzurite();
    onAzure = await createHarness({
      env: {
        STORAGE_DRIVER: "azure",
        AZURE_STORAGE_ENDPOINT: azurite.endpoint,
        AZURE_STORAGE_ACCOUNT: azurite.accountName,
        AZURE_STORAGE_ACCOUNT_KEY: azurite.accountKey,
        AZURE_STORAGE_ALLOW_HTTP: "true",
      },
    });
    onLocal = await createHarness();
  });
  afterAll(async () => {
    await onAzure?.close();
    await onLocal?.close();
    await azurite?.stop();
  });

  it("does not exist with Azure storage, whatever a forged link says", async () => {
    // Before: the route streamed from Azure, signed with the development key that was in the source.
    const forged = signLocalDownload(
      {
        path: "users/bG9jYWwtdXNlcg/jobs/00000000-0000-4000-8000-000000000000/upload/cv.pdf",
        ownerUserId: "local-user",
        downloadFilename: "cv.pdf",
        contentType: "application/pdf",
        expiresAt: new Date(Date.now() + 10 * 365 * 86_400_000),
      },
      [{ kid: "dev", secret: "resume-agent-local-development-signing-key" }],
    );
    expectProblem(await onAzure.app.inject({ url: `/api/v1/blobs/download?${forged}` }), 404, "not_found");
  });

  it("uses a generated, private key per installation with the local store", async () => {
    const file = onLocal.ctx.config.storage.signingKeyFile;
    const key = localSigningKey(file);
    expect(key.secret.length).toBeGreaterThanOrEqual(43); // 256 random bits, base64url
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(localSigningKey(file)).toEqual(key); // stable across restarts
    const other = await createHarness();
    try {
      expect(localSigningKey(other.ctx.config.storage.signingKeyFile).secret).not.toBe(key.secret);
    } finally {
      await other.close();
    }
    // A link signed with the old public development key is refused.
    const old = signLocalDownload(
      {
        path: "users/bG9jYWwtdXNlcg/jobs/00000000-0000-4000-8000-000000000000/upload/cv.pdf",
        ownerUserId: "local-user",
        downloadFilename: "cv.pdf",
        contentType: "application/pdf",
        expiresAt: new Date(Date.now() + 60_000),
      },
      [{ kid: "dev", secret: "resume-agent-local-development-signing-key" }],
    );
    expectProblem(
      await onLocal.app.inject({ url: `/api/v1/blobs/download?${old}` }),
      403,
      "signature_invalid",
    );
  });

  it("refuses a link that claims a lifetime beyond the configured maximum", async () => {
    const key = localSigningKey(onLocal.ctx.config.storage.signingKeyFile);
    const forever = signLocalDownload(
      {
        path: "users/bG9jYWwtdXNlcg/jobs/00000000-0000-4000-8000-000000000000/upload/cv.pdf",
        ownerUserId: "local-user",
        downloadFilename: "cv.pdf",
        contentType: "application/pdf",
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
      },
      [key],
    );
    expectProblem(
      await onLocal.app.inject({ url: `/api/v1/blobs/download?${forever}` }),
      403,
      "signature_invalid",
    );
  });
});
