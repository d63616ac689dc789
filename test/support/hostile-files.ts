/**
 * Builders for hostile uploads: decompression bombs (DOCX entries that lie
 * about their size, PDF Flate streams, nested Flate), regex-hostile text and
 * text PostgreSQL cannot store. Shared by the regression tests, the fuzz
 * seeds and `npm run bench:hostile`, so every figure is about the same files.
 */
import { deflateSync } from "node:zlib";
import yazl from "yazl";

/** A ZIP from named entries (deflated). */
export function zipOf(entries: { name: string; data: Buffer }[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const file = new yazl.ZipFile();
    for (const e of entries) file.addBuffer(e.data, e.name);
    const chunks: Buffer[] = [];
    file.outputStream.on("data", (c: Buffer) => chunks.push(c));
    file.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    file.outputStream.on("error", reject);
    file.end();
  });
}

/**
 * Rewrites the uncompressed size that the local header and the central
 * directory declare for `name` (yazl writes both, and no data descriptor for
 * buffers), so the archive lies about how far the entry inflates.
 */
export function declareUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const nameBytes = Buffer.from(name);
  let patched = 0;
  for (let i = 0; i + 46 < out.length; i++) {
    const signature = out.readUInt32LE(i);
    if (signature === 0x04034b50) {
      const nameLength = out.readUInt16LE(i + 26);
      if (out.subarray(i + 30, i + 30 + nameLength).equals(nameBytes)) {
        out.writeUInt32LE(size, i + 22);
        patched++;
      }
    } else if (signature === 0x02014b50) {
      const nameLength = out.readUInt16LE(i + 28);
      if (out.subarray(i + 46, i + 46 + nameLength).equals(nameBytes)) {
        out.writeUInt32LE(size, i + 24);
        patched++;
      }
    }
  }
  if (patched !== 2) throw new Error(`expected a local and a central header for ${name}, found ${patched}`);
  return out;
}

const DOCUMENT_XML = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;

const paragraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A minimal, valid DOCX whose body holds the given paragraphs. */
export function docxOf(paragraphs: string[]): Promise<Buffer> {
  return zipOf([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES) },
    { name: "_rels/.rels", data: Buffer.from(ROOT_RELS) },
    { name: "word/document.xml", data: Buffer.from(DOCUMENT_XML(paragraphs.map(paragraph).join(""))) },
  ]);
}

/**
 * A DOCX whose `word/document.xml` declares 1,000 bytes but inflates to
 * `inflatedBytes` (a valid paragraph, then blank padding inside an XML comment).
 */
export async function docxBomb(inflatedBytes: number): Promise<Buffer> {
  const head = DOCUMENT_XML(paragraph("Jane Doe")).replace("</w:body>", "<!--");
  const tail = "--></w:body></w:document>";
  const body = Buffer.alloc(Math.max(0, inflatedBytes - head.length - tail.length), 0x20);
  const xml = Buffer.concat([Buffer.from(head), body, Buffer.from(tail)]);
  const zip = await zipOf([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES) },
    { name: "_rels/.rels", data: Buffer.from(ROOT_RELS) },
    { name: "word/document.xml", data: xml },
  ]);
  return declareUncompressedSize(zip, "word/document.xml", 1_000);
}

/** One PDF object: `<<dict>>` and an optional raw stream. */
type PdfObject = { dict: string; stream?: Buffer };

/** Serialises objects 1..n (the first is the catalog) with a correct xref table. */
export function pdfOf(objects: PdfObject[]): Buffer {
  const header = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
  const parts: Uint8Array[] = [header];
  let offset = header.length;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(offset);
    const chunks: Uint8Array[] = [Buffer.from(`${index + 1} 0 obj\n`)];
    if (object.stream) {
      chunks.push(Buffer.from(`<<${object.dict} /Length ${object.stream.length}>>\nstream\n`));
      chunks.push(object.stream, Buffer.from("\nendstream\nendobj\n"));
    } else {
      chunks.push(Buffer.from(`<<${object.dict}>>\nendobj\n`));
    }
    const chunk = Buffer.concat(chunks);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`,
  ].join("");
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

const RESUME_TEXT =
  "BT /F1 14 Tf 72 720 Td (Jane Doe) Tj 0 -20 Td (Software Engineer, jane@example.org) Tj ET\n";

/**
 * A one-page PDF whose content stream is `content`, encoded with `filters`
 * applied innermost first (["FlateDecode", "FlateDecode"] deflates twice).
 */
export function pdfWithContent(content: Buffer, filters: string[]): Buffer {
  let data = content;
  for (const _filter of filters) data = deflateSync(data, { level: 9 });
  const filter = filters.length ? ` /Filter [${filters.map((f) => `/${f}`).join(" ")}]` : "";
  return pdfOf([
    { dict: "/Type /Catalog /Pages 2 0 R" },
    { dict: "/Type /Pages /Kids [3 0 R] /Count 1" },
    {
      dict: "/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R",
    },
    { dict: filter, stream: data },
    { dict: "/Type /Font /Subtype /Type1 /BaseFont /Helvetica" },
  ]);
}

/** A small PDF with real text whose content stream inflates to `inflatedBytes` (blank padding). */
export function pdfFlateBomb(inflatedBytes: number, nested = false): Buffer {
  const padding = Buffer.alloc(Math.max(0, inflatedBytes - RESUME_TEXT.length), 0x20);
  const content = Buffer.concat([Buffer.from(RESUME_TEXT), padding]);
  return pdfWithContent(content, nested ? ["FlateDecode", "FlateDecode"] : ["FlateDecode"]);
}

/** A readable one-page PDF with the resume text above, Flate-compressed like real files. */
export function smallPdf(text = RESUME_TEXT): Buffer {
  return pdfWithContent(Buffer.from(text), ["FlateDecode"]);
}

/** LZW-encodes `data` the way PDF's LZWDecode expects (9–12 bit codes, EarlyChange 1, clear and EOD codes). */
export function lzwEncode(data: Buffer): Buffer {
  const out: number[] = [];
  let bits = 0;
  let bitCount = 0;
  let codeLength = 9;
  const emit = (code: number) => {
    bits = (bits << codeLength) | code;
    bitCount += codeLength;
    while (bitCount >= 8) {
      out.push((bits >>> (bitCount - 8)) & 0xff);
      bitCount -= 8;
    }
    bits &= (1 << bitCount) - 1;
  };
  // (prefix code, next byte) → code of the longer string.
  let table = new Map<number, number>();
  let next = 258;
  emit(256);
  let word = -1;
  for (const byte of data) {
    if (word < 0) {
      word = byte;
      continue;
    }
    const key = word * 256 + byte;
    const known = table.get(key);
    if (known !== undefined) {
      word = known;
      continue;
    }
    emit(word);
    table.set(key, next++);
    // The decoder adds each entry one code later, so widths change when the table is one entry fuller.
    if (next >= 1 << codeLength && codeLength < 12) codeLength++;
    if (next >= 4094) {
      emit(256);
      table = new Map();
      next = 258;
      codeLength = 9;
    }
    word = byte;
  }
  if (word >= 0) emit(word);
  emit(257);
  if (bitCount > 0) out.push((bits << (8 - bitCount)) & 0xff);
  return Buffer.from(out);
}
