/**
 * The optional language-model optimizer: any OpenAI-compatible
 * `/chat/completions` endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, …).
 *
 * The model sees only the editable prose fields with their paths (never
 * contact details) and must answer with JSON matching a schema sent as
 * `response_format`; the answer is validated with zod and then passes the
 * same guards as the built-in engine. Failures are typed and retryable:
 * `llm_unavailable` (network, timeout, 5xx, 429) and `llm_invalid_output`.
 * Retries happen in the task engine, not here.
 */
import { z } from "zod";
import { AppError } from "../../errors.js";
import { clampText } from "../sanitize.js";
import { PROPOSAL_CATEGORIES, type ProposalDraft } from "./proposal.js";
import type { TextField } from "./resume-text.js";

export type LlmSettings = Readonly<{
  baseUrl: string | undefined;
  apiKey: string | undefined;
  model: string | undefined;
  timeoutMs: number;
}>;

const answerSchema = z.object({
  proposals: z
    .array(
      z.object({
        path: z.string().max(200),
        original: z.string().max(5_000),
        proposed: z.string().max(5_000),
        reason: z.string().min(1).max(500),
        category: z.enum(PROPOSAL_CATEGORIES),
      }),
    )
    .max(200),
});

/** The JSON schema the endpoint is asked to follow (`response_format.json_schema`). */
export const LLM_RESPONSE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["proposals"],
  properties: {
    proposals: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["path", "original", "proposed", "reason", "category"],
        properties: {
          path: { type: "string" },
          original: { type: "string" },
          proposed: { type: "string" },
          reason: { type: "string" },
          category: { type: "string", enum: [...PROPOSAL_CATEGORIES] },
        },
      },
    },
  },
} as const;

const SYSTEM_PROMPT = [
  "You improve resume wording. You receive resume text fields, each with a JSON path, and optionally a job description.",
  "Propose edits only to the given fields, quoting the field's current text exactly as `original`.",
  "Never invent facts: no new numbers, employers, products, technologies or achievements that are not in the resume or the job description.",
  "Prefer strong action verbs, consistent tense (past for past roles), concise phrasing, and the job's terminology where the resume already supports it.",
  "Categories: wording, quantification, keyword_alignment, consistency, length. Give a short reason for each proposal.",
  "Return at most 30 proposals. Return an empty list when nothing should change.",
].join(" ");

function endpoint(baseUrl: string): string {
  // Keep a query string (Azure OpenAI's api-version) after the path.
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/(?<!\/)\/+$/, "")}/chat/completions`;
  return url.toString();
}

function unavailable(message: string, cause?: unknown, retryable = true): AppError {
  return new AppError("llm_unavailable", message, { cause, retryable });
}

/**
 * Ask the configured endpoint for proposals on `fields`. The caller validates paths and originals.
 * `fetchImpl` is injectable for tests; production uses the global fetch.
 */
export async function llmProposals(
  fields: readonly TextField[],
  jobText: string,
  settings: LlmSettings,
  options: { signal?: AbortSignal | undefined; fetchImpl?: typeof fetch } = {},
): Promise<ProposalDraft[]> {
  if (!settings.baseUrl || !settings.model) {
    throw unavailable(
      "The language-model engine is not configured (LLM_BASE_URL, LLM_MODEL).",
      undefined,
      false,
    );
  }
  const body = {
    model: settings.model,
    temperature: 0,
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      {
        role: "user",
        content: JSON.stringify({
          fields: fields.map((f) => ({ path: f.path, text: f.text, current_role: f.current })),
          job_description: jobText || null,
        }),
      },
    ],
    response_format: {
      type: "json_schema",
      json_schema: { name: "resume_proposals", strict: true, schema: LLM_RESPONSE_SCHEMA },
    },
  };
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (settings.apiKey) {
    headers.authorization = `Bearer ${settings.apiKey}`;
    headers["api-key"] = settings.apiKey; // Azure OpenAI reads this header instead.
  }

  let response: Response;
  let text: string;
  try {
    response = await (options.fetchImpl ?? fetch)(endpoint(settings.baseUrl), {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    // A cancel from the task engine is the caller's to report; only our own timeout is an LLM failure.
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (timeout.aborted)
      throw unavailable(`The language model did not answer within ${settings.timeoutMs} ms.`, error);
    throw unavailable("The language model endpoint cannot be reached.", error);
  }
  if (!response.ok) {
    // Rate limits, timeouts and server errors pass; other client errors are configuration problems.
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw unavailable(
      `The language model endpoint answered HTTP ${response.status}.`,
      clampText(text, 500),
      retryable,
    );
  }

  let content: unknown;
  try {
    const completion = JSON.parse(text) as {
      choices?: { message?: { content?: unknown; refusal?: unknown } }[];
    };
    content = completion.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new Error("no message content");
    content = JSON.parse(content);
  } catch (error) {
    throw new AppError(
      "llm_invalid_output",
      "The language model's answer is not the JSON that was asked for.",
      {
        cause: error,
      },
    );
  }
  const parsed = answerSchema.safeParse(content);
  if (!parsed.success) {
    throw new AppError(
      "llm_invalid_output",
      "The language model's answer does not match the proposal schema.",
      {
        details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`) },
      },
    );
  }
  return parsed.data.proposals;
}
