/**
 * Scoring for `npm run eval:tailor`: extracted skills and requirements
 * against hand labels, and the fabrication guard against labelled proposals.
 *
 * Skills are compared by meaning: a label and a prediction are the same skill
 * when the lexicon maps them to the same canonical name (or, for terms the
 * lexicon lacks, when they are equal ignoring case). Requirements match when
 * the labelled fragment is inside the extracted requirement's text.
 */
import type { JobAnalysis } from "../analysis.js";
import { type SkillLexicon, skillLexicon } from "../lexicon.js";

export type Counts = { tp: number; fp: number; fn: number };
export type Prf = Counts & { precision: number; recall: number; f1: number };

export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1 };
}

export function add(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

/** The canonical key of a skill name: the lexicon's name when the whole text is one of its aliases. */
export function skillKey(name: string, lexicon: SkillLexicon = skillLexicon()): string {
  const matches = lexicon.match(name);
  const whole = matches.length === 1 && matches[0]!.text.length >= name.trim().replace(/[.]$/, "").length - 1;
  return (whole ? matches[0]!.skill : name).trim().toLowerCase();
}

export type PostingLabel = {
  language: string;
  industry: string;
  title: string | null;
  company: string | null;
  location: string | null;
  skills: string[];
  requirements: [string, "must" | "nice"][];
};

export type PostingScore = {
  skills: Counts;
  requirements: Counts;
  /** Matched requirements whose must/nice kind agrees with the label. */
  kindsRight: number;
  kindsTotal: number;
  fields: { title: boolean; company: boolean; location: boolean };
  missedSkills: string[];
  extraSkills: string[];
};

const norm = (s: string | null) => (s ?? "").toLowerCase().replace(/\s+/g, " ").trim();

/** Score one analysis against its label. */
export function scorePosting(
  analysis: JobAnalysis,
  label: PostingLabel,
  lexicon = skillLexicon(),
): PostingScore {
  const expected = new Set(label.skills.map((s) => skillKey(s, lexicon)));
  const predicted = new Set(analysis.skills.map((s) => skillKey(s.name, lexicon)));
  const tp = [...predicted].filter((s) => expected.has(s));
  const missed = [...expected].filter((s) => !predicted.has(s));
  const extra = [...predicted].filter((s) => !expected.has(s));

  const used = new Set<number>();
  let reqTp = 0;
  let kindsRight = 0;
  for (const [fragment, kind] of label.requirements) {
    const i = analysis.requirements.findIndex(
      (r, k) => !used.has(k) && norm(r.text).includes(norm(fragment)),
    );
    if (i === -1) continue;
    used.add(i);
    reqTp++;
    if (analysis.requirements[i]!.kind === kind) kindsRight++;
  }
  return {
    skills: { tp: tp.length, fp: extra.length, fn: missed.length },
    requirements: {
      tp: reqTp,
      fp: analysis.requirements.length - used.size,
      fn: label.requirements.length - reqTp,
    },
    kindsRight,
    kindsTotal: reqTp,
    fields: {
      title: norm(analysis.title) === norm(label.title),
      company: norm(analysis.company) === norm(label.company),
      location: norm(analysis.location) === norm(label.location),
    },
    missedSkills: missed,
    extraSkills: extra,
  };
}

/** Guard confusion counts: "positive" means the guard rejected the proposal. */
export function scoreGuard(
  results: { label: "fabrication" | "legit"; rejected: boolean }[],
): Counts & { tn: number } {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of results) {
    if (r.rejected && r.label === "fabrication") c.tp++;
    else if (r.rejected) c.fp++;
    else if (r.label === "fabrication") c.fn++;
    else c.tn++;
  }
  return c;
}
