/**
 * Ground truth for the parse evaluation: the fields we score, read from the
 * corpus sources (Reactive Resume v4 JSON, RenderCV YAML), from our own
 * fixtures (`*.truth.json`), and from a parsed `Resume` for comparison.
 */
import { parse as parseYaml } from "yaml";
import type { Resume } from "../../model.js";
import { isLocation } from "../extract/features.js";
import { parseDateText } from "../layout/dates.js";

export type TruthWork = { company: string; position: string; start: string; end: string };
export type TruthEducation = { institution: string; degree: string };
export type Truth = {
  name: string;
  email: string;
  phone: string;
  location: string;
  work: TruthWork[];
  education: TruthEducation[];
  skills: string[];
};

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const arr = (v: unknown): Json[] =>
  Array.isArray(v) ? (v.filter((x) => x && typeof x === "object") as Json[]) : [];

function dateParts(text: string): { start: string; end: string } {
  const range = parseDateText(text);
  return { start: range.start ?? "", end: range.current ? "present" : (range.end ?? "") };
}

/** Reactive Resume v4 export → truth. Hidden items and sections are skipped. */
export function truthFromReactiveResume(json: Json): Truth {
  const basics = (json.basics ?? {}) as Json;
  const sections = (json.sections ?? {}) as Record<string, Json>;
  const items = (key: string) =>
    sections[key]?.visible === false ? [] : arr(sections[key]?.items).filter((i) => i.visible !== false);
  return {
    name: str(basics.name),
    email: str(basics.email),
    phone: str(basics.phone),
    location: str(basics.location),
    work: items("experience").map((i) => ({
      company: str(i.company),
      position: str(i.position),
      ...dateParts(str(i.date)),
    })),
    // Reactive Resume prints study type and area; some templates misuse the area for a city.
    education: items("education").map((i) => ({
      institution: str(i.institution),
      degree: [str(i.studyType), isLocation(str(i.area)) ? "" : str(i.area)].filter(Boolean).join(" in "),
    })),
    skills: items("skills").flatMap((i) => (Array.isArray(i.keywords) ? i.keywords.map(str) : [])),
  };
}

function rendercvDate(value: unknown): string {
  const text = str(value).trim();
  if (/^present$/i.test(text)) return "present";
  const match = /^(\d{4})(?:-(\d{2}))?/.exec(text);
  return match ? (match[2] ? `${match[1]}-${match[2]}` : match[1]!) : "";
}

/** RenderCV YAML source → truth. Degree is written "DEGREE in AREA", as RenderCV prints it. */
export function truthFromRenderCv(yamlText: string): Truth {
  const cv = ((parseYaml(yamlText) as Json).cv ?? {}) as Json;
  const sections = (cv.sections ?? {}) as Record<string, unknown>;
  const all = Object.values(sections).flatMap(arr);
  return {
    name: str(cv.name),
    email: str(cv.email),
    phone: str(cv.phone),
    location: str(cv.location),
    work: all
      .filter((e) => "company" in e && "position" in e)
      .map((e) => {
        const fromText = e.date ? dateParts(str(e.date)) : undefined;
        return {
          company: str(e.company),
          position: str(e.position),
          start: fromText?.start || rendercvDate(e.start_date),
          end: fromText?.end || rendercvDate(e.end_date),
        };
      }),
    education: all
      .filter((e) => "institution" in e)
      .map((e) => ({
        institution: str(e.institution),
        degree: [str(e.degree), str(e.area)].filter(Boolean).join(" in "),
      })),
    skills: arr(sections.skills ?? sections.Skills).flatMap((e) =>
      str(e.details)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  };
}

/** The scored fields of a parsed resume. */
export function truthFromResume(resume: Resume): Truth {
  const { basics } = resume;
  const location = [
    basics.location.address,
    basics.location.city,
    basics.location.region,
    basics.location.postalCode,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    name: basics.name,
    email: basics.email,
    phone: basics.phone,
    location,
    work: resume.work.flatMap((w) =>
      w.positions.map((p) => ({
        company: w.name,
        position: p.title,
        start: p.dates.start ?? "",
        end: p.dates.current ? "present" : (p.dates.end ?? ""),
      })),
    ),
    education: resume.education.map((e) => ({
      institution: e.institution,
      degree: [e.studyType, e.area].filter(Boolean).join(" in "),
    })),
    skills: resume.skills.flatMap((s) => (s.keywords.length ? s.keywords : s.name ? [s.name] : [])),
  };
}
