/**
 * The fabrication guard: which facts a proposed text introduces that neither
 * the CV nor the user's answers contain.
 *
 * A fact is anything a reader would take as a claim about the author:
 * - numbers and metrics ("40%", "3x", "$2M", years such as "2019", and
 *   number words such as "doubled" or "millions");
 * - skills and technologies the lexicon knows ("Kubernetes"), checked by
 *   meaning, so a synonym of something the CV has ("K8s" → "Kubernetes") or
 *   the field of a tool it names ("Triton" → "Model serving") passes;
 * - names: capitalised words inside a sentence, acronyms, CamelCase and
 *   dotted or digit-bearing terms (employers, products, places, titles);
 * - degrees, certifications and seniority words ("PhD", "certified",
 *   "Senior", "Head of") — the usual ways to inflate a CV without a name.
 *
 * The posting is deliberately not a source: a term only the posting uses is
 * exactly what a tailored CV must not claim without the author saying so.
 */
import { type SkillLexicon, skillLexicon } from "../job/lexicon.js";
import { detectLanguage } from "../job/posting-vocabulary.js";
import type { Spellers } from "../spelling/speller.js";

export type FactKind = "number" | "skill" | "name" | "credential" | "seniority";
export type IntroducedFact = { kind: FactKind; term: string };

const NUMBER = /(?<![\p{L}\d])(?:[$€£¥]\s?)?\d+(?:[.,]\d+)*(?:\s?(?:%|k|m|bn|x|×))?/giu;
const NUMBER_WORDS =
  /\b(?:doubled|doubling|tripled|tripling|quadrupled|halved|halving|tenfold|million|millions|billion|billions|thousands?|hundreds|dozens|verdoppel\w*|verdreifach\w*|halbiert\w*|millionen?|milliarden?|tausende|doublé|triplé|divisé par deux|millions?|milliards?|milliers|duplicó|duplicado|triplicó|millones|miles)\b/giu;
const CREDENTIAL =
  /\b(?:ph\.?d|doctorate|mba|msc|m\.sc|bsc|b\.sc|master(?:'s)?|bachelor(?:'s)?|degree|diploma|certified|certification|certificate|licensed|chartered|cpa|cfa|pmp|promotion|promoted|befördert|promu|promue|ascendid[oa]|doktor|diplom|zertifiziert\w*|zertifikat|abschluss|diplôme|certifié|certifiée|licence|máster|grado|certificado|certificada|titulado)\b/giu;
const SENIORITY =
  /\b(?:senior|lead|principal|staff|head of|director|vp|vice president|chief|manager|supervisor|team lead|leiter|leitung|teamleiter\w*|directeur|directrice|responsable|cadre de santé|cadre|jefe|jefa|gerente)\b/giu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}.+#/&'-]*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu;
const TECHNICAL = /[.+#/]|\d|^\p{Lu}{2,}|\p{Ll}\p{Lu}/u;
/**
 * Where a sentence ends: after punctuation, at line breaks, at a dash between spaces. A dash is read
 * from the first space before it (the lookbehind), so a long run of spaces is read once; a run of
 * nothing but line breaks before a dash is left to the line-break split, which keeps the dash with
 * the next sentence.
 */
const SENTENCE_BREAK = /(?<=[.!?;:])\s+|(?<!\s)(?!\n+[–—])\s+[–—]\s+|\n+/;

/**
 * In German every noun is capitalised, so a capital says nothing about names:
 * there a capitalised word is a name only when the dictionary lacks it
 * ("Umsatz" is a word, "Medica" is not). Elsewhere capitals inside a sentence
 * are names, dictionary or not ("Stripe", "Apple").
 */
export type GuardLanguage = { capitalisedNouns?: boolean; isWord?: (word: string) => boolean };

/** Capitalised words that are not names wherever they stand. */
const NOT_NAMES = new Set(
  "i i'm i've we our the a an and or in on at for to of with by from as is are was were".split(" "),
);

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** True when `lower` (already lower-cased) contains `term` as a whole word ("AWS" is not in "laws"). */
function containsLower(lower: string, term: string): boolean {
  const needle = term.toLowerCase();
  if (!needle) return false;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
    const before = at === 0 ? "" : lower[at - 1]!;
    const after = lower[at + needle.length] ?? "";
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return true;
  }
  return false;
}

/**
 * The text facts are checked against, indexed once: the CV and the answers are the same for every
 * proposal of a run, so numbers, skills and the lower-cased text are read once, not once per proposal
 * (which made the guard quadratic in the resume).
 */
export class KnownText {
  readonly lower: string;
  readonly numbers: ReadonlySet<string>;
  readonly digits: ReadonlySet<string>;
  readonly skills: ReadonlySet<string>;

