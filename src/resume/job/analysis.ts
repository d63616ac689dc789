/**
 * The shape of a job analysis: what a posting asks for, structured.
 *
 * Glossary
 * - Requirement: one thing the posting asks of the candidate, as written
 *   ("3+ years of Kubernetes in production"), must-have or nice-to-have, with
 *   the canonical skills it names.
 * - Skill: a canonical term ("Kubernetes") the posting names, whether from the
 *   lexicon or from a list whose other items are known skills.
 */
import { z } from "zod";

export const REQUIREMENT_KINDS = ["must", "nice"] as const;

export const requirementSchema = z.object({
  id: z.string().max(16),
  text: z.string().max(2_000),
  kind: z.enum(REQUIREMENT_KINDS),
  skills: z.array(z.string().max(120)).max(40),
  /** Minimum years of experience the line asks for, when it names a number. */
  years: z.number().int().min(0).max(60).optional(),
});
export type Requirement = z.infer<typeof requirementSchema>;

export const postingSkillSchema = z.object({
  name: z.string().max(120),
  /** The words as the posting wrote them ("k8s", "maschinelles Lernen"). */
  as_written: z.string().max(120),
  domain: z.string().max(40),
  required: z.boolean(),
  /** True when the skill came from the lexicon, false when from a list of known skills. */
  known: z.boolean(),
});
export type PostingSkill = z.infer<typeof postingSkillSchema>;

export const jobAnalysisSchema = z.object({
  title: z.string().max(300).nullable(),
  company: z.string().max(300).nullable(),
  location: z.string().max(300).nullable(),
  remote: z.enum(["remote", "hybrid", "onsite"]).nullable(),
  seniority: z.enum(["intern", "junior", "mid", "senior", "lead", "executive"]).nullable(),
  language: z.string().max(8).nullable(),
  requirements: z.array(requirementSchema).max(200),
  responsibilities: z.array(z.string().max(2_000)).max(200),
  skills: z.array(postingSkillSchema).max(300),
});
export type JobAnalysis = z.infer<typeof jobAnalysisSchema>;
