import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { optimizeResume } from "../../../src/resume/optimize/index.js";
import type { LlmSettings } from "../../../src/resume/optimize/llm-engine.js";
import { sampleResume } from "../render/fixtures.js";

type Reply = (req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse) => void;

/** A fake OpenAI-compatible endpoint on 127.0.0.1: each test sets how it answers. */
let server: Server;
let reply: Reply;
let requests: { url: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> }[] = [];
let baseUrl = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString();
    });
    req.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ url: req.url ?? "", headers: req.headers, body });
      reply(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const settings = (overrides: Partial<LlmSettings> = {}): LlmSettings => ({
  baseUrl,
  apiKey: "test-key",
  model: "resume-model",
  timeoutMs: 5_000,
  ...overrides,
});

function completion(content: unknown): string {
  return JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: typeof content === "string" ? content : JSON.stringify(content),
        },
        finish_reason: "stop",
      },
    ],
  });
}

const json =
  (status: number, body: string): Reply =>
  (_req, _body, res) => {
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  };

describe("LLM engine against a local OpenAI-compatible server", () => {
  it("sends a schema-constrained request and returns guarded proposals", async () => {
    requests = [];
    reply = json(
      200,
      completion({
        proposals: [
          {
            path: "work.0.positions.0.highlights.1",
            original: "Successfully won Techcrunch Disrupt",
            proposed: "Won TechCrunch Disrupt",
            reason: "Filler word",
            category: "wording",
          },
          // Fabricated: a number and an organisation the resume and job never mention.
          {
            path: "work.0.positions.0.highlights.2",
            original: "Optimized an algorithm that holds the current world record for Weisman Scores",
            proposed:
              "Optimized an algorithm for Netflix that holds the world record, improving scores by 37%",
            reason: "Quantify",
            category: "quantification",
          },
          // Locked: employers cannot be edited.
          {
            path: "work.0.name",
            original: "Pied Piper",
            proposed: "Pied Piper Inc",
            reason: "Formal name",
            category: "consistency",
          },
          // Misquoted original.
          {
            path: "basics.summary",
            original: "Richard is great.",
            proposed: "Richard is excellent.",
            reason: "Tone",
            category: "wording",
          },
        ],
      }),
    );
    const result = await optimizeResume(sampleResume(), {
      engine: "llm",
      llm: settings(),
      jobDescription: "Web developer with HTML and CSS.",
    });
    expect(result.engine).toBe("llm");
    expect(result.proposals.map((p) => [p.path, p.proposed])).toEqual([
      ["work.0.positions.0.highlights.1", "Won TechCrunch Disrupt"],
    ]);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^fabrication: introduces (?=.*"Netflix")(?=.*"37%")/),
      expect.stringMatching(/^locked field/),
      "original text does not match the resume",
    ]);
    expect(result.keyword_coverage?.matched).toEqual(["HTML", "CSS"]);

    const [request] = requests;
    expect(request!.url).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe("Bearer test-key");
    expect(request!.body.model).toBe("resume-model");
    const format = request!.body.response_format as { type: string; json_schema: { strict: boolean } };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.strict).toBe(true);
    // Only prose fields reach the model: no e-mail address or phone number.
    const sent = JSON.stringify(request!.body.messages);
    expect(sent).toContain("work.0.positions.0.highlights.1");
    expect(sent).not.toContain("richard.hendriks@mail.com");
    expect(sent).not.toContain("555-4321");
  });

  it("keeps a query string such as Azure's api-version after the path", async () => {
    requests = [];
    reply = json(200, completion({ proposals: [] }));
    await optimizeResume(sampleResume(), {
      engine: "llm",
      llm: settings({ baseUrl: `${baseUrl}/openai/deployments/gpt?api-version=2024-10-21` }),
    });
    expect(requests[0]!.url).toBe("/v1/openai/deployments/gpt/chat/completions?api-version=2024-10-21");
    expect(requests[0]!.headers["api-key"]).toBe("test-key");
  });

  it.each([
    ["not JSON content", completion("Sure! Here are my suggestions: …")],
    ["a body without choices", JSON.stringify({ error: null })],
    ["JSON that violates the schema", completion({ proposals: [{ path: "basics.summary", proposed: 42 }] })],
  ])("maps %s to a retryable llm_invalid_output", async (_what, body) => {
    reply = json(200, body);
    const error = await optimizeResume(sampleResume(), { engine: "llm", llm: settings() }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error, "llm_invalid_output")).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
  });

  it("maps 5xx and 429 to retryable llm_unavailable and 401 to a permanent one", async () => {
    for (const [status, retryable] of [
      [503, true],
      [429, true],
      [401, false],
    ] as const) {
      reply = json(status, JSON.stringify({ error: { message: "nope" } }));
      const error = await optimizeResume(sampleResume(), { engine: "llm", llm: settings() }).catch(
        (e: unknown) => e,
      );
      expect(isAppError(error, "llm_unavailable"), String(status)).toBe(true);
      expect((error as { retryable: boolean }).retryable, String(status)).toBe(retryable);
    }
  });

  it("times out a server that never answers, and reports an unreachable endpoint", async () => {
    reply = () => {
      // Never answer: the engine's AbortSignal timeout must end the request.
    };
    const slow = await optimizeResume(sampleResume(), {
      engine: "llm",
      llm: settings({ timeoutMs: 200 }),
    }).catch((e: unknown) => e);
    expect(isAppError(slow, "llm_unavailable")).toBe(true);
    expect((slow as Error).message).toMatch(/within 200 ms/);

    const closed = await optimizeResume(sampleResume(), {
      engine: "llm",
      llm: settings({ baseUrl: "http://127.0.0.1:9/v1" }),
    }).catch((e: unknown) => e);
    expect(isAppError(closed, "llm_unavailable")).toBe(true);
    expect((closed as { retryable: boolean }).retryable).toBe(true);
  });

  it("passes a caller's cancellation through instead of calling it an LLM failure", async () => {
    reply = () => {};
    const controller = new AbortController();
    const pending = optimizeResume(sampleResume(), {
      engine: "llm",
      llm: settings(),
      signal: controller.signal,
    });
    controller.abort(new Error("task canceled"));
    const error = await pending.catch((e: unknown) => e);
    expect(isAppError(error)).toBe(false);
    expect((error as Error).message).toBe("task canceled");
  });

  it("refuses to run without a configured endpoint", async () => {
    const error = await optimizeResume(sampleResume(), {
      engine: "llm",
      llm: settings({ baseUrl: undefined }),
    }).catch((e: unknown) => e);
    expect(isAppError(error, "llm_unavailable")).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(false);
  });
});
