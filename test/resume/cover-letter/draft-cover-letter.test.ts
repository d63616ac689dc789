import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../../src/llm/anthropic.js";
import { OpenAiCompatibleProvider } from "../../../src/llm/openai-compatible.js";
import { llmCoverLetter, templateCoverLetter } from "../../../src/resume/cover-letter/draft-cover-letter.js";
import { analyzePosting } from "../../../src/resume/job/analyze-posting.js";
import { fitReport } from "../../../src/resume/job/fit-report.js";
import { type ResumeInput, resumeSchema } from "../../../src/resume/model.js";
import { type FakeLlmServer, openAiCompletion, startFakeLlmServer } from "../../support/fake-llm-server.js";

const cv = resumeSchema.parse({
  basics: { name: "Ada Park", email: "ada@example.com" },
  work: [
    {
      name: "Nimbus Labs",
      positions: [
        {
          title: "ML Engineer",
          dates: { text: "2019 – present", start: "2019-01", current: true },
          highlights: [
            "Served PyTorch models with Triton on EKS for 40M daily requests",
            "Built Python feature pipelines in Airflow",
            "Organised the team's reading group",
          ],
        },
      ],
    },
  ],
} satisfies ResumeInput);
const analysis = analyzePosting(`Senior ML Engineer - Acme AI
Requirements:
- Model serving on Kubernetes
- Python
Nice to have:
- Airflow`);
const fit = fitReport(cv, analysis);

