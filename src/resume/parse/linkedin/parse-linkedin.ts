/**
 * LinkedIn data export (ZIP of CSV files) → resume.
 *
 * The export is structured, so nothing is guessed: each column lands in its
 * field (confidence is not recorded, there is nothing to doubt), and the few
 * values the model has no field for (birth date, licence numbers, …) are kept
 * as unplaced lines for the review screen instead of being dropped. A file
 * that is missing is an empty section; a file that is present but unreadable
 * is a warning, not a failed import.
 */
import { MODEL_LIMITS } from "../../model.js";
import { assignIds, parseClamped } from "../build-resume.js";
import type { ParseLimits } from "../limits.js";
import type { ParsedDocument } from "../parse-result.js";
import { type CsvRow, cell, readCsvTable } from "./csv-table.js";
import type { LinkedInFile } from "./export-files.js";
import { mapBasics, unplacedProfileFields } from "./map-profile.js";
import {
  mapCertifications,
  mapCourses,
  mapEducation,
  mapHonors,
  mapLanguages,
  mapPositions,
  mapProjects,
  mapPublications,
  mapRecommendations,
  mapSkills,
  mapVolunteering,
  unplacedSectionFields,
} from "./map-sections.js";
import { readLinkedInExport } from "./read-export.js";

/** The columns that identify each file's header row (the rest are read when present). */
const REQUIRED: Record<LinkedInFile, string[]> = {
  profile: ["First Name", "Last Name"],
  profileSummary: ["Profile Summary"],
  emails: ["Email Address"],
  phones: ["Number"],
  whatsappPhones: ["Number"],
  positions: ["Company Name", "Title"],
  education: ["School Name"],
  skills: ["Name"],
  languages: ["Name", "Proficiency"],
  certifications: ["Name", "Authority"],
  projects: ["Title", "Description"],
  honors: ["Title"],
  courses: ["Name"],
  publications: ["Name", "Publisher"],
  volunteering: ["Company Name", "Role"],
  recommendations: ["First Name", "Text"],
};

/** The warning for an export without profile data. */
export const EMPTY_EXPORT_WARNING = "linkedin_export_empty";

/** The warning for an export file that is present but could not be read as the expected CSV. */
export const unreadableFileWarning = (file: LinkedInFile) => `linkedin_file_unreadable:${file}`;

export async function parseLinkedInExport(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { now: Date },
): Promise<ParsedDocument> {
  const files = await readLinkedInExport(bytes, limits);
  const warnings: string[] = [];
  const table = (file: LinkedInFile): CsvRow[] => {
    const text = files.get(file);
    if (text === undefined || text.trim() === "") return [];
    const parsed = readCsvTable(text, REQUIRED[file]);
    if (!parsed) {
      warnings.push(unreadableFileWarning(file));
      return [];
    }
    return parsed.rows;
  };

  const profile = table("profile")[0];
  const certifications = table("certifications");
  const volunteering = table("volunteering");
  const input = {
    basics: mapBasics({
      profile,
      summary: cell(table("profileSummary")[0] ?? {}, "Profile Summary"),
      emails: table("emails"),
      phones: [...table("phones"), ...table("whatsappPhones")],
    }),
    work: mapPositions(table("positions")),
    education: mapEducation(table("education")),
    skills: mapSkills(table("skills"), MODEL_LIMITS.keywords),
    languages: mapLanguages(table("languages")),
    certificates: mapCertifications(certifications),
    projects: mapProjects(table("projects")),
    awards: mapHonors(table("honors")),
    publications: mapPublications(table("publications")),
    volunteer: mapVolunteering(volunteering),
    custom: mapCourses(table("courses")),
    references: mapRecommendations(table("recommendations")),
  };
  const unplaced = [
    ...unplacedProfileFields(profile),
    ...unplacedSectionFields({ certifications, volunteering }),
  ];
  const resume = parseClamped({
    ...input,
    meta: {
      confidence: {},
      source: { format: "linkedin", parsed_at: options.now.toISOString() },
      ...(unplaced.length ? { unplaced: unplaced.map((text, i) => ({ id: `unplaced-${i}`, text })) } : {}),
    },
  });
  assignIds(resume);
  // An export requested without the profile categories has only connections, messages, …
  if (!resume.basics.name && resume.work.length + resume.education.length + resume.skills.length === 0)
    warnings.push(EMPTY_EXPORT_WARNING);
  return {
    resume,
    format: "linkedin",
    warnings,
    stats: {
      files: files.size,
      work_entries: resume.work.length,
      education_entries: resume.education.length,
    },
  };
}
