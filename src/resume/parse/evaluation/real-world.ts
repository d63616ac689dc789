/**
 * Scoring against `../shared/corpus/real-world/truth.json`, exactly as that
 * corpus's README describes: one check per non-empty truth field (name, email,
 * phone, location; company, position and start per work entry; institution
 * and degree per education entry; one per skill). Strings compare after NFKC,
 * case folding, whitespace collapsing, dash and quote normalisation; phones by
 * digits; the location by its first comma-separated part; a company passes
 * when the parsed string contains the truth; a degree may match the stored
 * degree or the usual joins of degree type and area.
 *
 * Each check also names the JSON path of the parsed field it was compared
 * with, so confidence can be calibrated against correctness.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Resume } from "../../model.js";

export type RealWorldTruth = {
  name: string | null;
  email: string | null;
  phone: string | null;
  location: string | null;
  work: { company: string | null; position: string | null; start: string | null; end: string | null }[];
  education: { institution: string | null; degree: string | null }[];
  skills: string[];
  file: string;
  lang: string;
  generator: string;
};

/** The scored field types, in report order. `end` is reported but not counted (the README counts start only). */
export const CHECK_FIELDS = [
  "name",
  "email",
  "phone",
  "location",
  "company",
  "position",
  "start",
  "institution",
  "degree",
  "skills",
] as const;
export type CheckField = (typeof CHECK_FIELDS)[number] | "end";

export type Check = {
  field: CheckField;
  expected: string;
  predicted: string;
  ok: boolean;
  /**
   * JSON path of the parsed field compared; kept when that field is empty (a paired entry
   * without dates), absent when no parsed entry was paired with the truth.
   */
  path?: string;
};

export type RealWorldDocument = {
  key: string;
  file: string;
  path: string;
  lang: string;
  truth: RealWorldTruth;
};

/** The documents of a real-world corpus directory (empty when it has no truth.json). */
export function listRealWorldDocuments(dir: string): RealWorldDocument[] {
  const truthPath = join(dir, "truth.json");
  if (!existsSync(truthPath)) return [];
  const all = JSON.parse(readFileSync(truthPath, "utf8")) as Record<string, RealWorldTruth>;
  return Object.entries(all)
    .filter(([, truth]) => existsSync(join(dir, truth.file)))
    .map(([key, truth]) => ({ key, file: truth.file, path: join(dir, truth.file), lang: truth.lang, truth }));
}

/** NFKC, case folding, collapsed whitespace, dashes and quotes unified. */
export function normalizeCheck(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u00AD\u2010-\u2015\u2212]/g, "-")
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

const digits = (v: string) => v.replace(/\D/g, "");
const firstPart = (v: string) => normalizeCheck(v.split(",")[0] ?? "");

type Predicted = {
  company: string;
  position: string;
  start: string;
  end: string;
  companyPath: string;
  positionPath: string;
  datesPath: string;
};

function predictedWork(resume: Resume): Predicted[] {
  return resume.work.flatMap((w, i) =>
    w.positions.map((p, j) => ({
      company: w.name,
      position: p.title,
      start: p.dates.start ?? "",
      end: p.dates.current ? "present" : (p.dates.end ?? ""),
      companyPath: `work.${i}.name`,
      positionPath: `work.${i}.positions.${j}.title`,
      datesPath: `work.${i}.positions.${j}.dates`,
    })),
  );
}

/** Every reading of a parsed degree the README accepts. */
function degreeReadings(studyType: string, area: string): string[] {
  const readings = [studyType, area];
  // The connectors degree names use in the lexicons' languages ("in", "en", "di", "w" …).
  if (studyType && area)
    for (const join of [
      " ",
      ", ",
      " in ",
      " of ",
      " en ",
      " im ",
      " em ",
      " di ",
      " de ",
      " i ",
      " w ",
      " v ",
    ])
      readings.push(`${studyType}${join}${area}`);
  return readings.filter(Boolean).map(normalizeCheck);
}

const companyOk = (predicted: string, truth: string) =>
  predicted !== "" && normalizeCheck(predicted).includes(normalizeCheck(truth));
const same = (predicted: string, truth: string) => normalizeCheck(predicted) === normalizeCheck(truth);

/**
 * Pairs truth entries with parsed entries: greedily by the number of checks a
 * pairing passes (then by closeness in printed order), so a reordered or
 * missing entry costs only its own checks.
 */
