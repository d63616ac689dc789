/**
 * Regenerate the golden reference images and the template previews in
 * docs/templates. Run after an intended visual change, then look at them:
 *   npx tsx test/resume/render/golden/update-golden.ts
 */
import { writeFile } from "node:fs/promises";
import { TEMPLATE_IDS } from "../../../../src/resume/settings.js";
import { DOCS_DPI, docsPath, GOLDEN_DPI, goldenPath, rasterizeFirstPage, renderSample } from "./rasterize.js";

for (const template of TEMPLATE_IDS) {
  const pdf = await renderSample(template);
  await writeFile(goldenPath(template), await rasterizeFirstPage(pdf, GOLDEN_DPI));
  await writeFile(docsPath(template), await rasterizeFirstPage(pdf, DOCS_DPI));
  console.log(`${template}: ${goldenPath(template).pathname}`);
}