  constructor(text: string, lexicon: SkillLexicon = skillLexicon()) {
    this.lower = text.toLowerCase();
    this.numbers = new Set((text.match(NUMBER) ?? []).map(normalNumber));
    this.digits = new Set((text.match(/\d+(?:[.,]\d+)*/g) ?? []).map(normalNumber));
    this.skills = new Set(lexicon.match(text).map((m) => m.skill.toLowerCase()));
  }

  has(term: string): boolean {
    return containsLower(this.lower, term);
  }
}

function normalNumber(n: string): string {
  return n
    .replace(/[$€£¥\s]/g, "")
    .replace(/,/g, ".")
    .toLowerCase();
}

/**
 * Facts in `proposed` that are neither in `original` nor in `sources` (the CV's text and the user's answers).
 *
 * @example introducedFacts("Cut costs by 40% on Kubernetes", "Cut costs", "…CV text…") // [{kind:"number",term:"40%"}, …]
 */
export function introducedFacts(
  proposed: string,
  original: string,
  sources: string | KnownText,
  lexicon: SkillLexicon = skillLexicon(),
  options: GuardLanguage = {},
): IntroducedFact[] {
  const index = typeof sources === "string" ? new KnownText(sources, lexicon) : sources;
  const own = new KnownText(original, lexicon);
  const known = (term: string) => own.has(term) || index.has(term);
  const out: IntroducedFact[] = [];
  const seen = new Set<string>();
  const push = (kind: FactKind, term: string) => {
    const key = term.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, term });
  };

  for (const m of proposed.matchAll(NUMBER)) {
    const number = normalNumber(m[0]);
    const digits = normalNumber(m[0].match(/\d+(?:[.,]\d+)*/)![0]);
    const seenNumber = [own, index].some((k) => k.numbers.has(number) || k.digits.has(digits));
    if (!seenNumber) push("number", m[0].trim());
  }
  for (const m of proposed.matchAll(NUMBER_WORDS)) if (!known(m[0])) push("number", m[0]);
  for (const m of proposed.matchAll(CREDENTIAL)) if (!known(m[0])) push("credential", m[0]);
  for (const m of proposed.matchAll(SENIORITY)) if (!known(m[0])) push("seniority", m[0]);

  const knownSkills = new Set([...own.skills, ...index.skills]);
  const skillSpans: [number, number][] = [];
  for (const m of lexicon.match(proposed)) {
    skillSpans.push([m.start, m.end]);
    const evidenced = [...lexicon.evidencedBy(m.skill)].some((n) => knownSkills.has(n));
    if (!evidenced && !known(m.text)) push("skill", m.text);
  }

  for (const sentence of proposed.split(SENTENCE_BREAK)) {
    const offset = proposed.indexOf(sentence);
    [...sentence.matchAll(WORD)].forEach((w, i) => {
      const word = w[0].replace(/['’]s$/, "");
      const at = offset + (w.index ?? 0);
      if (skillSpans.some(([s, e]) => at >= s && at < e)) return;
      if (/^\d/.test(word) || NOT_NAMES.has(word.toLowerCase())) return;
      const capitalised = /^\p{Lu}/u.test(word);
      const technical = TECHNICAL.test(word);
      if (!(technical || (capitalised && i > 0))) return;
      if (known(word)) return;
      if (!technical && options.capitalisedNouns && options.isWord) {
        const parts = word.split("-").filter(Boolean);
        if (parts.every((p) => options.isWord!(p) || known(p))) return;
      }
      push("name", word);
    });
  }
  return out;
}

/** A human reason for a list of introduced facts. */
export function describeFacts(facts: IntroducedFact[]): string {
  return `fabrication: introduces ${facts.map((f) => `"${f.term}"`).join(", ")} found in neither the resume nor your answers`;
}

/** Language settings for the guard from the CV's own text (German: nouns are capitalised, use the dictionary). */
export async function guardLanguage(cvText: string, spellers: Spellers): Promise<GuardLanguage> {
  if (detectLanguage(cvText) !== "de") return {};
  const de = await spellers.get("de");
  const word = (w: string) => de.correct(w);
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  // Compounds ("Kundenbindung") are mostly absent from the dictionary: two known words, maybe joined by "s".
  const compound = (w: string) => {
    for (let i = 3; i <= w.length - 3; i++) {
      const head = w.slice(0, i);
      const tail = cap(w.slice(i));
      if (word(tail) && (word(head) || (head.endsWith("s") && word(head.slice(0, -1))))) return true;
    }
    return false;
  };
  return { capitalisedNouns: true, isWord: (w) => word(w) || (w.length <= 40 && compound(w)) };
}
