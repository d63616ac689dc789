/**
 * `npm run image:test`: build the container image (image-build.ts), then run
 * it the way a deployment does, against this machine's PostgreSQL:
 *
 * 1. `migrate` into a fresh database;
 * 2. `serve --no-worker` and `worker` as two containers sharing a /data
 *    directory; `healthcheck` finds each;
 * 3. a CV uploaded through the containerised API, parsed by the worker,
 *    confirmed, exported, and the PDF downloaded through its signed link;
 *    a CJK CV exported with the image's fallback font;
 * 4. `retention --dry-run`;
 * 5. the processes run as the image's non-root user, which can write to
 *    /data and /tmp and nowhere else; Tesseract with its languages reads the
 *    exported page back;
 * 6. SIGTERM stops both long-running processes cleanly.
 *
 * Waits are on the processes' own signals (log lines, the task event stream,
 * exit), never on fixed delays. Options as for image:build, plus
 * --skip-build (test the image already built under --tag).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { buildImage, DEFAULT_TAG, describeImage, detectEngine, parseBuildArgs } from "./image-build.js";
import { capture } from "./image-commands.js";
import { ImageRunner } from "./image-runner.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** The image's user (Dockerfile: useradd --uid 10001). */
const APP_UID = 10001;
const OCR_LANGUAGES = [
  "eng",
  "deu",
  "fra",
  "spa",
  "ita",
  "por",
  "nld",
  "pol",
  "swe",
  "ces",
  "chi_sim",
  "jpn",
];
const OWNER = "image-test-owner";
const PROXY_SECRET = randomBytes(24).toString("hex");
const LATIN_CV = join(ROOT, "test/fixtures/json-resume/sample.resume.json");

let passed = 0;
function ok(what: string, detail = ""): void {
  passed += 1;
  console.log(`ok   ${what}${detail ? `: ${detail}` : ""}`);
}
function check(condition: unknown, what: string, detail: string): asserts condition {
  if (!condition) throw new Error(`${what}: ${detail}`);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A long-running container process whose JSON log lines can be awaited. */
class Service {
  readonly lines: Record<string, unknown>[] = [];
  private output = "";
  private waiters: { match: (l: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        this.onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = new Promise((r) => child.on("close", r));
  }

  private onLine(text: string): void {
    this.output += `${text}\n`;
    if (!text.startsWith("{")) return;
    const line = JSON.parse(text) as Record<string, unknown>;
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(line)) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolve on the first log line with this message; fail if the process exits first. */
  waitFor(msg: string): Promise<void> {
    if (this.lines.some((l) => l.msg === msg)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ match: (l) => l.msg === msg, resolve });
      void this.exited.then((code) =>
        reject(new Error(`${this.name} exited (${code}) before "${msg}"\n${this.output.slice(-3000)}`)),
      );
    });
  }

  get log(): string {
    return this.output;
  }
}

type Task = { id: string; status: string; error: { code: string; message: string } | null };

class Api {
  constructor(readonly baseUrl: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { "x-auth-request-user": OWNER, "x-auth-proxy-secret": PROXY_SECRET, ...extra };
  }

  async json<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body === undefined ? {} : { "content-type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== expected) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  async upload(file: string, name: string, type: string): Promise<{ jobId: string; taskId: string }> {
    const form = new FormData();
    form.append("file", new Blob([readFileSync(file)], { type }), name);
    const response = await fetch(`${this.baseUrl}/api/v1/jobs`, {
      method: "POST",
      headers: this.headers(),
      body: form,
    });
    if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
    const { job, task } = (await response.json()) as { job: { id: string }; task: { id: string } };
    return { jobId: job.id, taskId: task.id };
  }

