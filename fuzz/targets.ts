/**
 * Fuzz targets: every parser entry point and the renderers, as fast-check
 * properties. Inputs are seed files (../shared/corpus, test fixtures, the
 * hostile builders) mutated byte-wise (flips, inserts, deletions, splices of
 * another seed), plus generated text and random valid resume models.
 *
 * The property is the same everywhere: every input ends in a result or a
 * typed `AppError` within the parse sandbox's time and memory budget. A crash,
 * an untyped exception, a timeout or a memory-limit stop on these small
 * inputs is a finding.
 *
 * Jazzer.js (coverage-guided, libFuzzer) was the first choice, but its
 * prebuilt addon needs glibc 2.38 and this project's machines and image run
 * Debian bookworm (2.36), and npm may not build it; so the search is
 * fast-check's, driven by the seed corpora.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { isAppError } from "../src/errors.js";
import { resumeSchema } from "../src/resume/model.js";
import type { DocumentParser } from "../src/resume/parse/document-parser.js";
import { sniffDocumentType } from "../src/resume/parse/sniff.js";
import { loadFontSet, renderDocx, renderPdf } from "../src/resume/render/index.js";
import { exportSettingsSchema } from "../src/resume/settings.js";
import { docxBomb, docxOf, pdfFlateBomb, smallPdf } from "../test/support/hostile-files.js";

const fonts = loadFontSet();
const defaultSettings = exportSettingsSchema.parse({});

const root = resolve(import.meta.dirname, "..");
const corpus = resolve(root, "../shared/corpus");

function filesIn(dir: string, ext: string[]): Buffer[] {
  try {
    return readdirSync(dir)
      .filter((f) => ext.some((e) => f.endsWith(e)))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  } catch {
    return [];
  }
}

/** Seeds per format, from files nobody here wrote first. */
export async function loadSeeds(): Promise<Record<"pdf" | "docx" | "text" | "json", Buffer[]>> {
  const pdf = [
    ...filesIn(join(corpus, "real-world"), [".pdf"]),
    ...filesIn(join(corpus, "rendercv"), [".pdf"]),
    ...filesIn(join(root, "test/fixtures/parse"), [".pdf"]),
    smallPdf(),
    pdfFlateBomb(4 * 1024 * 1024),
  ].filter((b) => b.length < 400_000);
  const docx = [
    ...filesIn(join(corpus, "real-world"), [".docx"]),
    ...filesIn(join(root, "test/fixtures/parse"), [".docx"]),
    await docxOf(["Jane Doe", "Experience", "Engineer at Acme"]),
    await docxBomb(2 * 1024 * 1024),
  ];
  const text = filesIn(join(root, "test/fixtures/parse"), [".md", ".txt"]);
  const json = [
    ...filesIn(join(corpus, "json-resume"), ["sample.resume.json"]),
    ...filesIn(join(root, "test/fixtures/json-resume"), [".json"]),
  ];
  return { pdf, docx, text, json };
}

/** One seed, mutated: byte flips, inserted runs, deleted ranges, splices from another seed. */
export function mutated(seeds: Buffer[]): fc.Arbitrary<Uint8Array> {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ maxLength: 64 }),
    }),
    fc.record({
      kind: fc.constant("delete" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 512 }),
    }),
    fc.record({
      kind: fc.constant("splice" as const),
      at: fc.nat(),
      from: fc.nat(),
      other: fc.nat(),
      length: fc.nat({ max: 4096 }),
    }),
  );
  return fc
    .record({ seed: fc.nat({ max: seeds.length - 1 }), mutations: fc.array(mutation, { maxLength: 8 }) })
    .map(({ seed, mutations }) => {
      let bytes = Buffer.from(seeds[seed]!);
      for (const m of mutations) {
        const at = bytes.length ? m.at % bytes.length : 0;
        if (m.kind === "flip" && bytes.length) bytes[at] = m.byte;
        else if (m.kind === "insert")
          bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
        else if (m.kind === "delete")
          bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        else if (m.kind === "splice") {
          const other = seeds[m.other % seeds.length]!;
          const from = other.length ? m.from % other.length : 0;
          bytes = Buffer.concat([
            bytes.subarray(0, at),
            other.subarray(from, from + m.length),
            bytes.subarray(at),
          ]);
        }
      }
      return new Uint8Array(bytes);
    });
}

/** Text that exercises the Markdown and text layers: seed lines, generated Unicode, separators, controls. */
export function hostileText(seeds: Buffer[]): fc.Arbitrary<Uint8Array> {
  const lines = seeds.flatMap((s) => s.toString("utf8").split("\n")).filter(Boolean);
  const piece = fc.oneof(
    fc.constantFrom(...lines),
    fc.string({ unit: "grapheme", maxLength: 80 }),
    fc.constantFrom(
      "# ",
      "## ",
      "**",
      "__",
      "- ",
      "• ",
      "|",
      " – ",
      "@",
      "http://",
      "[",
      "](",
      "\t",
      "\u0000",
      "\uD83D",
      "\r",
    ),
    fc.string({ unit: fc.constantFrom(" ", "\n", "*", "#", "-", "a", ".", "@", "("), maxLength: 400 }),
  );
  return fc
    .array(piece, { minLength: 1, maxLength: 60 })
    .map((parts) => new TextEncoder().encode(parts.join("")));
}

