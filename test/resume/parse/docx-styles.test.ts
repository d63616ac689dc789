import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { readArchive, storedZip } from "../../../src/resume/parse/archive-reader.js";
import { slimStyleSheet, withSlimStyles } from "../../../src/resume/parse/docx-styles.js";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const sheet = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>${body}</w:styles>`;

describe("slimStyleSheet", () => {
  it("keeps each style's attributes, its first name and a numbering style's first list, nothing else", () => {
    const xml = sheet(
      '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>' +
        '<w:latentStyles w:count="2"><w:lsdException w:name="Normal"/></w:latentStyles>' +
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:name w:val="second"/>' +
        '<w:basedOn w:val="Normal"/><w:rPr><w:b/><w:name w:val="not a child of the style"/></w:rPr></w:style>' +
        '<w:style w:type="numbering" w:styleId="Bullets"><w:name w:val="Bullets &amp; dots"></w:name>' +
        '<w:pPr><w:ind w:left="720"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/><w:numId w:val="8"/></w:numPr></w:pPr>' +
        '<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>' +
        '<w:style w:type="character" w:styleId="Empty" w:title="a > b"/>',
    );
    expect(slimStyleSheet(xml)).toBe(
      sheet(
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>' +
          '<w:style w:type="numbering" w:styleId="Bullets"><w:name w:val="Bullets &amp; dots"/>' +
          '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>' +
          '<w:style w:type="character" w:styleId="Empty" w:title="a > b"/>',
      ),
    );
  });

  it("leaves alone a sheet it cannot cut safely", () => {
    const style = '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/></w:style>';
    // Another prefix, a comment, markup compatibility, another encoding, unbalanced or cut-off markup.
    expect(slimStyleSheet(sheet(style).replaceAll("w:", "x:"))).toBeUndefined();
    expect(slimStyleSheet(sheet(`<!-- note -->${style}`))).toBeUndefined();
    expect(slimStyleSheet(sheet(`<mc:AlternateContent/>${style}`))).toBeUndefined();
    expect(slimStyleSheet(sheet(style).replace("UTF-8", "windows-1252"))).toBeUndefined();
    expect(slimStyleSheet(sheet(`${style}</w:rPr>`))).toBeUndefined();
    expect(slimStyleSheet(sheet(style).slice(0, -20))).toBeUndefined();
  });
});

const here = fileURLToPath(new URL(".", import.meta.url));
const docxFiles = [
  join(here, "../../fixtures/parse"),
  join(here, "../../fixtures/parse/dev"),
  join(here, "../../../../shared/corpus/real-world"),
]
  .filter(existsSync)
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".docx"))
      .map((f) => join(dir, f)),
  );

describe("mammoth on slim style sheets", () => {
  it.each(docxFiles)("reads %s exactly as with its own style sheet", async (file) => {
    const archive = await readArchive(new Uint8Array(readFileSync(file)), DEFAULT_PARSE_LIMITS, () => true);
    const styles = archive.entries.find((e) => e.name === "word/styles.xml")!;
    const slim = withSlimStyles(archive.entries).find((e) => e.name === "word/styles.xml")!;
    expect(slim.data!.length).toBeLessThan(styles.data!.length);
    const options = {
      styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
      ignoreEmptyParagraphs: false,
    };
    const html = async (entries: typeof archive.entries) =>
      (await mammoth.convertToHtml({ buffer: await storedZip({ ...archive, entries }) }, options)).value;
    expect(await html(withSlimStyles(archive.entries))).toBe(await html(archive.entries));
  });
});
