/**
 * Build the configured blob store. Called once, by the composition root.
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { Config } from "../config.js";
import { AzureBlobStore } from "./azure-blob-store.js";
import type { BlobStore } from "./blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";

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
      signingKeys: storage.signingKeys,
      publicBaseUrl: options.publicBaseUrl,
      defaultTtlSeconds: storage.signedUrlTtlSeconds,
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
    maxTtlSeconds: Math.max(storage.signedUrlTtlSeconds, 3_600),
    requestTimeoutMs: storage.requestTimeoutMs,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** `https://acct.blob.core.windows.net` → `acct`; path-style `http://127.0.0.1:10000/acct` → `acct`. */
export function accountFromEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  const firstPathSegment = url.pathname.split("/").find(Boolean);
  const account = firstPathSegment ?? url.hostname.split(".")[0];
  if (!account) throw new Error(`cannot derive the storage account from ${url.origin}`);
  return account;
}
