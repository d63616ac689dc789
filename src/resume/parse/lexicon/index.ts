/**
 * The merged vocabulary of every language the parser reads, and the
 * document-language guess. Adding a language is adding one lexicon file and
 * listing it here; the tables below are all the layers see.
 */
import cs from "./cs.js";
import de from "./de.js";
import en from "./en.js";
import es from "./es.js";
import fr from "./fr.js";
import it from "./it.js";
import ja from "./ja.js";
import nl from "./nl.js";
import pl from "./pl.js";
import pt from "./pt.js";
import sv from "./sv.js";
import type { Lexicon, SectionKind } from "./types.js";
import zh from "./zh.js";

export type { Lexicon } from "./types.js";

/** English first: where two languages disagree on a word, the earlier lexicon wins. */
export const LEXICONS: readonly Lexicon[] = [en, de, fr, es, it, pt, nl, pl, sv, cs, zh, ja];

const fold = (word: string) => word.normalize("NFKC").toLowerCase().replace(/[’]/g, "'").trim();
const unique = (words: string[]) => [...new Set(words.map(fold))].filter(Boolean);
/** A word as a literal regular-expression piece. */
export const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Chinese and Japanese script: words there need no spaces around them. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const byLength = (a: string, b: string) => b.length - a.length;

/** Section title (folded) → section kind. */
export const HEADING_TITLES: ReadonlyMap<string, Exclude<SectionKind, "custom">> = (() => {
  const map = new Map<string, Exclude<SectionKind, "custom">>();
  for (const lexicon of LEXICONS)
    for (const [kind, titles] of Object.entries(lexicon.headings))
      for (const title of titles)
        if (!map.has(fold(title))) map.set(fold(title), kind as Exclude<SectionKind, "custom">);
  return map;
})();

/** Month word (folded) → month number 1..12. */
export const MONTH_WORDS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const lexicon of LEXICONS)
    lexicon.months.forEach((names, index) => {
      for (const name of names) if (!map.has(fold(name))) map.set(fold(name), index + 1);
    });
  return map;
})();

const all = (pick: (l: Lexicon) => string[] | undefined) => unique(LEXICONS.flatMap((l) => pick(l) ?? []));

/** Alternations (longest first, regex-escaped) for building date patterns. */
export const PRESENT_WORDS = all((l) => l.present).sort(byLength);
export const SINCE_WORDS = all((l) => l.since).sort(byLength);
export const RANGE_WORDS = all((l) => l.rangeWords).sort(byLength);

/**
 * A word-list pattern: Latin words need non-letters on both sides (Unicode
 * aware, unlike `\b`); CJK words stand anywhere; suffixes may end a compound.
 * A dot inside an abbreviation is optional ("B.Sc" = "BSc").
 */
function wordPattern(words: string[], suffixes: string[] = [], plural = false): RegExp {
  const piece = (w: string) => escapeRegExp(w).replace(/\\\./g, "\\.?").replace(/\s+/g, "\\s+");
  const latin = words
    .filter((w) => !CJK.test(w))
    .sort(byLength)
    .map(piece);
  const cjk = words
    .filter((w) => CJK.test(w))
    .sort(byLength)
    .map(piece);
  const tails = suffixes.sort(byLength).map(piece);
  const parts = [
    latin.length ? `(?<![\\p{L}\\p{N}])(?:${latin.join("|")})${plural ? "(?:s)?" : "\\.?"}(?![\\p{L}])` : "",
    tails.length ? `(?:${tails.join("|")})(?![\\p{L}])` : "",
    cjk.length ? `(?:${cjk.join("|")})` : "",
  ].filter(Boolean);
  return new RegExp(parts.join("|"), "iu");
}

export const DEGREE_PATTERN = wordPattern(all((l) => l.degrees));
export const TITLE_PATTERN = wordPattern(
  all((l) => l.titleWords),
  all((l) => l.titleSuffixes),
  true,
);
export const INSTITUTION_PATTERN = wordPattern(
  all((l) => l.institutionWords),
  all((l) => l.institutionSuffixes),
);
export const COMPANY_PATTERN = wordPattern(
  all((l) => l.companyWords),
  all((l) => l.companySuffixes),
);

/** Chronology-table words of every lexicon that has them (see `Lexicon.chronology`). */
export const CHRONOLOGY = {
  start: all((l) => l.chronology?.start).sort(byLength),
  end: all((l) => l.chronology?.end).sort(byLength),
  same: all((l) => l.chronology?.same).sort(byLength),
  closing: all((l) => l.chronology?.closing),
};

