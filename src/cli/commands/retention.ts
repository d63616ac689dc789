/**
 * `resume-agent retention [--dry-run]`: one retention run, then exit. Run on a
 * schedule (the Helm chart's CronJob); concurrent runs are safe.
 */
import type { Config } from "../../config.js";
import { createLogger } from "../../observability/logger.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

/** Delete what the retention policy says is due (or only report it with `dryRun`); print the counts as JSON. */
export async function retentionCommand(
  config: Config,
  options: { dryRun: boolean },
  io: CliIo,
): Promise<number> {
  const logger = createLogger({ level: config.logLevel, base: { process: "retention" } });
  const { createAppContext, closeAppContext } = await import("../../app/context.js");
  const { runRetention } = await import("../../retention/run-retention.js");
  const ctx = await createAppContext(config, { logger, migrate: config.database.migrateOnStart });
  try {
    const result = await runRetention({
      database: ctx.database,
      blobStore: ctx.blobStore,
      logger,
      config: config.retention,
      dryRun: options.dryRun,
    });
    const { sample, ...counts } = result;
    logger.info(counts, "retention finished");
    // stdout carries the result itself (a dry run's sample included) for scripts and reviewers.
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  } finally {
    await closeAppContext(ctx);
  }
}
