/**
 * Tailoring with a language model in a real browser, against a local model
 * server speaking the real wire formats (OpenAI chat completions, and
 * Anthropic's Messages API in a second, shorter leg). A CV is uploaded and
 * confirmed, a posting pasted; the fit report shows the CV's evidence, the
 * model's proposals show what they draw on and the requirement they serve,
 * an invented employer and number are refused (shown, never offered for
 * accepting), a question is answered and the model uses the answer, a
 * proposal is accepted and another edited, applied and undone; the model
 * drafts a cover letter (its invented paragraph replaced), the user edits
 * it, keeps it as versioned PDF and Word files and downloads them.
 *
 * The scripted model answers from what it was sent: it rewrites the CV text
 * it received, at the path it received, and cites the requirement ids of the
 * posting it received, so a product that sends the wrong fields, paths or
 * requirements fails here. No request may carry the CV's e-mail or phone.
 * Every screen is checked with axe-core, and the tailoring screen at 375 px.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractPdfPlainText } from "../../src/resume/render/index.js";
import {
  type FakeLlmServer,
  openAiCompletion,
  type RecordedRequest,
  type Reply,
  startFakeLlmServer,
} from "../support/fake-llm-server.js";
import { ML_ENGINEER_CV, ML_POSTING } from "../support/tailoring-samples.js";
import {
  browserSkipReason,
  openBrowserSession,
  seriousA11yViolations,
  stopAfterFirstFailure,
} from "./support/browser.js";
import { type E2eServer, startE2eServer } from "./support/server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = resolve(ROOT, "test-output/screenshots");
const CONTACTS = /ada@example\.com|555 0100/;
const ANSWER = "I quantized models to INT8 with TensorRT at Nimbus Labs.";
const K8S_BULLET = "Serve PyTorch models with Triton on k8s for 40M daily requests";
const K8S_REWRITE = "Serve PyTorch models with Triton on Kubernetes for 40M daily requests";
const AIRFLOW_BULLET = "Built Python feature pipelines in Airflow";
const INVENTED = `${AIRFLOW_BULLET} at Google, cutting costs by 35%`;
const INVENTED_PARAGRAPH = "Before that I led a team of 12 engineers at Google.";

type Wire = "openai" | "anthropic";
type TailoringPrompt = {
  fields: { path: string; text: string }[];
  posting: { title: string | null; company: string | null; requirements: { id: string; text: string }[] };
  answers: { question: string; answer: string }[];
};
type LetterPrompt = { role: string | null; company: string | null; evidence: string[]; answers: string[] };

/** The system and user text of a request, whichever wire format carried it. */
function promptOf(req: RecordedRequest): { system: string; user: string } {
  const messages = (req.body.messages ?? []) as { role: string; content: unknown }[];
  const text = (c: unknown) => (typeof c === "string" ? c : JSON.stringify(c));
  if (typeof req.body.system === "string")
    return { system: req.body.system, user: text(messages.find((m) => m.role === "user")?.content) };
  return {
    system: text(messages.find((m) => m.role === "system")?.content),
    user: text(messages.find((m) => m.role === "user")?.content),
  };
}

const isLetter = (req: RecordedRequest) => promptOf(req).system.includes("cover letter");

/** What the model "writes" for a tailoring prompt: every text comes from the prompt itself. */
function tailoringAnswer(prompt: TailoringPrompt) {
  const field = (needle: string) => prompt.fields.find((f) => f.text.includes(needle));
  const requirement = (needle: string) =>
    prompt.posting.requirements.filter((r) => r.text.includes(needle)).map((r) => r.id);
  const rewrites = [];
  const k8s = field("k8s");
  if (k8s)
    rewrites.push({
      path: k8s.path,
      original: k8s.text,
      proposed: k8s.text.replace("k8s", "Kubernetes"),
      reason: "Uses the posting's word for Kubernetes",
      requirement_ids: requirement("Kubernetes"),
    });
  const airflow = field("Airflow");
  if (airflow)
    rewrites.push({
      path: airflow.path,
      original: airflow.text,
      proposed: `${airflow.text} at Google, cutting costs by 35%`,
      reason: "Names a well-known employer and a result",
      requirement_ids: requirement("Python"),
    });
  // Only once the author has answered: the answer is a fact the rewrite may use.
  const summary = prompt.fields.find((f) => f.path === "basics.summary");
  const answer = prompt.answers.find((a) => a.answer.includes("INT8"));
  if (summary && answer)
    rewrites.push({
      path: summary.path,
      original: summary.text,
      proposed: `${summary.text} ${answer.answer}`,
      reason: "Adds the quantization work you described",
      requirement_ids: requirement("quantization"),
    });
  return { rewrites, summary: null };
}