/** JSON Resume-shaped documents, valid or nearly so. */
export function jsonResumes(seeds: Buffer[]): fc.Arbitrary<Uint8Array> {
  const base = seeds.map((s) => JSON.parse(s.toString("utf8")) as Record<string, unknown>);
  return fc
    .record({
      seed: fc.nat({ max: base.length - 1 }),
      patch: fc.dictionary(
        fc.constantFrom("basics", "work", "skills", "projects", "meta", "x"),
        fc.jsonValue({ maxDepth: 3 }),
      ),
    })
    .map(({ seed, patch }) => new TextEncoder().encode(JSON.stringify({ ...base[seed], ...patch })));
}

const text = fc.string({ unit: "grapheme", maxLength: 60 });
const url = fc.oneof(
  fc.webUrl(),
  fc.constantFrom("javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.co", ""),
);

/** Random valid resume models (through the schema, so clamps and sanitising apply). */
export const resumes = fc
  .record({
    basics: fc.record({ name: text, email: fc.emailAddress(), url, summary: fc.string({ maxLength: 400 }) }),
    work: fc.array(
      fc.record({
        name: text,
        url,
        positions: fc.array(
          fc.record({ title: text, highlights: fc.array(fc.string({ maxLength: 200 }), { maxLength: 6 }) }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 4 },
    ),
    skills: fc.array(fc.record({ name: text, keywords: fc.array(text, { maxLength: 6 }) }), { maxLength: 4 }),
  })
  .map((input) => resumeSchema.parse(input));

export type FuzzOptions = {
  /**
   * Count a parse that the sandbox stopped at its time budget as a finding (default true: the longer
   * local run hunts slow inputs). The short run inside `npm test` shares a loaded machine with the
   * rest of the suite; there a stopped parse is the budget doing its job, not a hang.
   */
  slowIsFinding?: boolean;
};

/** Why an outcome breaks the property, or undefined when it holds. */
export function violation(error: unknown, options: FuzzOptions = {}): string | undefined {
  if (!isAppError(error))
    return `untyped ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  if (error.code === "parse_timeout" && options.slowIsFinding === false) return undefined;
  if (error.code === "internal" || error.code === "parse_timeout" || error.code === "parse_resource_limit")
    return `${error.code}: ${error.message}`;
  return undefined;
}

export type Target = {
  name: string;
  arbitrary: fc.Arbitrary<unknown>;
  run: (input: unknown) => Promise<void>;
};

/** The targets; parsers run in `parser` (the sandbox, so a hang or a leak is a typed finding, not a dead fuzzer). */
export async function targets(parser: DocumentParser, options: FuzzOptions = {}): Promise<Target[]> {
  const seeds = await loadSeeds();
  const parse = (filename: string) => async (input: unknown) => {
    try {
      await parser.parse({ bytes: input as Uint8Array, filename });
    } catch (error) {
      const why = violation(error, options);
      if (why) throw new Error(why, { cause: error });
    }
  };
  return [
    {
      name: "sniff",
      arbitrary: fc.oneof(mutated([...seeds.pdf, ...seeds.docx, ...seeds.text]), hostileText(seeds.text)),
      run: async (input) => {
        try {
          sniffDocumentType(input as Uint8Array, { filename: "upload" });
        } catch (error) {
          if (!isAppError(error)) throw error;
        }
      },
    },
    { name: "text", arbitrary: hostileText(seeds.text), run: parse("cv.md") },
    { name: "json-resume", arbitrary: jsonResumes(seeds.json), run: parse("cv.json") },
    { name: "pdf", arbitrary: mutated(seeds.pdf), run: parse("cv.pdf") },
    { name: "docx", arbitrary: mutated(seeds.docx), run: parse("cv.docx") },
    {
      name: "render",
      arbitrary: resumes,
      run: async (input) => {
        const resume = input as ReturnType<typeof resumeSchema.parse>;
        for (const render of [
          () => renderPdf(resume, defaultSettings, { fonts }),
          () => renderDocx(resume, defaultSettings),
        ]) {
          try {
            await render();
          } catch (error) {
            // Characters no bundled font has are a typed refusal, by design.
            if (!isAppError(error) || error.code === "internal" || error.code === "render_roundtrip_failed")
              throw error;
          }
        }
      },
    },
  ];
}

/** Runs every target for about `seconds` each; returns executions and failures per target. */
export async function runTargets(
  parser: DocumentParser,
  seconds: number,
  options: { seed?: number; only?: string[] } & FuzzOptions = {},
): Promise<{ name: string; runs: number; failure: string | undefined }[]> {
  const results = [];
  for (const target of await targets(parser, options)) {
    if (options.only && !options.only.includes(target.name)) continue;
    let runs = 0;
    const details = await fc.check(
      fc.asyncProperty(target.arbitrary, async (input) => {
        runs++;
        await target.run(input);
      }),
      {
        numRuns: Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: seconds * 1000,
        markInterruptAsFailure: false,
        seed: options.seed,
        endOnFailure: true,
      },
    );
    results.push({
      name: target.name,
      runs,
      // Interrupted before a single run ended is no finding (fast-check reports it as failed); the
      // caller sees `runs: 0`.
      failure:
        details.failed && details.counterexample !== null
          ? `${String(details.errorInstance)} (seed ${details.seed}, path ${details.counterexamplePath})`
          : undefined,
    });
  }
  return results;
}
