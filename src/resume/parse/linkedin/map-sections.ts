/**
 * The section files of a LinkedIn export → resume sections, column by
 * column (the export's own column names; see export-files.ts for the files).
 */
import type { ResumeInput } from "../../model.js";
import { type CsvRow, cell } from "./csv-table.js";
import { linkedInRange } from "./linkedin-dates.js";

type Section<K extends keyof ResumeInput> = NonNullable<ResumeInput[K]>;
type WorkInput = Section<"work">[number];

/** Lines starting with a bullet glyph or dash are highlights; the prose before them is the summary. */
export function splitDescription(text: string): { summary: string; highlights: string[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const bullet = /^[•·▪◦●■►▶➢➤‣⁃*–—-]\s+/u;
  const first = lines.findIndex((l) => bullet.test(l));
  if (first === -1) return { summary: text.trim(), highlights: [] };
  const highlights: string[] = [];
  for (const line of lines.slice(first)) {
    if (bullet.test(line)) highlights.push(line.replace(bullet, ""));
    // A wrapped bullet continues on the next line.
    else if (line && highlights.length) highlights[highlights.length - 1] += ` ${line}`;
  }
  return { summary: lines.slice(0, first).join("\n").trim(), highlights };
}

/**
 * Positions.csv → work. Consecutive positions at one company (a promotion)
 * become positions of one employer; a later return to it is a new entry.
 */
export function mapPositions(rows: CsvRow[]): Section<"work"> {
  const work: WorkInput[] = [];
  for (const row of rows) {
    const company = cell(row, "Company Name");
    const { summary, highlights } = splitDescription(cell(row, "Description"));
    const position = {
      title: cell(row, "Title"),
      dates: linkedInRange(cell(row, "Started On"), cell(row, "Finished On"), { openEnded: true }),
      location: cell(row, "Location"),
      summary,
      highlights,
    };
    const last = work.at(-1);
    if (last && company !== "" && last.name === company) last.positions!.push(position);
    else work.push({ name: company, location: "", positions: [position] });
  }
  for (const entry of work) {
    const places = new Set(entry.positions!.map((p) => p.location));
    if (places.size === 1) entry.location = [...places][0] ?? "";
  }
  return work;
}

/** Education.csv → education. Notes and activities are the entry's summary, in that order. */
export function mapEducation(rows: CsvRow[]): Section<"education"> {
  return rows.map((row) => ({
    institution: cell(row, "School Name"),
    studyType: cell(row, "Degree Name"),
    area: cell(row, "Field Of Study"),
    dates: linkedInRange(cell(row, "Start Date"), cell(row, "End Date"), { openEnded: false }),
    summary: [cell(row, "Notes"), cell(row, "Activities")].filter(Boolean).join("\n\n"),
  }));
}

/** Skills.csv → one skill group per hundred skills (the model's keyword cap), duplicates dropped. */
export function mapSkills(rows: CsvRow[], maxKeywords: number): Section<"skills"> {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const row of rows) {
    const name = cell(row, "Name");
    const key = name.toLocaleLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  }
  const groups: Section<"skills"> = [];
  for (let i = 0; i < names.length; i += maxKeywords)
    groups.push({ keywords: names.slice(i, i + maxKeywords) });
  return groups;
}

/** LinkedIn's proficiency levels, as its profile pages word them. */
const PROFICIENCY: Record<string, string> = {
  ELEMENTARY: "Elementary proficiency",
  LIMITED_WORKING: "Limited working proficiency",
  PROFESSIONAL_WORKING: "Professional working proficiency",
  FULL_PROFESSIONAL: "Full professional proficiency",
  NATIVE_OR_BILINGUAL: "Native or bilingual proficiency",
};

export function mapLanguages(rows: CsvRow[]): Section<"languages"> {
  return rows
    .filter((row) => cell(row, "Name"))
    .map((row) => {
      const level = cell(row, "Proficiency");
      return { language: cell(row, "Name"), fluency: PROFICIENCY[level.toUpperCase()] ?? level };
    });
}

export function mapCertifications(rows: CsvRow[]): Section<"certificates"> {
  return rows.map((row) => ({
    name: cell(row, "Name"),
    issuer: cell(row, "Authority"),
    date: linkedInRange(cell(row, "Started On"), cell(row, "Finished On"), { openEnded: false }),
    url: cell(row, "Url"),
  }));
}

export function mapProjects(rows: CsvRow[]): Section<"projects"> {
  return rows.map((row) => {
    const { summary, highlights } = splitDescription(cell(row, "Description"));
    return {
      name: cell(row, "Title"),
      description: summary,
      highlights,
      url: cell(row, "Url"),
      dates: linkedInRange(cell(row, "Started On"), cell(row, "Finished On"), { openEnded: true }),
    };
  });
}

export function mapHonors(rows: CsvRow[]): Section<"awards"> {
  return rows.map((row) => ({
    title: cell(row, "Title"),
    awarder: cell(row, "Issuer"),
    date: linkedInRange(cell(row, "Issued On"), "", { openEnded: false }),
    summary: cell(row, "Description"),
  }));
}

export function mapPublications(rows: CsvRow[]): Section<"publications"> {
  return rows.map((row) => ({
    name: cell(row, "Name"),
    publisher: cell(row, "Publisher"),
    releaseDate: linkedInRange(cell(row, "Published On"), "", { openEnded: false }),
    url: cell(row, "Url"),
    summary: cell(row, "Description"),
  }));
}

export function mapVolunteering(rows: CsvRow[]): Section<"volunteer"> {
  return rows.map((row) => {
    const { summary, highlights } = splitDescription(cell(row, "Description"));
    return {
      organization: cell(row, "Company Name"),
      position: cell(row, "Role"),
      dates: linkedInRange(cell(row, "Started On"), cell(row, "Finished On"), { openEnded: true }),
      summary,
      highlights,
    };
  });
}

/** Courses.csv has no school or date: a custom "Courses" section with the course number as subtitle. */
export function mapCourses(rows: CsvRow[]): Section<"custom"> {
  const items = rows
    .filter((row) => cell(row, "Name"))
    .map((row) => ({ title: cell(row, "Name"), subtitle: cell(row, "Number") }));
  return items.length ? [{ title: "Courses", items }] : [];
}

/** Recommendations_Received.csv → references; hidden ones (Status other than VISIBLE) stay out. */
export function mapRecommendations(rows: CsvRow[]): Section<"references"> {
  return rows
    .filter((row) => {
      const status = cell(row, "Status");
      return cell(row, "Text") && (status === "" || /^visible$/i.test(status));
    })
    .map((row) => {
      const who = [cell(row, "First Name"), cell(row, "Last Name")].filter(Boolean).join(" ");
      const role = [cell(row, "Job Title"), cell(row, "Company")].filter(Boolean).join(", ");
      return { name: role ? `${who} (${role})` : who, reference: cell(row, "Text") };
    });
}

/** Values the model has no field for, as "Column: value" lines for the review screen. */
export function unplacedSectionFields(tables: {
  certifications: CsvRow[];
  volunteering: CsvRow[];
}): string[] {
  const lines: string[] = [];
  for (const row of tables.certifications) {
    const number = cell(row, "License Number");
    if (number) lines.push(`${cell(row, "Name")} – License Number: ${number}`);
  }
  for (const row of tables.volunteering) {
    const cause = cell(row, "Cause");
    if (cause) lines.push(`${cell(row, "Company Name")} – Cause: ${cause}`);
  }
  return lines;
}
