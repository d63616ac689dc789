import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../src/errors.js";
import { AnthropicProvider } from "../../src/llm/anthropic.js";
import { AzureOpenAiProvider, azureChatUrl } from "../../src/llm/azure-openai.js";
import { retryAfterMs } from "../../src/llm/http-client.js";
import { chatCompletionsUrl, OpenAiCompatibleProvider } from "../../src/llm/openai-compatible.js";
import { completeStructured, extractJsonObject, parseTolerant } from "../../src/llm/structured-json.js";
import { type FakeLlmServer, openAiCompletion, startFakeLlmServer } from "../support/fake-llm-server.js";
import { costRatio, disagreements, randomTexts } from "../support/text-samples.js";

const answerSchema = z.object({ items: z.array(z.string()) });
const request = {
  system: "You list things.",
  user: "List two fruits.",
  schema: {
    name: "fruits",
    schema: { type: "object", properties: { items: { type: "array", items: { type: "string" } } } },
  },
  maxOutputTokens: 200,
};

let server: FakeLlmServer;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  sleeps.length = 0;
});

const openAi = (over: Partial<ConstructorParameters<typeof OpenAiCompatibleProvider>[0]> = {}) =>
  new OpenAiCompatibleProvider({
    baseUrl: server.url,
    model: "m",
    apiKey: "sk-test",
    structuredOutput: "auto",
    timeoutMs: 5_000,
    maxRetries: 2,
    sleep,
    ...over,
  });

describe("OpenAI-compatible endpoints", () => {
  it("finds /v1/chat/completions with or without /v1 in the base URL", () => {
    expect(chatCompletionsUrl("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434/v1/chat/completions");
    expect(chatCompletionsUrl("http://127.0.0.1:11434/v1/")).toBe(
      "http://127.0.0.1:11434/v1/chat/completions",
    );
    expect(chatCompletionsUrl("https://openrouter.ai/api/v1")).toBe(
      "https://openrouter.ai/api/v1/chat/completions",
    );
  });

  it("asks for a JSON schema and reads the answer and usage", async () => {
    server.reply({ json: openAiCompletion('{"items":["apple","pear"]}') });
    const out = await completeStructured(openAi(), request, answerSchema);
    expect(out).toMatchObject({
      value: { items: ["apple", "pear"] },
      mode: "json_schema",
      usage: { inputTokens: 11, outputTokens: 7 },
    });
    const sent = server.requests[0]!;
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-test");
    expect(sent.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "fruits", strict: true },
    });
  });

  it("falls back to JSON mode, then plain text, when the server rejects response_format, and remembers it", async () => {
    const provider = openAi();
    server.reply(
      { status: 400, json: { error: { message: "response_format json_schema is not supported" } } },
      { status: 400, json: { error: { message: "'response_format' must be text" } } },
      { json: openAiCompletion('Sure! Here it is:\n```json\n{"items": ["kiwi", "fig",]}\n```') },
    );
    const out = await completeStructured(provider, request, answerSchema);
    expect(out).toMatchObject({ value: { items: ["kiwi", "fig"] }, mode: "text" });
    expect(
      server.requests.map((r) => (r.body.response_format as { type?: string } | undefined)?.type),
    ).toEqual(["json_schema", "json_object", undefined]);
    expect(String((server.requests[2]!.body.messages as { content: string }[])[0]!.content)).toContain(
      "JSON schema",
    );
    server.reply({ json: openAiCompletion('{"items":["plum"]}') });
    await completeStructured(provider, request, answerSchema);
    expect(server.requests).toHaveLength(4);
    expect(server.requests[3]!.body.response_format).toBeUndefined();
  });

  it("repairs one malformed answer, and gives up typed after the second", async () => {
    server.reply(
      { json: openAiCompletion('{"items": "not a list"}') },
      { json: openAiCompletion('{"items":["ok"]}') },
    );
    const repaired = await completeStructured(openAi(), request, answerSchema);
    expect(repaired).toMatchObject({
      value: { items: ["ok"] },
      repaired: true,
      raw: ['{"items": "not a list"}', '{"items":["ok"]}'],
    });
    const messages = server.requests[1]!.body.messages as { role: string; content: string }[];
    expect(messages.at(-2)).toEqual({ role: "assistant", content: '{"items": "not a list"}' });
    expect(messages.at(-1)!.content).toMatch(/could not be used.*items/);

    server.reply({ json: openAiCompletion("I cannot do that.") });
    const failure = await completeStructured(openAi(), request, answerSchema).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "llm_invalid_output", retryable: true });
  });

  it("waits what Retry-After says on 429, backs off on 5xx, and reports exhaustion as retryable", async () => {
    server.reply(
      { status: 429, headers: { "retry-after": "2" }, json: { error: { message: "rate limited" } } },
      { status: 503, text: "upstream down" },
      { json: openAiCompletion('{"items":[]}') },
    );
    await completeStructured(openAi(), request, answerSchema);
    expect(sleeps).toEqual([2_000, 1_000]);

    server.reply({ status: 500, json: { error: { message: "boom" } } });
    const error = await openAi({ maxRetries: 1 })
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "llm_unavailable", retryable: true });
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(
      5_000,
    );
  });

  it("refuses to wait longer than allowed for Retry-After", async () => {
    server.reply({ status: 429, headers: { "retry-after": "3600" }, json: {} });
    const error = await openAi()
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_unavailable", retryable: true });
    expect(sleeps).toEqual([]);
  });

  it("maps a wrong key to a permanent error carrying the server's message", async () => {
    server.reply({
      status: 401,
      json: { error: { message: "Incorrect API key provided", type: "invalid_request_error" } },
    });
    const error = await openAi()
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_unavailable", retryable: false });
    expect((error as Error).message).toContain("Incorrect API key provided");
  });

  it("times out a server that never answers", async () => {
    server.reply({ hang: true });
    const error = await openAi({ timeoutMs: 150, maxRetries: 0 })
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_unavailable", retryable: true });
    expect((error as Error).message).toMatch(/within 150 ms/);
  });

  it("reads a streamed answer (server-sent events) with usage", async () => {
    server.reply({
      sse: [
        { data: { choices: [{ delta: { role: "assistant" } }] } },
        { data: { choices: [{ delta: { content: '{"items":' } }] } },
        { data: { choices: [{ delta: { content: '["a","b"]}' } }] } },
        { data: { choices: [], usage: { prompt_tokens: 30, completion_tokens: 9 } } },
        "[DONE]",
      ],
    });
    const out = await completeStructured(openAi({ stream: true }), request, answerSchema);
    expect(out).toMatchObject({ value: { items: ["a", "b"] }, usage: { inputTokens: 30, outputTokens: 9 } });
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});

