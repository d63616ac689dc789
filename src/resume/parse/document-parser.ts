/**
 * A document parser backed by one warm worker thread.
 *
 * Starting a worker (and loading pdf.js, mammoth and the schema validator in
 * it) costs far more than parsing a resume, so the thread stays up between
 * documents and exits after `idleMs` without work. Documents are parsed one at
 * a time in arrival order. A document that overruns its time budget or the
 * heap cap takes the thread down with it (`parse_timeout`,
 * `parse_resource_limit`); the next document gets a fresh thread.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "../../errors.js";
import { resumeSchema } from "../model.js";
import { type ParseLimits, resolveLimits } from "./limits.js";
import type { ParsedDocument, ParseInput } from "./parse-result.js";
import type { WorkerMessage, WorkerReply } from "./parse-worker.js";

const here = fileURLToPath(import.meta.url);
const workerFile = new URL(here.endsWith(".ts") ? "./parse-worker.ts" : "./parse-worker.js", import.meta.url);
// Source checkouts run TypeScript through tsx; the worker needs the same loader (vitest does not pass it on).
const workerExecArgv = here.endsWith(".ts") ? ["--import", import.meta.resolve("tsx")] : [];

export type ParseOptions = { signal?: AbortSignal; limits?: Partial<ParseLimits>; now?: Date };

export type DocumentParser = {
  /** Parses one document in the worker thread. */
  parse(input: ParseInput, options?: ParseOptions): Promise<ParsedDocument>;
  /** Starts the thread and loads the parsers now, so the first upload does not pay for it. */
  warmUp(): Promise<void>;
  /** Stops the worker thread; queued documents are rejected. */
  close(): Promise<void>;
};

type Job = {
  id: number;
  input: ParseInput;
  limits: ParseLimits;
  now: Date;
  signal: AbortSignal | undefined;
  resolve: (result: ParsedDocument) => void;
  reject: (error: unknown) => void;
};

/**
 * Creates a parser. `limits` are the defaults for every document; the heap cap
 * applies to the thread, so it is fixed per parser.
 */
export function createDocumentParser(
  options: { limits?: Partial<ParseLimits>; idleMs?: number } = {},
): DocumentParser {
  const baseLimits = resolveLimits(options.limits);
  const idleMs = options.idleMs ?? 30_000;
  const queue: Job[] = [];
  let worker: Worker | undefined;
  let running: Job | undefined;
  let timer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;

  const stopWorker = () => {
    const w = worker;
    worker = undefined;
    if (w) void w.terminate();
  };

  const spawn = (): Worker => {
    const w = new Worker(workerFile, {
      execArgv: workerExecArgv,
      resourceLimits: {
        maxOldGenerationSizeMb: baseLimits.maxHeapMb,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: 4,
      },
      stdout: false,
      stderr: false,
    });
    w.on("message", (reply: WorkerReply) => {
      if (worker !== w || !running || reply.id !== running.id) return;
      const job = running;
      settle(() => {
        if (!reply.ok) {
          job.reject(
            new AppError(reply.error.code as ErrorCode, reply.error.message, {
              details: reply.error.details,
            }),
          );
          return;
        }
        if (Buffer.byteLength(reply.json) > job.limits.maxOutputBytes) {
          job.reject(new AppError("parse_output_too_large", "The parsed document is larger than allowed."));
          return;
        }
        const parsed = JSON.parse(reply.json) as ParsedDocument;
        // Re-validated across the thread boundary: what gets stored must match the model.
        job.resolve({ ...parsed, resume: resumeSchema.parse(parsed.resume) });
      });
    });
    // Events of a thread already replaced (stopped on timeout or abort) concern no current job.
    w.on("error", (error: Error & { code?: string }) => {
      if (worker !== w) return;
      worker = undefined;
      const job = running;
      if (!job) return;
      settle(() =>
        job.reject(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new AppError("parse_resource_limit", "Parsing needed more memory than allowed.", {
                cause: error,
              })
            : new AppError("internal", "The parser failed unexpectedly.", { cause: error }),
        ),
      );
    });
    w.on("exit", (code) => {
      if (worker !== w) return;
      worker = undefined;
      const job = running;
      if (job)
        settle(() => job.reject(new AppError("internal", `The parser stopped unexpectedly (exit ${code}).`)));
    });
    return w;
  };

  /** Finishes the running job and starts the next one. */
  const settle = (outcome: () => void) => {
    const job = running;
    if (!job) return;
    running = undefined;
    clearTimeout(timer);
    job.signal?.removeEventListener("abort", onAbort);
    outcome();
    pump();
  };

  const onAbort = () => {
    const job = running;
    if (!job) return;
    // The only way to stop a parse in progress is to stop its thread.
    stopWorker();
    settle(() => job.reject(job.signal?.reason ?? new Error("aborted")));
  };

  const pump = () => {
    if (running || closed) return;
    const job = queue.shift();
    if (!job) {
      worker?.unref();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stopWorker, idleMs);
      idleTimer.unref();
      return;
    }
    clearTimeout(idleTimer);
    running = job;
    worker ??= spawn();
    worker.ref();
    timer = setTimeout(() => {
      stopWorker();
      settle(() =>
        job.reject(new AppError("parse_timeout", `Parsing took longer than ${job.limits.timeoutMs} ms.`)),
      );
    }, job.limits.timeoutMs);
    job.signal?.addEventListener("abort", onAbort, { once: true });
    const message: WorkerMessage = {
      id: job.id,
      request: {
        bytes: job.input.bytes,
        filename: job.input.filename,
        declaredContentType: job.input.declaredContentType,
        limits: job.limits,
        now: job.now.toISOString(),
      },
    };
    worker.postMessage(message);
  };

  return {
    parse(input, parseOptions = {}) {
      const limits = { ...baseLimits, ...parseOptions.limits, maxHeapMb: baseLimits.maxHeapMb };
      if (closed) return Promise.reject(new AppError("internal", "The document parser is closed."));
      if (input.bytes.length === 0)
        return Promise.reject(new AppError("file_empty", "The uploaded file is empty."));
      if (input.bytes.length > limits.maxInputBytes) {
        return Promise.reject(
          new AppError("payload_too_large", `The file is larger than ${limits.maxInputBytes} bytes.`),
        );
      }
      if (parseOptions.signal?.aborted) return Promise.reject(parseOptions.signal.reason);
      return new Promise<ParsedDocument>((resolve, reject) => {
        const job: Job = {
          id: nextId++,
          input,
          limits,
          now: parseOptions.now ?? new Date(),
          signal: parseOptions.signal,
          resolve,
          reject,
        };
        // A queued document whose caller gives up leaves the queue.
        parseOptions.signal?.addEventListener(
          "abort",
          () => {
            const index = queue.indexOf(job);
            if (index !== -1) {
              queue.splice(index, 1);
              reject(parseOptions.signal?.reason);
            }
          },
          { once: true },
        );
        queue.push(job);
        pump();
      });
    },
    async warmUp() {
      const sample = new TextEncoder().encode("# Warm Up\n\n## Skills\n\nparsing, layout\n");
      await this.parse({ bytes: sample, filename: "warm-up.md" });
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      for (const job of queue.splice(0))
        job.reject(new AppError("internal", "The document parser was closed."));
      const job = running;
      if (job) settle(() => job.reject(new AppError("internal", "The document parser was closed.")));
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
