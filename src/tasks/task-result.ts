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

/** The reason `result` cannot be stored, or undefined when it can. */
export function resultProblem(result: Record<string, unknown>): AppError | undefined {
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
  if (json === undefined) return undefined;
  if (Buffer.byteLength(json, "utf8") > MAX_RESULT_BYTES) {
    return new AppError("task_result_invalid", "the task produced a result larger than can be stored");
  }
  return undefined;
}

function badText(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

class UnstorableText extends Error {}