  /** Follow the task's event stream to a terminal status. */
  async task(id: string): Promise<Task> {
    const response = await fetch(`${this.baseUrl}/api/v1/tasks/${id}/events`, {
      headers: this.headers({ accept: "text/event-stream" }),
      signal: AbortSignal.timeout(180_000),
    });
    check(response.status === 200, "task events", String(response.status));
    const decoder = new TextDecoder();
    let buffer = "";
    let last: Task | undefined;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trim())
          .join("");
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        last = JSON.parse(data) as Task;
        if (["completed", "failed", "canceled"].includes(last.status)) return last;
      }
    }
    throw new Error(`task ${id} stream ended at ${last?.status}`);
  }

  /** Upload, parse, confirm and export a PDF; return the downloaded bytes. */
  async exportPdf(file: string, name: string, type: string): Promise<Buffer> {
    const { jobId, taskId } = await this.upload(file, name, type);
    const parsed = await this.task(taskId);
    check(parsed.status === "completed", `parse ${name}`, JSON.stringify(parsed.error));
    // Whatever the parse left to check is accepted as it is: this run checks the image, not the review.
    await this.json("POST", `/api/v1/jobs/${jobId}/confirm`, { acknowledge_flags: true });
    const { task } = await this.json<{ task: { id: string } }>(
      "POST",
      `/api/v1/jobs/${jobId}/exports`,
      { formats: ["pdf"] },
      202,
    );
    const exported = await this.task(task.id);
    check(exported.status === "completed", `export ${name}`, JSON.stringify(exported.error));
    const { items } = await this.json<{
      items: { kind: string; is_latest: boolean; download_url: string }[];
    }>("GET", `/api/v1/jobs/${jobId}/artifacts`);
    const pdf = items.find((a) => a.kind === "pdf" && a.is_latest);
    check(pdf, `artifacts of ${name}`, JSON.stringify(items));
    const download = await fetch(new URL(pdf.download_url, this.baseUrl));
    check(download.status === 200, "download", String(download.status));
    check(download.headers.get("content-type")?.includes("application/pdf"), "download type", "not a PDF");
    return Buffer.from(await download.arrayBuffer());
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same path inside the container and on this machine (the /data mount). */
function inData(dataDir: string, name: string): { host: string; container: string } {
  return { host: join(dataDir, name), container: `/data/${name}` };
}

async function smoke(runner: ImageRunner, dataDir: string): Promise<void> {
  const database = `ra_image_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  await admin(`CREATE DATABASE ${database}`);
  const services: Service[] = [];
  try {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const [apiPort, metricsPort, idlePort] = [await freePort(), await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const env = {
      DATABASE_URL: url.toString(),
      AUTH_MODE: "proxy",
      PROXY_SHARED_SECRET: PROXY_SECRET,
      STORAGE_SIGNING_KEYS: `image-test:${randomBytes(24).toString("hex")}`,
      HOST: "127.0.0.1",
      PORT: String(apiPort),
      PUBLIC_BASE_URL: baseUrl,
      WORKER_METRICS_PORT: String(metricsPort),
      MIGRATE_ON_START: "false",
      LOG_LEVEL: "info",
    };

    const migrate = await runner.run({ args: ["migrate"], env });
    check(migrate.code === 0, "migrate", migrate.stderr || migrate.stdout);
    const applied = migrate.stdout.split("\n").find((l) => l.includes('"migrations applied"'));
    ok("migrate", applied ? JSON.stringify(JSON.parse(applied)) : "");

    const api = new Service("serve --no-worker", runner.start({ args: ["serve", "--no-worker"], env }));
    const worker = new Service(
      "worker",
      runner.start({ args: ["worker"], env: { ...env, PORT: String(idlePort) } }),
    );
    services.push(api, worker);
    await Promise.all([api.waitFor("server listening"), worker.waitFor("worker started")]);
    check((await fetch(`${baseUrl}/readyz`)).status === 200, "readyz", "API not ready");
    ok("serve --no-worker and worker started", baseUrl);

    const apiCheck = await runner.run({ args: ["healthcheck"], env });
    check(apiCheck.code === 0, "healthcheck (api)", apiCheck.stderr);
    const workerCheck = await runner.run({ args: ["healthcheck"], env: { ...env, PORT: String(idlePort) } });
    check(workerCheck.code === 0, "healthcheck (worker)", workerCheck.stderr);
    ok("healthcheck", `${apiCheck.stdout.trim()}; ${workerCheck.stdout.trim()}`);

    const client = new Api(baseUrl);
    const pdf = await client.exportPdf(LATIN_CV, "sample.resume.json", "application/json");
    const pdfFile = inData(dataDir, "exported.pdf");
    writeFileSync(pdfFile.host, pdf);
    const text = capture("pdftotext", [pdfFile.host, "-"]);
    const name = (JSON.parse(readFileSync(LATIN_CV, "utf8")) as { basics: { name: string } }).basics.name;
    check(text.includes(name), "exported PDF", `text lacks "${name}"`);
    ok("upload, parse, confirm, export, download", `${pdf.length} bytes, ${text.split("\n").length} lines`);

    const cjk = inData(dataDir, "cjk.resume.json");
    writeFileSync(
      cjk.host,
      JSON.stringify({
        basics: {
          name: "王小明",
          label: "ソフトウェアエンジニア",
          email: "wang@example.com",
          summary: "分散系统与数据库",
        },
        work: [
          {
            name: "東京データ株式会社",
            position: "エンジニア",
            startDate: "2020-04",
            summary: "検索基盤の開発",
          },
        ],
      }),
    );
    const cjkPdf = await client.exportPdf(cjk.host, "cjk.resume.json", "application/json");
    const cjkFile = inData(dataDir, "cjk.pdf");
    writeFileSync(cjkFile.host, cjkPdf);
    const cjkText = capture("pdftotext", [cjkFile.host, "-"]);
    check(cjkText.includes("王小明") && cjkText.includes("ソフトウェアエンジニア"), "CJK export", cjkText);
    const fonts = capture("pdffonts", [cjkFile.host]);
    check(/NotoSansCJK/i.test(fonts), "CJK font", fonts);
    ok("CJK export with the image's Noto CJK fallback font", "王小明 / ソフトウェアエンジニア");

    const retention = await runner.run({ args: ["retention", "--dry-run"], env });
    check(retention.code === 0, "retention --dry-run", retention.stderr);
    const result = retention.stdout.split("\n").find((l) => l.startsWith("{") && !l.includes('"level"'));
    ok("retention --dry-run", result ?? "");

    const who = await runner.run({ args: ["sh", "-c", "id -u; id -g; id -un"], shell: true, env });
    const [uid, gid, user] = who.stdout.trim().split("\n");
    check(uid === String(APP_UID) && gid === String(APP_UID), "user", who.stdout);
    const blobs = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && e.parentPath.includes("blobs"),
    );
    check(blobs.length > 0, "blobs", "the server stored no file under /data");
    const owners = new Set(blobs.map((e) => statSync(join(e.parentPath, e.name)).uid));
    check(owners.size === 1 && owners.has(APP_UID), "blob owner", [...owners].join(","));
    ok(
      "runs as the non-root user",
      `${user} (${uid}:${gid}); ${blobs.length} blobs in /data owned by ${APP_UID}`,
    );

    const probe = await runner.run({
      shell: true,
      args: [
        "sh",
        "-c",
        // Every directory the user could write to, outside the kernel's file systems.
        "find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o -type d -writable -print 2>/dev/null;" +
          "touch /data/.probe /tmp/.probe && echo wrote",
      ],
    });
    const writable = probe.stdout
      .trim()
      .split("\n")
      .filter(
        (l) =>
          l !== "wrote" && l !== "/data" && !l.startsWith("/data/") && l !== "/tmp" && !l.startsWith("/tmp/"),
      );
    check(probe.stdout.includes("wrote"), "write to /data and /tmp", probe.stderr);
    check(writable.length === 0, "read-only elsewhere", `writable: ${writable.join(" ")}`);
    ok("writes only to /data and /tmp");

    const version = await runner.run({ shell: true, args: ["tesseract", "--version"] });
    const langs = await runner.run({ shell: true, args: ["tesseract", "--list-langs"] });
    const missing = OCR_LANGUAGES.filter((l) => !langs.stdout.split("\n").includes(l));
    check(version.code === 0 && missing.length === 0, "tesseract", `missing ${missing.join(" ")}`);
    const page = inData(dataDir, "page");
    capture("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", pdfFile.host, page.host]);
    chownSync(`${page.host}.png`, APP_UID, APP_UID);
    const ocr = await runner.run({
      shell: true,
      args: ["tesseract", `${page.container}.png`, "stdout", "-l", "eng"],
    });
    check(ocr.stdout.includes(name), "OCR", `tesseract did not read "${name}": ${ocr.stdout.slice(0, 300)}`);
    ok("OCR", `${version.stdout.split("\n")[0]}; languages ${OCR_LANGUAGES.join(" ")}; read "${name}" back`);

    for (const service of services) runner.terminate(service.child);
    const codes = await Promise.all(services.map((s) => s.exited));
    check(
      codes.every((c) => c === 0) && api.lines.some((l) => l.msg === "server stopped"),
      "graceful stop",
      services.map((s) => `${s.name}: ${s.log.slice(-1500)}`).join("\n"),
    );
    check(
      worker.lines.some((l) => l.msg === "worker stopped"),
      "worker stop",
      worker.log.slice(-1500),
    );
    ok("SIGTERM stops serve and worker with exit 0");
  } finally {
    for (const service of services) if (service.child.exitCode === null) service.child.kill("SIGKILL");
    await Promise.all(services.map((s) => s.exited));
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  const options = parseBuildArgs(process.argv.slice(2));
  const tag = options.tag ?? DEFAULT_TAG;
  const engine = options.engine ?? detectEngine();
  if (!options.skipBuild) {
    const image = await buildImage({ ...options, tag, engine });
    ok("image built", describeImage(image));
  }
  const dataDir = mkdtempSync(join(tmpdir(), "resume-agent-image-test-"));
  chownSync(dataDir, APP_UID, APP_UID);
  const runner = new ImageRunner(engine, tag, dataDir);
  try {
    await smoke(runner, dataDir);
  } finally {
    await runner.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => console.log(`image-test: ${passed} passed, 0 failed`),
    (error: unknown) => {
      console.error(`FAIL ${error instanceof Error ? error.message : String(error)}`);
      console.log(`image-test: ${passed} passed, 1 failed`);
      process.exit(1);
    },
  );
}
