/**
 * Running the container tools (debootstrap, buildah, docker, tar) from the
 * image scripts: output streams through, failures name the command, and each
 * step's duration is logged so a slow build shows where the time went.
 */
import { spawn, spawnSync } from "node:child_process";

export type RunOptions = { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean; input?: string };

/** Run to completion, streaming output; throw when the exit code is not 0. */
export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<void> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.input === undefined ? "ignore" : "pipe", options.quiet ? "ignore" : "inherit", "inherit"],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
}

/** Run to completion and return stdout (trimmed); throw with stderr when it fails. */
export function capture(command: string, args: readonly string[], options: RunOptions = {}): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status}: ${result.stderr.trim()}`);
  }
  return result.stdout.trim();
}

/** True when `command args` exits 0 (used to probe for tools and images). */
export function succeeds(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 20_000 });
  return result.status === 0;
}

/** Log a step, run it, and log how long it took. */
export async function step<T>(title: string, body: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  console.log(`==> ${title}`);
  const result = await body();
  console.log(`<== ${title}: ${formatSeconds(performance.now() - started)}`);
  return result;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
