import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import { normalizeRangeDash } from "../../../src/resume/render/document-dates.js";
import { DOCUMENT_LANGUAGES, documentLabels } from "../../../src/resume/render/document-labels.js";
import { buildResumeView, extractPdfPlainText, renderPdf } from "../../../src/resume/render/index.js";
import { exportSettingsSchema } from "../../../src/resume/settings.js";

import { disagreements, randomTexts } from "../../support/text-samples.js";
import { testFonts } from "./fixtures.js";

const EPOCH = new Date("2026-01-01T00:00:00Z");

function resume(meta: Record<string, unknown> = {}) {
  const parsed = resumeSchema.parse({
    basics: {
      name: "Jana Nováková",
      email: "jana@example.cz",
      phone: "+420 123 456 789",
      location: { city: "Brno" },
    },
    work: [
      {
        name: "Acme",
        positions: [
          {
            title: "Engineer",
            dates: { text: "", start: "2019-03", current: true },
            highlights: ["Built things"],
          },
          { title: "Intern", dates: { text: "", start: "2018-01", end: "2018-09" } },
        ],
      },
    ],
    skills: [{ name: "Familiar:", keywords: ["Go", "Familiar"] }],
  });
  // `meta.language` is set by the parser (shared shape); added here as the parser stores it.
  Object.assign(parsed.meta, meta);
  return parsed;
}

const entryDates = (view: ReturnType<typeof buildResumeView>) =>
  view.sections.flatMap((s) =>
    s.kind === "entries" ? s.entries.flatMap((e) => e.roles.map((r) => r.dates)) : [],
  );

describe("document language", () => {
  it("has every label in each of the twelve languages", () => {
    expect(DOCUMENT_LANGUAGES).toEqual([
      "en",
      "de",
      "fr",
      "es",
      "it",
      "pt",
      "nl",
      "pl",
      "sv",
      "cs",
      "zh",
      "ja",
    ]);
    for (const language of DOCUMENT_LANGUAGES) {
      const labels = documentLabels(language);
      for (const value of [
        ...Object.values(labels.sections),
        labels.present,
        labels.email,
        labels.page,
        labels.resume,
      ])
        expect(value.trim(), language).not.toBe("");
      expect(labels.page).toContain("{n}");
      if (language !== "en") expect(labels.sections.work, language).not.toBe("Experience");
    }
    expect(documentLabels("de-AT").sections.work).toBe("Berufserfahrung");
    expect(documentLabels("tlh").sections.work).toBe("Experience");
  });

  it("writes titles, months and the open end in the CV's detected language over the export locale", () => {
    const view = buildResumeView(
      resume({ language: "cs" }),
      exportSettingsSchema.parse({ locale: "en", date_format: "long" }),
    );
    expect(view.locale).toBe("cs");
    expect(view.sections.find((s) => s.key === "work")?.title).toBe("Pracovní zkušenosti");
    expect(entryDates(view)[0]).toMatch(/^březen 2019 – dosud$/);
    expect(view.title).toBe("Jana Nováková – Životopis");
    expect(view.contacts.map((c) => c.label)).toEqual(["E-mail", "Telefon", "Adresa"]);
  });

  it("falls back to the export locale, keeping its region, and formats dates per locale", () => {
    const styles = { month_year: "", numeric: "", year: "", long: "" } as Record<string, string>;
    for (const style of Object.keys(styles)) {
      const view = buildResumeView(
        resume(),
        exportSettingsSchema.parse({ locale: "de-DE", date_format: style }),
      );
      styles[style] = entryDates(view).join(" | ");
    }
    expect(styles.month_year).toBe("März 2019 – heute | Jan. 2018 – Sept. 2018");
    expect(styles.numeric).toBe("03/2019 – heute | 01/2018 – 09/2018");
    expect(styles.year).toBe("2019 – heute | 2018");
    expect(styles.long).toBe("März 2019 – heute | Januar 2018 – September 2018");
    const ja = buildResumeView(
      resume({ language: "ja" }),
      exportSettingsSchema.parse({ date_format: "month_year" }),
    );
    expect(entryDates(ja)[0]).toBe("2019年3月 – 現在");
    expect(ja.sections.find((s) => s.key === "work")?.title).toBe("職歴");
  });

  it("keeps dates as written by default, with one dash style for ranges", () => {
    expect(normalizeRangeDash("2019 - 2021")).toBe("2019 – 2021");
    expect(normalizeRangeDash("2019—2021")).toBe("2019 – 2021");
    expect(normalizeRangeDash("2019-2021")).toBe("2019 – 2021");
    expect(normalizeRangeDash("03/2019 -- heute")).toBe("03/2019 – heute");
    expect(normalizeRangeDash("2019-05")).toBe("2019-05");
    // The same as the pattern before it read runs of spaces once.
    const reference = (text: string) =>
      text
        .replace(/\s+[-–—]+\s+|\s*[–—]\s*/g, " – ")
        .replace(/^(\d{4})-(\d{4})$/, "$1 – $2")
        .trim();
    const samples = randomTexts([" ", "  ", "\t", "-", "--", "–", "—", "2019", "heute", "\n"], 20_000, 11);
    expect(disagreements(samples, normalizeRangeDash, reference)).toEqual([]);
  });

  it("prints no doubled punctuation and no field twice", async () => {
    const r = resume();
    r.work[0]!.positions = [r.work[0]!.positions[0]!];
    r.work[0]!.positions[0]!.title = "Acme";
    r.basics.url = "https://jana.example.cz";
    r.basics.profiles = [{ id: "p1", network: "Web", username: "", url: "https://jana.example.cz" }];
    const pdf = await renderPdf(r, exportSettingsSchema.parse({}), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    const { text } = await extractPdfPlainText(pdf);
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("Familiar: Go");
    expect(flat).not.toMatch(/::|Familiar: Go, Familiar/);
    // Title equal to the employer: printed once.
    expect(flat).not.toContain("Acme, Acme");
    expect(flat.match(/jana\.example\.cz/g)).toHaveLength(1);
  });
});
