/**
 * The built-in optimizer: deterministic rules, offline.
 *
 * Per prose field, one proposal combining every fix that applies (so accepting
 * one never makes another stale): bullet normalisation, weak openings
 * ("Responsible for managing …" → "Managed …"), past tense for past roles,
 * filler words, and the resume's majority style for final full stops. Then
 * duplicates (removal), hints for missing metrics and overlong text, and with
 * a job description, skill keywords reordered by relevance plus keywords the
 * resume mentions elsewhere but its skills list lacks.
 */
import type { Resume } from "../model.js";
import { clampText } from "../sanitize.js";
import { keywordKey, mentions } from "./keywords.js";
import { findNearDuplicates } from "./near-duplicates.js";
import { makeProposal, type Proposal, type ProposalCategory, type ProposalDraft } from "./proposal.js";
import { editableFields, type TextField } from "./resume-text.js";
import { capitalize, pastTenseOf, verbForm } from "./verbs.js";

const BULLET_MARKER = /^[\s•·▪◦‣●○■□➢►\-*–—>]+/u;
const LONG_BULLET = 220;
const LONG_SUMMARY = 700;
const MAX_METRIC_HINTS = 6;

/** Base forms that read as nouns at the start of a bullet ("Design system …"): never re-tensed. */
const AMBIGUOUS = new Set([
  "test",
  "design",
  "model",
  "program",
  "plan",
  "research",
  "report",
  "release",
  "support",
  "work",
  "use",
  "schedule",
  "review",
  "document",
  "draft",
  "pilot",
  "partner",
  "present",
  "prototype",
  "secure",
  "ship",
  "scale",
  "forecast",
  "help",
  "own",
  "direct",
  "audit",
  "coach",
  "train",
  "set",
  "cut",
  "lead",
  "run",
  "launch",
  "engineer",
  "architect",
  "promote",
  "upgrade",
  "transform",
  "model",
]);

type Fix = { text: string; reasons: string[]; category: ProposalCategory | null };

function note(fix: Fix, text: string, reason: string, category: ProposalCategory): Fix {
  if (text === fix.text) return fix;
  // Wording outranks consistency as the category users see.
  const rank = (c: ProposalCategory | null) => (c === "wording" ? 2 : c === "consistency" ? 1 : c ? 1 : 0);
  return {
    text,
    reasons: [...fix.reasons, reason],
    category: rank(category) >= rank(fix.category) ? category : fix.category,
  };
}

function normalizeBullet(fix: Fix): Fix {
  const text = capitalize(fix.text.replace(BULLET_MARKER, "").replace(/\s+/g, " ").trim());
  return note(fix, text, "normalized bullet formatting (marker, spacing, capital letter)", "consistency");
}

function verbIn(word: string, current: boolean): string | null {
  const form = verbForm(word);
  if (!form) return null;
  return current ? capitalize(form.base) : capitalize(pastTenseOf(form.base));
}

const WEAK_OPENINGS: {
  pattern: RegExp;
  rewrite: (m: RegExpMatchArray, current: boolean) => string | null;
}[] = [
  {
    // "Responsible for managing X" → "Managed X"; "Responsible for X" → "Owned X".
    pattern: /^(?:was |am |is )?(?:responsible|accountable) for (\w+)(?!\w)(.*)$/is,
    rewrite: (m, current) => {
      // An -ing word we cannot turn into a verb would read "Owned serving …": leave the bullet alone.
      if (/ing$/i.test(m[1]!)) {
        const verb = verbIn(m[1]!, current);
        return verb ? `${verb}${m[2]}` : null;
      }
      return `${current ? "Own" : "Owned"} ${m[1]}${m[2]}`;
    },
  },
  {
    pattern: /^(?:was )?in charge of (\w+)(?!\w)(.*)$/is,
    rewrite: (m, current) => {
      const verb = /ing$/i.test(m[1]!) ? verbIn(m[1]!, current) : null;
      return verb ? `${verb}${m[2]}` : `${current ? "Lead" : "Led"} ${m[1]}${m[2]}`;
    },
  },
  {
    pattern:
      /^(?:tasked with|duties included|duties include|my role was to|role involved) (\w+)(?!\w)(.*)$/is,
    rewrite: (m, current) => {
      const verb = verbIn(m[1]!, current);
      return verb ? `${verb}${m[2]}` : null;
    },
  },
  {
    pattern: /^(?:worked on|was involved in|involved in|participated in|took part in) (.+)$/i,
    rewrite: (m, current) => `${current ? "Contribute" : "Contributed"} to ${m[1]}`,
  },
  {
    pattern: /^(?:assisted with|assisted in) (.+)$/i,
    rewrite: (m, current) => `${current ? "Support" : "Supported"} ${m[1]}`,
  },
];