/** Proficiency words ("Advanced", "Fließend", "Avançado") that rate a skill or language. */
export const LEVEL_PATTERN = new RegExp(
  `^(?:${all((l) => l.levels)
    .sort(byLength)
    .map(escapeRegExp)
    .join("|")})$`,
  "iu",
);

/** Folded document titles ("curriculum vitae"), compared with spaces removed. */
export const DOCUMENT_TITLES: ReadonlySet<string> = new Set(
  all((l) => l.documentTitles).map((t) => t.replace(/\s+/g, "")),
);

/** A street word ("Street", "Via", "Straße"), with or without a trailing dot. */
export const STREET_PATTERN = wordPattern(
  all((l) => l.streetWords),
  ["straße", "strasse", "gatan", "vägen", "straat", "laan", "weg"],
);

export type LabelKind = keyof Lexicon["labels"];

/** A label and its colon at the start of a line ("Tel.:", "E-Mail:", "Geburtsdatum:"), and what it labels. */
export const LABELS: readonly { kind: LabelKind; pattern: RegExp }[] = (
  ["name", "email", "phone", "address", "personal", "currentPosition", "qualification"] as const
).map((kind) => {
  const words = all((l) => l.labels[kind])
    .sort(byLength)
    .map((w) => escapeRegExp(w).replace(/\\\./g, "\\.?"));
  return { kind, pattern: new RegExp(`^\\s*(?:${words.join("|")})\\.?\\s*[:：]\\s*`, "iu") };
});

/** The kind of label starting `text` ("Tel.: 0123" → phone, "0123"), or undefined. */
export function readLabel(text: string): { kind: LabelKind; value: string } | undefined {
  for (const { kind, pattern } of LABELS) {
    const match = pattern.exec(text);
    if (match) return { kind, value: text.slice(match[0].length).trim() };
  }
  return undefined;
}

/**
 * A labelled line: "Label: value" in one piece, or a label cell beside its value
 * ("Geburtsdatum | 11.11.1999" in a two-column table).
 */
export function readLabelledSegments(segments: string[]): { kind: LabelKind; value: string } | undefined {
  const [first, ...rest] = segments;
  if (first === undefined) return undefined;
  if (rest.length) {
    const cell = readLabel(`${first.replace(/[:：]\s*$/, "")}:`);
    if (cell && cell.value === "") return { kind: cell.kind, value: rest.join(" ").trim() };
  }
  return readLabel(segments.join(" "));
}

/** Stopword (folded) → the languages whose lexicon lists it, so each word of a document is looked up once. */
const STOPWORD_LANGUAGES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const lexicon of LEXICONS)
    for (const word of new Set(lexicon.stopwords.map(fold))) {
      const codes = map.get(word) ?? [];
      codes.push(lexicon.code);
      map.set(word, codes);
    }
  return map;
})();
/** Section title (folded) → the languages whose lexicon lists it. */
const HEADING_LANGUAGES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const lexicon of LEXICONS)
    for (const title of new Set(Object.values(lexicon.headings).flat().map(fold))) {
      const codes = map.get(title) ?? [];
      codes.push(lexicon.code);
      map.set(title, codes);
    }
  return map;
})();

/**
 * The document's language as a BCP-47 primary subtag, or undefined when the
 * text says too little. Kana means Japanese and Han without kana Chinese;
 * otherwise each Latin-script lexicon scores its stopwords and (three times)
 * its section titles found as whole lines.
 */
export function detectLanguage(lines: string[]): string | undefined {
  const text = lines.join("\n");
  const kana = (text.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length;
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  if (kana >= 10 && kana + han >= 30) return "ja";
  if (han >= 30) return "zh";
  const words = fold(text).match(/[\p{L}']+/gu) ?? [];
  // Every lexicon scores, in lexicon order (the ranking below keeps that order for ties).
  const scores = new Map<string, number>(LEXICONS.map((l) => [l.code, 0]));
  for (const w of words)
    for (const code of STOPWORD_LANGUAGES.get(w) ?? []) scores.set(code, scores.get(code)! + 1);
  for (const line of lines) {
    const title = fold(line)
      .replace(/[:：]$/, "")
      .trim();
    for (const code of HEADING_LANGUAGES.get(title) ?? []) scores.set(code, scores.get(code)! + 3);
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [best] = ranked;
  if (!best || best[1] < 5) return undefined;
  return best[0];
}
