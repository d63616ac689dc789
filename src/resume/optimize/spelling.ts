/**
 * The spelling pass: corrections in the CV's language (Hunspell dictionaries
 * through nspell), proposed through the same flow as every other change.
 *
 * Skipped as not ordinary words: names (capitalised inside a sentence, or
 * everywhere in German, where the dictionary decides), acronyms, words with
 * digits or symbols, known skills, and words the CV itself uses more than
 * once (a term the author spells consistently is theirs). A correction is
 * proposed only when the dictionary's first suggestion is close (at most two
 * edits), so "fonctionelle" becomes "fonctionnelle" but an unknown product
 * name is left alone. Work is bounded: at most 4,000 words checked and 60
 * suggestions asked per CV.
 *
 * The dictionaries lag behind working language, and their nearest word is
 * often another word ("scalable" → "salable", "backend" → "backed",
 * "uptime" → "optima"): a correction there is worse than none. So a word is
 * also left alone when it is in the working vocabulary (data), or when the
 * English dictionary accepts it, or builds it from known parts: a compound of
 * two words ("uptime", "codebase"), a known prefix and a word ("upselling",
 * "microservices"), or a word and a regular suffix ("scalable",
 * "tokenization"). English words in a French or German CV are loanwords,
 * not typos. Real typos rarely split that way ("recieving", "managment",
 * "fonctionelle" still get their correction).
 */
import type { SkillLexicon } from "../job/lexicon.js";
import type { Resume } from "../model.js";
import type { Speller } from "../spelling/speller.js";
import vocabulary from "../spelling/working-vocabulary.json" with { type: "json" };
import { makeProposal, type Proposal } from "./proposal.js";
import { allResumeText, editableFields } from "./resume-text.js";

const WORD = /\p{L}+(?:['’]\p{L}+)*/gu;
const WORKING_VOCABULARY: ReadonlySet<string> = new Set(vocabulary.words);
/** Prefixes that make a new word of a known one ("upselling", "microservices", "onboarded"). */
const PREFIXES = [
  "anti",
  "auto",
  "co",
  "cross",
  "cyber",
  "de",
  "geo",
  "hyper",
  "inter",
  "intra",
  "micro",
  "multi",
  "non",
  "off",
  "omni",
  "on",
  "out",
  "over",
  "post",
  "pre",
  "re",
  "self",
  "sub",
  "tele",
  "un",
  "under",
  "up",
];
/**
 * Regular suffixes. Only verb endings may restore a final "e" ("inferenc|ing" → "inference"): with
 * "-ability" that rule would excuse "responsability" ("response").
 */
const SUFFIXES: readonly (readonly [suffix: string, restoreE: boolean])[] = [
  ["ability", false],
  ["ibility", false],
  ["ably", false],
  ["able", false],
  ["ization", true],
  ["isation", true],
  ["izing", true],
  ["ising", true],
  ["ized", true],
  ["ised", true],
  ["ize", true],
  ["ise", true],
  ["ing", true],
  ["s", false],
];

/**
 * True when `english` accepts the word or builds it from known parts (compound, prefix, suffix).
 *
 * @example builtFromKnownParts("codebase", en) // true: "code" + "base"
 */
export function builtFromKnownParts(word: string, english: Speller): boolean {
  const w = word.toLowerCase();
  if (english.correct(w)) return true;
  const known = (part: string) => english.correct(part);
  // A compound's head has at least four letters: shorter heads excuse typos ("writ|ting", "com|ming").
  for (let i = 4; i <= w.length - 3; i++) if (known(w.slice(0, i)) && known(w.slice(i))) return true;
  for (const p of PREFIXES)
    if (w.startsWith(p) && w.length - p.length >= 3 && known(w.slice(p.length))) return true;
  for (const [suffix, restoreE] of SUFFIXES) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
    const stem = w.slice(0, -suffix.length);
    // "begin|ing" is "beginning" misspelt: when the doubled form is a word, the single one is a typo.
    if (known(stem) && suffix === "ing" && known(`${stem}${stem.at(-1)}${suffix}`)) continue;
    if (known(stem) || (restoreE && known(`${stem}e`))) return true;
  }
  return false;
}
const MAX_WORDS = 4_000;
const MAX_SUGGESTIONS = 60;

/** Above this share of unknown words, the CV is taken to be in another language than the dictionary's. */
const FOREIGN_SHARE = 0.2;
const SHARE_SAMPLE = 400;

/**
 * The share of the CV's ordinary words (lower-case, four letters or more, at most the first 400)
 * that neither the dictionary, the working vocabulary nor English (loanwords) knows; 0 for short texts.
 */
export function unknownShare(text: string, speller: Speller, english?: Speller): number {
  let seen = 0;
  let unknown = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (word.length < 4 || !/^\p{Ll}+$/u.test(word)) continue;
    if (++seen > SHARE_SAMPLE) break;
    if (speller.correct(word) || WORKING_VOCABULARY.has(word)) continue;
    if (english && builtFromKnownParts(word, english)) continue;
    unknown++;
  }
  return seen < 30 ? 0 : unknown / Math.min(seen, SHARE_SAMPLE);
}