function pair<T, P>(truth: T[], predicted: P[], passes: (t: T, p: P) => number): Map<number, number> {
  const candidates: { i: number; j: number; score: number }[] = [];
  truth.forEach((t, i) => {
    predicted.forEach((p, j) => {
      candidates.push({ i, j, score: passes(t, p) - Math.abs(i - j) * 0.01 });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const byTruth = new Map<number, number>();
  const used = new Set<number>();
  for (const c of candidates) {
    if (byTruth.has(c.i) || used.has(c.j) || c.score <= 0) continue;
    byTruth.set(c.i, c.j);
    used.add(c.j);
  }
  return byTruth;
}

/** The README's checks for one parsed resume. */
export function checkResume(resume: Resume, truth: RealWorldTruth): Check[] {
  const checks: Check[] = [];
  const { basics } = resume;
  const add = (field: CheckField, expected: string, predicted: string, ok: boolean, path?: string) =>
    checks.push({ field, expected, predicted, ok, ...(path ? { path } : {}) });

  if (truth.name) add("name", truth.name, basics.name, same(basics.name, truth.name), "basics.name");
  if (truth.email) add("email", truth.email, basics.email, same(basics.email, truth.email), "basics.email");
  if (truth.phone)
    add(
      "phone",
      truth.phone,
      basics.phone,
      digits(basics.phone) !== "" && digits(basics.phone) === digits(truth.phone),
      "basics.phone",
    );
  if (truth.location) {
    const predicted = [basics.location.city, basics.location.region].filter(Boolean).join(", ");
    add(
      "location",
      truth.location,
      predicted,
      predicted !== "" && firstPart(predicted) === firstPart(truth.location),
      "basics.location",
    );
  }

  const work = predictedWork(resume);
  const workPairs = pair(truth.work, work, (t, p) => {
    let n = 0;
    if (t.company && companyOk(p.company, t.company)) n++;
    if (t.position && same(p.position, t.position)) n++;
    if (t.start && p.start === t.start) n += 0.5;
    return n;
  });
  truth.work.forEach((t, i) => {
    const j = workPairs.get(i);
    const p = j === undefined ? undefined : work[j];
    if (t.company)
      add("company", t.company, p?.company ?? "", !!p && companyOk(p.company, t.company), p?.companyPath);
    if (t.position)
      add("position", t.position, p?.position ?? "", !!p && same(p.position, t.position), p?.positionPath);
    if (t.start) add("start", t.start, p?.start ?? "", !!p && p.start === t.start, p?.datesPath);
    if (t.end) add("end", t.end, p?.end ?? "", !!p && p.end === t.end, p?.datesPath);
  });

  const education = resume.education.map((e, i) => ({
    institution: e.institution,
    degrees: degreeReadings(e.studyType, e.area),
    degree: [e.studyType, e.area].filter(Boolean).join(" in "),
    index: i,
  }));
  const educationPairs = pair(truth.education, education, (t, p) => {
    let n = 0;
    if (t.institution && same(p.institution, t.institution)) n++;
    if (t.degree && p.degrees.includes(normalizeCheck(t.degree))) n++;
    return n;
  });
  truth.education.forEach((t, i) => {
    const j = educationPairs.get(i);
    const p = j === undefined ? undefined : education[j];
    if (t.institution)
      add(
        "institution",
        t.institution,
        p?.institution ?? "",
        !!p && same(p.institution, t.institution),
        p && `education.${p.index}.institution`,
      );
    if (t.degree)
      add(
        "degree",
        t.degree,
        p?.degree ?? "",
        !!p && p.degrees.includes(normalizeCheck(t.degree)),
        p && `education.${p.index}.studyType`,
      );
  });

  const skills = new Map<string, string>();
  resume.skills.forEach((s, i) => {
    s.keywords.forEach((k, j) => {
      skills.set(normalizeCheck(k), `skills.${i}.keywords.${j}`);
    });
    if (s.keywords.length === 0 && s.name) skills.set(normalizeCheck(s.name), `skills.${i}.name`);
  });
  for (const skill of truth.skills) {
    const path = skills.get(normalizeCheck(skill));
    add("skills", skill, path ? skill : "", path !== undefined, path);
  }
  return checks;
}

export type Tally = { right: number; total: number };

/** Right/total per key over checks (the `end` field is left out: the README does not count it). */
export function tally<C extends Check>(checks: C[], key: (c: C) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const c of checks) {
    if (c.field === "end") continue;
    const k = key(c);
    const t = out.get(k) ?? { right: 0, total: 0 };
    t.total++;
    if (c.ok) t.right++;
    out.set(k, t);
  }
  return out;
}

export const share = (t: Tally | undefined) => (t?.total ? t.right / t.total : 1);
