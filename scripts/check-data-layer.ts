/**
 * `npm run check:data-layer`: seven end-to-end checks of the data layer
 * against the configured database (DATABASE_URL), or an in-memory embedded
 * database when it is unset. Prints one ✓ line per check; exits non-zero on
 * the first failure. Everything it writes belongs to a fresh owner id and is
 * deleted at the end.
 */
import { randomUUID } from "node:crypto";
import { loadConfig } from "../src/config.js";
import { createDatabase } from "../src/db/client.js";
import { runMigrations } from "../src/db/migrate.js";
import { withOwner } from "../src/db/owner-scope.js";
import { ArtifactRepository, JobRepository, TaskRepository } from "../src/db/repositories/index.js";

const config = loadConfig();
const database = await createDatabase({
  url: config.database.url,
  poolMax: 2,
  applicationName: "check-data-layer",
});
const owner = `check-${randomUUID()}`;
const stranger = `check-${randomUUID()}`;
let failures = 0;
let jobId: string | undefined;

async function check(name: string, run: () => Promise<string>): Promise<void> {
  if (failures > 0) return;
  try {
    console.log(`✓ ${name}: ${await run()}`);
  } catch (error) {
    failures++;
    console.error(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

try {
  const migrated = await runMigrations(database);
  console.log(
    `database: ${database.kind}, migrations applied now: ${migrated.applied}, total: ${migrated.total}`,
  );
  const key = randomUUID();
  const taskRequest = () => ({
    job_id: jobId ?? null,
    owner_user_id: owner,
    idempotency_key: key,
    task_type: "export",
    input_payload: { formats: ["pdf"] },
    trace_id: randomUUID(),
  });
  let taskId = "";
  let firstArtifactId = "";

  await check("create job", async () => {
    const job = await withOwner(database, owner, (tx) =>
      new JobRepository(tx).create({ owner_user_id: owner, original_filename: "check.pdf" }),
    );
    jobId = job.id;
    return job.id;
  });

  await check("create task", async () => {
    const { task, created } = await withOwner(database, owner, (tx) =>
      new TaskRepository(tx).create(taskRequest()),
    );
    assert(created, "the first create did not report created");
    taskId = task.id;
    return task.id;
  });

  await check("idempotent lookup", async () => {
    const again = await withOwner(database, owner, (tx) => new TaskRepository(tx).create(taskRequest()));
    assert(!again.created && again.task.id === taskId, "a repeated create made a second task");
    const found = await withOwner(database, owner, (tx) =>
      new TaskRepository(tx).findByIdempotencyKey(owner, key),
    );
    assert(found?.id === taskId, "findByIdempotencyKey did not return the task");
    return "same key returns the same task";
  });

  await check("owner isolation", async () => {
    const job = await withOwner(database, stranger, (tx) => new JobRepository(tx).findById(jobId!, stranger));
    const task = await withOwner(database, stranger, (tx) =>
      new TaskRepository(tx).findById(taskId, stranger),
    );
    assert(job === null && task === null, "another owner can read the job or task");
    return "another owner sees nothing";
  });

  await check("versions 1, 2, 3", async () => {
    const versions = await withOwner(database, owner, async (tx) => {
      const repo = new ArtifactRepository(tx);
      return [
        await repo.allocateVersion(jobId!, "pdf", "en", owner),
        await repo.allocateVersion(jobId!, "pdf", "en", owner),
        await repo.allocateVersion(jobId!, "pdf", "en", owner),
      ];
    });
    assert(versions.join(",") === "1,2,3", `got ${versions.join(", ")}`);
    return versions.join(", ");
  });

  await check("create artifact", async () => {
    const artifact = await withOwner(database, owner, (tx) =>
      new ArtifactRepository(tx).create({
        job_id: jobId!,
        owner_user_id: owner,
        task_id: taskId,
        kind: "pdf",
        language: "en",
        version: 1,
        blob_path: `checks/${owner}/${jobId}/resume-v1.pdf`,
        filename: "resume.pdf",
        content_type: "application/pdf",
        size_bytes: 0,
        sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      }),
    );
    firstArtifactId = artifact.id;
    return `${artifact.id} (version ${artifact.version})`;
  });

  await check("latest pointer", async () => {
    const moved = await withOwner(database, owner, (tx) =>
      new ArtifactRepository(tx).updateLatestPointer(jobId!, "pdf", firstArtifactId, 1, owner),
    );
    const latest = await withOwner(database, owner, (tx) =>
      new ArtifactRepository(tx).getLatest(jobId!, "pdf", "en", owner),
    );
    assert(moved && latest?.id === firstArtifactId, "getLatest does not return the artifact");
    return `points at version ${latest.version}`;
  });
} catch (error) {
  failures++;
  console.error(`✗ setup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (jobId)
    await withOwner(database, owner, (tx) => new JobRepository(tx).delete(jobId!, owner)).catch(() => {});
  await database.close();
}

if (failures > 0) {
  console.error("data layer check FAILED");
  process.exit(1);
}
console.log("all 7 data layer checks passed");
