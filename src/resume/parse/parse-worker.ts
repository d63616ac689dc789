/**
 * Worker-thread entry of `parseDocument`: parses one document and posts the
 * result (or a serialised AppError) back. Runs with the heap cap and timeout
 * set by the parent, so a hostile file can only exhaust this thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isAppError } from "../../errors.js";
import type { ParseLimits } from "./limits.js";
import { type ParseInput, parseBytes } from "./parse-bytes.js";

export type WorkerRequest = ParseInput & { limits: ParseLimits; now: string };
export type WorkerReply =
  | { ok: true; json: string }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

const request = workerData as WorkerRequest;
let reply: WorkerReply;
try {
  const result = await parseBytes(request, request.limits, { now: new Date(request.now) });
  // Serialised here so the parent can check the size before materialising it.
  reply = { ok: true, json: JSON.stringify(result) };
} catch (error) {
  reply = isAppError(error)
    ? { ok: false, error: { code: error.code, message: error.message, details: error.details } }
    : {
        ok: false,
        error: { code: "internal", message: error instanceof Error ? error.message : String(error) },
      };
}
parentPort?.postMessage(reply);
