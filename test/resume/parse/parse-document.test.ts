import { readFileSync } from "node:fs";
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { createDocumentParser } from "../../../src/resume/parse/index.js";
import { resolveLimits } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";

const limits = resolveLimits();
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const now = new Date("2026-01-02T03:04:05.000Z");

async function sampleDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("Amélie Durand")] }),
          new Paragraph("Product Designer"),
          new Paragraph("Lyon, France | amelie.durand@example.fr | +33 4 72 00 00 00"),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: "Experience" }),
          new Paragraph({
            children: [new TextRun({ text: "Atelier Numérique — Lead Designer", bold: true })],
          }),
          new Paragraph("Feb 2020 – Present"),
          new Paragraph({
            text: "Redesigned the booking flow, raising conversion by 18%",
            bullet: { level: 0 },
          }),
          new Paragraph({ children: [new TextRun({ text: "Studio Kraft — Designer", bold: true })] }),
          new Paragraph("2016 – 2020"),
          new Paragraph({
            text: "Shipped the design system used by four product teams",
            bullet: { level: 0 },
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: "Education" }),
          new Paragraph({
            children: [new TextRun({ text: "Université Lumière Lyon 2 — Master in Design", bold: true })],
          }),
          new Paragraph("2011 – 2016"),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: "Skills" }),
          new Paragraph("Figma, Prototyping, User research, Accessibility"),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("parsers by format", () => {
  it("parses a DOCX with heading styles and bold runs", async () => {
    const { resume, format } = await parseBytes({ bytes: await sampleDocx(), filename: "cv.docx" }, limits, {
      now,
    });
    expect(format).toBe("docx");
    expect(resume.basics).toMatchObject({
      name: "Amélie Durand",
      email: "amelie.durand@example.fr",
      label: "Product Designer",
    });
    expect(resume.work.map((w) => [w.name, w.positions[0]?.title, w.positions[0]?.dates.start])).toEqual([
      ["Atelier Numérique", "Lead Designer", "2020-02"],
      ["Studio Kraft", "Designer", "2016"],
    ]);
    expect(resume.work[0]?.positions[0]?.dates.current).toBe(true);
    expect(resume.education[0]).toMatchObject({
      institution: "Université Lumière Lyon 2",
      studyType: "Master",
      area: "Design",
    });
    expect(resume.skills[0]?.keywords).toContain("Accessibility");
    expect(resume.meta.source).toEqual({ format: "docx", parsed_at: now.toISOString() });
  });

  it("parses Markdown and keeps promotions under one employer", async () => {
    const { resume, format } = await parseBytes(
      { bytes: fixture("parse/jane-smith.md"), filename: "cv.md" },
      limits,
      { now },
    );
    expect(format).toBe("markdown");
    expect(resume.work[0]?.name).toBe("Parcelway GmbH");
    expect(resume.work[0]?.positions.map((p) => p.title)).toEqual(["Staff Engineer", "Senior Engineer"]);
    expect(resume.work[0]?.positions[0]?.highlights).toHaveLength(2);
    expect(resume.meta.confidence["basics.email"]).toBeGreaterThan(0.9);
    expect(resume.work[0]?.id).toBe("work-0");
  });

  it("parses plain text", async () => {
    const { resume, format } = await parseBytes({ bytes: fixture("parse/carlos-mendez.txt") }, limits, {
      now,
    });
    expect(format).toBe("text");
    expect(resume.basics.phone).toBe("(512) 555-0199");
    expect(resume.education[0]).toMatchObject({ studyType: "Bachelor of Science", area: "Statistics" });
  });

  it("imports a JSON Resume after schema validation", async () => {
    const { resume, format } = await parseBytes(
      { bytes: fixture("json-resume/sample.resume.json") },
      limits,
      { now },
    );
    expect(format).toBe("json-resume");
    expect(resume.basics.name).toBe("Richard Hendriks");
    expect(resume.meta.source?.format).toBe("json-resume");
  });
});

describe("DocumentParser (worker thread)", () => {
  const parser = createDocumentParser();
  afterAll(() => parser.close());
  const pdfBytes = new Uint8Array(
    readFileSync(new URL("../../../../shared/corpus/reactive-resume/azurill.pdf", import.meta.url)),
  );

  it("parses a two-column PDF in a worker and returns a valid resume", async () => {
    const result = await parser.parse(
      { bytes: pdfBytes, filename: "cv.pdf", declaredContentType: "application/pdf" },
      { now },
    );
    expect(result.format).toBe("pdf");
    expect(result.resume.basics.name).toBe("John Doe");
    expect(result.resume.work.map((w) => w.name)).toEqual(["Creative Solutions Inc.", "TechAdvancers"]);
    expect(result.stats.pages).toBe(1);
  });

  it("carries typed errors across the thread boundary", async () => {
    const error = await parser.parse({ bytes: pdfBytes.subarray(0, 5000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("pdf_corrupt");
  });

  it("stops a parse that exceeds its time budget", async () => {
    const error = await parser
      .parse({ bytes: pdfBytes }, { limits: { timeoutMs: 1 } })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe("parse_timeout");
  });

  it("rejects output above the size cap", async () => {
    const error = await parser
      .parse({ bytes: fixture("parse/jane-smith.md") }, { limits: { maxOutputBytes: 200 } })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe("parse_output_too_large");
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = parser.parse({ bytes: pdfBytes }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new AppError("task_canceled", "canceled"));
    expect(((await pending) as AppError).code).toBe("task_canceled");
  });
});
