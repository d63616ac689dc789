/**
 * Named versions and protected, expiring share links in a real browser: on the Versions tab the
 * current state is kept under a name, the CV is edited, the two versions are compared field by
 * field, the named version is restored and the restore undone, and restoring the state from before
 * the restore works too (the sections are read back through the API after each step). A PDF is
 * exported and shared with a passcode: a fresh browser context (the recipient) is refused a wrong
 * passcode, sees the document with the right one, and the view reaches the owner's count. Another
 * link expires (its `expires_at` moved into the past in PostgreSQL, standing for time passing) and
 * its recipient sees the expired page. Guessing passcodes runs into the server's rate limit, which
 * the page says in words. Every new screen is checked with axe-core and at 375 px.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
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
const CORPUS_RESUME = resolve(ROOT, "../shared/corpus/json-resume/sample.resume.json");

type Job = { id: string; sections: { basics: Record<string, unknown> } & Record<string, unknown> };
type Version = { id: string; number: number; name: string | null; reason: string };
type Link = { id: string; recipient: string; views: number; status: string; passcode: boolean };

const NAME = "before tailoring for Acme";
const TAILORED = "Staff engineer for Acme";
const PASSCODE = "blue-heron-42";
/** Public share requests per minute: the flow makes five before its last step guesses passcodes. */
const PUBLIC_LIMIT = 10;

