/**
 * The real server for browser tests: composition root, HTTP server and an
 * in-process worker on a free loopback port, over a fresh test database and a
 * temporary blob directory. The web UI is built first if it is stale.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureWebBuild } from "../../../scripts/ensure-web-build.js";
import { createAppContext } from "../../../src/app/context.js";
import { type RunningServer, startServer } from "../../../src/app/server.js";
import { loadConfig } from "../../../src/config.js";
import type { Database } from "../../../src/db/client.js";
import { createTestDatabase } from "../../support/database.js";

export type E2eServer = {
  baseUrl: string;
  /** The server's database, for a flow that stands for time passing (e.g. moving an expiry back). */
  database: Database;
  close(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts everything; `env` overrides configuration (e.g. a small upload limit). */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  await ensureWebBuild({ quiet: true });
  const testDb = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), "ra-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dir,
    RATE_LIMIT_PER_MINUTE: "100000",
    WORKER_POLL_INTERVAL_MS: "100",
    WORKER_CONCURRENCY: "2",
    ...env,
  });
  let running: RunningServer | undefined;
  try {
    const ctx = await createAppContext(config, {
      database: testDb.database,
      migrate: false,
      publicBaseUrl: baseUrl,
    });
    running = await startServer(ctx, { worker: true, installSignalHandlers: false, port });
  } catch (error) {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    baseUrl,
    database: testDb.database,
    async close() {
      await running?.stop();
      await testDb.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