function strengthenOpening(fix: Fix, current: boolean): Fix {
  for (const { pattern, rewrite } of WEAK_OPENINGS) {
    const match = fix.text.match(pattern);
    if (!match) continue;
    const text = rewrite(match, current);
    if (text) return note(fix, text, "starts with an action verb instead of a passive opening", "wording");
  }
  return fix;
}

function pastTense(fix: Fix, current: boolean): Fix {
  if (current) return fix;
  const match = fix.text.match(/^(\p{L}+)(?!\p{L})(.*)$/su);
  if (!match) return fix;
  const form = verbForm(match[1]!);
  if (!form || form.form === "past") return fix;
  if (form.form === "base" && AMBIGUOUS.has(form.base)) return fix;
  const text = `${capitalize(pastTenseOf(form.base))}${match[2]}`;
  return note(fix, text, "past tense for a past role", "wording");
}

const FILLERS: [RegExp, string][] = [
  [/\b(successfully|basically|actually|really|very) /gi, ""],
  [/\bin order to\b/gi, "to"],
  [/\butiliz(e|es|ed|ing)\b/gi, "us$1"],
  [/\butilis(e|es|ed|ing)\b/gi, "us$1"],
];

function removeFiller(fix: Fix): Fix {
  let text = fix.text;
  for (const [re, to] of FILLERS) text = text.replace(re, to);
  text = capitalize(text.replace(/\s{2,}/g, " ").trim());
  return note(fix, text, "removed filler words", "wording");
}

function punctuate(fix: Fix, withPeriod: boolean): Fix {
  const ends = /[.!?]$/.test(fix.text);
  if (withPeriod && !ends && /[\p{L}\p{N})%]$/u.test(fix.text)) {
    return note(fix, `${fix.text}.`, "ends with a full stop like most bullets", "consistency");
  }
  if (!withPeriod && /[^.]\.$/.test(fix.text)) {
    return note(fix, fix.text.slice(0, -1), "no final full stop, like most bullets", "consistency");
  }
  return fix;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function proseProposals(fields: TextField[]): Proposal[] {
  const bullets = fields.filter((f) => f.kind === "bullet");
  const withPeriod = bullets.filter((b) => /[.!?]\s*$/.test(b.text)).length * 2 > bullets.length;
  const out: ProposalDraft[] = [];
  // Every bullet against every other was quadratic (10k bullets: 4 s on the event loop).
  const repeats = findNearDuplicates(
    bullets.map((b) => words(b.text)),
    0.85,
    3,
  );
  const repeatOf = new Map(
    bullets.map((b, i) => [b, repeats[i] === undefined ? undefined : bullets[repeats[i]]]),
  );
  let metricHints = 0;

  for (const field of fields) {
    if (field.kind === "bullet") {
      const duplicate = repeatOf.get(field);
      if (duplicate) {
        out.push({
          path: field.path,
          original: field.text,
          proposed: "",
          reason: `Repeats "${clampText(duplicate.text, 80)}" (${duplicate.path}); remove the duplicate.`,
          category: "length",
        });
        continue;
      }
    }

    let fix: Fix = { text: field.text, reasons: [], category: null };
    if (field.kind === "bullet") {
      fix = normalizeBullet(fix);
      fix = strengthenOpening(fix, field.current);
      fix = pastTense(fix, field.current);
      fix = removeFiller(fix);
      fix = punctuate(fix, withPeriod);
    } else {
      fix = removeFiller(fix);
    }
    if (fix.text !== field.text && fix.category) {
      out.push({
        path: field.path,
        original: field.text,
        proposed: fix.text,
        reason: `${capitalize(fix.reasons.join("; "))}.`,
        category: fix.category,
      });
    }

    const limit = field.kind === "bullet" ? LONG_BULLET : LONG_SUMMARY;
    if (field.text.length > limit) {
      out.push({
        path: field.path,
        original: field.text,
        proposed: field.text,
        reason: `${field.text.length} characters; recruiters skim, so split or shorten to under ${limit}.`,
        category: "length",
        applicable: false,
      });
    }
    const workBullet = field.kind === "bullet" && field.path.startsWith("work.");
    if (workBullet && !/\d/.test(field.text) && metricHints < MAX_METRIC_HINTS) {
      metricHints++;
      out.push({
        path: field.path,
        original: field.text,
        proposed: field.text,
        reason: "No measurable result: add a number you can stand behind (how much, how many, how fast).",
        category: "quantification",
        applicable: false,
      });
    }
  }
  return out.map(makeProposal);
}

