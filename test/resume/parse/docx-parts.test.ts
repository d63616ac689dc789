import { Document, Footer, Header, Packer, PageNumber, Paragraph, Textbox, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";

const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });

describe("DOCX page headers, footers and text boxes", () => {
  it("reads contact details from the page header, skips page numbers, and reads text boxes", async () => {
    const doc = new Document({
      sections: [
        {
          headers: {
            default: new Header({
              children: [p("Henrik Dahl", true), p("henrik.dahl@example.no\t+47 22 55 01 23\tOslo, Norway")],
            }),
          },
          footers: {
            default: new Footer({
              children: [
                new Paragraph({ children: [new TextRun({ children: ["Page ", PageNumber.CURRENT] })] }),
              ],
            }),
          },
          children: [
            p("Experience", true),
            p("Fjord Data AS — Data Engineer", true),
            p("2019 – 2024"),
            new Textbox({ children: [p("Skills", true), p("Python, Airflow, dbt")] }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    const { resume } = await parseBytes({ bytes, filename: "cv.docx" }, DEFAULT_PARSE_LIMITS);
    expect(resume.basics.name).toBe("Henrik Dahl");
    expect(resume.basics.email).toBe("henrik.dahl@example.no");
    expect(resume.basics.phone.replace(/\D/g, "")).toBe("4722550123");
    expect(resume.basics.location.city).toBe("Oslo");
    expect(resume.work[0]?.positions[0]?.title).toBe("Data Engineer");
    expect(resume.skills.flatMap((s) => s.keywords)).toEqual(["Python", "Airflow", "dbt"]);
    expect(JSON.stringify(resume)).not.toMatch(/Page \d/);
  });
});
