/**
 * Spawning real worker processes for the process-level tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { ChildOptions } from "./worker-child.js";

const CHILD = fileURLToPath(new URL("./worker-child.ts", import.meta.url));

export type ChildWorker = {
  id: string;
  process: ChildProcess;
  /** Everything the child printed (stdout and stderr). */
  output: string[];
  /** Resolves when the child printed `ready`. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Start a worker process running the test handlers against `options.url`. */
export function spawnWorker(options: ChildOptions): ChildWorker {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  let markReady: () => void = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line) continue;
      output.push(line);
      if (line === "ready") markReady();
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = once(child, "exit").then(([code, signal]) => {
    failReady(new Error(`worker ${options.workerId} exited before it was ready:\n${output.join("\n")}`));
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  return { id: options.workerId, process: child, output, ready, exited };
}
