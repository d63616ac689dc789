/**
 * Runs the tailoring eval set (`eval/tailor/`): every posting through the
 * analyzer, every adversarial proposal through the fabrication guard.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { guardLanguage, introducedFacts } from "../../optimize/fact-guard.js";
import { Spellers } from "../../spelling/speller.js";
import { analyzePosting } from "../analyze-posting.js";
import {
  add,
  type Counts,
  type PostingLabel,
  type PostingScore,
  prf,
  scoreGuard,
  scorePosting,
} from "./score.js";

export type GuardCase = [
  cv: string,
  original: string,
  proposed: string,
  label: "fabrication" | "legit",
  answers?: string[],
];

export type TailorEvalResult = {
  postings: { file: string; label: PostingLabel; score: PostingScore }[];
  skills: ReturnType<typeof prf>;
  requirements: ReturnType<typeof prf>;
  kindAccuracy: number;
  byLanguage: Record<string, { skills: ReturnType<typeof prf>; requirements: ReturnType<typeof prf> }>;
  fields: { title: number; company: number; location: number };
  guard: ReturnType<typeof prf> & { tn: number; cases: number };
  guardMisses: { case: GuardCase; introduced: string[] }[];
};

export async function runTailorEval(dir: string): Promise<TailorEvalResult> {
  const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as {
    postings: Record<string, PostingLabel>;
  };
  const postings = Object.entries(labels.postings).map(([file, label]) => ({
    file,
    label,
    score: scorePosting(analyzePosting(readFileSync(join(dir, "postings", file), "utf8")), label),
  }));
  const zero: Counts = { tp: 0, fp: 0, fn: 0 };
  const byLang = new Map<string, { skills: Counts; requirements: Counts }>();
  let skills = zero;
  let requirements = zero;
  let kindsRight = 0;
  let kindsTotal = 0;
  for (const p of postings) {
    skills = add(skills, p.score.skills);
    requirements = add(requirements, p.score.requirements);
    kindsRight += p.score.kindsRight;
    kindsTotal += p.score.kindsTotal;
    const lang = byLang.get(p.label.language) ?? { skills: zero, requirements: zero };
    byLang.set(p.label.language, {
      skills: add(lang.skills, p.score.skills),
      requirements: add(lang.requirements, p.score.requirements),
    });
  }
  const share = (f: (p: PostingScore) => boolean) =>
    postings.filter((p) => f(p.score)).length / postings.length;

  const guardSet = JSON.parse(readFileSync(join(dir, "guard-cases.json"), "utf8")) as {
    cvs: Record<string, string>;
    cases: GuardCase[];
  };
  const languages = new Map<string, Awaited<ReturnType<typeof guardLanguage>>>();
  const spellers = new Spellers();
  for (const [key, text] of Object.entries(guardSet.cvs))
    languages.set(key, await guardLanguage(text, spellers));
  const judged = guardSet.cases.map((c) => {
    const [cv, original, proposed, label, answers] = c;
    const sources = [guardSet.cvs[cv] ?? "", ...(answers ?? [])].join("\n");
    const introduced = introducedFacts(proposed, original, sources, undefined, languages.get(cv)).map(
      (f) => `${f.kind}:${f.term}`,
    );
    return { case: c, label, rejected: introduced.length > 0, introduced };
  });
  const g = scoreGuard(judged);
  return {
    postings,
    skills: prf(skills),
    requirements: prf(requirements),
    kindAccuracy: kindsTotal ? kindsRight / kindsTotal : 1,
    byLanguage: Object.fromEntries(
      [...byLang].map(([lang, c]) => [lang, { skills: prf(c.skills), requirements: prf(c.requirements) }]),
    ),
    fields: {
      title: share((s) => s.fields.title),
      company: share((s) => s.fields.company),
      location: share((s) => s.fields.location),
    },
    guard: { ...prf(g), tn: g.tn, cases: judged.length },
    guardMisses: judged
      .filter((j) => j.rejected !== (j.label === "fabrication"))
      .map((j) => ({ case: j.case, introduced: j.introduced })),
  };
}
