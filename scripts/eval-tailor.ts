/**
 * Tailoring accuracy on the hand-labelled set in eval/tailor.
 *
 *   npm run eval:tailor [-- --dir eval/tailor] [--details] [--json]
 *
 * Prints precision/recall of extracted skills and requirements (overall and
 * per language), must/nice accuracy, title/company/location accuracy, and the
 * fabrication guard's precision/recall on the adversarial proposals, and the
 * built-in cover-letter template on labelled CV/posting pairs: company and
 * role named right, quoted achievements that really evidence the posting,
 * and terms the guard finds in neither the CV nor the posting.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { runLetterEval } from "../src/resume/job/evaluation/run-letter-eval.js";
import { runTailorEval } from "../src/resume/job/evaluation/run-tailor-eval.js";
import { prf } from "../src/resume/job/evaluation/score.js";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    dir: { type: "string", default: resolve(root, "eval/tailor") },
    details: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const r = await runTailorEval(values.dir);
const letters = await runLetterEval(values.dir);
if (values.json) {
  const { postings: _postings, ...summary } = r;
  const { cases: _cases, ...letterSummary } = letters;
  console.log(JSON.stringify({ ...summary, letters: letterSummary }, null, 2));
  process.exit(0);
}
const f = (n: number) => n.toFixed(3);
const row = (
  name: string,
  m: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number },
) =>
  `${name.padEnd(22)} ${String(m.tp).padStart(4)} ${String(m.fp).padStart(4)} ${String(m.fn).padStart(4)}  ${f(m.precision)}      ${f(m.recall)}   ${f(m.f1)}`;

console.log(`Job analysis: ${r.postings.length} postings`);
console.log(`${"".padEnd(22)}   tp   fp   fn  precision  recall  F1`);
console.log(row("skills", r.skills));
console.log(row("requirements", r.requirements));
for (const [lang, m] of Object.entries(r.byLanguage)) {
  console.log(row(`  skills (${lang})`, m.skills));
  console.log(row(`  requirements (${lang})`, m.requirements));
}
console.log(`must/nice right on matched requirements: ${f(r.kindAccuracy)}`);
console.log(`title ${f(r.fields.title)}  company ${f(r.fields.company)}  location ${f(r.fields.location)}`);
console.log(`\nFabrication guard: ${r.guard.cases} labelled proposals (positive = rejected as fabrication)`);
console.log(`${"".padEnd(22)}   tp   fp   fn  precision  recall  F1`);
console.log(row("guard", r.guard));

const invented = letters.cases.filter((c) => c.score.introduced.length > 0);
const terms = [...new Set(invented.flatMap((c) => c.score.introduced))];
console.log(`\nCover letters (built-in template): ${letters.letters} CV/posting pairs`);
console.log(`company named right: ${f(letters.company)}  role named right: ${f(letters.role)}`);
console.log(
  `the author's current role named right: ${f(letters.currentRole)} (${letters.withCurrentRole} CVs with one)`,
);
console.log(`letters quoting only achievements that evidence the posting: ${f(letters.grounded)}`);
console.log(`${"".padEnd(22)}   tp   fp   fn  precision  recall  F1`);
console.log(row("quoted achievements", prf(letters.achievements)));
console.log(
  `letters with nothing the guard finds in neither CV nor posting: ${f(letters.withoutInventions)}` +
    (terms.length ? ` (flagged: ${terms.join(", ")})` : ""),
);
if (values.details) {
  for (const p of r.postings) {
    console.log(`\n${p.file}`);
    console.log(`  missed skills: ${p.score.missedSkills.join(", ") || "-"}`);
    console.log(`  extra skills:  ${p.score.extraSkills.join(", ") || "-"}`);
  }
  console.log("\nCover letters:");
  for (const c of letters.cases) {
    const s = c.score;
    const wrong = [
      s.company ? "" : "company",
      s.role ? "" : "role",
      s.currentRole === false ? "current role" : "",
      s.grounded ? "" : "ungrounded quote",
      s.introduced.length ? `flagged ${s.introduced.join(", ")}` : "",
    ].filter(Boolean);
    console.log(`  ${c.case.cv} → ${c.case.posting}: ${wrong.join("; ") || "ok"}`);
    for (const q of c.quoted) console.log(`    quoted: ${q}`);
  }
  console.log("\nGuard mistakes:");
  for (const m of r.guardMisses)
    console.log(`  [${m.case[3]}] ${m.case[2]}  → ${m.introduced.join(", ") || "passed"}`);
}
