/**
 * One CV in two languages in a real browser: an English CV gets a German translation (no language
 * model is configured, so the fields are copied and marked for translation), a German bullet is
 * edited, the English bullet it came from is edited and exactly that German bullet shows as out of
 * date. Then the UI itself switches to German (no horizontal overflow at 375 px with its long
 * words), both languages export as PDF and DOCX in one bundle (German labels and dates in the German
 * files), and the UI switches to French, which a reload keeps. Each screen is checked with axe-core
 * in English, German and French and saved as a screenshot under test-output/screenshots/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import mammoth from "mammoth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS } from "../support/http.js";
import {
  browserSkipReason,
  openBrowserSession,
  seriousA11yViolations,
  stopAfterFirstFailure,
} from "./support/browser.js";
import { type E2eServer, startE2eServer } from "./support/server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = resolve(ROOT, "test-output/screenshots");
const GERMAN_BULLET = "Einen Algorithmus entwickelt, der Urheberrechtsverletzungen in Musik erkennt";
const ENGLISH_BULLET = "Built an algorithm that detects copyright infringement in music";
/** The sample's first job starts in December 2013; each document prints it in its own language. */
const monthYear = (locale: string) =>
  oneLine(
    new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(
      Date.UTC(2013, 11, 1),
    ),
  );
