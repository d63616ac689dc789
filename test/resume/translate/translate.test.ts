import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { OpenAiCompatibleProvider } from "../../../src/llm/openai-compatible.js";
import { resumeSchema } from "../../../src/resume/model.js";
import { translatableFields } from "../../../src/resume/translate/fields.js";
import { guardTranslation, translateFields } from "../../../src/resume/translate/translate.js";
import { type FakeLlmServer, openAiCompletion, startFakeLlmServer } from "../../support/fake-llm-server.js";

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const provider = () =>
  new OpenAiCompatibleProvider({
    baseUrl: `${server.url}/v1`,
    model: "resume-model",
    apiKey: "test-key",
    structuredOutput: "auto",
    timeoutMs: 5_000,
    maxRetries: 0,
  });

const resume = resumeSchema.parse({
  basics: { name: "Ada Park", summary: "Engineer at Nimbus Labs since 2019." },
  work: [
    {
      id: "nimbus",
      name: "Nimbus Labs",
      positions: [
        {
          id: "mle",
          title: "ML Engineer",
          highlights: [
            "Serve models for 40M daily requests",
            "Built feature pipelines",
            "Write to ada@example.com for the slides",
          ],
        },
      ],
    },
  ],
  meta: { language: "en" },
});

type Sent = { fields: { key: string; text: string }[] };
const sentFields = (i: number): Sent =>
  JSON.parse(
    ((server.requests[i]!.body.messages as { role: string; content: string }[]).find(
      (m) => m.role === "user",
    )!.content as string) ?? "{}",
  ) as Sent;

const GERMAN: Record<string, string> = {
  "Engineer at Nimbus Labs since 2019.": "Ingenieurin bei Nimbus seit 2019.", // drops the employer
  "ML Engineer": "ML-Ingenieurin",
  "Serve models for 40M daily requests": "Modelle für viele tägliche Anfragen betrieben", // drops a number
  "Built feature pipelines": "Feature-Pipelines gebaut",
};

describe("translating with a model", () => {
  it("sends no contact details, asks for structured JSON and keeps only answers that pass the guards", async () => {
    server.reply((req) => {
      const user = (req.body.messages as { role: string; content: string }[]).find((m) => m.role === "user")!;
      const { fields } = JSON.parse(user.content) as Sent;
      return {
        json: openAiCompletion(
          JSON.stringify({ fields: fields.map((f) => ({ key: f.key, text: GERMAN[f.text] ?? f.text })) }),
        ),
      };
    });
    const fields = translatableFields(resume);
    const result = await translateFields(resume, fields, "en", "de", {
      provider: provider(),
      maxTokensPerRequest: 16_000,
    });
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body.response_format).toMatchObject({ type: "json_schema" });
    const system = (body.messages as { role: string; content: string }[])[0]!.content;
    expect(system).toContain("from English to German");
    const sent = sentFields(0).fields.map((f) => f.text);
    expect(sent.join(" ")).not.toContain("ada@example.com");
    expect(sent).toHaveLength(4);

    expect(Object.fromEntries([...result.updates].map(([k, u]) => [k, [u.state, u.text]]))).toEqual({
      "basics.summary": ["copied", "Engineer at Nimbus Labs since 2019."],
      "work[nimbus].positions[mle].title": ["machine", "ML-Ingenieurin"],
      "work[nimbus].positions[mle].highlights.0": ["copied", "Serve models for 40M daily requests"],
      "work[nimbus].positions[mle].highlights.1": ["machine", "Feature-Pipelines gebaut"],
      "work[nimbus].positions[mle].highlights.2": ["copied", "Write to ada@example.com for the slides"],
    });
    expect(result.refused.map((r) => [r.key, r.reason])).toEqual([
      ["work[nimbus].positions[mle].highlights.2", "holds contact details, which are not sent to the model"],
      ["basics.summary", "names changed: Nimbus Labs"],
      ["work[nimbus].positions[mle].highlights.0", "numbers changed: 40"],
    ]);
    expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 7 });
  });

  it("splits long CVs into requests that fit the per-request cap and reserves tokens before each", async () => {
    server.reply((req) => {
      const user = (req.body.messages as { role: string; content: string }[]).find((m) => m.role === "user")!;
      const { fields } = JSON.parse(user.content) as Sent;
      return {
        json: openAiCompletion(
          JSON.stringify({ fields: fields.map((f) => ({ key: f.key, text: `DE ${f.text}` })) }),
        ),
      };
    });
    const long = resumeSchema.parse({
      work: [
        {
          id: "w",
          name: "Acme",
          positions: [
            {
              id: "p",
              highlights: Array.from({ length: 40 }, (_, i) => `Shipped feature number ${i} to users`),
            },
          ],
        },
      ],
    });
    const reserved: number[] = [];
    const result = await translateFields(long, translatableFields(long), "en", "de", {
      provider: provider(),
      maxTokensPerRequest: 800,
      reserveTokens: async (n) => {
        reserved.push(n);
      },
    });
    expect(server.requests.length).toBeGreaterThan(1);
    expect(reserved).toHaveLength(server.requests.length);
    const keys = server.requests.flatMap((_, i) => sentFields(i).fields.map((f) => f.key));
    expect(keys).toEqual(translatableFields(long).map((f) => f.key));
    expect([...result.updates.values()].every((u) => u.state === "machine")).toBe(true);
  });

  it("fails with llm_invalid_output when the answer is not the JSON asked for, after one repair round", async () => {
    server.reply({ json: openAiCompletion("Sure! Here is the translation: Ingenieurin") });
    const error = await translateFields(resume, translatableFields(resume).slice(0, 1), "en", "de", {
      provider: provider(),
      maxTokensPerRequest: 16_000,
    }).catch((e: unknown) => e);
    expect(isAppError(error, "llm_invalid_output")).toBe(true);
    expect(server.requests).toHaveLength(2);
  });
});

describe("translation guards", () => {
  it("refuse empty answers, changed numbers and dropped names", () => {
    const names = ["Nimbus Labs"];
    expect(guardTranslation("Led 5 people", "", names)).toBe("the translation is empty");
    expect(guardTranslation("Led 5 people in 2021", "Leitete 6 Personen 2021", names)).toBe(
      "numbers changed: 5",
    );
    expect(guardTranslation("Joined Nimbus Labs", "Kam zu Nimbus", names)).toBe("names changed: Nimbus Labs");
    expect(
      guardTranslation("Led 5 people at Nimbus Labs", "Leitete 5 Personen bei Nimbus Labs", names),
    ).toBeNull();
  });
});