/** What the model "writes" for a cover-letter prompt: the role, company and evidence it was sent, and one invention. */
function letterAnswer(prompt: LetterPrompt) {
  return {
    greeting: `Dear ${prompt.company} hiring team,`,
    paragraphs: [
      `I am applying for the ${prompt.role} position at ${prompt.company}.`,
      `In my current role I ${prompt.evidence[0]?.replace(/^Serve/, "serve")}.`,
      INVENTED_PARAGRAPH,
    ],
  };
}

/** The scripted model: reads the prompt and answers in the wire format the request came in. */
function scriptedModel(wire: Wire) {
  return (req: RecordedRequest): Reply => {
    const { user } = promptOf(req);
    const answer = isLetter(req)
      ? letterAnswer(JSON.parse(user) as LetterPrompt)
      : tailoringAnswer(JSON.parse(user) as TailoringPrompt);
    if (wire === "openai") return { json: openAiCompletion(JSON.stringify(answer)) };
    const tool = (req.body.tool_choice as { name?: string } | undefined)?.name ?? "answer";
    return {
      json: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        content: [{ type: "tool_use", id: "toolu_1", name: tool, input: answer }],
        usage: { input_tokens: 40, output_tokens: 30 },
      },
    };
  };
}

/** A step tab of the job screen. */
function tab(target: Page, name: string) {
  return target.getByRole("navigation", { name: "CV steps" }).getByRole("link", { name, exact: true });
}

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[skipped] browser tests: ${skipReason}`);

/** Upload, parse and confirm the sample CV; leaves the page on the review screen of the new job. */
async function uploadAndConfirm(page: Page): Promise<string> {
  await page.getByRole("heading", { name: "Upload a CV" }).waitFor();
  await page.locator("#cv-file").setInputFiles({
    name: "ada.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(ML_ENGINEER_CV),
  });
  await page.waitForURL(/#\/jobs\/[0-9a-f-]+\/review$/, { timeout: 60_000 });
  await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
  await page.getByRole("button", { name: "Confirm sections" }).click();
  const ask = page.getByRole("dialog", { name: "Confirm with open items?" });
  const done = page.getByText("Confirmed. Ready to optimize and export.");
  await ask.or(done).first().waitFor();
  if (await ask.isVisible()) await ask.getByRole("button", { name: "Confirm anyway" }).click();
  await done.waitFor();
  return /#\/jobs\/([0-9a-f-]+)\//.exec(page.url())?.[1] ?? "";
}

/** Paste the posting and wait for the kept tailoring: fit report and proposals. */
async function tailor(page: Page) {
  await tab(page, "Optimize").click();
  await page.getByLabel(/Job description/).fill(ML_POSTING);
  await page.getByRole("button", { name: "Suggest improvements" }).click();
  await page.getByRole("heading", { name: /^Suggested changes \(\d+\)$/ }).waitFor({ timeout: 60_000 });
  await page.getByRole("heading", { name: "Fit with the posting" }).waitFor();
}

// Generous limits: CI runs other test files beside this one on two cores.
describe.skipIf(skipReason !== null)(
  "tailoring with a model (OpenAI wire format) in Chromium",
  {
    timeout: 120_000,
  },
  () => {
    let llm: FakeLlmServer;
    let server: E2eServer;
    let browser: Browser;
    let page: Page;
    let jobId = "";
    const problems: string[] = [];

    const expectAccessible = async (target: Page = page) =>
      expect(await seriousA11yViolations(target)).toEqual([]);
    const shot = (name: string) => page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
    const job = async () =>
      (await (await fetch(`${server.baseUrl}/api/v1/jobs/${jobId}`)).json()) as {
        sections: { basics: { summary: string }; work: { positions: { highlights: string[] }[] }[] };
      };
    const proposal = (text: string) => page.locator(".tailoring .proposal").filter({ hasText: text });

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      rmSync(resolve(SHOTS, "tailoring-model-failed-step.png"), { force: true });
      llm = await startFakeLlmServer();
      llm.reply(scriptedModel("openai"));
      server = await startE2eServer({
        OPTIMIZE_ENGINE: "llm",
        LLM_PROVIDER: "openai",
        LLM_BASE_URL: `${llm.url}/v1`,
        LLM_MODEL: "test-model",
        LLM_API_KEY: "test-key",
      });
      ({ browser, page } = await openBrowserSession(server.baseUrl, problems));
    }, 180_000);

    stopAfterFirstFailure(() => page, problems, resolve(SHOTS, "tailoring-model-failed-step.png"));

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await llm?.close();
    });

    it("shows the fit report and the model's proposals with their evidence; the invented one is refused", async () => {
      await page.goto(server.baseUrl);
      jobId = await uploadAndConfirm(page);
      await tailor(page);

      // The fit report: the CV text that covers a requirement, and plainly none for quantization.
      const fit = page.getByRole("region", { name: "Fit with the posting" });
      await fit.getByText("Senior ML Engineer, Inference Platform at Acme AI").waitFor();
      const kubernetes = fit.locator(".fit-item").filter({ hasText: "Python and Kubernetes in production" });
      await expect(kubernetes.locator("strong").textContent()).resolves.toBe("Covered");
      await kubernetes.getByText("Evidence in your CV").click();
      await kubernetes.locator("q").filter({ hasText: K8S_BULLET }).waitFor();
      const quantization = fit.locator(".fit-item").filter({ hasText: "model quantization" });
      await quantization.getByText("Nothing in your CV covers this yet.").waitFor();

      // The model's rewrite of the CV text it was sent, with what it draws on and the requirement it serves.
      const rewrite = proposal(K8S_REWRITE);
      await rewrite.waitFor();
      await expect(rewrite.locator("del").textContent()).resolves.toBe(K8S_BULLET);
      await rewrite.getByText("Serves: Python and Kubernetes in production").waitFor();
      await rewrite.getByText(`Draws on: ${K8S_BULLET}`).waitFor();

      // The invented employer and number are refused: shown with the reason, never offered for accepting.
      await expect(page.locator(".tailoring .proposal").filter({ hasText: "Google" }).count()).resolves.toBe(
        0,
      );
      const refused = page.getByRole("region", { name: /^Refused by the checks \(\d+\)$/ });
      const invented = refused.locator("li").filter({ hasText: INVENTED });
      await invented.waitFor();
      await expect(invented.textContent()).resolves.toMatch(/Why: fabrication: .*Google/);
      await expect(refused.getByRole("button").count()).resolves.toBe(0);

      // What the model was sent: the CV's fields at their paths and the posting's requirements, no contacts.
      const sent = llm.requests.filter((r) => !isLetter(r));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.path).toBe("/v1/chat/completions");
      const prompt = JSON.parse(promptOf(sent[0]!).user) as TailoringPrompt;
      expect(prompt.fields).toContainEqual(expect.objectContaining({ text: K8S_BULLET }));
      expect(prompt.posting.requirements.map((r) => r.text)).toContain("Experience with model quantization");
      expect(JSON.stringify(sent[0]!.body)).not.toMatch(CONTACTS);
      await shot("tailoring-model-01-proposals");
      await expectAccessible();
    });

    it("asks about the unevidenced requirement; the model uses the answer", async () => {
      const questions = page.getByRole("region", { name: "Questions about your experience" });
      await questions.getByLabel(/quantization/i).fill(ANSWER);
      await expectAccessible();
      await questions.getByRole("button", { name: "Save answers and suggest again" }).click();
      const fromAnswer = proposal(ANSWER);
      await fromAnswer.waitFor({ timeout: 60_000 });
      await fromAnswer.getByText("Serves: Experience with model quantization").waitFor();
      const second = llm.requests.filter((r) => !isLetter(r)).at(-1)!;
      const prompt = JSON.parse(promptOf(second).user) as TailoringPrompt;
      expect(prompt.answers.map((a) => a.answer)).toEqual([ANSWER]);
      expect(JSON.stringify(second.body)).not.toMatch(CONTACTS);
      // The earlier proposal is still there, and the invention is still refused.
      await proposal(K8S_REWRITE).waitFor();
      await expect(page.locator(".tailoring .proposal").filter({ hasText: "Google" }).count()).resolves.toBe(
        0,
      );
    });

    it("accepts one proposal, edits another, applies both and undoes", async () => {
      await proposal(K8S_REWRITE).getByRole("button", { name: "Accept" }).click();
      await proposal(K8S_REWRITE).getByRole("button", { name: "Accept", pressed: true }).waitFor();
      const summary = (await job()).sections.basics.summary;
      const mine = `${summary} I quantized models to INT8 at Nimbus Labs.`;
      await proposal(ANSWER).getByRole("button", { name: "Edit" }).click();
      await page.getByLabel("Your version of this change").fill(mine);
      await page.getByRole("button", { name: "Save my version" }).click();
      await proposal(mine).getByText("Edited by you").waitFor();
      await expectAccessible();

      await page.getByRole("button", { name: "Apply 2 accepted" }).click();
      await page.getByText(/^Applied 2 changes/).waitFor();
      let after = await job();
      expect(after.sections.work[0]!.positions[0]!.highlights).toContain(K8S_REWRITE);
      expect(after.sections.basics.summary).toBe(mine);
      await shot("tailoring-model-02-applied");

      await page.getByRole("button", { name: "Undo last apply" }).click();
      await page.getByText("The last apply was undone.").waitFor();
      after = await job();
      expect(after.sections.work[0]!.positions[0]!.highlights).toContain(K8S_BULLET);
      expect(after.sections.basics.summary).toBe(summary);
    });

    it("drafts the cover letter with the model, edits it, keeps it as versions and downloads them", async () => {
      const letter = page.getByRole("region", { name: "Cover letter" });
      await letter.getByRole("button", { name: "Draft a cover letter" }).click();
      const first = letter.getByLabel("Paragraph 1");
      await first.waitFor({ timeout: 60_000 });
      // Drafted from what the model was sent (role, company, the CV's evidence); the invented paragraph is replaced.
      await expect(letter.getByLabel("Greeting").inputValue()).resolves.toBe("Dear Acme AI hiring team,");
      await expect(first.inputValue()).resolves.toBe(
        "I am applying for the Senior ML Engineer, Inference Platform position at Acme AI.",
      );
      const paragraphs = await letter
        .locator("textarea[id^=letter-p]")
        .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
      expect(paragraphs.join("\n")).toContain("Triton on k8s for 40M daily requests");
      expect(paragraphs.join("\n")).not.toContain("Google");
      const letterRequest = llm.requests.filter(isLetter).at(-1)!;
      const prompt = JSON.parse(promptOf(letterRequest).user) as LetterPrompt;
      expect(prompt.evidence).toContain(K8S_BULLET);
      expect(prompt.answers).toEqual([ANSWER]);
      expect(JSON.stringify(letterRequest.body)).not.toMatch(CONTACTS);

      // The user's edit is kept, then kept as files.
      await first.fill("I am applying for the inference platform role at Acme AI, starting in March.");
      await letter.getByRole("button", { name: "Save letter" }).click();
      await letter.getByText("No versions kept yet.", { exact: false }).waitFor();
      const keep = letter.getByRole("button", { name: "Keep as PDF and Word versions" });
      await keep.click();
      await letter.getByText("Kept as version 1.").waitFor({ timeout: 60_000 });
      await keep.click();
      await letter.getByText("Kept as version 2.").waitFor({ timeout: 60_000 });
      const versions = letter.getByRole("table", { name: "Cover letter versions, newest first" });
      await expect(versions.locator("tbody tr").count()).resolves.toBe(4);
      await shot("tailoring-model-03-letter");
      await expectAccessible();

      const [pdf] = await Promise.all([
        page.waitForEvent("download"),
        versions.getByRole("link", { name: /^Download cover letter PDF version 1 / }).click(),
      ]);
      const pdfBytes = readFileSync((await pdf.path()) as string);
      expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");
      expect((await extractPdfPlainText(new Uint8Array(pdfBytes))).text.replace(/\s+/g, " ")).toContain(
        "starting in March",
      );
      const [docx] = await Promise.all([
        page.waitForEvent("download"),
        versions.getByRole("link", { name: /^Download cover letter Word version 2 / }).click(),
      ]);
      expect(
        readFileSync((await docx.path()) as string)
          .subarray(0, 2)
          .toString(),
      ).toBe("PK");
      // The versions are the job's files too: the Versions tab lists them.
      await tab(page, "Versions").click();
      await page.getByRole("table", { name: "Cover letter (PDF) versions, newest first" }).waitFor();
    });

    it("keeps the tailoring, refusals included, in a new tab and works on a 375 px phone screen", async () => {
      const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
      const p = await phone.newPage();
      p.on("pageerror", (e) => problems.push(e.message));
      await p.goto(`${server.baseUrl}/#/jobs/${jobId}/optimize`);
      await p.getByRole("heading", { name: "Fit with the posting" }).waitFor({ timeout: 30_000 });
      await p.locator(".tailoring .proposal").filter({ hasText: K8S_REWRITE }).waitFor();
      await p.getByRole("table", { name: "Cover letter versions, newest first" }).waitFor();
      // What the checks refused is read from the run that made the proposals, in a new tab too.
      await p
        .getByRole("region", { name: /^Refused by the checks/ })
        .locator("li")
        .filter({ hasText: INVENTED })
        .waitFor();
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - screen.width);
      expect(overflow).toBeLessThanOrEqual(0);
      await p.screenshot({ path: resolve(SHOTS, "tailoring-model-04-phone.png"), fullPage: true });
      await expectAccessible(p);
      await phone.close();
    });
  },
);

