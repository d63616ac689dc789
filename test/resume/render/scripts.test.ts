import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { type Resume, resumeSchema } from "../../../src/resume/model.js";
import { extractPdfPlainText, renderDocx, renderPdf } from "../../../src/resume/render/index.js";
import { exportSettingsSchema } from "../../../src/resume/settings.js";
import { chineseResume, testFonts } from "./fixtures.js";
import { zipEntries } from "./zip-entries.js";

const EPOCH = new Date("2026-01-01T00:00:00Z");

function japaneseResume(): Resume {
  const r = resumeSchema.parse({
    basics: { name: "山田 太郎", label: "ソフトウェアエンジニア", email: "taro@example.jp" },
    work: [
      {
        name: "株式会社サンプル",
        positions: [
          {
            title: "主任エンジニア",
            dates: { text: "", start: "2016-04", end: "2021-03" },
            highlights: ["決済システムの設計と開発を担当し、処理時間を半分に短縮した。"],
          },
        ],
      },
    ],
  });
  Object.assign(r.meta, { language: "ja" });
  return r;
}

/** Lines of page 1 as pdf.js reads them, by baseline. */
async function lines(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  const rows = new Map<number, { x: number; s: string }[]>();
  for (const item of content.items) {
    if (!("str" in item) || !item.str) continue;
    const y = Math.round(item.transform[5]);
    rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4], s: item.str }]);
  }
  await doc.loadingTask.destroy();
  return [...rows.values()].map((r) =>
    r
      .sort((a, b) => a.x - b.x)
      .map((i) => i.s)
      .join(""),
  );
}

describe("CJK", () => {
  it("exports a Chinese CV to PDF with Noto Sans CJK SC subsets, Chinese labels and kinsoku line breaks", async () => {
    const pdf = await renderPdf(chineseResume(), exportSettingsSchema.parse({ date_format: "month_year" }), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    const latin1 = pdf.toString("latin1");
    expect(latin1).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    // Subset embedding: the whole collection is ~19 MB.
    expect(pdf.length).toBeLessThan(400_000);
    const { text } = await extractPdfPlainText(pdf);
    expect(text).toContain("工作经历");
    expect(text).toContain("2018年3月 – 至今");
    const page = await lines(pdf);
    // The summary wraps, and no wrapped line starts with closing punctuation.
    expect(page.filter((l) => /[\u4e00-\u9fff]/.test(l)).length).toBeGreaterThan(4);
    for (const line of page) expect(line, line).not.toMatch(/^[，。、）」：；！？]/);
  });

  it("uses the Japanese face for a Japanese CV, in PDF and DOCX", async () => {
    const pdf = await renderPdf(japaneseResume(), exportSettingsSchema.parse({}), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    expect(pdf.toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKjp-Regular/);
    expect((await extractPdfPlainText(pdf)).text).toContain("職歴");
    const docx = await zipEntries(await renderDocx(japaneseResume(), exportSettingsSchema.parse({})));
    const styles = docx.get("word/styles.xml")!.toString();
    expect(styles).toContain('w:eastAsia="Noto Sans CJK JP"');
    const xml = docx.get("word/document.xml")!.toString();
    expect(xml).toContain("決済システムの設計と開発を担当し");
    expect(xml).toContain("職歴");
  });
});

describe("other scripts", () => {
  it("draws pasted symbols with the symbol fallback instead of failing", async () => {
    const r = resumeSchema.parse({
      basics: { name: "Sym Bols", summary: "○ ● ★ ✓ ✔ ♀ ♂ → ← ↑ ↓ ⇒ ☎ ✉ ◆ ■ □ ▪ ☐ ☑" },
    });
    const pdf = await renderPdf(r, exportSettingsSchema.parse({}), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    expect(pdf.toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    expect((await extractPdfPlainText(pdf)).text).toContain("○ ● ★ ✓ ✔ ♀ ♂ → ← ↑ ↓ ⇒ ☎ ✉ ◆ ■ □ ▪ ☐ ☑");
  });

  it("refuses right-to-left text with a typed error instead of mirrored output", async () => {
    for (const name of ["محمد علي", "דוד כהן"]) {
      const r = resumeSchema.parse({ basics: { name } });
      for (const render of [
        () => renderPdf(r, exportSettingsSchema.parse({}), { fonts: testFonts() }),
        () => renderDocx(r, exportSettingsSchema.parse({})),
      ]) {
        const error = await render().catch((e: unknown) => e);
        expect(isAppError(error, "render_rtl_unsupported"), name).toBe(true);
        expect((error as Error).message).toMatch(/Right-to-left/);
      }
    }
  });
});
