/**
 * Optimize: proposals for a resume, optionally tailored to a job posting.
 *
 * With a posting, the job analysis and the fit report come first (built in,
 * deterministic, whichever engine runs), then the engine's proposals, the
 * posting's words for skills the CV has, a tailored summary, the spelling
 * pass, evidence on every proposal, the guards, and questions for what the CV
 * does not show. Nothing is applied: `applyProposals` applies what the user
 * accepts.
 */
import { assertWithinCaps } from "../caps.js";
import type { JobAnalysis } from "../job/analysis.js";
import { analyzePosting } from "../job/analyze-posting.js";
import { type FitReport, fitReport } from "../job/fit-report.js";
import { type SkillLexicon, skillLexicon } from "../job/lexicon.js";
import { detectLanguage } from "../job/posting-vocabulary.js";
import type { Resume } from "../model.js";
import { isSpellingLanguage, type Spellers } from "../spelling/speller.js";
import { builtinProposals } from "./builtin-engine.js";
import { guardLanguage } from "./fact-guard.js";
import { guardProposals } from "./guards.js";
import type { JobDescriptionInput, KeywordCoverage } from "./keywords.js";
import { type LlmAudit, type LlmRunOptions, llmProposals } from "./llm-engine.js";
import { makeProposal, type Proposal } from "./proposal.js";
import { type Question, questionsFor } from "./questions.js";
import { allResumeText, editableFields } from "./resume-text.js";
import { spellingProposals } from "./spelling.js";
import { alignTerms, summaryProposal, withEvidence } from "./tailor-builtin.js";

export { type ApplyResult, applyProposals } from "./apply-proposals.js";
export { isEditablePath } from "./guards.js";
export {
  type JobDescriptionInput,
  type JsonResumeJob,
  jsonResumeJobSchema,
  type KeywordCoverage,
} from "./keywords.js";
export type { LlmAudit, LlmRunOptions } from "./llm-engine.js";
export { PROPOSAL_CATEGORIES, type Proposal, type ProposalCategory, proposalSchema } from "./proposal.js";
export { type Question, questionSchema } from "./questions.js";

export type Answer = { question_id: string; question: string; answer: string };

export type OptimizeOptions = {
  jobDescription?: JobDescriptionInput | undefined;
  engine: "builtin" | "llm";
  /** Required for the LLM engine: the provider, the per-request cap and the budget hook. */
  llm?: LlmRunOptions | undefined;
  /** The user's answers to earlier questions: facts the guards accept. */
  answers?: readonly Answer[];
  /** Dictionaries for the spelling pass and the German name check; no spelling pass without them. */
  spellers?: Spellers | undefined;
  signal?: AbortSignal | undefined;
  lexicon?: SkillLexicon;
};

export type OptimizeResult = {
  engine: "builtin" | "llm";
  proposals: Proposal[];
  keyword_coverage: KeywordCoverage | null;
  /** The posting's skills, required ones first (empty without a posting). */
  keywords: string[];
  /** Proposals an engine made that the guards refused, with the reason (locked field, fabrication, …). */
  rejected: { path: string; proposed: Proposal["proposed"]; reason: string }[];
  analysis: JobAnalysis | null;
  fit: FitReport | null;
  questions: Question[];
  /** The CV's language as detected (en, de, fr, es) or null. */
  language: string | null;
  /** The prompt and raw answer of the LLM engine, for audit. */
  audit?: LlmAudit;
};

/**
 * Proposals for `resume`. Throws `llm_unavailable` / `llm_invalid_output` (retryable) and
 * `llm_budget_exceeded` for the LLM engine.
 *
 * @example await optimizeResume(resume, { engine: "builtin", jobDescription: "We need TypeScript…" })
 */
export async function optimizeResume(resume: Resume, options: OptimizeOptions): Promise<OptimizeResult> {
  // Every step below is linear or n·log n in the resume, and the guards' sources are prepared once per
  // run: the caps keep what remains bounded (a resume over them is resume_too_large).
  assertWithinCaps(resume);
  const lexicon = options.lexicon ?? skillLexicon();
  const resumeText = allResumeText(resume);
  const language = detectLanguage(resumeText);
  const analysis = options.jobDescription ? analyzePosting(options.jobDescription, lexicon) : null;
  const fit = analysis ? fitReport(resume, analysis, { lexicon }) : null;
  const keywords = analysis
    ? [...analysis.skills].sort((a, b) => Number(b.required) - Number(a.required)).map((s) => s.name)
    : [];
  const answers = options.answers ?? [];

  let audit: LlmAudit | undefined;
  let proposals: Proposal[];
  const builtin = builtinProposals(resume, keywords, resumeText);
  if (options.engine === "llm") {
    if (!options.llm) throw new Error("the LLM engine needs a provider");
    const result = await llmProposals(
      { resume, fields: editableFields(resume), analysis, fit, answers },
      { ...options.llm, signal: options.signal },
    );
    audit = result.audit;
    proposals = [...result.drafts.map(makeProposal), ...builtin.filter((p) => p.path.startsWith("skills"))];
  } else {
    proposals = builtin;
    if (analysis && fit) {
      proposals = alignTerms(resume, proposals, analysis, lexicon);
      const summary = summaryProposal(resume, analysis, fit, lexicon, language ?? "en");
      if (summary && !proposals.some((p) => p.path === "basics.summary" && p.applicable))
        proposals.push(summary);
    }
  }
  if (options.spellers && isSpellingLanguage(language)) {
    const speller = await options.spellers.get(language);
    proposals = spellingProposals(resume, proposals, speller, {
      lexicon,
      capitalisedNouns: language === "de",
      english: language === "en" ? speller : await options.spellers.get("en"),
    });
  }
  proposals = withEvidence(proposals, analysis, lexicon);

  const guardLang = options.spellers ? await guardLanguage(resumeText, options.spellers) : {};
  const { accepted, rejected } = guardProposals(proposals, {
    resume,
    resumeText,
    answers: answers.map((a) => a.answer),
    language: guardLang,
  });
  const answered = new Set(answers.map((a) => a.question_id));
  const matched = fit?.matched_skills ?? [];
  const missing = fit?.missing_skills ?? [];
  return {
    engine: options.engine,
    proposals: accepted,
    keyword_coverage:
      matched.length + missing.length
        ? {
            score: Math.round((matched.length / (matched.length + missing.length)) * 100) / 100,
            matched,
            missing,
          }
        : null,
    keywords,
    rejected: rejected.map((r) => ({
      path: r.proposal.path,
      proposed: r.proposal.proposed,
      reason: r.reason,
    })),
    analysis,
    fit,
    questions: fit ? questionsFor(fit, analysis).filter((q) => !answered.has(q.id)) : [],
    language,
    ...(audit ? { audit } : {}),
  };
}