describe.skipIf(skipReason !== null)(
  "tailoring with a model (Anthropic wire format) in Chromium",
  {
    timeout: 120_000,
  },
  () => {
    let llm: FakeLlmServer;
    let server: E2eServer;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      llm = await startFakeLlmServer();
      llm.reply(scriptedModel("anthropic"));
      server = await startE2eServer({
        OPTIMIZE_ENGINE: "llm",
        LLM_PROVIDER: "anthropic",
        LLM_BASE_URL: llm.url,
        LLM_MODEL: "claude-test",
        LLM_API_KEY: "test-key",
      });
      ({ browser, page } = await openBrowserSession(server.baseUrl, problems));
    }, 180_000);

    stopAfterFirstFailure(() => page, problems, resolve(SHOTS, "tailoring-anthropic-failed-step.png"));

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await llm?.close();
    });

    it("gets grounded proposals and a guarded letter over the Messages API", async () => {
      await page.goto(server.baseUrl);
      await uploadAndConfirm(page);
      await tailor(page);
      const rewrite = page.locator(".tailoring .proposal").filter({ hasText: K8S_REWRITE });
      await rewrite.getByText(`Draws on: ${K8S_BULLET}`).waitFor();
      await page
        .getByRole("region", { name: /^Refused by the checks/ })
        .locator("li")
        .filter({ hasText: INVENTED })
        .waitFor();
      const letter = page.getByRole("region", { name: "Cover letter" });
      await letter.getByRole("button", { name: "Draft a cover letter" }).click();
      await expect(letter.getByLabel("Paragraph 1").inputValue({ timeout: 60_000 })).resolves.toBe(
        "I am applying for the Senior ML Engineer, Inference Platform position at Acme AI.",
      );
      const all = await letter
        .locator("textarea[id^=letter-p]")
        .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
      expect(all.join("\n")).not.toContain("Google");
      expect(llm.requests.map((r) => r.path)).toEqual(["/v1/messages", "/v1/messages"]);
      expect(llm.requests.map((r) => (r.body.tool_choice as { type: string }).type)).toEqual([
        "tool",
        "tool",
      ]);
      for (const r of llm.requests) expect(JSON.stringify(r.body)).not.toMatch(CONTACTS);
      expect(await seriousA11yViolations(page)).toEqual([]);
    });
  },
);
