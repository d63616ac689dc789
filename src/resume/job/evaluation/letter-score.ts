/**
 * Scoring of template cover letters for `npm run eval:tailor`: does the
 * letter name the labelled company and role (and the author's real current
 * role), are the achievements it quotes
 * really CV text that evidences the posting's requirements (hand-labelled
 * fragments), and does it state anything found in neither the CV nor the
 * posting (the fabrication guard's verdict, passed in).
 */
import type { CoverLetter } from "../../cover-letter/cover-letter.js";
import { add, type Counts } from "./score.js";

export type LetterCase = { posting: string; cv: string; current: string | null; relevant: string[] };

export type LetterScore = {
  company: boolean;
  role: boolean;
  /** The letter names the author's labelled current title; null when the CV shows no current job. */
  currentRole: boolean | null;
  /** Quoted achievements that are labelled relevant (tp), that are not (fp), relevant ones left out (fn). */
  achievements: Counts;
  /** True when every quoted achievement is relevant (and, for a pair with none relevant, none is quoted). */
  grounded: boolean;
  /** Terms the guard found in neither the CV nor the posting. */
  introduced: string[];
};

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/** The letter's whole text as a reader sees it. */
export function letterText(letter: CoverLetter): string {
  return [letter.greeting, ...letter.paragraphs, letter.closing].join("\n");
}

/**
 * Scores one letter against its labels. `maxQuoted` is how many achievements the template quotes at
 * most: recall counts the relevant fragments it could have quoted, not more.
 */
export function scoreLetter(
  letter: CoverLetter,
  labels: {
    title: string | null;
    company: string | null;
    current: string | null;
    relevant: readonly string[];
  },
  introduced: readonly string[],
  maxQuoted = 3,
): LetterScore {
  const text = norm(letterText(letter));
  const quoted = letter.evidence.map((e) => norm(e.text));
  const relevant = labels.relevant.map(norm);
  const isRelevant = (q: string) => relevant.some((r) => q.includes(r));
  const tp = quoted.filter(isRelevant).length;
  const covered = relevant.filter((r) => quoted.some((q) => q.includes(r))).length;
  return {
    company: labels.company === null || text.includes(norm(labels.company)),
    role: labels.title === null || text.includes(norm(labels.title)),
    currentRole: labels.current === null ? null : text.includes(norm(labels.current)),
    achievements: {
      tp,
      fp: quoted.length - tp,
      fn: Math.min(maxQuoted, relevant.length) - Math.min(covered, maxQuoted),
    },
    grounded: quoted.every(isRelevant),
    introduced: [...introduced],
  };
}

/** Totals over the scored letters. */
export function summarizeLetters(scores: readonly LetterScore[]) {
  const share = (f: (s: LetterScore) => boolean) =>
    scores.length ? scores.filter(f).length / scores.length : 1;
  return {
    letters: scores.length,
    company: share((s) => s.company),
    role: share((s) => s.role),
    currentRole: (() => {
      const scored = scores.filter((s) => s.currentRole !== null);
      return scored.length ? scored.filter((s) => s.currentRole).length / scored.length : 1;
    })(),
    withCurrentRole: scores.filter((s) => s.currentRole !== null).length,
    grounded: share((s) => s.grounded),
    achievements: scores.reduce<Counts>((sum, s) => add(sum, s.achievements), { tp: 0, fp: 0, fn: 0 }),
    withoutInventions: share((s) => s.introduced.length === 0),
  };
}
