/**
 * LinkedIn data exports (the "Get a copy of your data" ZIP) through the real
 * parser: fixtures in the export's own file and column names, with quoting,
 * multi-line descriptions, a byte-order mark, CRLF and LF, a "Notes:"
 * preamble, files missing, non-English content and a wrapping folder.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "../../../../src/errors.js";
import { resolveLimits } from "../../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../../src/resume/parse/parse-bytes.js";
import { sniffDocumentType } from "../../../../src/resume/parse/sniff.js";
import { personaEntries, personaZip, zip } from "../../../support/linkedin-zip.js";

const limits = resolveLimits();
const now = new Date("2026-11-30T12:00:00Z");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error("expected a rejection");
}

describe("LinkedIn export: a complete French export", async () => {
  const bytes = await personaZip("amelie-durand");
  const parsed = await parseBytes({ bytes, filename: "Complete_LinkedInDataExport_11-30-2026.zip" }, limits, {
    now,
  });
  const { resume } = parsed;

  it("is sniffed as a LinkedIn export and stamped as such", () => {
    expect(sniffDocumentType(bytes)).toEqual({ kind: "linkedin", contentType: "application/zip" });
    expect(parsed.format).toBe("linkedin");
    expect(resume.meta.source).toEqual({ format: "linkedin", parsed_at: now.toISOString() });
    expect(parsed.warnings).toEqual([]);
  });

  it("maps the profile: byte-order mark, quoted multi-line summary, websites, handles, messengers", () => {
    const { basics } = resume;
    expect(basics.name).toBe("Amélie Durand");
    expect(basics.label).toBe("Ingénieure logicielle senior · systèmes distribués");
    expect(basics.summary).toBe(
      "Je conçois des plateformes de paiement fiables, sobres et \"observables\".\n\nDix ans d'expérience, dont quatre à la tête d'une équipe.",
    );
    expect(basics.location).toMatchObject({
      city: "Lyon",
      region: "Auvergne-Rhône-Alpes, France",
      postalCode: "69003",
    });
    expect(basics.url).toBe("https://amelie-durand.example");
    expect(basics.profiles.map((p) => [p.network, p.username, p.url])).toEqual([
      ["GitHub", "adurand-example", "https://github.com/adurand-example"],
      ["Company", "", "https://paymo.example"],
      ["Twitter", "adurand_dev", "https://twitter.com/adurand_dev"],
      ["Skype", "amelie.durand", ""],
    ]);
  });

  it("takes the primary e-mail and the mobile number, not the first rows", () => {
    expect(resume.basics.email).toBe("amelie.durand@example.fr");
    expect(resume.basics.phone).toBe("+33 6 12 34 56 78");
  });

  it("reads positions under a Notes: preamble, grouping a promotion under one employer", () => {
    expect(resume.work.map((w) => [w.name, w.positions.length])).toEqual([
      ["Paymo", 2],
      ["Banque Rhône & Alpes, Direction informatique", 1],
      // A return to an earlier employer is its own entry, in the export's order.
      ["Paymo", 1],
    ]);
    const [lead, senior] = resume.work[0]!.positions;
    expect(lead!.title).toBe("Responsable d'équipe plateforme");
    expect(lead!.dates).toEqual({ text: "Jan 2022 – Present", start: "2022-01", current: true });
    expect(lead!.highlights).toEqual([
      "Direction d'une équipe de 7 ingénieurs, recrutement compris",
      "Migration des paiements vers une architecture orientée événements (Kafka, PostgreSQL)",
      "Disponibilité portée de 99,5 % à 99,95 %",
    ]);
    expect(lead!.summary).toBe("");
    expect(senior!.dates).toEqual({ text: "Sep 2019 – Dec 2021", start: "2019-09", end: "2021-12" });
    expect(senior!.summary).toBe("Conception du moteur de rapprochement bancaire.");
    expect(resume.work[0]!.location).toBe("Lyon, Auvergne-Rhône-Alpes, France");
    expect(resume.work[1]!.positions[0]!.location).toBe("Grenoble");
    expect(resume.work.map((w) => w.id)).toEqual(["work-0", "work-1", "work-2"]);
  });

  it("maps education, skills (duplicates dropped) and languages (both proficiency spellings)", () => {
    expect(resume.education.map((e) => [e.institution, e.studyType, e.dates.start, e.dates.end])).toEqual([
      ["INSA Lyon", "Diplôme d'ingénieur", "2010", "2015"],
      ["Lycée du Parc", "Classe préparatoire MP", "2008", "2010"],
    ]);
    expect(resume.education[0]!.summary).toBe(
      "Mention très bien, major de promotion\n\nAssociation robotique, tutorat",
    );
    expect(resume.skills.flatMap((s) => s.keywords)).toEqual([
      "Go",
      "PostgreSQL",
      "Kafka",
      "Systèmes distribués",
      "Observabilité",
    ]);
    expect(resume.languages.map((l) => [l.language, l.fluency])).toEqual([
      ["Français", "Native or bilingual proficiency"],
      ["Anglais", "Full professional proficiency"],
      ["Allemand", "Limited working proficiency"],
    ]);
  });

  it("maps certifications, projects, honors, publications, volunteering, courses and visible recommendations", () => {
    expect(resume.certificates.map((c) => [c.name, c.issuer, c.date.start, c.date.end, c.url])).toEqual([
      [
        "Certified Kubernetes Administrator",
        "Cloud Native Computing Foundation",
        "2022-03",
        "2025-03",
        "https://certs.example/cka/123",
      ],
      ["AWS Certified Solutions Architect – Associate", "Amazon Web Services", "2020-11", undefined, ""],
    ]);
    expect(resume.projects[0]).toMatchObject({
      name: "Ledgerlite",
      description: "Bibliothèque open source de grand livre comptable en Go.",
      highlights: ["1 200 étoiles", "Utilisée par trois fintechs"],
      url: "https://github.com/adurand-example/ledgerlite",
      dates: { start: "2021-04", current: true },
    });
    expect(resume.awards[0]).toMatchObject({
      title: "Prix de l'innovation Paymo",
      summary: "Pour le moteur de rapprochement",
      date: { start: "2020-12" },
    });
    expect(resume.publications[0]).toMatchObject({
      name: "Paiements idempotents, retour d'expérience",
      publisher: "Blog Paymo",
      releaseDate: { start: "2023-10" },
    });
    expect(resume.volunteer[0]).toMatchObject({
      organization: "Duchess France",
      position: "Mentore",
      dates: { start: "2018-09", current: true },
    });
    expect(resume.custom).toHaveLength(1);
    expect(resume.custom[0]!.items.map((i) => [i.title, i.subtitle])).toEqual([
      ["Algorithmique avancée", "INF-402"],
      ["Cryptographie appliquée", ""],
    ]);
    expect(resume.references.map((r) => r.name)).toEqual(["Julien Morel (CTO, Paymo)"]);
  });

  it("keeps values the model has no field for as unplaced lines, and never reads messages or connections", () => {
    expect(resume.meta.unplaced?.map((u) => u.text)).toEqual([
      "Maiden Name: Martin",
      "Birth Date: Mar 4, 1990",
      "Industry: Software Development",
      "Certified Kubernetes Administrator – License Number: LF-123-456",
      "Duchess France – Cause: Education",
    ]);
    expect(JSON.stringify(resume)).not.toContain("Merci");
    expect(JSON.stringify(resume)).not.toContain("psettings");
  });
});

describe("LinkedIn export: a partial Japanese export inside a folder", async () => {
  const bytes = await personaZip("kenji-sato", { folder: "Basic_LinkedInDataExport_11-30-2026" });
  const { resume, warnings } = await parseBytes({ bytes }, limits, { now });

  it("reads CJK content with LF line endings and leaves the missing files' sections empty", () => {
    expect(warnings).toEqual([]);
    expect(resume.basics.name).toBe("健二 佐藤");
    expect(resume.basics.email).toBe("kenji.sato@example.jp");
    expect(resume.basics.location).toMatchObject({ city: "東京都", region: "日本" });
    expect(resume.work.map((w) => [w.name, w.positions[0]!.title, w.positions[0]!.dates.start])).toEqual([
      ["株式会社サンプル決済", "シニアエンジニア", "2020-04"],
      ["東都システム株式会社", "エンジニア", "2016-04"],
    ]);
    // A description without bullets stays prose, line breaks kept.
    expect(resume.work[0]!.positions[0]!.summary).toBe("決済APIの設計\n障害対応の自動化");
    expect(resume.education[0]).toMatchObject({ institution: "京都大学", studyType: "工学士" });
    expect(resume.skills.flatMap((s) => s.keywords)).toEqual(["Go", "Kubernetes", "データベース設計"]);
    expect(resume.languages).toEqual([]);
    expect(resume.certificates).toEqual([]);
    expect(resume.meta.unplaced?.map((u) => u.text)).toEqual(["Industry: IT Services and IT Consulting"]);
  });
});

describe("LinkedIn export: damaged, hostile and foreign archives", () => {
  it("warns about a file it cannot read and imports the rest", async () => {
    const entries = personaEntries("kenji-sato").filter((e) => e.name !== "Positions.csv");
    entries.push({ name: "Positions.csv", data: Buffer.from('Company Name,Title\n"unclosed,quote\n') });
    const { resume, warnings } = await parseBytes({ bytes: await zip(entries) }, limits, { now });
    expect(warnings).toEqual(["linkedin_file_unreadable:positions"]);
    expect(resume.work).toEqual([]);
    expect(resume.basics.name).toBe("健二 佐藤");
  });

  it("warns when the export holds no profile data at all", async () => {
    const only = personaEntries("amelie-durand").filter((e) =>
      ["Connections.csv", "messages.csv"].includes(e.name),
    );
    only.push({
      name: "Registration.csv",
      data: Buffer.from("Registered At,Registration Ip,Subscription Types\n"),
    });
    const { warnings } = await parseBytes({ bytes: await zip(only) }, limits, { now });
    expect(warnings).toContain("linkedin_export_empty");
  });

  it("refuses a ZIP that is neither a DOCX nor a LinkedIn export", async () => {
    const other = await zip([
      { name: "Profile.txt", data: Buffer.from("hello") },
      { name: "notes/Positions.md", data: Buffer.from("hello") },
    ]);
    expect(await codeOf(parseBytes({ bytes: other }, limits))).toBe("unsupported_media_type");
  });

  it("rejects a zip bomb by its central directory before inflating anything", async () => {
    const entries = personaEntries("kenji-sato");
    entries.push({ name: "messages.csv", data: Buffer.alloc(4 * 1024 * 1024, 0x41) });
    // 4 MB of one letter compresses a thousandfold: the ratio gives it away.
    expect(await codeOf(parseBytes({ bytes: await zip(entries) }, limits))).toBe("archive_limits_exceeded");
    const plain = personaEntries("kenji-sato");
    plain.push({ name: "messages.csv", data: Buffer.alloc(4 * 1024 * 1024, 0x41), compress: false });
    const small = resolveLimits({ maxArchiveUncompressedBytes: 2 * 1024 * 1024 });
    expect(await codeOf(parseBytes({ bytes: await zip(plain) }, small))).toBe("archive_limits_exceeded");
  });

  it("refuses a CV file larger than any CV", async () => {
    const entries = personaEntries("kenji-sato").filter((e) => e.name !== "Skills.csv");
    const skills = `Name\n${Array.from({ length: 200_000 }, (_, i) => `skill-${i}`).join("\n")}\n`;
    entries.push({ name: "Skills.csv", data: Buffer.from(skills) });
    expect(await codeOf(parseBytes({ bytes: await zip(entries) }, limits))).toBe("text_too_large");
  });

  it("reports a damaged export as archive_corrupt", async () => {
    const good = await personaZip("kenji-sato");
    // Cut inside the central directory: the names are still there, the archive is not.
    const cut = good.subarray(0, good.length - 30);
    expect(sniffDocumentType(cut).kind).toBe("linkedin");
    expect(await codeOf(parseBytes({ bytes: cut }, limits))).toBe("archive_corrupt");
  });

  it("does not take a DOCX for an export", async () => {
    const docx = await zip([
      { name: "word/document.xml", data: Buffer.from("<w:document/>") },
      { name: "Profile.csv", data: Buffer.from("x") },
      { name: "Positions.csv", data: Buffer.from("x") },
    ]);
    expect(sniffDocumentType(docx).kind).toBe("docx");
  });
});
