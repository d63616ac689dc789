/**
 * Work and volunteer entries → employers with positions.
 *
 * The header pieces left after dates, location and URL are classified by
 * title words ("Engineer", "Intern", "CTO") into position and organisation;
 * without such words the first piece is the organisation (the common order).
 * An entry that names only a position continues the previous employer, so
 * promotions listed under one company stay together.
 */
import type { ResumeInput } from "../../model.js";
import type { Entry } from "../layout/entries.js";
import { COMPANY_PATTERN } from "../lexicon/index.js";
import { analyzeHeader, type Piece, readBody, splitCommaPieces } from "./entry-header.js";
import { ORG_WORDS, titleScore, withoutTrailingPlace } from "./features.js";

/** "Senior Engineer at Acme" → title and company, when the left side reads as a title. */
function splitTitleAtCompany(piece: Piece): Piece[] {
  // The first " at " between words; the lookbehind starts each try at a run of spaces, never inside it.
  const joint = /(?<!\s)\s+(?:at|@|bei|chez|en)\s+(?=\p{Lu})/u.exec(piece.text);
  const title = joint ? piece.text.slice(0, joint.index) : "";
  if (!joint || !title || titleScore(title) === 0) return [piece];
  return [
    { ...piece, text: title },
    { ...piece, text: piece.text.slice(joint.index + joint[0].length) },
  ];
}

type WorkInput = NonNullable<ResumeInput["work"]>[number];
type Confidence = Record<string, number>;

/** Work entries, with confidence per field keyed relative to the entry. */
export function extractWork(entries: Entry[]): { work: WorkInput[]; confidence: Confidence[] } {
  const work: WorkInput[] = [];
  const confidence: Confidence[] = [];
  for (const entry of entries) {
    const header = analyzeHeader(entry.header);
    const body = readBody(entry.body);
    // Comma-joined names ("Engineer, Acme") only on the entry's first line; later lines are descriptions.
    const first = header.pieces.filter((p) => p.line === header.pieces[0]?.line);
    const pieces = [...splitCommaPieces(first), ...header.pieces.filter((p) => !first.includes(p))].flatMap(
      splitTitleAtCompany,
    );
    if (pieces.length === 0 && !header.dates && body.highlights.length === 0 && !body.summary) continue;

    const scored = pieces.map((p) => ({ ...p, score: titleScore(p.text) }));
    const best = scored.reduce<(typeof scored)[number] | undefined>(
      (a, b) => (b.score > (a?.score ?? 0) ? b : a),
      undefined,
    );
    let title = "";
    let company = "";
    let titleConfidence = 0.5;
    let companyConfidence = 0.5;
    const rest = scored.filter((p) => p !== best);
    if (best && best.score > 0) {
      title = best.text;
      titleConfidence = 0.6 + 0.3 * best.score;
      // A legal form ("GmbH", "AB", "S.p.A.") marks the employer even when a title word is in its name.
      const org =
        rest.find((p) => COMPANY_PATTERN.test(p.text)) ?? rest.find((p) => p.score === 0) ?? rest[0];
      company = org?.text ?? "";
      companyConfidence = org ? (org.score === 0 ? 0.8 : 0.5) : 0;
    } else {
      // No title word: the piece with a company form is the employer, else the first piece.
      const org = scored.find((p) => COMPANY_PATTERN.test(p.text)) ?? scored[0];
      company = org?.text ?? "";
      title = scored.find((p) => p !== org)?.text ?? "";
      companyConfidence = 0.55;
      titleConfidence = 0.45;
    }
    // "Acme, Charge Nurse, ICU": a short piece right after the title, with the company before it,
    // qualifies the title.
    const titleIndex = scored.findIndex((p) => p.text === title);
    const companyIndex = scored.findIndex((p) => p.text === company);
    const qualifier = scored[titleIndex + 1];
    if (
      title &&
      qualifier &&
      companyIndex !== -1 &&
      companyIndex < titleIndex &&
      qualifier.line === scored[titleIndex]!.line &&
      qualifier.text.split(/\s+/).length <= 2 &&
      !ORG_WORDS.test(qualifier.text)
    ) {
      title = `${title}, ${qualifier.text}`;
      scored.splice(titleIndex + 1, 1);
    }
    // "Kobo Logistics, Lagos — Head of Operations": with no organisation found, a leading
    // "Name, Place" is the organisation and its city.
    let location = header.location;
    if (!company && (header.locationFirst || (title !== "" && header.location.includes(",")))) {
      const [name, ...place] = header.location.split(/,\s*/);
      company = name ?? "";
      location = place.join(", ");
      companyConfidence = 0.5;
    }
    const extra = scored.filter((p) => p.text !== title && p.text !== company).map((p) => p.text);
    const summary = [extra.join(" · "), body.summary].filter(Boolean).join("\n");
    const position = {
      title,
      dates: header.dates ?? { text: "" },
      location,
      summary,
      highlights: body.highlights,
    };

    const previous = work.at(-1);
    const continuesPrevious =
      previous !== undefined &&
      ((company === "" && title !== "") ||
        (company !== "" && previous.name?.toLowerCase() === company.toLowerCase()));
    if (continuesPrevious && previous.positions) {
      previous.positions.push(position);
      const c = confidence.at(-1)!;
      const index = previous.positions.length - 1;
      c[`positions.${index}.title`] = titleConfidence;
      c[`positions.${index}.dates`] = header.dates ? 0.9 : 0.3;
      continue;
    }
    work.push({
      name: withoutTrailingPlace(company),
      location,
      url: header.url,
      positions: [position],
    });
    confidence.push({
      name: companyConfidence,
      "positions.0.title": titleConfidence,
      "positions.0.dates": header.dates ? 0.9 : 0.3,
    });
  }
  return { work, confidence };
}
