/**
 * The language-model optimizer: bullet rewrites aimed at the posting and a
 * tailored summary, each tied to the CV field it rewrites and the
 * requirements it serves. Provider-neutral: it receives an `LlmProvider`.
 *
 * What the model sees: the editable prose fields with their paths (contact
 * details are never included, and any typed into prose are redacted), the
 * titles and skills for context, the posting's requirements with the fit
 * report's verdicts, and the user's answers to earlier questions. What it
 * returns passes the same guards as the built-in engine.
 *
 * Limits: the prompt is cut (later fields first) to fit the per-request token
 * cap; `reserveTokens` lets the caller enforce a per-owner daily budget
 * before anything is sent.
 */
import { z } from "zod";
import { AppError } from "../../errors.js";
import { completeStructured } from "../../llm/structured-json.js";
import { estimateTokens, type LlmProvider, type StructuredMode, type Usage } from "../../llm/types.js";
import type { JobAnalysis } from "../job/analysis.js";
import type { FitReport } from "../job/fit-report.js";
import type { Resume } from "../model.js";
import type { ProposalDraft, ProposalEvidence } from "./proposal.js";
import { redactContacts } from "./redact.js";
import type { TextField } from "./resume-text.js";

export type LlmRunOptions = {
  provider: LlmProvider;
  maxTokensPerRequest: number;
  /** Called with the estimated tokens before sending; throws when the owner's budget is used up. */
  reserveTokens?: (estimate: number) => Promise<void>;
  signal?: AbortSignal | undefined;
};

export type LlmAudit = {
  provider: string;
  mode: StructuredMode;
  system: string;
  user: string;
  raw: string[];
  usage: Usage;
  repaired: boolean;
};

const answerSchema = z.object({
  rewrites: z
    .array(
      z.object({
        path: z.string().max(200),
        original: z.string().max(5_000),
        proposed: z.string().max(5_000),
        reason: z.string().min(1).max(500),
        requirement_ids: z.array(z.string().max(16)).max(10).default([]),
      }),
    )
    .max(60),
  summary: z
    .object({ proposed: z.string().max(5_000), reason: z.string().min(1).max(500) })
    .nullable()
    .default(null),
});

/** The JSON schema sent as structured output (strict-mode compatible: every property required). */
export const LLM_RESPONSE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["rewrites", "summary"],
  properties: {
    rewrites: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["path", "original", "proposed", "reason", "requirement_ids"],
        properties: {
          path: { type: "string" },
          original: { type: "string" },
          proposed: { type: "string" },
          reason: { type: "string" },
          requirement_ids: { type: "array", items: { type: "string" } },
        },
      },
    },
    summary: {
      anyOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["proposed", "reason"],
          properties: { proposed: { type: "string" }, reason: { type: "string" } },
        },
        { type: "null" },
      ],
    },
  },
} as const;

export const SYSTEM_PROMPT = [
  "You tailor a CV to a job posting. You receive the CV's editable text fields (each with a JSON path), its titles and skills, the posting's requirements with whether the CV covers them, and the author's answers to questions.",
  "Rewrite bullets so they speak to the posting's requirements, and propose a tailored summary. Quote each field's current text exactly as `original`.",
  "Never add a fact: no employer, job title, date, degree, number, metric, technology or certification that is not in the CV or in the author's answers. Do not claim a requirement the CV does not cover; leave it out.",
  "Keep the CV's language and tense (past for past roles). Prefer the posting's words for skills the CV already shows. Give a short reason and the ids of the requirements each rewrite serves.",
  "Return at most 20 rewrites; an empty list when nothing should change. Set summary to null when the current one already fits.",
].join(" ");

export type LlmProposalsInput = {
  resume: Resume;
  fields: readonly TextField[];
  analysis: JobAnalysis | null;
  fit: FitReport | null;
  answers: readonly { question: string; answer: string }[];
};

const OUTPUT_TOKENS = 4_000;

function userMessage(input: LlmProposalsInput, fields: readonly TextField[]): string {
  const r = input.resume;
  return JSON.stringify({
    fields: fields.map((f) => ({ path: f.path, text: redactContacts(f.text), current_role: f.current })),
    roles: r.work.flatMap((w) =>
      w.positions.map((p) => ({ employer: w.name, title: p.title, dates: p.dates.text })),
    ),
    skills: r.skills.flatMap((s) => s.keywords),
    posting: input.analysis
      ? {
          title: input.analysis.title,
          company: input.analysis.company,
          requirements: input.analysis.requirements.map((q) => ({
            id: q.id,
            text: q.text,
            kind: q.kind,
            covered: input.fit?.requirements.find((f) => f.requirement_id === q.id)?.status ?? "unknown",
          })),
        }
      : null,
    answers: input.answers.map((a) => ({ question: a.question, answer: redactContacts(a.answer) })),
  });
}

/** Ask the model for proposals; returns drafts with evidence, and the audit record. */
export async function llmProposals(
  input: LlmProposalsInput,
  options: LlmRunOptions,
): Promise<{ drafts: ProposalDraft[]; audit: LlmAudit }> {
  // Fit the prompt into the per-request cap by dropping fields from the end (summaries come first).
  let fields = [...input.fields];
  let user = userMessage(input, fields);
  const budget = options.maxTokensPerRequest - OUTPUT_TOKENS;
  while (fields.length > 1 && estimateTokens(SYSTEM_PROMPT + user) > budget) {
    fields = fields.slice(0, Math.max(1, Math.floor(fields.length * 0.8)));
    user = userMessage(input, fields);
  }
  const estimate = estimateTokens(SYSTEM_PROMPT + user) + OUTPUT_TOKENS;
  if (estimate > options.maxTokensPerRequest) {
    throw new AppError("llm_budget_exceeded", "This CV is too long for the per-request token limit.", {
      details: { estimate, limit: options.maxTokensPerRequest },
    });
  }
  await options.reserveTokens?.(estimate);

  const answer = await completeStructured(
    options.provider,
    {
      system: SYSTEM_PROMPT,
      user,
      schema: { name: "cv_tailoring", schema: LLM_RESPONSE_SCHEMA },
      maxOutputTokens: OUTPUT_TOKENS,
      signal: options.signal,
    },
    answerSchema,
  );
  const byId = new Map((input.analysis?.requirements ?? []).map((q) => [q.id, q]));
  const evidence = (path: string, text: string, ids: string[]): ProposalEvidence => {
    const requirement = ids.map((id) => byId.get(id)).find(Boolean);
    return {
      cv: [{ path, text: text.slice(0, 400) }],
      ...(requirement
        ? { requirement: { id: requirement.id, text: requirement.text, kind: requirement.kind } }
        : {}),
    };
  };
  const drafts: (ProposalDraft & { evidence: ProposalEvidence })[] = answer.value.rewrites.map((w) => ({
    path: w.path,
    original: w.original,
    proposed: w.proposed,
    reason: w.reason,
    category: "keyword_alignment",
    evidence: evidence(w.path, w.original, w.requirement_ids),
  }));
  if (answer.value.summary) {
    drafts.push({
      path: "basics.summary",
      original: input.resume.basics.summary,
      proposed: answer.value.summary.proposed,
      reason: answer.value.summary.reason,
      category: "summary",
      evidence: evidence("basics.summary", input.resume.basics.summary, []),
    });
  }
  return {
    drafts,
    audit: {
      provider: options.provider.name,
      mode: answer.mode,
      system: SYSTEM_PROMPT,
      user,
      raw: answer.raw,
      usage: answer.usage,
      repaired: answer.repaired,
    },
  };
}
