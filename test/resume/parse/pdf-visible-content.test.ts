/**
 * The content-stream proof that lets the parse skip the page replay for hidden
 * text: it must never call visible what the replay would find hidden.
 */
import { deflateSync } from "node:zlib";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { scanPdfStreams } from "../../../src/resume/parse/pdf/stream-budget.js";
import { mayHideText } from "../../../src/resume/parse/pdf/visible-content.js";
import { pdfOf, pdfWithContent } from "../../support/hostile-files.js";

const text = "BT /F1 10 Tf 50 700 Td (Jane Roe) Tj ET";

describe("mayHideText", () => {
  it("clears black text and a white background drawn before it", () => {
    expect(mayHideText(text)).toBe(false);
    expect(mayHideText(`0 0 0 rg ${text}`)).toBe(false);
    expect(mayHideText(`q 1 1 1 rg 0 0 612 792 re f Q ${text}`)).toBe(false);
    expect(mayHideText(`q 1 g 0 0 612 792 re f Q 0.2 0.2 0.2 rg ${text}`)).toBe(false);
    // Operators inside strings and comments are text, not operators.
    expect(mayHideText("BT (1 1 1 rg 3 Tr) Tj ET % 1 g")).toBe(false);
  });

  it("flags white or invisible text, and states it cannot read", () => {
    expect(mayHideText(`1 1 1 rg ${text}`)).toBe(true);
    expect(mayHideText(`0.97 g ${text}`)).toBe(true);
    expect(mayHideText(`0 0 0 0 k ${text}`)).toBe(true);
    expect(mayHideText(`3 Tr ${text}`)).toBe(true);
    expect(mayHideText(`BT 7 Tr /F1 10 Tf (x) ' ET`)).toBe(true);
    expect(mayHideText(`/P0 scn ${text}`)).toBe(true);
    // A form drawn while the fill is white inherits it.
    expect(mayHideText("1 1 1 rg /Fm0 Do")).toBe(true);
    // A state left white leaks into the page's next stream.
    expect(mayHideText(`${text} 1 1 1 rg`)).toBe(true);
    // Restoring a state saved in an earlier stream: unknown.
    expect(mayHideText(`Q ${text}`)).toBe(true);
    // Operands split from their operator across streams.
    expect(mayHideText(`rg ${text}`)).toBe(true);
  });

  it("reads one-component colours in named spaces as gray only when told so", () => {
    expect(mayHideText(`/CS0 cs 0 sc ${text}`)).toBe(true);
    expect(mayHideText(`/CS0 cs 0 sc ${text}`, { oneComponentIsGray: true })).toBe(false);
    expect(mayHideText(`/CS0 cs 1 scn ${text}`, { oneComponentIsGray: true })).toBe(true);
    expect(mayHideText(`/DeviceGray cs 0 sc ${text}`)).toBe(false);
    expect(mayHideText(`/CS1 cs 0.2 0.3 0.4 sc ${text}`)).toBe(false);
    expect(mayHideText(`/CS1 cs 1 1 1 sc ${text}`)).toBe(true);
    // Lab white: lightness 100.
    expect(mayHideText(`/Lab0 cs 100 0 0 scn ${text}`)).toBe(true);
  });
});

function pdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) =>
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  doc.font("Helvetica").fontSize(10).text("Jane Roe, Software Engineer", 50, 50);
  draw(doc);
  doc.end();
  return done;
}

describe("scanPdfStreams visibility", () => {
  it("proves a plain file visible and doubts white text, invisible text and white shapes under text", async () => {
    expect((await scanPdfStreams(await pdf(() => {}), 2 ** 26)).textMayBeHidden).toBe(false);
    const white = await pdf((doc) => doc.fillColor("#ffffff").text("Kafka, Terraform", 50, 600));
    expect((await scanPdfStreams(white, 2 ** 26)).textMayBeHidden).toBe(true);
    const invisible = await pdf((doc) => {
      doc.addContent("3 Tr");
      doc.text("Scala, Haskell", 50, 620);
      doc.addContent("0 Tr");
    });
    expect((await scanPdfStreams(invisible, 2 ** 26)).textMayBeHidden).toBe(true);
    const onBand = await pdf((doc) => {
      doc.rect(40, 590, 300, 40).fill("#1f2937");
      doc.fillColor("#ffffff").text("Languages: English", 50, 600);
    });
    expect((await scanPdfStreams(onBand, 2 ** 26)).textMayBeHidden).toBe(true);
  });
});

/** ASCII85 as PDF writers emit it: "z" for zero groups, a short final group, "~>". */
function ascii85(data: Buffer): Buffer {
  let out = "";
  for (let i = 0; i < data.length; i += 4) {
    const group = data.subarray(i, i + 4);
    const padded = Buffer.concat([group, Buffer.alloc(4 - group.length)]);
    let value = padded.readUInt32BE(0);
    if (value === 0 && group.length === 4) {
      out += "z";
      continue;
    }
    const digits: string[] = [];
    for (let d = 0; d < 5; d++) {
      digits.unshift(String.fromCharCode(33 + (value % 85)));
      value = Math.floor(value / 85);
    }
    out += digits.slice(0, group.length + 1).join("");
  }
  return Buffer.from(`${out}~>`, "latin1");
}

describe("scanPdfStreams reads content in every form", () => {
  const page = (stream: Buffer, filter: string) =>
    pdfOf([
      { dict: "/Type /Catalog /Pages 2 0 R" },
      { dict: "/Type /Pages /Kids [3 0 R] /Count 1" },
      { dict: "/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R" },
      { dict: filter, stream },
    ]);

  it("decodes ASCII85 to its last partial group, so Flate inside it can be read to the end", async () => {
    for (let pad = 0; pad < 4; pad++) {
      const content = Buffer.from(`${text}${" ".repeat(pad)}`);
      const file = page(ascii85(deflateSync(content)), "/Filter [/ASCII85Decode /FlateDecode]");
      expect((await scanPdfStreams(file, 2 ** 26)).textMayBeHidden, `pad ${pad}`).toBe(false);
    }
    const white = page(ascii85(deflateSync(Buffer.from(`1 g ${text}`))), "/Filter [/A85 /Fl]");
    expect((await scanPdfStreams(white, 2 ** 26)).textMayBeHidden).toBe(true);
  });

  it("reads uncompressed content streams too", async () => {
    expect((await scanPdfStreams(pdfWithContent(Buffer.from(text), []), 2 ** 26)).textMayBeHidden).toBe(
      false,
    );
    const white = pdfWithContent(Buffer.from(`1 1 1 rg ${text}`), []);
    expect((await scanPdfStreams(white, 2 ** 26)).textMayBeHidden).toBe(true);
  });
});
