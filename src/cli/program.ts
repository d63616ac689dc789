/**
 * The `resume-agent` command line: one binary (and one container image) that
 * runs as the API server, a worker, the migration job, the retention job, or
 * an offline one-shot export.
 *
 * Command modules are imported lazily inside each action so that optional
 * trace export can start before the HTTP server and database modules load,
 * and so `--help` stays fast.
 */

import { Command, CommanderError, Option } from "commander";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { isAppError } from "../errors.js";
import { EXIT, UsageError } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { VERSION } from "./version.js";

/** Parse `argv` (as in `process.argv`), run the command, and return the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("resume-agent")
    .description("Resume Agent: parse, edit, optimize and export CVs as a service or from the command line.")
    .version(VERSION, "-V, --version")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();

  program
    .command("serve")
    .description("Run the HTTP API and web UI; by default also an in-process worker.")
    .option("--no-worker", "serve only; run workers separately with `resume-agent worker`")
    .addHelpText("after", ENV_HELP)
    .action(async (options: { worker: boolean }) => {
      const config = loadConfig();
      const { serveCommand } = await import("./commands/serve.js");
      setExit(await serveCommand(config, { worker: options.worker }));
    });

  program
    .command("worker")
    .description(
      "Run task workers only (parse, optimize, export, retention tasks); stops gracefully on SIGTERM.",
    )
    .addHelpText("after", ENV_HELP)
    .action(async () => {
      const config = loadConfig();
      const { workerCommand } = await import("./commands/worker.js");
      setExit(await workerCommand(config));
    });

  program
    .command("migrate")
    .description("Apply pending database migrations and exit (safe to run concurrently).")
    .addHelpText("after", ENV_HELP)
    .action(async () => {
      const config: Config = loadConfig();
      const { migrateCommand } = await import("./commands/migrate.js");
      setExit(await migrateCommand(config));
    });

  program
    .command("retention")
    .description(
      "Delete expired non-latest artifacts, orphan blobs and old task/event rows, then exit (one batch run).",
    )
    .option("--dry-run", "report what would be deleted without deleting anything", false)
    .addHelpText("after", ENV_HELP)
    .action(async (options: { dryRun: boolean }) => {
      const config = loadConfig();
      const { retentionCommand } = await import("./commands/retention.js");
      setExit(await retentionCommand(config, { dryRun: options.dryRun }, io));
    });

  program
    .command("export")
    .description("Parse a CV file and render it offline (no server, no database).")
    .argument("<file>", "the CV to convert: PDF, DOCX, TXT, Markdown or JSON Resume")
    .addOption(
      new Option("-f, --format <formats>", "comma-separated output formats: pdf, docx, json, zip").default(
        "pdf,docx",
      ),
    )
    .requiredOption("-o, --out <dir>", "directory to write the files to (created if missing)")
    .option("-t, --template <id>", "template: classic, modern or compact")
    .addOption(new Option("--page-size <size>", "page size").choices(["A4", "Letter"]))
    .option("--plain", "print plain progress lines even on a terminal", false)
    .addHelpText(
      "after",
      "\nExample:\n  resume-agent export cv.pdf --format pdf,docx --out ./out --template modern\n",
    )
    .action(
      async (
        file: string,
        options: {
          format: string;
          out: string;
          template?: string;
          pageSize?: "A4" | "Letter";
          plain: boolean;
        },
      ) => {
        const config = loadConfig();
        const { exportCommand } = await import("./commands/export.js");
        setExit(await exportCommand(config, { file, ...options }, io));
      },
    );

  program
    .command("healthcheck")
    .description(
      "Exit 0 when the server or worker in this container answers /healthz (container HEALTHCHECK).",
    )
    .action(async () => {
      const config = loadConfig();
      const { healthcheckCommand } = await import("./commands/healthcheck.js");
      setExit(await healthcheckCommand(config, io));
    });

  return program;
}

const ENV_HELP = `
Configuration comes from environment variables (DATABASE_URL, STORAGE_DRIVER,
AUTH_MODE, WORKER_CONCURRENCY, ...); see .env.example for the full list.`;

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // --help and --version end through exitOverride too, with code 0.
    if (error.exitCode === 0) return EXIT.ok;
    return EXIT.usage; // commander already printed the message
  }
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n(run with --help for usage)\n`);
    return EXIT.usage;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`configuration error: ${error.message}\n`);
    return EXIT.failure;
  }
  if (isAppError(error)) {
    io.stderr.write(`error [${error.code}]: ${error.message}\n`);
    return EXIT.failure;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === "string") {
    // Operational failures (database refused, SQLSTATE, file system): the message says it all.
    io.stderr.write(`error: ${error.message} [${code}]\n`);
    return EXIT.failure;
  }
  // Anything else is a bug: keep the stack.
  io.stderr.write(
    `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.failure;
}
