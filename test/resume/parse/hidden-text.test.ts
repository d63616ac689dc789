import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";

/** A one-page résumé; `stuff` draws whatever hidden text a test wants. */
function makePdf(stuff: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: "A4", margin: 50 });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) =>
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  doc.font("Helvetica-Bold").fontSize(22).text("Jane Roe");
  doc.font("Helvetica").fontSize(10).text("jane.roe@example.com | +1 555 010 9999 | Boston, MA");
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(13).text("Experience");
  doc.font("Helvetica-Bold").fontSize(10).text("Acme Corp — Software Engineer");
  doc.font("Helvetica").text("2019 – 2023");
  doc.text("• Built the billing service used by 2,000 customers");
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(13).text("Skills");
  doc.font("Helvetica").fontSize(10).text("Go, PostgreSQL, Kubernetes");
  stuff(doc);
  doc.end();
  return done;
}

const parse = (bytes: Uint8Array) => parseBytes({ bytes, filename: "cv.pdf" }, DEFAULT_PARSE_LIMITS);
const everything = (value: unknown) => JSON.stringify({ ...(value as object), meta: undefined });

describe("hidden text", () => {
  it("keeps white, invisible, tiny and off-page text out of every field and warns", async () => {
    const bytes = await makePdf((doc) => {
      doc.fillColor("#ffffff").fontSize(10).text("Skills: Kafka, Terraform, Rust, TensorFlow", 50, 600);
      doc.fillColor("#000000");
      doc.addContent("3 Tr");
      doc.text("Invisible: Scala, Haskell, Elixir", 50, 620);
      doc.addContent("0 Tr");
      doc.fontSize(0.5).text("Tiny: Clojure, Erlang, OCaml", 50, 640);
      doc.fontSize(10).text("Offpage: Fortran, COBOL", 900, 660, { lineBreak: false });
    });
    const { resume, warnings } = await parse(bytes);
    const text = everything(resume);
    for (const word of ["Kafka", "Terraform", "Scala", "Haskell", "Clojure", "OCaml", "Fortran", "COBOL"])
      expect(text, word).not.toContain(word);
    expect(warnings).toContain("hidden_text");
    expect(resume.skills.flatMap((s) => s.keywords)).toEqual(["Go", "PostgreSQL", "Kubernetes"]);
  });

  it("reads white text on a dark shape and warns about nothing on a clean file", async () => {
    const bytes = await makePdf((doc) => {
      doc.rect(40, 590, 300, 40).fill("#1f2937");
      doc.fillColor("#ffffff").fontSize(10).text("Languages: English, Spanish", 50, 600);
    });
    const { resume, warnings } = await parse(bytes);
    expect(warnings).not.toContain("hidden_text");
    expect(everything(resume)).toContain("Spanish");
    const clean = await parse(await makePdf(() => {}));
    expect(clean.warnings).not.toContain("hidden_text");
  });
});
