/**
 * A local model server for tests: speaks whatever wire format the test
 * scripts (OpenAI chat completions, Azure, Anthropic Messages), including
 * server-sent events and error shapes. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
};

export type Reply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; text: string }
  | { sse: ({ event?: string; data: unknown } | "[DONE]")[] }
  /** Never answer (for timeouts); the socket is closed when the server stops. */
  | { hang: true };

export type FakeLlmServer = {
  url: string;
  requests: RecordedRequest[];
  /** Queue replies; each request takes the next one (the last one repeats). */
  reply(...replies: (Reply | ((req: RecordedRequest) => Reply))[]): void;
  close(): Promise<void>;
};

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  let queue: (Reply | ((req: RecordedRequest) => Reply))[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      requests.push(recorded);
      const next = queue.length > 1 ? queue.shift()! : queue[0];
      const reply = typeof next === "function" ? next(recorded) : next;
      if (!reply) {
        res.writeHead(500).end("no reply scripted");
        return;
      }
      if ("hang" in reply) {
        hanging.add(res);
        return;
      }
      if ("sse" in reply) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        for (const e of reply.sse) {
          if (e === "[DONE]") res.write("data: [DONE]\n\n");
          else res.write(`${e.event ? `event: ${e.event}\n` : ""}data: ${JSON.stringify(e.data)}\n\n`);
        }
        res.end();
        return;
      }
      const body = "json" in reply ? JSON.stringify(reply.json) : reply.text;
      res.writeHead(reply.status ?? 200, {
        "content-type": "json" in reply ? "application/json" : "text/plain",
        ...reply.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(...replies) {
      queue = replies;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An OpenAI chat completion body with `content`. */
export function openAiCompletion(content: string, usage = { prompt_tokens: 11, completion_tokens: 7 }) {
  return {
    id: "cmpl-1",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content } }],
    usage,
  };
}
