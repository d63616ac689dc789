/**
 * Runs the cover-letter cases (`eval/tailor/letter-cases.json`): each CV is
 * parsed as an upload would be, the posting analysed, the fit report made,
 * and the built-in template letter drafted; then the letter is scored
 * against the labels and checked by the fabrication guard against the CV and
 * the whole posting (the template may say nothing that neither contains).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { letterConventions, templateCoverLetter } from "../../cover-letter/draft-cover-letter.js";
import { guardLanguage, introducedFacts, KnownText } from "../../optimize/fact-guard.js";
import { allResumeText } from "../../optimize/resume-text.js";
import { DEFAULT_PARSE_LIMITS } from "../../parse/limits.js";
import { parseBytes } from "../../parse/parse-bytes.js";
import { Spellers } from "../../spelling/speller.js";
import { analyzePosting } from "../analyze-posting.js";
import { fitReport } from "../fit-report.js";
import { detectLanguage } from "../posting-vocabulary.js";
import {
  type LetterCase,
  type LetterScore,
  letterText,
  scoreLetter,
  summarizeLetters,
} from "./letter-score.js";
import type { PostingLabel } from "./score.js";

export type LetterEvalResult = ReturnType<typeof summarizeLetters> & {
  cases: { case: LetterCase; letter: string; quoted: string[]; score: LetterScore }[];
};

export async function runLetterEval(dir: string): Promise<LetterEvalResult> {
  const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as {
    postings: Record<string, PostingLabel>;
  };
  const { cases } = JSON.parse(readFileSync(join(dir, "letter-cases.json"), "utf8")) as {
    cases: LetterCase[];
  };
  const spellers = new Spellers();
  const results: LetterEvalResult["cases"] = [];
  for (const c of cases) {
    const label = labels.postings[c.posting];
    if (!label) throw new Error(`letter case names ${c.posting}, which has no labels`);
    const posting = readFileSync(join(dir, "postings", c.posting), "utf8");
    const parsed = await parseBytes(
      { bytes: readFileSync(join(dir, "cvs", c.cv)), filename: c.cv },
      DEFAULT_PARSE_LIMITS,
    );
    const resume = parsed.resume;
    const cvText = allResumeText(resume);
    const analysis = analyzePosting(posting);
    const letterLanguage = detectLanguage(cvText);
    const letter = templateCoverLetter(resume, analysis, fitReport(resume, analysis), letterLanguage);
    // The template's fixed conventions (salutation, closing) are known text, as they are for a model's draft.
    const sources = new KnownText(`${cvText}\n${posting}\n${letterConventions(letterLanguage)}`);
    const language = await guardLanguage(cvText, spellers);
    const introduced = [letter.greeting, ...letter.paragraphs, letter.closing].flatMap((text) =>
      introducedFacts(text, "", sources, undefined, language).map((f) => `${f.kind}:${f.term}`),
    );
    results.push({
      case: c,
      letter: letterText(letter),
      quoted: letter.evidence.map((e) => e.text),
      score: scoreLetter(
        letter,
        { title: label.title, company: label.company, current: c.current, relevant: c.relevant },
        introduced,
      ),
    });
  }
  return { ...summarizeLetters(results.map((r) => r.score)), cases: results };
}
