/**
 * The PDF stream pre-scan decodes every filter that can expand (Flate, LZW,
 * RunLength, ASCIIHex, ASCII85, chained), counting every stage, and does not
 * trust the file's structure to find the streams.
 */
import { deflateRawSync, deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { scanPdfStreams } from "../../../src/resume/parse/pdf/stream-budget.js";
import { lzwEncode, pdfOf } from "../../support/hostile-files.js";

const MB = 1024 * 1024;
const BUDGET = 8 * MB;

const onePage = (dict: string, stream: Buffer) =>
  pdfOf([
    { dict: "/Type /Catalog /Pages 2 0 R" },
    { dict: "/Type /Pages /Kids [3 0 R] /Count 1" },
    { dict: "/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R" },
    { dict, stream },
  ]);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  return "ok";
}

const blank = (n: number) => Buffer.alloc(n, 0x20);

describe("scanPdfStreams", () => {
  it("decodes LZW, and stops an LZW bomb", async () => {
    const text = Buffer.from("BT /F1 12 Tf (Jane Doe) Tj ET ".repeat(50));
    const scan = await scanPdfStreams(onePage("/Filter /LZWDecode", lzwEncode(text)), BUDGET);
    expect(scan.decodedBytes).toBe(text.length);
    expect(await codeOf(scanPdfStreams(onePage("/Filter /LZW", lzwEncode(blank(16 * MB))), BUDGET))).toBe(
      "parse_resource_limit",
    );
  });

  it("stops RunLength and ASCII85 expansion", async () => {
    const runs = Buffer.alloc(2 * 200_000);
    for (let i = 0; i < runs.length; i += 2) runs.set([129, 0x20], i);
    expect(await codeOf(scanPdfStreams(onePage("/Filter /RunLengthDecode", runs), BUDGET))).toBe(
      "parse_resource_limit",
    );
    const zeros = Buffer.from(`${"z".repeat(3 * MB)}~>`);
    expect(await codeOf(scanPdfStreams(onePage("/Filter /A85", zeros), BUDGET))).toBe("parse_resource_limit");
  });

  it("follows a chain that starts with a text encoding", async () => {
    const hex = Buffer.from(`${deflateSync(blank(32 * MB)).toString("hex")}>`);
    expect(await codeOf(scanPdfStreams(onePage("/Filter [/ASCIIHexDecode /FlateDecode]", hex), BUDGET))).toBe(
      "parse_resource_limit",
    );
  });

  it("counts every stage of nested Flate", async () => {
    // 5 MB at the end, 5 MB again in the middle layer is not counted by the innermost alone.
    const twice = deflateSync(deflateSync(blank(5 * MB)));
    const inner = inflateSync(twice).length;
    const scan = await scanPdfStreams(onePage("/Filter [/FlateDecode /FlateDecode]", twice), 64 * MB);
    expect(scan.decodedBytes).toBe(5 * MB + inner);
  });

  it("inflates zlib data whatever the dictionary says", async () => {
    const bomb = deflateSync(blank(32 * MB));
    expect(await codeOf(scanPdfStreams(onePage("/Filter /DCTDecode", bomb), BUDGET))).toBe(
      "parse_resource_limit",
    );
    expect(await codeOf(scanPdfStreams(onePage("", bomb), BUDGET))).toBe("parse_resource_limit");
  });

  it("reads past the bytes endstream inside compressed data when the length is indirect", async () => {
    // A stored deflate block holding "endstream", then the bomb: pdf.js reads it all through /Length 2 0 R.
    const decoy = Buffer.from("\nendstream\nendobj\n");
    const stored = Buffer.alloc(5);
    stored.writeUInt8(0, 0);
    stored.writeUInt16LE(decoy.length, 1);
    stored.writeUInt16LE(~decoy.length & 0xffff, 3);
    const data = Buffer.concat([Buffer.from([0x78, 0x01]), stored, decoy, deflateRawSync(blank(32 * MB))]);
    const file = Buffer.concat([
      Buffer.from("%PDF-1.7\n1 0 obj\n<< /Length 2 0 R /Filter /FlateDecode >>\nstream\n"),
      data,
      Buffer.from(`\nendstream\nendobj\n2 0 obj\n${data.length}\nendobj\n%%EOF\n`),
    ]);
    expect(await codeOf(scanPdfStreams(file, BUDGET))).toBe("parse_resource_limit");
  });
});
