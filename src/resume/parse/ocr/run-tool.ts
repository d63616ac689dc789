/**
 * Runs an OCR helper binary (tesseract, pdftoppm, pdfinfo) on untrusted input
 * with hard bounds: an argument vector (never a shell string), a wall-clock
 * deadline, a cap on what it may print, and, through `prlimit`, caps on its
 * address space and CPU seconds.
 *
 * The CPU cap matters beyond our own deadline: a parse thread that is
 * terminated (timeout, cancel) cannot kill its children, so each child must
 * end by itself. A CPU-bound orphan dies at its CPU cap; a waiting one gets
 * end-of-file on its closed pipes.
 */
import { spawn } from "node:child_process";

/** Where the tools are looked up. Fixed, so the children never see the service's environment. */
export const TOOL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/homebrew/bin";

export type ToolLimits = {
  /** Wall-clock deadline; the process is killed when it passes. */
  timeoutMs: number;
  /** Largest standard output accepted; the process is killed beyond it. */
  maxOutputBytes: number;
  /** Address-space cap in bytes (applied only when `prlimit` is given). */
  memoryBytes?: number;
};

export type ToolOptions = ToolLimits & {
  /** Bytes written to standard input (closed right after). */
  input?: Uint8Array;
  /** Path of util-linux `prlimit`; without it the memory and CPU caps are not applied. */
  prlimit?: string;
  /** Where binaries are looked up (default `TOOL_PATH`). */
  toolPath?: string;
  /** Called with the process id once it runs (for logs and tests). */
  onSpawn?: (pid: number) => void;
  signal?: AbortSignal;
};

export type ToolFailureKind =
  /** The binary is not installed. */
  | "missing"
  /** The deadline passed. */
  | "timeout"
  /** It printed more than `maxOutputBytes`. */
  | "output_limit"
  /** It was ended by a signal (out of memory, CPU cap, a crash). */
  | "killed"
  /** It exited with a non-zero status. */
  | "failed"
  /** The caller's signal aborted it. */
  | "aborted";

/** A tool run that did not succeed; `stderr` is a bounded tail for logs, never shown to users. */
export class ToolError extends Error {
  override name = "ToolError";
  constructor(
    readonly kind: ToolFailureKind,
    readonly tool: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`${tool}: ${kind}${stderr ? `: ${stderr.slice(-300)}` : ""}`, options);
  }
}

const STDERR_TAIL = 4096;
const OUT_OF_MEMORY = /failed to map segment|cannot allocate memory|bad_alloc|out of memory/i;

/** Runs `command args…` and resolves with its standard output. Rejects with a `ToolError`. */
export function runTool(command: string, args: string[], options: ToolOptions): Promise<Buffer> {
  const { prlimit, memoryBytes, timeoutMs } = options;
  if (options.signal?.aborted) return Promise.reject(new ToolError("aborted", command, ""));
  const cpuSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const [file, argv] = prlimit
    ? [
        prlimit,
        [
          ...(memoryBytes ? [`--as=${memoryBytes}`] : []),
          // Soft cap sends SIGXCPU, the hard one a second later SIGKILL.
          `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
          "--",
          command,
          ...args,
        ],
      ]
    : [command, args];

  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: options.toolPath ?? TOOL_PATH, OMP_THREAD_LIMIT: "1", LC_ALL: "C.UTF-8" },
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let failure: ToolFailureKind | undefined;
    const stop = (kind: ToolFailureKind) => {
      failure ??= kind;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop("timeout"), timeoutMs);
    const onAbort = () => stop("aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    if (options.signal?.aborted) onAbort();

    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxOutputBytes) {
        stop("output_limit");
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    // A tool that exits before reading all its input closes the pipe; that is its exit status's business.
    child.stdin.on("error", () => {});
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(
        new ToolError(error.code === "ENOENT" ? "missing" : "failed", command, stderr, { cause: error }),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (failure) reject(new ToolError(failure, command, stderr));
      // prlimit reports a command it cannot find or execute with status 127 or 126.
      else if (prlimit && (code === 127 || code === 126) && /failed to execute/.test(stderr))
        reject(new ToolError("missing", command, stderr));
      // Killed, or out of address space (even the loader can fail to map a library under the cap).
      else if (signal || OUT_OF_MEMORY.test(stderr)) reject(new ToolError("killed", command, stderr));
      else if (code !== 0) reject(new ToolError("failed", command, stderr));
      else resolve(Buffer.concat(chunks));
    });
    child.stdin.end(options.input ? Buffer.from(options.input) : undefined);
  });
}
