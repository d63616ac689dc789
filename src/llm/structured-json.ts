/**
 * JSON answers held to a zod schema, whatever the endpoint supports.
 *
 * The text is read tolerantly (code fences, prose around the object, a
 * trailing comma); when it still fails to parse or validate, the model gets
 * one repair round with the error, and a second failure is
 * `llm_invalid_output`.
 */
import type { z } from "zod";
import { AppError } from "../errors.js";
import type { CompletionRequest, LlmProvider, StructuredMode, Usage } from "./types.js";

// The info string and blank space after an opening fence; sticky, so it is read where the fence ends.
const FENCE_INFO = /(?:json)?\s*/iy;

/**
 * `text` with its first fenced block unwrapped (the fences and a `json` info string dropped), or as it
 * was when that fence never closes. Found by index: a lazy pattern from the fence would let the blank
 * space after it be read both as padding and as content.
 */
function unfence(text: string): string {
  const open = text.indexOf("```");
  if (open === -1) return text;
  FENCE_INFO.lastIndex = open + 3;
  FENCE_INFO.exec(text);
  const start = FENCE_INFO.lastIndex;
  const close = text.indexOf("```", start);
  return close === -1 ? text : text.slice(0, open) + text.slice(start, close) + text.slice(close + 3);
}

/** The first balanced JSON object in `text`, or null. Strings and escapes are respected. */
export function extractJsonObject(text: string): string | null {
  const unfenced = unfence(text);
  const start = unfenced.indexOf("{");
  if (start === -1) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < unfenced.length; i++) {
    const c = unfenced[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return unfenced.slice(start, i + 1);
  }
  return null;
}

/** Parse what a model wrote as JSON, forgiving fences, surrounding prose and trailing commas. */
export function parseTolerant(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const object = extractJsonObject(text);
    if (!object) throw new Error("no JSON object in the answer");
    return JSON.parse(object.replace(/,\s*([}\]])/g, "$1"));
  }
}

export type StructuredAnswer<T> = {
  value: T;
  /** Every raw answer, in order (kept for audit). */
  raw: string[];
  usage: Usage;
  mode: StructuredMode;
  repaired: boolean;
};

/** Ask `provider` for JSON matching `schema`, with one repair round. */
export async function completeStructured<T>(
  provider: LlmProvider,
  request: CompletionRequest,
  schema: z.ZodType<T>,
): Promise<StructuredAnswer<T>> {
  const raw: string[] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let history = request.history ?? [];
  for (let round = 0; round < 2; round++) {
    const answer = await provider.complete({ ...request, history });
    raw.push(answer.text);
    usage.inputTokens += answer.usage.inputTokens;
    usage.outputTokens += answer.usage.outputTokens;
    let problem: string;
    try {
      const parsed = schema.safeParse(parseTolerant(answer.text));
      if (parsed.success) return { value: parsed.data, raw, usage, mode: answer.mode, repaired: round > 0 };
      problem = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ");
    } catch (error) {
      problem = (error as Error).message;
    }
    if (round === 1) {
      throw new AppError(
        "llm_invalid_output",
        "The language model's answer is not the JSON that was asked for.",
        {
          details: { problem: problem.slice(0, 500) },
        },
      );
    }
    history = [
      ...history,
      { role: "assistant", content: answer.text.slice(0, 20_000) },
      {
        role: "user",
        content: `Your answer could not be used (${problem.slice(0, 500)}). Reply again with only the corrected JSON object.`,
      },
    ];
  }
  throw new Error("unreachable");
}
