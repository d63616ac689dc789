/**
 * The OCR pieces that need no Tesseract: the bounded process runner (with
 * real processes), hOCR reading, size and word geometry, language choice,
 * image headers, and the capability probe against a search path without the
 * tools.
 */
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../../src/errors.js";
import { probeOcr, requireOcr } from "../../../../src/resume/parse/ocr/capability.js";
import {
  cjkCandidates,
  languageTag,
  latinLanguagesOf,
  latinModels,
} from "../../../../src/resume/parse/ocr/choose-languages.js";
import { hocrProperties, type OcrLine, parseHocr } from "../../../../src/resume/parse/ocr/hocr.js";
import { readImageInfo } from "../../../../src/resume/parse/ocr/image-info.js";
import { renderDpi } from "../../../../src/resume/parse/ocr/rasterize-pdf.js";
import { runTool, TOOL_PATH, ToolError } from "../../../../src/resume/parse/ocr/run-tool.js";
import { readPgm, strokeWidth } from "../../../../src/resume/parse/ocr/stroke-weight.js";
import { lineEm, snapToModes, toPdfPages } from "../../../../src/resume/parse/ocr/to-pdf-page.js";

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return error as ToolError;
  }
  throw new Error("expected the tool run to fail");
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runTool", () => {
  const limits = { timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 };

  it("passes standard input through and returns standard output, with no service environment", async () => {
    const out = await runTool("cat", [], { ...limits, input: new TextEncoder().encode("résumé") });
    expect(out.toString("utf8")).toBe("résumé");
    const env = (await runTool("env", [], limits)).toString("utf8").trim().split("\n").sort();
    expect(env).toEqual(["LC_ALL=C.UTF-8", "OMP_THREAD_LIMIT=1", `PATH=${TOOL_PATH}`]);
  });

  it("reports a binary that is not installed, directly and through prlimit", async () => {
    expect((await failure(runTool("no-such-ocr-tool", [], limits))).kind).toBe("missing");
    expect((await failure(runTool("no-such-ocr-tool", [], { ...limits, prlimit: "prlimit" }))).kind).toBe(
      "missing",
    );
  });

  it("kills a process at its deadline", async () => {
    let pid = 0;
    const error = await failure(
      runTool("sleep", ["30"], { ...limits, timeoutMs: 200, onSpawn: (p) => (pid = p) }),
    );
    expect(error.kind).toBe("timeout");
    // Reaped by the time the run settles.
    expect(alive(pid)).toBe(false);
  });

  it("kills a process that prints more than allowed", async () => {
    expect((await failure(runTool("yes", [], { ...limits, maxOutputBytes: 64 * 1024 }))).kind).toBe(
      "output_limit",
    );
  });

  it("applies the address-space cap through prlimit", async () => {
    // perl asks for 400 MB at once; under a 100 MB cap it cannot have it.
    const hog = ["-e", '$x = "a" x 400_000_000; print length $x'];
    expect((await runTool("perl", hog, { ...limits, prlimit: "prlimit" })).toString()).toBe("400000000");
    const error = await failure(
      runTool("perl", hog, { ...limits, prlimit: "prlimit", memoryBytes: 100 * 1024 * 1024 }),
    );
    expect(["killed", "failed"]).toContain(error.kind);
  });

  it("stops a process when the caller aborts", async () => {
    const controller = new AbortController();
    let pid = 0;
    const run = runTool("sleep", ["30"], {
      ...limits,
      signal: controller.signal,
      onSpawn: (p) => {
        pid = p;
        controller.abort();
      },
    });
    expect((await failure(run)).kind).toBe("aborted");
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
    expect((await failure(runTool("sleep", ["30"], { ...limits, signal: controller.signal }))).kind).toBe(
      "aborted",
    );
  });
});

