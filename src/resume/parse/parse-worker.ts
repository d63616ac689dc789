/**
 * Worker-thread side of the document parser: parses one document per message
 * and posts the result (or a serialised AppError) back. The thread runs with
 * the heap cap set by the parent and is terminated on timeout, so a hostile
 * file can only exhaust this thread, never the process.
 */
import { parentPort } from "node:worker_threads";
import { isAppError } from "../../errors.js";
import type { ParseLimits } from "./limits.js";
import { parseBytes } from "./parse-bytes.js";
import type { ParseInput } from "./parse-result.js";

export type WorkerRequest = ParseInput & { limits: ParseLimits; now: string };
export type WorkerMessage = { id: number; request: WorkerRequest };
export type WorkerReply =
  | { id: number; ok: true; json: string }
  | { id: number; ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

parentPort?.on("message", async ({ id, request }: WorkerMessage) => {
  let reply: WorkerReply;
  try {
    const result = await parseBytes(request, request.limits, { now: new Date(request.now) });
    // Serialised here so the parent can check the size before materialising it.
    reply = { id, ok: true, json: JSON.stringify(result) };
  } catch (error) {
    reply = isAppError(error)
      ? { id, ok: false, error: { code: error.code, message: error.message, details: error.details } }
      : {
          id,
          ok: false,
          error: { code: "internal", message: error instanceof Error ? error.message : String(error) },
        };
  }
  parentPort?.postMessage(reply);
});
