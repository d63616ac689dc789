/**
 * The local file-system blob store (the embedded default, under DATA_DIR/blobs).
 *
 * - Atomic writes: bytes go to a hidden temp file in the target directory,
 *   are fsynced, then renamed over the final name (and the directory is
 *   fsynced), so a reader or a crash sees the whole blob or none of it. The
 *   caller commits its database row only after `put` resolves, so a committed
 *   row always points at a durable blob.
 * - No path traversal: every path passes `assertBlobPath` (safe segments
 *   only, no `.`/`..`), and the resolved file must still lie inside the root.
 * - The content type is kept in a hidden sidecar file (`.name.meta`). Hidden
 *   names can never be blob paths, so `list` skips them and no path can
 *   address them.
 * - Signed URLs point at the API's own download route (`local-signed-url.ts`).
 */
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
} from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { LOCAL_DOWNLOAD_PATH } from "../api-paths.js";
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
  VerifiedDownload,
} from "./blob-store.js";
import { clampTtlSeconds } from "./blob-store.js";
import { safeContentType } from "./download-headers.js";
import { type SigningKey, signLocalDownload, verifyLocalSignedUrl } from "./local-signed-url.js";

export type LocalBlobStoreOptions = {
  /** The directory everything is stored under (created if missing). */
  root: string;
  /** Keys for signed links; the first signs. None: the store cannot sign links (`internal`). */
  signingKeys: readonly SigningKey[];
  /** Absolute base the links start with (e.g. `https://cv.example.com`); empty gives a root-relative link. */
  publicBaseUrl: string;
  defaultTtlSeconds: number;
  /** Upper bound for `expiresInSeconds`. Default: one day. */
  maxTtlSeconds?: number;
  /** fsync file and directory before `put` resolves (default true; the bench also measures without). */
  durable?: boolean;
  now?: () => Date;
};

/**
 * errno codes that mean the store is (perhaps temporarily) unusable rather than the request being wrong.
 * ENOTDIR: our layout never puts a file where a directory belongs, so it means the root itself is broken.
 */
const UNAVAILABLE = new Set([
  "ENOTDIR",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOSPC",
  "EDQUOT",
  "EIO",
  "EMFILE",
  "ENFILE",
  "EBUSY",
]);

export class LocalBlobStore implements BlobStore {
  readonly driver = "local" as const;
  private readonly root: string;
  private readonly durable: boolean;
  private readonly now: () => Date;

  constructor(private readonly options: LocalBlobStoreOptions) {
    this.root = resolve(options.root);
    this.durable = options.durable ?? true;
    this.now = options.now ?? (() => new Date());
  }

  async put(path: string, body: Buffer | NodeJS.ReadableStream, options: PutOptions): Promise<PutResult> {
    const file = this.resolve(path);
    const dir = dirname(file);
    const temp = join(dir, `.${randomBytes(8).toString("hex")}.tmp`);
    const hash = createHash("sha256");
    let size = 0;
    let handle: FileHandle | undefined;
    try {
      handle = await openForWrite(dir, temp);
      const chunks = Buffer.isBuffer(body) ? [body] : (body as AsyncIterable<Buffer | string>);
      for await (const chunk of chunks) {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        hash.update(bytes);
        size += bytes.length;
        await handle.write(bytes);
      }
      if (this.durable) await handle.sync();
      await handle.close();
      handle = undefined;
      // The sidecar first: a blob that exists always has its metadata.
      await this.writeMeta(file, { contentType: safeContentType(options.contentType) });
      await rename(temp, file);
      if (this.durable) await syncDirectory(dir);
      return { size, sha256: hash.digest("hex") };
    } catch (error) {
      await handle?.close().catch(() => {});
      await rm(temp, { force: true }).catch(() => {});
      throw toStorageError(error, "write");
    }
  }

  async get(path: string): Promise<NodeJS.ReadableStream> {
    const file = this.resolve(path);
    try {
      // Open now so a missing blob is an error here, not a late stream error.
      const handle = await open(file, constants.O_RDONLY);
      // Larger reads than the 64 KB default: a typical export is read in one or two calls.
      return handle.createReadStream({ highWaterMark: 256 * 1024 });
    } catch (error) {
      if (errno(error) === "ENOENT" || errno(error) === "EISDIR") throw notFound("blob");
      throw toStorageError(error, "read");
    }
  }

  async head(path: string): Promise<BlobInfo | null> {
    const file = this.resolve(path);
    try {
      const info = await stat(file);
      if (!info.isFile()) return null;
      const meta = await this.readMeta(file);
      return { size: info.size, contentType: meta.contentType, lastModified: info.mtime };
    } catch (error) {
      if (errno(error) === "ENOENT") return null;
      throw toStorageError(error, "stat");
    }
  }

  async delete(path: string): Promise<boolean> {
    const file = this.resolve(path);
    let deleted = false;
    try {
      await unlink(file);
      deleted = true;
    } catch (error) {
      if (errno(error) !== "ENOENT" && errno(error) !== "EISDIR") throw toStorageError(error, "delete");
    }
    await unlink(metaPath(file)).catch(() => {}); // already gone if the blob was
    await this.pruneEmptyDirectories(dirname(file));
    return deleted;
  }