/** Keyword lists reordered by relevance to the job, plus job keywords the resume mentions but does not list. */
function skillProposals(resume: Resume, keywords: readonly string[], resumeText: string): Proposal[] {
  if (!keywords.length || !resume.skills.length) return [];
  const relevant = new Set(keywords.map(keywordKey));
  const isRelevant = (k: string) => relevant.has(keywordKey(k)) || keywords.some((jk) => mentions(k, jk));
  const listed = resume.skills.flatMap((s) => [s.name, ...s.keywords]);
  const missingFromSkills = keywords.filter(
    (k) => mentions(resumeText, k) && !listed.some((l) => keywordKey(l) === keywordKey(k) || mentions(l, k)),
  );
  const score = (i: number) => resume.skills[i]!.keywords.filter(isRelevant).length;
  const best = resume.skills.map((_, i) => i).sort((a, b) => score(b) - score(a) || a - b)[0] ?? 0;

  const out: ProposalDraft[] = [];
  resume.skills.forEach((skill, i) => {
    const additions = i === best ? missingFromSkills : [];
    const combined = [...skill.keywords, ...additions];
    const ordered = [...combined.filter(isRelevant), ...combined.filter((k) => !isRelevant(k))];
    if (ordered.every((k, n) => k === skill.keywords[n]) && ordered.length === skill.keywords.length) return;
    const reasons = [];
    if (additions.length)
      reasons.push(
        `the job asks for ${additions.join(", ")}, which your resume mentions but this list lacks`,
      );
    if (ordered.slice(0, skill.keywords.length).some((k, n) => k !== skill.keywords[n]))
      reasons.push("skills the job asks for come first");
    out.push({
      path: `skills.${i}.keywords`,
      original: skill.keywords,
      proposed: ordered,
      reason: `${capitalize(reasons.join("; "))}.`,
      category: "keyword_alignment",
    });
  });
  const names = resume.skills.map((s) => s.name);
  const order = resume.skills.map((_, i) => i).sort((a, b) => score(b) - score(a) || a - b);
  if (new Set(names).size === names.length && order.some((n, i) => n !== i)) {
    out.push({
      path: "skills",
      original: names,
      proposed: order.map((i) => names[i]!),
      reason: "Skill groups with the most keywords from the job first.",
      category: "keyword_alignment",
    });
  }
  return out.map(makeProposal);
}

/** All built-in proposals for a resume, optionally aligned with job keywords, in document order. */
export function builtinProposals(
  resume: Resume,
  keywords: readonly string[],
  resumeText: string,
): Proposal[] {
  return [...proseProposals(editableFields(resume)), ...skillProposals(resume, keywords, resumeText)];
}
