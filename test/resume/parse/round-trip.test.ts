import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromJsonResume } from "../../../src/resume/json-resume.js";
import { type Resume, resumeSchema } from "../../../src/resume/model.js";
import { truthFromResume } from "../../../src/resume/parse/evaluation/ground-truth.js";
import {
  emptyScores,
  metrics,
  overall,
  SCORED_FIELDS,
  scoreDocument,
} from "../../../src/resume/parse/evaluation/score.js";
import { resolveLimits } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";
import { loadFontSet, renderDocx, renderPdf } from "../../../src/resume/render/index.js";

const fonts = loadFontSet();

import { exportSettingsSchema } from "../../../src/resume/settings.js";

const limits = resolveLimits();
const read = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));

async function sources(): Promise<{ name: string; resume: Resume }[]> {
  const sample = fromJsonResume(JSON.parse(new TextDecoder().decode(read("json-resume/sample.resume.json"))));
  // Templates print city, region and country; street and postal code are not part of the header.
  sample.basics.location = { ...sample.basics.location, address: "", postalCode: "" };
  const multilingual = resumeSchema.parse({
    basics: {
      name: "Zoë Łukasiewicz",
      label: "Site Reliability Engineer",
      email: "zoe.l@example.pl",
      phone: "+48 22 555 01 23",
      location: { city: "Kraków", region: "Małopolska", countryCode: "PL" },
    },
    work: [
      {
        name: "Północ Systems",
        positions: [
          {
            title: "Lead SRE",
            dates: { text: "", start: "2022-04", current: true },
            highlights: ["Cut p99 latency by 35%"],
          },
          {
            title: "SRE",
            dates: { text: "", start: "2019-01", end: "2022-03" },
            highlights: ["Ran the on-call rotation"],
          },
        ],
      },
      {
        name: "Boğaziçi Labs",
        positions: [{ title: "Software Engineer", dates: { text: "", start: "2016", end: "2018" } }],
      },
    ],
    education: [
      {
        institution: "AGH University of Krakow",
        studyType: "MSc",
        area: "Computer Science",
        dates: { text: "", start: "2014", end: "2016" },
      },
    ],
    skills: [
      { name: "Operations", keywords: ["Kubernetes", "Prometheus", "Terraform"] },
      { name: "Languages", keywords: ["Go", "Python"] },
    ],
    custom: [{ title: "Talks", items: [{ title: "Taming alert fatigue", subtitle: "SREcon EMEA" }] }],
  });
  const parsed = async (file: string) =>
    (await parseBytes({ bytes: read(file), filename: file }, limits)).resume;
  return [
    { name: "json-resume sample", resume: sample },
    { name: "multilingual", resume: multilingual },
    { name: "jane-smith.md", resume: await parsed("parse/jane-smith.md") },
    { name: "carlos-mendez.txt", resume: await parsed("parse/carlos-mendez.txt") },
  ];
}

describe("round trip: our own exports parse back to the same fields", () => {
  it.each(["pdf", "docx"] as const)("%s reaches F1 ≥ 0.98 over every template", async (format) => {
    const total = emptyScores();
    const misses: string[] = [];
    for (const { name, resume } of await sources()) {
      for (const template of ["classic", "modern", "compact"] as const) {
        const pageSize = template === "compact" ? "Letter" : "A4";
        const settings = exportSettingsSchema.parse({ template, page_size: pageSize });
        const bytes =
          format === "pdf"
            ? await renderPdf(resume, settings, { fonts })
            : await renderDocx(resume, settings);
        const back = await parseBytes({ bytes: new Uint8Array(bytes) }, limits);
        expect(back.format).toBe(format);
        const scores = scoreDocument(truthFromResume(back.resume), truthFromResume(resume));
        scoreDocument(truthFromResume(back.resume), truthFromResume(resume), total);
        for (const field of SCORED_FIELDS) {
          if (scores[field]!.fp || scores[field]!.fn) misses.push(`${name}/${template}: ${field}`);
        }
      }
    }
    const f1 = metrics(overall(total)).f1;
    expect(f1, `misses: ${misses.join("; ")}`).toBeGreaterThanOrEqual(0.98);
  });
});
