/**
 * Azure Blob Storage adapter (`@azure/storage-blob`).
 *
 * Two ways to authenticate, chosen by the composition root:
 * - account key → links are service SAS signed with the key;
 * - a token credential (managed / workload identity through
 *   `DefaultAzureCredential`) → links are user delegation SAS, signed with a
 *   user delegation key fetched from the service and cached until shortly
 *   before it expires.
 *
 * Every link is read-only, for one blob, HTTPS-only (HTTP only when
 * `allowHttp`, which the config allows for the emulator alone), with no start
 * time (so a client whose clock runs behind is not refused), an expiry of the
 * configured TTL (15 minutes by default), and `Content-Disposition`,
 * `Content-Type` and `Cache-Control: no-store` overrides from our own row.
 *
 * Uploads are atomic on the service side: a single-shot put, or staged blocks
 * that become visible only when the block list is committed at the end.
 * Requests time out per try and are retried a few times by the SDK; whatever
 * still fails for reasons other than "not found" becomes `storage_unavailable`.
 */
import { createHash } from "node:crypto";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TokenCredential } from "@azure/identity";
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  type StoragePipelineOptions,
  StorageSharedKeyCredential,
  type UserDelegationKey,
} from "@azure/storage-blob";
import { AppError, isAppError, notFound } from "../errors.js";
import { assertBlobPath, assertBlobPrefix } from "./blob-paths.js";
import type {
  BlobInfo,
  BlobListing,
  BlobStore,
  PutOptions,
  PutResult,
  SignedReadUrl,
  SignedReadUrlOptions,
} from "./blob-store.js";
import { clampTtlSeconds } from "./blob-store.js";
import { contentDisposition, safeContentType } from "./download-headers.js";

export type AzureAuth =
  | { kind: "account-key"; accountKey: string }
  | { kind: "token"; credential: TokenCredential };

export type AzureBlobStoreOptions = {
  /** Blob endpoint incl. account for path-style hosts (Azurite: `http://127.0.0.1:10000/devstoreaccount1`). */
  endpoint: string;
  accountName: string;
  container: string;
  auth: AzureAuth;
  /** Permit an `http:` endpoint and HTTP in SAS links (emulator only). */
  allowHttp: boolean;
  defaultTtlSeconds: number;
  /** Upper bound for `expiresInSeconds` (default one hour). */
  maxTtlSeconds?: number;
  /**
   * Time budget of one operation, retries included (default 30 s). Enforced on
   * our side by aborting the request: the SDK's own `tryTimeoutInMs` is only a
   * server-side hint and does nothing against a store that stops answering.
   */
  requestTimeoutMs?: number;
  /** Tries per request including the first (default 3). */
  maxTries?: number;
  /** Create the container on first write if it is missing (default true). */
  createContainer?: boolean;
  now?: () => Date;
};