describe("cover letter drafts", () => {
  it("fills the template with company, role and the strongest matched achievements, in the CV's language", () => {
    const letter = templateCoverLetter(cv, analysis, fit, "en");
    expect(letter.greeting).toBe("Dear Acme AI hiring team,");
    expect(letter.paragraphs[0]).toBe(
      "I am applying for the Senior ML Engineer position at Acme AI. In my current role as ML Engineer, I work on what this position asks for.",
    );
    expect(letter.paragraphs[1]).toContain(
      "– Served PyTorch models with Triton on EKS for 40M daily requests.",
    );
    expect(letter.paragraphs[1]).not.toContain("reading group");
    expect(letter.evidence[0]!.path).toBe("work.0.positions.0.highlights.0");
    expect(letter.closing).toBe("Kind regards,\nAda Park");
    expect(templateCoverLetter(cv, analysis, fit, "de").greeting).toBe("Sehr geehrte Damen und Herren,");
  });

  it("fills up the achievements with bullets naming a matched skill when the fit evidence has too few", () => {
    const web = resumeSchema.parse({
      basics: { name: "Sam Lee", summary: "Web developer working with React and Node.js." },
      work: [
        {
          name: "Shoply",
          positions: [
            {
              title: "Web Developer",
              dates: { text: "2020 – present", current: true },
              highlights: [
                "Built the checkout in React and Node.js for 500+ daily orders",
                "Moved reporting to MongoDB, cutting query time from 2s to 300ms",
                "Ran the team's hiring loop",
              ],
            },
          ],
        },
      ],
      skills: [{ name: "Web", keywords: ["React", "Node.js", "MongoDB", "SQL"] }],
    } satisfies ResumeInput);
    const job = analyzePosting({
      title: "Web Developer",
      company: "Contoso",
      skills: [{ name: "Web Development", keywords: ["React", "Node.js", "MongoDB", "SQL"] }],
    });
    const letter = templateCoverLetter(web, job, fitReport(web, job), "en");
    expect(letter.evidence.map((e) => e.path)).toEqual([
      "work.0.positions.0.highlights.0",
      "work.0.positions.0.highlights.1",
    ]);
    expect(letter.paragraphs[1]).toContain(
      "– Moved reporting to MongoDB, cutting query time from 2s to 300ms.",
    );
    expect(letter.paragraphs.join("\n")).not.toContain("hiring loop");
  });

  describe("with a model", () => {
    let server: FakeLlmServer;
    beforeAll(async () => {
      server = await startFakeLlmServer();
    });
    afterAll(() => server.close());

    it("keeps grounded paragraphs and replaces one that invents facts", async () => {
      server.reply({
        json: openAiCompletion(
          JSON.stringify({
            greeting: "Dear Acme AI team,",
            paragraphs: [
              "I would like to join Acme AI as Senior ML Engineer.",
              "At Nimbus Labs I cut serving costs by 60% on Google Cloud TPUs.",
              "I served PyTorch models with Triton on EKS for 40M daily requests.",
            ],
          }),
        ),
      });
      const provider = new OpenAiCompatibleProvider({
        baseUrl: server.url,
        model: "m",
        structuredOutput: "auto",
        timeoutMs: 5_000,
        maxRetries: 0,
      });
      const { letter, rejected } = await llmCoverLetter(cv, analysis, fit, {
        provider,
        language: "en",
        answers: [],
      });
      expect(letter.source).toBe("llm");
      expect(letter.paragraphs[0]).toBe("I would like to join Acme AI as Senior ML Engineer.");
      expect(letter.paragraphs[1]).toBe(templateCoverLetter(cv, analysis, fit, "en").paragraphs[1]);
      expect(letter.paragraphs[2]).toContain("Triton on EKS");
      expect(rejected).toEqual([expect.stringMatching(/^paragraph 2: (?=.*60%)(?=.*Google)/)]);
      expect(JSON.stringify(server.requests[0]!.body)).not.toContain("ada@example.com");
    });

    it("guards the greeting, reserves the estimate before sending and keeps the prompt and answer for audit", async () => {
      server.reply({
        json: openAiCompletion(
          JSON.stringify({
            greeting: "Dear Dr. Helena Vasquez,",
            paragraphs: ["I served PyTorch models with Triton on EKS for 40M daily requests."],
          }),
        ),
      });
      const provider = new OpenAiCompatibleProvider({
        baseUrl: server.url,
        model: "m",
        structuredOutput: "auto",
        timeoutMs: 5_000,
        maxRetries: 0,
      });
      const reserved: number[] = [];
      const sentBefore = server.requests.length;
      const { letter, rejected, audit } = await llmCoverLetter(cv, analysis, fit, {
        provider,
        language: "en",
        answers: [],
        maxTokensPerRequest: 10_000,
        reserveTokens: async (estimate) => {
          // Nothing has been sent when the budget is asked.
          expect(server.requests.length).toBe(sentBefore);
          reserved.push(estimate);
        },
      });
      expect(letter.greeting).toBe("Dear Acme AI hiring team,");
      expect(rejected).toEqual([expect.stringMatching(/^greeting: .*Vasquez/)]);
      expect(reserved).toHaveLength(1);
      expect(reserved[0]).toBeGreaterThan(1_500);
      expect(audit.user).toContain("Triton on EKS");
      expect(audit.user).not.toContain("ada@example.com");
      expect(audit.raw).toHaveLength(1);
      expect(audit.usage.inputTokens + audit.usage.outputTokens).toBeGreaterThan(0);
    });

    it("drafts through Anthropic's Messages API (a forced tool) in the CV's language", async () => {
      server.reply({
        json: {
          type: "message",
          content: [
            {
              type: "tool_use",
              id: "t1",
              name: "cover_letter",
              input: {
                greeting: "Sehr geehrte Damen und Herren,",
                paragraphs: ["Bei Nimbus Labs betreibe ich PyTorch-Modelle mit Triton auf EKS."],
              },
            },
          ],
          usage: { input_tokens: 30, output_tokens: 12 },
        },
      });
      const provider = new AnthropicProvider({
        baseUrl: server.url,
        model: "claude-x",
        apiKey: "ak",
        structuredOutput: "auto",
        timeoutMs: 5_000,
        maxRetries: 0,
      });
      const { letter, rejected, audit } = await llmCoverLetter(cv, analysis, fit, {
        provider,
        language: "de",
        answers: [],
      });
      expect(rejected).toEqual([]);
      expect(letter.paragraphs).toEqual(["Bei Nimbus Labs betreibe ich PyTorch-Modelle mit Triton auf EKS."]);
      expect(letter.closing).toBe("Mit freundlichen Grüßen\nAda Park");
      expect(audit.usage).toEqual({ inputTokens: 30, outputTokens: 12 });
      const sent = server.requests.at(-1)!;
      expect(sent.path).toBe("/v1/messages");
      expect(JSON.stringify(sent.body)).toContain('language with code \\"de\\"');
    });

    it("reads a local server's plain-text answer when it rejects response_format (Ollama, llama.cpp)", async () => {
      server.reply(
        { status: 400, json: { error: { message: "response_format json_schema is not supported" } } },
        { status: 400, json: { error: { message: "'response_format' must be text" } } },
        {
          json: openAiCompletion(
            'Here is the letter:\n```json\n{"greeting": "Dear Acme AI team,", "paragraphs": ["I built Python feature pipelines in Airflow."]}\n```',
          ),
        },
      );
      const provider = new OpenAiCompatibleProvider({
        baseUrl: `${server.url}/v1`,
        model: "llama3",
        structuredOutput: "auto",
        timeoutMs: 5_000,
        maxRetries: 0,
      });
      const { letter, audit } = await llmCoverLetter(cv, analysis, fit, {
        provider,
        language: "en",
        answers: [],
      });
      expect(letter.greeting).toBe("Dear Acme AI team,");
      expect(letter.paragraphs).toEqual(["I built Python feature pipelines in Airflow."]);
      expect(audit.mode).toBe("text");
    });

    it("refuses a prompt over the per-request cap before anything is sent", async () => {
      const provider = new OpenAiCompatibleProvider({
        baseUrl: server.url,
        model: "m",
        structuredOutput: "auto",
        timeoutMs: 5_000,
        maxRetries: 0,
      });
      const sentBefore = server.requests.length;
      await expect(
        llmCoverLetter(cv, analysis, fit, {
          provider,
          language: "en",
          answers: [],
          maxTokensPerRequest: 100,
        }),
      ).rejects.toMatchObject({ code: "llm_budget_exceeded" });
      expect(server.requests.length).toBe(sentBefore);
    });
  });
});