describe("capability", () => {
  let empty: string;
  let onlyTesseract: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), "ra-no-ocr-"));
    onlyTesseract = await mkdtemp(join(tmpdir(), "ra-tesseract-only-"));
    await symlink("/usr/bin/tesseract", join(onlyTesseract, "tesseract"));
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
    await rm(onlyTesseract, { recursive: true, force: true });
  });

  it("finds Tesseract, poppler and the language data installed here", async () => {
    const capability = await probeOcr();
    expect(capability.images).toBe(true);
    expect(capability.pdfs).toBe(true);
    expect(capability.tesseractVersion).toMatch(/^\d+\.\d+/);
    expect(capability.languages).toEqual(
      expect.arrayContaining([
        "eng",
        "deu",
        "fra",
        "spa",
        "ita",
        "por",
        "nld",
        "pol",
        "swe",
        "ces",
        "chi_sim",
        "jpn",
      ]),
    );
    expect(capability.missingLanguages).toEqual([]);
  });

  it("says ocr_unavailable where the tools are missing, never crashes", async () => {
    const none = await probeOcr({ toolPath: empty });
    expect(none).toMatchObject({ images: false, pdfs: false, languages: [] });
    expect(() => requireOcr(none, "image")).toThrow(AppError);
    try {
      requireOcr(none, "pdf");
    } catch (error) {
      expect((error as AppError).code).toBe("ocr_unavailable");
      expect((error as AppError).status).toBe(503);
    }
    const partial = await probeOcr({ toolPath: onlyTesseract });
    expect(partial).toMatchObject({ images: true, pdfs: false });
    expect(() => requireOcr(partial, "image")).not.toThrow();
    expect(() => requireOcr(partial, "pdf")).toThrow(/not installed/);
  });
});