/** Text with every run of white space (no-break spaces too) as one plain space. */
const oneLine = (text: string) => text.replace(/\s+/g, " ");

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
  /** The German text of the first bullet of the first position, labelled in the UI's language. */
  const germanBullet = (label = /^German: Experience › .+ › Bullet 1$/) => page.getByLabel(label);
  const germanBulletRow = (label?: RegExp) => page.locator(".translation-row", { has: germanBullet(label) });

  async function expectAccessible() {
    expect(await seriousA11yViolations(page)).toEqual([]);
  }

  /** Picks a language in the header's menu; the page changes language without a reload. */
  async function switchUi(locale: string) {
    await page.getByRole("banner").getByRole("combobox").selectOption(locale);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
  }

  /** Whether the page is wider than a 375 px phone screen. */
  async function overflowsPhone(): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  async function download(link: ReturnType<Page["getByRole"]>): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
    return (await file.path()) as string;
  }

  /** The download link of the exported file of `kind` (as the list labels it) in `language`. */
  const fileLink = (kind: RegExp, language: string) =>
    page
      .locator(".file-list__item")
      .filter({ has: page.locator("strong", { hasText: kind }) })
      .filter({ hasText: language })
      .getByRole("link");

  async function exportOutcome(done = "Your files", failed = "The export failed") {
    const doneHeading = page.getByRole("heading", { name: done });
    const failedNotice = page.getByRole("alert").filter({ hasText: failed });
    await doneHeading.or(failedNotice).waitFor({ timeout: 60_000 });
    if (await failedNotice.isVisible()) throw new Error(`export failed: ${await failedNotice.textContent()}`);
  }

  async function artifacts(): Promise<Artifact[]> {
    const response = await fetch(`${server.baseUrl}/api/v1/jobs/${jobId}/artifacts`);
    return ((await response.json()) as { items: Artifact[] }).items;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startE2eServer();
    ({ browser, page } = await openBrowserSession(server.baseUrl, pageErrors));
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
    await page.getByRole("main").getByLabel("Language", { exact: true }).selectOption("de");
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

  it("switches the UI to German, which announces it and fits a 375 px screen", async () => {
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
    await switchUi("de");
    // The same screen, now in German, with what was on it: the one out-of-date German bullet.
    await page.getByRole("heading", { name: "Übersetzung: Deutsch" }).waitFor();
    await expect(page.getByText("Veraltet", { exact: true }).count()).resolves.toBe(1);
    await germanBulletRow(/^Deutsch: Berufserfahrung › .+ › Stichpunkt 1$/)
      .getByText("Veraltet", { exact: true })
      .waitFor();
    await expect(page.title()).resolves.toBe("Resume Agent");
    await page
      .getByRole("navigation", { name: "Schritte des Lebenslaufs" })
      .getByText("Exportieren")
      .waitFor();
    await expectAccessible();

    await page.setViewportSize({ width: 375, height: 800 });
    await expect(overflowsPhone()).resolves.toBeLessThanOrEqual(0);
    await page.getByRole("link", { name: "Prüfen", exact: true }).click();
    await page
      .getByRole("button", { name: "Abschnitte bestätigen" })
      .or(page.getByText("Bestätigt ✓"))
      .waitFor();
    await expect(overflowsPhone()).resolves.toBeLessThanOrEqual(0);
    await page.screenshot({ path: resolve(SHOTS, "translations-03-german-ui-phone.png"), fullPage: false });
    await page.getByRole("link", { name: "Exportieren", exact: true }).click();
    await page.getByRole("checkbox", { name: "Zusätzlich als eine ZIP-Datei" }).waitFor();
    await expect(overflowsPhone()).resolves.toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("exports both languages as PDF and DOCX in one bundle, German files in German", async () => {
    await page.getByRole("link", { name: "Exportieren", exact: true }).click();
    const languages = page.getByRole("group", { name: "Sprachen" });
    await languages.waitFor();
    await languages.getByRole("checkbox", { name: /^Englisch/ }).check();
    await languages.getByRole("checkbox", { name: "Deutsch" }).check();
    await page.getByRole("checkbox", { name: "PDF", exact: true }).check();
    await page.getByRole("checkbox", { name: "Word (DOCX)" }).check();
    // Several languages are one ZIP: the bundle box is ticked and cannot be unticked.
    const bundle = page.getByRole("checkbox", { name: "Zusätzlich als eine ZIP-Datei" });
    await expect(bundle.isChecked()).resolves.toBe(true);
    await expect(bundle.isDisabled()).resolves.toBe(true);
    await page.getByRole("button", { name: "Exportieren", exact: true }).click();
    await exportOutcome("Ihre Dateien", "Der Export ist fehlgeschlagen");
    await page.locator(".file-list__item", { hasText: "ZIP-Paket" }).waitFor();
    await page.screenshot({ path: resolve(SHOTS, "translations-04-german-export.png"), fullPage: false });
    await expectAccessible();

    const latest = (await artifacts()).filter((a) => a.is_latest);
    const made = latest.map((a) => `${a.kind}:${(a.languages ?? []).join("+")}`).sort();
    expect(made).toEqual(["docx:de", "docx:en", "pdf:de", "pdf:en", "zip:en+de"]);

    const docxText = async (path: string) => oneLine((await mammoth.extractRawText({ path })).value);
    const germanDocx = await docxText(await download(fileLink(/^Word/, "Deutsch")));
    // Section headings may be set in capitals by the template.
    expect(germanDocx.toLowerCase()).toContain("berufserfahrung");
    expect(germanDocx).toContain(GERMAN_BULLET);
    expect(germanDocx).toContain(monthYear("de"));
    expect(germanDocx).not.toContain(ENGLISH_BULLET);
    const englishDocx = await docxText(await download(fileLink(/^Word/, "Englisch")));
    expect(englishDocx.toLowerCase()).toContain("experience");
    expect(englishDocx).toContain(ENGLISH_BULLET);
    expect(englishDocx).toContain(monthYear("en"));

    const germanPdf = oneLine(
      execFileSync("pdftotext", [await download(fileLink(/^PDF/, "Deutsch")), "-"], { encoding: "utf8" }),
    );
    expect(germanPdf).toContain(GERMAN_BULLET);
    expect(germanPdf.toLowerCase()).toContain("berufserfahrung");
  });

  it("switches the UI to French, and a reload keeps it", async () => {
    await switchUi("fr");
    await page.getByRole("heading", { name: "Vos fichiers" }).waitFor();
    await page.getByRole("button", { name: "Exporter", exact: true }).waitFor();
    await expectAccessible();

    await page.reload();
    await page.getByRole("link", { name: "Langues", exact: true }).click();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("fr");
    await page.getByRole("heading", { name: "Traduction : allemand" }).waitFor();
    await expect(page.getByText("Obsolète", { exact: true }).count()).resolves.toBe(1);
    await germanBulletRow(/^allemand : Expérience professionnelle › .+ › Puce 1$/)
      .getByText("Obsolète", { exact: true })
      .waitFor();
    await page.screenshot({ path: resolve(SHOTS, "translations-05-french-ui.png"), fullPage: false });
    await expectAccessible();
  });
});
