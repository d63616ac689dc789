/**
 * The files of LinkedIn's "Get a copy of your data" export that hold a CV,
 * as the export names them (at the archive root, or under one folder).
 * Messages, connections, ads and the like are never read.
 */

/** Export file name → what the importer calls it. */
export const LINKEDIN_FILES = {
  "Profile.csv": "profile",
  "Profile Summary.csv": "profileSummary",
  "Email Addresses.csv": "emails",
  "PhoneNumbers.csv": "phones",
  "Whatsapp Phone Numbers.csv": "whatsappPhones",
  "Positions.csv": "positions",
  "Education.csv": "education",
  "Skills.csv": "skills",
  "Languages.csv": "languages",
  "Certifications.csv": "certifications",
  "Projects.csv": "projects",
  "Honors.csv": "honors",
  "Courses.csv": "courses",
  "Publications.csv": "publications",
  "Volunteering.csv": "volunteering",
  "Recommendations_Received.csv": "recommendations",
} as const;

export type LinkedInFile = (typeof LINKEDIN_FILES)[keyof typeof LINKEDIN_FILES];

/** Files every export carries whatever was selected; two of these mark an archive as a LinkedIn export. */
const MARKERS = [
  "Profile.csv",
  "Positions.csv",
  "Education.csv",
  "Skills.csv",
  "Email Addresses.csv",
  "PhoneNumbers.csv",
  "Connections.csv",
  "Registration.csv",
  "Languages.csv",
  "Certifications.csv",
];

/**
 * Whether a ZIP (as latin1 text: entry names are stored uncompressed) looks
 * like a LinkedIn export. A first look for sniffing; the importer checks the
 * central directory.
 */
export function looksLikeLinkedInExport(latin: string): boolean {
  let found = 0;
  for (const name of MARKERS) if (latin.includes(name) && ++found >= 2) return true;
  return false;
}

/** The importer's name for an archive entry, or undefined for an entry it does not read. */
export function linkedInFileOf(entryName: string): LinkedInFile | undefined {
  const parts = entryName.split("/");
  // At the root or one folder down (some exports wrap everything in a dated folder).
  if (parts.length > 2) return undefined;
  const base = parts.at(-1)!.toLowerCase();
  for (const [name, file] of Object.entries(LINKEDIN_FILES)) if (name.toLowerCase() === base) return file;
  return undefined;
}

/** Whether the entry names of an archive are those of a LinkedIn export. */
export function isLinkedInExport(entryNames: string[]): boolean {
  const bases = new Set(entryNames.map((n) => n.split("/").at(-1)!.toLowerCase()));
  return MARKERS.filter((m) => bases.has(m.toLowerCase())).length >= 2;
}
