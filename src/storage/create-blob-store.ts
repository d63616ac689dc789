/**
 * Build the configured blob store. Called once, by the composition root.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { Config } from "../config.js";
import { AzureBlobStore } from "./azure-blob-store.js";
import type { BlobStore } from "./blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";
import type { SigningKey } from "./local-signed-url.js";

export type CreateBlobStoreOptions = {
  /** Absolute base of local signed links (the API's public URL). */
  publicBaseUrl: string;
  /** Azure without an account key: the credential to use (default `DefaultAzureCredential`). */
  credential?: TokenCredential;
  now?: () => Date;
};

/** The blob store `config.storage` describes: local directory or Azure container. */
export function createBlobStore(storage: Config["storage"], options: CreateBlobStoreOptions): BlobStore {
  if (storage.driver === "local") {
    return new LocalBlobStore({
      root: storage.localDir,
      signingKeys:
        storage.signingKeys.length > 0 ? storage.signingKeys : [localSigningKey(storage.signingKeyFile)],
      publicBaseUrl: options.publicBaseUrl,
      defaultTtlSeconds: storage.signedUrlTtlSeconds,
      maxTtlSeconds: storage.signedUrlMaxTtlSeconds,
      ...(options.now ? { now: options.now } : {}),
    });
  }
  const azure = storage.azure;
  const endpoint = azure.endpoint ?? `https://${azure.account}.blob.core.windows.net`;
  const accountName = azure.account ?? accountFromEndpoint(endpoint);
  return new AzureBlobStore({
    endpoint,
    accountName,
    container: azure.container,
    auth: azure.accountKey
      ? { kind: "account-key", accountKey: azure.accountKey }
      : // Managed identity / workload identity; the SDK reads its own AZURE_* variables.
        { kind: "token", credential: options.credential ?? new DefaultAzureCredential() },
    allowHttp: azure.allowHttp,
    defaultTtlSeconds: storage.signedUrlTtlSeconds,
    maxTtlSeconds: storage.signedUrlMaxTtlSeconds,
    requestTimeoutMs: storage.requestTimeoutMs,
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * The signing key of a setup without STORAGE_SIGNING_KEYS (never production: the config refuses that):
 * 256 random bits generated on first start and kept in a file only this user can read, so links survive
 * restarts and no key is shared between installations.
 */
export function localSigningKey(file: string): SigningKey {
  const read = () => readFileSync(file, "utf8").trim();
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      // "wx": when two processes start at once, one writes and the other reads what it wrote.
      writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const secret = read();
  if (secret.length < 32) throw new Error(`${file} does not hold a signing key; delete it to make a new one`);
  return { kid: "local", secret };
}

/** `https://acct.blob.core.windows.net` → `acct`; path-style `http://127.0.0.1:10000/acct` → `acct`. */
export function accountFromEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  const firstPathSegment = url.pathname.split("/").find(Boolean);
  const account = firstPathSegment ?? url.hostname.split(".")[0];
  if (!account) throw new Error(`cannot derive the storage account from ${url.origin}`);
  return account;
}
