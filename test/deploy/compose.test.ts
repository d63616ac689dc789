/**
 * compose.yaml against the Compose Specification's schema and our checks
 * (scripts/check-compose.ts); each check is shown to fail on a file broken in
 * exactly that way.
 */
import { describe, expect, it } from "vitest";
import { checkCompose, readComposeInputs } from "../../scripts/check-compose.js";

const inputs = readComposeInputs();

function broken(from: string | RegExp, to: string) {
  const compose = inputs.compose.replace(from, to);
  expect(compose).not.toBe(inputs.compose); // the mutation applied
  return checkCompose({ ...inputs, compose }).join("\n");
}

describe("compose.yaml", () => {
  it("passes the schema and every check", () => {
    expect(checkCompose(inputs)).toEqual([]);
  });

  it.each([
    [
      "an unknown service key",
      '    command: ["worker"]',
      '    command: ["worker"]\n    comand: ["x"]',
      "schema",
    ],
    ["a healthcheck interval that is no duration", "interval: 5s", "interval: five seconds", "duration"],
    ["a malformed port", '"127.0.0.1:3000:3000"', '"localhost:3000:http"', "schema"],
    ["depends_on with an unknown condition", "service_healthy", "service_ready", "schema"],
    ["the worker left out", /\n {2}worker:\n[\s\S]*?(?=\nvolumes:)/, "\n", "no worker service"],
    [
      "a literal database password",
      /POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD[^}]*\}/,
      "POSTGRES_PASSWORD: hunter2",
      "from .env",
    ],
    ["no /data volume", "    - data:/data", "    - data:/var/data", "/data"],
    ["a writable root file system", "read_only: true", "read_only: false", "read-only"],
    [
      "no healthcheck on the api",
      /\n {2}api:\n([\s\S]*?)\n {4}healthcheck:\n(?: {6}.*\n)+/,
      "\n  api:\n$1\n",
      "api needs a healthcheck",
    ],
    ["the API running a worker", '["serve", "--no-worker"]', '["serve"]', "serve --no-worker"],
  ])("fails with %s", (_name, from, to, expected) => {
    expect(broken(from, to)).toContain(expected);
  });
});
