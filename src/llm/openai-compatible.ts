/**
 * OpenAI-compatible chat completions: OpenAI, Ollama, vLLM, LM Studio,
 * llama.cpp server, OpenRouter — and Azure OpenAI, which differs only in URL
 * and authentication (see `azure-openai.ts`).
 *
 * Structured output is negotiated: `response_format: json_schema` first; a
 * 400/404/422 answer to it (many local servers reject the value) falls back
 * to `json_object`, then to plain text with the schema in the prompt. The mode
 * an endpoint accepted is remembered for the provider's lifetime.
 */
import { AppError } from "../errors.js";
import { type HttpOptions, HttpStatusError, postJson } from "./http-client.js";
import { sseEvents } from "./sse.js";
import {
  type CompletionRequest,
  type CompletionResult,
  estimateTokens,
  type LlmProvider,
  type StructuredMode,
} from "./types.js";

export type OpenAiCompatibleSettings = HttpOptions & {
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  structuredOutput: StructuredMode | "auto";
  stream?: boolean;
};

const MODES: StructuredMode[] = ["json_schema", "json_object", "text"];

/** `…/v1/chat/completions` from a base URL given with or without `/v1` (query kept). */
export function chatCompletionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  let path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/chat/completions")) return url.toString();
  if (!/\/v\d+(?:beta)?$/.test(path) && !/\/openai$/.test(path)) path = `${path}/v1`;
  url.pathname = `${path}/chat/completions`;
  return url.toString();
}

/** The schema as instructions, for servers without native structured output. */
export function schemaInstruction(request: CompletionRequest): string {
  return request.schema
    ? `\n\nAnswer with only one JSON object, no prose and no code fences, matching this JSON schema:\n${JSON.stringify(request.schema.schema)}`
    : "";
}

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name: "openai" | "azure" = "openai";
  private accepted: StructuredMode | null = null;

  constructor(protected readonly settings: OpenAiCompatibleSettings) {}

  protected url(): string {
    return chatCompletionsUrl(this.settings.baseUrl);
  }

  protected async headers(): Promise<Record<string, string>> {
    return this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {};
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const forced = this.settings.structuredOutput;
    const modes = !request.schema
      ? (["text"] as StructuredMode[])
      : forced !== "auto"
        ? [forced]
        : MODES.slice(MODES.indexOf(this.accepted ?? "json_schema"));
    let lastError: unknown;
    for (const mode of modes) {
      try {
        const result = await this.send(request, mode);
        if (request.schema) this.accepted = mode;
        return result;
      } catch (error) {
        lastError = error;
        const rejected =
          error instanceof HttpStatusError && [400, 404, 415, 422].includes(error.status) && mode !== "text";
        if (!rejected) throw mapHttpError(error);
      }
    }
    throw mapHttpError(lastError);
  }

  private async send(request: CompletionRequest, mode: StructuredMode): Promise<CompletionResult> {
    const system = mode === "json_schema" ? request.system : request.system + schemaInstruction(request);
    const body: Record<string, unknown> = {
      model: this.settings.model,
      temperature: 0,
      max_tokens: request.maxOutputTokens,
      messages: [
        { role: "system", content: system },
        { role: "user", content: request.user },
        ...(request.history ?? []),
      ],
    };
    if (mode === "json_schema" && request.schema) {
      body.response_format = {
        type: "json_schema",
        json_schema: { name: request.schema.name, strict: true, schema: request.schema.schema },
      };
    } else if (mode === "json_object") body.response_format = { type: "json_object" };
    if (this.settings.stream) {
      body.stream = true;
      body.stream_options = { include_usage: true };
    }
    const answer = await postJson(this.url(), await this.headers(), body, {
      ...this.settings,
      signal: request.signal,
      stream: this.settings.stream ?? false,
    });
    const promptChars = system.length + request.user.length;
    if (answer.stream) return this.readStream(answer.stream, mode, promptChars);
    return parseCompletion(answer.body, mode, promptChars);
  }

  private async readStream(
    stream: ReadableStream<Uint8Array>,
    mode: StructuredMode,
    promptChars: number,
  ): Promise<CompletionResult> {
    let text = "";
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    try {
      for await (const { data } of sseEvents(stream)) {
        const chunk = data as {
          choices?: { delta?: { content?: string | null } }[];
          usage?: typeof usage;
          error?: { message?: string };
        };
        if (chunk.error)
          throw new AppError(
            "llm_unavailable",
            `The language model stream failed: ${chunk.error.message ?? "error"}`,
          );
        text += chunk.choices?.[0]?.delta?.content ?? "";
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("llm_invalid_output", "The language model's stream could not be read.", {
        cause: error,
      });
    }
    return {
      text,
      mode,
      usage: {
        inputTokens: usage?.prompt_tokens ?? Math.ceil(promptChars / 4),
        outputTokens: usage?.completion_tokens ?? estimateTokens(text),
      },
    };
  }
}

function parseCompletion(body: string, mode: StructuredMode, promptChars: number): CompletionResult {
  let completion: {
    choices?: { message?: { content?: unknown; refusal?: unknown } }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number };
  };
  try {
    completion = JSON.parse(body);
  } catch (error) {
    throw new AppError("llm_invalid_output", "The language model endpoint did not answer with JSON.", {
      cause: error,
    });
  }
  const message = completion.choices?.[0]?.message;
  if (typeof message?.refusal === "string" && message.refusal) {
    throw new AppError("llm_invalid_output", "The language model refused the request.", {
      details: { refusal: message.refusal.slice(0, 300) },
    });
  }
  if (typeof message?.content !== "string") {
    throw new AppError("llm_invalid_output", "The language model's answer has no message content.");
  }
  return {
    text: message.content,
    mode,
    usage: {
      inputTokens: completion.usage?.prompt_tokens ?? Math.ceil(promptChars / 4),
      outputTokens: completion.usage?.completion_tokens ?? estimateTokens(message.content),
    },
  };
}

/** Turn a leftover HTTP status error into the typed error callers see. */
export function mapHttpError(error: unknown): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  let detail = error.body.slice(0, 300);
  try {
    const parsed = JSON.parse(error.body) as { error?: { message?: string } | string; message?: string };
    detail =
      (typeof parsed.error === "string" ? parsed.error : parsed.error?.message) ?? parsed.message ?? detail;
  } catch {
    // Not JSON: keep the text.
  }
  // Client errors are configuration problems (wrong key, model or URL): retrying will not help.
  return new AppError(
    "llm_unavailable",
    `The language model endpoint answered HTTP ${error.status}: ${detail}`,
    {
      retryable: false,
      details: { status: error.status },
    },
  );
}
