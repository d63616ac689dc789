/**
 * A cover letter drafted from the fit report's evidence.
 *
 * Without a model: a structured template in the CV's language (en, de, fr,
 * es) filled from the posting (company, role) and the CV — the three
 * strongest matched achievements, preferring bullets that evidence
 * must-haves and carry a number. Every sentence it writes is either fixed
 * template text or the CV's own words, so there is nothing to invent.
 *
 * With a model: the same evidence goes to the model, and each paragraph it
 * writes must pass the fabrication guard against the CV and the user's
 * answers; a paragraph that fails is replaced by the template's.
 */
import { z } from "zod";
import { AppError } from "../../errors.js";
import { completeStructured } from "../../llm/structured-json.js";
import { estimateTokens, type LlmProvider } from "../../llm/types.js";
import type { JobAnalysis } from "../job/analysis.js";
import type { FitReport } from "../job/fit-report.js";
import type { Resume } from "../model.js";
import { type GuardLanguage, introducedFacts, KnownText } from "../optimize/fact-guard.js";
import type { LlmAudit } from "../optimize/llm-engine.js";
import { redactContacts } from "../optimize/redact.js";
import { allResumeText, editableFields } from "../optimize/resume-text.js";
import type { CoverLetter } from "./cover-letter.js";

type Phrases = {
  greeting: (company: string | null) => string;
  intro: (role: string, company: string | null, current: string | null) => string;
  evidenceLead: string;
  close: (company: string | null) => string;
  closing: string;
};

const PHRASES: Record<string, Phrases> = {
  en: {
    greeting: (c) => (c ? `Dear ${c} hiring team,` : "Dear hiring team,"),
    intro: (role, c, cur) =>
      `I am applying for the ${role} position${c ? ` at ${c}` : ""}.${cur ? ` In my current role as ${cur}, I work on what this position asks for.` : ""}`,
    evidenceLead: "Some of what I have done that matches your requirements:",
    close: (c) => `I would welcome the chance to discuss how I can contribute${c ? ` to ${c}` : ""}.`,
    closing: "Kind regards,",
  },
  de: {
    greeting: () => "Sehr geehrte Damen und Herren,",
    intro: (role, c, cur) =>
      `hiermit bewerbe ich mich um die Stelle als ${role}${c ? ` bei ${c}` : ""}.${cur ? ` In meiner aktuellen Position als ${cur} arbeite ich an genau diesen Themen.` : ""}`,
    evidenceLead: "Einige meiner Erfahrungen, die zu Ihren Anforderungen passen:",
    close: () => "Über die Gelegenheit zu einem persönlichen Gespräch freue ich mich.",
    closing: "Mit freundlichen Grüßen",
  },
  fr: {
    greeting: () => "Madame, Monsieur,",
    intro: (role, c, cur) =>
      `Je vous propose ma candidature au poste de ${role}${c ? ` chez ${c}` : ""}.${cur ? ` Dans mon poste actuel de ${cur}, je travaille sur ces sujets.` : ""}`,
    evidenceLead: "Quelques réalisations qui répondent à vos exigences :",
    close: () => "Je serais ravi(e) d'échanger avec vous lors d'un entretien.",
    closing: "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.",
  },
  es: {
    greeting: () => "Estimado equipo de selección:",
    intro: (role, c, cur) =>
      `Me dirijo a ustedes para presentar mi candidatura al puesto de ${role}${c ? ` en ${c}` : ""}.${cur ? ` En mi puesto actual de ${cur} trabajo en estos temas.` : ""}`,
    evidenceLead: "Algunos logros que responden a sus requisitos:",
    close: () => "Me encantaría conversar con ustedes en una entrevista.",
    closing: "Atentamente,",
  },
};

function phrasesFor(language: string | null): Phrases {
  return PHRASES[language ?? "en"] ?? PHRASES.en!;
}

/**
 * The letter conventions the template always writes in `language` ("Madame, Monsieur,", "Mit
 * freundlichen Grüßen"): known text for the fact guard, since echoing them introduces nobody.
 */