describe("hOCR", () => {
  const hocr = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>
 <div class='ocr_page' id='page_1' title='image "stdin"; bbox 0 0 1275 1650; ppageno 0; scan_res 150 150'>
  <div class='ocr_carea' id='block_1_1' title="bbox 506 74 769 120">
   <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 506 74 769 120">
    <span class='ocr_line' id='line_1_1' title="bbox 506 74 769 120; baseline -0.004 -9; x_size 46; x_descenders 10; x_ascenders 12">
     <span class='ocrx_word' id='word_1_1' title='bbox 506 74 616 111; x_wconf 96'>Jake</span>
     <span class='ocrx_word' id='word_1_2' title='bbox 639 74 769 120; x_wconf 91'><strong>R&amp;D</strong></span>
    </span>
    <span class='ocr_header' id='line_1_2' title="bbox 328 125 781 145; baseline 0 -5; x_size 27.25">
     <span class='ocrx_word' id='word_1_3' title='bbox 328 126 443 141; x_wconf 95'>2020</span>
     <span class='ocrx_word' id='word_1_4' title='bbox 453 126 460 141; x_wconf 20'> </span>
    </span>
   </p>
  </div>
 </div></body></html>`;

  it("reads words, boxes, confidences and baselines, keeping digits as text and decoding entities", () => {
    const page = parseHocr(hocr);
    expect(page).toMatchObject({ width: 1275, height: 1650 });
    expect(page.lines).toHaveLength(2);
    expect(page.lines[0]).toMatchObject({ baseline: 111, rowHeight: 46 });
    expect(page.lines[0]!.words.map((w) => [w.text, w.confidence])).toEqual([
      ["Jake", 96],
      ["R&D", 91],
    ]);
    // "2020" stays a string; an empty word is dropped.
    expect(page.lines[1]!.words.map((w) => w.text)).toEqual(["2020"]);
    expect(page.lines[1]).toMatchObject({ baseline: 140, rowHeight: 27.25 });
    expect(hocrProperties("bbox 1 2 3 4; x_wconf 93")).toEqual({ bbox: [1, 2, 3, 4], x_wconf: [93] });
  });
});

const word = (text: string, x0: number, x1: number, top: number, bottom = 100) => ({
  text,
  x0,
  x1,
  y0: top,
  y1: bottom,
  confidence: 90,
});

describe("geometry", () => {
  it("estimates a line's em from how far its words rise above the baseline", () => {
    // Baseline at 100; capitals and ascenders rise 0.72 em, x-height letters 0.5 em: both say 40 px.
    const line: OcrLine = {
      baseline: 100,
      rowHeight: 60,
      words: [word("Managed", 0, 100, 71.2), word("over", 110, 160, 80), word("—", 170, 180, 90)],
    };
    expect(lineEm(line)).toBeCloseTo(40, 0);
  });

  it("snaps scattered sizes to the modes they belong to", () => {
    const snapped = snapToModes([10.0, 10.3, 9.8, 10.1, 13.0, 12.8, 22], [50, 40, 45, 60, 8, 9, 10]);
    expect(new Set(snapped.slice(0, 4)).size).toBe(1);
    expect(snapped[0]).toBeGreaterThan(9.8);
    expect(snapped[0]).toBeLessThan(10.3);
    expect(snapped[4]).toBe(snapped[5]);
    expect(snapped[4]).not.toBe(snapped[0]);
    expect(snapped[6]).toBeCloseTo(22, 5);
  });

  it("turns lines into PDF text items: points, y up, runs with Tesseract's spacing, fixed glyphs", () => {
    const em = 40;
    const line = (words: ReturnType<typeof word>[]): OcrLine => ({ baseline: 1000, rowHeight: em, words });
    const top = 1000 - 0.72 * em;
    const pages = toPdfPages([
      {
        dpi: 300,
        page: {
          width: 2550,
          height: 3300,
          lines: [
            // A bullet read as "«" (small box), then text; an en dash read as "~" between dates.
            line([
              word("«", 100, 112, 985, 997),
              word("Led", 140, 200, top),
              word("2019", 220, 300, top),
              word("~", 310, 330, 990, 995),
              word("2021", 340, 420, top),
            ]),
            // An e-mail split after "@", a "J" split off, and a wide gap (a date column) that starts a new run.
            line([
              word("J", 100, 120, top),
              word("ohn", 126, 180, top),
              word("john@", 200, 300, top),
              word("example.com", 310, 500, top),
              word("2024", 2000, 2080, top),
            ]),
            // A split-off capital whose box reaches back over the word before: joined even for "A".
            line([word("District", 100, 300, top), word("A", 150, 330, top), word("ttorney", 340, 480, top)]),
            // A real one-letter word stays.
            line([word("A", 100, 125, top), word("team", 137, 230, top)]),
            // An unsure icon before a phone number goes; chip borders go, a bar between words stays.
            line([
              { ...word("2", 100, 120, top), confidence: 40 },
              word("+44", 150, 230, top),
              word("7700", 245, 330, top),
            ]),
            line([
              word("[", 100, 110, top),
              word("Focused", 120, 300, top),
              word("{Patient", 320, 500, top),
              word("|", 520, 525, top),
              word("Keen", 540, 640, top),
              word("|", 660, 665, top),
            ]),
          ],
        },
      },
    ]);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ number: 1, width: 612, height: 792 });
    const texts = pages[0]!.items.map((i) => i.text);
    expect(texts).toEqual([
      "• Led 2019 – 2021",
      "John john@example.com",
      "2024",
      "District Attorney",
      "A team",
      "+44 7700",
      "Focused Patient | Keen",
    ]);
    const item = pages[0]!.items[0]!;
    expect(item.x).toBeCloseTo(24, 5);
    expect(item.y).toBeCloseTo(792 - 240, 5);
    expect(item.size).toBeCloseTo((em * 72) / 300, 1);
    expect(item.font).toBe("ocr");
  });
});

describe("bold from stroke width", () => {
  /** A PGM page with dark vertical strokes of the given width across each box. */
  function page(boxes: { x0: number; x1: number; stroke: number }[]): Uint8Array {
    const width = 1000;
    const height = 100;
    const pixels = new Uint8Array(width * height).fill(255);
    for (const box of boxes)
      for (let y = 40; y < 70; y++)
        for (let x = box.x0; x < box.x1; x += box.stroke * 3)
          for (let k = 0; k < box.stroke; k++) pixels[y * width + x + k] = 0;
    return new Uint8Array([...Buffer.from(`P5\n${width} ${height}\n255\n`, "latin1"), ...pixels]);
  }

  it("reads a PGM and measures stroke widths", () => {
    const grey = readPgm(page([{ x0: 0, x1: 90, stroke: 3 }]))!;
    expect(grey).toMatchObject({ width: 1000, height: 100 });
    expect(strokeWidth(grey, { x0: 0, y0: 30, x1: 100, y1: 80 })).toBeCloseTo(3, 5);
    expect(strokeWidth(grey, { x0: 500, y0: 30, x1: 600, y1: 80 })).toBeUndefined();
    expect(readPgm(new TextEncoder().encode("P6\n1 1\n255\nabc"))).toBeUndefined();
  });

  it("marks the runs whose strokes are much thicker than the document's usual ones as bold", () => {
    const bytes = page([
      { x0: 0, x1: 300, stroke: 3 },
      { x0: 400, x1: 500, stroke: 6 },
      { x0: 600, x1: 900, stroke: 3 },
    ]);
    const top = 70 - 0.72 * 40;
    const w = (text: string, x0: number, x1: number) => ({ text, x0, x1, y0: top, y1: 70, confidence: 95 });
    const line = (words: ReturnType<typeof w>[]) => ({ baseline: 70, rowHeight: 40, words });
    const [result] = toPdfPages([
      {
        dpi: 300,
        grey: readPgm(bytes)!,
        page: {
          width: 1000,
          height: 100,
          lines: [line([w("regular", 0, 300)]), line([w("Bold", 400, 500)]), line([w("plain", 600, 900)])],
        },
      },
    ]);
    expect(result!.items.map((i) => [i.text, i.font])).toEqual([
      ["regular", "ocr"],
      ["Bold", "ocr-bold"],
      ["plain", "ocr"],
    ]);
  });
});

describe("language choice", () => {
  const installed = [
    "eng",
    "deu",
    "fra",
    "spa",
    "ita",
    "por",
    "nld",
    "pol",
    "swe",
    "ces",
    "chi_sim",
    "jpn",
  ] as const;

  it("detects the Latin-script language of a first reading, even with misread letters", () => {
    const german =
      "Berufserfahrung Senior Entwickler bei der Nordwind Logistik GmbH. Verantwortlich fur die Einfuhrung einer ereignisgesteuerten Architektur und die Schulung der neuen Mitarbeiter im Team.";
    expect(latinLanguagesOf(german, [...installed])[0]).toBe("deu");
    const english =
      "Professional experience: led the migration of the payment platform to an event driven architecture and trained the new members of the team.";
    expect(latinLanguagesOf(english, [...installed])[0]).toBe("eng");
    expect(latinLanguagesOf("Jane Doe", [...installed])).toEqual([]);
    expect(latinLanguagesOf(german, ["eng"])).toEqual([]);
    // Portuguese read with the English model ("integracao") is hard to tell from Spanish: both are kept.
    const portuguese =
      "Maria Teste Email: maria@teste.com Telefone: (11) 99999-0000 Endereco: Campinas, SP Experiencia Profissional Desenvolvedora Frontend Empresa A 01/01/2020 Trabalhou com React e integracao de APIs. Desenvolvedora Full Stack Empresa B Desenvolvimento com Node.js e React. Desenvolvedora Backend Empresa C APIs REST com Node.js e testes automatizados.";
    expect(latinLanguagesOf(portuguese, [...installed]).sort()).toEqual(["por", "spa"]);
  });

  it("reads another Latin language together with English, and tries the CJK models installed", () => {
    expect(latinModels(["deu"])).toEqual(["deu", "eng"]);
    expect(latinModels(["spa", "por"])).toEqual(["spa", "por", "eng"]);
    expect(latinModels(["eng", "fra"])).toEqual(["eng"]);
    expect(latinModels([])).toEqual(["eng"]);
    expect(cjkCandidates([...installed])).toEqual([["chi_sim"], ["jpn"]]);
    expect(cjkCandidates(["eng", "jpn"])).toEqual([["jpn"]]);
    expect(languageTag(["chi_sim"])).toBe("zh");
    expect(languageTag(["ces", "eng"])).toBe("cs");
  });
});

describe("image headers and render resolution", () => {
  const pngHeader = (width: number, height: number) => {
    const bytes = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
    bytes.writeUInt32BE(13, 8);
    bytes.write("IHDR", 12, "latin1");
    bytes.writeUInt32BE(width, 16);
    bytes.writeUInt32BE(height, 20);
    bytes[24] = 8;
    return new Uint8Array(bytes);
  };

  it("refuses a canvas larger than the pixel cap from its header alone", () => {
    expect(readImageInfo(pngHeader(2480, 3508), 50_000_000)).toMatchObject({ width: 2480, height: 3508 });
    expect(() => readImageInfo(pngHeader(100_000, 100_000), 50_000_000)).toThrow(/too large/);
    try {
      readImageInfo(pngHeader(100_000, 100_000), 50_000_000);
    } catch (error) {
      expect((error as AppError).code).toBe("parse_resource_limit");
    }
    expect(() => readImageInfo(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 1e6)).toThrow(
      /cannot be read/,
    );
  });

  it("lowers the render resolution of large pages", () => {
    expect(renderDpi({ number: 1, width: 612, height: 792 }, 300, 50_000_000)).toBe(300);
    // A 100 × 100 inch poster at 300 dpi would be 900 megapixels.
    const poster = renderDpi({ number: 1, width: 7200, height: 7200 }, 300, 50_000_000);
    expect(poster).toBeLessThan(80);
    expect((7200 / 72) * poster * ((7200 / 72) * poster)).toBeLessThanOrEqual(50_000_000);
  });
});
