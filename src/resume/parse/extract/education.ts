/**
 * Education entries → institution, degree (study type + area), dates, score.
 */
import type { ResumeInput } from "../../model.js";
import type { Entry } from "../layout/entries.js";
import { analyzeHeader, readBody, splitCommaPieces } from "./entry-header.js";
import { DEGREE, INSTITUTION_WORDS, withoutTrailingPlace } from "./features.js";

type EducationInput = NonNullable<ResumeInput["education"]>[number];

/**
 * "PhD in Computer Science" → study type and area. What follows a comma
 * ("…, Minor in Business", "Bachelor, Computer Engineering") is a further
 * detail: the area when nothing else names one, else the rest.
 */
export function splitDegree(text: string): { studyType: string; area: string; rest: string } {
  const [head = "", ...tail] = text.split(/,\s+/);
  const rest = tail.join(", ").trim();
  // The first joining word between words; the lookbehind starts each try at a run of spaces, never inside it.
  const joint = /(?<!\s)\s+(?:in|en|im|em|di|i|w|v)\s+(?=\S)/i.exec(head);
  const studyType = joint ? head.slice(0, joint.index) : "";
  if (joint && DEGREE.test(studyType)) {
    return { studyType: studyType.trim(), area: head.slice(joint.index + joint[0].length).trim(), rest };
  }
  if (rest && DEGREE.test(head)) return { studyType: head.trim(), area: "", rest };
  return { studyType: text.trim(), area: "", rest: "" };
}

const SCORE = /\b(?:GPA|grade|note|cgpa)\s*(?::\s*)?([\d.,]+(?:\s*\/\s*[\d.,]+)?)/i;

export function extractEducation(entries: Entry[]): {
  education: EducationInput[];
  confidence: Record<string, number>[];
} {
  const education: EducationInput[] = [];
  const confidence: Record<string, number>[] = [];
  for (const entry of entries) {
    const header = analyzeHeader(entry.header);
    const firstLine = header.pieces[0]?.line;
    const first = splitCommaPieces(header.pieces.filter((p) => p.line === firstLine));
    const rest = header.pieces.filter((p) => p.line !== firstLine);
    // "University, Degree, Area" wrapped onto a second line: a lone short fragment continues the area.
    const next = rest[0];
    if (
      first.length >= 2 &&
      next &&
      rest.filter((p) => p.line === next.line).length === 1 &&
      next.text.split(" ").length <= 3 &&
      !DEGREE.test(next.text) &&
      !INSTITUTION_WORDS.test(next.text) &&
      (entry.header[next.line]?.gapBefore ?? 1) < 0.1
    ) {
      // After a trailing comma the fragment is the next part; otherwise it finishes the last one.
      const endsWithComma = /,\s*$/.test(entry.header[firstLine ?? 0]?.segments[0] ?? "");
      if (!endsWithComma) {
        const last = first[first.length - 1]!;
        first[first.length - 1] = { ...last, text: `${last.text} ${next.text}` };
        rest.shift();
      }
    }
    const pieces = [...first, ...rest];
    // Some layouts indent the degree under the institution; take it from the body.
    if (!pieces.some((p) => DEGREE.test(p.text))) {
      const degreeLine = entry.body.find((l) => !l.bullet && l.text.length <= 80 && DEGREE.test(l.text));
      if (degreeLine) {
        pieces.push({ text: degreeLine.text, emphasis: degreeLine.emphasis, line: -1 });
        entry.body = entry.body.filter((l) => l !== degreeLine);
      }
    }
    if (pieces.length === 0) continue;
    const body = readBody(entry.body);
    // A school named inside a labelled or quoted title ("Thesis: '… Virtual University'") is not the school.
    const schools = pieces.filter((p) => INSTITUTION_WORDS.test(p.text) && !DEGREE.test(p.text));
    const clean = (text: string) => !/^[^:]{1,30}:|['‘’“”"]/u.test(text);
    let institution = schools.find((p) => clean(p.text));
    if (!institution) {
      // The school on a line of its own below the title (Europass prints it there).
      const schoolLine = entry.body.find(
        (l) => !l.bullet && l.text.length <= 80 && INSTITUTION_WORDS.test(l.text) && clean(l.text),
      );
      if (schoolLine) {
        institution = { text: schoolLine.text, emphasis: schoolLine.emphasis, line: -1 };
        entry.body = entry.body.filter((l) => l !== schoolLine);
      } else if (schools.length === 1) institution = schools[0];
    }
    // Several degree-like pieces ("PhD" in a column and "PhD in Computer Science"): the longest says most.
    const degrees = pieces.filter((p) => p !== institution && DEGREE.test(p.text));
    const degree = degrees.sort((a, b) => b.text.length - a.text.length)[0];
    const others = pieces.filter(
      (p) => p !== institution && p !== degree && !(degrees.includes(p) && degree?.text.includes(p.text)),
    );
    const institutionText = withoutTrailingPlace(institution?.text ?? others.shift()?.text ?? "");
    const {
      studyType,
      area,
      rest: detail,
    } = degree ? splitDegree(degree.text) : { studyType: others.shift()?.text ?? "", area: "", rest: "" };
    if (detail) others.unshift({ text: detail, emphasis: false, line: -1 });
    const areaText = area || (degree ? (others.shift()?.text ?? "") : "");
    const allText = [...entry.header, ...entry.body].map((l) => l.text).join(" ");
    education.push({
      institution: institutionText,
      studyType,
      area: areaText,
      dates: header.dates ?? { text: "" },
      location: header.location,
      url: header.url,
      score: SCORE.exec(allText)?.[1] ?? "",
      summary: [others.map((p) => p.text).join(" · "), body.summary].filter(Boolean).join("\n"),
      courses: body.highlights.length ? body.highlights : [],
    });
    confidence.push({
      institution: institution ? 0.9 : 0.55,
      studyType: degree ? 0.85 : 0.4,
      dates: header.dates ? 0.9 : 0.3,
    });
  }
  return { education, confidence };
}
