/**
 * Profile.csv, Email Addresses.csv and PhoneNumbers.csv → `basics`.
 *
 * Websites come as "[PORTFOLIO:https://…],[OTHER:https://…]" in recent
 * exports and as "COMPANY:http://…, OTHER:https://…" in older ones; Twitter
 * handles as "[handle]" or "handle"; messengers as "SKYPE:name".
 */
import type { ResumeInput } from "../../model.js";
import { type CsvRow, cell } from "./csv-table.js";

type BasicsInput = NonNullable<ResumeInput["basics"]>;
type ProfileInput = NonNullable<BasicsInput["profiles"]>[number];

/** Well-known hosts become named profiles rather than the personal website. */
const NETWORKS: [RegExp, string][] = [
  [/(^|\.)github\.com$/, "GitHub"],
  [/(^|\.)gitlab\.com$/, "GitLab"],
  [/(^|\.)(twitter|x)\.com$/, "Twitter"],
  [/(^|\.)linkedin\.com$/, "LinkedIn"],
  [/(^|\.)stackoverflow\.com$/, "Stack Overflow"],
  [/(^|\.)medium\.com$/, "Medium"],
  [/(^|\.)behance\.net$/, "Behance"],
  [/(^|\.)dribbble\.com$/, "Dribbble"],
  [/(^|\.)youtube\.com$/, "YouTube"],
  [/(^|\.)xing\.com$/, "XING"],
];

/** Website kinds that describe the person's own site, best first. */
const OWN_SITE = ["PERSONAL", "PORTFOLIO", "BLOG", "OTHER", "RSS"];

type Site = { kind: string; url: string };

/** "[PORTFOLIO:https://a.dev],[OTHER:https://b.org]" or "COMPANY:http://c.com, OTHER:https://d.org". */
export function parseWebsites(text: string): Site[] {
  const sites: Site[] = [];
  for (const match of text.matchAll(/(?:\b([A-Z_]{2,20}):)?(https?:\/\/[^\s,\]]{1,500})/g)) {
    sites.push({ kind: match[1] ?? "OTHER", url: match[2]! });
  }
  return sites;
}

function networkOf(url: string): { network: string; username: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  const found = NETWORKS.find(([pattern]) => pattern.test(host));
  if (!found) return undefined;
  const path = parsed.pathname.split("/").filter(Boolean);
  const username = (found[1] === "LinkedIn" ? path[1] : path[0]) ?? "";
  return { network: found[1], username };
}

// Spaces before a comma are matched from the first of them only, so a long run is read once.
function listOf(text: string): string[] {
  return text
    .replace(/^\[|\]$/g, "")
    .split(/(?:(?<!\s)\s+)?,\s*/)
    .map((s) => s.replace(/^\[|\]$/g, "").trim())
    .filter(Boolean);
}

const titleCase = (kind: string) => kind.charAt(0) + kind.slice(1).toLowerCase().replaceAll("_", " ");

function profilesOf(profile: CsvRow | undefined): { url: string; profiles: ProfileInput[] } {
  const profiles: ProfileInput[] = [];
  let url = "";
  const sites = parseWebsites(cell(profile ?? {}, "Websites"));
  const own = [...sites].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const site of own) {
    const network = networkOf(site.url);
    if (network) profiles.push({ ...network, url: site.url });
    else if (!url && OWN_SITE.includes(site.kind)) url = site.url;
    else profiles.push({ network: titleCase(site.kind), username: "", url: site.url });
  }
  for (const handle of listOf(cell(profile ?? {}, "Twitter Handles"))) {
    const username = handle.replace(/^@/, "");
    profiles.push({
      network: "Twitter",
      username,
      url: `https://twitter.com/${encodeURIComponent(username)}`,
    });
  }
  for (const messenger of listOf(cell(profile ?? {}, "Instant Messengers"))) {
    const [kind, ...name] = messenger.split(":");
    if (name.length) profiles.push({ network: titleCase(kind ?? ""), username: name.join(":"), url: "" });
  }
  return { url, profiles };
}

function rank(kind: string): number {
  const index = OWN_SITE.indexOf(kind);
  return index === -1 ? OWN_SITE.length : index;
}

const yes = (value: string) => /^(yes|true|1)$/i.test(value.trim());

/** The primary address, else the first confirmed one, else the first. */
export function primaryEmail(rows: CsvRow[]): string {
  const usable = rows.filter((r) => cell(r, "Email Address").includes("@"));
  const pick =
    usable.find((r) => yes(cell(r, "Primary"))) ?? usable.find((r) => yes(cell(r, "Confirmed"))) ?? usable[0];
  return pick ? cell(pick, "Email Address") : "";
}

/** A mobile number first (the one a recruiter calls), with its extension. */
export function primaryPhone(rows: CsvRow[]): string {
  const usable = rows.filter((r) => /\d/.test(cell(r, "Number")));
  const pick = usable.find((r) => /mobile/i.test(cell(r, "Type"))) ?? usable[0];
  if (!pick) return "";
  const extension = cell(pick, "Extension");
  return extension ? `${cell(pick, "Number")} x${extension}` : cell(pick, "Number");
}

/** "Bengaluru, Karnataka, India" → city and the rest as region. */
function locationOf(profile: CsvRow | undefined) {
  const geo = cell(profile ?? {}, "Geo Location");
  const [city = "", ...rest] = geo.split(/(?:(?<!\s)\s+)?,\s*/);
  return {
    address: cell(profile ?? {}, "Address"),
    postalCode: cell(profile ?? {}, "Zip Code"),
    city,
    region: rest.join(", "),
  };
}

export function mapBasics(input: {
  profile: CsvRow | undefined;
  summary: string;
  emails: CsvRow[];
  phones: CsvRow[];
}): BasicsInput {
  const { profile } = input;
  const { url, profiles } = profilesOf(profile);
  return {
    name: [cell(profile ?? {}, "First Name"), cell(profile ?? {}, "Last Name")].filter(Boolean).join(" "),
    label: cell(profile ?? {}, "Headline"),
    email: primaryEmail(input.emails),
    phone: primaryPhone(input.phones),
    url,
    summary: cell(profile ?? {}, "Summary") || input.summary,
    location: locationOf(profile),
    profiles,
  };
}

/** Profile fields the model has no place for, as "Column: value" lines for the review screen. */
export function unplacedProfileFields(profile: CsvRow | undefined): string[] {
  return ["Maiden Name", "Birth Date", "Industry"]
    .map((column) => [column, cell(profile ?? {}, column)] as const)
    .filter(([, value]) => value !== "")
    .map(([column, value]) => `${column}: ${value}`);
}
