/** Shared inputs for the rendering tests. */
import { readFileSync } from "node:fs";
import { fromJsonResume } from "../../../src/resume/json-resume.js";
import { type Resume, type ResumeInput, resumeSchema } from "../../../src/resume/model.js";

/** The JSON Resume sample (MIT, see test/resume/render/golden/LICENSE-sample.md) in our model. */
export function sampleResume(): Resume {
  return fromJsonResume(
    JSON.parse(readFileSync(new URL("./golden/sample.resume.json", import.meta.url), "utf8")),
  );
}

/** A resume long enough for two or more pages, with several positions under one employer. */
export function longResume(jobs = 7): Resume {
  const work: ResumeInput["work"] = [];
  for (let i = 0; i < jobs; i++) {
    work.push({
      name: `Northwind Systems ${i + 1}`,
      location: "Berlin, Germany",
      description: "Logistics software for mid-sized retailers.",
      positions: [
        {
          title: i % 2 ? "Senior Software Engineer" : "Staff Engineer",
          dates: {
            text: `Jan ${2010 + i} – Dec ${2011 + i}`,
            start: `${2010 + i}-01`,
            end: `${2011 + i}-12`,
          },
          highlights: [
            `Reduced checkout latency by ${20 + i}% by moving pricing rules into a compiled decision table.`,
            "Led the migration of 14 services from a shared database to owned schemas with zero downtime.",
            "Introduced contract tests between teams, cutting integration incidents from weekly to quarterly.",
            "Mentored four engineers; two were promoted within a year.",
          ],
        },
        ...(i === 0
          ? [
              {
                title: "Software Engineer",
                dates: { text: "Mar 2008 – Dec 2009", start: "2008-03", end: "2009-12" },
                highlights: ["Built the first warehouse scanning app used in 40 depots."],
              },
            ]
          : []),
      ],
    });
  }
  return resumeSchema.parse({
    basics: {
      name: "Ada Quinn",
      label: "Platform Engineer",
      email: "ada.quinn@example.org",
      phone: "+49 30 1234567",
      url: "https://ada.example.org",
      summary:
        "Platform engineer with fifteen years of experience building reliable logistics and payment systems. Known for pragmatic migrations and for teaching teams to own their services.",
      location: { city: "Berlin", countryCode: "DE" },
      profiles: [{ network: "GitHub", username: "adaq", url: "https://github.com/adaq" }],
    },
    work,
    education: [
      {
        institution: "Technische Universität München",
        studyType: "MSc",
        area: "Informatics",
        dates: { text: "2003 – 2008", start: "2003", end: "2008" },
      },
    ],
    skills: [
      { name: "Languages", keywords: ["TypeScript", "Go", "SQL", "Kotlin"] },
      { name: "Infrastructure", keywords: ["PostgreSQL", "Kubernetes", "Terraform", "Kafka"] },
    ],
    languages: [
      { language: "German", fluency: "Native" },
      { language: "English", fluency: "Fluent" },
      { language: "Ελληνικά", fluency: "Βασικά" },
      { language: "Русский", fluency: "Базовый" },
    ],
    custom: [
      {
        id: "talks",
        title: "Talks",
        items: [{ title: "Owning your schema", subtitle: "PGConf EU", dates: { text: "2023" } }],
      },
    ],
  });
}
