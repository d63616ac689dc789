/** Process exit codes of the `resume-agent` CLI. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (bad input file, database down, invalid configuration). */
  failure: 1,
  /** The command line itself is wrong (unknown command or option, missing argument). */
  usage: 2,
} as const;

/** A command-line mistake found after parsing (e.g. an unknown export format): exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
