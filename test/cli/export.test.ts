/**
 * The offline one-shot export, run as a real subprocess on a corpus CV:
 * no server, no database, real PDF and DOCX files out.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { extractPdfPlainText } from "../../src/resume/render/index.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const CORPUS_PDF = join(REPO_ROOT, "../shared/corpus/rendercv/John_Doe_ClassicTheme_CV.pdf");

/** The text of `word/document.xml` inside a DOCX. */
async function docxText(bytes: Buffer): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (e, z) => (e || !z ? reject(e) : resolve(z))),
  );
  return new Promise((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName !== "word/document.xml") return zip.readEntry();
      zip.openReadStream(entry, async (e, stream) => {
        if (e || !stream) return reject(e);
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        resolve(
          Buffer.concat(chunks)
            .toString("utf8")
            .replace(/<[^>]+>/g, " "),
        );
      });
    });
    zip.on("end", () => reject(new Error("no word/document.xml")));
    zip.readEntry();
  });
}

describe("resume-agent export (offline)", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "ra-export-"));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("parses a corpus PDF and writes a real PDF and DOCX, with plain progress lines when piped", async () => {
    expect(existsSync(CORPUS_PDF)).toBe(true);
    const result = await runCli(
      ["export", CORPUS_PDF, "--format", "pdf,docx", "--out", out, "--template", "modern"],
      {
        timeoutMs: 120_000,
      },
    );
    expect(result.stderr).toContain("[1/5] reading John_Doe_ClassicTheme_CV.pdf");
    expect(result.stderr).toContain("[2/5] parsing");
    expect(result.stderr).toContain("[3/5] rendering pdf");
    expect(result.stderr).toContain("[4/5] rendering docx");
    expect(result.stderr).not.toContain("\u001b["); // no bar redraws in a pipe
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      "John_Doe_ClassicTheme_CV.docx",
      "John_Doe_ClassicTheme_CV.pdf",
    ]);

    const pdf = await readFile(join(out, "John_Doe_ClassicTheme_CV.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, pages } = await extractPdfPlainText(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text).toContain("John Doe");
    expect(text).toContain("NVIDIA");

    const docx = await readFile(join(out, "John_Doe_ClassicTheme_CV.docx"));
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    const docText = await docxText(docx);
    expect(docText).toContain("John Doe");
    expect(docText).toContain("NVIDIA");

    // stdout lists what was written, for scripts.
    expect(result.stdout).toContain(join(out, "John_Doe_ClassicTheme_CV.pdf"));
  });

  it("fails with a typed error and writes nothing for a file that is not a CV", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ra-export-bad-"));
    try {
      const input = join(dir, "photo.png");
      await writeFile(input, Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
      const result = await runCli(["export", input, "--out", join(dir, "out")]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error \[[a-z_]+\]: /);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails with not_found for a missing input file", async () => {
    const result = await runCli(["export", join(out, "nope.pdf"), "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error [not_found]: No such file");
  });
});
