/**
 * Anthropic's Messages API (`POST /v1/messages`).
 *
 * Structured output: the schema becomes the input schema of a single tool the
 * model must call (`tool_choice`), which is how this API constrains JSON; a
 * server that rejects tools (a proxy, an old gateway) falls back to text with
 * the schema in the prompt. Streaming reads `content_block_delta` events
 * (text and `input_json_delta`) and the usage of `message_start` and
 * `message_delta`; an `error` event mid-stream is an outage.
 */
import { AppError } from "../errors.js";
import { type HttpOptions, HttpStatusError, postJson } from "./http-client.js";
import { mapHttpError, schemaInstruction } from "./openai-compatible.js";
import { sseEvents } from "./sse.js";
import {
  type CompletionRequest,
  type CompletionResult,
  estimateTokens,
  type LlmProvider,
  type StructuredMode,
} from "./types.js";

export type AnthropicSettings = HttpOptions & {
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  structuredOutput: StructuredMode | "auto";
  stream?: boolean;
};

const VERSION = "2023-06-01";

export function messagesUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  let path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/messages")) return url.toString();
  if (!/\/v1$/.test(path)) path = `${path}/v1`;
  url.pathname = `${path}/messages`;
  return url.toString();
}

type Block = { type: string; text?: string; input?: unknown };

export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic" as const;
  private toolsRejected = false;

  constructor(private readonly settings: AnthropicSettings) {}

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const wantTool =
      !!request.schema &&
      !this.toolsRejected &&
      ["auto", "json_schema"].includes(this.settings.structuredOutput);
    if (wantTool) {
      try {
        return await this.send(request, true);
      } catch (error) {
        if (
          !(error instanceof HttpStatusError && [400, 422].includes(error.status)) ||
          this.settings.structuredOutput !== "auto"
        )
          throw mapHttpError(error);
        this.toolsRejected = true;
      }
    }
    try {
      return await this.send(request, false);
    } catch (error) {
      throw mapHttpError(error);
    }
  }

  private async send(request: CompletionRequest, tool: boolean): Promise<CompletionResult> {
    const system = tool ? request.system : request.system + schemaInstruction(request);
    const body: Record<string, unknown> = {
      model: this.settings.model,
      max_tokens: request.maxOutputTokens,
      temperature: 0,
      system,
      messages: [{ role: "user", content: request.user }, ...(request.history ?? [])],
    };
    if (tool && request.schema) {
      body.tools = [
        { name: request.schema.name, description: "Return the result.", input_schema: request.schema.schema },
      ];
      body.tool_choice = { type: "tool", name: request.schema.name };
    }
    if (this.settings.stream) body.stream = true;
    const headers: Record<string, string> = { "anthropic-version": VERSION };
    if (this.settings.apiKey) headers["x-api-key"] = this.settings.apiKey;
    const answer = await postJson(messagesUrl(this.settings.baseUrl), headers, body, {
      ...this.settings,
      signal: request.signal,
      stream: this.settings.stream ?? false,
    });
    const mode: StructuredMode = tool ? "json_schema" : "text";
    if (answer.stream) return readStream(answer.stream, mode);
    let message: { content?: Block[]; usage?: { input_tokens?: number; output_tokens?: number } };
    try {
      message = JSON.parse(answer.body);
    } catch (error) {
      throw new AppError("llm_invalid_output", "The language model endpoint did not answer with JSON.", {
        cause: error,
      });
    }
    const blocks = message.content ?? [];
    const toolUse = blocks.find((b) => b.type === "tool_use");
    const text = toolUse ? JSON.stringify(toolUse.input ?? {}) : blocks.map((b) => b.text ?? "").join("");
    return {
      text,
      mode,
      usage: {
        inputTokens: message.usage?.input_tokens ?? estimateTokens(system + request.user),
        outputTokens: message.usage?.output_tokens ?? estimateTokens(text),
      },
    };
  }
}

async function readStream(
  stream: ReadableStream<Uint8Array>,
  mode: StructuredMode,
): Promise<CompletionResult> {
  let text = "";
  let json = "";
  let inputTokens = 0;
  let outputTokens = 0;
  try {
    for await (const { event, data } of sseEvents(stream)) {
      const d = data as {
        type?: string;
        message?: { usage?: { input_tokens?: number; output_tokens?: number } };
        delta?: { type?: string; text?: string; partial_json?: string };
        usage?: { output_tokens?: number };
        error?: { type?: string; message?: string };
      };
      const type = d.type ?? event;
      if (type === "error") {
        throw new AppError(
          "llm_unavailable",
          `The language model stream failed: ${d.error?.message ?? d.error?.type ?? "error"}`,
        );
      }
      if (type === "message_start") {
        inputTokens = d.message?.usage?.input_tokens ?? 0;
        outputTokens = d.message?.usage?.output_tokens ?? 0;
      } else if (type === "content_block_delta") {
        if (d.delta?.type === "text_delta") text += d.delta.text ?? "";
        else if (d.delta?.type === "input_json_delta") json += d.delta.partial_json ?? "";
      } else if (type === "message_delta") outputTokens = d.usage?.output_tokens ?? outputTokens;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("llm_invalid_output", "The language model's stream could not be read.", {
      cause: error,
    });
  }
  const out = json || text;
  return { text: out, mode, usage: { inputTokens, outputTokens: outputTokens || estimateTokens(out) } };
}