  /**
   * Remove what a crash or a full disk left behind and `list` never shows: temp files of writes that
   * never finished (`.*.tmp`) and metadata sidecars whose blob is gone, last modified before `cutoff`
   * (so a write in progress is never touched). Returns how many there were (deleted unless `dryRun`).
   */
  async sweepLeftovers(cutoff: Date, dryRun: boolean): Promise<number> {
    let found = 0;
    const visit = async (dir: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (errno(error) === "ENOENT") return;
        throw toStorageError(error, "list");
      }
      const names = new Set(entries.map((e) => e.name));
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          await visit(full);
          continue;
        }
        if (!entry.isFile() || !entry.name.startsWith(".")) continue;
        const leftover =
          entry.name.endsWith(".tmp") ||
          (entry.name.endsWith(".meta") && !names.has(entry.name.slice(1, -".meta".length)));
        if (!leftover) continue;
        const info = await stat(full).catch(() => undefined);
        if (!info || info.mtime.getTime() >= cutoff.getTime()) continue;
        found++;
        if (!dryRun) await unlink(full).catch(() => {});
      }
    };
    await visit(this.root);
    return found;
  }

  async *list(prefix: string): AsyncIterable<BlobListing> {
    assertBlobPrefix(prefix);
    // Walk from the deepest directory the prefix names completely; filter the rest by string prefix.
    const base = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    yield* this.walk(base === "" ? this.root : this.resolve(base), prefix);
  }

  async signedReadUrl(path: string, options: SignedReadUrlOptions): Promise<SignedReadUrl> {
    assertBlobPath(path);
    const ttl = clampTtlSeconds(
      options.expiresInSeconds ?? this.options.defaultTtlSeconds,
      this.options.maxTtlSeconds ?? 86_400,
    );
    const expiresAt = new Date(Math.floor(this.now().getTime() / 1000) * 1000 + ttl * 1000);
    const query = signLocalDownload(
      {
        path,
        ownerUserId: options.ownerUserId,
        downloadFilename: options.downloadFilename,
        contentType: safeContentType(options.contentType),
        expiresAt,
      },
      this.options.signingKeys,
    );
    return {
      url: `${this.options.publicBaseUrl.replace(/\/+$/, "")}${LOCAL_DOWNLOAD_PATH}?${query}`,
      expiresAt,
    };
  }

  verifySignedDownload(query: URLSearchParams | Record<string, unknown>): VerifiedDownload {
    return verifyLocalSignedUrl(query, {
      keys: this.options.signingKeys,
      maxTtlSeconds: this.options.maxTtlSeconds ?? 86_400,
      now: this.now(),
    });
  }

  async ping(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      // O_DIRECTORY: fails with ENOTDIR if the root is a file (a volume that is not mounted, say).
      const probe = await open(this.root, constants.O_RDONLY | constants.O_DIRECTORY);
      await probe.close();
    } catch (error) {
      // mkdir on an existing non-directory reports EEXIST.
      if (errno(error) === "EEXIST") {
        throw new AppError("storage_unavailable", "Blob storage root is not a directory.", { cause: error });
      }
      throw toStorageError(error, "reach");
    }
  }

  /** The absolute file for a blob path; throws unless it lies inside the root. */
  private resolve(path: string): string {
    assertBlobPath(path);
    const file = resolve(this.root, path);
    const rel = relative(this.root, file);
    // Belt and braces: assertBlobPath already forbids `..`, absolute paths and backslashes.
    if (rel === "" || rel.startsWith("..") || rel.includes(`..${sep}`) || resolve(this.root, rel) !== file) {
      throw new AppError("validation_failed", "Invalid blob path.");
    }
    return file;
  }

  private async *walk(dir: string, prefix: string): AsyncGenerator<BlobListing> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (errno(error) === "ENOENT") return;
      throw toStorageError(error, "list");
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue; // temp files and metadata sidecars
      const full = join(dir, entry.name);
      const path = relative(this.root, full).split(sep).join("/");
      if (entry.isDirectory()) {
        // Descend only where the prefix can still match.
        if (`${path}/`.startsWith(prefix) || prefix.startsWith(`${path}/`)) yield* this.walk(full, prefix);
      } else if (entry.isFile() && path.startsWith(prefix)) {
        try {
          const info = await stat(full);
          yield { path, size: info.size, lastModified: info.mtime };
        } catch (error) {
          if (errno(error) !== "ENOENT") throw toStorageError(error, "list"); // deleted meanwhile
        }
      }
    }
  }

  private async writeMeta(file: string, meta: { contentType: string }): Promise<void> {
    const target = metaPath(file);
    const temp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
    const handle = await open(temp, "w", 0o600);
    try {
      // Not fsynced: after a power loss the worst case is a blob whose `head` reports
      // application/octet-stream; downloads take their content type from the database row.
      await handle.writeFile(JSON.stringify(meta));
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  private async readMeta(file: string): Promise<{ contentType: string }> {
    try {
      const parsed = JSON.parse(await readFile(metaPath(file), "utf8")) as { contentType?: unknown };
      return {
        contentType: safeContentType(typeof parsed.contentType === "string" ? parsed.contentType : ""),
      };
    } catch {
      return { contentType: "application/octet-stream" };
    }
  }

  /** Remove directories emptied by a delete, up to (not including) the root, so the tree stays small. */
  private async pruneEmptyDirectories(start: string): Promise<void> {
    for (let dir = start; dir !== this.root && dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }
}

/** Open a temp file for writing, creating the directory; retried if a concurrent delete pruned it. */
async function openForWrite(dir: string, temp: string): Promise<FileHandle> {
  for (let attempt = 0; ; attempt++) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      return await open(temp, "wx", 0o600);
    } catch (error) {
      if (errno(error) !== "ENOENT" || attempt >= 2) throw error;
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function metaPath(file: string): string {
  return join(dirname(file), `.${file.slice(dirname(file).length + 1)}.meta`);
}

function errno(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function toStorageError(error: unknown, action: string): Error {
  if (isAppError(error)) return error;
  const code = errno(error);
  if (code && UNAVAILABLE.has(code)) {
    return new AppError("storage_unavailable", `Blob storage could not ${action} (${code}).`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
