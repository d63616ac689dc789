/**
 * Variants and share links in a real browser: a confirmed master gets two variants on its Variants
 * tab, a master edit reaches both, a conflict on one is resolved with keep-mine and the change is
 * promoted to the master, that variant is exported and shared with a recipient, the link opens in a
 * fresh browser context (no login) with the document drawn and a download button, the owner sees
 * the view, a phone screen does not scroll sideways, and the revoked link answers with its 410
 * page. Each screen is checked with axe-core.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
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

type Job = { id: string; sections: { basics: Record<string, unknown> } & Record<string, unknown> };
type Variant = { job_id: string; target: { company?: string }; conflicts: { path: string }[]; job: Job };

function tab(target: Page, name: string) {
  return target.getByRole("navigation", { name: "CV steps" }).getByRole("link", { name, exact: true });
}

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[skipped] browser tests: ${skipReason}`);

describe.skipIf(skipReason !== null)("variants and share links in Chromium", { timeout: 120_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let masterId = "";
  let globexId = "";
  let acmeId = "";
  let shareUrl = "";
  const pageErrors: string[] = [];

  const api = (path: string) => `${server.baseUrl}/api/v1${path}`;

  async function expectAccessible(target: Page = page) {
    expect(await seriousA11yViolations(target)).toEqual([]);
  }

  /** Edits one basics field through the API, as another tab of the owner would. */
  async function editBasics(jobId: string, field: string, value: string) {
    const current = await page.request.get(api(`/jobs/${jobId}`));
    const job = (await current.json()) as Job;
    const sections = { ...job.sections, basics: { ...job.sections.basics, [field]: value } };
    const patched = await page.request.patch(api(`/jobs/${jobId}`), {
      data: { sections },
      headers: { "if-match": current.headers().etag ?? "" },
    });
    expect(patched.status()).toBe(200);
  }

  async function confirm(jobId: string) {
    const current = await page.request.get(api(`/jobs/${jobId}`));
    const confirmed = await page.request.post(api(`/jobs/${jobId}/confirm`), {
      data: { acknowledge_flags: true },
      headers: { "if-match": current.headers().etag ?? "" },
    });
    expect(confirmed.status()).toBe(200);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startE2eServer();
    ({ browser, page } = await openBrowserSession(server.baseUrl, pageErrors));
  }, 180_000);

  stopAfterFirstFailure(() => page, pageErrors, resolve(SHOTS, "variants-failed-step.png"));

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("uploads and confirms a master, then makes two variants on its Variants tab", async () => {
    await page.goto(server.baseUrl);
    await page.locator("#cv-file").setInputFiles(CORPUS_PDF);
    await page.waitForURL(/#\/jobs\/[0-9a-f-]+\/review$/, { timeout: 60_000 });
    masterId = /#\/jobs\/([0-9a-f-]+)\//.exec(page.url())?.[1] ?? "";
    await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
    await confirm(masterId);

    await tab(page, "Variants").click();
    await page.getByRole("heading", { name: "Variants of this CV" }).waitFor();
    await page.getByText("No variants yet.").waitFor();
    await expectAccessible();
    for (const [company, role] of [
      ["Acme", "Web developer"],
      ["Globex", "Platform engineer"],
    ] as const) {
      await page.getByLabel("Company").fill(company);
      await page.getByLabel("Role").fill(role);
      await page.getByRole("button", { name: "Create variant" }).click();
      await page.getByRole("link", { name: `Open variant ${role} at ${company}` }).waitFor();
    }
    await page.screenshot({ path: resolve(SHOTS, "variants-01-list.png"), fullPage: true });
    await expectAccessible();
    const list = (await (await page.request.get(api(`/jobs/${masterId}/variants`))).json()) as {
      items: Variant[];
    };
    acmeId = list.items.find((v) => v.target.company === "Acme")?.job_id ?? "";
    globexId = list.items.find((v) => v.target.company === "Globex")?.job_id ?? "";
    expect(acmeId).not.toBe("");
    expect(globexId).not.toBe("");
  });

  it("carries a master edit into both variants and resolves a conflict with keep-mine", async () => {
    await editBasics(globexId, "label", "Platform engineer for Globex");
    await editBasics(masterId, "label", "Staff developer");
    await editBasics(masterId, "phone", "+1 555 0199");
    for (const id of [acmeId, globexId]) {
      const variant = (await (await page.request.get(api(`/variants/${id}`))).json()) as Variant;
      expect(variant.job.sections.basics.phone).toBe("+1 555 0199");
    }

    await page.reload();
    await page.getByRole("link", { name: "Open variant Platform engineer at Globex" }).click();
    await page.getByRole("heading", { name: "Variant for Platform engineer at Globex" }).waitFor();
    const conflict = page.locator(".variants__conflict", { hasText: "basics/label" });
    await conflict.getByText("Platform engineer for Globex").waitFor();
    await conflict.getByText("Staff developer").waitFor();
    await page.screenshot({ path: resolve(SHOTS, "variants-02-conflict.png"), fullPage: true });
    await expectAccessible();
    await conflict.getByRole("button", { name: "Keep mine" }).click();
    await page.getByText("Conflict resolved.").waitFor();
    const after = (await (await page.request.get(api(`/variants/${globexId}`))).json()) as Variant;
    expect(after.conflicts).toEqual([]);
    expect(after.job.sections.basics.label).toBe("Platform engineer for Globex");

    // The variant's change is listed against the master's value and can be carried into the master.
    const change = page.locator(".variants__change", { hasText: "basics/label" });
    await change.getByText("Staff developer").waitFor();
    await expectAccessible();
    await change.getByRole("button", { name: "Use in master (basics/label)" }).click();
    await page.getByText("The master CV and its other variants now use this value.").waitFor();
    for (const id of [masterId, acmeId]) {
      const job = (await (await page.request.get(api(`/jobs/${id}`))).json()) as Job;
      expect(job.sections.basics.label).toBe("Platform engineer for Globex");
    }
  });

  it("exports the variant and makes a share link for a recipient, shown once", async () => {
    await confirm(globexId);
    await tab(page, "Export").click();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const done = page.getByRole("heading", { name: "Your files" });
    const failedNotice = page.getByRole("alert").filter({ hasText: "The export failed" });
    await done.or(failedNotice).waitFor({ timeout: 60_000 });
    expect(await failedNotice.isVisible()).toBe(false);

    await tab(page, "Variants").click();
    await page.getByRole("heading", { name: "Share", exact: true }).waitFor();
    await page.getByText("No share links yet.").waitFor();
    await page.getByLabel("Recipient").fill("Globex — recruiter");
    await page.getByRole("button", { name: "Create share link" }).click();
    await page.getByText("Share link created").waitFor();
    shareUrl = await page.getByLabel("Share link").inputValue();
    expect(shareUrl).toMatch(/#\/s\/[A-Za-z0-9_-]{22,}$/);
    const row = page.getByRole("row", { name: /Globex — recruiter/ });
    await row.getByText("Active").waitFor();
    await page.screenshot({ path: resolve(SHOTS, "variants-03-share.png"), fullPage: true });
    await expectAccessible();
  });

  it("opens the link in a fresh browser context without login and shows the document", async () => {
    const recipient = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    try {
      const other = await recipient.newPage();
      other.on("pageerror", (e) => pageErrors.push(e.message));
      await other.goto(shareUrl);
      await other.getByRole("heading", { name: "Shared document" }).waitFor();
      await other.locator("canvas[data-state=ready]").waitFor({ timeout: 30_000 });
      await other.getByRole("link", { name: /^Download .+\.pdf$/ }).waitFor();
      await expect(other.getByRole("link", { name: "Your CVs" }).count()).resolves.toBe(0);
      await other.screenshot({ path: resolve(SHOTS, "variants-04-public.png"), fullPage: true });
      await expectAccessible(other);
    } finally {
      await recipient.close();
    }

    await page.reload();
    const row = page.getByRole("row", { name: /Globex — recruiter/ });
    await row.waitFor();
    const cells = await row.getByRole("cell").allTextContents();
    expect(cells[3]).toBe("1");
    expect(cells[4]).not.toBe("never");
  });

  it("fits a 375 px phone screen without sideways scrolling", async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    try {
      const p = await phone.newPage();
      p.on("pageerror", (e) => pageErrors.push(e.message));
      await p.goto(page.url());
      await p.getByRole("row", { name: /Globex — recruiter/ }).waitFor();
      // The elements past the right edge, to name the culprit when the page scrolls sideways. Measured
      // against the device width: a mobile browser widens its layout viewport (innerWidth) to fit the page.
      const wide = await p.evaluate(() =>
        Array.from(document.querySelectorAll("body *"))
          .filter((e) => e.getBoundingClientRect().right > screen.width + 1)
          // Tabs and tables scroll inside their own box.
          .filter((e) => !e.closest(".tabs, .share__table"))
          .slice(0, 8)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      );
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - screen.width);
      expect({ overflow: Math.max(0, overflow), wide: overflow > 0 ? wide : [] }).toEqual({
        overflow: 0,
        wide: [],
      });
      await p.screenshot({ path: resolve(SHOTS, "variants-06-phone.png"), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it("revokes the link, which then shows its 410 page", async () => {
    await page.getByRole("button", { name: "Revoke the link for Globex — recruiter" }).click();
    const ask = page.getByRole("dialog");
    await ask.getByRole("button", { name: "Revoke" }).click();
    await page
      .getByRole("row", { name: /Globex — recruiter/ })
      .getByText("Revoked")
      .waitFor();
    await expectAccessible();

    const recipient = await browser.newContext();
    try {
      const other = await recipient.newPage();
      const gone = other.waitForResponse((r) => r.url().includes("/api/v1/shared/"));
      await other.goto(shareUrl);
      expect((await gone).status()).toBe(410);
      await other.getByText("This link no longer works").waitFor();
      await other.getByText("This link was revoked by its owner.").waitFor();
      await other.screenshot({ path: resolve(SHOTS, "variants-05-revoked.png"), fullPage: true });
      await expectAccessible(other);
    } finally {
      await recipient.close();
    }
  });

  it("shares the other variant with another recipient, whose link still opens", async () => {
    await confirm(acmeId);
    await page.goto(`${server.baseUrl}/#/jobs/${acmeId}/export`);
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const done = page.getByRole("heading", { name: "Your files" });
    const failedNotice = page.getByRole("alert").filter({ hasText: "The export failed" });
    await done.or(failedNotice).waitFor({ timeout: 60_000 });
    expect(await failedNotice.isVisible()).toBe(false);

    await tab(page, "Variants").click();
    await page.getByRole("heading", { name: "Variant for Web developer at Acme" }).waitFor();
    await page.getByLabel("Recipient").fill("Acme — hiring manager");
    await page.getByRole("button", { name: "Create share link" }).click();
    const acmeUrl = await page.getByLabel("Share link").inputValue();
    expect(acmeUrl).not.toBe(shareUrl);
    // Each variant's links are its own: the Globex recipient is not listed here.
    await expect(page.getByRole("row", { name: /Globex — recruiter/ }).count()).resolves.toBe(0);

    const recipient = await browser.newContext();
    try {
      const other = await recipient.newPage();
      await other.goto(acmeUrl);
      await other.locator("canvas[data-state=ready]").waitFor({ timeout: 30_000 });
    } finally {
      await recipient.close();
    }

    // The master lists both variants as shared.
    await page.goto(`${server.baseUrl}/#/jobs/${masterId}/variants`);
    for (const name of ["Web developer at Acme", "Platform engineer at Globex"]) {
      const item = page.locator(".variants__item", { hasText: name });
      await item.waitFor();
      await expect(item.textContent()).resolves.not.toContain("Last shared: never");
    }
    await expectAccessible();
  });
});
