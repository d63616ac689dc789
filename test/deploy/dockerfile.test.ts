/**
 * No Docker engine here, so the Dockerfile is checked statically; each check
 * is shown to fail on a Dockerfile broken in exactly that way.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkDockerfile, type DockerfileInputs, readDockerInputs } from "../../scripts/check-dockerfile.js";
import { REPO_ROOT } from "../cli/run-cli.js";

describe("Dockerfile", () => {
  let inputs: DockerfileInputs;
  beforeAll(async () => {
    inputs = await readDockerInputs();
  });

  const broken = (from: string | RegExp, to: string): DockerfileInputs => {
    const dockerfile = inputs.dockerfile.replace(from, to);
    expect(dockerfile).not.toBe(inputs.dockerfile); // the mutation applied
    return { ...inputs, dockerfile };
  };

  it("passes every static check", () => {
    expect(checkDockerfile(inputs)).toEqual([]);
  });

  it("copies only paths that exist in the repository", () => {
    for (const path of [
      "bin/resume-agent.js",
      "src/cli/main.ts",
      "drizzle",
      "package-lock.json",
      "web/vite.config.ts",
    ]) {
      expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
    }
  });

  it.each([
    ["a root user", /^USER .*$/m, "USER root", "non-root USER"],
    ["no user at all", /^USER .*$/m, "", "non-root USER"],
    ["no HEALTHCHECK", /^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, "", "HEALTHCHECK"],
    ["NODE_ENV unset", "NODE_ENV=production", "NODE_ENV=development", "NODE_ENV=production"],
    ["dev dependencies in the image", "npm ci --omit=dev", "npm ci", "--omit=dev"],
    [
      "node_modules from the build stage",
      "--from=deps --chown=root:root /app/node_modules",
      "--from=web /app/node_modules",
      "stage web",
    ],
    ["migrations left out", /^COPY --chown=root:root drizzle .*$/m, "", "drizzle"],
    [
      "a shell-form entrypoint",
      'ENTRYPOINT ["node", "bin/resume-agent.js"]',
      "ENTRYPOINT node bin/resume-agent.js",
      "exec (JSON) form",
    ],
    ["another Node major", "node:24-bookworm-slim", "node:20-bookworm-slim", "Node 24"],
    ["an unknown instruction", "EXPOSE 3000 9464", "EXPOZE 3000", "line"],
  ])("fails with %s", (_name, from, to, expected) => {
    const problems = checkDockerfile(broken(from, to));
    expect(problems.join("\n")).toContain(expected);
  });

  it("fails when .dockerignore lets secrets or local state into the build context", () => {
    const problems = checkDockerfile({
      ...inputs,
      dockerignore: inputs.dockerignore.replace(/^\.env$/m, ""),
    });
    expect(problems).toEqual([".dockerignore must exclude .env"]);
  });
});
