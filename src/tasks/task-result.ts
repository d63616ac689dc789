/**
 * What a task may store as its result.
 *
 * Results of many tasks (of many owners) are completed in one statement; a
 * value PostgreSQL refuses there (a NUL character or a lone UTF-16 surrogate,
 * which `jsonb` cannot hold) would fail the whole batch, and an enormous one
 * would bloat every read of the task. So each result is checked on its own
 * before it joins a batch, and a bad one fails only its own task with
 * `task_result_invalid`.
 */
import { AppError } from "../errors.js";

/** Largest serialized result stored on a task row. */
export const MAX_RESULT_BYTES = 1_000_000;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `result` as the JSON text the completion stores, or the reason it cannot be stored. Serialized
 * once: the check and the stored text are the same pass.
 */
export function serializeResult(result: Record<string, unknown>): string | AppError {
  let json: string | undefined;
  try {
    json = JSON.stringify(result, (key, value: unknown) => {
      if (badText(key) || (typeof value === "string" && badText(value))) throw new UnstorableText();
      return value;
    });
  } catch (error) {
    if (error instanceof UnstorableText) {
      return new AppError("task_result_invalid", "the task produced text that cannot be stored");
    }
    return new AppError("task_result_invalid", "the task produced a result that cannot be stored");
  }
  // A plain object serializes to text unless its toJSON says otherwise; then JSON null is stored.
  if (json === undefined) return "null";
  if (Buffer.byteLength(json, "utf8") > MAX_RESULT_BYTES) {
    return new AppError("task_result_invalid", "the task produced a result larger than can be stored");
  }
  return json;
}

function badText(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

class UnstorableText extends Error {}