/** True when one word is the other with one letter doubled ("untill" / "until"). */
export function differsByDoubling(a: string, b: string): boolean {
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  if (long.length !== short.length + 1) return false;
  for (let i = 1; i < long.length; i++) {
    if (long[i] === long[i - 1] && long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

/** Levenshtein distance, capped: anything above `cap` is reported as cap + 1. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      best = Math.min(best, row[j]!);
    }
    if (best > cap) return cap + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** Spelling proposals, merged into `proposals` that already touch the same field. */
export function spellingProposals(
  resume: Resume,
  proposals: Proposal[],
  speller: Speller,
  options: {
    lexicon: SkillLexicon;
    capitalisedNouns: boolean;
    /** The English dictionary, for loanwords and words built from known parts (without it, only the vocabulary). */
    english?: Speller | undefined;
  },
): Proposal[] {
  const resumeText = allResumeText(resume);
  // A CV the dictionary mostly does not know is not in its language (Italian read as Spanish):
  // "correcting" it would rewrite every other word.
  if (unknownShare(resumeText, speller, options.english) > FOREIGN_SHARE) return proposals;
  const counts = new Map<string, number>();
  for (const m of resumeText.matchAll(WORD)) {
    const k = m[0].toLowerCase();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const byPath = new Map(
    proposals.filter((p) => p.applicable && typeof p.proposed === "string").map((p) => [p.path, p]),
  );
  const out = [...proposals];
  const cache = new Map<string, string | null>();
  let checked = 0;
  let suggested = 0;

  const correction = (word: string): string | null => {
    if (cache.has(word)) return cache.get(word)!;
    let fix: string | null = null;
    if (!speller.correct(word) && suggested < MAX_SUGGESTIONS) {
      suggested++;
      const first = speller.suggest(word)[0];
      const lower = word.toLowerCase();
      const familiar =
        WORKING_VOCABULARY.has(lower) ||
        (options.english !== undefined && builtFromKnownParts(word, options.english));
      if (first && first.toLowerCase() !== lower) {
        const near = editDistance(lower, first.toLowerCase(), 2) <= 2;
        // A doubled or undoubled letter ("writting", "untill") is a typo even when the parts are words.
        if (differsByDoubling(lower, first.toLowerCase()) || (near && !familiar)) fix = first;
      }
    }
    cache.set(word, fix);
    return fix;
  };

  for (const field of editableFields(resume)) {
    if (checked >= MAX_WORDS) break;
    const existing = byPath.get(field.path);
    const base = (existing?.proposed as string | undefined) ?? field.text;
    const skills = options.lexicon.match(base).map((m) => [m.start, m.end] as const);
    const fixes: { start: number; end: number; from: string; to: string }[] = [];
    let sentenceStart = true;
    for (const m of base.matchAll(WORD)) {
      const word = m[0];
      const at = m.index ?? 0;
      const before = base.slice(Math.max(0, at - 2), at);
      const first = sentenceStart || /[.!?:]\s*$/.test(before) || at === 0;
      sentenceStart = false;
      if (++checked > MAX_WORDS) break;
      if (word.length < 4 || /\p{Lu}{2,}/u.test(word) || /\p{Ll}\p{Lu}/u.test(word)) continue;
      if (/^\p{Lu}/u.test(word) && !first && !options.capitalisedNouns) continue;
      // Digits, handles, paths, and hyphens: "mod-eling" is a line-break hyphen the PDF kept, not a word.
      if (/[\d@/#+\-‐‑]/.test(base.slice(at - 1, at + word.length + 1))) continue;
      if (skills.some(([s, e]) => at >= s && at < e)) continue;
      if ((counts.get(word.toLowerCase()) ?? 0) > 1) continue;
      const fix = correction(word);
      if (fix) fixes.push({ start: at, end: at + word.length, from: word, to: fix });
    }
    if (!fixes.length) continue;
    let text = base;
    for (const f of [...fixes].reverse()) text = text.slice(0, f.start) + f.to + text.slice(f.end);
    const reason = `Spelling: ${fixes.map((f) => `"${f.from}" → "${f.to}"`).join(", ")}.`;
    const proposal = makeProposal({
      path: field.path,
      original: field.text,
      proposed: text,
      reason: existing ? `${existing.reason} ${reason}` : reason,
      category: existing ? existing.category : "spelling",
    });
    const full = {
      ...proposal,
      evidence: existing?.evidence ?? { cv: [{ path: field.path, text: field.text.slice(0, 400) }] },
    };
    if (existing) out[out.indexOf(existing)] = full;
    else out.push(full);
  }
  return out;
}