const UPLOAD_BUFFER_BYTES = 4 * 1024 * 1024;
/** User delegation keys are requested for this long and renewed once less than a link's lifetime remains. */
const DELEGATION_KEY_LIFETIME_MS = 6 * 60 * 60 * 1000;
/** Backdating for the delegation key's start, against clock skew between us and Azure. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export class AzureBlobStore implements BlobStore {
  readonly driver = "azure" as const;
  private readonly container: ContainerClient;
  private readonly service: BlobServiceClient;
  private readonly now: () => Date;
  private readonly timeoutMs: number;
  private containerReady: Promise<void> | undefined;
  private delegationKey: Promise<UserDelegationKey> | undefined;
  private delegationKeyExpires = 0;

  constructor(private readonly options: AzureBlobStoreOptions) {
    const endpoint = new URL(options.endpoint);
    if (endpoint.protocol !== "https:" && !(endpoint.protocol === "http:" && options.allowHttp)) {
      throw new AppError("internal", "The Azure blob endpoint must use https (http only with allowHttp).");
    }
    const pipelineOptions: StoragePipelineOptions = {
      retryOptions: {
        maxTries: options.maxTries ?? 3,
        // Server-side timeout (whole seconds); the client-side deadline is `withDeadline`.
        tryTimeoutInMs: Math.max(1_000, options.requestTimeoutMs ?? 30_000),
        retryDelayInMs: 200,
        maxRetryDelayInMs: 2_000,
      },
      userAgentOptions: { userAgentPrefix: "resume-agent" },
    };
    const credential =
      options.auth.kind === "account-key"
        ? new StorageSharedKeyCredential(options.accountName, options.auth.accountKey)
        : options.auth.credential;
    this.service = new BlobServiceClient(options.endpoint.replace(/\/+$/, ""), credential, pipelineOptions);
    this.container = this.service.getContainerClient(options.container);
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async put(path: string, body: Buffer | NodeJS.ReadableStream, options: PutOptions): Promise<PutResult> {
    const blob = this.container.getBlockBlobClient(assertBlobPath(path));
    const blobHTTPHeaders = { blobContentType: safeContentType(options.contentType) };
    await this.ensureContainer();
    if (Buffer.isBuffer(body)) {
      try {
        await this.withDeadline((abortSignal) => blob.uploadData(body, { blobHTTPHeaders, abortSignal }));
      } catch (error) {
        throw toStorageError(error, "write");
      }
      return { size: body.length, sha256: createHash("sha256").update(body).digest("hex") };
    }
    const hash = createHash("sha256");
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const piping = pipeline(body as Readable, hasher);
    piping.catch(() => {}); // observed below; avoid an unhandled rejection when the upload fails first
    try {
      await this.withDeadline((abortSignal) =>
        Promise.all([
          blob.uploadStream(hasher, UPLOAD_BUFFER_BYTES, 2, { blobHTTPHeaders, abortSignal }),
          piping,
        ]),
      );
    } catch (error) {
      hasher.destroy();
      throw toStorageError(error, "write");
    }
    return { size, sha256: hash.digest("hex") };
  }

  async get(path: string): Promise<NodeJS.ReadableStream> {
    const blob = this.container.getBlobClient(assertBlobPath(path));
    try {
      // The deadline covers the response headers; the body then streams at the reader's pace.
      const response = await this.withDeadline((abortSignal) =>
        blob.download(0, undefined, { maxRetryRequests: 3, abortSignal }),
      );
      if (!response.readableStreamBody) throw new AppError("storage_unavailable", "Empty download response.");
      return response.readableStreamBody;
    } catch (error) {
      if (statusOf(error) === 404) throw notFound("blob");
      throw toStorageError(error, "read");
    }
  }

  async head(path: string): Promise<BlobInfo | null> {
    const blob = this.container.getBlobClient(assertBlobPath(path));
    try {
      const p = await this.withDeadline((abortSignal) => blob.getProperties({ abortSignal }));
      return {
        size: p.contentLength ?? 0,
        contentType: p.contentType ?? "application/octet-stream",
        lastModified: p.lastModified ?? new Date(0),
      };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw toStorageError(error, "stat");
    }
  }

  async delete(path: string): Promise<boolean> {
    const blob = this.container.getBlobClient(assertBlobPath(path));
    try {
      const result = await this.withDeadline((abortSignal) =>
        blob.deleteIfExists({ deleteSnapshots: "include", abortSignal }),
      );
      return result.succeeded;
    } catch (error) {
      if (statusOf(error) === 404) return false; // container gone: nothing to delete
      throw toStorageError(error, "delete");
    }
  }

  async *list(prefix: string): AsyncIterable<BlobListing> {
    assertBlobPrefix(prefix);
    // One signal for the whole listing (the SDK takes it once), re-armed with a fresh budget per page.
    const controller = new AbortController();
    const pages = this.container
      .listBlobsFlat({ ...(prefix ? { prefix } : {}), abortSignal: controller.signal })
      .byPage({ maxPageSize: 1000 });
    while (true) {
      let page: Awaited<ReturnType<typeof pages.next>>;
      const timer = setTimeout(() => controller.abort(), this.timeoutMs);
      try {
        page = await pages.next();
      } catch (error) {
        if (controller.signal.aborted) throw timedOut("list", this.timeoutMs, error);
        if (statusOf(error) === 404) return; // no container yet: nothing stored
        throw toStorageError(error, "list");
      } finally {
        clearTimeout(timer);
      }
      if (page.done) return;
      for (const item of page.value.segment.blobItems) {
        yield {
          path: item.name,
          size: item.properties.contentLength ?? 0,
          lastModified: item.properties.lastModified,
        };
      }
    }
  }

  async signedReadUrl(path: string, options: SignedReadUrlOptions): Promise<SignedReadUrl> {
    const blob = this.container.getBlobClient(assertBlobPath(path));
    const ttl = clampTtlSeconds(
      options.expiresInSeconds ?? this.options.defaultTtlSeconds,
      this.options.maxTtlSeconds ?? 3_600,
    );
    const expiresOn = new Date(this.now().getTime() + ttl * 1000);
    const values = {
      containerName: this.options.container,
      blobName: path,
      permissions: BlobSASPermissions.parse("r"),
      // No startsOn: valid from signing, so a client clock running behind does not see "not yet valid".
      expiresOn,
      protocol: this.options.allowHttp ? SASProtocol.HttpsAndHttp : SASProtocol.Https,
      contentDisposition: contentDisposition(options.downloadFilename),
      contentType: safeContentType(options.contentType),
      cacheControl: "no-store",
    };
    const auth = this.options.auth;
    const sas =
      auth.kind === "account-key"
        ? generateBlobSASQueryParameters(
            values,
            new StorageSharedKeyCredential(this.options.accountName, auth.accountKey),
          )
        : generateBlobSASQueryParameters(
            values,
            await this.userDelegationKey(expiresOn),
            this.options.accountName,
          );
    return { url: `${blob.url}?${sas.toString()}`, expiresAt: expiresOn };
  }

  async ping(): Promise<void> {
    try {
      // Container-level, so a managed identity scoped to the container suffices (no account-level read).
      await this.withDeadline((abortSignal) => this.container.exists({ abortSignal }), 5_000);
    } catch (error) {
      throw toStorageError(error, "reach");
    }
  }

  private ensureContainer(): Promise<void> {
    if (this.options.createContainer === false) return Promise.resolve();
    this.containerReady ??= this.withDeadline((abortSignal) =>
      this.container.createIfNotExists({ abortSignal }),
    ).then(
      () => undefined,
      (error: unknown) => {
        this.containerReady = undefined; // try again on the next write
        throw toStorageError(error, "create the container");
      },
    );
    return this.containerReady;
  }

  /** Run one SDK call under our deadline; a call cut off by it is `storage_unavailable` (retryable). */
  private async withDeadline<T>(
    call: (abortSignal: AbortSignal) => Promise<T>,
    capMs = Infinity,
  ): Promise<T> {
    const ms = Math.min(this.timeoutMs, capMs);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    try {
      return await call(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) throw timedOut("finish", ms, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A user delegation key valid at least until `until`, shared by concurrent callers. */
  private async userDelegationKey(until: Date): Promise<UserDelegationKey> {
    const now = this.now().getTime();
    if (!this.delegationKey || this.delegationKeyExpires < until.getTime() + 60_000) {
      const startsOn = new Date(now - CLOCK_SKEW_MS);
      const expiresOn = new Date(Math.max(now + DELEGATION_KEY_LIFETIME_MS, until.getTime() + 60_000));
      this.delegationKeyExpires = expiresOn.getTime();
      this.delegationKey = this.withDeadline((abortSignal) =>
        this.service.getUserDelegationKey(startsOn, expiresOn, { abortSignal }),
      ).then(
        (key) => key,
        (error: unknown) => {
          this.delegationKey = undefined;
          this.delegationKeyExpires = 0;
          throw toStorageError(error, "obtain a user delegation key");
        },
      );
    }
    return this.delegationKey;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

function timedOut(action: string, ms: number, cause: unknown): AppError {
  return new AppError("storage_unavailable", `Blob storage did not ${action} within ${ms} ms.`, { cause });
}

/** Anything but an expected AppError: the store failed us; retry later. */
function toStorageError(error: unknown, action: string): AppError {
  if (isAppError(error)) return error;
  const status = statusOf(error);
  const code = (error as { code?: unknown } | null)?.code;
  const detail = status ? `HTTP ${status}` : typeof code === "string" ? code : (error as Error)?.name;
  return new AppError("storage_unavailable", `blob storage could not ${action} (${detail ?? "error"})`, {
    cause: error,
  });
}