describe("Azure OpenAI", () => {
  it("builds deployment URLs with api-version, and keeps full deployment or v1 URLs", () => {
    expect(azureChatUrl("https://acme.openai.azure.com", "gpt-4o", "2024-10-21")).toBe(
      "https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    );
    expect(
      azureChatUrl(
        "https://acme.openai.azure.com/openai/deployments/prod?api-version=2025-01-01-preview",
        "x",
        "2024-10-21",
      ),
    ).toBe(
      "https://acme.openai.azure.com/openai/deployments/prod/chat/completions?api-version=2025-01-01-preview",
    );
    expect(azureChatUrl("https://acme.openai.azure.com/openai/v1", "x", "2024-10-21")).toBe(
      "https://acme.openai.azure.com/openai/v1/chat/completions",
    );
  });

  it("sends the api-key header, or an Entra ID token", async () => {
    const base = {
      baseUrl: server.url,
      model: "gpt-4o",
      apiKey: "azure-key",
      structuredOutput: "auto" as const,
      timeoutMs: 5_000,
      maxRetries: 0,
      apiVersion: "2024-10-21",
    };
    server.reply({ json: openAiCompletion('{"items":["x"]}') });
    await completeStructured(new AzureOpenAiProvider(base), request, answerSchema);
    expect(server.requests[0]!.path).toBe(
      "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    );
    expect(server.requests[0]!.headers["api-key"]).toBe("azure-key");
    expect(server.requests[0]!.headers.authorization).toBeUndefined();

    const scopes: string[] = [];
    const credential = {
      getToken: async (scope: string | string[]) => {
        scopes.push(String(scope));
        return { token: "entra-token", expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    await completeStructured(new AzureOpenAiProvider({ ...base, credential }), request, answerSchema);
    expect(server.requests[1]!.headers.authorization).toBe("Bearer entra-token");
    expect(server.requests[1]!.headers["api-key"]).toBeUndefined();
    expect(scopes).toEqual(["https://cognitiveservices.azure.com/.default"]);
  });
});

describe("Anthropic Messages API", () => {
  const anthropic = (stream = false) =>
    new AnthropicProvider({
      baseUrl: server.url,
      model: "claude-x",
      apiKey: "ak",
      structuredOutput: "auto",
      timeoutMs: 5_000,
      maxRetries: 2,
      sleep,
      stream,
    });

  it("forces a tool whose input schema is the answer schema", async () => {
    server.reply({
      json: {
        type: "message",
        content: [{ type: "tool_use", id: "t1", name: "fruits", input: { items: ["fig"] } }],
        usage: { input_tokens: 20, output_tokens: 5 },
      },
    });
    const out = await completeStructured(anthropic(), request, answerSchema);
    expect(out).toMatchObject({
      value: { items: ["fig"] },
      mode: "json_schema",
      usage: { inputTokens: 20, outputTokens: 5 },
    });
    const sent = server.requests[0]!;
    expect(sent.path).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("ak");
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.body).toMatchObject({
      system: "You list things.",
      tool_choice: { type: "tool", name: "fruits" },
    });
  });

  it("retries an overloaded server (529) and reads a streamed tool answer", async () => {
    server.reply(
      { status: 529, json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } },
      {
        sse: [
          {
            event: "message_start",
            data: { type: "message_start", message: { usage: { input_tokens: 40, output_tokens: 1 } } },
          },
          {
            event: "content_block_start",
            data: {
              type: "content_block_start",
              index: 0,
              content_block: { type: "tool_use", name: "fruits", input: {} },
            },
          },
          {
            event: "content_block_delta",
            data: {
              type: "content_block_delta",
              index: 0,
              delta: { type: "input_json_delta", partial_json: '{"items":["a' },
            },
          },
          {
            event: "content_block_delta",
            data: {
              type: "content_block_delta",
              index: 0,
              delta: { type: "input_json_delta", partial_json: 'b"]}' },
            },
          },
          { event: "message_delta", data: { type: "message_delta", usage: { output_tokens: 12 } } },
          { event: "message_stop", data: { type: "message_stop" } },
        ],
      },
    );
    const out = await completeStructured(anthropic(true), request, answerSchema);
    expect(out).toMatchObject({ value: { items: ["ab"] }, usage: { inputTokens: 40, outputTokens: 12 } });
    expect(sleeps).toEqual([500]);
  });

  it("reports an error event in the middle of a stream as an outage", async () => {
    server.reply({
      sse: [
        { event: "message_start", data: { type: "message_start", message: { usage: { input_tokens: 1 } } } },
        {
          event: "error",
          data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
        },
      ],
    });
    const error = await anthropic(true)
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_unavailable", retryable: true });
  });

  it("falls back to text when tools are rejected", async () => {
    server.reply(
      {
        status: 400,
        json: { type: "error", error: { type: "invalid_request_error", message: "tools: unsupported" } },
      },
      {
        json: {
          content: [{ type: "text", text: '{"items":["z"]}' }],
          usage: { input_tokens: 3, output_tokens: 2 },
        },
      },
    );
    const out = await completeStructured(anthropic(), request, answerSchema);
    expect(out).toMatchObject({ value: { items: ["z"] }, mode: "text" });
    expect(server.requests[1]!.body.tools).toBeUndefined();
  });
});

describe("tolerant JSON", () => {
  it("reads objects inside prose and fences, with braces inside strings", () => {
    expect(parseTolerant('Here: {"a": "x } y", "b": [1,2,],} thanks')).toEqual({ a: "x } y", b: [1, 2] });
  });

  it("unwraps the first fenced block as the lazy fence pattern did, in one pass", async () => {
    expect(extractJsonObject('```JSON\n\n  {"a": 1}\n```')).toBe('{"a": 1}');
    expect(extractJsonObject('```{"open": 1}')).toBe('{"open": 1}');
    // The pattern the fence reader replaced is the reference: inside one pair of braces, the object
    // found is the whole unfenced text.
    const unfenced = (text: string) => text.replace(/```(?:json)?\s*([\s\S]*?)```/i, "$1");
    const samples = randomTexts(["```", "`", "json", "Json", "js", " ", "\n", "\t", "a"], 20_000, 5).map(
      (t) => `{${t}}`,
    );
    expect(disagreements(samples, extractJsonObject, unfenced)).toEqual([]);
    const blank = `\`\`\`json${" ".repeat(50_000)}`;
    expect(
      await costRatio(
        () => extractJsonObject(blank),
        () => extractJsonObject("x".repeat(50_000)),
      ),
    ).toBeLessThan(20);
  });
});
