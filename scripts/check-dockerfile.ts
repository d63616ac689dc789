/**
 * Static checks of the Dockerfile, for machines without a Docker engine (CI
 * here has none, and hadolint is not in the npm or Debian registries):
 *
 * - syntax and instruction validation by `dockerfile-utils` (the validator
 *   behind the VS Code Docker language server);
 * - the properties the deployment relies on: production-only dependencies, the
 *   compiled server and no TypeScript sources, no compilers, a non-root user,
 *   NODE_ENV=production, a HEALTHCHECK, the CLI as entrypoint, the migrations
 *   shipped where the bundle looks for them, OCR and CJK fonts, the Node major
 *   of `.nvmrc`, and a `.dockerignore` that keeps secrets and local state out
 *   of the build context.
 *
 * `npm run image:test` builds and runs the image for real (scripts/image-test.ts).
 * Usage: `npx tsx scripts/check-dockerfile.ts` (exit 1 on problems).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DockerfileParser, type Instruction, type ModifiableInstruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

export type DockerfileInputs = { dockerfile: string; dockerignore: string; nvmrc: string };

/** Read the repository's Dockerfile, .dockerignore and .nvmrc. */
export async function readDockerInputs(root = REPO_ROOT): Promise<DockerfileInputs> {
  const [dockerfile, dockerignore, nvmrc] = await Promise.all(
    ["Dockerfile", ".dockerignore", ".nvmrc"].map((f) => readFile(join(root, f), "utf8")),
  );
  return { dockerfile: dockerfile!, dockerignore: dockerignore!, nvmrc: nvmrc! };
}

