/**
 * Document parsing entry point.
 *
 * `parseDocument` sniffs and parses an uploaded CV in a worker thread with a
 * heap cap and a wall-clock timeout, so a malicious or pathological file can
 * neither crash nor stall the process: it fails with `parse_timeout`,
 * `parse_resource_limit`, `parse_output_too_large` or the parser's own typed
 * error. `sniffDocumentType` is exported for the upload route to reject
 * unsupported files before storing them.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "../../errors.js";
import { resumeSchema } from "../model.js";
import { type ParseLimits, resolveLimits } from "./limits.js";
import type { ParsedDocument, ParseInput } from "./parse-bytes.js";
import type { WorkerReply, WorkerRequest } from "./parse-worker.js";

export type { ParseLimits } from "./limits.js";
export { DEFAULT_PARSE_LIMITS } from "./limits.js";
export type { ParsedDocument, ParsedFormat, ParseInput } from "./parse-bytes.js";
export { DOCX_CONTENT_TYPE, type SniffedType, sniffDocumentType } from "./sniff.js";

const here = fileURLToPath(import.meta.url);
const workerFile = new URL(here.endsWith(".ts") ? "./parse-worker.ts" : "./parse-worker.js", import.meta.url);
// Source checkouts run TypeScript through tsx; the worker needs the same loader (vitest does not pass it on).
const workerExecArgv = here.endsWith(".ts") ? ["--import", import.meta.resolve("tsx")] : [];

/**
 * Parses a document in a sandboxed worker thread.
 *
 * @example const { resume, format, warnings } = await parseDocument({ bytes, filename: "cv.pdf" });
 */
export function parseDocument(
  input: ParseInput,
  options: { signal?: AbortSignal; limits?: Partial<ParseLimits>; now?: Date } = {},
): Promise<ParsedDocument> {
  const limits = resolveLimits(options.limits);
  if (input.bytes.length === 0)
    return Promise.reject(new AppError("file_empty", "The uploaded file is empty."));
  if (input.bytes.length > limits.maxInputBytes) {
    return Promise.reject(
      new AppError("payload_too_large", `The file is larger than ${limits.maxInputBytes} bytes.`),
    );
  }
  options.signal?.throwIfAborted();
  const request: WorkerRequest = {
    bytes: input.bytes,
    filename: input.filename,
    declaredContentType: input.declaredContentType,
    limits,
    now: (options.now ?? new Date()).toISOString(),
  };

  return new Promise<ParsedDocument>((resolve, reject) => {
    const worker = new Worker(workerFile, {
      workerData: request,
      execArgv: workerExecArgv,
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxHeapMb,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: 4,
      },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new AppError("parse_timeout", `Parsing took longer than ${limits.timeoutMs} ms.`)),
        ),
      limits.timeoutMs,
    );
    const onAbort = () => finish(() => reject(options.signal?.reason ?? new Error("aborted")));
    options.signal?.addEventListener("abort", onAbort, { once: true });

    worker.once("message", (reply: WorkerReply) =>
      finish(() => {
        if (!reply.ok) {
          reject(
            new AppError(reply.error.code as ErrorCode, reply.error.message, {
              details: reply.error.details,
            }),
          );
          return;
        }
        if (Buffer.byteLength(reply.json) > limits.maxOutputBytes) {
          reject(new AppError("parse_output_too_large", "The parsed document is larger than allowed."));
          return;
        }
        const parsed = JSON.parse(reply.json) as ParsedDocument;
        // Re-validate across the thread boundary: the stored resume must match the model.
        resolve({ ...parsed, resume: resumeSchema.parse(parsed.resume) });
      }),
    );
    worker.once("error", (error: Error & { code?: string }) =>
      finish(() => {
        if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
          reject(
            new AppError("parse_resource_limit", "Parsing needed more memory than allowed.", {
              cause: error,
            }),
          );
        } else reject(new AppError("internal", "The parser failed unexpectedly.", { cause: error }));
      }),
    );
    worker.once("exit", (code) =>
      finish(() => reject(new AppError("internal", `The parser stopped unexpectedly (exit code ${code}).`))),
    );
  });
}
