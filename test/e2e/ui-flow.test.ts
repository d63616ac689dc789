/**
 * The whole product in a real browser: upload (rejected and accepted files),
 * review and edit with an edit conflict between two tabs, confirm, optimize
 * with accept/reject, two exports with preview and downloads, version
 * history, activity log, a 375 px phone screen and deleting a job. Each
 * screen is checked with axe-core and saved as a screenshot under
 * test-output/screenshots/.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserSkipReason,
  openBrowserSession,
  seriousA11yViolations,
  stopAfterFirstFailure,
} from "./support/browser.js";
import { type E2eServer, startE2eServer } from "./support/server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = resolve(ROOT, "test-output/screenshots");
const CORPUS_PDF = resolve(ROOT, "../shared/corpus/reactive-resume/pikachu.pdf");
const JOB_DESCRIPTION =
  "We are looking for a Web Developer with strong JavaScript, TypeScript, React and Node.js skills. " +
  "You will build and maintain web applications, collaborate with cross-functional teams, write automated " +
  "tests, and optimize applications for speed and scalability. Experience with PostgreSQL, Docker and CI/CD is a plus.";

/** A step tab of the job screen. */
function tab(target: Page, name: string) {
  return target.getByRole("navigation", { name: "CV steps" }).getByRole("link", { name, exact: true });
}

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[skipped] browser tests: ${skipReason}`);

/** A one-page PDF with a drawing and no text layer, like a scan. */
function scannedPdf(): Promise<Buffer> {
  return new Promise((resolvePdf) => {
    const doc = new PDFDocument({ size: "A4" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolvePdf(Buffer.concat(chunks)));
    doc.rect(72, 72, 300, 200).fill("#888888");
    doc.end();
  });
}

// Generous limits: CI runs other test files beside this one on two cores.
describe.skipIf(skipReason !== null)("web UI in Chromium", { timeout: 120_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let jobUrl = "";
  /** Uncaught page errors and requests leaving the machine: each step fails if one occurred. */
  const pageErrors: string[] = [];

  /** Saves a screenshot; long editor screens are taken at viewport size, the rest in full. */
  async function shot(name: string, options: { target?: Page; fullPage?: boolean } = {}) {
    const target = options.target ?? page;
    await target.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: options.fullPage ?? true });
  }

  /** Waits for the export to finish; a failed export fails the step with its message at once. */
  async function exportOutcome() {
    const done = page.getByRole("heading", { name: "Your files" });
    const failedNotice = page.getByRole("alert").filter({ hasText: "The export failed" });
    await done.or(failedNotice).waitFor({ timeout: 60_000 });
    if (await failedNotice.isVisible()) throw new Error(`export failed: ${await failedNotice.textContent()}`);
  }

  async function expectAccessible(target: Page = page) {
    expect(await seriousA11yViolations(target)).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rmSync(resolve(SHOTS, "failed-step.png"), { force: true });
    server = await startE2eServer({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
    // No request may leave the machine: fonts and scripts are bundled.
    ({ browser, context, page } = await openBrowserSession(server.baseUrl, pageErrors));
  }, 180_000);

  stopAfterFirstFailure(() => page, pageErrors, resolve(SHOTS, "failed-step.png"));

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the start page, accessible and without external requests", async () => {
    await page.goto(server.baseUrl);
    await page.getByRole("heading", { name: "Upload a CV" }).waitFor();
    await page.getByText("No CVs yet").waitFor();
    await shot("01-home");
    await expectAccessible();
  });

  it("explains rejected files (wrong type, too large, no text layer) and cancels a slow upload", async () => {
    const input = page.locator("#cv-file");
    // PNG and JPEG scans are read with OCR now; a GIF is still a type the service refuses.
    await input.setInputFiles({
      name: "photo.gif",
      mimeType: "image/gif",
      buffer: Buffer.from("474946383961010001000000002c", "hex"),
    });
    const alert = page.getByRole("alert").filter({ hasText: "photo.gif could not be used" });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain("not supported");
    await shot("02-upload-rejected");
    await expectAccessible();
    await alert.getByRole("button", { name: "Dismiss" }).click();

    // The limit is stated up front, and a larger file is refused before a byte of it is sent.
    await page.getByText("Up to 2.0 MB.").waitFor();
    const uploads: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => {
      if (r.method() === "POST" && r.url().endsWith("/api/v1/jobs")) uploads.push(r.url());
    };
    page.on("request", onRequest);
    await input.setInputFiles({
      name: "huge.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3 * 1024 * 1024, 32)]),
    });
    const tooLarge = page.getByRole("alert").filter({ hasText: "huge.pdf could not be used" });
    await tooLarge.waitFor();
    await expect(tooLarge.textContent()).resolves.toContain(
      "huge.pdf is 3.0 MB; the largest file accepted is 2.0 MB.",
    );
    await tooLarge.getByRole("button", { name: "Dismiss" }).click();

    // A legacy Word file gets advice instead of a bare refusal.
    await input.setInputFiles({
      name: "old.doc",
      mimeType: "application/msword",
      buffer: Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(4096)]),
    });
    const legacy = page.getByRole("alert").filter({ hasText: "old.doc could not be used" });
    await legacy.waitFor();
    await expect(legacy.textContent()).resolves.toContain("save it as .docx or PDF");
    await expectAccessible();
    await legacy.getByRole("button", { name: "Dismiss" }).click();
    page.off("request", onRequest);
    expect(uploads).toEqual([]);

    // A slow upload can be canceled: throttle the network so the upload is still running.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    await input.setInputFiles({
      name: "slow.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(1024 * 1024, 32)]),
    });
    await page.getByRole("button", { name: "Cancel upload" }).click();
    await page.getByText("Upload of slow.pdf canceled.").waitFor();
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();

    await input.setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: await scannedPdf() });
    const noText = page.getByRole("alert").filter({ hasText: "scan.pdf could not be used" });
    await noText.waitFor();
    // A PDF without a text layer is read with OCR; this one holds no text at all.
    await expect(noText.textContent()).resolves.toContain("No text was recognised");
    await noText.getByRole("button", { name: "Dismiss" }).click();
  });

  it("uploads a corpus PDF, follows the parse live and opens the editor", async () => {
    await page.locator("#cv-file").setInputFiles(CORPUS_PDF);
    await page.waitForURL(/#\/jobs\/[0-9a-f-]+\/review$/, { timeout: 60_000 });
    jobUrl = page.url();
    await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
    await expect(page.getByLabel("Full name").inputValue()).resolves.not.toBe("");
    expect(await page.getByRole("region", { name: /^Employer 1/ }).count()).toBe(1);
    await shot("03-review", { fullPage: false });
    await expectAccessible();
  });

  it("keeps export and optimize disabled until the sections are confirmed", async () => {
    await tab(page, "Export").click();
    await page.getByText("Confirm your sections on the Review tab first.").waitFor();
    await expect(page.getByRole("button", { name: "Export", exact: true }).isDisabled()).resolves.toBe(true);
    await tab(page, "Optimize").click();
    await expect(page.getByRole("button", { name: "Suggest improvements" }).isDisabled()).resolves.toBe(true);
    await tab(page, "Review").click();
    await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
  });

  it("highlights where the focused field came from in the original, and the highlight follows the focus", async () => {
    const pane = page.getByRole("region", { name: /^The uploaded original/ });
    await pane.getByRole("img", { name: /^Page 1 of \d+ of the original$/ }).waitFor();
    const highlight = pane.getByTestId("original-highlight");
    const where = pane.getByTestId("original-where");

    await page.getByLabel("Full name").focus();
    await highlight.waitFor();
    await expect(where.textContent()).resolves.toMatch(/came from page \d+/);
    // The box lies on a drawn page of the original, inside it.
    const onPage = () =>
      highlight.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const frame = (el.parentElement as HTMLElement).getBoundingClientRect();
        return {
          page: (el.parentElement as HTMLElement).dataset.page,
          inside:
            box.width > 0 &&
            box.height > 0 &&
            box.left >= frame.left - 1 &&
            box.right <= frame.right + 1 &&
            box.top >= frame.top - 1 &&
            box.bottom <= frame.bottom + 1,
          style: el.getAttribute("style"),
        };
      });
    const first = await onPage();
    expect(first.inside).toBe(true);
    expect(first.page).toMatch(/^\d+$/);

    // Another field from elsewhere in the original: the highlight moves there.
    await page.getByLabel("Employer", { exact: true }).first().focus();
    await page.waitForFunction(
      (before) =>
        document.querySelector("[data-testid=original-highlight]")?.getAttribute("style") !== before,
      first.style,
    );
    const second = await onPage();
    expect(second.inside).toBe(true);
    expect(second.style).not.toBe(first.style);
    await shot("03-review-original", { fullPage: false });
    await expectAccessible();
  });

  it("places unplaced text in two clicks, merges a split employer, undoes and redoes by keyboard", async () => {
    // The parser leaves lines it could not place under "Unplaced text"; two clicks put one into Experience.
    const unplaced = page.getByRole("region", { name: "Unplaced text" });
    await unplaced.waitFor();
    const employers = page.getByRole("region", { name: /^Employer \d+/ });
    const before = await employers.count();
    const firstLine = unplaced.locator(".unplaced__line").first();
    const text = (await firstLine.locator(".unplaced__text").textContent()) ?? "";
    const lines = await unplaced.locator(".unplaced__line").count();
    await firstLine.getByText("Move to…").click();
    await firstLine.getByRole("button", { name: "Experience: new employer" }).click();
    await expect(employers.count()).resolves.toBe(before + 1);
    await expect(page.getByLabel("Employer", { exact: true }).last().inputValue()).resolves.toBe(
      text.trim().slice(0, 300),
    );
    if (lines > 1) await expect(unplaced.locator(".unplaced__line").count()).resolves.toBe(lines - 1);
    else await unplaced.waitFor({ state: "detached" });
    await expectAccessible();

    // That line was part of the employer above (a job split in two): merge it back, its position follows.
    const positionsAbove = await employers
      .nth(before - 1)
      .getByRole("region", { name: /^Position/ })
      .count();
    await page
      .getByRole("button", { name: new RegExp(`\\(Employer ${before + 1} into Employer ${before},`) })
      .click();
    await expect(employers.count()).resolves.toBe(before);
    await expect(
      employers
        .nth(before - 1)
        .getByRole("region", { name: /^Position/ })
        .count(),
    ).resolves.toBe(positionsAbove + 1);

    // Undo and redo by keyboard, from inside a field.
    const headline = page.getByLabel("Headline");
    const original = await headline.inputValue();
    await headline.fill("Typo fixed headline");
    await headline.press("Control+Z");
    await expect(headline.inputValue()).resolves.toBe(original);
    await headline.press("Control+Shift+Z");
    await expect(headline.inputValue()).resolves.toBe("Typo fixed headline");
    await page.keyboard.press("Control+Z");
    await page.keyboard.press("Control+Z");
    await expect(employers.count()).resolves.toBe(before + 1);
    await page.getByRole("button", { name: "Redo" }).click();
    await page.getByRole("button", { name: "Redo" }).click();
    await expect(employers.count()).resolves.toBe(before);
    await expect(headline.inputValue()).resolves.toBe("Typo fixed headline");

    // Ctrl+S saves, and focus stays in the field the person was editing.
    await headline.focus();
    await page.keyboard.press("Control+S");
    await page.getByText("All changes saved.").waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-basics.label");
    // Saving with the button (which then turns disabled) returns focus to the field as well.
    await headline.fill(original);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("All changes saved.").waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-basics.label");
  });

  it("edits entries and bullets, warns about unsaved changes, saves", async () => {
    await page.getByLabel("Headline").fill("Full-stack web developer");
    const firstPosition = page.getByRole("region", { name: /^Position 1/ }).first();
    const bullets = firstPosition.getByRole("group", { name: "Achievements" });
    const before = await bullets.getByRole("textbox").count();
    await bullets.getByRole("button", { name: "+ Add bullet" }).click();
    await bullets
      .getByRole("textbox")
      .last()
      .fill("Cut page load time by 40% by code-splitting the dashboard");
    await bullets.getByRole("button", { name: `Move Bullet ${before + 1} up` }).click();
    await expect(
      bullets
        .getByRole("textbox")
        .nth(before - 1)
        .inputValue(),
    ).resolves.toContain("Cut page load");
    await page.getByText("You have unsaved changes.").waitFor();
    await expect(page.getByRole("button", { name: "Confirm sections" }).isDisabled()).resolves.toBe(true);

    // In-app navigation asks first; "Stay" keeps the edits.
    await tab(page, "Versions").click();
    const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
    await dialog.waitFor();
    await shot("04-unsaved-warning", { fullPage: false });
    await dialog.getByRole("button", { name: "Stay" }).click();
    expect(page.url()).toBe(jobUrl);
    await expect(page.getByLabel("Headline").inputValue()).resolves.toBe("Full-stack web developer");

    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("All changes saved.").waitFor();
  });

  it("explains an edit conflict between two tabs and reloads the newer version", async () => {
    const other = await context.newPage();
    await other.goto(jobUrl);
    await other.getByLabel("Headline").fill("Changed in the other tab");
    await other.getByRole("button", { name: "Save changes" }).click();
    await other.getByText("All changes saved.").waitFor();

    await page.getByLabel("Headline").fill("Changed in this tab");
    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "This CV was changed elsewhere" });
    await conflict.waitFor();
    await shot("05-edit-conflict", { fullPage: false });
    await expectAccessible();
    await conflict.getByRole("button", { name: "Reload latest version" }).click();
    await page.getByText("No unsaved changes.").waitFor();
    await expect(page.getByLabel("Headline").inputValue()).resolves.toBe("Changed in the other tab");
    await other.close();
  });

  it("confirms the sections, naming the open review items once", async () => {
    await page.getByRole("button", { name: "Confirm sections" }).click();
    const ask = page.getByRole("dialog", { name: "Confirm with open items?" });
    await ask.getByText(/^Still open: \d+ flagged fields, \d+ unplaced lines/).waitFor();
    await expectAccessible();
    await ask.getByRole("button", { name: "Confirm anyway" }).click();
    await page.getByText("Confirmed. Ready to optimize and export.").waitFor();
    await page.locator(".job__header .badge", { hasText: "Confirmed" }).waitFor();
  });

  it("optimizes against a job description; accepts one proposal, rejects another, applies", async () => {
    await tab(page, "Optimize").click();
    await page.getByLabel(/Job description/).fill(JOB_DESCRIPTION);
    await page.getByRole("button", { name: "Suggest improvements" }).click();
    // With a posting, the kept tailoring opens: fit report beside the proposals with their evidence.
    await page.getByRole("heading", { name: /^Suggested changes \(\d+\)$/ }).waitFor({ timeout: 60_000 });
    await page.getByRole("heading", { name: "Fit with the posting" }).waitFor();
    const proposals = page.locator(".tailoring .proposal");
    const count = await proposals.count();
    expect(count).toBeGreaterThanOrEqual(2);
    const proposed = (await proposals.nth(0).locator("ins").textContent()) ?? "";
    // Each decision is saved on the server; wait until the re-rendered button says so.
    await proposals.nth(0).getByRole("button", { name: "Accept" }).click();
    await proposals.nth(0).getByRole("button", { name: "Accept", pressed: true }).waitFor();
    await proposals.nth(1).getByRole("button", { name: "Reject" }).click();
    await proposals.nth(1).getByRole("button", { name: "Reject", pressed: true }).waitFor();
    await shot("06-optimize");
    await page.getByRole("heading", { name: "Fit with the posting" }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -24));
    await shot("06-optimize-suggestions", { fullPage: false });
    await expectAccessible();
    await page.getByRole("button", { name: "Apply 1 accepted" }).click();
    await page.getByText(/^Applied 1 changes/).waitFor();

    // The cover letter: drafted (from the template: no model is configured here), edited, kept, downloaded.
    const letter = page.getByRole("region", { name: "Cover letter" });
    await letter.getByRole("button", { name: "Draft a cover letter" }).click();
    const greeting = letter.getByLabel("Greeting");
    await greeting.waitFor();
    await greeting.fill("Dear hiring team at Example Labs,");
    await letter.getByRole("button", { name: "Save letter" }).click();
    await letter.getByRole("button", { name: "Draft again" }).waitFor();
    await expectAccessible();
    const [letterPdf] = await Promise.all([
      page.waitForEvent("download"),
      letter.getByRole("link", { name: "Download PDF" }).click(),
    ]);
    const letterBytes = readFileSync((await letterPdf.path()) as string);
    expect(letterBytes.subarray(0, 5).toString()).toBe("%PDF-");
    const kept = await page.evaluate(async (url) => {
      const jobId = /#\/jobs\/([^/]+)/.exec(url)?.[1];
      const list = (await (await fetch(`/api/v1/jobs/${jobId}/tailorings`)).json()) as {
        items: { id: string }[];
      };
      const one = (await (await fetch(`/api/v1/jobs/${jobId}/tailorings/${list.items[0]!.id}`)).json()) as {
        cover_letter: { greeting: string } | null;
      };
      return one.cover_letter?.greeting;
    }, page.url());
    expect(kept).toBe("Dear hiring team at Example Labs,");

    // The accepted text is in the editor; accepted suggestions keep the confirmation.
    await tab(page, "Review").click();
    await page.getByText("Confirmed. Ready to optimize and export.").waitFor();
    const inEditor = await page.evaluate(
      (text) =>
        Array.from(document.querySelectorAll("input, textarea")).some(
          (e) => (e as HTMLInputElement).value === text,
        ),
      proposed,
    );
    expect(inEditor).toBe(true);
  });

  it("exports PDF, DOCX and a bundle, previews page 1 and downloads", async () => {
    await tab(page, "Export").click();
    await page.getByRole("radio", { name: /Modern/ }).check();
    await page.getByRole("radio", { name: /US Letter/ }).check();
    await page.getByRole("checkbox", { name: "Also as one ZIP file" }).check();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await exportOutcome();
    await page.locator(".export__result canvas[data-state=ready]").waitFor({ timeout: 30_000 });
    await shot("07-export");
    await expectAccessible();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^Download PDF version 1/ }).click(),
    ]);
    const bytes = readFileSync((await download.path()) as string);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const names = await page.locator(".file-list__item strong").allTextContents();
    expect(names).toEqual(expect.arrayContaining(["PDF", "Word", "ZIP bundle"]));
  });

  it("flags the export as out of date after an edit, and exports version 2", async () => {
    await tab(page, "Review").click();
    await page.getByLabel("Headline").fill("Senior full-stack web developer");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("All changes saved.").waitFor();
    // The person's own edit is reviewed by definition: the CV stays confirmed and exportable.
    await page.locator(".job__header .badge", { hasText: "Confirmed" }).waitFor();
    await tab(page, "Export").click();
    await page.getByText("Your latest export is out of date").waitFor();
    await page.getByRole("checkbox", { name: "Word (DOCX)" }).uncheck();
    // Leave one section out; the choice is kept in the job's export settings.
    const sectionBoxes = page.getByRole("group", { name: "Sections to include" }).getByRole("checkbox");
    const left = sectionBoxes.last();
    const leftOut = (await left.locator("xpath=..").textContent())?.trim() ?? "";
    await left.uncheck();
    const firstTwo = (await page.locator(".section-order__item .check").allTextContents())
      .slice(0, 2)
      .map((t) => t.trim());
    await page.getByRole("button", { name: `Move ${firstTwo[0]} down` }).click();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await exportOutcome();
    await page.getByRole("link", { name: /^Download PDF version 2/ }).waitFor();
    const jobId = /#\/jobs\/([^/]+)\//.exec(jobUrl)?.[1];
    const job = (await (await fetch(`${server.baseUrl}/api/v1/jobs/${jobId}`)).json()) as {
      export_settings: { hidden_sections: string[]; template: string };
      schema_dirty: boolean;
    };
    expect(job.export_settings.hidden_sections).toHaveLength(1);
    expect(job.export_settings.template).toBe("modern");
    expect(job.schema_dirty).toBe(false);
    await page.reload();
    await page
      .getByRole("group", { name: "Sections to include" })
      .getByRole("checkbox", { name: leftOut })
      .waitFor();
    await expect(
      page
        .getByRole("group", { name: "Sections to include" })
        .getByRole("checkbox", { name: leftOut })
        .isChecked(),
    ).resolves.toBe(false);
    // The new order survived the reload too.
    await expect(page.locator(".section-order__item .check").first().textContent()).resolves.toBe(
      firstTwo[1],
    );
  });

  it("lists versions per format and downloads an older one", async () => {
    await tab(page, "Versions").click();
    const pdfTable = page.getByRole("table", { name: "PDF versions, newest first" });
    await pdfTable.waitFor();
    const rows = pdfTable.locator("tbody tr");
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain("v2");
    await expect(rows.nth(0).textContent()).resolves.toContain("Latest");
    await page.getByRole("table", { name: "Word versions, newest first" }).waitFor();
    await shot("08-history");
    await expectAccessible();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^Download PDF version 1/ }).click(),
    ]);
    expect(
      readFileSync((await download.path()) as string)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // Each file says what it was made with.
    await expect(rows.nth(0).textContent()).resolves.toMatch(/Modern template · (A4|Letter)/);

    // An edit after the export marks the files out of date; a character no font has is named on the
    // export screen with a link to the field that holds it.
    const jobId = /#\/jobs\/([^/]+)\//.exec(jobUrl)?.[1];
    const jobApi = `${server.baseUrl}/api/v1/jobs/${jobId}`;
    const setFirstEmployer = async (change: (name: string) => string) => {
      const res = await fetch(jobApi);
      const job = (await res.json()) as { sections: { work: { name: string }[] } };
      const before = job.sections.work[0]!.name;
      job.sections.work[0]!.name = change(before);
      const patched = await fetch(jobApi, {
        method: "PATCH",
        headers: { "content-type": "application/json", "if-match": res.headers.get("etag") ?? "" },
        body: JSON.stringify({ sections: job.sections }),
      });
      expect(patched.status).toBe(200);
      return before;
    };
    const employer = await setFirstEmployer((name) => `${name} \u{13000}`);
    await page.reload();
    await pdfTable.waitFor();
    await expect(pdfTable.getByText("Out of date").count()).resolves.toBe(2);
    await tab(page, "Export").click();
    const glyphs = page.getByRole("alert").filter({ hasText: "Some characters cannot be printed" });
    await glyphs.waitFor({ timeout: 30_000 });
    await expect(glyphs.textContent()).resolves.toContain("“\u{13000}” (U+13000)");
    await expectAccessible();
    await glyphs.getByRole("link", { name: /^Fix in Review: Experience › .+ › Name$/ }).click();
    await page.waitForURL(/#\/jobs\/[^/]+\/review\?field=work\.0\.name$/);
    // The review screen opens with that field focused, ready to fix.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe("f-work.0.name");
    await setFirstEmployer(() => employer);
    await page.goto(jobUrl);
  });

  it("changes the live preview with every design control, and keeps the choices", async () => {
    await tab(page, "Export").click();
    const preview = page.getByRole("region", { name: "Preview" });
    const canvas = preview.locator("canvas[data-state=ready]");
    await canvas.waitFor({ timeout: 30_000 });
    /** Waits until the preview shows something else than `before`, and returns it. */
    const changed = async (before: string) => {
      await page.waitForFunction(
        (b) => {
          const c = document.querySelector<HTMLCanvasElement>(".design-preview canvas[data-state=ready]");
          return c !== null && c.toDataURL() !== b;
        },
        before,
        { timeout: 30_000 },
      );
      return canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    };
    let image = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const design = page.getByRole("group", { name: "Design" });
    await design.getByLabel("Accent colour").fill("#ffcc00");
    // Yellow on white is too faint for text: the screen says what the export will use.
    await design.getByText(/below the 4\.5:1 text needs; the export darkens it to #[0-9a-f]{6}/).waitFor();
    image = await changed(image);
    await design.getByLabel("Font").selectOption("eb-garamond");
    image = await changed(image);
    await design.getByLabel("Text size").fill("11");
    image = await changed(image);
    await design.getByLabel("Line spacing").fill("1.5");
    image = await changed(image);
    await design.getByLabel("Margins").fill("25");
    image = await changed(image);
    await design.getByLabel("Dates").selectOption("numeric");
    image = await changed(image);
    await page.getByRole("radio", { name: /Sidebar/ }).check();
    image = await changed(image);
    const jpeg = await import("jpeg-js");
    const data = new Uint8Array(200 * 200 * 4).fill(180);
    await expect(design.getByRole("button", { name: "Upload a photo" }).isVisible()).resolves.toBe(true);
    await design.locator("input[type=file]").setInputFiles({
      name: "me.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from(jpeg.default.encode({ data, width: 200, height: 200 }, 90).data),
    });
    await design.getByRole("button", { name: "Replace photo" }).waitFor();
    image = await changed(image);
    await design.getByRole("radio", { name: "Square" }).check();
    image = await changed(image);
    await design.getByLabel("Fit to one page when it overflows by a little").check();
    await expectAccessible();
    await shot("07b-export-design");
    // Exporting saves the design with the export settings.
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await exportOutcome();
    const jobId = /#\/jobs\/([^/]+)\//.exec(jobUrl)?.[1];
    const job = (await (await fetch(`${server.baseUrl}/api/v1/jobs/${jobId}`)).json()) as {
      export_settings: Record<string, unknown>;
      has_photo: boolean;
    };
    expect(job.export_settings).toMatchObject({
      template: "sidebar",
      accent_color: "#ffcc00",
      font: "eb-garamond",
      font_size: 11,
      date_format: "numeric",
      photo_shape: "square",
      fit_to_one_page: true,
    });
    expect(job.has_photo).toBe(true);
  });

  it("shows the activity in plain language, newest first, with trace ids behind Details", async () => {
    await tab(page, "Activity").click();
    await page.locator(".timeline__item").first().waitFor();
    expect(await page.locator(".timeline__item").count()).toBeGreaterThan(3);
    // Newest first: the last export leads, the upload ends the list.
    await expect(page.locator(".timeline__type").first().textContent()).resolves.toMatch(
      /^Exported .+ with the Sidebar template\.$/,
    );
    await expect(page.locator(".timeline__type").last().textContent()).resolves.toMatch(
      /^You uploaded the CV/,
    );
    const text = await page.locator(".timeline__type").allTextContents();
    expect(text.join(" ")).not.toMatch(/task|queued|activity\./);
    const trace = page.locator(".activity__details code.trace").first();
    await expect(trace.isVisible()).resolves.toBe(false);
    await page.locator(".activity__details summary").first().click();
    await expect(trace.textContent()).resolves.toMatch(/^[0-9a-f][0-9a-f-]{15,}$/);
    await shot("09-activity");
    await expectAccessible();
  });

  it("works on a 375 px phone screen and by keyboard", async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const p = await phone.newPage();
    p.on("pageerror", (e) => pageErrors.push(e.message));
    await p.goto(jobUrl);
    await p.getByRole("heading", { name: "Profile", exact: true }).waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - screen.width);
    expect(overflow).toBeLessThanOrEqual(0);
    // The section menu stays reachable on a phone: scrolled far down, it is still on screen.
    await p.getByRole("button", { name: "Show more sections (volunteering, awards, languages, …)" }).click();
    expect(await p.evaluate(() => document.documentElement.scrollWidth - screen.width)).toBeLessThanOrEqual(
      0,
    );
    await p.getByRole("button", { name: "Hide empty sections" }).click();
    await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    const menu = p.getByRole("navigation", { name: "Sections" });
    await expect(menu.isVisible()).resolves.toBe(true);
    // Measured by the page after two frames, once the scroll has been laid out.
    const top = await p.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              resolve(document.querySelector("nav.section-nav")?.getBoundingClientRect().top ?? -1),
            ),
          ),
        ),
    );
    expect(top, "the section menu's top after scrolling half-way").toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(812);
    await menu.getByRole("button", { name: "Skills" }).click();
    await expect(p.evaluate(() => document.activeElement?.id)).resolves.toBe("section-skills");
    // Start over from the top of a fresh page for the screenshot and the keyboard walk.
    await p.reload();
    await p.getByRole("heading", { name: "Profile", exact: true }).waitFor();
    await p.screenshot({ path: resolve(SHOTS, "10-phone-review.png") });
    await expectAccessible(p);

    // Keyboard only: the skip link comes first, then the header; Enter follows a tab link.
    await p.keyboard.press("Tab");
    await expect(p.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    const versions = tab(p, "Versions");
    await versions.focus();
    await p.keyboard.press("Enter");
    await p.getByRole("table", { name: "PDF versions, newest first" }).waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth - screen.width)).toBeLessThanOrEqual(
      0,
    );
    await p.goto(server.baseUrl);
    await p.getByRole("heading", { name: "Your CVs" }).waitFor();
    await p.screenshot({ path: resolve(SHOTS, "11-phone-home.png"), fullPage: true });
    await phone.close();
  });

  it("lists past jobs and deletes one after confirmation", async () => {
    await page.goto(server.baseUrl);
    const items = page.locator(".job-list__item");
    await items.first().waitFor();
    const before = await items.count();
    expect(before).toBeGreaterThanOrEqual(2);
    await page.getByRole("button", { name: "Delete scan.pdf" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this CV?" });
    await dialog.waitFor();
    await expectAccessible();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted scan.pdf." }).waitFor({ state: "attached" });
    await expect(items.count()).resolves.toBe(before - 1);
    await shot("12-jobs");
  });
});
