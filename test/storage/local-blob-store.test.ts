/**
 * Local-store specifics the contract cannot see: what is on disk.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.js";
import { jobBlobPrefix, uploadBlobPath } from "../../src/storage/blob-paths.js";
import { LocalBlobStore } from "../../src/storage/local-blob-store.js";
import { readStream } from "../../src/storage/read-stream.js";

let root = "";
let store: LocalBlobStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "ra-local-store-"));
  store = new LocalBlobStore({ root, signingKeys: [], publicBaseUrl: "", defaultTtlSeconds: 60 });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe("LocalBlobStore on disk", () => {
  it("sweeps the temp files and orphaned sidecars interrupted writes leave, but nothing in progress", async () => {
    const path = uploadBlobPath("owner", randomUUID(), "cv.pdf");
    await store.put(path, Buffer.from("%PDF-1.7 kept"), { contentType: "application/pdf" });
    const dir = join(root, ...path.split("/").slice(0, -1));
    // What a crash mid-write (or ENOSPC before the rename) leaves: a temp file, a sidecar whose blob is gone.
    await writeFile(join(dir, ".0123456789abcdef.tmp"), "half a file");
    await writeFile(join(dir, ".gone.pdf.meta"), '{"contentType":"application/pdf"}');
    await writeFile(join(dir, ".cv.pdf.meta.abcd1234.tmp"), "{");
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of [".0123456789abcdef.tmp", ".gone.pdf.meta", ".cv.pdf.meta.abcd1234.tmp"]) {
      await utimes(join(dir, name), hourAgo, hourAgo);
    }
    await writeFile(join(dir, ".fresh.tmp"), "a write in progress");
    const cutoff = new Date(Date.now() - 60_000);
    expect(await store.sweepLeftovers(cutoff, true)).toBe(3);
    expect((await filesUnder(root)).length).toBe(6); // a dry run deletes nothing
    expect(await store.sweepLeftovers(cutoff, false)).toBe(3);
    const left = (await filesUnder(root)).map((f) => f.split("/").pop());
    expect(left.sort()).toEqual([".cv.pdf.meta", ".fresh.tmp", "cv.pdf"]);
    expect((await store.head(path))?.contentType).toBe("application/pdf");
  });

  it("a failed write leaves no temp file and no metadata", async () => {
    const path = uploadBlobPath("o", randomUUID(), "cv.pdf");
    async function* failing() {
      yield Buffer.alloc(1024);
      throw new Error("aborted upload");
    }
    await expect(
      store.put(path, Readable.from(failing()), { contentType: "application/pdf" }),
    ).rejects.toThrow("aborted upload");
    expect(await filesUnder(root)).toEqual([]);
  });

  it("keeps the content type in a hidden sidecar that no blob path can address or list", async () => {
    const path = uploadBlobPath("o", randomUUID(), "cv.pdf");
    await store.put(path, Buffer.from("x"), { contentType: "application/pdf" });
    const files = await filesUnder(root);
    expect(files.sort()).toEqual([path, path.replace(/cv\.pdf$/, ".cv.pdf.meta")].sort());
    const listed = [];
    for await (const b of store.list("")) listed.push(b.path);
    expect(listed).toEqual([path]);
    await expect(store.get(path.replace(/cv\.pdf$/, ".cv.pdf.meta"))).rejects.toSatisfy((e) =>
      isAppError(e, "validation_failed"),
    );
  });

  it("deleting the last blob of a job prunes its empty directories, not the root", async () => {
    const job = randomUUID();
    const path = uploadBlobPath("o", job, "cv.pdf");
    await store.put(path, Buffer.from("x"), { contentType: "application/pdf" });
    expect(await store.delete(path)).toBe(true);
    expect(await readdir(root)).toEqual([]);
    // And a new write recreates them.
    await store.put(path, Buffer.from("y"), { contentType: "application/pdf" });
    expect((await readStream(await store.get(path))).toString()).toBe("y");
    const listed = [];
    for await (const b of store.list(jobBlobPrefix("o", job))) listed.push(b.path);
    expect(listed).toEqual([path]);
  });

  it("a root that is not a directory makes every operation storage_unavailable", async () => {
    const file = join(root, "not-a-dir");
    await writeFile(file, "x");
    const broken = new LocalBlobStore({
      root: file,
      signingKeys: [],
      publicBaseUrl: "",
      defaultTtlSeconds: 60,
    });
    const path = uploadBlobPath("o", randomUUID(), "cv.pdf");
    const unavailable = (e: unknown) => isAppError(e, "storage_unavailable") && e.retryable;
    await expect(broken.ping()).rejects.toSatisfy(unavailable);
    await expect(broken.put(path, Buffer.from("x"), { contentType: "text/plain" })).rejects.toSatisfy(
      unavailable,
    );
    await expect(broken.get(path)).rejects.toSatisfy(unavailable);
    await expect(broken.head(path)).rejects.toSatisfy(unavailable);
  });

  it("never follows a path out of the root, even through a planted symlink's name", async () => {
    // The only way out would be a `..` segment or an absolute path; both are refused before any I/O.
    await symlink("/etc", join(root, "users"));
    const outside = new LocalBlobStore({ root, signingKeys: [], publicBaseUrl: "", defaultTtlSeconds: 60 });
    for (const bad of ["users/../../etc/passwd", "../etc/passwd", "/etc/passwd"]) {
      await expect(outside.get(bad)).rejects.toSatisfy((e) => isAppError(e, "validation_failed"));
    }
  });
});
