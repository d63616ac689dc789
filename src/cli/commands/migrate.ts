/**
 * `resume-agent migrate`: apply pending migrations and exit. This is what the
 * Helm pre-install/pre-upgrade Job runs; concurrent runs are safe because
 * `runMigrations` holds a PostgreSQL advisory lock.
 */
import { mkdirSync } from "node:fs";
import type { Config } from "../../config.js";
import { createDatabase } from "../../db/client.js";
import { runMigrations } from "../../db/migrate.js";
import { createLogger } from "../../observability/logger.js";
import { EXIT } from "../exit-codes.js";

/** Apply pending migrations to the configured database. */
export async function migrateCommand(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logLevel, base: { process: "migrate" } });
  if (!config.database.url) mkdirSync(config.database.embeddedDir, { recursive: true });
  const database = await createDatabase({
    url: config.database.url,
    poolMax: 1,
    embeddedDir: config.database.url ? undefined : config.database.embeddedDir,
  });
  try {
    const { applied, total } = await runMigrations(database);
    logger.info({ applied, total, engine: database.kind }, "migrations applied");
    return EXIT.ok;
  } finally {
    await database.close();
  }
}
