/**
 * Runs the parser over a corpus with ground truth and scores it.
 *
 * Sources: `<corpus>/reactive-resume/*.pdf` (+ `.json`), `<corpus>/rendercv/*.pdf`
 * (+ `.yaml`), and fixture files `<fixtures>/*.{pdf,docx,txt,md}` with a
 * `<file>.truth.json` beside them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PARSE_LIMITS } from "../limits.js";
import { parseBytes } from "../parse-bytes.js";
import { type Truth, truthFromReactiveResume, truthFromRenderCv, truthFromResume } from "./ground-truth.js";
import { type Check, checkResume, type RealWorldDocument } from "./real-world.js";
import { emptyScores, type FieldScores, scoreDocument } from "./score.js";

export type EvalDocument = { source: string; file: string; path: string; truth: () => Truth };
export type EvalResult = {
  scores: FieldScores;
  bySource: Record<string, FieldScores>;
  documents: { source: string; file: string; scores: FieldScores; predicted: Truth; truth: Truth }[];
};

/** Lists the documents with ground truth under a corpus directory and a fixtures directory. */
export function listEvalDocuments(options: { corpusDir?: string; fixturesDir?: string }): EvalDocument[] {
  const documents: EvalDocument[] = [];
  const { corpusDir, fixturesDir } = options;
  if (corpusDir && existsSync(join(corpusDir, "reactive-resume"))) {
    const dir = join(corpusDir, "reactive-resume");
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".pdf"))
      .sort()) {
      const truthPath = join(dir, file.replace(/\.pdf$/, ".json"));
      if (!existsSync(truthPath)) continue;
      documents.push({
        source: "reactive-resume",
        file,
        path: join(dir, file),
        truth: () => truthFromReactiveResume(JSON.parse(readFileSync(truthPath, "utf8"))),
      });
    }
  }
  if (corpusDir && existsSync(join(corpusDir, "rendercv"))) {
    const dir = join(corpusDir, "rendercv");
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".pdf"))
      .sort()) {
      const truthPath = join(dir, file.replace(/\.pdf$/, ".yaml"));
      if (!existsSync(truthPath)) continue;
      documents.push({
        source: "rendercv",
        file,
        path: join(dir, file),
        truth: () => truthFromRenderCv(readFileSync(truthPath, "utf8")),
      });
    }
  }
  if (fixturesDir && existsSync(fixturesDir)) {
    for (const file of readdirSync(fixturesDir)
      .filter((f) => /\.(pdf|docx|txt|md)$/.test(f))
      .sort()) {
      const truthPath = join(fixturesDir, `${file}.truth.json`);
      if (!existsSync(truthPath)) continue;
      documents.push({
        source: `fixtures (${file.split(".").pop()})`,
        file,
        path: join(fixturesDir, file),
        truth: () => JSON.parse(readFileSync(truthPath, "utf8")) as Truth,
      });
    }
  }
  return documents;
}

/** Parses and scores every document (in this thread: the evaluation measures the parser, not the sandbox). */
export async function runEvaluation(documents: EvalDocument[]): Promise<EvalResult> {
  const scores = emptyScores();
  const bySource: Record<string, FieldScores> = {};
  const results: EvalResult["documents"] = [];
  for (const document of documents) {
    const bytes = new Uint8Array(readFileSync(document.path));
    const parsed = await parseBytes({ bytes, filename: document.file }, DEFAULT_PARSE_LIMITS);
    const predicted = truthFromResume(parsed.resume);
    const truth = document.truth();
    scoreDocument(predicted, truth, scores);
    bySource[document.source] ??= emptyScores();
    scoreDocument(predicted, truth, bySource[document.source]);
    results.push({
      source: document.source,
      file: document.file,
      scores: scoreDocument(predicted, truth),
      predicted,
      truth,
    });
  }
  return { scores, bySource, documents: results };
}

export type RealWorldResult = {
  file: string;
  lang: string;
  /** The language the parser detected (`meta.language`), if any. */
  detected?: string;
  checks: Check[];
  /** Share of the source's characters that landed in a field (`stats.placedShare`), if reported. */
  placedShare?: number;
  warnings: string[];
  confidence: Record<string, number>;
};

/** Parses and checks every document of a real-world corpus (see real-world.ts). */
export async function runRealWorld(documents: RealWorldDocument[]): Promise<RealWorldResult[]> {
  const results: RealWorldResult[] = [];
  for (const document of documents) {
    const bytes = new Uint8Array(readFileSync(document.path));
    const parsed = await parseBytes({ bytes, filename: document.file }, DEFAULT_PARSE_LIMITS);
    const meta = parsed.resume.meta as { language?: string };
    results.push({
      file: document.file,
      lang: document.lang,
      detected: meta.language,
      checks: checkResume(parsed.resume, document.truth),
      placedShare: parsed.stats.placedShare,
      warnings: parsed.warnings,
      confidence: parsed.resume.meta.confidence,
    });
  }
  return results;
}
