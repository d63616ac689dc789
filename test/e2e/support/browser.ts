/**
 * Debian's Chromium driven by playwright-core. Never downloads a browser:
 * without /usr/bin/chromium the browser tests are skipped with a printed
 * reason, except under CI=true where they must run.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterEach, beforeEach } from "vitest";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `${CHROMIUM_PATH} not found (install with: apt-get install -y chromium)`;
  if (process.env.CI === "true") throw new Error(`browser tests must run in CI, but ${reason}`);
  return reason;
}

/** Headless Chromium with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/**
 * Runs axe-core in the page and returns the serious and critical violations
 * (WCAG 2.x A/AA rules), each as "rule: help (selectors)".
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== "undefined",
  );
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline tags.
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Records every page error and every request to another origin than `origin`: the UI makes none. */
export function watchContext(context: BrowserContext, origin: string, problems: string[]): void {
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && url.origin !== origin)
      problems.push(`external request to ${url.origin}`);
  });
  context.on("page", (p) => p.on("pageerror", (e) => problems.push(e.message)));
}

/**
 * The browser session a flow runs in: Chromium, one desktop-sized context (downloads accepted) whose
 * foreign requests and page errors land in `problems`, and its page.
 */
export async function openBrowserSession(
  origin: string,
  problems: string[],
  timeoutMs = 30_000,
): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  watchContext(context, origin, problems);
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  return { browser, context, page };
}

/**
 * The steps of a browser flow build on each other: after the first failure (or a page error or external
 * request recorded in `problems`) the rest are skipped instead of timing out, and the page is saved as
 * `screenshot` for the CI log reader.
 */
export function stopAfterFirstFailure(
  page: () => Page | undefined,
  problems: string[],
  screenshot: string,
): void {
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    const uncaught = problems.splice(0);
    if (ctx.task.result?.state !== "fail" && uncaught.length === 0) return;
    failed = true;
    await page()
      ?.screenshot({ path: screenshot, fullPage: true })
      .catch(() => undefined);
    if (uncaught.length > 0) throw new Error(`page errors or external requests: ${uncaught.join("; ")}`);
  });
}
