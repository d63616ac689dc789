/**
 * Optimize: proposals for a resume, optionally against a job description.
 *
 * Both engines produce proposals only; `applyProposals` applies the ones the
 * user accepts. Keyword coverage is always computed by the deterministic
 * extractor so scores are comparable whichever engine ran.
 */
import { assertWithinCaps } from "../caps.js";
import type { Resume } from "../model.js";
import { builtinProposals } from "./builtin-engine.js";
import { guardProposals } from "./guards.js";
import {
  extractKeywords,
  type JobDescriptionInput,
  type KeywordCoverage,
  keywordCoverage,
  readJobDescription,
} from "./keywords.js";
import { type LlmSettings, llmProposals } from "./llm-engine.js";
import { makeProposal, type Proposal } from "./proposal.js";
import { allResumeText, editableFields } from "./resume-text.js";

export { type ApplyResult, applyProposals } from "./apply-proposals.js";
export { isEditablePath } from "./guards.js";
export {
  type JobDescriptionInput,
  type JsonResumeJob,
  jsonResumeJobSchema,
  type KeywordCoverage,
} from "./keywords.js";
export type { LlmSettings } from "./llm-engine.js";
export { PROPOSAL_CATEGORIES, type Proposal, type ProposalCategory, proposalSchema } from "./proposal.js";

export type OptimizeOptions = {
  jobDescription?: JobDescriptionInput | undefined;
  engine: "builtin" | "llm";
  llm?: LlmSettings | undefined;
  signal?: AbortSignal | undefined;
  /** Replaces global fetch for the LLM engine (tests). */
  fetchImpl?: typeof fetch;
};

export type OptimizeResult = {
  engine: "builtin" | "llm";
  proposals: Proposal[];
  keyword_coverage: KeywordCoverage | null;
  /** The job's keywords in relevance order (empty without a job description). */
  keywords: string[];
  /** Proposals an engine made that the guards refused, with the reason (locked field, fabrication, …). */
  rejected: { path: string; proposed: Proposal["proposed"]; reason: string }[];
};

/**
 * Proposals for `resume`. Throws `llm_unavailable` / `llm_invalid_output` (retryable) for the LLM engine.
 *
 * @example await optimizeResume(resume, { engine: "builtin", jobDescription: "We need TypeScript…" })
 */
export async function optimizeResume(resume: Resume, options: OptimizeOptions): Promise<OptimizeResult> {
  // Every step below is linear or n·log n in the resume, but the guards scan the resume text once per
  // proposal: the caps keep that product bounded (a resume over them is resume_too_large).
  assertWithinCaps(resume);
  const job = options.jobDescription ? readJobDescription(options.jobDescription) : null;
  const keywords = job ? extractKeywords(job) : [];
  const resumeText = allResumeText(resume);
  const coverage = keywordCoverage(resumeText, keywords);

  const drafts =
    options.engine === "llm"
      ? (
          await llmProposals(editableFields(resume), job?.text ?? "", options.llm ?? missingLlm, {
            signal: options.signal,
            fetchImpl: options.fetchImpl,
          })
        ).map(makeProposal)
      : builtinProposals(resume, keywords, resumeText);

  const jobText = job ? [job.text, ...job.explicit].join("\n") : "";
  const { accepted, rejected } = guardProposals(drafts, { resume, resumeText, jobText });
  return {
    engine: options.engine,
    proposals: accepted,
    keyword_coverage: coverage,
    keywords,
    rejected: rejected.map((r) => ({
      path: r.proposal.path,
      proposed: r.proposal.proposed,
      reason: r.reason,
    })),
  };
}

const missingLlm: LlmSettings = {
  baseUrl: undefined,
  apiKey: undefined,
  model: undefined,
  timeoutMs: 60_000,
};
