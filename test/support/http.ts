/**
 * The API test harness: a real PostgreSQL database per test file, a local blob
 * store in a temp directory, the real composition root and server.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { type AppContext, closeAppContext, createAppContext } from "../../src/app/context.js";
import { buildServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { withOwner } from "../../src/db/owner-scope.js";
import { ArtifactRepository } from "../../src/db/repositories/artifact-repository.js";
import { JobRepository } from "../../src/db/repositories/job-repository.js";
import type { ArtifactKind, JobRow } from "../../src/db/schema.js";
import type { Logger } from "../../src/observability/logger.js";
import { fromJsonResume } from "../../src/resume/json-resume.js";
import { defaultExportSettings } from "../../src/resume/settings.js";
import { artifactBlobPath } from "../../src/storage/blob-paths.js";
import type { BlobStore } from "../../src/storage/blob-store.js";
import { createBlobStore } from "../../src/storage/create-blob-store.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS = resolve(REPO_ROOT, "../shared/corpus");

export type Harness = {
  ctx: AppContext;
  app: FastifyInstance;
  testDb: TestDatabase;
  dir: string;
  close(): Promise<void>;
};

export type HarnessOptions = {
  env?: Record<string, string>;
  /** Build the Fastify app (default true). */
  server?: boolean;
  publicBaseUrl?: string;
  logger?: Logger;
  /** Wrap the real local blob store (fault injection). */
  wrapBlobStore?: (store: BlobStore) => BlobStore;
};

/** A context and server on a fresh database and a temp blob directory. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const testDb = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), "ra-api-"));
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    RATE_LIMIT_PER_MINUTE: "100000",
    WORKER_POLL_INTERVAL_MS: "50",
    // Tests that count a worker's settled tasks must not meet the retention run workers schedule
    // (test/tasks/scheduler.test.ts covers the schedule).
    RETENTION_INTERVAL_MINUTES: "0",
    ...options.env,
  });
  const publicBaseUrl = options.publicBaseUrl ?? "http://127.0.0.1:3000";
  const ctx = await createAppContext(config, {
    database: testDb.database,
    migrate: false,
    publicBaseUrl,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.wrapBlobStore
      ? { blobStore: options.wrapBlobStore(await createBlobStore(config.storage, { publicBaseUrl })) }
      : {}),
  });
  const app = options.server === false ? (undefined as unknown as FastifyInstance) : await buildServer(ctx);
  return {
    ctx,
    app,
    testDb,
    dir,
    async close() {
      await app?.close();
      await closeAppContext(ctx);
      await testDb.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const OWNER_A = "owner-a@example.test";
export const OWNER_B = "owner-b@example.test";

/** The sample JSON Resume mapped to our model. */
export function sampleSections(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(CORPUS, "json-resume/sample.resume.json"), "utf8"));
  return fromJsonResume(json) as unknown as Record<string, unknown>;
}

/** A parsed (optionally confirmed) job inserted directly, without the parse pipeline. */
export async function seedJob(
  ctx: AppContext,
  owner: string,
  options: { confirmed?: boolean } = {},
): Promise<JobRow> {
  return withOwner(ctx.database, owner, async (tx) => {
    const jobs = new JobRepository(tx);
    const job = await jobs.create({
      owner_user_id: owner,
      original_filename: "seed.json",
      content_type: "application/json",
      size_bytes: 10,
      parse_status: "parsed",
      sections: sampleSections(),
      export_settings: defaultExportSettings(),
    });
    if (!options.confirmed) return job;
    return (await jobs.confirmSections(job.id, owner)) as JobRow;
  });
}

/** An artifact with its blob, inserted directly. */
export async function seedArtifact(
  ctx: AppContext,
  owner: string,
  jobId: string,
  kind: ArtifactKind = "pdf",
) {
  const bytes = Buffer.from(`%PDF-1.7 seeded ${kind} ${Math.random()}`);
  return withOwner(ctx.database, owner, async (tx) => {
    const repo = new ArtifactRepository(tx);
    const version = await repo.allocateVersion(jobId, kind, "en", owner);
    const path = artifactBlobPath(owner, jobId, kind, version, `resume.${kind}`);
    const stored = await ctx.blobStore.put(path, bytes, { contentType: "application/pdf" });
    const artifact = await repo.create({
      job_id: jobId,
      owner_user_id: owner,
      task_id: null,
      kind,
      language: "en",
      version,
      blob_path: path,
      filename: `resume.${kind}`,
      content_type: kind === "pdf" ? "application/pdf" : "application/octet-stream",
      size_bytes: stored.size,
      sha256: stored.sha256,
    });
    await repo.updateLatestPointer(jobId, kind, artifact.id, version, owner);
    return { artifact, bytes };
  });
}

/** A multipart/form-data body with one `file` part. */
export function multipart(
  filename: string,
  bytes: Buffer,
  contentType = "application/octet-stream",
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ra${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** The parsed JSON of a response. */
export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

/** Headers for an owner in dev auth mode. */
export function as(owner: string, extra: Record<string, string> = {}): Record<string, string> {
  return { "x-owner-user-id": owner, ...extra };
}

/** The path and query of an absolute URL, for `inject`. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** An application/problem+json body. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: unknown[];
  /** Extension members of some codes (conflicts, fields, characters, limit, …). */
  [member: string]: unknown;
};

/** Assert a problem+json answer with this status and code, and no stack trace in it. */
export function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.body) as Problem;
  expect(problem).toMatchObject({ status, code });
  expect(typeof problem.title).toBe("string");
  expect(typeof problem.type).toBe("string");
  expect(response.body).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
  return problem;
}