/** Every problem found; an empty list means the Dockerfile passes. */
export function checkDockerfile(inputs: DockerfileInputs): string[] {
  const problems: string[] = [];
  for (const d of validate(inputs.dockerfile, { emptyContinuationLine: "error" as never })) {
    problems.push(`line ${d.range.start.line + 1}: ${d.message}`);
  }

  const instructions = DockerfileParser.parse(inputs.dockerfile).getInstructions();
  const stages = splitStages(instructions);
  const final = stages.at(-1);
  if (!final) return [...problems, "no FROM instruction"];
  const args = (i: Instruction) => i.getArgumentsContent() ?? "";
  const inFinal = (keyword: string) => final.instructions.filter((i) => i.getKeyword() === keyword);

  // Node major of the base image = .nvmrc.
  const argDefaults = new Map(
    instructions
      .filter((i) => i.getKeyword() === "ARG")
      .map((i) => args(i).split("=") as [string, string | undefined])
      .map(([k, v]) => [k.trim(), v?.trim() ?? ""]),
  );
  const baseImage = final.from.replace(/\$\{(\w+)\}/g, (_, name: string) => argDefaults.get(name) ?? "");
  const major = inputs.nvmrc.trim().replace(/^v/, "").split(".")[0];
  if (!new RegExp(`^node:${major}([.-]|$)`).test(baseImage)) {
    problems.push(`final stage base image ${baseImage} is not Node ${major} (.nvmrc)`);
  }

  // Production dependencies only.
  const npmInstalls = final.instructions.filter(
    (i) => i.getKeyword() === "RUN" && /\bnpm (ci|install)\b/.test(args(i)),
  );
  if (npmInstalls.length > 0)
    problems.push("the final stage runs npm itself; copy node_modules from the deps stage");
  const nodeModulesCopies = inFinal("COPY").filter((i) => /node_modules/.test(args(i)));
  if (nodeModulesCopies.length !== 1) {
    problems.push("the final stage must copy node_modules exactly once (from the production deps stage)");
  }
  for (const copy of nodeModulesCopies) {
    const from = (copy as ModifiableInstruction)
      .getFlags()
      .find((f) => f.getName() === "from")
      ?.getValue();
    const source = stages.find((s) => s.name === from);
    const production = source?.instructions.some(
      (i) => i.getKeyword() === "RUN" && /\bnpm (ci|prune)\b[^&;]*--omit=dev\b/.test(args(i)),
    );
    if (!production) {
      problems.push(
        `node_modules comes from stage ${from ?? "?"}, which runs neither \`npm ci --omit=dev\` nor \`npm prune --omit=dev\``,
      );
    }
  }

  // Compiled JavaScript only: no sources, no TypeScript loader, no compilers.
  if (inFinal("COPY").some((i) => /(^|\s)(\.\/)?src\b/.test(args(i)))) {
    problems.push("the final stage copies TypeScript sources (src); it runs the compiled dist/server");
  }
  const installs = inFinal("RUN")
    .map(args)
    .filter((a) => /\bapt-get install\b/.test(a));
  for (const install of installs) {
    if (!/--no-install-recommends\b/.test(install)) {
      problems.push("apt-get install in the final stage must use --no-install-recommends");
    }
    const compiler = /\s(build-essential|gcc|g\+\+|make|clang|python3)(\s|$)/.exec(install);
    if (compiler) problems.push(`the final stage installs a compiler or build tool: ${compiler[1]}`);
  }
  // OCR (scanned CVs) and the CJK fallback font the renderer is pointed at.
  for (const pkg of ["tesseract-ocr", "fonts-noto-cjk"]) {
    if (!installs.some((a) => new RegExp(`\\s${pkg}(\\s|$)`).test(a))) {
      problems.push(`the final stage does not install ${pkg}`);
    }
  }

  // Non-root.
  const user = inFinal("USER").at(-1);
  const userName = user ? args(user).split(":")[0]!.trim() : "";
  if (!user || userName === "root" || userName === "0")
    problems.push("the final stage must switch to a non-root USER");

  // NODE_ENV=production.
  if (!inFinal("ENV").some((i) => /\bNODE_ENV[= ]production\b/.test(args(i)))) {
    problems.push("the final stage must set NODE_ENV=production");
  }

  // HEALTHCHECK with a command.
  const healthcheck = inFinal("HEALTHCHECK").at(-1);
  if (!healthcheck || /^\s*NONE\b/i.test(args(healthcheck)) || !/\bCMD\b/.test(args(healthcheck))) {
    problems.push("the final stage needs a HEALTHCHECK with a CMD");
  }

  // One image for every process: the CLI as entrypoint, serve by default.
  const entrypoint = inFinal("ENTRYPOINT").at(-1);
  if (!entrypoint || !args(entrypoint).includes("bin/resume-agent.js")) {
    problems.push("ENTRYPOINT must run bin/resume-agent.js");
  } else if (!args(entrypoint).trim().startsWith("[")) {
    problems.push("ENTRYPOINT must use the exec (JSON) form so the process receives SIGTERM");
  }
  const cmd = inFinal("CMD").at(-1);
  if (!cmd || !/"serve"/.test(args(cmd))) problems.push('CMD must default to ["serve"]');

  // Files the runtime needs, at the paths the code resolves.
  const copied = inFinal("COPY").map(args).join("\n");
  for (const [what, pattern] of [
    ["bin", /\bbin\s+\.\/bin\b/],
    ["drizzle (dist/server reads ../../drizzle)", /\bdrizzle\s+\.\/drizzle\b/],
    ["package.json", /\bpackage\.json\b/],
    ["the compiled server and web UI (dist)", /\/dist\s+\.\/dist\b/],
  ] as const) {
    if (!pattern.test(copied)) problems.push(`the final stage does not copy ${what}`);
  }

  // The build context leaves out secrets, local state and host modules.
  const ignored = new Set(
    inputs.dockerignore
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#")),
  );
  for (const entry of [".git", ".env", ".data", "node_modules"]) {
    if (!ignored.has(entry)) problems.push(`.dockerignore must exclude ${entry}`);
  }
  return problems;
}

type Stage = { name: string | undefined; from: string; instructions: Instruction[] };

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === "FROM") {
      const parts = (instruction.getArgumentsContent() ?? "").split(/\s+/);
      const asIndex = parts.findIndex((p) => p.toUpperCase() === "AS");
      stages.push({
        name: asIndex >= 0 ? parts[asIndex + 1] : undefined,
        from: parts.find((p) => !p.startsWith("--")) ?? "",
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = checkDockerfile(await readDockerInputs());
  for (const p of problems) console.log(`FAIL ${p}`);
  if (problems.length === 0) console.log("ok   Dockerfile passes the static checks");
  process.exitCode = problems.length === 0 ? 0 : 1;
}
