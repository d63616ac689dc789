/**
 * The skills lexicon (`skills-lexicon.json`) as a matcher over text.
 *
 * Glossary
 * - Skill: a canonical label ("Kubernetes") with aliases ("k8s", "EKS") and
 *   translations ("maschinelles Lernen" for "Machine learning").
 * - Alias case: an alias written in lower case matches in any case; one with a
 *   capital (REST, Go, Excel) matches only as written, so "the rest of",
 *   "go live" and "excel at" stay ordinary words.
 * - Stop phrase: words that look like a skill and are not ("H/F", "New York",
 *   "C-level"); matching consumes them, so no shorter skill is cut out of them.
 *
 * - Parent: a named tool evidences its field ("Triton" shows "Model serving"),
 *   so a CV naming the tool covers a posting asking for the field.
 *
 * Matching is longest-first over tokens, so "React Native" wins over "React"
 * and "model quantization" over "quantization".
 */
import lexiconData from "./skills-lexicon.json" with { type: "json" };

/** `parent`: a broader skill this one evidences (Triton → Model serving, EKS-era tools → their field). */
export type SkillEntry = { name: string; aliases: string[]; domain: string; parent?: string };
export type SkillMatch = { skill: string; domain: string; text: string; start: number; end: number };

export type Token = { text: string; lower: string; start: number; end: number };

/** Letters and digits, keeping `.`, `/`, `&` between them and trailing `+`/`#` (C++, C#, Node.js, CI/CD). */
const TOKEN = /\.?[\p{L}\p{N}][\p{L}\p{N}_]*(?:[./&][\p{L}\p{N}]+)*[+#]*/gu;
const ELISION = /^(?:[ldjnmstc]|qu)'(?=\p{L})/iu;

/** Splits text into word tokens with their offsets; hyphens and French elisions (d', l') separate words. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const normalized = text.replace(/[’`´]/g, "'");
  for (const chunk of normalized.matchAll(/[^\s\-–—'"(),;:!?«»„“”[\]{}<>|*]+|'/gu)) {
    let start = chunk.index ?? 0;
    let word = chunk[0];
    const elision = ELISION.exec(word);
    if (elision) {
      tokens.push(token(word.slice(0, elision[0].length - 1), start));
      start += elision[0].length;
      word = word.slice(elision[0].length);
    }
    for (const m of word.matchAll(TOKEN)) tokens.push(token(m[0], start + (m.index ?? 0)));
  }
  return tokens;
}

function token(text: string, start: number): Token {
  return { text, lower: text.toLowerCase(), start, end: start + text.length };
}

type Pattern = { words: string[]; caseSensitive: boolean; skill: SkillEntry | null };

export class SkillLexicon {
  private readonly byFirst = new Map<string, Pattern[]>();
  /** Tokens with a slash that are one term ("CI/CD"), so a slash elsewhere splits a list ("Prometheus/Grafana"). */
  private readonly slashTerms = new Set<string>();
  readonly skills: readonly SkillEntry[];
  private readonly byName = new Map<string, SkillEntry>();

  constructor(data: { skills: SkillEntry[]; stop: string[] }) {
    this.skills = data.skills;
    for (const skill of data.skills) {
      this.byName.set(skill.name.toLowerCase(), skill);
      for (const alias of [skill.name, ...skill.aliases]) this.add(alias, skill, alias !== skill.name);
    }
    for (const phrase of data.stop) this.add(phrase, null, false);
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  private add(alias: string, skill: SkillEntry | null, respectCase: boolean): void {
    const caseSensitive = respectCase && /\p{Lu}/u.test(alias);
    const words = tokenize(alias).map((t) => (caseSensitive ? t.text : t.lower));
    if (!words.length) return;
    for (const w of words) if (w.includes("/")) this.slashTerms.add(w.toLowerCase());
    const key = words[0]!.toLowerCase();
    const list = this.byFirst.get(key) ?? [];
    if (!list.some((p) => p.words.join(" ") === words.join(" ") && p.caseSensitive === caseSensitive)) {
      list.push({ words, caseSensitive, skill });
    }
    this.byFirst.set(key, list);
  }

  /** The entry for a canonical name (case-insensitive), if the lexicon has it. */
  entry(name: string): SkillEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Tokens of `text`, with list slashes split ("Prometheus/Grafana" → two tokens) but "CI/CD" kept. */
  tokens(text: string): Token[] {
    const out: Token[] = [];
    for (const t of tokenize(text)) {
      if (!t.text.includes("/") || this.slashTerms.has(t.lower)) {
        out.push(t);
        continue;
      }
      let offset = t.start;
      for (const part of t.text.split("/")) {
        if (part) out.push(token(part, offset));
        offset += part.length + 1;
      }
    }
    return out;
  }

  /** Every skill mentioned in `text`, longest match first, in text order. Stop phrases yield nothing. */
  match(text: string): SkillMatch[] {
    const tokens = this.tokens(text);
    const found: SkillMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const hit = this.longestAt(tokens, i);
      if (!hit) {
        i++;
        continue;
      }
      const last = tokens[i + hit.words.length - 1]!;
      if (hit.skill) {
        found.push({
          skill: hit.skill.name,
          domain: hit.skill.domain,
          text: text.slice(tokens[i]!.start, last.end),
          start: tokens[i]!.start,
          end: last.end,
        });
      }
      i += hit.words.length;
    }
    return found;
  }

  private longestAt(tokens: Token[], i: number): Pattern | null {
    const candidates = this.byFirst.get(tokens[i]!.lower);
    if (!candidates) return null;
    for (const p of candidates) {
      if (i + p.words.length > tokens.length) continue;
      const ok = p.words.every((w, k) => {
        const t = tokens[i + k]!;
        return p.caseSensitive ? t.text === w : t.lower === w;
      });
      if (ok) return p;
    }
    return null;
  }

  /** The names that evidence `name`: itself and the tools whose parent it is (lower case). */
  evidencedBy(name: string): Set<string> {
    const key = name.toLowerCase();
    const names = new Set([key]);
    for (const s of this.skills) if (s.parent?.toLowerCase() === key) names.add(s.name.toLowerCase());
    return names;
  }

  /** True when `text` mentions the skill `name` (by any alias, or a tool whose parent it is). */
  mentions(text: string, name: string): boolean {
    const names = this.evidencedBy(name);
    return this.match(text).some((m) => names.has(m.skill.toLowerCase()));
  }
}

let shared: SkillLexicon | undefined;

/** The lexicon shipped with the project (built once per process). */
export function skillLexicon(): SkillLexicon {
  shared ??= new SkillLexicon(lexiconData as { skills: SkillEntry[]; stop: string[] });
  return shared;
}
