/**
 * One CV in two languages in a real browser: an English CV gets a German translation (no language
 * model is configured, so the fields are copied and marked for translation), a German bullet is
 * edited, the English bullet it came from is edited and exactly that German bullet shows as out of
 * date; the German PDF is exported, then both languages in one bundle. Each screen is checked with
 * axe-core and saved as a screenshot under test-output/screenshots/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS } from "../support/http.js";
import {
  browserSkipReason,
  launchBrowser,
  seriousA11yViolations,
  stopAfterFirstFailure,
  watchContext,
} from "./support/browser.js";
import { type E2eServer, startE2eServer } from "./support/server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = resolve(ROOT, "test-output/screenshots");
const GERMAN_BULLET = "Einen Algorithmus entwickelt, der Urheberrechtsverletzungen in Musik erkennt";
const ENGLISH_BULLET = "Built an algorithm that detects copyright infringement in music";

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[skipped] browser tests: ${skipReason}`);

type Artifact = { kind: string; is_latest: boolean; languages?: string[] | null; version: number };

describe.skipIf(skipReason !== null)("translations in Chromium", { timeout: 120_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let jobId = "";
  const pageErrors: string[] = [];

  const tab = (name: string) =>
    page.getByRole("navigation", { name: "CV steps" }).getByRole("link", { name, exact: true });
  /** The German text of the first bullet of the first position. */
  const germanBullet = () => page.getByLabel(/^German: Experience › .+ › Bullet 1$/);
  const germanBulletRow = () => page.locator(".translation-row", { has: germanBullet() });

  async function expectAccessible() {
    expect(await seriousA11yViolations(page)).toEqual([]);
  }

  async function exportOutcome() {
    const done = page.getByRole("heading", { name: "Your files" });
    const failedNotice = page.getByRole("alert").filter({ hasText: "The export failed" });
    await done.or(failedNotice).waitFor({ timeout: 60_000 });
    if (await failedNotice.isVisible()) throw new Error(`export failed: ${await failedNotice.textContent()}`);
  }

  async function artifacts(): Promise<Artifact[]> {
    const response = await fetch(`${server.baseUrl}/api/v1/jobs/${jobId}/artifacts`);
    return ((await response.json()) as { items: Artifact[] }).items;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startE2eServer();
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    watchContext(context, server.baseUrl, pageErrors);
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  }, 180_000);

  stopAfterFirstFailure(() => page, pageErrors, resolve(SHOTS, "translations-failed-step.png"));

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("uploads an English CV and confirms its sections", async () => {
    await page.goto(server.baseUrl);
    await page.locator("#cv-file").setInputFiles(join(CORPUS, "json-resume/sample.resume.json"));
    await page.waitForURL(/#\/jobs\/[0-9a-f-]+\/review$/, { timeout: 60_000 });
    jobId = /#\/jobs\/([^/]+)\//.exec(page.url())?.[1] ?? "";
    await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
    await page.getByRole("button", { name: "Confirm sections" }).click();
    const ask = page.getByRole("dialog", { name: "Confirm with open items?" });
    const confirmed = page.getByText("Confirmed. Ready to optimize and export.");
    await ask.or(confirmed).waitFor();
    if (await ask.isVisible()) await ask.getByRole("button", { name: "Confirm anyway" }).click();
    await confirmed.waitFor();
  });

  it("adds a German translation: copied and marked for translation, nothing out of date", async () => {
    await tab("Languages").click();
    await page.getByText("No translations yet.").waitFor();
    await page.getByLabel("Language", { exact: true }).selectOption("de");
    await page.getByRole("button", { name: "Add translation" }).click();
    await page.getByRole("heading", { name: "German translation" }).waitFor();
    // Without a language model the German field starts as a copy of the English one.
    await germanBulletRow().getByText("Not translated yet").waitFor();
    const english = await germanBulletRow().locator(".translation-row__source p[lang]").textContent();
    expect(english).toContain("Build an algorithm");
    await expect(germanBullet().inputValue()).resolves.toBe(english);
    await expect(page.getByText("Out of date", { exact: true }).count()).resolves.toBe(0);
    await page.screenshot({ path: resolve(SHOTS, "translations-01-added.png"), fullPage: false });
    await expectAccessible();
  });

  it("saves an edited German bullet", async () => {
    await germanBullet().fill(GERMAN_BULLET);
    await page.getByText("Unsaved changes").waitFor();
    await page.getByRole("button", { name: "Save translation" }).click();
    await page.getByText("Translation saved.").waitFor();
    await germanBulletRow().getByText("Edited", { exact: true }).waitFor();
    await expect(germanBulletRow().getByText("Not translated yet").count()).resolves.toBe(0);
    // The edit is stored: a reload shows it.
    await page.reload();
    await expect(germanBullet().inputValue()).resolves.toBe(GERMAN_BULLET);
  });

  it("marks exactly that German bullet out of date when its English bullet changes", async () => {
    await tab("Review").click();
    const bullets = page
      .getByRole("region", { name: /^Position 1/ })
      .first()
      .getByRole("group", { name: "Achievements" });
    await bullets.getByRole("textbox").first().fill(ENGLISH_BULLET);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("All changes saved.").waitFor();

    await tab("Languages").click();
    await germanBulletRow().getByText("Out of date", { exact: true }).waitFor();
    await expect(page.getByText("Out of date", { exact: true }).count()).resolves.toBe(1);
    await expect(germanBullet().inputValue()).resolves.toBe(GERMAN_BULLET);
    await expect(germanBulletRow().locator(".translation-row__source p[lang]").textContent()).resolves.toBe(
      ENGLISH_BULLET,
    );
    await page.screenshot({ path: resolve(SHOTS, "translations-02-out-of-date.png"), fullPage: false });
    await expectAccessible();
  });

  it("exports the German PDF", async () => {
    await tab("Export").click();
    const languages = page.getByRole("group", { name: "Languages" });
    await languages.waitFor();
    await languages.getByRole("checkbox", { name: /^English/ }).uncheck();
    await languages.getByRole("checkbox", { name: "German" }).check();
    await page.getByRole("checkbox", { name: "Word (DOCX)" }).uncheck();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await exportOutcome();
    await page.locator(".file-list__item", { hasText: "German" }).waitFor();
    await expectAccessible();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^Download PDF version 1/ }).click(),
    ]);
    const text = execFileSync("pdftotext", [(await download.path()) as string, "-"], { encoding: "utf8" });
    expect(text.replace(/\s+/g, " ")).toContain(GERMAN_BULLET);
    const pdf = (await artifacts()).find((a) => a.kind === "pdf" && a.is_latest);
    expect(pdf?.languages).toEqual(["de"]);
  });

  it("exports English and German in one bundle", async () => {
    const languages = page.getByRole("group", { name: "Languages" });
    await languages.getByRole("checkbox", { name: /^English/ }).check();
    // Several languages are one ZIP: the bundle box is ticked and cannot be unticked.
    const bundle = page.getByRole("checkbox", { name: "Also as one ZIP file" });
    await expect(bundle.isChecked()).resolves.toBe(true);
    await expect(bundle.isDisabled()).resolves.toBe(true);
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await exportOutcome();
    await page.locator(".file-list__item", { hasText: "ZIP bundle" }).waitFor();
    await page.screenshot({ path: resolve(SHOTS, "translations-03-bundle.png"), fullPage: false });
    await expectAccessible();
    const zip = (await artifacts()).find((a) => a.kind === "zip" && a.is_latest);
    expect(zip?.languages).toEqual(["en", "de"]);
  });
});
