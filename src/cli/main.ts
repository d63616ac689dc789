/**
 * Entry point of the `resume-agent` CLI (`npm start`, `bin/resume-agent.js`,
 * the container's entrypoint). See `program.ts` for the commands.
 */
import { runCli } from "./program.js";

// `resume-agent --help | head`: a closed pipe is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await runCli(process.argv, { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
// A one-shot command that leaves a stray handle open must still end; long-running
// commands only get here after their graceful shutdown finished.
setTimeout(() => process.exit(code), 10_000).unref();