export function letterConventions(language: string | null): string {
  const p = phrasesFor(language);
  return [p.greeting(null), p.evidenceLead, p.close(null), p.closing].join("\n");
}

/**
 * The CV's strongest matched achievements, at most `n`: the fit report's evidence for the posting's
 * requirements first (must-haves, then with numbers); when that gives fewer than `n` and the CV is
 * given, bullets that name a skill the posting asks for and the CV has (with numbers first).
 */
export function strongestEvidence(fit: FitReport, n = 3, resume?: Resume): { path: string; text: string }[] {
  const seen = new Set<string>();
  const scored: { path: string; text: string; score: number }[] = [];
  for (const r of fit.requirements) {
    for (const e of r.evidence) {
      if (seen.has(e.path) || !/highlights|summary|description/.test(e.path) || e.path === "basics.summary")
        continue;
      seen.add(e.path);
      scored.push({
        path: e.path,
        text: e.text,
        score: (r.kind === "must" ? 4 : 1) + (/\d/.test(e.text) ? 2 : 0) + (r.status === "met" ? 1 : 0),
      });
    }
  }
  const chosen = scored.sort((a, b) => b.score - a.score).slice(0, n);
  if (resume && chosen.length < n && fit.matched_skills.length) {
    const skills = fit.matched_skills.map((s) => s.toLowerCase());
    const more = editableFields(resume)
      .filter((f) => f.kind === "bullet" && !seen.has(f.path))
      .map((f) => {
        const lower = f.text.toLowerCase();
        const named = skills.filter((s) => containsTerm(lower, s)).length;
        return { path: f.path, text: f.text, score: named * 2 + (/\d/.test(f.text) ? 1 : 0), named };
      })
      .filter((f) => f.named > 0)
      // Stable: equal scores keep document order (recent roles first).
      .sort((a, b) => b.score - a.score);
    chosen.push(...more.slice(0, n - chosen.length));
  }
  return chosen.map(({ path, text }) => ({ path, text }));
}

/** `term` occurs in `lower` as a whole word (not "Go" in "Google"). */
function containsTerm(lower: string, term: string): boolean {
  for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
    const before = lower[at - 1] ?? " ";
    const after = lower[at + term.length] ?? " ";
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

/** The template draft (no model). */
export function templateCoverLetter(
  resume: Resume,
  analysis: JobAnalysis,
  fit: FitReport,
  language: string | null,
): CoverLetter {
  const p = phrasesFor(language);
  const current = resume.work.flatMap((w) => w.positions).find((pos) => pos.dates.current)?.title ?? null;
  const role = analysis.title ?? "";
  const evidence = strongestEvidence(fit, 3, resume);
  const paragraphs = [p.intro(role || "…", analysis.company, current)];
  if (evidence.length)
    paragraphs.push([p.evidenceLead, ...evidence.map((e) => `– ${e.text.replace(/\.$/, "")}.`)].join("\n"));
  paragraphs.push(p.close(analysis.company));
  return {
    greeting: p.greeting(analysis.company),
    paragraphs,
    closing: [p.closing, resume.basics.name].filter(Boolean).join("\n"),
    source: "template",
    evidence,
  };
}

const letterAnswer = z.object({
  greeting: z.string().max(300),
  paragraphs: z.array(z.string().max(3_000)).min(1).max(6),
});

const LETTER_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["greeting", "paragraphs"],
  properties: { greeting: { type: "string" }, paragraphs: { type: "array", items: { type: "string" } } },
} as const;

const SYSTEM_PROMPT = [
  "You write a short cover letter (3 to 4 paragraphs, no greeting or signature inside the paragraphs).",
  "Use only the facts given: the role, the company, the CV evidence and the author's answers. Add no employer, number, metric, technology, degree or certification that is not given.",
].join(" ");
const OUTPUT_TOKENS = 1_500;

