import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePhoto } from "../../../src/resume/photo/prepare-photo.js";
import { renderHtml, renderMarkdown } from "../../../src/resume/render/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { costRatio } from "../../support/text-samples.js";
import { exifJpeg } from "../photo/photo-fixtures.js";
import { chineseResume, sampleResume } from "./fixtures.js";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
let browser: Awaited<ReturnType<typeof chromium.launch>>;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
});

describe("HTML export", () => {
  it.each(TEMPLATE_IDS)(
    "%s: one self-contained file that makes no request and is axe-clean",
    async (template) => {
      const html = renderHtml(sampleResume(), exportSettingsSchema.parse({ template }), {
        photo: preparePhoto(exifJpeg()),
      }).toString("utf8");
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("<title>Richard Hendriks – Resume</title>");
      // No external assets: images are data URIs, no stylesheet or script links (links in the CV are fine).
      expect(html).not.toMatch(/src="(?!data:)|<link\b|<script\b/);
      expect(html).not.toMatch(/@import|url\(/);
      // Bypassing the file's CSP only so axe can be injected; the request log below still sees every fetch.
      const page = await browser.newPage({ bypassCSP: true });
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("data:") && r.url() !== "about:blank") requests.push(r.url());
      });
      try {
        await page.setContent(html, { waitUntil: "load" });
        expect(requests).toEqual([]);
        const text = (await page.locator("body").textContent()) ?? "";
        for (const piece of [
          "Richard Hendriks",
          "Pied Piper",
          "Dec 2013 – Dec 2014",
          "Successfully won Techcrunch Disrupt",
        ])
          expect(text, piece).toContain(piece);
        expect(await page.locator("h1").count()).toBe(1);
        expect(await page.locator("h2").count()).toBeGreaterThan(4);
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } })
            .axe;
          return (await axe.run()).violations.map((v) => v.id);
        });
        expect(violations).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it("carries the photo as a data URI with alternate text where the template places one", () => {
    const photo = preparePhoto(exifJpeg());
    const european = renderHtml(
      sampleResume(),
      exportSettingsSchema.parse({ template: "european", photo_shape: "square" }),
      { photo },
    ).toString();
    expect(european).toMatch(
      /<img class="photo" alt="Photo of Richard Hendriks" src="data:image\/jpeg;base64,/,
    );
    const classic = renderHtml(sampleResume(), exportSettingsSchema.parse({ template: "classic" }), {
      photo,
    }).toString();
    expect(classic).not.toContain("<img");
  });
});

describe("Markdown export", () => {
  it("reads as GitHub Markdown: title, contact links, sections, entries, bullets", () => {
    const md = renderMarkdown(sampleResume(), exportSettingsSchema.parse({})).toString("utf8");
    expect(md.startsWith("# Richard Hendriks\n\n**Programmer**\n")).toBe(true);
    expect(md).toContain("[richard.hendriks@mail.com](<mailto:richard.hendriks@mail.com>)");
    expect(md).toContain("\n## Experience\n");
    expect(md).toContain("\n### [CEO/President](<http://piedpiper.example.com>), Pied Piper\n");
    expect(md).toContain("\n*Dec 2013 – Dec 2014 · Palo Alto, CA*\n");
    expect(md).toContain("\n- Successfully won Techcrunch Disrupt\n");
    expect(md).toContain("\n- **Web Development**: HTML, CSS, Javascript (Master)\n");
    expect(md).not.toMatch(/\n{3}/);
  });

  it("joins the lines of a paragraph with one space, reading long blank runs once", async () => {
    const resume = sampleResume();
    resume.basics.summary = "Builds  compilers \n  and\t\ttools";
    const md = renderMarkdown(resume, exportSettingsSchema.parse({})).toString("utf8");
    expect(md).toContain("Builds  compilers and\t\ttools");
    const filled = (text: string) => {
      const r = sampleResume();
      r.basics.summary = text;
      r.work[0]!.positions[0]!.highlights = Array.from({ length: 50 }, () => text);
      return r;
    };
    const blank = filled(`a${" ".repeat(4_998)}b`);
    const prose = filled("word ".repeat(1_000));
    const settings = exportSettingsSchema.parse({});
    const ratio = await costRatio(
      () => renderMarkdown(blank, settings),
      () => renderMarkdown(prose, settings),
    );
    expect(ratio).toBeLessThan(10);
  });

  it("escapes text that would turn into formatting, uses the skills table and numbering of the template", () => {
    const resume = sampleResume();
    resume.basics.name = "Ada *Star* <b>Lovelace</b> #1";
    const md = renderMarkdown(resume, exportSettingsSchema.parse({ template: "technical" })).toString("utf8");
    expect(md).toContain("# Ada \\*Star\\* \\<b\\>Lovelace\\</b\\> \\#1");
    expect(md).toContain("| **Web Development** | HTML, CSS, Javascript (Master) |");
    const academic = renderMarkdown(
      sampleResume(),
      exportSettingsSchema.parse({ template: "academic" }),
    ).toString("utf8");
    expect(academic).toContain("### 1. [Video compression for 3d media]");
  });

  it("writes a Chinese CV with Chinese titles and punctuation", () => {
    const md = renderMarkdown(chineseResume(), exportSettingsSchema.parse({})).toString("utf8");
    expect(md).toContain("## 工作经历");
    expect(md).toContain("- **编程语言**：Java、Go、TypeScript".replace(/、/g, "，"));
  });
});
