/**
 * Questions instead of inventions: for every requirement the CV does not
 * evidence, ask the author ("Have you used Kubernetes? If so, where?").
 * An answer becomes a source the guards accept, so the next round of
 * proposals may use what the author vouched for.
 *
 * Each question carries a message key and parameters for the web client to
 * translate, plus the English text for API clients.
 */
import { z } from "zod";
import type { JobAnalysis } from "../job/analysis.js";
import type { FitReport } from "../job/fit-report.js";

export const questionSchema = z.object({
  id: z.string().max(32),
  requirement_id: z.string().max(16),
  kind: z.enum(["skill", "requirement", "years"]),
  /** Translation key and parameters (`tailor.question.skill`, `{ skill: "Kubernetes" }`). */
  message: z.object({
    key: z.string().max(80),
    params: z.record(z.string().max(40), z.union([z.string().max(2_000), z.number()])),
  }),
  text: z.string().max(2_500),
  must: z.boolean(),
});
export type Question = z.infer<typeof questionSchema>;

const MAX_QUESTIONS = 12;

/** Questions for the requirements a fit report found missing or partly covered (must-haves first). */
export function questionsFor(fit: FitReport, analysis?: JobAnalysis | null): Question[] {
  // Ask in the posting's words ("CUDA"), not the lexicon's category ("GPU computing").
  const written = new Map((analysis?.skills ?? []).map((s) => [s.name.toLowerCase(), s.as_written]));
  const out: Question[] = [];
  const asked = new Set<string>();
  const ordered = [...fit.requirements].sort((a, b) => Number(b.kind === "must") - Number(a.kind === "must"));
  for (const r of ordered) {
    if (r.status === "met") continue;
    const must = r.kind === "must";
    if (r.missing_skills.length) {
      for (const name of r.missing_skills) {
        const skill = written.get(name.toLowerCase()) ?? name;
        const key = skill.toLowerCase();
        if (asked.has(key)) continue;
        asked.add(key);
        out.push({
          id: `q_${r.requirement_id}_${out.length + 1}`,
          requirement_id: r.requirement_id,
          kind: "skill",
          message: { key: "tailor.question.skill", params: { skill } },
          text: `Have you used ${skill}? If so, where?`,
          must,
        });
      }
    } else if (/\d/.test(r.text) && /year|jahr|ans?\b|años/i.test(r.text)) {
      out.push({
        id: `q_${r.requirement_id}_${out.length + 1}`,
        requirement_id: r.requirement_id,
        kind: "years",
        message: {
          key: "tailor.question.years",
          params: { requirement: r.text, years: fit.experience_years },
        },
        text: `The posting asks: "${r.text}". Your CV shows about ${fit.experience_years} years. Is experience missing from your CV?`,
        must,
      });
    } else {
      out.push({
        id: `q_${r.requirement_id}_${out.length + 1}`,
        requirement_id: r.requirement_id,
        kind: "requirement",
        message: { key: "tailor.question.requirement", params: { requirement: r.text } },
        text: `The posting asks: "${r.text}". Does your experience cover this? If so, where?`,
        must,
      });
    }
    if (out.length >= MAX_QUESTIONS) break;
  }
  return out.slice(0, MAX_QUESTIONS);
}
