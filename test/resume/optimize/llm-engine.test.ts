import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { OpenAiCompatibleProvider } from "../../../src/llm/openai-compatible.js";
import { optimizeResume } from "../../../src/resume/optimize/index.js";
import { editableFields } from "../../../src/resume/optimize/resume-text.js";
import { type FakeLlmServer, openAiCompletion, startFakeLlmServer } from "../../support/fake-llm-server.js";
import { sampleResume } from "../render/fixtures.js";

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

const POSTING = `Senior Web Developer
Requirements:
- HTML and CSS
- Kubernetes in production`;

describe("LLM engine against a local OpenAI-compatible server", () => {
  it("sends prose, posting and fit without contact details, and returns guarded proposals with evidence", async () => {
    const resume = sampleResume();
    const bullet = resume.work[0]!.positions[0]!.highlights[1]!;
    resume.work[0]!.positions[0]!.highlights[0] =
      `Reach me at someone@example.org or +1 415 555 0199 for details`;
    server.reply({
      json: openAiCompletion(
        JSON.stringify({
          rewrites: [
            {
              path: "work.0.positions.0.highlights.1",
              original: bullet,
              proposed: bullet.replace(/^Successfully /, ""),
              reason: "Filler",
              requirement_ids: ["r1"],
            },
            // Fabricated: a number and an organisation the resume never mentions.
            {
              path: "work.0.positions.0.highlights.1",
              original: bullet,
              proposed: `${bullet} for Netflix, 37% faster`,
              reason: "Quantify",
              requirement_ids: [],
            },
            // Claims the missing requirement.
            {
              path: "work.0.positions.0.highlights.1",
              original: bullet,
              proposed: `${bullet} on Kubernetes`,
              reason: "Posting",
              requirement_ids: ["r2"],
            },
            // Locked field and misquoted original.
            {
              path: "work.0.name",
              original: "Pied Piper",
              proposed: "Pied Piper Inc",
              reason: "Formal",
              requirement_ids: [],
            },
            {
              path: "basics.summary",
              original: "Richard is great.",
              proposed: "Richard is excellent.",
              reason: "Tone",
              requirement_ids: [],
            },
          ],
          summary: null,
        }),
      ),
    });
    const result = await optimizeResume(resume, {
      engine: "llm",
      llm: { provider: provider(), maxTokensPerRequest: 16_000 },
      jobDescription: POSTING,
    });
    expect(result.proposals.filter((p) => p.path.startsWith("work")).map((p) => p.proposed)).toEqual([
      bullet.replace(/^Successfully /, ""),
    ]);
    const accepted = result.proposals.find((p) => p.path === "work.0.positions.0.highlights.1")!;
    expect(accepted.evidence).toEqual({
      cv: [{ path: "work.0.positions.0.highlights.1", text: bullet }],
      requirement: { id: "r1", text: "HTML and CSS", kind: "must" },
    });
    expect(result.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/fabrication: introduces (?=.*"Netflix")(?=.*"37%")/),
      expect.stringMatching(/fabrication: introduces "Kubernetes"/),
      expect.stringMatching(/^locked field/),
      "original text does not match the resume",
    ]);
    expect(result.questions.map((q) => q.text)).toContain("Have you used Kubernetes? If so, where?");

    const sent = JSON.stringify(server.requests[0]!.body);
    expect(sent).not.toContain("richard.hendriks@mail.com");
    expect(sent).not.toContain("someone@example.org");
    expect(sent).not.toContain("415 555 0199");
    expect(sent).toContain("[email]");
    expect(result.audit).toMatchObject({
      provider: "openai",
      mode: "json_schema",
      raw: [expect.stringContaining("Netflix")],
    });
    expect(result.audit!.user).toContain("Kubernetes in production");
  });

  it("cuts the prompt to the per-request cap, and refuses a CV that cannot fit", async () => {
    server.reply({ json: openAiCompletion('{"rewrites":[],"summary":null}') });
    const resume = sampleResume();
    await optimizeResume(resume, {
      engine: "llm",
      llm: { provider: provider(), maxTokensPerRequest: 4_700 },
      jobDescription: POSTING,
    });
    const user = (server.requests[0]!.body.messages as { content: string }[])[1]!.content;
    const fields = (JSON.parse(user) as { fields: unknown[] }).fields.length;
    expect(fields).toBeGreaterThan(0);
    expect(fields).toBeLessThan(editableFields(resume).length);

    const error = await optimizeResume(resume, {
      engine: "llm",
      llm: { provider: provider(), maxTokensPerRequest: 4_100 },
    }).catch((e: unknown) => e);
    expect(isAppError(error, "llm_budget_exceeded")).toBe(true);
  });

  it("sends nothing when the owner's budget refuses the reservation", async () => {
    const estimates: number[] = [];
    const error = await optimizeResume(sampleResume(), {
      engine: "llm",
      llm: {
        provider: provider(),
        maxTokensPerRequest: 16_000,
        reserveTokens: async (n) => {
          estimates.push(n);
          throw Object.assign(new Error("budget"), { code: "llm_budget_exceeded" });
        },
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("budget");
    expect(estimates).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
  });
});
