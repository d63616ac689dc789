import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromJsonResume, toJsonResume } from "../../src/resume/json-resume.js";
import { emptyResume, formatDateRange, MODEL_LIMITS, resumeSchema } from "../../src/resume/model.js";
import {
  defaultExportSettings,
  exportSettingsSchema,
  orderedVisibleSections,
} from "../../src/resume/settings.js";

const sample = JSON.parse(
  readFileSync(new URL("../fixtures/json-resume/sample.resume.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("resumeSchema", () => {
  it("fills defaults and generates entry ids", () => {
    const resume = resumeSchema.parse({ work: [{ name: "Acme", positions: [{ title: "Engineer" }] }] });
    expect(resume.basics.name).toBe("");
    expect(resume.work[0]?.id).toMatch(/^e[0-9a-f]{16}$/);
    expect(resume.work[0]?.positions[0]?.dates).toEqual({ text: "" });
    expect(resume.meta.confidence).toEqual({});
    expect(emptyResume().custom).toEqual([]);
  });

  it("keeps given ids and rejects malformed dates", () => {
    const ok = resumeSchema.parse({
      education: [
        { id: "edu-1", institution: "MIT", dates: { text: "2010–2014", start: "2010", end: "2014" } },
      ],
    });
    expect(ok.education[0]?.id).toBe("edu-1");
    expect(resumeSchema.safeParse({ education: [{ dates: { text: "x", start: "2010-13" } }] }).success).toBe(
      false,
    );
    expect(resumeSchema.safeParse({ education: [{ dates: { text: "x", start: "10/2010" } }] }).success).toBe(
      false,
    );
  });

  it("caps string lengths, list sizes and confidence entries", () => {
    expect(resumeSchema.safeParse({ basics: { name: "x".repeat(MODEL_LIMITS.shortText + 1) } }).success).toBe(
      false,
    );
    const many = Array.from({ length: MODEL_LIMITS.entries + 1 }, () => ({ name: "s" }));
    expect(resumeSchema.safeParse({ skills: many }).success).toBe(false);
    const confidence = Object.fromEntries(
      Array.from({ length: MODEL_LIMITS.confidenceKeys + 1 }, (_, i) => [`work.${i}.name`, 0.5]),
    );
    expect(resumeSchema.safeParse({ meta: { confidence } }).success).toBe(false);
    expect(resumeSchema.safeParse({ meta: { confidence: { "basics.name": 1.5 } } }).success).toBe(false);
  });

  it("requires a title on custom sections", () => {
    expect(resumeSchema.safeParse({ custom: [{ title: "" }] }).success).toBe(false);
    const r = resumeSchema.parse({ custom: [{ title: "Talks", items: [{ title: "NodeConf" }] }] });
    expect(r.custom[0]?.items[0]?.highlights).toEqual([]);
  });
});

describe("formatDateRange", () => {
  it("writes ranges the way resumes do", () => {
    expect(formatDateRange({ start: "2019-03", current: true })).toBe("Mar 2019 – Present");
    expect(formatDateRange({ start: "2015", end: "2018-12" })).toBe("2015 – Dec 2018");
    expect(formatDateRange({})).toBe("");
  });
});

describe("JSON Resume mapping", () => {
  it("imports the sample resume", () => {
    const resume = fromJsonResume(sample);
    expect(resume.basics.name).toBe("Richard Hendriks");
    expect(resume.basics.location.city).toBe("San Francisco");
    expect(resume.work[0]?.name).toBe("Pied Piper");
    expect(resume.work[0]?.positions[0]).toMatchObject({
      title: "CEO/President",
      dates: { start: "2013-12", end: "2014-12", text: "Dec 2013 – Dec 2014" },
    });
    expect(resume.education[0]?.studyType).toBe("Bachelor");
    expect(resume.skills.length).toBeGreaterThan(0);
  });

  it("groups consecutive items of one employer into positions and splits them back", () => {
    const json = {
      work: [
        { name: "Hooli", position: "Senior Engineer", startDate: "2018-01-01" },
        { name: "Hooli", position: "Engineer", startDate: "2015-06", endDate: "2017-12" },
        { name: "Pied Piper", position: "CEO", startDate: "2013", endDate: "2014" },
      ],
    };
    const resume = fromJsonResume(json);
    expect(resume.work).toHaveLength(2);
    expect(resume.work[0]?.positions.map((p) => p.title)).toEqual(["Senior Engineer", "Engineer"]);
    expect(resume.work[0]?.positions[0]?.dates.current).toBe(true);
    const back = toJsonResume(resume);
    expect(back.work).toEqual([
      { name: "Hooli", position: "Senior Engineer", startDate: "2018-01" },
      { name: "Hooli", position: "Engineer", startDate: "2015-06", endDate: "2017-12" },
      { name: "Pied Piper", position: "CEO", startDate: "2013", endDate: "2014" },
    ]);
  });

  it("round-trips content through JSON Resume apart from the documented losses", () => {
    const resume = fromJsonResume(sample);
    const again = fromJsonResume(toJsonResume(resume));
    const strip = (r: unknown) => JSON.parse(JSON.stringify(r, (k, v) => (k === "id" ? undefined : v)));
    expect(strip(again)).toEqual(strip(resume));
  });

  it("keeps custom sections under an extension key", () => {
    const resume = resumeSchema.parse({
      custom: [
        {
          title: "Talks",
          items: [{ title: "Compression at scale", dates: { text: "2020", start: "2020" } }],
        },
      ],
    });
    const json = toJsonResume(resume);
    expect(json.custom).toEqual([
      { title: "Talks", items: [{ title: "Compression at scale", startDate: "2020" }] },
    ]);
    expect(fromJsonResume(json).custom[0]?.items[0]?.title).toBe("Compression at scale");
  });
});

describe("exportSettingsSchema", () => {
  it("applies defaults", () => {
    const settings = defaultExportSettings();
    expect(settings).toMatchObject({ template: "classic", page_size: "A4", locale: "en", font: "sans" });
    expect(settings.section_order[0]).toBe("summary");
    expect(settings.hidden_sections).toEqual([]);
  });

  it("rejects unknown templates, sections, duplicates and bad locales", () => {
    expect(exportSettingsSchema.safeParse({ template: "fancy" }).success).toBe(false);
    expect(exportSettingsSchema.safeParse({ section_order: ["work", "hobbies"] }).success).toBe(false);
    expect(exportSettingsSchema.safeParse({ section_order: ["work", "work"] }).success).toBe(false);
    expect(exportSettingsSchema.safeParse({ locale: "english!" }).success).toBe(false);
    expect(
      exportSettingsSchema.parse({ section_order: ["custom:e1", "work"], locale: "de-DE" }),
    ).toMatchObject({
      section_order: ["custom:e1", "work"],
      locale: "de-DE",
    });
  });

  it("orders visible sections", () => {
    const settings = exportSettingsSchema.parse({
      section_order: ["skills", "work"],
      hidden_sections: ["education"],
    });
    expect(orderedVisibleSections(settings, ["work", "education", "skills", "custom:x"])).toEqual([
      "skills",
      "work",
      "custom:x",
    ]);
  });
});