export type CoverLetterLlmOptions = {
  provider: LlmProvider;
  language: string | null;
  /** The user's answers to the tailoring's questions: facts the guard accepts. */
  answers: readonly string[];
  guardLanguage?: GuardLanguage;
  /** The per-request cap (prompt estimate plus the answer's allowance); over it is `llm_budget_exceeded`. */
  maxTokensPerRequest?: number;
  /** Called with the estimated tokens before sending; throws when the owner's budget is used up. */
  reserveTokens?: (estimate: number) => Promise<void>;
  signal?: AbortSignal | undefined;
};

/**
 * A model draft grounded in the evidence. The greeting and each paragraph are guarded: one that
 * introduces a fact (employer, number, technology, name …) found in neither the CV, the posting's
 * role and company, nor the user's answers is replaced by the template's text at the same place
 * (or dropped). Contact details are redacted from everything sent.
 */
export async function llmCoverLetter(
  resume: Resume,
  analysis: JobAnalysis,
  fit: FitReport,
  options: CoverLetterLlmOptions,
): Promise<{ letter: CoverLetter; rejected: string[]; raw: string[]; audit: LlmAudit }> {
  const template = templateCoverLetter(resume, analysis, fit, options.language);
  const evidence = strongestEvidence(fit, 5, resume);
  const system = `${SYSTEM_PROMPT} Write in the language with code "${options.language ?? "en"}".`;
  const user = JSON.stringify({
    role: analysis.title,
    company: analysis.company,
    requirements: analysis.requirements.map((r) => ({ text: r.text, kind: r.kind })),
    evidence: evidence.map((e) => redactContacts(e.text)),
    answers: options.answers.map(redactContacts),
  });
  const estimate = estimateTokens(system + user) + OUTPUT_TOKENS;
  if (options.maxTokensPerRequest !== undefined && estimate > options.maxTokensPerRequest) {
    throw new AppError("llm_budget_exceeded", "This letter's prompt is over the per-request token limit.", {
      retryable: false,
      details: { estimate, limit: options.maxTokensPerRequest },
    });
  }
  await options.reserveTokens?.(estimate);
  const answer = await completeStructured(
    options.provider,
    {
      system,
      user,
      schema: { name: "cover_letter", schema: LETTER_SCHEMA },
      maxOutputTokens: OUTPUT_TOKENS,
      signal: options.signal,
    },
    letterAnswer,
  );
  // The template's own wording counts as known: a model that writes "Sehr geehrte Damen und Herren"
  // echoes the letter's conventions, it does not introduce anyone.
  const sources = new KnownText(
    [
      allResumeText(resume),
      analysis.title ?? "",
      analysis.company ?? "",
      ...options.answers,
      template.greeting,
      ...template.paragraphs,
      template.closing,
    ].join("\n"),
  );
  const introduced = (text: string) =>
    introducedFacts(text, "", sources, undefined, options.guardLanguage).map((f) => f.term);
  const rejected: string[] = [];
  const greetingFacts = introduced(answer.value.greeting);
  if (greetingFacts.length) rejected.push(`greeting: ${greetingFacts.join(", ")}`);
  const paragraphs = answer.value.paragraphs.flatMap((text, i) => {
    const facts = introduced(text);
    if (!facts.length) return [text];
    rejected.push(`paragraph ${i + 1}: ${facts.join(", ")}`);
    const fallback = template.paragraphs[i];
    return fallback ? [fallback] : [];
  });
  return {
    letter: {
      greeting: (!greetingFacts.length && answer.value.greeting.trim()) || template.greeting,
      paragraphs: paragraphs.length ? paragraphs : template.paragraphs,
      closing: template.closing,
      source: "llm",
      evidence,
    },
    rejected,
    raw: answer.raw,
    audit: {
      provider: options.provider.name,
      mode: answer.mode,
      system,
      user,
      raw: answer.raw,
      usage: answer.usage,
      repaired: answer.repaired,
    },
  };
}