function tab(target: Page, name: string) {
  return target.getByRole("navigation", { name: "CV steps" }).getByRole("link", { name, exact: true });
}

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[skipped] browser tests: ${skipReason}`);

describe.skipIf(skipReason !== null)(
  "named versions and share passcodes in Chromium",
  { timeout: 60_000 },
  () => {
    let server: E2eServer;
    let browser: Browser;
    let page: Page;
    let jobId = "";
    let originalLabel = "";
    let named: Version;
    let passcodeUrl = "";
    let expiringUrl = "";
    const pageErrors: string[] = [];

    const api = (path: string) => `${server.baseUrl}/api/v1${path}`;

    async function expectAccessible(target: Page = page) {
      expect(await seriousA11yViolations(target)).toEqual([]);
    }

    async function getJob(): Promise<Job> {
      return (await (await page.request.get(api(`/jobs/${jobId}`))).json()) as Job;
    }

    async function versions(): Promise<Version[]> {
      return ((await (await page.request.get(api(`/jobs/${jobId}/versions`))).json()) as { items: Version[] })
        .items;
    }

    async function links(): Promise<Link[]> {
      return ((await (await page.request.get(api(`/jobs/${jobId}/shares`))).json()) as { items: Link[] })
        .items;
    }

    /** Whether the page scrolls sideways on a phone, naming the elements that stick out. */
    async function sidewaysOverflow(p: Page) {
      return p.evaluate(() => {
        const overflow = document.documentElement.scrollWidth - screen.width;
        const wide = Array.from(document.querySelectorAll("body *"))
          .filter((e) => e.getBoundingClientRect().right > screen.width + 1)
          .filter((e) => !e.closest(".tabs, .share__table"))
          .slice(0, 8)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
        return { overflow: Math.max(0, overflow), wide: overflow > 0 ? wide : [] };
      });
    }

    /** A page in a fresh browser context on a phone (no login, as the recipient). */
    async function asRecipient(steps: (p: Page) => Promise<void>) {
      const recipient = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
      try {
        const p = await recipient.newPage();
        p.on("pageerror", (e) => pageErrors.push(e.message));
        await steps(p);
      } finally {
        await recipient.close();
      }
    }

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      // A small limit on the public share routes, so the last step can reach it.
      server = await startE2eServer({ SHARE_RATE_LIMIT_PER_MINUTE: String(PUBLIC_LIMIT) });
      ({ browser, page } = await openBrowserSession(server.baseUrl, pageErrors, 20_000));
    }, 120_000);

    stopAfterFirstFailure(() => page, pageErrors, resolve(SHOTS, "versions-failed-step.png"));

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("keeps the current state under a name on the Versions tab", async () => {
      const upload = await page.request.post(api("/jobs"), {
        multipart: {
          file: { name: "resume.json", mimeType: "application/json", buffer: readFileSync(CORPUS_RESUME) },
        },
      });
      expect(upload.status()).toBe(202);
      jobId = ((await upload.json()) as { job: Job }).job.id;
      await page.goto(`${server.baseUrl}/#/jobs/${jobId}/review`);
      // The review screen shows the sections once the parse finished.
      await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
      const current = await page.request.get(api(`/jobs/${jobId}`));
      const confirmed = await page.request.post(api(`/jobs/${jobId}/confirm`), {
        data: { acknowledge_flags: true },
        headers: { "if-match": current.headers().etag ?? "" },
      });
      expect(confirmed.status()).toBe(200);
      originalLabel = String((await getJob()).sections.basics.label);
      expect(originalLabel).not.toBe("");

      await tab(page, "Versions").click();
      await page.getByRole("heading", { name: "Versions of the content" }).waitFor();
      await page.getByLabel("Name for the current state").fill(NAME);
      await page.getByRole("button", { name: "Keep as named version" }).click();
      await page.getByText(new RegExp(`^Kept as version \\d+, “${NAME}”\\.$`)).waitFor();
      named = (await versions()).find((v) => v.name === NAME) as Version;
      expect(named).toMatchObject({ reason: "snapshot" });
      const kept = (await (await page.request.get(api(`/jobs/${jobId}/versions/${named.id}`))).json()) as {
        sections: Job["sections"];
      };
      expect(kept.sections).toEqual((await getJob()).sections);
      await page.locator(".versions__item", { hasText: NAME }).waitFor();
      await expectAccessible();
    });

    it("lists an edit with what it changed and compares it with the named version", async () => {
      const current = await page.request.get(api(`/jobs/${jobId}`));
      const job = (await current.json()) as Job;
      const patched = await page.request.patch(api(`/jobs/${jobId}`), {
        data: { sections: { ...job.sections, basics: { ...job.sections.basics, label: TAILORED } } },
        headers: { "if-match": current.headers().etag ?? "" },
      });
      expect(patched.status()).toBe(200);
      await page.reload();
      const newest = page.locator(".versions__item").first();
      await newest.getByText("Changed: Profile › Headline").waitFor();
      await newest.getByText("Current").waitFor();

      // At first the newest named version is compared with the newest one.
      await expect(page.getByLabel("From version").inputValue()).resolves.toBe(named.id);
      await page.getByRole("button", { name: "Compare", exact: true }).click();
      const change = page.locator(".versions__diff li", { hasText: "Profile › Headline" });
      await change.getByText(originalLabel, { exact: true }).waitFor();
      await change.getByText(TAILORED, { exact: true }).waitFor();
      await expect(page.locator(".versions__diff li").count()).resolves.toBe(1);
      await page.screenshot({ path: resolve(SHOTS, "versions-01-compare.png"), fullPage: true });
      await expectAccessible();
    });

    it("restores the named version, undoes the restore, and restores the state from before it", async () => {
      await page.getByRole("button", { name: `Restore version ${named.number}` }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
      await page.getByText(`Version ${named.number} restored.`).waitFor();
      expect((await getJob()).sections.basics.label).toBe(originalLabel);
      const restore = (await versions())[0] as Version;
      expect(restore.reason).toBe("restore");
      await page.locator(".versions__item").first().getByText(`Restored version ${named.number}`).waitFor();
      await expectAccessible();

      await page.getByRole("button", { name: `Undo the restore of version ${named.number}` }).click();
      await page.getByText("Restore undone").waitFor();
      expect((await getJob()).sections.basics.label).toBe(TAILORED);

      // Restore the named version again, then the version that held the tailored state before it.
      await page.getByRole("button", { name: `Restore version ${named.number}` }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
      await page.getByText(`Version ${named.number} restored.`).waitFor();
      expect((await getJob()).sections.basics.label).toBe(originalLabel);
      const list = await versions();
      const tailored = list.find(
        (v, i) => i > 0 && v.reason !== "snapshot" && v.number > named.number,
      ) as Version;
      const before = (await (
        await page.request.get(api(`/jobs/${jobId}/versions/${tailored.id}`))
      ).json()) as {
        sections: Job["sections"];
      };
      expect(before.sections.basics.label).toBe(TAILORED);
      await page.getByRole("button", { name: `Restore version ${tailored.number}` }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
      await page.getByText(`Version ${tailored.number} restored.`).waitFor();
      expect((await getJob()).sections.basics.label).toBe(TAILORED);
      await page.screenshot({ path: resolve(SHOTS, "versions-02-restored.png"), fullPage: true });
    });

    it("fits the Versions tab on a 375 px phone screen", async () => {
      const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
      try {
        const p = await phone.newPage();
        p.on("pageerror", (e) => pageErrors.push(e.message));
        await p.goto(page.url());
        await p.locator(".versions__item", { hasText: NAME }).waitFor();
        await p.getByRole("button", { name: "Compare", exact: true }).click();
        await p.locator(".versions__diff li").first().waitFor();
        expect(await sidewaysOverflow(p)).toEqual({ overflow: 0, wide: [] });
        await p.screenshot({ path: resolve(SHOTS, "versions-03-phone.png"), fullPage: true });
      } finally {
        await phone.close();
      }
    });

    it("shares an exported PDF with a passcode and another link with the shortest life", async () => {
      await tab(page, "Export").click();
      await page.getByRole("button", { name: "Export", exact: true }).click();
      const done = page.getByRole("heading", { name: "Your files" });
      const failedNotice = page.getByRole("alert").filter({ hasText: "The export failed" });
      await done.or(failedNotice).waitFor({ timeout: 40_000 });
      expect(await failedNotice.isVisible()).toBe(false);

      await tab(page, "Variants").click();
      await page.getByRole("heading", { name: "Share", exact: true }).waitFor();
      // The expiry starts at the server's default and is capped by its maximum.
      const limits = (await (await page.request.get(api("/shares/limits"))).json()) as {
        default_days: number;
        max_days: number;
      };
      const days = page.getByLabel("Expires in (days)");
      await expect(days.inputValue()).resolves.toBe(String(limits.default_days));
      await expect(days.getAttribute("max")).resolves.toBe(String(limits.max_days));
      await days.fill(String(limits.max_days + 1));
      await page.getByLabel("Recipient").fill("Acme — recruiter");
      await page.getByRole("button", { name: "Create share link" }).click();
      await page.getByText(`Enter a number of days from 1 to ${limits.max_days}.`).waitFor();

      await days.fill(String(limits.default_days));
      await page.getByLabel("Passcode (optional)").fill(PASSCODE);
      await page.getByRole("button", { name: "Create share link" }).click();
      await page.getByText("Share link created").waitFor();
      passcodeUrl = await page.getByLabel("Share link").inputValue();
      const row = page.getByRole("row", { name: /Acme — recruiter/ });
      await row.getByText("Passcode", { exact: true }).waitFor();

      await days.fill("1");
      await page.getByLabel("Recipient").fill("Globex — recruiter");
      await page.getByRole("button", { name: "Create share link" }).click();
      await page.getByRole("row", { name: /Globex — recruiter/ }).waitFor();
      expiringUrl = await page.getByLabel("Share link").inputValue();
      expect(expiringUrl).not.toBe(passcodeUrl);
      const made = await links();
      expect(made.find((l) => l.recipient === "Acme — recruiter")).toMatchObject({ passcode: true });
      expect(made.find((l) => l.recipient === "Globex — recruiter")).toMatchObject({ passcode: false });
      await page.screenshot({ path: resolve(SHOTS, "versions-04-share.png"), fullPage: true });
      await expectAccessible();
    });

    it("refuses a wrong passcode to the recipient and opens the document with the right one", async () => {
      await asRecipient(async (p) => {
        await p.goto(passcodeUrl);
        const field = p.getByLabel("Passcode", { exact: true });
        await field.waitFor();
        await field.fill("not-the-passcode");
        await p.getByRole("button", { name: "Open" }).click();
        await p.getByText("That passcode is not right.", { exact: false }).waitFor();
        await expectAccessible(p);
        expect(await sidewaysOverflow(p)).toEqual({ overflow: 0, wide: [] });
        await p.screenshot({ path: resolve(SHOTS, "versions-05-passcode.png"), fullPage: true });
        await p.getByLabel("Passcode", { exact: true }).fill(PASSCODE);
        await p.getByRole("button", { name: "Open" }).click();
        await p.locator("canvas[data-state=ready]").waitFor();
        await p.getByRole("link", { name: /^Download .+\.pdf$/ }).waitFor();
        expect(await sidewaysOverflow(p)).toEqual({ overflow: 0, wide: [] });
      });
      // Only the opening with the right passcode is a view.
      expect((await links()).find((l) => l.recipient === "Acme — recruiter")?.views).toBe(1);
      await page.reload();
      const row = page.getByRole("row", { name: /Acme — recruiter/ });
      await row.waitFor();
      const cells = await row.getByRole("cell").allTextContents();
      expect(cells[3]).toBe("1");
    });

    it("shows the recipient of an expired link the expired page", async () => {
      const link = (await links()).find((l) => l.recipient === "Globex — recruiter") as Link;
      // Time passing: the link's day is over.
      await server.database.db.execute(
        sql`UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = ${link.id}::uuid`,
      );
      await asRecipient(async (p) => {
        const gone = p.waitForResponse((r) => r.url().includes("/api/v1/shared/"));
        await p.goto(expiringUrl);
        const answer = await gone;
        expect(answer.status()).toBe(410);
        expect(((await answer.json()) as { code: string }).code).toBe("link_expired");
        await p.getByText("This link has expired", { exact: true }).waitFor();
        await p.getByText("Ask them for a new link", { exact: false }).waitFor();
        await expectAccessible(p);
        expect(await sidewaysOverflow(p)).toEqual({ overflow: 0, wide: [] });
        await p.screenshot({ path: resolve(SHOTS, "versions-06-expired.png"), fullPage: true });
      });
      await page.reload();
      await page
        .getByRole("row", { name: /Globex — recruiter/ })
        .getByText("Expired")
        .waitFor();
    });

    it("stops a recipient who keeps guessing the passcode, and says so", async () => {
      await asRecipient(async (p) => {
        await p.goto(passcodeUrl);
        const field = p.getByLabel("Passcode", { exact: true });
        let status = 0;
        for (let guess = 0; guess <= PUBLIC_LIMIT && status !== 429; guess++) {
          await field.fill(`guess-${guess}`);
          const answer = p.waitForResponse((r) => r.url().includes("/api/v1/shared/"));
          await p.getByRole("button", { name: "Open" }).click();
          status = (await answer).status();
          expect([403, 429]).toContain(status);
        }
        expect(status).toBe(429);
        await p.getByText("Too many attempts. Wait a minute, then try again.").waitFor();
        // The form stays, for when the minute has passed.
        await field.waitFor();
        await expectAccessible(p);
      });
    });
  },
);
